#!/usr/bin/env bash
# The sink benchmark (docs/benchmarks/sink.md): ROWS generated meters rows (default 10 M) into
# 1000 subtables of an in-memory tdlite
#   - by tdflink's TDengineSink on a local Flink at parallelism 1 and 2, next to the same job
#     with a discarding sink (the cost of generating the rows),
#   - by TDengine's official Flink connector, the same job (benchmarks/common.sh), and
#   - by TDengine's official Rust client (taos 0.12.3, prepared statement, one connection) with
#     RUST_ROWS rows (default 10 000: its requests stall ~40 ms each here, see the report),
# printing rows/s and CPU time per row for each. Usage: benchmarks/sink.sh [ROWS [RUST_ROWS]]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000000}
rust_rows=${2:-10000}
tables=1000

source benchmarks/common.sh
url="jdbc:TAOS-WS://127.0.0.1:$port/?user=root&password=taosdata"
# The same batch size for both connectors: tdflink's default; the official connector's own is
# 1 (a round trip per row), which would measure the setting, not the connector.
batch=100000
sink() { bench_java io.tdflink.bench.SinkBenchmark "$url" "$rows" "$tables" "$1" 2 "$2" "$batch"; }
official() { bench_official io.tdflink.bench.SinkBenchmark "$url" "$rows" "$tables" "$1" 2 tdengine "$batch"; }

report "generating only (discarding), p=1" "$(sink 1 discard)"
report "tdflink TDengineSink, p=1" "$(sink 1 tdengine)"
report "official Flink connector, p=1" "$(official 1)"
report "generating only (discarding), p=2" "$(sink 2 discard)"
report "tdflink TDengineSink, p=2" "$(sink 2 tdengine)"
report "official Flink connector, p=2" "$(official 2)"
bench_java io.tdflink.bench.SinkBenchmark "$url" 1 1 1 0 discard >/dev/null # recreates sink_bench
report "official Rust client (stmt), 1 conn" \
    "$(rust/target/release/examples/official_write_bench "ws://root:taosdata@127.0.0.1:$port" sink_bench "$rust_rows" "$tables" 10000)"
