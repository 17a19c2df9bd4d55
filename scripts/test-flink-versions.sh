#!/usr/bin/env bash
# The Java test suite (unit tests and MiniCluster ITCases) on other Flink versions: the classes
# built once against Flink 1.19 (the jar's contents) run with each version's jars from Maven
# Central, as the jar runs on each version's cluster. Needs a build (mvn package, or
# test-compile and the release native library and tdlite).
#   bash scripts/test-flink-versions.sh [VERSION...]   default: every supported line's newest
#                                                      release, 1.19.3 to 2.3.0
# Flink's connector test utilities exist for the first release of each 2.x line only (2.0.0,
# 2.1.0, ...; 2.1.1 too): later patch releases are tested with their line's x.y.0 utilities.
#   TDFLINK_MATRIX_TESTS='SinkSemanticsITCase,Sql*'     runs those classes only: unit tests (*Test)
#                                   through surefire's -Dtest, ITCases (*ITCase) through failsafe's
#                                   -Dit.test; '!Name' patterns alone run every class but those
# Reports go to target/flink-VERSION/{surefire,failsafe}-reports; one line per version, then
# "flink versions: N passed, N failed"; exits 1 when any test failed. A failed unit test stops
# that version's run before its ITCases (as in `mvn verify`).
set -uo pipefail
cd "$(dirname "$0")/.."
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"

versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(1.19.3 1.20.3 2.0.2 2.1.2 2.2.1 2.3.0)
selection=()
# -Dtest and -Dit.test replace the plugins' includes (*Test, *ITCase): each plugin gets the
# selection with the other one's classes excluded, and no class of its own is no failure.
[ -n "${TDFLINK_MATRIX_TESTS:-}" ] && selection=("-Dtest=$TDFLINK_MATRIX_TESTS,!*ITCase" "-Dit.test=$TDFLINK_MATRIX_TESTS,!*Test"
    -Dsurefire.failIfNoSpecifiedTests=false -Dit.failIfNoSpecifiedTests=false)

count() { # count ATTRIBUTE DIR: the sum of that attribute over the test suites reported under DIR
    grep -ho '<testsuite [^>]*>' "$2"/surefire-reports/TEST-*.xml "$2"/failsafe-reports/TEST-*.xml 2>/dev/null |
        grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' | awk '{s+=$1} END {print s+0}'
}
passed=0 failed=0
for version in "${versions[@]}"; do
    reports=target/flink-$version
    rm -rf "$reports/surefire-reports" "$reports/failsafe-reports"
    mkdir -p "$reports"
    echo "== flink $version"
    # The test goals alone (surefire:test for the unit tests, failsafe's for the ITCases): nothing
    # is compiled again; only Flink's jars change with the version.
    testutils=$version
    case "$version" in 2.*) testutils="${version%.*}.0" ;; esac
    mvn -B -ntp -Dstyle.color=never -Dflink.version="$version" -Dflink.testutils.version="$testutils" -Dtest.reports="$PWD/$reports" "${selection[@]}" \
        surefire:test failsafe:integration-test failsafe:verify > "target/flink-$version/maven.log" 2>&1
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
