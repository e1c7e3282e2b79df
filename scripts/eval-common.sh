# Sourced (never run) by the scripts that measure the default pack on the dev sets in ../shared/eval.
#   eval_setup NAME     from the repository's root: DATA (../shared/eval; when it is absent, says so as
#                       NAME and exits 0), RAPPORT (a debug build when unset) and WORK (a temporary
#                       directory, removed on exit; nothing is written into the repository)
#   rules_without FILE DIR
#                       copies the default pack's rules/*.yaml except FILE into DIR (the rules without
#                       one learned part)
#   split_halves DIR    half A and half B of each dev set (scripts/half.py) into DIR/A and DIR/B
eval_setup() {
    DATA=../shared/eval
    if [ ! -d "$DATA" ]; then
        echo "$1: $DATA is absent; skipping" >&2
        exit 0
    fi
    if [ -z "${RAPPORT:-}" ]; then
        swift build --product rapport >&2
        RAPPORT="$(swift build --show-bin-path)/rapport"
    fi
    WORK="$(mktemp -d)"
    trap 'rm -rf "$WORK"' EXIT
}

rules_without() {
    mkdir -p "$2"
    for file in rules/*.yaml; do [ "$(basename "$file")" = "$1" ] || cp "$file" "$2/"; done
}

split_halves() {
    mkdir -p "$1/A" "$1/B"
    for file in "$DATA"/*.csv; do
        python3 scripts/half.py "$file" A > "$1/A/$(basename "$file")"
        python3 scripts/half.py "$file" B > "$1/B/$(basename "$file")"
    done
}
