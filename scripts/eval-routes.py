#!/usr/bin/env python3
"""Counts, per escalation route, how the default pack treats the team's probe comments (fixtures/probes):
for the comments people routed to it, how many the pack escalates and how many on that route; for the
pack's escalations on it, how many people escalated at all; and how many comments the escalation model
reads as its case short of escalating (the caution zone, where the route's `caution:` replies come first
when the pack has them). Tuning and held-out sets are summed apart. Counts only: no comment text is
printed, so the held-out sets stay unread.

Usage: scripts/eval-routes.py [path/to/rapport] [-- classify options, e.g. --rules my-layer/]
(default binary: a debug build, built if needed)
The caution counts come from a layer written to a temporary directory that gives every route a marker
caution reply; the shipped replies are not changed.
"""
import collections, csv, json, os, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
probes = os.path.join(root, "fixtures", "probes")
args = sys.argv[1:]
extra = []
if "--" in args:
    at = args.index("--")
    args, extra = args[:at], args[at + 1:]
if args:
    binary = args[0]
else:
    subprocess.run(["swift", "build", "--product", "rapport"], cwd=root, check=True, stdout=sys.stderr)
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=root, check=True, capture_output=True, text=True).stdout.strip()
    binary = os.path.join(bin_path, "rapport")
tuning = ["inbound-p1", "inbound-p3", "inbound-p5", "inbound-p7", "escalation-e1", "escalation-e3", "escalation-e5", "escalation-e7", "escalation-e9"]
held_out = ["inbound-p2", "inbound-p4", "inbound-p6", "inbound-p8", "escalation-e2", "escalation-e4", "escalation-e6", "escalation-e8", "escalation-e10"]
routes = ["abuse", "churn", "crisis", "legal", "regulator-press", "repeated-contact", "safety", "security"]
marker = "CAUTION-ROUTE:"

with tempfile.TemporaryDirectory() as work:
    layer = os.path.join(work, "caution-markers.yaml")
    with open(layer, "w") as out:
        out.write("rapport: 1\nreplies:\n  caution:\n")
        for route in routes:
            out.write(f'    {route}: ["{marker}{route}"]\n')

    def run(name):
        path = os.path.join(probes, name + ".csv")
        rows = {r["id"]: r for r in csv.DictReader(open(path, newline="", encoding="utf-8"))}
        argv = [binary, "classify", "--quiet", *extra, "--rules", layer, "--fields", "id,escalation,suggestions", path]
        done = subprocess.run(argv, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"eval-routes: {' '.join(argv)} failed: {done.stderr.strip()}")
        for line in done.stdout.splitlines():
            verdict = json.loads(line)
            yield rows[str(verdict["id"])], verdict

    for title, sets in (("tuning sets (in-sample)", tuning), ("held-out sets", held_out)):
        people = collections.Counter(); escalated = collections.Counter(); on_route = collections.Counter()
        flags = collections.Counter(); warranted = collections.Counter()
        caution = collections.Counter(); caution_right = collections.Counter()
        for name in sets:
            for row, verdict in run(name):
                gold = row.get("route") or ""
                route = (verdict.get("escalation") or {}).get("route")
                first = (verdict.get("suggestions") or [""])[0]
                if gold in routes:
                    people[gold] += 1
                    escalated[gold] += route is not None
                    on_route[gold] += route == gold
                if route in routes:
                    flags[route] += 1
                    warranted[route] += row.get("escalation") not in (None, "", "none")
                if first.startswith(marker):
                    read = first[len(marker):]
                    caution[read] += 1
                    caution_right[read] += gold == read
        print(f"== {title}: {', '.join(sets)}")
        print(f"{'route':<18}{'people':>7}{'escalated':>10}{'on route':>9}{'pack flags':>11}{'warranted':>10}{'caution':>8}{'its route':>10}")
        for route in routes:
            print(f"{route:<18}{people[route]:>7}{escalated[route]:>10}{on_route[route]:>9}{flags[route]:>11}{warranted[route]:>10}{caution[route]:>8}{caution_right[route]:>10}")
        total = [sum(c.values()) for c in (people, escalated, on_route, flags, warranted, caution, caution_right)]
        print(f"{'all':<18}" + "".join(f"{v:>{w}}" for v, w in zip(total, (7, 10, 9, 11, 10, 8, 10))))
