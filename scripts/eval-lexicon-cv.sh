#!/usr/bin/env bash
# Cross-validated figures of the default pack on half B of each labelled dev set in ../shared/eval:
# half B is cut into K folds (scripts/half.py --fold); for each fold, `rapport lexicon` fits a lexicon
# next to the pack's rules to half A plus the other K-1 folds of half B, and `rapport eval` measures the
# fold with it; the folds' reports are pooled (scripts/pool-eval.py). No fold is ever measured with a
# lexicon fitted to it, and the rules were written by reading half A only, so every figure is held out.
# The shipped rules/lexicon.yaml is fitted the same way to the whole files (more data than any fold's).
# scripts/eval-lexicon-holdout.sh fits to half A only and measures half B whole (half the data per fit;
# here each fit has (K-1)/K of half B as well).
#
# Usage: scripts/eval-lexicon-cv.sh [--folds K (>= 2, default 5)] [extra `rapport lexicon` options, e.g. --l2 0.2]
# Set RAPPORT=path/to/rapport to use a binary you built; otherwise a debug build is made.
# Without ../shared/eval the script says so and exits 0. The folds, lexicons and reports go to a
# temporary directory, never into the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
FOLDS=5
if [ "${1:-}" = --folds ]; then FOLDS="$2"; shift 2; fi
# shellcheck source=scripts/eval-common.sh
source scripts/eval-common.sh
eval_setup eval-lexicon-cv
# The rules alone: the default pack without its lexicon file.
rules_without lexicon.yaml "$WORK/rules"
SETS=(complaints-dev.csv questions-dev.csv airline-dev.csv spotify-care-dev.csv spotify-escalations-dev.csv)
declare -A LABELS=([complaints-dev.csv]=complaint [questions-dev.csv]=question [airline-dev.csv]=complaint,praise)
for ((fold = 0; fold < FOLDS; fold++)); do
    mkdir -p "$WORK/train-$fold" "$WORK/test-$fold"
    fit=()
    for name in "${SETS[@]}"; do
        [ -f "$DATA/$name" ] || continue
        python3 scripts/half.py "$DATA/$name" A > "$WORK/train-$fold/$name"
        python3 scripts/half.py "$DATA/$name" B --rest "$FOLDS:$fold" | tail -n +2 >> "$WORK/train-$fold/$name"
        python3 scripts/half.py "$DATA/$name" B --fold "$FOLDS:$fold" > "$WORK/test-$fold/$name"
        fit+=("$WORK/train-$fold/$name${LABELS[$name]:+=${LABELS[$name]}}")
    done
    "$RAPPORT" lexicon --no-default-rules --rules "$WORK/rules" "${fit[@]}" -o "$WORK/lexicon-$fold.yaml" "$@" > /dev/null
    for name in "${SETS[@]}"; do
        [ -f "$DATA/$name" ] || continue
        "$RAPPORT" eval "$WORK/test-$fold/$name" ${LABELS[$name]:+--labels "${LABELS[$name]}"} --top 0 --format json \
            --no-default-rules --rules "$WORK/rules" --rules "$WORK/lexicon-$fold.yaml" > "$WORK/report-$fold-$name.json"
    done
done
echo "(half B of each file in $FOLDS folds; each fold measured with a lexicon fitted to half A and the other folds)"
for name in "${SETS[@]}"; do
    [ -f "$DATA/$name" ] || continue
    python3 scripts/pool-eval.py "$name" "$WORK"/report-*-"$name".json
done
