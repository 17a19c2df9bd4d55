package io.tdflink.bench;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.table.data.RowData;

import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Each row's insert-to-emit delay in µs: now (wall clock) minus the time {@link CdcInserter}
 * stamped into it (ts ms + voltage µs; the source must read ts in UTC). The delays are kept in
 * a static queue, read by the benchmark's main on the same local Flink.
 */
final class InsertDelay implements MapFunction<RowData, Long> {
    private static final long serialVersionUID = 1L;
    static final Queue<Long> DELAYS = new ConcurrentLinkedQueue<>();

    /** Columns of the topic: ts, current, voltage, ... */
    private static final int TS = 0;

    private static final int VOLTAGE = 2;

    @Override
    public Long map(RowData row) {
        long emitted = micros(Instant.now());
        long inserted = row.getTimestamp(TS, 3).getMillisecond() * 1000 + row.getInt(VOLTAGE);
        long delay = emitted - inserted;
        DELAYS.add(delay);
        return delay;
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }
}
