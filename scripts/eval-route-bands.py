#!/usr/bin/env python3
"""How a per-route threshold (`route_at:` in the escalation model) would change what the default pack
escalates, band by band, counts only: the escalation model is fitted to half A of each dev set in
../shared/eval and the team's tuning probe sets (scripts/fit-default-pack.sh --only model, the shipped
options), then read with no `caution`, `prefer` or `route_at` and a low `at`, so that every comment no rule
escalates and whose probability reaches 0.5 shows which route sums highest (the route `route_at` is looked
up by) and in which band its probability lies. Per route and band: comments people escalated / comments
they did not ("?" where the set has no escalation labels).

The tuning rows (sets the model is fitted to) are where a threshold is chosen; with --held-out the
held-out probe sets, half B of the care sets and half B of the sets without escalation labels follow,
to measure the choice afterwards. No comment text is printed.

Usage: scripts/eval-route-bands.py [--held-out] [path/to/rapport]   (default: a debug build)
Without ../shared/eval it says so and exits 0.
"""
import collections, csv, json, os, re, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = os.path.join(root, "..", "shared", "eval")
args = sys.argv[1:]
held_out = "--held-out" in args
args = [a for a in args if a != "--held-out"]
if not os.path.isdir(data):
    print("eval-route-bands: ../shared/eval is absent; skipping", file=sys.stderr)
    sys.exit(0)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from escalation_fit import fit_half_a, rapport_binary  # noqa: E402

binary = rapport_binary(root, args[0] if args else None)
probes = os.path.join(root, "fixtures", "probes")
bands = [0.9, 0.8, 0.7, 0.6, 0.5]
work = tempfile.mkdtemp(prefix="route-bands-")
rules, halves, model = fit_half_a(root, binary, work, 0.5)


def count(files):
    """Per (route, band, ok|no|?): the model's escalations on `files`."""
    counts = collections.Counter()
    for path in files:
        with open(path, newline="", encoding="utf-8") as source:
            rows = {row["id"]: row for row in csv.DictReader(source)}
        argv = [binary, "classify", "--quiet", "--no-default-rules", "--rules", rules, "--rules", model, "--fields", "id,escalation", path]
        for line in subprocess.run(argv, check=True, capture_output=True, text=True).stdout.splitlines():
            verdict = json.loads(line)
            escalation = verdict.get("escalation")
            if not escalation or not escalation["reasons"][0].startswith("Learned:"):
                continue
            probability = float(re.search(r"\(([0-9.]+)", escalation["reasons"][0]).group(1))
            band = next((b for b in bands if probability >= b), None)
            if band is None:
                continue
            people = rows[str(verdict["id"])].get("escalation")
            kind = "?" if people is None else ("ok" if people not in ("", "none") else "no")
            counts[(escalation["route"], band, kind)] += 1
    return counts


def show(title, files):
    counts = count(files)
    print(f"== {title}")
    print(f"{'route':<17}" + "".join(f"{'from %.1f' % b:>12}" for b in bands))
    for route in sorted({key[0] for key in counts}):
        cells = []
        for band in bands:
            if counts[(route, band, "?")]:
                cells.append(str(counts[(route, band, "?")]))
            else:
                cells.append(f"{counts[(route, band, 'ok')]}/{counts[(route, band, 'no')]}")
        print(f"{route:<17}" + "".join(f"{cell:>12}" for cell in cells))


def probe(*names):
    return [os.path.join(probes, name + ".csv") for name in names]


show("tuning probe sets (fitted): E1, E3, E5, E7, E9, P1, P3, P5, P7",
     probe("escalation-e1", "escalation-e3", "escalation-e5", "escalation-e7", "escalation-e9", "inbound-p1", "inbound-p3", "inbound-p5", "inbound-p7"))
if held_out:
    show("held-out probe sets: E2, E4, E6, E8, E10", probe("escalation-e2", "escalation-e4", "escalation-e6", "escalation-e8", "escalation-e10"))
    show("held-out probe sets: P2, P4, P6, P8", probe("inbound-p2", "inbound-p4", "inbound-p6", "inbound-p8"))
    show("half B: spotify-escalations-dev, spotify-care-dev", [os.path.join(halves["B"], n) for n in ("spotify-escalations-dev.csv", "spotify-care-dev.csv")])
    show("half B, no escalation labels: airline-dev, complaints-dev, questions-dev (flags)",
         [os.path.join(halves["B"], n) for n in ("airline-dev.csv", "complaints-dev.csv", "questions-dev.csv")])
subprocess.run(["rm", "-rf", work])
