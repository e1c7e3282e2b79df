#!/usr/bin/env bash
# Browser test of the playground: the real rapport-serve (debug build) on a loopback port with
# --playground, driven in Debian's headless Chromium through Selenium (scripts/browser-test.py).
#
# Usage: scripts/browser-test.sh [SHOT_DIR]   (screenshots, default .build/browser)
# Installs what is missing: chromium and chromium-driver from Debian (apt-get, when run as root),
# selenium from PyPI into the venv .build/browser-venv (python3-venv from Debian when venv is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
SHOTS="${1:-.build/browser}"

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "browser-test: installing chromium and chromium-driver"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q chromium chromium-driver
    else
        echo "browser-test: chromium and chromium-driver are missing (apt-get install -y chromium chromium-driver)" >&2
        exit 1
    fi
fi
VENV=.build/browser-venv
if ! "$VENV/bin/python" -c "import selenium" 2>/dev/null; then
    echo "browser-test: installing selenium into $VENV"
    if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
        [ "$(id -u)" = 0 ] || { echo "browser-test: python3 -m venv fails (apt-get install -y python3-venv)" >&2; exit 1; }
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
        python3 -m venv "$VENV"
    fi
    "$VENV/bin/pip" install -q "selenium>=4.20,<5"
fi

swift build --product rapport-serve >&2
BIN="$(swift build --show-bin-path)"
mkdir -p "$SHOTS"
LOG="$SHOTS/serve.log"
"$BIN/rapport-serve" --port 0 --playground > "$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
PORT=""
for _ in $(seq 200); do
    PORT="$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$LOG" | head -1)"
    [ -n "$PORT" ] && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$LOG" >&2; exit 1; }
    sleep 0.1
done
[ -n "$PORT" ] || { echo "browser-test: rapport-serve did not start" >&2; cat "$LOG" >&2; exit 1; }
"$VENV/bin/python" scripts/browser-test.py "http://127.0.0.1:$PORT/" "$SHOTS"
