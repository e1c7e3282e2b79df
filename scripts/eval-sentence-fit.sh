#!/usr/bin/env bash
# Counts what the team's sentences change when the escalation model is fitted with them (SENTENCES of
# scripts/fit-default-pack.sh), on data the fit never reads. Both fits read the tuning probe sets and half A
# of each dev set (scripts/half.py); one without sentences, one with SPEC. For each it prints, over the
# held-out probe sets (P2, P4, P6, P8, E2, E4, E6, E8, E10) and half B of spotify-escalations-dev and
# spotify-care-dev: false alarms (the pack escalates, people did not; spotify-escalations half B apart),
# people-escalated comments found, those on the route people gave and the routes the others were put on;
# then how many lines of the unseen sentence batches (security batch 4, churn batch 2) escalate.
# Counts only: no held-out row is printed.
#
# Usage: scripts/eval-sentence-fit.sh SPEC [SPEC...]   e.g. "security:fire,quiet:whether"
# Set RAPPORT=path/to/rapport to use a binary you built; otherwise a debug build is made.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/eval-common.sh
source scripts/eval-common.sh
eval_setup eval-sentence-fit
split_halves "$WORK"
rules_without escalation-model.yaml "$WORK/rules"
for spec in none "$@"; do
    echo "== SENTENCES=$spec"
    SENTENCES="$spec" RAPPORT="$RAPPORT" scripts/fit-default-pack.sh --data "$WORK/A" --out "$WORK" --only model > /dev/null
    python3 - "$RAPPORT" "$WORK" <<'PY'
import collections, csv, json, subprocess, sys
rapport, work = sys.argv[1:3]
pack = ["--no-default-rules", "--rules", f"{work}/rules", "--rules", f"{work}/escalation-model.yaml"]
held_out = [f"fixtures/probes/{name}.csv" for name in
            "inbound-p2 inbound-p4 inbound-p6 inbound-p8 escalation-e2 escalation-e4 escalation-e6 escalation-e8 escalation-e10".split()]
held_out += [f"{work}/B/spotify-escalations-dev.csv", f"{work}/B/spotify-care-dev.csv"]
def classify(args, **kwargs):
    run = subprocess.run([rapport, "classify", "--quiet", "--fields", "id,escalation", *pack, *args],
                         capture_output=True, text=True, check=True, **kwargs)
    return [json.loads(line) for line in run.stdout.splitlines()]
false_alarms = spotify_false = people = found = on_route = 0
elsewhere = collections.Counter()
for path in held_out:
    rows = {row["id"]: row for row in csv.DictReader(open(path, newline="", encoding="utf-8"))}
    for verdict in classify([path]):
        row = rows[str(verdict["id"])]
        escalated = row.get("escalation", "none") not in ("", "none")
        given = verdict.get("escalation")
        people += escalated
        if given and not escalated:
            false_alarms += 1
            spotify_false += "spotify-escalations" in path
        elif given:
            found += 1
            if given["route"] == row.get("route"):
                on_route += 1
            else:
                elsewhere[given["route"]] += 1
print(f"   held out: false alarms {false_alarms} ({spotify_false} on spotify-escalations half B); "
      f"people escalated {people}, found {found}, on their route {on_route}; "
      f"put on another route: {', '.join(f'{route} {n}' for route, n in sorted(elsewhere.items()))}")
for family, batch in (("security", "batch4"), ("churn", "batch2")):
    counts = []
    for kind in ("fire", "quiet"):
        with open(f"fixtures/{family}-sentences/{batch}-{kind}.txt", encoding="utf-8") as lines:
            verdicts = classify(["--input-format", "text"], stdin=lines)
        counts.append(f"{kind} {sum(1 for v in verdicts if v.get('escalation'))} of {len(verdicts)}")
    print(f"   unseen {family} {batch}: escalated {', '.join(counts)}")
PY
done
