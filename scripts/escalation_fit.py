"""Shared by the Python scripts that measure the default pack's escalation model on data it was not fitted
on (scripts/eval-route-bands.py, scripts/eval-escalation-features.py); imported, never run.

  rapport_binary(root, given)   the rapport binary: `given` when set, else a debug build (built if needed)
  shipped_options(root)         the `rapport lexicon --escalations` options scripts/fit-default-pack.sh fits
                                the shipped model with (CAUTION, PREFER, ROUTE_AT, CAUTION_LEAD,
                                MODEL_OPTIONS)
  fit_half_a(root, binary, work, at, inner=False, options=())
                                into `work`: the default pack's rules without its model (work/rules), half A
                                and half B of each dev set in ../shared/eval (work/A, work/B, scripts/half.py)
                                and the model fitted to half A and the tuning probe sets the shipped way
                                (scripts/fit-default-pack.sh --only model), written again as work/model.yaml
                                with `at` set to `at` and no `caution`, `prefer`, `route_at` or `caution_lead`, so that every
                                comment no rule escalates whose probability reaches `at` shows its probability
                                and highest route in its reason. Returns (rules dir, {"A": dir, "B": dir},
                                model path). With `inner`, the option choices' split of the tuning data
                                instead: work/A is the inner half 0 of each dev set's half A, work/B its
                                inner half 1 (scripts/half.py --inner), and the model is fitted to E1, E3,
                                E5, P1, P3 and work/A (measure on E7, E9, P5, P7 and work/B). `options` go
                                to `rapport lexicon --escalations` after the shipped ones.
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


def shipped_options(root):
    fit = open(os.path.join(root, "scripts", "fit-default-pack.sh"), encoding="utf-8").read()
    options = ["--caution", re.search(r"^CAUTION=(\S+)", fit, re.M).group(1)]
    for name in ("PREFER", "ROUTE_AT", "CAUTION_LEAD", "MODEL_OPTIONS"):
        options += re.search(rf"^{name}=\((.*)\)", fit, re.M).group(1).split()
    return options


def fit_half_a(root, binary, work, at, inner=False, options=()):
    data = os.path.join(root, "..", "shared", "eval")
    rules = os.path.join(work, "rules")
    os.makedirs(rules)
    for name in os.listdir(os.path.join(root, "rules")):
        if name.endswith(".yaml") and name != "escalation-model.yaml":
            shutil.copyfile(os.path.join(root, "rules", name), os.path.join(rules, name))
    halves = {"A": os.path.join(work, "A"), "B": os.path.join(work, "B")}
    for half, folder in halves.items():
        os.makedirs(folder)
        split = ["A", "--inner", "0" if half == "A" else "1"] if inner else [half]
        for name in sorted(n for n in os.listdir(data) if n.endswith(".csv")):
            with open(os.path.join(folder, name), "w", encoding="utf-8") as out:
                subprocess.run([sys.executable, os.path.join(root, "scripts", "half.py"), os.path.join(data, name), *split], check=True, stdout=out)
    env = dict(os.environ, RAPPORT=binary)
    if inner:
        # The shipped options (scripts/fit-default-pack.sh), on the inner split's probe sets.
        shipped = shipped_options(root)
        probes = [os.path.join(root, "fixtures", "probes", n + ".csv") for n in ("escalation-e1", "escalation-e3", "escalation-e5", "inbound-p1", "inbound-p3")]
        dev = [os.path.join(halves["A"], n + ".csv") for n in ("airline-dev", "complaints-dev", "questions-dev", "spotify-care-dev", "spotify-escalations-dev")]
        subprocess.run([binary, "lexicon", "--escalations", "--no-default-rules", "--rules", rules, *probes, *dev, *shipped,
                        "-o", os.path.join(work, "escalation-model.yaml"), *options], check=True, stdout=sys.stderr)
    else:
        subprocess.run(["bash", "scripts/fit-default-pack.sh", "--data", halves["A"], "--out", work, "--only", "model", *options],
                       cwd=root, check=True, env=env, stdout=sys.stderr)
    model = os.path.join(work, "model.yaml")
    with open(os.path.join(work, "escalation-model.yaml"), encoding="utf-8") as src, open(model, "w", encoding="utf-8") as out:
        for line in src:
            if re.match(r"  (caution|prefer|route_at|caution_lead): ", line):
                continue
            out.write(f"  at: {at}\n" if line.startswith("  at: ") else line)
    return rules, halves, model
