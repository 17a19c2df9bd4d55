package io.tdflink.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run's wall time and this JVM's CPU time from the run's first record, as the JSON line
 * benchmarks/common.sh reports: Flink's job start-up is left out, its threads' work during the
 * run is in (CPU covers the whole process). The jobs call {@link #record()} for every row; the
 * local Flink runs in this JVM, so the first call of a run is seen here.
 */
final class Measurement {
    private static final AtomicLong FIRST_NANOS = new AtomicLong();
    private static final AtomicLong FIRST_CPU_NANOS = new AtomicLong();

    private final long startedNanos = System.nanoTime();
    private final long startedCpuNanos = processCpuNanos();

    /** Starts a run: the next record is its first. */
    Measurement() {
        FIRST_NANOS.set(0);
    }

    /** Marks the run's first record; after it, one read per record. */
    static void record() {
        if (FIRST_NANOS.get() == 0 && FIRST_NANOS.compareAndSet(0, System.nanoTime())) {
            FIRST_CPU_NANOS.set(processCpuNanos());
        }
    }

    /** {@code {"rows": ..., "seconds": ..., "cpu_seconds": ...}} from the first record (from the start, if none came) to now. */
    String json(long rows) {
        boolean recorded = FIRST_NANOS.get() != 0;
        double seconds = (System.nanoTime() - (recorded ? FIRST_NANOS.get() : startedNanos)) / 1e9;
        double cpuSeconds = (processCpuNanos() - (recorded ? FIRST_CPU_NANOS.get() : startedCpuNanos)) / 1e9;
        return String.format(
                Locale.ROOT, "{\"rows\": %d, \"seconds\": %.3f, \"cpu_seconds\": %.2f}", rows, seconds, cpuSeconds);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
