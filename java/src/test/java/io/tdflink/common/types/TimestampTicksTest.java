package io.tdflink.common.types;

import org.apache.flink.table.data.TimestampData;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The read path's timestamp conversion gives what the java.time route gives, in every zone kind. */
class TimestampTicksTest {
    private static final String[] ZONES = {
        "UTC", "+05:30", "-08:00", "Europe/Berlin", "America/New_York", "Asia/Shanghai"
    };

    private static TimestampData viaJavaTime(long ticks, int precision, ZoneId zone) {
        return TimestampData.fromLocalDateTime(
                LocalDateTime.ofInstant(TimestampTicks.toInstant(ticks, precision), zone));
    }

    @Test
    void wallClockMatchesJavaTimeAcrossPrecisionsZonesAndTransitions() {
        // 2024-03-31 00:59:59.999 UTC is a second before Berlin's clocks jump: the edges matter.
        long[] millis = {
            0,
            -1,
            -86_400_001L,
            1_711_846_799_999L,
            1_711_846_800_000L,
            1_730_595_600_000L,
            253_402_300_799_999L,
            -62_135_596_800_000L
        };
        Random random = new Random(7);
        for (String name : ZONES) {
            ZoneId zone = ZoneId.of(name);
            for (int precision = 0; precision <= 2; precision++) {
                long scale = precision == 0 ? 1 : precision == 1 ? 1_000 : 1_000_000;
                for (long ms : millis) {
                    for (long extra : new long[] {0, scale - 1, scale / 2}) {
                        long ticks = ms * scale + extra;
                        assertEquals(
                                viaJavaTime(ticks, precision, zone),
                                TimestampTicks.toTimestampData(ticks, precision, zone.getRules()),
                                name + " precision " + precision + " ticks " + ticks);
                    }
                }
                for (int i = 0; i < 2_000; i++) {
                    long ticks = (random.nextLong() % 4_000_000_000_000L) * scale + random.nextInt((int) scale);
                    assertEquals(
                            viaJavaTime(ticks, precision, zone),
                            TimestampTicks.toTimestampData(ticks, precision, zone.getRules()),
                            name + " " + ticks);
                }
            }
        }
    }

    @Test
    void utcRulesGiveTheInstantItself() {
        long micros = 1_700_000_000_123_456L;
        assertEquals(
                TimestampData.fromInstant(TimestampTicks.toInstant(micros, 1)),
                TimestampTicks.toTimestampData(micros, 1, ZoneOffset.UTC.getRules()));
    }

    @Test
    void wallClockToEpochNanosMatchesJavaTimeInGapsOverlapsAndFixedZones() {
        Random random = new Random(11);
        // Berlin's 2024 gap (02:30 on 31 March does not exist) and overlap (02:30 on 27 October happens twice).
        LocalDateTime[] edges = {
            LocalDateTime.of(2024, 3, 31, 2, 30), LocalDateTime.of(2024, 10, 27, 2, 30, 0, 123_456_789),
            LocalDateTime.of(1970, 1, 1, 0, 0), LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_999)
        };
        for (String name : ZONES) {
            ZoneId zone = ZoneId.of(name);
            for (LocalDateTime edge : edges) {
                assertWallClock(TimestampData.fromLocalDateTime(edge), zone);
            }
            for (int i = 0; i < 2_000; i++) {
                assertWallClock(
                        TimestampData.fromEpochMillis(
                                random.nextLong() % 4_000_000_000_000L, random.nextInt(1_000_000)),
                        zone);
            }
        }
    }

    private static void assertWallClock(TimestampData wallClock, ZoneId zone) {
        java.time.Instant expected = wallClock.toLocalDateTime().atZone(zone).toInstant();
        assertEquals(
                expected.getEpochSecond() * 1_000_000_000L + expected.getNano(),
                TimestampTicks.wallClockToEpochNanos(wallClock, zone),
                zone + " " + wallClock);
    }
}
