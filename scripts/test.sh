#!/usr/bin/env bash
# The whole test suite from a fresh clone: set-up, Rust tests, then the Maven build, which
# compiles the native library, runs every Java unit test and MiniCluster ITCase and packages
# the jar. Ends with one "tests: N passed, N failed" line totalling both runners.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || exit 1
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"

log_dir=.cache/test-logs
mkdir -p "$log_dir"

echo "== cargo test"
cargo test --workspace --locked 2>&1 | tee "$log_dir/cargo.log"
cargo_rc=${PIPESTATUS[0]}

echo "== mvn package"
mvn -B -ntp -Dstyle.color=never clean package 2>&1 | tee "$log_dir/maven.log"
maven_rc=${PIPESTATUS[0]}

count() { grep '^test result:' "$log_dir/cargo.log" | grep -o "[0-9]* $1" | awk '{s+=$1} END {print s+0}'; }
cargo_passed=$(count passed)
cargo_failed=$(count failed)
attr() { grep -ho '<testsuite [^>]*>' target/surefire-reports/TEST-*.xml 2>/dev/null |
    grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' | awk '{s+=$1} END {print s+0}'; }
java_total=$(attr tests)
java_failed=$(( $(attr failures) + $(attr errors) ))
java_skipped=$(attr skipped)
java_passed=$((java_total - java_failed - java_skipped))

[ -f target/flink-connector-tdengine-*.jar ] 2>/dev/null &&
    echo "jar: $(ls target/flink-connector-tdengine-*.jar) $(du -k target/flink-connector-tdengine-*.jar | cut -f1) KiB"
echo "cargo: $cargo_passed passed, $cargo_failed failed"
echo "surefire: $java_passed passed, $java_failed failed, $java_skipped skipped"
passed=$((cargo_passed + java_passed))
failed=$((cargo_failed + java_failed))
if [ "$cargo_rc" -ne 0 ] || [ "$maven_rc" -ne 0 ]; then
    failed=$((failed > 0 ? failed : 1))
fi
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
