#!/usr/bin/env bash
# Prints the path of the deterministic N-comment JSONL corpus (seed 42), generating it into
# .build/bench/corpus-N.jsonl the first time.
#
# Usage: scripts/corpus.sh N
set -euo pipefail
cd "$(dirname "$0")/.."
N="$1"
mkdir -p .build/bench
CORPUS=".build/bench/corpus-$N.jsonl"
if [ ! -s "$CORPUS" ]; then
    echo "generating $N comments into $CORPUS" >&2
    python3 scripts/gen-corpus.py "$N" --seed 42 --output "$CORPUS.tmp"
    mv "$CORPUS.tmp" "$CORPUS"
fi
echo "$CORPUS"
