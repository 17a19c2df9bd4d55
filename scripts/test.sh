#!/usr/bin/env bash
# The whole test suite from a fresh clone: set-up, the Rust formatting and lint checks, the Rust tests, tdlite judged by TDengine's
# official Rust and Python clients, then the Maven build (`mvn verify`), which compiles the native
# library, runs every Java unit test (surefire), packages the jar and runs every MiniCluster
# ITCase (failsafe) on Flink 1.19 (including the official JDBC driver against tdlite), then SQL
# scripts run by Flink's SQL client on a real session cluster with that jar, the unit tests and
# MiniCluster ITCases again on Flink 1.20 and 2.3, the session-cluster tests on 1.19, 1.20 and
# 2.3, and the PyFlink tests (scripts/test-pyflink.sh).
# Ends with one "tests: N passed, N failed" line totalling every runner.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || exit 1
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"

log_dir=.cache/test-logs
mkdir -p "$log_dir"
rm -f "$log_dir"/*.log  # only this run's steps are counted
failures=0
run() { # run NAME COMMAND...: runs a step, keeps its output, counts a failed step
    local name=$1; shift
    echo "== $name"
    "$@" 2>&1 | tee "$log_dir/$name.log"
    [ "${PIPESTATUS[0]}" -eq 0 ] || failures=$((failures + 1))
}

# Formatting and lints are part of the suite: rustfmt.toml sets the width; clippy's warnings fail.
run rustfmt cargo fmt --all -- --check
run clippy cargo clippy --workspace --all-targets --locked -- -D warnings
run cargo cargo test --workspace --locked
run cargo-conformance cargo test --locked --manifest-path tests/conformance/rust/Cargo.toml
run cargo-release cargo build --release --locked --package=tdflink-native --package=tdlite
run pytest .cache/venv/bin/python -m pytest -q -p no:cacheprovider tests/conformance/python
run maven mvn -B -ntp -Dstyle.color=never clean verify
run pytest-flink-sql .cache/venv/bin/python -m pytest -q -p no:cacheprovider tests/flink/test_sql_client.py
# The same classes on newer Flink lines (all of them: scripts/test-flink-versions.sh); the
# fault, soak and conformance suites exercise the network and the server, not Flink's API,
# and run once above.
TDFLINK_MATRIX_TESTS='!SoakITCase,!*FaultsITCase,!*ServerRestartITCase,!*Conformance*' run flink-versions bash scripts/test-flink-versions.sh 1.20.3 2.3.0
# Real session clusters of three versions: flink run, 20 jobs in a row, a TaskManager killed;
# then the README demo, small.
run pytest-clusters .cache/venv/bin/python -m pytest -q -p no:cacheprovider tests/flink/test_clusters.py
run pytest-demo .cache/venv/bin/python -m pytest -q -p no:cacheprovider tests/flink/test_demo.py
# PyFlink is installed into the cache on first use (minutes, once per machine).
run pytest-pyflink bash scripts/test-pyflink.sh

cargo_count() { cat "$log_dir"/cargo*.log | grep '^test result:' | grep -o "[0-9]* $1" | awk '{s+=$1} END {print s+0}'; }
pytest_count() { for log in "$log_dir"/pytest*.log; do tail -n 3 "$log"; done | grep -o "[0-9]* $1" | awk '{s+=$1} END {print s+0}'; }
# Java: surefire's reports (unit tests) and failsafe's (ITCases), of the build and of each Flink version.
java_count() { grep -ho '<testsuite [^>]*>' target/{,flink-*/}{surefire,failsafe}-reports/TEST-*.xml 2>/dev/null |
    grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' | awk '{s+=$1} END {print s+0}'; }

cargo_passed=$(cargo_count passed); cargo_failed=$(cargo_count failed)
py_passed=$(pytest_count passed); py_failed=$(( $(pytest_count failed) + $(pytest_count error) ))
java_total=$(java_count tests); java_skipped=$(java_count skipped)
java_failed=$(( $(java_count failures) + $(java_count errors) ))
java_passed=$((java_total - java_failed - java_skipped))

for jar in target/flink-connector-tdengine-*.jar; do
    [ -f "$jar" ] && echo "jar: $jar $(du -k "$jar" | cut -f1) KiB"
done
echo "cargo: $cargo_passed passed, $cargo_failed failed"
echo "pytest: $py_passed passed, $py_failed failed"
echo "java: $java_passed passed, $java_failed failed, $java_skipped skipped"
passed=$((cargo_passed + py_passed + java_passed))
failed=$((cargo_failed + py_failed + java_failed))
# A step that failed without failing a test (a build error) still fails the run.
[ "$failures" -gt 0 ] && [ "$failed" -eq 0 ] && failed=$failures
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
