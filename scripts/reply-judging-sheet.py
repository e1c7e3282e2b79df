#!/usr/bin/env python3
"""Writes a blind judging sheet of first replies (issue 13: "a reply a care lead would post").

Usage: scripts/reply-judging-sheet.py RAPPORT OUT.csv [--changed-from OLD.csv] [SET...]

For each probe set (default: the held-out inbound-p2, inbound-p4, escalation-e2, escalation-e4 and
escalation-e6 in fixtures/probes), runs `RAPPORT classify` and writes one row per comment:
`key,text,first_reply` (key = set/id). The label, the escalation and the binary that wrote the reply are
left out, so whoever judges sees only what a care lead would: the comment and the suggested reply.
With --changed-from OLD.csv (a sheet written earlier, e.g. by another commit's binary), only the rows
whose first reply differs from OLD's are written, to be judged again blind to the old reply.
The judging itself (rubric and conventions) is in docs/REPLY-JUDGING.md. Sheets hold held-out text:
write them outside the repository and never read them while changing the pack.
"""
import csv
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HELD_OUT = ["inbound-p2", "inbound-p4", "inbound-p6", "inbound-p8", "escalation-e2", "escalation-e4", "escalation-e6", "escalation-e8", "escalation-e10"]


def main():
    args = sys.argv[1:]
    old = None
    if "--changed-from" in args:
        at = args.index("--changed-from")
        old = {row["key"]: row["first_reply"] for row in csv.DictReader(open(args[at + 1], newline="", encoding="utf-8"))}
        del args[at:at + 2]
    if len(args) < 2:
        sys.exit(__doc__)
    binary, out, sets = args[0], args[1], args[2:] or HELD_OUT
    writer = csv.writer(open(out, "w", newline="", encoding="utf-8"))
    writer.writerow(["key", "text", "first_reply"])
    written = 0
    for name in sets:
        path = os.path.join(ROOT, "fixtures", "probes", f"{name}.csv")
        texts = {row["id"]: row["text"] for row in csv.DictReader(open(path, newline="", encoding="utf-8"))}
        result = subprocess.run([binary, "classify", "--quiet", "--fields", "id,suggestions", path],
                                capture_output=True, text=True, check=True)
        for line in result.stdout.splitlines():
            verdict = json.loads(line)
            key = f"{name}/{verdict['id']}"
            reply = (verdict.get("suggestions") or [""])[0]
            if old is not None and old.get(key) == reply:
                continue
            writer.writerow([key, texts[str(verdict["id"])], reply])
            written += 1
    print(f"wrote {written} rows to {out}", file=sys.stderr)


main()
