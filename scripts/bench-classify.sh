#!/usr/bin/env bash
# Throughput and memory of `rapport classify` on a deterministic corpus (release build).
#
# Usage: scripts/bench-classify.sh [N] [extra classify options...]
#   N defaults to 1000000. The corpus is cached in .build/bench/corpus-N.jsonl.
# Prints records/s and peak RSS (from /usr/bin/time -v, or bash's time when it is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"
shift || true

swift build -c release --static-swift-stdlib --product rapport >&2
BIN="$(swift build -c release --show-bin-path)/rapport"
CORPUS="$(scripts/corpus.sh "$N")"
BYTES=$(stat -c %s "$CORPUS")
OUT=.build/bench/out.jsonl
LOG=.build/bench/time.log

start=$(date +%s.%N)
if [ -x /usr/bin/time ]; then
    /usr/bin/time -v "$BIN" classify --quiet "$@" "$CORPUS" -o "$OUT" 2> "$LOG" || status=$?
else
    "$BIN" classify --quiet "$@" "$CORPUS" -o "$OUT" 2> "$LOG" || status=$?
fi
end=$(date +%s.%N)
status="${status:-0}"

LINES=$(wc -l < "$OUT")
SECONDS_TAKEN=$(python3 -c "print(f'{$end - $start:.2f}')")
RATE=$(python3 -c "print(f'{$N / ($end - $start):,.0f}')")
MBS=$(python3 -c "print(f'{$BYTES / 1e6 / ($end - $start):.1f}')")
RSS=$(grep -E 'Maximum resident set size' "$LOG" | awk '{print $NF}' || true)
echo "records:     $N ($((BYTES / 1000000)) MB of JSONL), output lines: $LINES, exit status: $status"
echo "time:        ${SECONDS_TAKEN}s"
echo "throughput:  $RATE records/s ($MBS MB/s)"
if [ -n "$RSS" ]; then echo "peak RSS:    $((RSS / 1024)) MB"; else echo "peak RSS:    (install GNU time for /usr/bin/time -v)"; fi
