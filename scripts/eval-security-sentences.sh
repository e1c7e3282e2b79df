#!/usr/bin/env bash
# Measures how the default pack meets account takeover and fraud said in words it was not written for:
# fixtures/security-sentences holds batches of team-written sentences (fire: a takeover or fraud a care
# team must treat as one; quiet: routine account, card and login messages that must not be), written one
# after another from session 18 (see the README there). Since session 33 the shipped escalation model is
# fitted to the batches already read (scripts/fit-default-pack.sh, SECURITY_BATCHES), never to the newest,
# the unseen check; their counts are in-sample. For each file it counts the comments escalated on
# the security route, those not escalated whose first reply is the security caution reply (the escalation
# model read them from its `caution` probability up to `at`), and the rest.
#
# Usage: scripts/eval-security-sentences.sh [extra classify options, e.g. --no-default-rules --rules rules/]
# Set RAPPORT=path/to/rapport to use a binary you built; otherwise a debug build is made.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${RAPPORT:-}" ]; then
    swift build --product rapport >&2
    RAPPORT="$(swift build --show-bin-path)/rapport"
fi
printf '%-22s %8s %10s %16s %8s\n' file comments "security" "caution reply" neither
for file in fixtures/security-sentences/*.txt; do
    "$RAPPORT" classify --quiet --input-format text --fields id,escalation,suggestions "$@" < "$file" | python3 -c '
import json, sys
# Words of the two caution replies of rules/replies.yaml (caution: security:) that no other reply has.
markers = ("passwords, codes or card details here", "passwords, codes and card details out of public")
total = security = caution = 0
for line in sys.stdin:
    verdict = json.loads(line)
    total += 1
    route = (verdict.get("escalation") or {}).get("route")
    first = (verdict.get("suggestions") or [""])[0]
    if route == "security":
        security += 1
    elif route is None and any(marker in first for marker in markers):
        caution += 1
name = sys.argv[1].rsplit("/", 1)[-1]
print(f"{name:<22} {total:>8} {security:>10} {caution:>16} {total - security - caution:>8}")
' "$file"
done
