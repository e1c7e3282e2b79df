#!/usr/bin/env bash
# Counts how the default pack meets the team's crisis sentences (fixtures/crisis-sentences, see the README
# there: fire lines are sincere crisis by the care labelling guide, quiet lines hyperbole and routine
# messages that must not escalate). For each file: the comments escalated on the crisis route, those
# escalated on another route, those not escalated whose first reply is the crisis caution reply (read
# through a temporary layer that marks it), and the rest. No model or rule was fitted to these sentences.
#
# Usage: scripts/eval-crisis-sentences.sh [extra classify options, e.g. --no-default-rules --rules rules/]
# Set RAPPORT=path/to/rapport to use a binary you built; otherwise a debug build is made.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${RAPPORT:-}" ]; then
    swift build --product rapport >&2
    RAPPORT="$(swift build --show-bin-path)/rapport"
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
printf 'rapport: 1\nreplies:\n  caution:\n    crisis: ["CRISIS-CAUTION"]\n' > "$WORK/marker.yaml"
printf '%-20s %8s %8s %12s %15s %6s\n' file comments crisis "other route" "crisis caution" rest
for file in fixtures/crisis-sentences/*.txt; do
    "$RAPPORT" classify --quiet --input-format text --fields id,escalation,suggestions "$@" --rules "$WORK/marker.yaml" < "$file" | python3 -c '
import json, sys
total = crisis = other = caution = 0
for line in sys.stdin:
    verdict = json.loads(line)
    route = (verdict.get("escalation") or {}).get("route")
    total += 1
    crisis += route == "crisis"
    other += route not in (None, "crisis")
    caution += route is None and (verdict.get("suggestions") or [""])[0] == "CRISIS-CAUTION"
name = sys.argv[1].rsplit("/", 1)[-1]
print(f"{name:<20} {total:>8} {crisis:>8} {other:>12} {caution:>15} {total - crisis - other - caution:>6}")
' "$file"
done
