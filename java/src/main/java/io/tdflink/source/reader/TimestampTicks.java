package io.tdflink.source.reader;

import io.tdflink.common.TDengineException;

import org.apache.flink.annotation.Internal;

import java.time.Instant;

/** TDengine timestamps: ticks since the epoch in the column's precision (0 ms, 1 µs, 2 ns). */
@Internal
final class TimestampTicks {
    private TimestampTicks() {}

    static Instant toInstant(long ticks, int precision) {
        switch (precision) {
            case 0:
                return Instant.ofEpochMilli(ticks);
            case 1:
                return Instant.ofEpochSecond(Math.floorDiv(ticks, 1_000_000L), Math.floorMod(ticks, 1_000_000L) * 1_000L);
            case 2:
                return Instant.ofEpochSecond(Math.floorDiv(ticks, 1_000_000_000L), Math.floorMod(ticks, 1_000_000_000L));
            default:
                throw new TDengineException(0x2316, "unknown timestamp precision " + precision);
        }
    }
}
