#!/usr/bin/env bash
# Fits the default pack's two learned parts next to its rules, the way the shipped files are fitted:
#   - rules/lexicon.yaml (`rapport lexicon`): the five labelled dev sets in ../shared/eval, plus the team's
#     tuning probe sets (fixtures/probes, see TUNING_PROBES) joined into one set, team-probes.csv;
#   - rules/escalation-model.yaml (`rapport lexicon --escalations`): the tuning probe sets, each a set of its
#     own, and the five dev sets. With SENTENCES=fire,quiet (or fire) it also reads the team's takeover and
#     fraud sentences of batches 1-3 (fixtures/security-sentences, joined into one set, team-sentences.csv;
#     batch 4 is never read): tried in session 19 and not shipped (see that folder's README).
# Held-out probe sets (P2, P4, P6, P8, E2, E4, E6, E8, E10) are never read. The same script fits to half A only for the
# held-out figures (scripts/eval-lexicon-holdout.sh, scripts/eval-escalation-model.sh).
#
# Usage: scripts/fit-default-pack.sh [--data DIR] [--out DIR] [--only lexicon|model] [extra `rapport lexicon` options]
#   --data DIR   where the dev sets are (default ../shared/eval; e.g. a directory of their halves)
#   --out DIR    where lexicon.yaml and escalation-model.yaml are written (default rules/)
#   --only       fit one of the two
# The rules are always the repository's rules/ (each fit leaves out its own part of them).
# Set RAPPORT=path/to/rapport to use a binary you built; otherwise a debug build is made.
# SENTENCES=none (default: the shipped model), fire,quiet or fire: which of the team's sentences the
# escalation fit reads.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/eval
OUT=rules
ONLY=
while [ $# -gt 0 ]; do
    case "$1" in
        --data) DATA="$2"; shift 2 ;;
        --out) OUT="$2"; shift 2 ;;
        --only) ONLY="$2"; shift 2 ;;
        *) break ;;
    esac
done
if [ ! -d "$DATA" ]; then
    echo "fit-default-pack: $DATA is absent; nothing fitted" >&2
    exit 1
fi
if [ -z "${RAPPORT:-}" ]; then
    swift build --product rapport >&2
    RAPPORT="$(swift build --show-bin-path)/rapport"
fi
P=fixtures/probes
# The model's caution probability: from it up to `at` (0.9) a comment no rule escalates gets its route's caution
# replies (rules/replies.yaml) instead of an escalation. Chosen on the team's fresh takeover and near-miss
# sentences (docs/REPLY-JUDGING.md, session 18), not on the held-out sets.
CAUTION=0.6
TUNING_PROBES=(escalation-e1 escalation-e3 escalation-e5 escalation-e7 escalation-e9 inbound-p1 inbound-p3 inbound-p5 inbound-p7)
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
probes=()
for set in "${TUNING_PROBES[@]}"; do [ -f "$P/$set.csv" ] && probes+=("$P/$set.csv"); done
if [ "$ONLY" != model ]; then
    python3 - "${probes[@]}" > "$WORK/team-probes.csv" <<'PY'
import csv, sys
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["id", "text", "label", "escalation", "route"])
for path in sys.argv[1:]:
    for row in csv.DictReader(open(path, newline="", encoding="utf-8")):
        out.writerow([row["id"], row["text"], row["label"], row["escalation"], row["route"]])
PY
    "$RAPPORT" lexicon --no-default-rules --rules rules/ "$DATA/complaints-dev.csv=complaint" "$DATA/questions-dev.csv=question" \
        "$DATA/airline-dev.csv=complaint,praise" "$DATA/spotify-care-dev.csv" "$DATA/spotify-escalations-dev.csv" \
        "$WORK/team-probes.csv" -o "$OUT/lexicon.yaml" "$@"
fi
# The team's takeover and fraud sentences (fixtures/security-sentences, see its README), batches 1-3 only
# (batch 4 is the unseen check), as one more set of the escalation fit only, when SENTENCES asks for them:
# fire lines escalated (high) on the security route, quiet lines not escalated. The reader needs a label;
# `--escalations` does not read it, so every line is given `complaint` and the file is never used for the
# lexicon. Not shipped: held-out security recall rose (43 -> 60 of 103 on route) but precision on
# spotify-escalations-dev half B fell by one comment and the security route took more of the model's errors.
SENTENCE_BATCHES=(batch1 batch2 batch3)
SENTENCES="${SENTENCES:-none}"
S=fixtures/security-sentences
sentences=()
if [ "$ONLY" != lexicon ] && [ "$SENTENCES" != none ]; then
    python3 - "$SENTENCES" "$S" "${SENTENCE_BATCHES[@]}" > "$WORK/team-sentences.csv" <<'PY'
import csv, os, sys
kinds, folder, batches = sys.argv[1].split(","), sys.argv[2], sys.argv[3:]
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["id", "text", "label", "escalation", "route"])
for batch in batches:
    for kind in kinds:
        path = os.path.join(folder, f"{batch}-{kind}.txt")
        lines = [line.strip() for line in open(path, encoding="utf-8") if line.strip()]
        for number, text in enumerate(lines, 1):
            escalation, route = ("high", "security") if kind == "fire" else ("none", "none")
            out.writerow([f"{batch}-{kind}-{number}", text, "complaint", escalation, route])
PY
    sentences=("$WORK/team-sentences.csv")
fi
if [ "$ONLY" != lexicon ]; then
    "$RAPPORT" lexicon --escalations --no-default-rules --rules rules/ "${probes[@]}" "${sentences[@]}" "$DATA/airline-dev.csv" \
        "$DATA/complaints-dev.csv" "$DATA/questions-dev.csv" "$DATA/spotify-care-dev.csv" "$DATA/spotify-escalations-dev.csv" \
        --caution "$CAUTION" -o "$OUT/escalation-model.yaml" "$@"
fi
