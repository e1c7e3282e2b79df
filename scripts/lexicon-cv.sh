#!/usr/bin/env bash
# Chooses `rapport lexicon` options without looking at half B: half A of each labelled dev set in
# ../shared/eval is split once more (scripts/half.py --inner), a lexicon is fitted to one inner part
# next to the default pack's rules and measured on the other, both ways, and the mean of the two is
# printed (complaint F1 and macro-F1, question F1, airline macro-F1, care label accuracy). Run it once
# per setting and keep the best; then report half B with scripts/eval-lexicon-holdout.sh once.
# The rules were written by reading half A, so these figures flatter the rules; they compare lexicon
# settings fairly, since every setting is fitted and measured on the same parts.
#
# Usage: scripts/lexicon-cv.sh [`rapport lexicon` options, e.g. --l2 0.3 --min-count 5]
# Set RAPPORT=path/to/rapport to use a binary you built; otherwise a debug build is made.
# Without ../shared/eval the script says so and exits 0. The parts and lexicons go to a temporary
# directory, never into the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/eval-common.sh
source scripts/eval-common.sh
eval_setup lexicon-cv
mkdir -p "$WORK/0" "$WORK/1" "$WORK/rules"
for file in "$DATA"/*.csv; do
    for part in 0 1; do python3 scripts/half.py "$file" A --inner "$part" > "$WORK/$part/$(basename "$file")"; done
done
# The rules alone: the default pack without its lexicon file.
rules_without lexicon.yaml "$WORK/rules"
# figures PART LEXICON: one "name value" line per figure, measured on PART.
figures() {
    local part="$WORK/$1" pack=(--no-default-rules --rules "$WORK/rules" --rules "$2" --top 0)
    "$RAPPORT" eval "$part/complaints-dev.csv" --labels complaint "${pack[@]}" 2>/dev/null |
        awk '/^confusion matrix/ { exit } /^complaint / { print "complaint-F1", $4 } /^macro-F1/ { print "complaint-macro-F1", $2 }'
    "$RAPPORT" eval "$part/questions-dev.csv" --labels question "${pack[@]}" 2>/dev/null |
        awk '/^confusion matrix/ { exit } /^question / { print "question-F1", $4 }'
    "$RAPPORT" eval "$part/airline-dev.csv" --labels complaint,praise "${pack[@]}" 2>/dev/null |
        awk '/^macro-F1/ { print "airline-macro-F1", $2 }'
    "$RAPPORT" eval "$part/spotify-care-dev.csv" "${pack[@]}" 2>/dev/null |
        awk '/^macro-F1/ { print "care-accuracy", $4 }'
}
for part in 0 1; do
    other=$((1 - part))
    "$RAPPORT" lexicon --no-default-rules --rules "$WORK/rules" \
        "$WORK/$part/complaints-dev.csv=complaint" "$WORK/$part/questions-dev.csv=question" \
        "$WORK/$part/airline-dev.csv=complaint,praise" "$WORK/$part/spotify-care-dev.csv" \
        "$WORK/$part/spotify-escalations-dev.csv" -o "$WORK/lexicon-$part.yaml" "$@" > /dev/null
    figures "$other" "$WORK/lexicon-$part.yaml" > "$WORK/figures-$other.txt"
done
echo "options: ${*:-(defaults)}"
paste "$WORK/figures-0.txt" "$WORK/figures-1.txt" | awk '{ printf "   %-20s %.3f   (%s / %s)\n", $1, ($2 + $4) / 2, $2, $4 }'
