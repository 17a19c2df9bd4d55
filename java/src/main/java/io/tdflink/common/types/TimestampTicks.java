package io.tdflink.common.types;

import io.tdflink.common.ErrorCodes;
import io.tdflink.common.TDengineException;

import org.apache.flink.annotation.Internal;

import java.time.Instant;

/** TDengine timestamps: ticks since the epoch in the column's precision (0 ms, 1 µs, 2 ns). */
@Internal
public final class TimestampTicks {
    private TimestampTicks() {}

    public static Instant toInstant(long ticks, int precision) {
        switch (precision) {
            case 0:
                return Instant.ofEpochMilli(ticks);
            case 1:
                return Instant.ofEpochSecond(
                        Math.floorDiv(ticks, 1_000_000L), Math.floorMod(ticks, 1_000_000L) * 1_000L);
            case 2:
                return Instant.ofEpochSecond(
                        Math.floorDiv(ticks, 1_000_000_000L), Math.floorMod(ticks, 1_000_000_000L));
            default:
                throw new TDengineException(
                        ErrorCodes.DRIVER_UNKNOWN_TIMESTAMP_PRECISION, "unknown timestamp precision " + precision);
        }
    }

    /** {@code instant} in ticks of {@code precision}, finer digits cut; @throws ArithmeticException past the long range */
    public static long fromInstant(Instant instant, int precision) {
        long perSecond = precision == 0 ? 1_000L : precision == 1 ? 1_000_000L : 1_000_000_000L;
        return Math.addExact(
                Math.multiplyExact(instant.getEpochSecond(), perSecond),
                instant.getNano() / (1_000_000_000L / perSecond));
    }
}
