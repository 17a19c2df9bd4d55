#!/usr/bin/env bash
# The demo from a fresh clone: set-up, the build (native library, jar, test classes), then
# SmartMeterDemo: tdlite on a free port, a day of readings from 1000 smart meters loaded into
# power.meters, a time-split TDengineSource job on Flink, and a per-location report.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"

mvn -B -ntp -q -Dstyle.color=never -DskipTests package
mvn -B -ntp -q -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/demo.classpath
opens=$(sed -n 's:.*<jdk17.opens>\(.*\)</jdk17.opens>.*:\1:p' pom.xml)
mkdir -p target/tmp
# shellcheck disable=SC2086 # the JVM options are separate words
exec java $opens -Djava.io.tmpdir=target/tmp -Dlog4j.configurationFile=java/src/test/resources/log4j2-demo.properties \
    -cp "target/classes:target/test-classes:$(cat target/demo.classpath)" io.tdflink.demo.SmartMeterDemo
