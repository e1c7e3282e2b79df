#!/usr/bin/env bash
# What pack size costs: `rapport classify` with a generated 100-rule pack and a generated 10,000-rule
# pack (scripts/gen-pack.py, seed 7; the small pack's rules are the first rules of the large one), on the
# same corpus. Callgrind instruction counts are steady on a busy machine; the times are not.
#
# Usage: scripts/bench-pack-size.sh [SMALL] [LARGE]
#   SMALL, LARGE  rule counts, default 100 and 10000
# BIN names a release binary already built (no build is run then). Needs valgrind and python3.
#
# Prints, for each pack:
#   - callgrind instructions per comment: 20,000 comments minus an empty input, --jobs 1
#   - pack load: the instructions of the empty-input run (start-up, load, compile) and its wall time
#     (best of 3)
# and the ratio of the large pack's instructions per comment to the small pack's.
set -euo pipefail
cd "$(dirname "$0")/.."
SMALL="${1:-100}"
LARGE="${2:-10000}"
if [ -z "${BIN:-}" ]; then
    swift build -c release --static-swift-stdlib --product rapport >&2
    BIN="$(swift build -c release --show-bin-path)/rapport"
fi
COMMENTS=20000
CORPUS=$(scripts/corpus.sh "$COMMENTS")
EMPTY=.build/bench/empty.jsonl
: > "$EMPTY"

instructions() { # PACK INPUT -> instruction count of one run
    local out
    out=$(mktemp)
    SWIFT_DETERMINISTIC_HASHING=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" classify --jobs 1 \
        --quiet --no-default-rules --rules "$1" "$2" 2> "$out" > /dev/null || true
    grep -E '== Collected :|I *refs:' "$out" | tail -1 | tr -d ', ' | grep -oE '[0-9]+$'
    rm -f "$out"
}

load_seconds() { # PACK -> best of 3 wall-clock seconds on the empty input
    python3 - "$BIN" "$1" "$EMPTY" <<'EOF'
import subprocess, sys, time
binary, pack, empty = sys.argv[1:4]
times = []
for _ in range(3):
    start = time.perf_counter()
    subprocess.run([binary, "classify", "--quiet", "--no-default-rules", "--rules", pack, empty],
                   stdout=subprocess.DEVNULL, check=True)
    times.append(time.perf_counter() - start)
best = min(times)
print(f"{best:.3f}")
EOF
}

echo "binary $BIN, corpus $CORPUS ($COMMENTS comments), --jobs 1"
declare -A PER
for rules in "$SMALL" "$LARGE"; do
    PACK=".build/bench/pack-$rules"
    python3 scripts/gen-pack.py "$rules" --output "$PACK"
    patterns=$(grep -c '^      - ' "$PACK/rules.yaml")
    full=$(instructions "$PACK" "$CORPUS")
    empty=$(instructions "$PACK" "$EMPTY")
    PER[$rules]=$(python3 -c "print(($full - $empty) / $COMMENTS)")
    python3 -c "print(f'  {$rules:>6} rules ({$patterns} patterns): {${PER[$rules]}:,.0f} instructions per comment; '
                      f'load {$empty:,} instructions, $(load_seconds "$PACK") s')"
done
python3 -c "print(f'  ratio {$LARGE}/{$SMALL} rules: {${PER[$LARGE]} / ${PER[$SMALL]}:.2f}x instructions per comment (target <= 1.2x)')"
