package io.tdflink.testutils;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongBinaryOperator;

/**
 * What {@link ArrivalCheck} saw, shared with the test: the MiniCluster runs the job's functions
 * in the test's JVM. One test at a time uses it; {@link #reset} between jobs.
 */
public final class ArrivalLedger {
    /** Per row key, how many times it was emitted. */
    public static final Map<Long, AtomicInteger> COUNTS = new ConcurrentHashMap<>();
    /** Keys emitted again after a restore although the restored checkpoint says they were emitted before it. */
    public static final Set<Long> BEFORE_CHECKPOINT_AGAIN = ConcurrentHashMap.newKeySet();

    public static final AtomicInteger COMPLETED_CHECKPOINTS = new AtomicInteger();
    /**
     * Rows after which the first attempt fails once (0: never), at least {@link #COMMIT_GRACE_NANOS}
     * after a checkpoint completed, so its offsets were committed.
     */
    public static final AtomicLong FAIL_AFTER_ROWS = new AtomicLong();

    public static final long COMMIT_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(400);
    static final AtomicLong LAST_CHECKPOINT_NANOS = new AtomicLong();
    public static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicLong EMITTED = new AtomicLong();

    private ArrivalLedger() {}

    public static void reset() {
        COUNTS.clear();
        BEFORE_CHECKPOINT_AGAIN.clear();
        COMPLETED_CHECKPOINTS.set(0);
        FAIL_AFTER_ROWS.set(0);
        FAILED.set(false);
        EMITTED.set(0);
        LAST_CHECKPOINT_NANOS.set(0);
    }

    /** Waits until every key in [from, to) was emitted at least once. */
    public static void awaitKeys(long from, long to, long timeoutSeconds) throws InterruptedException {
        awaitKeys(from, to, timeoutSeconds, ArrivalLedger::missing);
    }

    /** Waits until {@code missing} counts no key of [from, to) missing. */
    static void awaitKeys(long from, long to, long timeoutSeconds, LongBinaryOperator missing)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (missing.applyAsLong(from, to) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(missing.applyAsLong(from, to) + " of the keys [" + from + ", " + to
                        + ") never arrived in " + timeoutSeconds + " s");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    public static long missing(long from, long to) {
        long missing = 0;
        for (long k = from; k < to; k++) {
            missing += COUNTS.containsKey(k) ? 0 : 1;
        }
        return missing;
    }

    /** Emissions beyond the first of each key: what at-least-once delivery repeated. */
    public static long duplicates() {
        return COUNTS.values().stream().mapToLong(count -> count.get() - 1).sum();
    }

    /** Waits until {@code count} more checkpoints than {@code seen} completed. */
    public static void awaitCheckpoints(int seen, int count, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (COMPLETED_CHECKPOINTS.get() < seen + count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " checkpoints completed in " + timeoutSeconds + " s");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
