#!/usr/bin/env bash
# The Java test suite (unit tests and MiniCluster ITCases) on other Flink versions: the classes
# built once against Flink 1.19 (the jar's contents) run with each version's jars from Maven
# Central, as the jar runs on each version's cluster. Needs a build (mvn package, or
# test-compile and the release native library and tdlite).
#   bash scripts/test-flink-versions.sh [VERSION...]   default: every supported line's newest
#                                                      release, 1.19.3 to 2.3.0
# Flink's connector test utilities exist for the first release of each 2.x line only (2.0.0,
# 2.1.0, ...; 2.1.1 too): later patch releases are tested with their line's x.y.0 utilities.
#   TDFLINK_MATRIX_TESTS='SinkSemanticsITCase,Sql*'     runs those classes only (surefire's -Dtest)
# Reports go to target/flink-VERSION/surefire-reports; one line per version, then
# "flink versions: N passed, N failed"; exits 1 when any test failed.
set -uo pipefail
cd "$(dirname "$0")/.."
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"

versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(1.19.3 1.20.3 2.0.2 2.1.2 2.2.1 2.3.0)
selection=()
[ -n "${TDFLINK_MATRIX_TESTS:-}" ] && selection=("-Dtest=$TDFLINK_MATRIX_TESTS" -Dsurefire.failIfNoSpecifiedTests=false)

count() { # count ATTRIBUTE REPORT_DIR: the sum of that attribute over the reports' test suites
    grep -ho '<testsuite [^>]*>' "$2"/TEST-*.xml 2>/dev/null | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' | awk '{s+=$1} END {print s+0}'
}
passed=0 failed=0
for version in "${versions[@]}"; do
    reports=target/flink-$version/surefire-reports
    rm -rf "$reports"
    mkdir -p "target/flink-$version"
    echo "== flink $version"
    # surefire:test alone: nothing is compiled again; only Flink's jars change with the version.
    testutils=$version
    case "$version" in 2.*) testutils="${version%.*}.0" ;; esac
    mvn -B -ntp -Dstyle.color=never -Dflink.version="$version" -Dflink.testutils.version="$testutils" -Dsurefire.reports="$PWD/$reports" "${selection[@]}" \
        surefire:test > "target/flink-$version/maven.log" 2>&1
    status=$?
    total=$(count tests "$reports"); bad=$(( $(count failures "$reports") + $(count errors "$reports") )); skipped=$(count skipped "$reports")
    # A run that failed without a failed test (no reports, a resolution error) counts as one failure.
    [ "$status" -ne 0 ] && [ "$bad" -eq 0 ] && bad=1
    echo "flink $version: $((total - bad - skipped)) passed, $bad failed, $skipped skipped (log: target/flink-$version/maven.log)"
    grep -h -E '<<< (FAILURE|ERROR)!' "target/flink-$version/maven.log" | head -20
    passed=$((passed + total - bad - skipped)); failed=$((failed + bad))
done
echo "flink versions: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
