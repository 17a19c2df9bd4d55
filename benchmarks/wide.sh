#!/usr/bin/env bash
# Wide rows (docs/benchmarks.md, "..., wide rows"): ROWS (default 1 000 000) rows of 20 columns
# with four strings (io.tdflink.bench.WideRows) in 100 subtables
#   - into the sink, by tdflink and by TDengine's official Flink connector, at parallelism 1 and
#     2, beside the no-connector baseline (generating into a discarding sink), and
#   - with BENCH_SERVER=store (the default; BENCH_SERVER=discard: the sink only), read back by
#     the source (20 time splits) and drained from a topic by the CDC source, by both connectors,
#     from the rows the sink's last run stored,
# printing rows/s and CPU time per row for each. Usage: benchmarks/wide.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
tables=100

source benchmarks/common.sh
url="jdbc:TAOS-WS://127.0.0.1:$port/?user=root&password=taosdata"
sink() { bench_java io.tdflink.bench.SinkBenchmark "$url" "$rows" $tables "$1" 2 "$2" 100000 wide; }
official_sink() { bench_official io.tdflink.bench.SinkBenchmark "$url" "$rows" $tables "$1" 2 tdengine 100000 wide; }
bench=wide-sink
for p in 1 2; do
    report "generating only (discarding), p=$p" "$(sink $p discard)"
    report "official Flink connector, p=$p" "$(official_sink $p)"
    report "tdflink TDengineSink, p=$p" "$(sink $p tdengine)"
done
[ "$server" = store ] || exit 0

# tdflink's p=2 run was the last: its rows are in sink_bench.wide.
columns="ts, i1, i2, i3, i4, b1, b2, b3, b4, d1, d2, d3, d4, f1, f2, ok, s1, s2, s3, n1"
jdbc="jdbc:TAOS-WS://127.0.0.1:$port/sink_bench?user=root&password=taosdata"
start=1700000000000 # row k is at start + k ms
read_job=(io.tdflink.bench.SourceBenchmark "$jdbc" "select $columns from wide" ts "$start" $((start + rows)) 20)
bench=wide-source
for p in 1 2; do
    report "tdflink TDengineSource, p=$p" "$(bench_java "${read_job[@]}" $p 2)"
    report "official Flink connector, p=$p" "$(bench_official "${read_job[@]}" $p 2)"
done
bench_java io.tdflink.bench.RunSql "$jdbc" "create topic wide_topic as select $columns from sink_bench.wide"
bench=wide-cdc
for p in 1 2; do
    report "tdflink TDengineCdcSource, p=$p" "$(bench_java io.tdflink.bench.CdcBenchmark "127.0.0.1:$port" wide_topic drain $p "$rows" 2)"
    report "official Flink connector, p=$p" "$(bench_official io.tdflink.bench.CdcBenchmark "127.0.0.1:$port" wide_topic drain $p "$rows" 2)"
done
