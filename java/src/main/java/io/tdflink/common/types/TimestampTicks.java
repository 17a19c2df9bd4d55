package io.tdflink.common.types;

import io.tdflink.common.ErrorCodes;
import io.tdflink.common.TDengineException;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.TimestampData;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

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

    /**
     * The time {@code ticks} shows on the clocks of {@code zone} (use {@code ZoneOffset.UTC}'s rules
     * for the instant itself), built from epoch milliseconds: the same value as
     * {@code TimestampData.fromLocalDateTime(LocalDateTime.ofInstant(toInstant(..), zone))} without
     * the objects, as this is a per-cell cost of every read.
     */
    public static TimestampData toTimestampData(long ticks, int precision, ZoneRules zone) {
        long millis;
        int nanoOfMilli;
        switch (precision) {
            case 0:
                millis = ticks;
                nanoOfMilli = 0;
                break;
            case 1:
                millis = Math.floorDiv(ticks, 1_000L);
                nanoOfMilli = (int) Math.floorMod(ticks, 1_000L) * 1_000;
                break;
            case 2:
                millis = Math.floorDiv(ticks, 1_000_000L);
                nanoOfMilli = (int) Math.floorMod(ticks, 1_000_000L);
                break;
            default:
                throw new TDengineException(
                        ErrorCodes.DRIVER_UNKNOWN_TIMESTAMP_PRECISION, "unknown timestamp precision " + precision);
        }
        int offsetSeconds = zone.isFixedOffset()
                ? zone.getOffset(Instant.EPOCH).getTotalSeconds()
                : zone.getOffset(Instant.ofEpochMilli(millis)).getTotalSeconds();
        return TimestampData.fromEpochMillis(millis + offsetSeconds * 1_000L, nanoOfMilli);
    }

    /**
     * Nanoseconds since the epoch of the instant whose wall clock in {@code zone} shows
     * {@code wallClock}: as {@code wallClock.toLocalDateTime().atZone(zone).toInstant()} (a time in
     * a gap moves forward, one in an overlap takes the earlier offset), without the objects when
     * the zone's offset never changes, as this is a per-cell cost of every write.
     *
     * @throws ArithmeticException past the long range
     */
    public static long wallClockToEpochNanos(TimestampData wallClock, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        if (rules.isFixedOffset()) {
            long offsetMillis = rules.getOffset(Instant.EPOCH).getTotalSeconds() * 1_000L;
            long millis = Math.subtractExact(wallClock.getMillisecond(), offsetMillis);
            return Math.addExact(Math.multiplyExact(millis, 1_000_000L), wallClock.getNanoOfMillisecond());
        }
        Instant instant = wallClock.toLocalDateTime().atZone(zone).toInstant();
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    /** {@code instant} in ticks of {@code precision}, finer digits cut; @throws ArithmeticException past the long range */
    public static long fromInstant(Instant instant, int precision) {
        long perSecond = precision == 0 ? 1_000L : precision == 1 ? 1_000_000L : 1_000_000_000L;
        return Math.addExact(
                Math.multiplyExact(instant.getEpochSecond(), perSecond),
                instant.getNano() / (1_000_000_000L / perSecond));
    }
}
