#!/usr/bin/env bash
# Times the learning commands with a release build on the shared airline dev set (14,640 rows):
# `rapport tune` (target: under 10 s) and `rapport suggest` (target: under 30 s; also shown on
# complaints-dev, the figure of the README), and prints the
# held-out figures they report. A benchmark that prints figures, not a test: the machine is shared,
# so wall-clock time is noisy; user+sys CPU time is printed too.
#
# Usage: scripts/bench-learn.sh [runs]      (default 1 run of each)
# Set RAPPORT=path/to/rapport to use a binary you built; otherwise a release build is made.
# The data is never copied into the repository; without ../shared/eval the script says so and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${1:-1}"
DATA=../shared/eval/airline-dev.csv
if [ ! -f "$DATA" ]; then
    echo "bench-learn: $DATA is absent; skipping the benchmark" >&2
    exit 0
fi
if [ -z "${RAPPORT:-}" ]; then
    swift build -c release --static-swift-stdlib --product rapport >&2
    RAPPORT="$(swift build -c release --show-bin-path)/rapport"
fi
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

# bench NAME ARGS...: runs `rapport ARGS...` RUNS times, printing wall and CPU seconds of each run.
bench() {
    local name="$1"
    shift
    for run in $(seq 1 "$RUNS"); do
        local start end
        start=$(date +%s.%N)
        /usr/bin/time -f "%U %S" -o "$OUT/time" "$RAPPORT" "$@" >"$OUT/$name.out"
        end=$(date +%s.%N)
        read -r user sys <"$OUT/time"
        printf '%-8s run %d: %6.2f s wall, %6.2f s CPU (user+sys)\n' "$name" "$run" "$(echo "$end - $start" | bc)" "$(echo "$user + $sys" | bc)"
    done
    sed 's/^/    /' "$OUT/$name.out"
}

echo "== $DATA ($(($(wc -l <"$DATA") - 1)) lines), $(nproc) cores"
bench tune tune "$DATA" --map question=other -o "$OUT/tuned.yaml"
bench suggest suggest ../shared/eval/complaints-dev.csv --label complaint --top 10 -o "$OUT/drafts.yaml"
bench suggest suggest "$DATA" --label complaint --map question=other --top 10 -o "$OUT/drafts.yaml"
