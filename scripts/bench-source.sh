#!/usr/bin/env bash
# The bounded-source benchmark (docs/benchmarks/source.md): ROWS meters rows (default 10 M,
# 1000 subtables) loaded into an in-memory tdlite by stmt2, then read with the same query
#   - by tdflink's TDengineSource on a local Flink, at parallelism 1 and 2 (time splits), and
#   - by TDengine's official Rust client (taos 0.12.3), on 1 and 2 connections,
# printing rows/s and CPU time per row for each. Usage: scripts/bench-source.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000000}

bash scripts/setup.sh >/dev/null
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --locked -q -p tdlite -p tdflink-native
cargo build --release --locked -q --manifest-path tests/conformance/rust/Cargo.toml --example official_read_bench
mvn -B -ntp -q -Dstyle.color=never -DskipTests package
mvn -B -ntp -q -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath

log=target/bench-tdlite.log
rust/target/release/tdlite --listen 127.0.0.1:0 >"$log" 2>&1 &
tdlite_pid=$!
trap 'kill $tdlite_pid 2>/dev/null' EXIT
for _ in $(seq 100); do grep -q "tdlite ready" "$log" && break; sleep 0.1; done
port=$(sed -n 's/.*tdlite ready: listen=[^:]*:\([0-9]*\).*/\1/p' "$log")
echo "tdlite on port $port (pid $tdlite_pid)"
rust/target/release/tdlite-bench --addr "127.0.0.1:$port" --rows "$rows" --tables 1000 --ingest-only

# tdlite-bench writes row k at 1_700_000_000_000 + k ms.
start=1700000000000
end=$((start + rows))
mid=$((start + rows / 2))
columns="ts, current, voltage, phase, groupid, location"
sql="select $columns from meters"
opens=$(sed -n 's:.*<jdk17.opens>\(.*\)</jdk17.opens>.*:\1:p' pom.xml)
mkdir -p target/tmp

# shellcheck disable=SC2086 # the JVM options are separate words
tdflink() {
    java $opens -Xmx4g -Djava.io.tmpdir=target/tmp -Dlog4j.configurationFile=java/src/test/resources/log4j2-demo.properties \
        -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" io.tdflink.bench.SourceBenchmark \
        "jdbc:TAOS-WS://127.0.0.1:$port/bench?user=root&password=taosdata" "$sql" ts "$start" "$end" 20 "$1" 2
}
official_rust() {
    rust/target/release/examples/official_read_bench "ws://root:taosdata@127.0.0.1:$port" "$@"
}
report() { # report NAME JSON-LINES
    echo "$2" | python3 -c '
import json, sys
name = sys.argv[1]
for line in (l for l in sys.stdin if l.startswith("{")):
    rows, secs, cpu = (json.loads(line)[k] for k in ("rows", "seconds", "cpu_seconds"))
    print(f"{name:34s} {rows:>11,} rows {secs:7.2f} s {rows / secs:>12,.0f} rows/s {cpu * 1e9 / rows:8.0f} ns CPU/row")
' "$1"
}

report "tdflink TDengineSource, p=1" "$(tdflink 1)"
report "official Rust client, 1 conn" "$(official_rust 1 "select $columns from bench.meters")"
report "tdflink TDengineSource, p=2" "$(tdflink 2)"
report "official Rust client, 2 conns" "$(official_rust 2 "select $columns from bench.meters where ts < $mid" "select $columns from bench.meters where ts >= $mid")"
