#!/usr/bin/env bash
# Every benchmark in one run, then its report: docs/benchmarks.md (tables, and charts in
# docs/benchmarks/*.png) and bench-results.json, each figure the median of its measured runs
# with their minimum and maximum. The sink, source and CDC benchmarks run the same jobs with
# tdflink and with TDengine's official Flink connector, beside TDengine's official Rust client
# and a no-connector baseline, each against its own fresh in-memory tdlite.
# Then the sink's batch sizes, the JNI share, wide rows (ROWS / 5), and memory over 10 × ROWS
# rows through the sink and the source.
# Usage: benchmarks/run.sh [ROWS] (default 5 000 000 rows per benchmark; CDC 3 000 000 at most)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-5000000}
cdc_rows=$((rows < 3000000 ? rows : 3000000))
export BENCH_RESULTS=$PWD/target/bench-runs.jsonl
mkdir -p target && rm -f "$BENCH_RESULTS"
# Each benchmark against a storing tdlite, then against one that is out of the way: writes
# discarded, reads served from memory. The official Rust client stalls ~40 ms per request here
# (docs/benchmarks/sink.md): it gets few rows.
for server in store discard; do BENCH_SERVER=$server bash benchmarks/sink.sh "$rows" 100; done
for server in store generated; do BENCH_SERVER=$server bash benchmarks/source.sh "$rows"; done
for server in store generated; do BENCH_SERVER=$server bash benchmarks/cdc.sh "$cdc_rows" 1000 3000 300; done
bash benchmarks/batch.sh $((rows * 2 / 5))
bash benchmarks/jni.sh
for server in discard store; do BENCH_SERVER=$server bash benchmarks/wide.sh $((rows / 5)); done
for path in sink source; do bash benchmarks/memory.sh $path $((rows * 10)); done
.cache/venv/bin/python benchmarks/report.py "$BENCH_RESULTS" docs/benchmarks.md bench-results.json docs/benchmarks \
    "bash benchmarks/run.sh${*:+ $*}"
echo "report: docs/benchmarks.md, bench-results.json"
