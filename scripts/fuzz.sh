#!/usr/bin/env bash
# Builds the libFuzzer harnesses in Fuzz/ (plain swiftc, -sanitize=fuzzer,address) and runs each one.
#
#   scripts/fuzz.sh [seconds-per-harness] [harness...]     harnesses: pack when classify jsonl json csv
#
# Everything lives in .build/fuzz (or $FUZZ_BUILD_DIR): objects, binaries, the corpora (seeded from fixtures/ and rules/
# at every run, then kept and grown between runs), logs, and findings/<harness>/ (crash inputs).
# Exit status: 0 when no harness found anything (or the sanitizer runtime is missing: a notice is
# printed and nothing runs), 1 when a harness crashed, 2 when the harnesses do not build.
# FUZZ_OPT (default -O) sets the optimisation level. Harnesses run one after the other (2 cores here).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
all=(pack when classify jsonl json csv)
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=("${all[@]}")
B=${FUZZ_BUILD_DIR:-.build/fuzz}
opt=${FUZZ_OPT:--O}
mkdir -p "$B/logs"
# Swift's own crash backtracer reads foreign memory (ASan reports that); libFuzzer prints the stack.
# LeakSanitizer is off: it cannot see the pointers Swift packs into enum payloads and reports
# the embedded pack (held for the life of the process) as leaked. Memory growth is caught by -rss_limit_mb.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

# 1. Is the sanitizer runtime there? Without it, say so and skip rather than fail.
probe="$B/probe.swift"
printf '@_cdecl("LLVMFuzzerTestOneInput") public func f(_ d: UnsafePointer<UInt8>, _ n: Int) -> CInt { 0 }\n' > "$probe"
if ! swiftc -sanitize=fuzzer,address -parse-as-library "$probe" -o "$B/probe" >"$B/logs/probe.log" 2>&1; then
    echo "fuzz: notice: swiftc cannot build with -sanitize=fuzzer,address here (no libFuzzer/ASan runtime?); fuzzing skipped"
    sed 's/^/fuzz:   /' "$B/logs/probe.log" | head -5
    exit 0
fi

# 2. Build the modules and the harnesses, unless nothing changed since the last build.
flags=(-swift-version 6 -enable-upcoming-feature ExistentialAny -enable-upcoming-feature InternalImportsByDefault
       -package-name rapport "$opt" -g -parse-as-library -enable-testing -sanitize=fuzzer,address -I "$B" -I Sources/CLibYAML)
support_sources=(Sources/RapportSupport/*.swift)
yaml_sources=(Sources/RapportYAML/*.swift)
mapfile -t rapport_sources < <(find Sources/Rapport -name '*.swift' | sort)
mapfile -t io_sources < <(find Sources/RapportIO -name '*.swift' | sort)
lib_stamp=$( (echo "${flags[*]}"; swiftc --version 2>&1; cat "${support_sources[@]}" "${yaml_sources[@]}" "${rapport_sources[@]}" "${io_sources[@]}" \
              Sources/rapport-embed/main.swift rules/*.yaml) | sha256sum | cut -c1-16)
harness_stamp=$( (echo "$lib_stamp"; cat Fuzz/*.swift) | sha256sum | cut -c1-16)
build() {
    swiftc "${flags[@]}" "$@" >>"$B/logs/build.log" 2>&1 || { grep -v 'ld.gold: warning' "$B/logs/build.log" >&2; echo "fuzz: build failed" >&2; exit 2; }
}
: > "$B/logs/build.log"
if [ "$(cat "$B/lib.stamp" 2>/dev/null)" != "$lib_stamp" ]; then
    echo "fuzz: building the library modules ($opt, -sanitize=fuzzer,address)"
    rm -f "$B/lib.stamp" "$B/harness.stamp"
    swiftc Sources/rapport-embed/main.swift -o "$B/rapport-embed" >>"$B/logs/build.log" 2>&1
    "$B/rapport-embed" "$B/EmbeddedRules.swift" rules/*.yaml
    build -module-name RapportSupport -emit-module -emit-module-path "$B/RapportSupport.swiftmodule" -wmo -c "${support_sources[@]}" -o "$B/RapportSupport.o"
    build -module-name RapportYAML -emit-module -emit-module-path "$B/RapportYAML.swiftmodule" -wmo -c "${yaml_sources[@]}" -o "$B/RapportYAML.o"
    build -module-name Rapport -emit-module -emit-module-path "$B/Rapport.swiftmodule" -wmo -c "${rapport_sources[@]}" "$B/EmbeddedRules.swift" -o "$B/Rapport.o"
    build -module-name RapportIO -emit-module -emit-module-path "$B/RapportIO.swiftmodule" -wmo -c "${io_sources[@]}" -o "$B/RapportIO.o"
    echo "$lib_stamp" > "$B/lib.stamp"
fi
if [ "$(cat "$B/harness.stamp" 2>/dev/null)" != "$harness_stamp" ]; then
    echo "fuzz: linking the harnesses"
    objects=("$B/RapportSupport.o" "$B/RapportYAML.o" "$B/Rapport.o")
    build -module-name FuzzPack Fuzz/FuzzPack.swift Fuzz/Check.swift "${objects[@]}" "$B/RapportIO.o" -lyaml -o "$B/fuzz-pack"
    build -module-name FuzzWhen Fuzz/FuzzWhen.swift Fuzz/Check.swift "${objects[@]}" -lyaml -o "$B/fuzz-when"
    build -module-name FuzzClassify Fuzz/FuzzClassify.swift Fuzz/Check.swift "${objects[@]}" "$B/RapportIO.o" -lyaml -o "$B/fuzz-classify"
    build -module-name FuzzJSONL -D FUZZ_JSONL Fuzz/FuzzReader.swift Fuzz/Check.swift "${objects[@]}" "$B/RapportIO.o" -lyaml -o "$B/fuzz-jsonl"
    build -module-name FuzzJSON -D FUZZ_JSON Fuzz/FuzzReader.swift Fuzz/Check.swift "${objects[@]}" "$B/RapportIO.o" -lyaml -o "$B/fuzz-json"
    build -module-name FuzzCSV -D FUZZ_CSV Fuzz/FuzzReader.swift Fuzz/Check.swift "${objects[@]}" "$B/RapportIO.o" -lyaml -o "$B/fuzz-csv"
    echo "$harness_stamp" > "$B/harness.stamp"
fi

# 3. Seed the corpora from the fixtures (copied at run time; the repository holds no corpus).
seed() {
    local dir="$B/corpus/$1"; shift
    mkdir -p "$dir"
    for f in "$@"; do [ -f "$f" ] && cp -n "$f" "$dir/seed-$(echo "$f" | tr '/' '_')"; done
    return 0
}
# rules/lexicon.yaml (a 190 KB table) is left out: fixtures/rule-packs/valid/lexicon.yaml seeds the lexicon section small.
seed pack $(ls rules/*.yaml | grep -v '/lexicon.yaml$') fixtures/rule-packs/valid/*.yaml fixtures/rule-packs/valid/*/*.yaml \
     fixtures/rule-packs/invalid/*.yaml fixtures/rule-packs/invalid/*/*.yaml
seed classify fixtures/comments/comments.txt
# The when harness generates its expressions from the bytes; a few seeds start it on long chains.
mkdir -p "$B/corpus/when"
printf '\001\372\377' > "$B/corpus/when/seed-long-chain"
printf '\002\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000' > "$B/corpus/when/seed-nested"
printf '\000a and (b or not likes > 3)' > "$B/corpus/when/seed-text"
mkdir -p "$B/corpus/classify"
n=0
while IFS= read -r line; do
    n=$((n + 1)); printf '%s' "$line" > "$B/corpus/classify/seed-line-$n"
done < fixtures/comments/comments.txt
seed jsonl fixtures/comments/*.jsonl fixtures/comments/comments.txt
seed json fixtures/comments/*.json
seed csv fixtures/comments/*.csv fixtures/comments/*.tsv
# Templates (see Fuzz/FuzzReader.swift): 0xFF, then rows where each 0x01 byte stands for 40 lines; quoted
# cells over the record limit, closed, unclosed, with "" escapes, followed by ordinary rows.
printf '\xff1,"long \x01\x01\x01 end"\n2,after\n' > "$B/corpus/csv/seed-template-long-cell"
printf '\xff1,"a ""quoted"" \x01\x01\x01\x01""\n"\r\n2,b\n3,"c\n' > "$B/corpus/csv/seed-template-escapes"
printf '\xff1,"\x01\x01\x01\n2,never closed\n' > "$B/corpus/csv/seed-template-unclosed"
# A tab-separated header read as CSV: the reader takes the tab from the header, so a `,"` inside a
# cell opens no quote (the case that once broke the harness's own row count).
printf 'id\ttext\n1\tsee this,"\n2\tand this\n3\tthree\n' > "$B/corpus/csv/seed-tab-header-comma-quote"

max_len() {
    case $1 in pack) echo 16384 ;; when) echo 4096 ;; classify) echo 4096 ;; *) echo 12288 ;; esac
}

# 4. Run each harness; report executions, coverage and findings.
run_one() {
    local h=$1
    mkdir -p "$B/findings/$h"
    local status=0
    "$B/fuzz-$h" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$h")" \
        -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$B/findings/$h/" "$B/corpus/$h" \
        >"$B/logs/$h.log" 2>&1 || status=$?
    local first last execs
    first=$(grep -m1 -oE 'INITED cov: [0-9]+ ft: [0-9]+' "$B/logs/$h.log" | sed 's/INITED //' || true)
    last=$(grep -oE '(pulse|NEW|REDUCE|DONE|RELOAD|INITED)  *cov: [0-9]+ ft: [0-9]+' "$B/logs/$h.log" | tail -1 | sed -E 's/^[A-Z]+ +//' || true)
    execs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$B/logs/$h.log" | grep -oE '[0-9]+$' || echo "?")
    if [ $status -eq 0 ]; then
        echo "fuzz: $h: ok, $execs executions in ${seconds}s; coverage ${first:-?} -> ${last:-?}; corpus $(ls "$B/corpus/$h" | wc -l) inputs"
    else
        echo "fuzz: $h: FAILED (exit $status) after $execs executions; findings in $B/findings/$h/"
        grep -E 'ERROR|Fatal error|precondition|SUMMARY|Test unit written|#[0-9]+ 0x' "$B/logs/$h.log" | head -25 | sed 's/^/fuzz:   /'
    fi
    return $status
}

failed=0
for h in "${harnesses[@]}"; do run_one "$h" || failed=1; done
exit $failed
