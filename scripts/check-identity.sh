#!/usr/bin/env bash
# Checks that `rapport classify` writes the same bytes as a reference build: on every input file under
# fixtures/ (default pack, JSON Lines out; the fixtures/eval files also with their own pack and
# --keep-fields), on 20,000 generated odd and broken JSON records (scripts/gen-odd-records.py: error
# messages and places, repeated and escaped keys; JSON Lines and a JSON array) and on a generated corpus
# (default 200,000 comments, seed 42); and that `rapport explain --why-not` answers the same on each
# line of fixtures/comments/comments.txt.
#
# Usage: scripts/check-identity.sh [REF] [N]
#   REF  a git revision (built once, in a temporary worktree, into .build/identity/<commit>/) or the
#        path of a rapport executable; default: $RAPPORT_REFERENCE, else main.
#   N    corpus size, default 200000 (cached in .build/bench/corpus-N.jsonl).
# Prints "same" or "DIFFERENT" per file and exits 1 when any file differs.
set -euo pipefail
cd "$(dirname "$0")/.."
REF="${1:-${RAPPORT_REFERENCE:-main}}"
N="${2:-200000}"

if [ -x "$REF" ] && [ -f "$REF" ]; then
    REF_BIN="$(cd "$(dirname "$REF")" && pwd)/$(basename "$REF")"
    REF_NAME="$REF_BIN"
else
    COMMIT="$(git rev-parse --verify "$REF^{commit}")"
    REF_NAME="$REF ($COMMIT)"
    REF_DIR=".build/identity/$COMMIT"
    REF_BIN="$PWD/$REF_DIR/rapport"
    if [ ! -x "$REF_BIN" ]; then
        TREE="$(mktemp -d)/tree"
        echo "building the reference $REF_NAME in $TREE" >&2
        git worktree add --detach --quiet "$TREE" "$COMMIT"
        trap 'git worktree remove --force "$TREE"; rm -rf "$(dirname "$TREE")"' EXIT
        (cd "$TREE" && swift build -c release --static-swift-stdlib --product rapport >&2)
        mkdir -p "$REF_DIR"
        cp "$(cd "$TREE" && swift build -c release --show-bin-path)/rapport" "$REF_BIN"
    fi
fi

echo "building the current tree" >&2
# SCRATCH_PATH: build the current tree there instead of .build (as `swift build --scratch-path`).
BUILD=(swift build -c release --static-swift-stdlib ${SCRATCH_PATH:+--scratch-path "$SCRATCH_PATH"})
"${BUILD[@]}" --product rapport >&2
NEW_BIN="$("${BUILD[@]}" --show-bin-path)/rapport"

CORPUS="$(scripts/corpus.sh "$N")"
ODD=".build/bench/odd-20000"
[ -s "$ODD.jsonl" ] || python3 scripts/gen-odd-records.py 20000 --seed 7 --output "$ODD"

OUT="$(mktemp -d)"
failures=0
checked=0
# compare NAME [classify arguments...]: runs both binaries, compares standard output, the output file
# and the exit status.
compare() {
    local name="$1"; shift
    local status_ref=0 status_new=0
    "$REF_BIN" classify --quiet --output-format jsonl "$@" -o "$OUT/ref.out" > "$OUT/ref.stdout" 2> "$OUT/ref.stderr" || status_ref=$?
    "$NEW_BIN" classify --quiet --output-format jsonl "$@" -o "$OUT/new.out" > "$OUT/new.stdout" 2> "$OUT/new.stderr" || status_new=$?
    checked=$((checked + 1))
    if [ "$status_ref" = "$status_new" ] && cmp -s "$OUT/ref.out" "$OUT/new.out" && cmp -s "$OUT/ref.stdout" "$OUT/new.stdout"; then
        printf 'same       %-44s %8d bytes, exit %s\n' "$name" "$(stat -c %s "$OUT/new.out")" "$status_new"
    else
        failures=$((failures + 1))
        printf 'DIFFERENT  %-44s exit %s vs %s; %s\n' "$name" "$status_ref" "$status_new" \
            "$(cmp "$OUT/ref.out" "$OUT/new.out" 2>&1 | head -1)"
    fi
    rm -f "$OUT/ref.out" "$OUT/new.out"
}

echo "reference: $REF_NAME"
echo "current:   $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Package.swift rules || echo ' + uncommitted changes')"
for file in fixtures/comments/* fixtures/eval/*.csv fixtures/eval/*.json fixtures/eval/*.jsonl fixtures/eval/*.tsv fixtures/cli/*.csv; do
    compare "$file" "$file"
done
for file in fixtures/eval/fields.*; do
    compare "$file (fields-pack, --keep-fields)" --rules fixtures/eval/fields-pack.yaml --keep-fields text "$file"
done
compare "fixtures/comments (all, one run)" fixtures/comments/*
for file in "$ODD.jsonl" "$ODD.json"; do
    compare "$file" "$file"
    compare "$file (fields-pack, --keep-fields)" --rules fixtures/eval/fields-pack.yaml \
        --keep-fields text,id,author,author.followers,a.b,K,list "$file"
done
# explain and --why-not on each line of comments.txt, text and JSON, all answers in one file per binary.
for format in text json; do
    for bin in "$REF_BIN" "$NEW_BIN"; do
        while IFS= read -r line; do
            "$bin" explain --format "$format" --why-not complaint.late-delivery --why-not question.direct \
                --why-not praise.thanks --why-not escalate.legal --author @ana -- "$line" || echo "exit $?"
        done < fixtures/comments/comments.txt > "$OUT/explain-$([ "$bin" = "$REF_BIN" ] && echo ref || echo new)" 2>&1
    done
    checked=$((checked + 1))
    if cmp -s "$OUT/explain-ref" "$OUT/explain-new"; then
        printf 'same       %-44s %8d bytes\n' "explain --why-not, $format (comments.txt)" "$(stat -c %s "$OUT/explain-new")"
    else
        failures=$((failures + 1))
        printf 'DIFFERENT  %-44s %s\n' "explain --why-not, $format (comments.txt)" "$(cmp "$OUT/explain-ref" "$OUT/explain-new" 2>&1 | head -1)"
    fi
done
compare "$CORPUS" --jobs 2 "$CORPUS"
compare "$CORPUS (--jobs 1)" --jobs 1 "$CORPUS"
rm -rf "$OUT"
if [ "$failures" -eq 0 ]; then
    echo "PASS: $checked runs byte-identical"
else
    echo "FAIL: $failures of $checked runs differ"
    exit 1
fi
