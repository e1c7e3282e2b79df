#!/usr/bin/env python3
"""Checks the default pack's replies on the labelled dev sets in ../shared/eval (issue 13):

- how often the first reply is a praise reply although people labelled the comment a complaint: the
  verdict's label is praise, no escalation replaced the replies and no complaint or question rule
  fired (when one fired the engine offers that label's replies instead; those are counted apart as
  "redirected");
- the longest reply offered and how many are over 280 characters.

Usage: scripts/reply-checks.py [--data DIR] [--half A|B] [--list] [path/to/rapport] [-- classify options]
(default binary: a debug build, built if needed)
--list also prints each praise-first row (file, id, rules that fired, text) to stderr, for reading.
--half A|B counts only the rows of that half of each file (scripts/half.py: a hash of the row id).
Options after `--` go to `rapport classify`, e.g. `-- --rules lexicon-A.yaml` to count half B with a
lexicon fitted to half A (scripts/eval-lexicon-holdout.sh does).
--data DIR reads the sets from DIR (e.g. a directory of halves) instead of ../shared/eval.
Reads the data from ../shared/eval and skips with a notice when it is absent; never copies it.
"""
import csv, hashlib, json, os, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = os.path.join(root, "..", "shared", "eval")
args = sys.argv[1:]
classify_options = []
if "--" in args:
    at = args.index("--")
    args, classify_options = args[:at], args[at + 1:]
if args[:1] == ["--data"]:
    if len(args) < 2:
        sys.exit("reply-checks: --data takes a directory")
    data, args = args[1], args[2:]
if not os.path.isdir(data):
    print(f"reply-checks: {data} is absent; skipping", file=sys.stderr)
    sys.exit(0)
half = None
if args[:1] == ["--half"]:
    if len(args) < 2 or args[1] not in ("A", "B"):
        sys.exit("reply-checks: --half takes A or B")
    half, args = args[1], args[2:]


def in_half(row_id):
    """The same split as scripts/half.py."""
    if half is None:
        return True
    return int(hashlib.sha256(row_id.encode("utf-8")).hexdigest()[:8], 16) % 2 == (0 if half == "A" else 1)


listing = "--list" in args
args = [arg for arg in args if arg != "--list"]
rapport = args[0] if args else None
if rapport is None:
    subprocess.run(["swift", "build", "--product", "rapport"], cwd=root, check=True, stdout=sys.stderr)
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=root, check=True,
                              capture_output=True, text=True).stdout.strip()
    rapport = os.path.join(bin_path, "rapport")

# The rules whose firing turns a praise verdict's replies into complaint or question replies: those of
# the two labels with a positive weight (the default pack in rules/, as embedded; question kinds weigh 0).
redirecting = set()
try:
    import yaml
    for name in sorted(os.listdir(os.path.join(root, "rules"))):
        if name.endswith((".yaml", ".yml")):
            pack = yaml.safe_load(open(os.path.join(root, "rules", name), encoding="utf-8")) or {}
            for rule in pack.get("rules") or []:
                if rule.get("label") in ("complaint", "question") and float(rule.get("weight", 1)) > 0:
                    redirecting.add(rule["id"])
    # Replies to praise that shows a problem thank without celebrating: not a praise reply. Known by
    # their text after the greeting ("{author|Hi there}, ...").
    replies_pack = yaml.safe_load(open(os.path.join(root, "rules", "replies.yaml"), encoding="utf-8")) or {}
    mixed_tails = {template.split("}, ", 1)[-1] for template in (replies_pack.get("replies") or {}).get("mixed") or []}
except ImportError:
    sys.exit("reply-checks: needs PyYAML to read the rule weights in rules/ (pip install pyyaml)")

print(f"{'set':<30} {'complaints':>10} {'praise reply first':>19} {'redirected':>11} {'mixed':>6} {'longest reply':>14} {'>280':>5} {'praise rows':>12} {'got mixed':>10}")
for name in sorted(os.listdir(data)):
    if not name.endswith(".csv"):
        continue
    path = os.path.join(data, name)
    rows = {row["id"]: row for row in csv.DictReader(open(path, encoding="utf-8")) if in_half(row["id"])}
    gold = {row_id: row["label"] for row_id, row in rows.items()}
    run = subprocess.run([rapport, "classify", path, "--quiet", "--output-format", "jsonl"] + classify_options,
                         capture_output=True, text=True)
    if run.returncode not in (0, 65):
        sys.exit(f"reply-checks: rapport classify {path} failed (exit {run.returncode}): {run.stderr.strip()}")
    out = run.stdout
    complaints = praise_first = with_complaint_rule = over = longest = mixed = praise_rows = praise_mixed = 0
    for line in out.splitlines():
        verdict = json.loads(line)
        if "error" in verdict or verdict["id"] not in gold:
            continue
        replies = verdict.get("suggestions", [])
        for reply in replies:
            longest = max(longest, len(reply))
            over += len(reply) > 280
        first_is_mixed = bool(replies) and replies[0].split(", ", 1)[-1] in mixed_tails
        if gold.get(verdict["id"]) == "praise" and verdict["label"] == "praise":
            praise_rows += 1
            praise_mixed += first_is_mixed
        if gold.get(verdict["id"]) != "complaint":
            continue
        complaints += 1
        if verdict["label"] == "praise" and replies and "escalation" not in verdict:
            if any(rule in redirecting for rule in verdict["rules"]):
                with_complaint_rule += 1
            elif first_is_mixed:
                mixed += 1
            else:
                praise_first += 1
                if listing:
                    text = " ".join(rows[verdict["id"]].get("text", "").split())
                    print(f"{name} {verdict['id']} {','.join(verdict['rules'])} | {text}", file=sys.stderr)
    print(f"{name:<30} {complaints:>10} {praise_first:>19} {with_complaint_rule:>11} {mixed:>6} {longest:>14} {over:>5} {praise_rows:>12} {praise_mixed:>10}")
