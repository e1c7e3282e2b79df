#!/usr/bin/env python3
"""What a richer reading of words would add to the learned escalation model: the model `rapport lexicon
--escalations` fits (words and adjacent pairs) against logistic regressions over other features, each
fitted to the same comments and combined with the same rules, measured on data none of them was fitted on.

Usage: scripts/eval-escalation-features.py [--inner] [--budget N] [RAPPORT_BINARY]   (default binary: a debug build)
  --inner     choose on tuning data only: fit to E1, E3, E5, P1, P3 and one half of each dev set's half A,
              measure on E7, E9, P5, P7 and the other half (scripts/half.py --inner; nothing held out is read)
  --budget N  compare at N false alarms on the realistic sets instead of the trainer's at its shipped `at`
FIT_OPTIONS (e.g. "--max-share 0.05") go to the trainer after the shipped options.
Needs scikit-learn and SciPy (`pip install scikit-learn`); nothing is written into the repository.

Fitted to (as scripts/eval-escalation-model.sh fits): the team's tuning probe sets (E1, E3, E5, E7, E9, P1,
P3, P5, P7) and half A of the dev sets in ../shared/eval (scripts/half.py); the sets without an escalation
field teach "not escalated" except where the rules escalate. Measured on the held-out probe sets (E2, E4, E6,
E8, E10: team-written, mostly escalations; P2, P4, P6, P8: inbound comments, few escalations) and half B of
the dev sets. Counts only: no comment is printed, so the held-out sets stay unread.

A comment is flagged when a rule of the default pack (without its own model) escalates it, or when the
model's probability is at least t. Models:
  * trainer: `rapport lexicon --escalations` with scripts/fit-default-pack.sh's options (the shipped way);
  * words: binary word 1- and 2-grams (lowercased; mentions, links and numbers dropped), L2, C=0.5;
  * words+chars: the same plus binary character 3- to 5-grams inside each word (scikit-learn's char_wb).
Both scikit-learn models weigh the escalated and the rest the same in total, as the trainer does. For
each, the table gives the flags at several thresholds, then at the budget: the lowest threshold whose
false alarms on the realistic data (P2-P8, spotify-escalations-dev and spotify-care-dev half B) stay within
the trainer's at its shipped `at` (MODEL_OPTIONS in scripts/fit-default-pack.sh; 0.9 when it names none). Columns: E found / people escalated and false alarms; the same for P;
spotify-escalations-dev half B; spotify-care-dev half B; comments flagged on half B of the three sets
without escalation labels (airline, complaints, questions).
"""
import csv
import json
import os
import re
import subprocess
import sys
import tempfile

try:
    import numpy as np
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
except ImportError:
    sys.exit("eval-escalation-features: needs scikit-learn and SciPy (pip install scikit-learn)")

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = os.path.join(root, "..", "shared", "eval")
probes = os.path.join(root, "fixtures", "probes")
if not os.path.isdir(data):
    print(f"eval-escalation-features: {data} is absent; skipping", file=sys.stderr)
    sys.exit(0)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from escalation_fit import fit_half_a, rapport_binary, shipped_options  # noqa: E402

args = sys.argv[1:]
inner = "--inner" in args
args = [a for a in args if a != "--inner"]
fixed_budget = None
if "--budget" in args:
    at = args.index("--budget")
    fixed_budget = int(args[at + 1])
    args = args[:at] + args[at + 2:]
binary = rapport_binary(root, args[0] if args else None)

if inner:
    tuning = ["inbound-p1", "inbound-p3", "escalation-e1", "escalation-e3", "escalation-e5"]
    held_e = ["escalation-e7", "escalation-e9"]
    held_p = ["inbound-p5", "inbound-p7"]
else:
    tuning = ["inbound-p1", "inbound-p3", "inbound-p5", "inbound-p7", "escalation-e1", "escalation-e3", "escalation-e5", "escalation-e7", "escalation-e9"]
    held_e = ["escalation-e2", "escalation-e4", "escalation-e6", "escalation-e8", "escalation-e10"]
    held_p = ["inbound-p2", "inbound-p4", "inbound-p6", "inbound-p8"]
label_only = ["airline-dev", "complaints-dev", "questions-dev"]
with_escalations = ["spotify-care-dev", "spotify-escalations-dev"]


def verdicts(path, rule_args):
    out = subprocess.run([binary, "classify", "--quiet", "--fields", "id,escalation", *rule_args, path], check=True, capture_output=True, text=True).stdout
    return {str(v["id"]): v.get("escalation") for v in map(json.loads, out.splitlines())}


with tempfile.TemporaryDirectory() as work:
    rules, halves, model_open = fit_half_a(root, binary, work, 0.0001, inner=inner, options=os.environ.get("FIT_OPTIONS", "").split())
    base = ["--no-default-rules", "--rules", rules]

    sets = {}

    def load(key, path):
        rows = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
        ruled = verdicts(path, base)
        model = verdicts(path, base + ["--rules", model_open])
        items = []
        for row in rows:
            rid = row["id"]
            probability = 0.0
            if not ruled[rid] and model[rid]:
                probability = float(re.search(r"\((\d\.\d+)", model[rid]["reasons"][0]).group(1))
            people = None if "escalation" not in row else row["escalation"] not in ("", "none")
            items.append({"text": row["text"], "people": people, "ruled": bool(ruled[rid]), "trainer": probability})
        sets[key] = items

    for name in tuning + held_e + held_p:
        load(name, os.path.join(probes, name + ".csv"))
    for name in label_only + with_escalations:
        for half in ("A", "B"):
            load(f"{half}-{name}", os.path.join(halves[half], name + ".csv"))

train = []
for key in tuning + ["A-" + n for n in with_escalations]:
    train += [(c["text"], c["people"]) for c in sets[key]]
for key in ["A-" + n for n in label_only]:
    train += [(c["text"], False) for c in sets[key] if not c["ruled"]]


def clean(text):
    text = re.sub(r"https?://\S+", " ", text.lower())
    text = re.sub(r"[@#]\w+", " ", text)
    return re.sub(r"\d+", " ", text)


texts = [clean(t) for t, _ in train]
target = np.array([1 if y else 0 for _, y in train])


def words():
    return CountVectorizer(ngram_range=(1, 2), min_df=2, binary=True, token_pattern=r"[a-z][a-z']*")


def chars():
    return CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=3, binary=True)


def fit(column, vectorizers):
    matrix = hstack([v.fit_transform(texts) for v in vectorizers]).tocsr()
    model = LogisticRegression(C=0.5, max_iter=5000, class_weight="balanced").fit(matrix, target)
    for items in sets.values():
        rows = hstack([v.transform([clean(c["text"]) for c in items]) for v in vectorizers]).tocsr()
        for item, p in zip(items, model.predict_proba(rows)[:, 1]):
            item[column] = p


fit("words", [words()])
fit("words+chars", [words(), chars()])


def flags(column, t):
    def count(keys):
        people = found = false = 0
        for key in keys:
            for c in sets[key]:
                flagged = c["ruled"] or c[column] >= t
                if c["people"]:
                    people += 1
                    found += flagged
                elif flagged:
                    false += 1
        return people, found, false
    e, p = count(held_e), count(held_p)
    s, c = count(["B-spotify-escalations-dev"]), count(["B-spotify-care-dev"])
    unlabelled = sum(1 for k in label_only for c2 in sets["B-" + k] if c2["ruled"] or c2[column] >= t)
    realistic = p[2] + s[2] + c[2]
    line = (f"E {e[1]:>3}/{e[0]} false {e[2]:>2} | P {p[1]:>2}/{p[0]} false {p[2]:>2} | spotify-esc B {s[1]}/{s[0]} false {s[2]:>2}"
            f" | care B {c[1]}/{c[0]} false {c[2]} | unlabelled B {unlabelled}")
    return line, realistic


shipped = shipped_options(root)
shipped_at = float(shipped[shipped.index("--at") + 1]) if "--at" in shipped else 0.9
budget = fixed_budget if fixed_budget is not None else flags("trainer", shipped_at)[1]
print(f"budget: {budget} false alarms on the realistic sets" + ("" if fixed_budget is not None else f" (the trainer's model at {shipped_at})"))
if inner:
    print("(inner split: E = E7, E9; P = P5, P7; 'half B' = the other half of each dev set's half A)")
for column in ("trainer", "words", "words+chars"):
    print(f"== {column}")
    for t in (0.97, 0.95, 0.9, 0.85, 0.8):
        print(f"   t={t:<5} {flags(column, t)[0]}")
    for t in [x / 1000 for x in range(999, 400, -1)]:
        if flags(column, t - 0.001)[1] > budget:
            break
    line, realistic = flags(column, t)
    print(f"   at the budget (t={t:.3f}, {realistic} false): {line}")
