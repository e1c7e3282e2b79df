#!/usr/bin/env bash
# The held-out figures of the learned lexicon: scripts/fit-default-pack.sh fits one to half A of each
# labelled dev set in ../shared/eval (split by scripts/half.py) and the team's tuning probe sets, next to
# the default pack's rules, and
# scripts/eval-default-pack.sh measures half B with that lexicon in place of the shipped one (a layer's
# lexicon replaces the one below it). The shipped rules/lexicon.yaml is fitted the same way to the whole
# files, so its own figures on these files are in-sample; these are not. The reply checks of
# scripts/reply-checks.py (praise replies first on people's complaints) follow, on half B with the same lexicon.
#
# Usage: scripts/eval-lexicon-holdout.sh [extra `rapport lexicon` options, e.g. --l2 0.2]
# Set RAPPORT=path/to/rapport to use a binary you built; otherwise a debug build is made.
# Without ../shared/eval the script says so and exits 0. The halves and the fitted lexicon go to a
# temporary directory, never into the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/eval-common.sh
source scripts/eval-common.sh
eval_setup eval-lexicon-holdout
split_halves "$WORK"
RAPPORT="$RAPPORT" scripts/fit-default-pack.sh --data "$WORK/A" --out "$WORK" --only lexicon "$@"
mv "$WORK/lexicon.yaml" "$WORK/lexicon-A.yaml"
echo "== half B with the lexicon fitted to half A"
RAPPORT="$RAPPORT" scripts/eval-default-pack.sh --half B --rules "$WORK/lexicon-A.yaml"
echo "== replies on half B with the lexicon fitted to half A (scripts/reply-checks.py)"
python3 scripts/reply-checks.py --half B "$RAPPORT" -- --rules "$WORK/lexicon-A.yaml"
