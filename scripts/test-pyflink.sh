#!/usr/bin/env bash
# PyFlink tests: Table API jobs in Python (tests/flink/test_pyflink.py) with the connector jar
# in pipeline.jars, run in PyFlink's local mode. PyFlink (apache-flink with apache-beam,
# pandas, pyarrow: about 720 MB) is installed into a venv under the cache on first use and
# whenever tests/flink/requirements-pyflink.txt changes (1-3 minutes); scripts/test.sh runs it.
#   bash scripts/test-pyflink.sh [PYTEST ARGS...]
# Needs target/flink-connector-tdengine-*.jar (mvn package) and, for the TDengine job,
# rust/target/release/tdlite; the environment variables of tests/flink/conftest.py apply.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${TDFLINK_CACHE:-$PWD/.cache}/pyflink
requirements=tests/flink/requirements-pyflink.txt
if ! cmp -s "$requirements" "$venv/requirements-pyflink.txt"; then
    echo "test-pyflink: installing PyFlink into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$venv/"  # marks a complete install
fi
exec "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/flink/test_pyflink.py "$@"
