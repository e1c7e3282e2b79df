"""Shared by the Python scripts that measure the default pack's escalation model on data it was not fitted
on (scripts/eval-route-bands.py, scripts/eval-escalation-features.py); imported, never run.

  rapport_binary(root, given)   the rapport binary: `given` when set, else a debug build (built if needed)
  fit_half_a(root, binary, work, at)
                                into `work`: the default pack's rules without its model (work/rules), half A
                                and half B of each dev set in ../shared/eval (work/A, work/B, scripts/half.py)
                                and the model fitted to half A and the tuning probe sets the shipped way
                                (scripts/fit-default-pack.sh --only model), written again as work/model.yaml
                                with `at` set to `at` and no `caution`, `prefer` or `route_at`, so that every
                                comment no rule escalates whose probability reaches `at` shows its probability
                                and highest route in its reason. Returns (rules dir, {"A": dir, "B": dir},
                                model path).
"""
import os
import re
import shutil
import subprocess
import sys


def rapport_binary(root, given):
    if given:
        return os.path.abspath(given)
    subprocess.run(["swift", "build", "--product", "rapport"], cwd=root, check=True, stdout=sys.stderr)
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=root, check=True, capture_output=True, text=True).stdout.strip()
    return os.path.join(bin_path, "rapport")


def fit_half_a(root, binary, work, at):
    data = os.path.join(root, "..", "shared", "eval")
    rules = os.path.join(work, "rules")
    os.makedirs(rules)
    for name in os.listdir(os.path.join(root, "rules")):
        if name.endswith(".yaml") and name != "escalation-model.yaml":
            shutil.copyfile(os.path.join(root, "rules", name), os.path.join(rules, name))
    halves = {"A": os.path.join(work, "A"), "B": os.path.join(work, "B")}
    for half, folder in halves.items():
        os.makedirs(folder)
        for name in sorted(n for n in os.listdir(data) if n.endswith(".csv")):
            with open(os.path.join(folder, name), "w", encoding="utf-8") as out:
                subprocess.run([sys.executable, os.path.join(root, "scripts", "half.py"), os.path.join(data, name), half], check=True, stdout=out)
    env = dict(os.environ, RAPPORT=binary)
    subprocess.run(["bash", "scripts/fit-default-pack.sh", "--data", halves["A"], "--out", work, "--only", "model"],
                   cwd=root, check=True, env=env, stdout=sys.stderr)
    model = os.path.join(work, "model.yaml")
    with open(os.path.join(work, "escalation-model.yaml"), encoding="utf-8") as src, open(model, "w", encoding="utf-8") as out:
        for line in src:
            if re.match(r"  (caution|prefer|route_at): ", line):
                continue
            out.write(f"  at: {at}\n" if line.startswith("  at: ") else line)
    return rules, halves, model
