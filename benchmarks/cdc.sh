#!/usr/bin/env bash
# The CDC benchmark (docs/benchmarks/cdc.md): ROWS meters rows (default 3 M, 1000 subtables)
# loaded into an in-memory tdlite by stmt2, and a topic over them, then
#   - drain: the whole topic from `earliest` (a new group per run) by tdflink's
#     TDengineCdcSource on a local Flink at parallelism 1 and 2, by TDengine's official Flink
#     connector (the same job, benchmarks/common.sh), and by TDengine's official Rust
#     consumer (taos 0.12.3, WebSocket) with 1 and 2 consumers in one group until RUST_ROWS rows
#     (default 20 000: its requests stall ~40 ms each here, see the report), and, with TCP_NODELAY
#     forced on its sockets (benchmarks/nodelay.c, LD_PRELOAD), until ROWS rows; printing
#     rows/s and CPU time per row;
#   - insert-to-emit latency: one new consumer from `latest` while CdcInserter writes rows stamped
#     with the wall clock (once the consumer has seen one of its probe rows), LAT_ROWS (default 3000; the Rust consumer RUST_LAT_ROWS, default 300)
#     one every 5 ms, then 80 one every 250 ms; p50/p99/max of emit - insert, for tdflink at
#     poll.interval_ms 500 and 100 and for the Rust consumer (as shipped and with TCP_NODELAY);
#     tdflink's delays also split into the insert's round trip and the rest.
# Usage: benchmarks/cdc.sh [ROWS [RUST_ROWS [LAT_ROWS [RUST_LAT_ROWS]]]]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-3000000}
rust_rows=${2:-20000}
lat_rows=${3:-3000}
rust_lat_rows=${4:-300}
topic=bench_cdc

source benchmarks/common.sh
bench_meters
jdbc="jdbc:TAOS-WS://127.0.0.1:$port/bench?user=root&password=taosdata"
# The latency runs read rows inserted while they run: a topic over the stored rows. The drain
# reads the ROWS rows, stored or (tdlite's own topic over them) generated.
bench_java io.tdflink.bench.RunSql "$jdbc" \
    "create topic $topic as select ts, current, voltage, phase, groupid, location from bench.meters"
drain_topic=$topic
[ "$server" = generated ] && drain_topic=meters_topic

tdflink() { bench_java io.tdflink.bench.CdcBenchmark "127.0.0.1:$port" "$topic" "$@"; }
drain() { bench_java io.tdflink.bench.CdcBenchmark "127.0.0.1:$port" "$drain_topic" drain "$@"; }
official() { bench_official io.tdflink.bench.CdcBenchmark "127.0.0.1:$port" "$drain_topic" drain "$@"; }
nodelay=$PWD/target/bench-nodelay.so
gcc -shared -fPIC -O2 -o "$nodelay" benchmarks/nodelay.c -ldl
official_rust() { # official_rust MODE GROUP ARGS... (LD_PRELOAD=$preload if set)
    local mode=$1 group=$2 read=$topic; shift 2
    [ "$mode" = drain ] && read=$drain_topic
    env ${preload:+LD_PRELOAD="$preload"} rust/target/release/examples/official_tmq_bench "$mode" "ws://root:taosdata@127.0.0.1:$port" "$read" "$group" "$@"
}
lat_runs=0
latency() { # latency NAME INTERVAL_MS ROWS {tdflink POLL_MS | rust [PRELOAD]}: one new consumer against CdcInserter's rows
    local name=$1 interval=$2 n=$3 group="lat_$((++lat_runs))" out=target/bench-cdc-latency.json
    local ready=target/bench-cdc-ready.$lat_runs
    rm -f "$ready"
    if [ "$4" = tdflink ]; then
        tdflink latency "$group" "$5" "$n" "$ready" >"$out" &
    else
        preload=${5:-} official_rust latency "$group" "$n" "$ready" >"$out" &
    fi
    local consumer=$!
    bench_java io.tdflink.bench.CdcInserter "$jdbc" "$group" "$n" "$interval" "$ready" >target/bench-cdc-inserts.json
    wait $consumer
    report_latency "$name" "$(split_latency "$out" target/bench-cdc-inserts.json)"
}
# split_latency CONSUMER_JSON INSERTER_JSON: the consumer's line, and where it has each row's
# stamp (tdflink's), each received row's delay split into the insert round trip (stamp to
# the insert's answer) and the rest (answer to emit; negative when the row was emitted first).
split_latency() {
    python3 - "$1" "$2" <<'PY'
import json, sys
line = next(json.loads(l) for l in open(sys.argv[1]) if l.startswith("{"))
ins = next(json.loads(l) for l in open(sys.argv[2]) if l.startswith("{"))
if "stamps_us" in line:
    trip = dict(zip(ins["stamps_us"], ins["insert_us"]))
    rows = [(d, trip[s]) for d, s in zip(line.pop("latencies_us"), line.pop("stamps_us")) if s in trip]
    line["latencies_us"] = [d for d, _ in rows]
    line["insert_us"] = [t for _, t in rows]
    line["after_insert_us"] = [d - t for d, t in rows]
print(json.dumps(line))
PY
}

report "tdflink TDengineCdcSource, p=1" "$(drain 1 "$rows" 2)"
report "official Flink connector, p=1" "$(official 1 "$rows" 2)"
for run in 1 2; do report "official Rust consumer, 1" "$(official_rust drain "rust_c1_$run" 1 "$rust_rows")"; done
report "tdflink TDengineCdcSource, p=2" "$(drain 2 "$rows" 2)"
report "official Flink connector, p=2" "$(official 2 "$rows" 2)"
for run in 1 2; do report "official Rust consumers, 2" "$(official_rust drain "rust_c2_$run" 2 "$rust_rows")"; done
for consumers in 1 2; do
    for run in 1 2; do
        report "official Rust, $consumers, TCP_NODELAY" "$(preload=$nodelay official_rust drain "rust_nd${consumers}_$run" $consumers "$rows")"
    done
done

# A steady 200 rows/s, which the Rust consumer cannot follow (RUST_LAT_ROWS rows only), then
# 4 rows/s, which it can.
for poll in 500 100; do latency "tdflink, poll ${poll} ms, 1 row/5 ms" 5 "$lat_rows" tdflink $poll; done
latency "official Rust, 1 row/5 ms" 5 "$rust_lat_rows" rust
latency "official Rust+NODELAY, 1 row/5 ms" 5 "$lat_rows" rust "$nodelay"
for poll in 500 100; do latency "tdflink, poll ${poll} ms, 1 row/250 ms" 250 80 tdflink $poll; done
latency "official Rust, 1 row/250 ms" 250 80 rust
latency "official Rust+NODELAY, 1 row/250 ms" 250 80 rust "$nodelay"
