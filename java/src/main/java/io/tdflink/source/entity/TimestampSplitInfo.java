package io.tdflink.source.entity;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.TimeZone;

/**
 * A time range {@code [startTime, endTime)} in epoch milliseconds, cut into {@code interval}
 * long splits on {@code fieldName}. The bounds are written into the SQL in the database's own
 * precision (ms, µs or ns).
 */
@PublicEvolving
public class TimestampSplitInfo implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Long startTime;
    private final Long endTime;
    private final String fieldName;
    private final long interval;

    /** The date-times are read in {@code zone}, or the JVM's zone when it is null. */
    public TimestampSplitInfo(
            LocalDateTime start, LocalDateTime end, String fieldName, Duration interval, ZoneId zone) {
        this(epochMillis(start, zone), epochMillis(end, zone), fieldName, interval);
    }

    public TimestampSplitInfo(long startMs, long endMs, String fieldName, Duration interval) {
        this.startTime = startMs;
        this.endTime = endMs;
        this.fieldName = fieldName;
        this.interval = interval == null ? 0 : interval.toMillis();
    }

    /**
     * The strings are parsed with {@code format} in {@code zone} (the official connector
     * ignored the zone; here it decides), or in the format's own zone when it is null.
     */
    public TimestampSplitInfo(
            String start, String end, String fieldName, Duration interval, SimpleDateFormat format, ZoneId zone)
            throws ParseException {
        this(parse(start, format, zone), parse(end, format, zone), fieldName, interval);
    }

    /** The strings are parsed with {@code format} in its own zone. */
    public TimestampSplitInfo(String start, String end, String fieldName, Duration interval, SimpleDateFormat format)
            throws ParseException {
        this(start, end, fieldName, interval, format, null);
    }

    private static long epochMillis(LocalDateTime time, ZoneId zone) {
        return time.atZone(zone == null ? ZoneId.systemDefault() : zone)
                .toInstant()
                .toEpochMilli();
    }

    private static long parse(String time, SimpleDateFormat format, ZoneId zone) throws ParseException {
        SimpleDateFormat inZone = (SimpleDateFormat) format.clone();
        if (zone != null) {
            inZone.setTimeZone(TimeZone.getTimeZone(zone));
        }
        return inZone.parse(time).getTime();
    }

    public Long getStartTime() {
        return startTime;
    }

    public Long getEndTime() {
        return endTime;
    }

    public String getFieldName() {
        return fieldName;
    }

    public long getInterval() {
        return interval;
    }
}
