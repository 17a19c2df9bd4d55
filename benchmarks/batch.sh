#!/usr/bin/env bash
# The sink's scaling with batch size (docs/benchmarks.md, "Sink batch sizes"): the sink
# benchmark's job (benchmarks/sink.sh) at parallelism 1 into a tdlite discarding the rows, by
# tdflink and by TDengine's official Flink connector, with 1 000, 10 000 and 100 000 rows per
# batch. Usage: benchmarks/batch.sh [ROWS] (default 2 000 000)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-2000000}

BENCH_SERVER=discard
source benchmarks/common.sh
url="jdbc:TAOS-WS://127.0.0.1:$port/?user=root&password=taosdata"
for batch in 1000 10000 100000; do
    report "tdflink TDengineSink, p=1, batch $batch" \
        "$(bench_java io.tdflink.bench.SinkBenchmark "$url" "$rows" 1000 1 2 tdengine "$batch")"
    report "official Flink connector, p=1, batch $batch" \
        "$(bench_official io.tdflink.bench.SinkBenchmark "$url" "$rows" 1000 1 2 tdengine "$batch")"
done
