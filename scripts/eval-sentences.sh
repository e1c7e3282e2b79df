#!/usr/bin/env bash
# Counts how the default pack meets one family of the team's sentences (fixtures/FAMILY-sentences, see the
# README there: fire lines are that route's cases by the care labelling guide, quiet lines the near misses
# and routine messages that must not escalate on it). For each file: the comments escalated on the route,
# those escalated on another route, those not escalated whose first reply is the route's caution reply (read
# through a temporary layer that marks it), and the rest.
#
# Usage: scripts/eval-sentences.sh FAMILY [extra classify options, e.g. --no-default-rules --rules rules/]
#   FAMILY  crisis, safety, abuse, legal or repeated-contact (the route of the same name; fixtures/security-sentences and
#           fixtures/churn-sentences have their own scripts, eval-security-sentences.sh and
#           eval-churn-sentences.sh, whose columns earlier notes cite)
# Set RAPPORT=path/to/rapport to use a binary you built; otherwise a debug build is made.
set -euo pipefail
cd "$(dirname "$0")/.."
FAMILY="${1:-}"
case "$FAMILY" in
    crisis | safety | abuse | legal | repeated-contact) shift ;;
    *)
        echo "usage: scripts/eval-sentences.sh crisis|safety|abuse|legal|repeated-contact [classify options]" >&2
        exit 64
        ;;
esac
if [ -z "${RAPPORT:-}" ]; then
    swift build --product rapport >&2
    RAPPORT="$(swift build --show-bin-path)/rapport"
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
printf 'rapport: 1\nreplies:\n  caution:\n    %s: ["CAUTION-MARKER"]\n' "$FAMILY" > "$WORK/marker.yaml"
printf '%-20s %8s %8s %12s %10s %6s\n' file comments "$FAMILY" "other route" caution rest
for file in fixtures/"$FAMILY"-sentences/*.txt; do
    "$RAPPORT" classify --quiet --input-format text --fields id,escalation,suggestions "$@" --rules "$WORK/marker.yaml" < "$file" | python3 -c '
import json, sys
name, family = sys.argv[1].rsplit("/", 1)[-1], sys.argv[2]
total = on_route = other = caution = 0
for line in sys.stdin:
    verdict = json.loads(line)
    route = (verdict.get("escalation") or {}).get("route")
    total += 1
    on_route += route == family
    other += route not in (None, family)
    caution += route is None and (verdict.get("suggestions") or [""])[0] == "CAUTION-MARKER"
print(f"{name:<20} {total:>8} {on_route:>8} {other:>12} {caution:>10} {total - on_route - other - caution:>6}")
' "$file" "$FAMILY"
done
