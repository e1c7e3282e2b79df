#!/usr/bin/env python3
"""Drives the rapport-serve playground in headless Chromium (Selenium + chromium-driver).

Usage: browser-test.py URL SHOT_DIR
A person's path through the page: the example loads; they type a rule with a mistake and see the
problem marked at its line; they fix it and see a comment's label change and the words their rule
matched highlighted; they click the comment and see why. Screenshots of each step go to SHOT_DIR.
Exits 1 with the failed step on stderr.
"""
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

URL, SHOTS = sys.argv[1], sys.argv[2]
os.makedirs(SHOTS, exist_ok=True)

BROKEN = """rapport: 1
rules:
  - id: complaint.battery
    label: complaint
    weight: 2
    match: ["battery <hogs>", "drains my battery"]
"""
FIXED_LINE = '    match: ["battery hog", "drains my battery"]'

options = webdriver.ChromeOptions()
options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"]:
    options.add_argument(argument)
driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
wait = WebDriverWait(driver, 30, poll_frequency=0.2)
step = "open the page"


def ready(condition):
    """Waits until the page has answered the latest edit and `condition(driver)` holds."""
    def check(d):
        status = d.find_element(By.ID, "status")
        return status.get_attribute("data-state") == "ready" and condition(d)
    wait.until(check, message=f"timed out: {step}")


def card(index):
    return driver.find_element(By.CSS_SELECTOR, f'.card[data-index="{index}"]')


def shoot(name):
    driver.save_screenshot(os.path.join(SHOTS, name))


try:
    driver.get(URL)
    step = "the example rules load and label the example comments"
    ready(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".card")) >= 3)
    assert driver.find_elements(By.CSS_SELECTOR, "#problems .ok"), "the example rules should have no problem"
    shoot("1-example.png")

    step = "type a rule with an unknown list on line 6"
    comments = driver.find_element(By.ID, "comments")
    comments.send_keys(Keys.CONTROL, "a")
    comments.send_keys("my phone is fine but this game is a battery hog\nthanks for the quick fix!")
    editor = driver.find_element(By.ID, "layer")
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(Keys.DELETE)
    editor.send_keys(BROKEN)
    ready(lambda d: d.find_elements(By.CSS_SELECTOR, '#problems .diag[data-line="6"]'))
    problem = driver.find_element(By.CSS_SELECTOR, '#problems .diag[data-line="6"]')
    assert "hogs" in problem.text and "Line 6" in problem.text, problem.text
    gutter = driver.find_elements(By.CSS_SELECTOR, "#gutter div")
    assert "err" in gutter[5].get_attribute("class"), "line 6 of the gutter is not marked"
    assert all("err" not in g.get_attribute("class") for i, g in enumerate(gutter) if i != 5), "another line is marked"
    note = driver.find_element(By.CSS_SELECTOR, '#notes .note[data-line="6"]')
    assert "hogs" in note.text, note.text
    assert note.location["y"] - gutter[5].location["y"] in range(-2, 3), "the message is not beside line 6"
    assert card(0).get_attribute("data-label") == "other", card(0).text
    assert "only the built-in rules" in driver.find_element(By.ID, "status").text
    shoot("2-lint-error.png")

    step = "fix line 6: the comment becomes a complaint, with 'battery hog' highlighted"
    editor.send_keys(Keys.CONTROL, Keys.END)
    editor.send_keys(Keys.UP)  # from the empty last line to line 6
    editor.send_keys(Keys.HOME, Keys.SHIFT, Keys.END)
    editor.send_keys(FIXED_LINE)
    ready(lambda d: card(0).get_attribute("data-label") == "complaint")
    assert not driver.find_elements(By.CSS_SELECTOR, "#problems .diag:not(.warn)"), driver.find_element(By.ID, "problems").text
    assert driver.find_elements(By.CSS_SELECTOR, "#problems .ok"), driver.find_element(By.ID, "problems").text
    marks = card(0).find_elements(By.TAG_NAME, "mark")
    assert any(m.text == "battery hog" and "complaint.battery" in m.get_attribute("data-rules") for m in marks), [m.text for m in marks]
    background = marks[0].value_of_css_property("background-color")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "the span is not highlighted"
    assert "(yours)" in card(0).text
    shoot("3-fixed.png")

    step = "click the comment to see why"
    card(0).click()
    ready(lambda d: d.find_elements(By.CSS_SELECTOR, '.card[data-index="0"] .why'))
    why = card(0).find_element(By.CSS_SELECTOR, ".why").text
    assert "complaint has the highest score" in why and "battery hog" in why, why
    driver.execute_script("arguments[0].scrollIntoView()", card(0))
    shoot("4-explain.png")
    print("browser test: the playground passed (screenshots in %s)" % SHOTS)
except Exception as error:  # noqa: BLE001 - any failure is the step's
    shoot("failed.png")
    print(f"browser test FAILED at step '{step}': {error!r}", file=sys.stderr)
    sys.exit(1)
finally:
    driver.quit()
