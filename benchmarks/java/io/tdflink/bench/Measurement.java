package io.tdflink.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Wall time and this JVM's CPU time from its creation, as the JSON line benchmarks/common.sh
 * reports (CPU covers the whole process: Flink's threads and start-up included).
 */
final class Measurement {
    private final long startedNanos = System.nanoTime();
    private final long cpuNanos = processCpuNanos();

    /** {@code {"rows": ..., "seconds": ..., "cpu_seconds": ...}} up to now. */
    String json(long rows) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuNanos) / 1e9;
        return String.format(
                Locale.ROOT, "{\"rows\": %d, \"seconds\": %.3f, \"cpu_seconds\": %.2f}", rows, seconds, cpuSeconds);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
