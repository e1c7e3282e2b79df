#!/usr/bin/env bash
# `rapport classify` of this checkout against an earlier revision: callgrind instructions per record and
# wall-clock seconds on the same corpus and the same rule pack.
#
# Usage: scripts/bench-vs-base.sh REV [N] [ROUNDS]
#   REV     the revision to compare with (its release binary is built in .build/bench/rev-REV, a git
#           worktree, unless BASE_BIN names a binary already built from it)
#   N       wall-clock corpus size, default 1000000 (instructions always use 20,000 comments)
#   ROUNDS  wall-clock runs per command, default 5; the commands are interleaved round by round so
#           both binaries see the same machine load
# OURS_BIN names this checkout's release binary when it is already built (no build is run then).
#
# The pack is REV's rules/ (written to .build/bench/rules-REV, loaded with --no-default-rules), so both
# binaries run the same rules; PACK=DIR uses another pack. Needs valgrind and python3.
# Output goes to stdout redirected to /dev/null (never `-o /dev/null`: older binaries replace the path).
set -euo pipefail
cd "$(dirname "$0")/.."
REV="${1:?usage: scripts/bench-vs-base.sh REV [N] [ROUNDS]}"
N="${2:-1000000}"
ROUNDS="${3:-5}"
SHORT=$(git rev-parse --short "$REV")
mkdir -p .build/bench

corpus() {
    local file=".build/bench/corpus-$1.jsonl"
    if [ ! -s "$file" ]; then
        python3 scripts/gen-corpus.py "$1" --seed 42 --output "$file.tmp" >&2
        mv "$file.tmp" "$file"
    fi
    echo "$file"
}

if [ -z "${BASE_BIN:-}" ]; then
    TREE=".build/bench/rev-$SHORT"
    [ -d "$TREE" ] || git worktree add --detach "$TREE" "$REV" >&2
    (cd "$TREE" && swift build -c release --static-swift-stdlib --product rapport >&2)
    BASE_BIN="$TREE/.build/release/rapport"
fi
if [ -z "${OURS_BIN:-}" ]; then
    swift build -c release --static-swift-stdlib --product rapport >&2
    OURS_BIN="$(swift build -c release --show-bin-path)/rapport"
fi
OURS="$OURS_BIN"

PACK="${PACK:-.build/bench/rules-$SHORT}"
if [ ! -d "$PACK" ]; then
    mkdir -p "$PACK"
    for file in $(git ls-tree --name-only "$REV" rules/); do git show "$REV:$file" > "$PACK/$(basename "$file")"; done
fi

SMALL=$(corpus 20000)
BIG=$(corpus "$N")
EMPTY=.build/bench/empty.jsonl
: > "$EMPTY"

instructions() { # BIN INPUT -> instruction count of one run
    local out
    out=$(mktemp)
    SWIFT_DETERMINISTIC_HASHING=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" classify --jobs 1 --quiet \
        --no-default-rules --rules "$PACK" "$2" 2> "$out" > /dev/null || true
    grep -E '== Collected :|I *refs:' "$out" | tail -1 | tr -d ', ' | grep -oE '[0-9]+$'
    rm -f "$out"
}

echo "revision $SHORT ($BASE_BIN) against this checkout ($OURS), pack $PACK"
echo
echo "callgrind instructions per record (20,000 comments minus an empty input, --jobs 1):"
for side in "$SHORT:$BASE_BIN" "this:$OURS"; do
    name="${side%%:*}" bin="${side#*:}"
    full=$(instructions "$bin" "$SMALL")
    empty=$(instructions "$bin" "$EMPTY")
    python3 -c "print(f'  {\"$name\":>8}: {($full - $empty) / 20000:,.0f}')"
done

echo
echo "wall clock, $N comments, $ROUNDS interleaved rounds (median, min-max seconds):"
python3 - "$BASE_BIN" "$OURS" "$BIG" "$PACK" "$ROUNDS" "$SHORT" <<'EOF'
import statistics, subprocess, sys, time
base, ours, corpus, pack, rounds, short = sys.argv[1:7]
commands = []
for jobs in (["--jobs", "1"], []):
    for name, binary in ((short, base), ("this", ours)):
        label = f"{name:>8} {'--jobs 1' if jobs else 'all jobs'}"
        commands.append((label, [binary, "classify", "--quiet", *jobs, "--no-default-rules", "--rules", pack, corpus]))
times = {label: [] for label, _ in commands}
for _, argv in commands:  # warm-up: page cache and binaries
    subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
for _ in range(int(rounds)):
    for label, argv in commands:
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
        times[label].append(time.perf_counter() - start)
for label, values in times.items():
    print(f"  {label}: {statistics.median(values):.3f} s ({min(values):.3f}-{max(values):.3f})")
for jobs in ("--jobs 1", "all jobs"):
    b = statistics.median(times[f"{short:>8} {jobs}"])
    o = statistics.median(times[f"{'this':>8} {jobs}"])
    print(f"  {jobs}: this checkout takes {100 * (o / b - 1):+.1f} % of {short}'s time (medians)")
EOF
