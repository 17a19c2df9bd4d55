#!/usr/bin/env bash
# Soak: runs SoakITCase for N minutes (default 30): a sink job and a CDC job on a MiniCluster,
# each through its own fault proxy firing a fault (reset, stall, latency, cut) every 3 s
# (SOAK_FAULT_MS). Reports rows written and verified, rows lost (must be 0), reconnects,
# faults, and the JVM's heap and RSS sampled every 30 s (SOAK_SAMPLE_SECONDS) with first,
# last, max and slope; writes .cache/soak/report.md and prints it. CI runs the same test for
# 2 minutes as part of the Maven build.
#   bash scripts/soak.sh [minutes]
set -uo pipefail
cd "$(dirname "$0")/.."

minutes=${1:-30}
bash scripts/setup.sh || exit 1
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --locked -q --package=tdflink-native --package=tdlite || exit 1

out=.cache/soak
mkdir -p "$out"
rm -f "$out/report.md"
# An ITCase: failsafe's -Dit.test, in `verify`; -DskipUTs leaves the unit tests out.
mvn -B -ntp -Dstyle.color=never -Dcargo.skip=true -DskipUTs -Dit.test=SoakITCase \
    -Dtdflink.soak.minutes="$minutes" -Dtdflink.soak.fault.ms="${SOAK_FAULT_MS:-3000}" \
    -Dtdflink.soak.sample.seconds="${SOAK_SAMPLE_SECONDS:-30}" -Dtdflink.soak.report="$PWD/$out/report.md" verify >"$out/maven.log" 2>&1
status=$?
if [ -f "$out/report.md" ]; then
    cat "$out/report.md"
else
    echo "soak: no report; the test failed before writing it (log: $out/maven.log)"
fi
grep -a -E 'Tests run:|FAIL' "$out/maven.log" | tail -3
exit $status
