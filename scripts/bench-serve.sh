#!/usr/bin/env bash
# Load benchmark of rapport-serve on loopback (release build), bounded in time and requests.
#
# Usage: scripts/bench-serve.sh [SECONDS] [N]
#   SECONDS per wrk run (default 10); N comments in the NDJSON batch (default 100000, the corpus of
#   scripts/gen-corpus.py, cached in .build/bench/).
# Prints: single-comment requests/s with keep-alive (wrk, 32 connections) and its p50/p99; p50/p99 at
# a lighter load (4 connections: wrk has no fixed-rate mode); NDJSON comments/s for one batch request,
# next to `rapport classify` on the same file; a slow reader of an NDJSON answer; the server's peak RSS
# (VmHWM) and current RSS after each phase.
# Needs wrk and curl (Debian: apt-get install -y wrk curl). Everything goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN="${1:-10}"
N="${2:-100000}"
PORT="${BENCH_PORT:-18581}"
command -v wrk >/dev/null || { echo "bench-serve: wrk is missing (apt-get install -y wrk)" >&2; exit 1; }

swift build -c release --static-swift-stdlib --product rapport-serve >&2
swift build -c release --static-swift-stdlib --product rapport >&2
BIN="$(swift build -c release --show-bin-path)"
mkdir -p .build/bench
CORPUS=".build/bench/corpus-$N.jsonl"
if [ ! -s "$CORPUS" ]; then
    python3 scripts/gen-corpus.py "$N" --seed 42 --output "$CORPUS.tmp"
    mv "$CORPUS.tmp" "$CORPUS"
fi

"$BIN/rapport-serve" --port "$PORT" --limit records=1000000 --limit body-bytes=1000000000 > .build/bench/serve.log 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    grep -q "listening on" .build/bench/serve.log && break
    sleep 0.1
done
URL="http://127.0.0.1:$PORT"

cat > .build/bench/post.lua <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"id": "c1", "author": "maya_k", "text": "Where is my package?? Ordered 2 weeks ago and tracking has not moved since Monday"}'
LUA

# Warm up, then measure.
wrk -t1 -c8 -d2s -s .build/bench/post.lua "$URL/v1/classify" > /dev/null
wrk -t1 -c32 -d"${SECONDS_PER_RUN}s" -s .build/bench/post.lua --latency "$URL/v1/classify" > .build/bench/wrk-32.txt
wrk -t1 -c4 -d"${SECONDS_PER_RUN}s" -s .build/bench/post.lua --latency "$URL/v1/classify" > .build/bench/wrk-4.txt

pick() { grep -E "^ +$2%" "$1" | awk '{print $2}'; }
rss() { echo "peak RSS so far $(grep VmHWM "/proc/$SERVER/status" | awk '{print $2, $3}'), now $(grep VmRSS "/proc/$SERVER/status" | awk '{print $2, $3}')"; }
echo "single comment, keep-alive, 32 connections: $(grep Requests/sec .build/bench/wrk-32.txt | awk '{print $2}') requests/s, p50 $(pick .build/bench/wrk-32.txt 50), p99 $(pick .build/bench/wrk-32.txt 99), non-2xx: $(grep -c Non-2xx .build/bench/wrk-32.txt || true)"
echo "single comment, keep-alive, 4 connections:  $(grep Requests/sec .build/bench/wrk-4.txt | awk '{print $2}') requests/s, p50 $(pick .build/bench/wrk-4.txt 50), p99 $(pick .build/bench/wrk-4.txt 99)"

echo "server after the single-comment runs: $(rss)"

# A slow reader (2 MB/s) of a 20,000-comment NDJSON answer: with backpressure the server holds at most
# about 1 MiB of answer for it, however far behind the reader is.
head -n 20000 "$CORPUS" > .build/bench/slow.jsonl
curl -sS --max-time 120 --limit-rate 2M -o .build/bench/slow-out.jsonl -H "Content-Type: application/x-ndjson" \
    --data-binary @.build/bench/slow.jsonl "$URL/v1/classify"
echo "slow reader (2 MB/s): $(wc -l < .build/bench/slow-out.jsonl) verdicts for 20000 comments; server $(rss)"

# One NDJSON batch of N comments, and the CLI on the same file.
start=$(date +%s.%N)
curl -sS --max-time 300 -o .build/bench/serve-out.jsonl -H "Content-Type: application/x-ndjson" --data-binary "@$CORPUS" "$URL/v1/classify"
end=$(date +%s.%N)
LINES=$(wc -l < .build/bench/serve-out.jsonl)
echo "NDJSON batch: $LINES verdicts for $N comments, $(python3 -c "print(f'{$N / ($end - $start):,.0f}')") comments/s (one request)"
start=$(date +%s.%N)
"$BIN/rapport" classify --quiet "$CORPUS" -o .build/bench/cli-out.jsonl || true
end=$(date +%s.%N)
echo "rapport classify, same file: $(python3 -c "print(f'{$N / ($end - $start):,.0f}')") comments/s"
if cmp -s .build/bench/serve-out.jsonl .build/bench/cli-out.jsonl; then echo "the service's and the CLI's output are the same bytes"; else echo "the service's and the CLI's output DIFFER"; fi
echo "server after the NDJSON batch: $(rss)"
