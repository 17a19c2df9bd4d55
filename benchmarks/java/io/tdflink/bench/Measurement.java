package io.tdflink.bench;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run's figures from the run's first record, as the JSON line benchmarks/common.sh reports:
 * wall time and this JVM's CPU time (Flink's job start-up left out, its threads' work during the
 * run in: CPU covers the whole process, Rust's threads too), bytes that crossed the loopback
 * interface (the wire between the job and tdlite: WebSocket frames with their TCP/IP headers),
 * and memory sampled every 100 ms: the peak resident set of this JVM and the peak of its part
 * outside the Java heap and the JVM's own pools (Rust's allocations, direct buffers, thread
 * stacks). With {@code -Dbench.series=true} the samples go into the line too (the memory chart).
 * The jobs call {@link #record()} for every row; the local Flink runs in this JVM, so the first
 * call of a run is seen here.
 */
final class Measurement {
    private static final AtomicLong FIRST_NANOS = new AtomicLong();
    private static final AtomicLong FIRST_CPU_NANOS = new AtomicLong();
    private static final AtomicLong FIRST_WIRE_BYTES = new AtomicLong();
    private static final long SAMPLE_MILLIS = 100;

    private final long startedNanos = System.nanoTime();
    private final long startedCpuNanos = processCpuNanos();
    private final long startedWireBytes = loopbackBytes();
    private final boolean keepSeries = Boolean.getBoolean("bench.series");
    private final List<String> series = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private long peakRssBytes;
    private long peakNativeBytes;

    /** Starts a run: the next record is its first. */
    Measurement() {
        FIRST_NANOS.set(0);
        resetPeakRss();
        sampler = new Thread(this::sample, "bench-memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Marks the run's first record; after it, one read per record. */
    static void record() {
        if (FIRST_NANOS.get() == 0 && FIRST_NANOS.compareAndSet(0, System.nanoTime())) {
            FIRST_CPU_NANOS.set(processCpuNanos());
            FIRST_WIRE_BYTES.set(loopbackBytes());
        }
    }

    /** The run's JSON line, from the first record (from the start, if none came) to now. */
    String json(long rows) {
        boolean recorded = FIRST_NANOS.get() != 0;
        double seconds = (System.nanoTime() - (recorded ? FIRST_NANOS.get() : startedNanos)) / 1e9;
        double cpuSeconds = (processCpuNanos() - (recorded ? FIRST_CPU_NANOS.get() : startedCpuNanos)) / 1e9;
        long wireBytes = loopbackBytes() - (recorded ? FIRST_WIRE_BYTES.get() : startedWireBytes);
        running = false;
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        peakRssBytes = Math.max(peakRssBytes, peakRssSinceReset());
        return String.format(
                Locale.ROOT,
                "{\"rows\": %d, \"seconds\": %.3f, \"cpu_seconds\": %.2f, \"wire_bytes\": %d, "
                        + "\"rss_peak_mb\": %.1f, \"native_peak_mb\": %.1f%s}",
                rows,
                seconds,
                cpuSeconds,
                wireBytes,
                peakRssBytes / 1048576.0,
                peakNativeBytes / 1048576.0,
                keepSeries ? ", \"memory_series\": [" + String.join(", ", series) + "]" : "");
    }

    /** Samples until {@link #json}: [seconds, RSS MB, heap used MB, outside-heap MB] each time. */
    private void sample() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        while (running) {
            long rss = currentRss();
            long heapCommitted = memory.getHeapMemoryUsage().getCommitted();
            long outside = rss - heapCommitted - memory.getNonHeapMemoryUsage().getCommitted();
            peakRssBytes = Math.max(peakRssBytes, rss);
            peakNativeBytes = Math.max(peakNativeBytes, outside);
            if (keepSeries) {
                series.add(String.format(
                        Locale.ROOT,
                        "[%.1f, %.1f, %.1f, %.1f, %.1f]",
                        (System.nanoTime() - startedNanos) / 1e9,
                        rss / 1048576.0,
                        memory.getHeapMemoryUsage().getUsed() / 1048576.0,
                        outside / 1048576.0,
                        directBytes() / 1048576.0));
            }
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Bytes received on the loopback interface so far (each byte sent over it is received once). */
    private static long loopbackBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/dev"))) {
                String trimmed = line.trim();
                if (trimmed.startsWith("lo:")) {
                    return Long.parseLong(trimmed.substring(3).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no wire figure
        }
        return 0;
    }

    private static long directBytes() {
        long used = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                used += pool.getMemoryUsed();
            }
        }
        return used;
    }

    private static long currentRss() {
        return statusKb("VmRSS:") * 1024;
    }

    private static long peakRssSinceReset() {
        return statusKb("VmHWM:") * 1024;
    }

    /** Starts a new peak resident set for this run (Linux: writing 5 to clear_refs resets VmHWM). */
    private static void resetPeakRss() {
        try {
            Files.write(Path.of("/proc/self/clear_refs"), "5".getBytes());
        } catch (IOException | RuntimeException e) {
            // not Linux, or not allowed: the peak covers the JVM's life so far
        }
    }

    private static long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no memory figure
        }
        return 0;
    }
}
