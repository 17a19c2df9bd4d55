package io.tdflink.testutils;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.table.data.RowData;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link ArrivalCheck}'s counting without its state, for long runs: one bit per key arrived and
 * one counter of repeats, so the test's bookkeeping stays a few KiB while the job runs for
 * hours (and does not blur a memory trend). Shared with the test through statics: the
 * MiniCluster runs the job in the test's JVM. One job at a time; {@link #reset} between jobs.
 */
public final class ArrivalTally implements MapFunction<RowData, Long> {
    private static final BitSet ARRIVED = new BitSet();
    private static final AtomicLong DUPLICATES = new AtomicLong();

    private final int keyField;

    /** @param keyField the BIGINT field of the row's unique, non-negative key */
    public ArrivalTally(int keyField) {
        this.keyField = keyField;
    }

    @Override
    public Long map(RowData row) {
        long key = row.getLong(keyField);
        synchronized (ARRIVED) {
            if (ARRIVED.get((int) key)) {
                DUPLICATES.incrementAndGet();
            }
            ARRIVED.set((int) key);
        }
        return key;
    }

    public static void reset() {
        synchronized (ARRIVED) {
            ARRIVED.clear();
        }
        DUPLICATES.set(0);
    }

    /** Keys in [from, to) that never arrived. */
    public static long missing(long from, long to) {
        synchronized (ARRIVED) {
            return (to - from) - ARRIVED.get((int) from, (int) to).cardinality();
        }
    }

    /** Waits until every key in [from, to) arrived; fails after {@code timeoutSeconds}. */
    public static void awaitKeys(long from, long to, long timeoutSeconds) throws InterruptedException {
        ArrivalLedger.awaitKeys(from, to, timeoutSeconds, ArrivalTally::missing);
    }

    /** Arrivals beyond the first of each key. */
    public static long duplicates() {
        return DUPLICATES.get();
    }
}
