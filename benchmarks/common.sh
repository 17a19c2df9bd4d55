# Shared set-up of the benchmark scripts (benchmarks/{source,sink,cdc}.sh source it from the
# repository's root): builds (the release native library and tdlite; the official Rust client's
# benchmarks, benchmarks/rust, as examples of tests/conformance/rust; the jar and the test
# classes, which include benchmarks/java), the test classpath, an in-memory tdlite on a free
# port ($port, stopped on exit), and report NAME JSON-LINES, which prints rows/s and CPU time
# per row.
bash scripts/setup.sh >/dev/null
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --locked -q -p tdlite -p tdflink-native
cargo build --release --locked -q --manifest-path tests/conformance/rust/Cargo.toml --examples
mvn -B -ntp -q -Dstyle.color=never -DskipTests package
mvn -B -ntp -q -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath

log=target/bench-tdlite.log
rust/target/release/tdlite --listen 127.0.0.1:0 --timezone UTC >"$log" 2>&1 &
tdlite_pid=$!
trap 'kill $tdlite_pid 2>/dev/null' EXIT
for _ in $(seq 100); do grep -q "tdlite ready" "$log" && break; sleep 0.1; done
port=$(sed -n 's/.*tdlite ready: listen=[^:]*:\([0-9]*\).*/\1/p' "$log")
echo "tdlite on port $port (pid $tdlite_pid)"

opens=$(sed -n 's:.*<jdk17.opens>\(.*\)</jdk17.opens>.*:\1:p' pom.xml)
mkdir -p target/tmp
# shellcheck disable=SC2086 # the JVM options are separate words
bench_java() { # bench_java CLASS ARGS...: a benchmark main on the test classpath
    local class=$1; shift
    java $opens -Xmx4g -Djava.io.tmpdir=target/tmp -Dlog4j.configurationFile=java/src/test/resources/log4j2-demo.properties \
        -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" "$class" "$@"
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
report_latency() { # report_latency NAME JSON-LINES: p50, p99 and max of {"expected": N, "latencies_us": [...]}
    echo "$2" | python3 -c '
import json, sys
name = sys.argv[1]
for line in (l for l in sys.stdin if l.startswith("{")):
    d = sorted(json.loads(line)["latencies_us"])
    at = lambda q: d[min(len(d) - 1, int(q * len(d)))] / 1000
    lost = json.loads(line)["expected"] - len(d)
    print(f"{name:34s} {len(d):>6} rows  p50 {at(0.5):8.2f} ms  p99 {at(0.99):8.2f} ms  max {d[-1] / 1000:8.2f} ms"
          + (f"  ({lost} rows never arrived)" if lost else ""))
' "$1"
}
