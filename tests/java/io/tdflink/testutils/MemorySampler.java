package io.tdflink.testutils;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Samples this JVM's memory on a background thread: heap used after a GC request (what is still
 * reachable, so a leak shows and garbage does not) and the process RSS from /proc (the heap
 * plus everything native, the Rust library included: the MiniCluster runs in this JVM).
 */
public final class MemorySampler implements AutoCloseable {
    /** One sample: seconds since the start, heap used and RSS in MiB. */
    public static final class Sample {
        public final double seconds;
        public final double heapMib;
        public final double rssMib;

        Sample(double seconds, double heapMib, double rssMib) {
            this.seconds = seconds;
            this.heapMib = heapMib;
            this.rssMib = rssMib;
        }
    }

    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final long startNanos = System.nanoTime();
    private final Thread thread;
    private volatile boolean stopped;

    /** Takes a sample now and then every {@code intervalSeconds} until closed (which takes a last one). */
    public MemorySampler(long intervalSeconds) {
        sample();
        thread = new Thread(
                () -> {
                    try {
                        while (!stopped) {
                            TimeUnit.SECONDS.sleep(intervalSeconds);
                            sample();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    public List<Sample> samples() {
        return samples;
    }

    /**
     * {@code first=.. last=.. max=.. slope=../min steady_slope=../min} of one series, MiB; the
     * steady slope leaves out the first sample, taken before the jobs warmed up.
     */
    public String summary(ToDoubleFunction<Sample> series) {
        double max = samples.stream().mapToDouble(series).max().orElse(0);
        return String.format(
                "first=%.0f last=%.0f max=%.0f slope=%.2f/min steady_slope=%.2f/min",
                series.applyAsDouble(samples.get(0)),
                series.applyAsDouble(samples.get(samples.size() - 1)),
                max,
                slopePerMinute(series, 0),
                steadySlopePerMinute(series));
    }

    /** The slope without the first sample (see {@link #summary}), MiB per minute. */
    public double steadySlopePerMinute(ToDoubleFunction<Sample> series) {
        return slopePerMinute(series, 1);
    }

    /** Least-squares slope of a series in MiB per minute, over the samples from index {@code from}. */
    private double slopePerMinute(ToDoubleFunction<Sample> series, int from) {
        List<Sample> window = samples.subList(from, samples.size());
        double n = window.size();
        double meanT = window.stream().mapToDouble(s -> s.seconds).sum() / n;
        double meanY = window.stream().mapToDouble(series).sum() / n;
        double covariance = 0;
        double variance = 0;
        for (Sample s : window) {
            covariance += (s.seconds - meanT) * (series.applyAsDouble(s) - meanY);
            variance += (s.seconds - meanT) * (s.seconds - meanT);
        }
        return variance == 0 ? 0 : covariance / variance * 60;
    }

    private void sample() {
        samples.add(new Sample((System.nanoTime() - startNanos) / 1e9, heapAfterGcMib(), rssMib()));
    }

    /** The least of three readings, each after a GC request: the jobs allocate meanwhile, and one reading can catch a burst (seen: 79 MiB among 35s). */
    private static double heapAfterGcMib() {
        double least = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(
                    least,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0);
        }
        return least;
    }

    private static double rssMib() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            // Not Linux: RSS unknown.
        }
        return Double.NaN;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        sample();
    }
}
