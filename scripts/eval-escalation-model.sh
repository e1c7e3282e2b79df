#!/usr/bin/env bash
# Measures what a learned escalation model (`rapport lexicon --escalations`) adds to the default pack, on
# data it was not fitted on. The model is fitted (scripts/fit-default-pack.sh) to the team's tuning probe sets (E1, E3, E5, E7, E9,
# P1, P3, P5, P7; with SENTENCES set also the team's sentences, see scripts/fit-default-pack.sh) and to half A of every dev set in ../shared/eval (split by scripts/half.py; the sets without an
# escalation field teach "not escalated" except where the rules escalate). It is then measured, at each
# threshold given (default the shipped model's `at`), on:
#   - the held-out probe sets E2, E4, E6, E8, E10, P2, P4, P6, P8 (headline lines only: never print a held-out set's rows);
#   - half B of spotify-escalations-dev and spotify-care-dev (escalated at all, with and without the model);
#   - with the model, of the comments it escalated on those sets: how many people escalated, and how many
#     on the route people gave (counts only);
#   - half B of airline-dev, complaints-dev and questions-dev: how many comments are escalated, with and
#     without the model (these sets have no escalation labels; what the model adds there is mostly false alarms).
# The rules are the default pack's without its own model (rules/escalation-model.yaml, fitted the same way
# to the whole files, so its figures on the dev sets are in-sample); this script is how the shipped model's
# held-out figures were measured, and how to measure a model fitted with other options.
#
# Usage: scripts/eval-escalation-model.sh [AT...]   (fit options in FIT_OPTIONS, e.g. FIT_OPTIONS="--l1 0.05")
# Set RAPPORT=path/to/rapport to use a binary you built; otherwise a debug build is made.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/eval-common.sh
source scripts/eval-common.sh
eval_setup eval-escalation-model
rules_without escalation-model.yaml "$WORK/rules"
base=(--no-default-rules --rules "$WORK/rules")
split_halves "$WORK"
P=fixtures/probes
# shellcheck disable=SC2086
RAPPORT="$RAPPORT" scripts/fit-default-pack.sh --data "$WORK/A" --out "$WORK" --only model ${FIT_OPTIONS:-}
mv "$WORK/escalation-model.yaml" "$WORK/model.yaml"
escalated() { awk '/^escalated at all/{print $4 " " $5 ", " $6 " " $7}'; }
# Of the comments the model escalated (a reason starting "Learned:"), how many people escalated and how many
# of those on the route people gave. Counts only: no row is printed.
learned() {
    local file="$1"
    shift
    "$RAPPORT" classify --quiet --fields id,escalation "$@" "$file" | python3 -c '
import csv, json, sys
people = {row["id"]: row for row in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))}
model = warranted = right = 0
for line in sys.stdin:
    verdict = json.loads(line)
    escalation = verdict.get("escalation")
    if not escalation or not escalation["reasons"][0].startswith("Learned:"):
        continue
    model += 1
    row = people.get(str(verdict["id"]), {})
    if row.get("escalation", "none") not in ("", "none"):
        warranted += 1
        right += escalation["route"] == row.get("route")
print(f"the model escalated {model}: {warranted} escalated by people, {right} of them on their route")
' "$file"
}
[ $# -gt 0 ] || set -- "$(awk '/^  at: /{print $2}' "$WORK/model.yaml")"
# The figures of one pack (the rules, with or without a model): held-out probe sets, then half B.
measure() {
    for set in escalation-e2 escalation-e4 escalation-e6 escalation-e8 escalation-e10 inbound-p2 inbound-p4 inbound-p6 inbound-p8; do
        echo "   $set (held out): $("$RAPPORT" eval "$P/$set.csv" "$@" | escalated)"
    done
    for set in spotify-escalations-dev spotify-care-dev; do
        echo "   $set half B: $("$RAPPORT" eval "$WORK/B/$set.csv" "$@" | escalated)"
    done
    if [ "${WITH_MODEL:-}" = yes ]; then
        for set in escalation-e2 escalation-e4 escalation-e6 escalation-e8 escalation-e10 inbound-p2 inbound-p4 inbound-p6 inbound-p8; do echo "   $set (held out): $(learned "$P/$set.csv" "$@")"; done
        echo "   spotify-escalations-dev half B: $(learned "$WORK/B/spotify-escalations-dev.csv" "$@")"
    fi
    for set in airline-dev complaints-dev questions-dev; do
        echo "   $set half B: $("$RAPPORT" classify --quiet --fields escalation "$@" "$WORK/B/$set.csv" | grep -c level || true) escalated"
    done
}
echo "without a model:"
measure "${base[@]}"
for at in "$@"; do
    # A threshold at or below the model's caution probability leaves no caution zone: drop `caution:`.
    caution="$(awk '/^  caution: /{print $2}' "$WORK/model.yaml")"
    if [ -n "$caution" ] && awk -v at="$at" -v caution="$caution" 'BEGIN { exit !(at <= caution) }'; then
        sed -e "s/^  at: .*/  at: $at/" -e "/^  caution: /d" "$WORK/model.yaml" > "$WORK/model-$at.yaml"
    else
        sed "s/^  at: .*/  at: $at/" "$WORK/model.yaml" > "$WORK/model-$at.yaml"
    fi
    echo "with the model at $at:"
    WITH_MODEL=yes measure "${base[@]}" --rules "$WORK/model-$at.yaml"
done
