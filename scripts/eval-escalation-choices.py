#!/usr/bin/env python3
"""Chooses the escalation model's options on tuning data only: a two-fold split of what the shipped model
is fitted to. Fold 0 fits the model (`rapport lexicon --escalations`, next to the default pack's rules
without its model) to the team's probe sets E1, E3, E5, P1, P3 and inner half 0 of each dev set's half A
(scripts/half.py A --inner 0), and measures E7, E9, P5, P7 and inner half 1; fold 1 the other way round.
The held-out probe sets and half B are never read. The model is used as written, so the options decide
`at`, `caution`, `prefer` and `route_at` too. Counts only: no comment text is printed.

Usage: scripts/eval-escalation-choices.py [path/to/rapport] -- [rapport lexicon --escalations options]
  e.g. scripts/eval-escalation-choices.py -- --converged --max-share 1 --at 0.93 --route-at crisis=0.85
With no options after `--`, those of scripts/fit-default-pack.sh (the shipped model). Default binary: a
debug build. Without ../shared/eval it says so and exits 0.

One line, summed over both folds:
  E found/escalated by people, on their route, false alarms (the team-written sets: mostly escalations,
    their quiet lines are near misses);
  P the same on the inbound sets; esc and care on the two care sets' halves;
  unlabelled: comments flagged on the halves of the three sets without escalation labels;
  realistic false: false alarms on P, esc and care together (the budget a choice must not raise);
  crisis: the model's crisis escalations (not the rules'): on the crisis route people gave / escalated by
    people on another route / not escalated by people / from a set without escalation labels.
"""
import collections
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = os.path.join(root, "..", "shared", "eval")
probes = os.path.join(root, "fixtures", "probes")
if not os.path.isdir(data):
    print("eval-escalation-choices: ../shared/eval is absent; skipping", file=sys.stderr)
    sys.exit(0)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from escalation_fit import rapport_binary, shipped_options  # noqa: E402

args = sys.argv[1:]
options = []
if "--" in args:
    at = args.index("--")
    args, options = args[:at], args[at + 1:]
binary = rapport_binary(root, args[0] if args else None)
if not options:
    options = shipped_options(root)

FOLD_SETS = (["escalation-e1", "escalation-e3", "escalation-e5", "inbound-p1", "inbound-p3"],
             ["escalation-e7", "escalation-e9", "inbound-p5", "inbound-p7"])
DEV = ["airline-dev", "complaints-dev", "questions-dev", "spotify-care-dev", "spotify-escalations-dev"]
UNLABELLED = ["airline-dev", "complaints-dev", "questions-dev"]

work = tempfile.mkdtemp(prefix="escalation-choices-")
try:
    rules = os.path.join(work, "rules")
    os.makedirs(rules)
    for name in os.listdir(os.path.join(root, "rules")):
        if name.endswith(".yaml") and name != "escalation-model.yaml":
            shutil.copyfile(os.path.join(root, "rules", name), os.path.join(rules, name))
    for half in ("0", "1"):
        os.makedirs(os.path.join(work, half))
        for name in DEV:
            with open(os.path.join(work, half, name + ".csv"), "w", encoding="utf-8") as out:
                subprocess.run([sys.executable, os.path.join(root, "scripts", "half.py"), os.path.join(data, name + ".csv"), "A", "--inner", half],
                               check=True, stdout=out)
    counts = collections.Counter()
    terms = []
    for fold in (0, 1):
        fitted, measured = FOLD_SETS[fold], FOLD_SETS[1 - fold]
        model = os.path.join(work, f"model{fold}.yaml")
        subprocess.run([binary, "lexicon", "--escalations", "--no-default-rules", "--rules", rules,
                        *[os.path.join(probes, n + ".csv") for n in fitted], *[os.path.join(work, str(fold), n + ".csv") for n in DEV],
                        "-o", model, *options], check=True, capture_output=True)
        terms.append(re.search(r"# (\d+) of \d+ candidate terms kept", open(model, encoding="utf-8").read()).group(1))

        def measure(key, path):
            rows = {row["id"]: row for row in csv.DictReader(open(path, newline="", encoding="utf-8"))}
            argv = [binary, "classify", "--quiet", "--fields", "id,escalation", "--no-default-rules", "--rules", rules, "--rules", model, path]
            for line in subprocess.run(argv, check=True, capture_output=True, text=True).stdout.splitlines():
                verdict = json.loads(line)
                row, escalation = rows[str(verdict["id"])], verdict.get("escalation")
                people = None if "escalation" not in row else row["escalation"] not in ("", "none")
                if escalation and escalation["reasons"][0].startswith("Learned:") and escalation["route"] == "crisis":
                    kind = "unlabelled" if people is None else ("ok" if row.get("route") == "crisis" else ("other" if people else "no"))
                    counts["crisis " + kind] += 1
                if people:
                    counts[key + " people"] += 1
                    if escalation:
                        counts[key + " found"] += 1
                        counts[key + " route"] += escalation["route"] == row.get("route")
                elif escalation:
                    counts[key + " false"] += 1

        for name in measured:
            measure("E" if name.startswith("escalation-") else "P", os.path.join(probes, name + ".csv"))
        other = os.path.join(work, str(1 - fold))
        measure("esc", os.path.join(other, "spotify-escalations-dev.csv"))
        measure("care", os.path.join(other, "spotify-care-dev.csv"))
        for name in UNLABELLED:
            measure("unlabelled", os.path.join(other, name + ".csv"))
finally:
    shutil.rmtree(work)

c = counts
print("options:", " ".join(options))
print(f"terms kept: {' and '.join(terms)} (fold 0 and 1)")
for key in ("E", "P", "esc", "care"):
    print(f"{key:<5} {c[key + ' found']:>4} of {c[key + ' people']:<4} on route {c[key + ' route']:>4}   false {c[key + ' false']:>3}")
print(f"unlabelled flagged {c['unlabelled false']}; realistic false (P, esc, care) {c['P false'] + c['esc false'] + c['care false']}")
print(f"crisis (the model's): on route {c['crisis ok']}, people escalated on another route {c['crisis other']}, "
      f"not escalated by people {c['crisis no']}, unlabelled {c['crisis unlabelled']}")
