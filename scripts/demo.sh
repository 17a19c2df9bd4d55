#!/usr/bin/env bash
# The demo from a fresh clone, as a real pipeline: set-up, the build (native library, jar, the
# jobs), then tests/flink/demo.py: tdlite; a local Flink session cluster (from PyPI); 10 M
# readings of 1000 smart meters loaded by a sink job; a CDC job in SQL following readings
# inserted live; a time-split source job aggregating per location and hour into another
# supertable; progress from the jobs' metrics, a summary, a chart (target/demo/throughput.png).
# Everything it starts is stopped at the end. Arguments go to demo.py, e.g.
#   bash scripts/demo.sh --devices 100 --rows-per-device 1000
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"

echo "demo: building (cargo and Maven, tests skipped)"
mvn -B -ntp -q -Dstyle.color=never -DskipTests package
exec .cache/venv/bin/python -u tests/flink/demo.py "$@"
