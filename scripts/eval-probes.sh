#!/usr/bin/env bash
# Measures the embedded default pack on the team-written probe comments in fixtures/probes/ (see its
# README): labels (per-label F1, macro-F1, accuracy) and escalations (recall and precision of "escalated
# at all", critical recall). inbound-p1/p3/p5/p7 and escalation-e1/e3/e5/e7/e9 are tuning sets (in-sample);
# inbound-p2/p4/p6/p8 and escalation-e2/e4/e6/e8/e10 are held out.
#
# Usage: scripts/eval-probes.sh [extra eval options, e.g. --rules my-layer/]
# Set RAPPORT=path/to/rapport to use a binary you built; otherwise a debug build is made.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${RAPPORT:-}" ]; then
    swift build --product rapport >&2
    RAPPORT="$(swift build --show-bin-path)/rapport"
fi
# Only the headline lines are printed: `rapport eval` also lists missed critical rows, which must not be read
# from a held-out set. Rows of a held-out set that were read anyway are listed in fixtures/probes/seen.txt;
# such a set is measured again without them (the held-out figure).
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
headline() {
    "$RAPPORT" eval "$1" "${@:2}" |
        awk '/^macro-F1/{print "   " $0; done = 1} !done && /^(label|question|complaint|praise|other) /{print "   " $0}
             /^critical recall/{print "   " $0} /^escalated at all/{print "   " $0}'
}
for set in inbound-p1 inbound-p2 inbound-p3 inbound-p4 inbound-p5 inbound-p6 inbound-p7 inbound-p8 escalation-e1 escalation-e2 escalation-e3 escalation-e4 escalation-e5 escalation-e6 escalation-e7 escalation-e8 escalation-e9 escalation-e10; do
    case "$set" in inbound-p1|inbound-p3|inbound-p5|inbound-p7|escalation-e1|escalation-e3|escalation-e5|escalation-e7|escalation-e9) kind="tuning, in-sample" ;; *) kind="held out" ;; esac
    file="fixtures/probes/$set.csv"
    seen="$(grep -c "^${set#*-}-" fixtures/probes/seen.txt || true)"
    if [ "$kind" = "held out" ] && [ "$seen" -gt 0 ]; then
        echo "== $file (held out but $seen rows were read: all rows, then without them)"
        headline "$file" "$@"
        python3 - "$file" fixtures/probes/seen.txt > "$WORK/$set.csv" <<'PY'
import csv, sys
seen = {line.split()[0] for line in open(sys.argv[2]) if line.strip() and not line.startswith("#")}
rows = csv.reader(open(sys.argv[1], newline="", encoding="utf-8"))
out = csv.writer(sys.stdout, lineterminator="\n")
header = next(rows)
out.writerow(header)
for row in rows:
    if row[0] not in seen:
        out.writerow(row)
PY
        echo "   -- without the $seen rows read:"
        headline "$WORK/$set.csv" "$@"
    else
        echo "== $file ($kind)"
        headline "$file" "$@"
    fi
done
