package io.tdflink.it.source;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.common.TDengineConfigParams;
import io.tdflink.common.TDengineException;
import io.tdflink.source.entity.SourceSplitSql;
import io.tdflink.source.entity.SplitType;
import io.tdflink.source.entity.TimestampSplitInfo;
import io.tdflink.source.enumerator.SplitPlanner;
import io.tdflink.testutils.TdliteExtension;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Split planning against the server: the SQL of each task, in the precision of the database read. */
class SplitPlannerITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @BeforeAll
    static void databases() throws Exception {
        try (Connection conn = DriverManager.getConnection(TDLITE.jdbcUrl(null));
                Statement stmt = conn.createStatement()) {
            for (String precision : new String[] {"ms", "ns"}) {
                stmt.execute("CREATE DATABASE plan_" + precision + " PRECISION '" + precision + "'");
                stmt.execute("CREATE STABLE plan_" + precision
                        + ".meters (ts TIMESTAMP, `current` FLOAT, voltage INT, phase FLOAT) "
                        + "TAGS (location BINARY(64), groupId INT)");
                for (String table : new String[] {"d1001", "d1002", "d1003"}) {
                    stmt.execute("CREATE TABLE plan_" + precision + "." + table + " USING plan_" + precision
                            + ".meters TAGS ('x', 1)");
                }
            }
        }
    }

    private static List<String> plan(SourceSplitSql split, String precision) {
        Properties props = new Properties();
        props.setProperty(TDengineConfigParams.TD_JDBC_URL, TDLITE.jdbcUrl("plan_" + precision));
        return SplitPlanner.plan(split, ConnectionProperties.from(props));
    }

    @Test
    void timeSplitsUseTheDatabasePrecisionAndTheGivenZone() throws Exception {
        TimestampSplitInfo info = new TimestampSplitInfo(
                "2024-12-19 16:12:48",
                "2024-12-19 19:12:48",
                "ts",
                Duration.ofHours(1),
                new SimpleDateFormat("yyyy-MM-dd HH:mm:ss"),
                ZoneId.of("Asia/Shanghai"));
        assertEquals(1_734_595_968_000L, info.getStartTime(), "read in Asia/Shanghai, not in the JVM zone");
        SourceSplitSql split = new SourceSplitSql("select ts, `current`, voltage, phase, groupid, location from meters")
                .setSplitType(SplitType.SPLIT_TYPE_TIMESTAMP)
                .setTimestampSplitInfo(info);
        List<String> ms = plan(split, "ms");
        assertEquals(3, ms.size());
        assertEquals(
                "select * from (select ts, `current`, voltage, phase, groupid, location from meters) "
                        + "where `ts` >= 1734595968000 and `ts` < 1734599568000",
                ms.get(0));
        assertEquals(
                "select * from (select ts, `current`, voltage, phase, groupid, location from meters) "
                        + "where `ts` >= 1734595968000000000 and `ts` < 1734599568000000000",
                plan(split, "ns").get(0));
    }

    @Test
    void tableAndTagSplitsWithTheOfficialAssembly() {
        SourceSplitSql tables = new SourceSplitSql()
                .setSplitType(SplitType.SPLIT_TYPE_TABLE)
                .setSelect("ts, voltage")
                .setTableList(List.of("d1001", "d1002", "d1003"))
                .setOther("order by ts limit 100");
        assertEquals(
                List.of(
                        "select ts, voltage from `d1001`  order by ts limit 100",
                        "select ts, voltage from `d1002`  order by ts limit 100",
                        "select ts, voltage from `d1003`  order by ts limit 100"),
                plan(tables, "ms"));
        SourceSplitSql tags = new SourceSplitSql("select * from meters")
                .setSplitType(SplitType.SPLIT_TYPE_TAG)
                .setTagList(List.of("groupid = 1 and location = 'California.SanFrancisco'", "groupid = 2"));
        assertEquals(
                "select * from (select * from meters) where groupid = 2",
                plan(tags, "ms").get(1));
    }

    @Test
    void descriptionsThatReadNothingFailWithACode() {
        SourceSplitSql noTables =
                new SourceSplitSql().setSplitType(SplitType.SPLIT_TYPE_TABLE).setSelect("*");
        assertEquals(
                0x2303,
                assertThrows(TDengineException.class, () -> plan(noTables, "ms"))
                        .getErrorCode());
        SourceSplitSql emptyRange = new SourceSplitSql("select * from meters")
                .setSplitType(SplitType.SPLIT_TYPE_TIMESTAMP)
                .setTimestampSplitInfo(new TimestampSplitInfo(5L, 5L, "ts", Duration.ofSeconds(1)));
        assertEquals(
                0x2303,
                assertThrows(TDengineException.class, () -> plan(emptyRange, "ms"))
                        .getErrorCode());
    }

    /** The reported hang: Long.MIN..MAX in 1 ms steps is refused at once; in one step it is one split, clamped to the range. */
    @Test
    void extremeTimeRangesArePlannedOrRefusedAtOnce() {
        SourceSplitSql everyMs = new SourceSplitSql("select * from meters")
                .setSplitType(SplitType.SPLIT_TYPE_TIMESTAMP)
                .setTimestampSplitInfo(
                        new TimestampSplitInfo(Long.MIN_VALUE, Long.MAX_VALUE, "ts", Duration.ofMillis(1)));
        TDengineException tooMany = assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> assertThrows(TDengineException.class, () -> plan(everyMs, "ns")));
        assertEquals(0x2303, tooMany.getErrorCode());
        assertTrue(tooMany.getMessage().contains("at most 100000"), tooMany.getMessage());
        SourceSplitSql whole = new SourceSplitSql("select * from meters")
                .setSplitType(SplitType.SPLIT_TYPE_TIMESTAMP)
                .setTimestampSplitInfo(new TimestampSplitInfo(Long.MIN_VALUE, Long.MAX_VALUE, "ts", Duration.ZERO));
        assertEquals(
                Collections.singletonList("select * from (select * from meters) where `ts` >= " + Long.MIN_VALUE
                        + " and `ts` < " + Long.MAX_VALUE),
                plan(whole, "ns"));
    }
}
