#!/usr/bin/env bash
# The JNI share (docs/benchmarks.md, "The JNI share"): the sink's 100 000-row meters batches
# cross into Rust and back with no I/O (io.tdflink.bench.JniShareBenchmark), BATCHES per run
# (default 100); prints the crossing's CPU time per row. Usage: benchmarks/jni.sh [BATCHES]
set -euo pipefail
cd "$(dirname "$0")/.."
batches=${1:-100}

source benchmarks/common.sh
report "JNI round trip, 100 000-row batches" "$(bench_java io.tdflink.bench.JniShareBenchmark 100000 "$batches" 5)"
