package io.tdflink.bench;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Each row's insert-to-emit delay in µs: now (wall clock) minus the time {@link CdcInserter}
 * stamped into it (ts ms + voltage µs; the source must read ts in UTC). The stamps and delays
 * are kept in a static queue, read by the benchmark's main on the same local Flink; the stamp
 * names the row in CdcInserter's own record of its insert round trips. A probe row (current
 * {@link #PROBE}) is not measured: the first one creates the ready file, which tells
 * CdcInserter that this consumer has its position and its rows will arrive.
 */
final class InsertDelay implements FlatMapFunction<RowData, Long> {
    private static final long serialVersionUID = 1L;
    /** Per row: {stamp µs, delay µs}. */
    static final Queue<long[]> DELAYS = new ConcurrentLinkedQueue<>();

    /** Columns of the topic: ts, current, voltage, ... */
    private static final int TS = 0;

    private static final int CURRENT = 1;
    private static final int VOLTAGE = 2;

    /** The {@code current} of CdcInserter's probe rows. */
    static final float PROBE = -1f;

    private final String readyFile;

    InsertDelay(String readyFile) {
        this.readyFile = readyFile;
    }

    @Override
    public void flatMap(RowData row, Collector<Long> out) {
        long emitted = micros(Instant.now());
        if (row.getFloat(CURRENT) == PROBE) {
            try {
                Files.write(Path.of(readyFile), new byte[0]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        long inserted = row.getTimestamp(TS, 3).getMillisecond() * 1000 + row.getInt(VOLTAGE);
        long delay = emitted - inserted;
        DELAYS.add(new long[] {inserted, delay});
        out.collect(delay);
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }
}
