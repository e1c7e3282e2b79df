#!/usr/bin/env bash
# Fits the default pack's two learned parts next to its rules, the way the shipped files are fitted:
#   - rules/lexicon.yaml (`rapport lexicon`): the five labelled dev sets in ../shared/eval, plus the team's
#     tuning probe sets (fixtures/probes, see TUNING_PROBES) joined into one set, team-probes.csv;
#   - rules/escalation-model.yaml (`rapport lexicon --escalations`): the tuning probe sets, each a set of its
#     own, the five dev sets, and the team's escalation sentences of six families (fixtures/*-sentences, the
#     batches already read; each family's newest batch is the unseen check and never read), joined into one
#     set, team-sentences.csv (SENTENCES below; since session 33). See those folders' READMEs.
# Held-out probe sets (P2, P4, P6, P8, E2, E4, E6, E8, E10) are never read. The same script fits to half A only for the
# held-out figures (scripts/eval-lexicon-holdout.sh, scripts/eval-escalation-model.sh).
#
# Usage: scripts/fit-default-pack.sh [--data DIR] [--out DIR] [--only lexicon|model] [extra `rapport lexicon` options]
#   --data DIR   where the dev sets are (default ../shared/eval; e.g. a directory of their halves)
#   --out DIR    where lexicon.yaml and escalation-model.yaml are written (default rules/)
#   --only       fit one of the two
# The rules are always the repository's rules/ (each fit leaves out its own part of them).
# Set RAPPORT=path/to/rapport to use a binary you built; otherwise a debug build is made.
# SENTENCES: which of the team's sentences the escalation fit reads: all (default: the shipped model), none, or
# space-separated FAMILY:KINDS (see "The team's sentences" below).
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
# The model's caution probability: from it up to `at` a comment no rule escalates gets its route's caution
# replies (rules/replies.yaml) instead of an escalation. Chosen on the team's takeover and near-miss sentences
# (batches 1-3 of fixtures/security-sentences; docs/REPLY-JUDGING.md), not on the held-out sets: 0.6 in
# session 18 for the online model (fire lines given the caution reply 25 of 100, quiet lines 4 of 80); 0.7 for
# the converged one in session 24, whose sharper probabilities put more in the zone (0.6: 30 and 11; 0.7:
# 26 and 6; 0.8: 16 and 2).
CAUTION=0.7
# The route an escalation of the model leans to (`prefer:`): none. Sessions 21-23 preferred crisis when its
# column summed within 0.5 of the highest route's (chosen for the online fit on the tuning probe sets); for the
# converged fit the two-fold split of the tuning data found it moved as many comments off their route as onto
# it (crisis on route +1, other routes' escalations put on crisis +2), and it put "please delete my account
# and all my personal data" on crisis. Give e.g. (--prefer crisis=0.5) to lean again.
PREFER=()
# Routes with their own threshold in place of `at`: crisis from 0.85, where a miss costs a life and the comments
# in question already get the crisis caution replies from 0.7. Chosen for the converged model on the tuning
# data's two-fold split (session 24: crisis from 0.85 escalates 2 more people-escalated crisis comments than
# from 0.93 and nothing else; from 0.8 also 1 not escalated and 2 unlabelled; from 0.7, 3 and 3), then
# measured on the held-out sets (docs/DEFAULT-PACK.md).
ROUTE_AT=(--route-at crisis=0.85)
# Routes whose caution replies need a lead over every other route (`caution_lead:`): crisis by 2, abuse by 1. A
# caution reply that names a crisis line, or asks that staff be treated with respect, needs a model sure the
# comment reads like that route, not only that it reads like some case: session 31's refit put "still no
# refund ... starting to think it's a scam" on the crisis caution reply, the crisis column ahead of repeated
# contact by under 0.25. The rule (session 32): the smallest lead that gives none of the tuning probe sets' and
# the dev sets' comments that people did not put on the route that route's caution reply. Session 32 (crisis):
# 0.5. Session 33, with the sentences in the fit: crisis 2 (0.5 left six dev-set comments with the crisis caution
# reply, 1 and 1.5 one), abuse 1 (0 left six dev-set and one tuning comment, 0.5 two; "Your courier left my
# parcel in the rain" had the abuse caution reply). Then measured on the held-out sets (docs/DEFAULT-PACK.md).
CAUTION_LEAD=(--caution-lead crisis=2 --caution-lead abuse=1)
# How whether to escalate is fitted: one weighted logistic regression solved to convergence (L2 5), all terms
# however common (--max-share 1; route weights only for terms in at most 5 % of the comments, so that "please"
# or "my" cannot pull a comment onto a route), terms whose escalate weight is under 0.1 left out, escalated
# from 0.93.
# Chosen on the two-fold split of the tuning data (session 24; the team's probe sets E1, E3, E5 | E7, E9 and
# P1, P3 | P5, P7 and two halves of each dev set's half A), against the online fit of sessions 11-23: more of
# the team's escalations found (558 -> 574 of 669, on route 518 -> 534) with no more false alarms on the
# inbound and care data (11 -> 7); then measured once on the held-out sets (docs/DEFAULT-PACK.md).
MODEL_OPTIONS=(--converged --escalate-l2 5 --max-share 1 --route-max-share 0.05 --min-weight 0.1 --at 0.93)
# How the label lexicon is fitted: the same model as the online fit, solved to convergence (L-BFGS) with an
# L2 penalty of 20 on the term weights, so a refit depends only on the rules and the data (no seed, no row
# order). lambda chosen by cross-validation inside half A (scripts/lexicon-cv.sh; 15-30 flat); on half B
# it is at or above every online seed on complaint, question and airline (session 27, docs/DEFAULT-PACK.md).
LEXICON_OPTIONS=(--converged --l2 20)
# Words neither fit may learn (`--exclude-words`): the function words of other languages. The tuning probes'
# non-English comments are mostly complaints and escalations, and without the list the escalation model read
# the language as a case ("ich", "e", "que"); see the file's header. Session 28.
EXCLUDE=(--exclude-words scripts/other-language-words.txt)
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
        "$WORK/team-probes.csv" "${LEXICON_OPTIONS[@]}" "${EXCLUDE[@]}" -o "$OUT/lexicon.yaml" "$@"
fi
# The team's sentences (fixtures/*-sentences), as one more set of the escalation fit only: each family's fire
# lines escalated on its route at the level the care labelling guide gives it, its quiet lines not escalated.
# Since session 33 the shipped model reads every batch already read of all seven families (SENTENCES=all, the
# default). The newest batch of a family, written after its patterns and kept unread as the next unseen check,
# is never in these lists (abuse 6, crisis 7, security 8, churn 6, legal 4, repeated contact 4). Measured in
# session 33 (docs/DEFAULT-PACK.md, "Session 33"): fitted to the whole files, held-out probes escalated
# 532 -> 561 of 739, on the people's route 480 -> 503 (crisis 31 -> 42), false alarms 36 -> 37; comments people
# routed elsewhere put on crisis 2 -> 13. Six families without crisis took crisis on route down to 23; crisis
# batch 8 (bereavement paperwork and moves among its quiet lines) and churn batch 7 (leaving in the words of a
# break-up) were written for this fit. Earlier sessions fitted one family at a time and shipped none: alone, a
# family's sentences taught the route column that family's words as its route ("account" and "cancel" as
# security; session 19, security and churn; session 22, crisis took safety and churn comments).
#   SENTENCES=none                    no sentences (the model shipped until session 32);
#   SENTENCES="FAMILY:KINDS ..."      FAMILY security, churn, crisis, abuse, legal, repeated-contact or safety,
#                                     KINDS fire,quiet or fire, e.g. SENTENCES="security:fire,quiet crisis:fire";
#   FAMILY:KINDS:whether              the fire lines with no route: they teach whether to escalate, not which
#                                     route;
#   fire,quiet or fire                security only (session 19's spelling).
# The reader needs a label; `--escalations` does not read it, so every line is given `complaint` and the file
# is never used for the lexicon. Security rows keep the ids they had in session 19 (batchN-kind-line).
SECURITY_BATCHES=(batch1 batch2 batch3 batch4 batch5 batch6 batch7)
CHURN_BATCHES=(batch1 batch2 batch3 batch4 batch5 batch7)
CRISIS_BATCHES=(batch1 batch2 batch3 batch4 batch5 batch6 batch8)
ABUSE_BATCHES=(batch1 batch2 batch3 batch4 batch5)
LEGAL_BATCHES=(batch1 batch2 batch3)
REPEATED_CONTACT_BATCHES=(batch1 batch2 batch3)
SAFETY_BATCHES=(batch1 batch2 batch3 batch4)
SHIPPED_FAMILIES=(security churn crisis abuse legal repeated-contact safety)
SENTENCES="${SENTENCES:-all}"
case "$SENTENCES" in
    fire,quiet|fire) SENTENCES="security:$SENTENCES" ;;
    all) SENTENCES="$(printf '%s:fire,quiet ' "${SHIPPED_FAMILIES[@]}")" ;;
esac
sentences=()
if [ "$ONLY" != lexicon ] && [ "$SENTENCES" != none ]; then
    python3 - "$SENTENCES" "security:${SECURITY_BATCHES[*]}" "churn:${CHURN_BATCHES[*]}" "crisis:${CRISIS_BATCHES[*]}" "abuse:${ABUSE_BATCHES[*]}" "legal:${LEGAL_BATCHES[*]}" "repeated-contact:${REPEATED_CONTACT_BATCHES[*]}" "safety:${SAFETY_BATCHES[*]}" > "$WORK/team-sentences.csv" <<'PY'
import csv, os, sys
batches = {family: names.split() for family, names in (arg.split(":", 1) for arg in sys.argv[2:])}
fire = {"security": ("high", "security"), "churn": ("medium", "churn"), "crisis": ("critical", "crisis"),
        "abuse": ("high", "abuse"), "legal": ("critical", "legal"), "repeated-contact": ("medium", "repeated-contact"),
        "safety": ("critical", "safety")}
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["id", "text", "label", "escalation", "route"])
for spec in sys.argv[1].split():
    family, kinds, *mode = spec.split(":")
    if family not in fire or not set(kinds.split(",")) <= {"fire", "quiet"} or mode not in ([], ["whether"]):
        sys.exit(f"fit-default-pack: SENTENCES: unknown {spec!r}")
    folder = f"fixtures/{family}-sentences"
    prefix = "" if family == "security" else f"{family}-"
    for batch in batches[family]:
        for kind in kinds.split(","):
            path = os.path.join(folder, f"{batch}-{kind}.txt")
            lines = [line.strip() for line in open(path, encoding="utf-8") if line.strip()]
            for number, text in enumerate(lines, 1):
                escalation, route = fire[family] if kind == "fire" else ("none", "none")
                if mode and kind == "fire":
                    route = ""  # escalated, route not said: teaches whether to escalate only
                out.writerow([f"{prefix}{batch}-{kind}-{number}", text, "complaint", escalation, route])
PY
    sentences=("$WORK/team-sentences.csv")
fi
if [ "$ONLY" != lexicon ]; then
    "$RAPPORT" lexicon --escalations --no-default-rules --rules rules/ "${probes[@]}" "${sentences[@]}" "$DATA/airline-dev.csv" \
        "$DATA/complaints-dev.csv" "$DATA/questions-dev.csv" "$DATA/spotify-care-dev.csv" "$DATA/spotify-escalations-dev.csv" \
        "${MODEL_OPTIONS[@]}" "${EXCLUDE[@]}" --caution "$CAUTION" "${PREFER[@]}" "${ROUTE_AT[@]}" "${CAUTION_LEAD[@]}" -o "$OUT/escalation-model.yaml" "$@"
fi
