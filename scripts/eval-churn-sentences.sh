#!/usr/bin/env bash
# Counts how the default pack meets the team's churn sentences (fixtures/churn-sentences, see the README
# there: fire lines are churn by the care labelling guide, quiet lines routine cancel, plan and renewal
# messages that must not escalate). For each file: the comments escalated on the churn route, those escalated
# on another route, and those not escalated. Since session 33 the shipped escalation model is fitted to the
# batches already read (scripts/fit-default-pack.sh, CHURN_BATCHES), so their counts are in-sample.
#
# Usage: scripts/eval-churn-sentences.sh [extra classify options, e.g. --no-default-rules --rules rules/]
# Set RAPPORT=path/to/rapport to use a binary you built; otherwise a debug build is made.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${RAPPORT:-}" ]; then
    swift build --product rapport >&2
    RAPPORT="$(swift build --show-bin-path)/rapport"
fi
printf '%-20s %8s %8s %14s %14s\n' file comments churn "other route" "not escalated"
for file in fixtures/churn-sentences/*.txt; do
    "$RAPPORT" classify --quiet --input-format text --fields id,escalation "$@" < "$file" | python3 -c '
import json, sys
total = churn = other = 0
for line in sys.stdin:
    route = (json.loads(line).get("escalation") or {}).get("route")
    total += 1
    churn += route == "churn"
    other += route not in (None, "churn")
name = sys.argv[1].rsplit("/", 1)[-1]
print(f"{name:<20} {total:>8} {churn:>8} {other:>14} {total - churn - other:>14}")
' "$file"
done
