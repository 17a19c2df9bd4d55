package io.tdflink.source.enumerator;

import io.tdflink.common.TDengineException;
import io.tdflink.source.entity.SourceSplitSql;
import io.tdflink.source.entity.SplitType;
import io.tdflink.source.entity.TimestampSplitInfo;

import org.junit.jupiter.api.Test;

import java.text.SimpleDateFormat;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SplitPlannerTest {

    @Test
    void timeSplitsUseTheDatabasePrecisionAndTheGivenZone() throws Exception {
        TimestampSplitInfo info = new TimestampSplitInfo("2024-12-19 16:12:48", "2024-12-19 19:12:48", "ts", Duration.ofHours(1),
                new SimpleDateFormat("yyyy-MM-dd HH:mm:ss"), ZoneId.of("Asia/Shanghai"));
        assertEquals(1_734_595_968_000L, info.getStartTime(), "read in Asia/Shanghai, not in the JVM zone");
        SourceSplitSql split = new SourceSplitSql("select ts, `current`, voltage, phase, groupid, location from meters")
                .setSplitType(SplitType.SPLIT_TYPE_TIMESTAMP).setTimestampSplitInfo(info);
        List<String> ms = SplitPlanner.plan(split, 0);
        assertEquals(3, ms.size());
        assertEquals("select * from (select ts, `current`, voltage, phase, groupid, location from meters) "
                + "where ts >= 1734595968000 and ts < 1734599568000", ms.get(0));
        assertEquals("select * from (select ts, `current`, voltage, phase, groupid, location from meters) "
                + "where ts >= 1734595968000000000 and ts < 1734599568000000000", SplitPlanner.plan(split, 2).get(0));
    }

    @Test
    void tableAndTagSplitsWithTheOfficialAssembly() {
        SourceSplitSql tables = new SourceSplitSql().setSplitType(SplitType.SPLIT_TYPE_TABLE).setSelect("ts, voltage")
                .setTableList(List.of("d1001", "d1002", "d1003")).setOther("order by ts limit 100");
        assertEquals(List.of("select ts, voltage from `d1001`  order by ts limit 100", "select ts, voltage from `d1002`  order by ts limit 100",
                "select ts, voltage from `d1003`  order by ts limit 100"), SplitPlanner.plan(tables, 0));
        SourceSplitSql tags = new SourceSplitSql("select * from meters").setSplitType(SplitType.SPLIT_TYPE_TAG)
                .setTagList(List.of("groupid = 1 and location = 'California.SanFrancisco'", "groupid = 2"));
        assertEquals("select * from (select * from meters) where groupid = 2", SplitPlanner.plan(tags, 0).get(1));
    }

    @Test
    void descriptionsThatReadNothingFailWithACode() {
        SourceSplitSql noTables = new SourceSplitSql().setSplitType(SplitType.SPLIT_TYPE_TABLE).setSelect("*");
        assertEquals(0x2303, assertThrows(TDengineException.class, () -> SplitPlanner.plan(noTables, 0)).getErrorCode());
        SourceSplitSql emptyRange = new SourceSplitSql("select * from meters").setSplitType(SplitType.SPLIT_TYPE_TIMESTAMP)
                .setTimestampSplitInfo(new TimestampSplitInfo(5L, 5L, "ts", Duration.ofSeconds(1)));
        assertEquals(0x2303, assertThrows(TDengineException.class, () -> SplitPlanner.plan(emptyRange, 0)).getErrorCode());
        assertEquals(0x2316, assertThrows(TDengineException.class, () -> SplitPlanner.plan(new SourceSplitSql("select 1"), 7)).getErrorCode());
    }
}
