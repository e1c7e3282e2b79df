#!/usr/bin/env bash
# Parallel scaling of `rapport classify`: records/s with --jobs 1 and --jobs 2 (best of 3 each, runs
# alternated so a change in machine load hits both), and the ratio; writing to stdout redirected to a
# file, and with -o (which waits for the disk at the end).
#
# Usage: scripts/bench-jobs.sh [N] [extra classify options...]
#   N defaults to 1000000; the corpus is cached in .build/bench/corpus-N.jsonl (as bench-classify.sh).
#   RAPPORT_BIN=path runs another binary (for example main's) instead of building this tree's.
# Also prints each best run's CPU-seconds per wall-second and the load average before the runs: on a
# shared machine a ratio measured under load says little.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"
shift || true

if [ -n "${RAPPORT_BIN:-}" ]; then
    BIN="$RAPPORT_BIN"
else
    swift build -c release --static-swift-stdlib --product rapport >&2
    BIN="$(swift build -c release --show-bin-path)/rapport"
fi
CORPUS="$(scripts/corpus.sh "$N")"
OUT=.build/bench/out-jobs.jsonl

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
python3 - "$BIN" "$CORPUS" "$OUT" "$N" "$@" <<'EOF'
import os, resource, subprocess, sys, time
binary, corpus, out, n, extra = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:]
# Two ways to write: stdout redirected to a file (a Unix filter), and `-o`, which also waits for the file
# to reach the disk (fsync) and renames it into place: that wait is the same with one job or two.
modes = ("stdout", "-o")
best = {}
for attempt in range(3):
    for mode in modes:
        for jobs in (1, 2):
            argv = [binary, "classify", "--quiet", "--jobs", str(jobs), *extra, corpus]
            # The previous run's output is removed and the disk synced first, so neither freeing its pages nor
            # writing them back falls in this run's time.
            if os.path.exists(out):
                os.remove(out)
            os.sync()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            if mode == "-o":
                subprocess.run(argv + ["-o", out], check=True)
            else:
                with open(out, "wb") as sink:
                    subprocess.run(argv, stdout=sink, check=True)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            if (mode, jobs) not in best or wall < best[mode, jobs][0]:
                best[mode, jobs] = (wall, cpu)
for mode in modes:
    for jobs in (1, 2):
        wall, cpu = best[mode, jobs]
        print(f"{mode:>6} --jobs {jobs}: {wall:6.2f} s  {n / wall:>11,.0f} records/s  {cpu / wall:.2f} CPU-s per s")
    print(f"{mode:>6} ratio --jobs 2 / --jobs 1: {best[mode, 1][0] / best[mode, 2][0]:.2f}x")
EOF
