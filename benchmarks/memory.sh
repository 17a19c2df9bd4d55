#!/usr/bin/env bash
# Memory over a long run (docs/benchmarks.md, "Memory over a long run"): ROWS meters rows
# (default 50 000 000) through tdflink's sink into a tdlite discarding them, or through its
# source from a tdlite serving them from memory, at parallelism 2, twice in one JVM (the first
# run warms up); the job JVM's memory is sampled every 100 ms (Measurement, -Dbench.series).
# Usage: benchmarks/memory.sh {sink|source} [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
path=$1
rows=${2:-50000000}

case $path in
    sink) BENCH_SERVER=discard ;;
    source) BENCH_SERVER=generated ;;
    *) echo "usage: benchmarks/memory.sh {sink|source} [ROWS]" >&2; exit 2 ;;
esac
source benchmarks/common.sh
export BENCH_JVM_OPTS=-Dbench.series=true
if [ "$path" = sink ]; then
    report "tdflink TDengineSink, p=2" \
        "$(bench_java io.tdflink.bench.SinkBenchmark "jdbc:TAOS-WS://127.0.0.1:$port/?user=root&password=taosdata" "$rows" 1000 2 1 tdengine 100000)"
else
    start=1700000000000 # row k of the generated rows is at start + k ms
    report "tdflink TDengineSource, p=2" \
        "$(bench_java io.tdflink.bench.SourceBenchmark "jdbc:TAOS-WS://127.0.0.1:$port/bench?user=root&password=taosdata" \
            "select ts, current, voltage, phase, groupid, location from meters" ts "$start" $((start + rows)) 20 2 1)"
fi
