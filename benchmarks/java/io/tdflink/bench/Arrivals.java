package io.tdflink.bench;

import org.apache.flink.api.common.functions.FilterFunction;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the elements reaching it, over every subtask, and completes {@link #reached()} when
 * the expected number arrived, so the benchmark's main can stop an unbounded job. The count is
 * static: it works only on a local Flink in the benchmark's JVM. Drops every element, so the
 * sink after it costs nothing.
 */
final class Arrivals<T> implements FilterFunction<T> {
    private static final long serialVersionUID = 1L;
    private static final AtomicLong COUNT = new AtomicLong();
    private static volatile long expected;
    private static volatile CompletableFuture<Long> reached = new CompletableFuture<>();

    /** Starts counting from zero towards {@code rows}. */
    static void expect(long rows) {
        COUNT.set(0);
        expected = rows;
        reached = new CompletableFuture<>();
    }

    /** Completes with the count when it reached the expected number. */
    static CompletableFuture<Long> reached() {
        return reached;
    }

    /** How many arrived so far. */
    static long count() {
        return COUNT.get();
    }

    @Override
    public boolean filter(T element) {
        long count = COUNT.incrementAndGet();
        if (count == expected) {
            reached.complete(count);
        }
        return false;
    }
}
