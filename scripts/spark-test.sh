#!/usr/bin/env bash
# Spark integration tests (integrations/spark): builds the release binary, sets up pyspark and
# pytest in a virtual environment under .build/ when they are missing, and runs the tests in
# Spark local mode. CI runs this when .ci/spark exists or RAPPORT_SPARK=1.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v java >/dev/null 2>&1; then
    echo "spark-test: installing a Java runtime"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q openjdk-17-jre-headless
fi

echo "spark-test: release build"
swift build -c release --static-swift-stdlib --product rapport
BIN="$(swift build -c release --show-bin-path)/rapport"

VENV="$PWD/.build/spark-venv"
if ! "$VENV/bin/python" -c "import pyspark, pytest" >/dev/null 2>&1; then
    echo "spark-test: installing pyspark and pytest into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check "pyspark>=3.5,<5" pytest
fi

# The venv first on PATH: spark-submit finds its Spark through the python3 it runs.
export PATH="$VENV/bin:$PATH" RAPPORT_BIN="$BIN" RAPPORT_SPARK_REQUIRED=1 PYSPARK_PYTHON="$VENV/bin/python"
cd integrations/spark
echo "spark-test: pytest (Spark $(python -c 'import pyspark; print(pyspark.__version__)'), local[2])"
python -m pytest -q -p no:cacheprovider --durations=10 test_helpers.py test_spark_e2e.py
