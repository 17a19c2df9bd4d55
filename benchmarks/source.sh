#!/usr/bin/env bash
# The bounded-source benchmark (docs/benchmarks/source.md): ROWS meters rows (default 10 M,
# 1000 subtables) loaded into an in-memory tdlite by stmt2, then read with the same query
#   - by tdflink's TDengineSource on a local Flink, at parallelism 1 and 2 (time splits),
#   - by TDengine's official Flink connector, the same job (benchmarks/common.sh), and
#   - by TDengine's official Rust client (taos 0.12.3), on 1 and 2 connections,
# printing rows/s and CPU time per row for each. Usage: benchmarks/source.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000000}

source benchmarks/common.sh
bench_meters

# tdlite-bench writes row k at 1_700_000_000_000 + k ms.
start=1700000000000
end=$((start + rows))
mid=$((start + rows / 2))
columns="ts, current, voltage, phase, groupid, location"
sql="select $columns from meters"
# Served from memory, the official JDBC driver's read-ahead can stall until its fetch times out
# (docs/benchmarks/tdlite.md); SourceBenchmark tries such a run again: a short timeout keeps
# the stalls cheap, for both connectors alike.
url="jdbc:TAOS-WS://127.0.0.1:$port/bench?user=root&password=taosdata"
[ "$server" = generated ] && url="$url&messageWaitTimeout=5000"
job=(io.tdflink.bench.SourceBenchmark "$url" "$sql" ts "$start" "$end" 20)
tdflink() { bench_java "${job[@]}" "$1" 2; }
official() { bench_official "${job[@]}" "$1" 2; }
official_rust() {
    rust/target/release/examples/official_read_bench "ws://root:taosdata@127.0.0.1:$port" "$@"
}

report "tdflink TDengineSource, p=1" "$(tdflink 1)"
report "official Flink connector, p=1" "$(official 1)"
report "official Rust client, 1 conn" "$(official_rust 1 "select $columns from bench.meters")"
report "tdflink TDengineSource, p=2" "$(tdflink 2)"
report "official Flink connector, p=2" "$(official 2)"
report "official Rust client, 2 conns" "$(official_rust 2 "select $columns from bench.meters where ts < $mid" "select $columns from bench.meters where ts >= $mid")"
