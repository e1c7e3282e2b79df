#!/usr/bin/env bash
# Measures the embedded default pack on the team-written probe comments in fixtures/probes/ (see its
# README): labels (per-label F1, macro-F1, accuracy) and escalations (recall and precision of "escalated
# at all", critical recall). inbound-p1.csv, inbound-p3.csv and escalation-e1.csv are tuning sets
# (in-sample); inbound-p2.csv, inbound-p4.csv and escalation-e2.csv are held out.
#
# Usage: scripts/eval-probes.sh [extra eval options, e.g. --rules my-layer/]
# Set RAPPORT=path/to/rapport to use a binary you built; otherwise a debug build is made.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${RAPPORT:-}" ]; then
    swift build --product rapport >&2
    RAPPORT="$(swift build --show-bin-path)/rapport"
fi
for set in inbound-p1 inbound-p2 inbound-p3 inbound-p4 escalation-e1 escalation-e2; do
    case "$set" in inbound-p1|inbound-p3|escalation-e1) kind="tuning, in-sample" ;; *) kind="held out" ;; esac
    echo "== fixtures/probes/$set.csv ($kind)"
    "$RAPPORT" eval "fixtures/probes/$set.csv" "$@" |
        awk '/^macro-F1/{print "   " $0; done = 1} !done && /^(label|question|complaint|praise|other) /{print "   " $0}
             /^critical recall/{print "   " $0} /^escalated at all/{print "   " $0}'
done
