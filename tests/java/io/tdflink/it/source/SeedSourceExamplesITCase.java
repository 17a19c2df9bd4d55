package io.tdflink.it.source;

import io.tdflink.common.TDengineConfigParams;
import io.tdflink.source.TDengineSource;
import io.tdflink.source.entity.SourceRecords;
import io.tdflink.source.entity.SourceSplitSql;
import io.tdflink.source.entity.SplitType;
import io.tdflink.source.entity.TimestampSplitInfo;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.PowerMeters;
import io.tdflink.testutils.SourceJobs;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.text.SimpleDateFormat;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The official connector's source examples (TDFlinkSourceTest), ported by changing imports:
 * whole query, time split, tag split, table split, a custom type and batch mode, each at
 * parallelism 1 and 3, on the official fixture. Each must deliver exactly the fixture's rows.
 */
class SeedSourceExamplesITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(5);

    private static final String COLUMNS = "ts, `current`, voltage, phase, groupid, location";

    @BeforeAll
    static void fixture() throws Exception {
        PowerMeters.create(TDLITE.jdbcUrl(null));
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void wholeQuery(int parallelism) throws Exception {
        assertFixture(
                readRows(new SourceSplitSql("select " + COLUMNS + " from meters"), parallelism, properties("RowData")));
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void timeSplit(int parallelism) throws Exception {
        assertFixture(readRows(timeSplit("select " + COLUMNS + " from meters"), parallelism, properties("RowData")));
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void tagSplit(int parallelism) throws Exception {
        SourceSplitSql split = new SourceSplitSql()
                .setSql("select " + COLUMNS + " from meters")
                .setSplitType(SplitType.SPLIT_TYPE_TAG)
                .setTagList(Arrays.asList(
                        "groupid = 1 and location = 'California.SanFrancisco'",
                        "groupid = 2 and location = 'Alabama.Montgomery'"));
        assertFixture(readRows(split, parallelism, properties("RowData")));
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void tableSplit(int parallelism) throws Exception {
        SourceSplitSql split = new SourceSplitSql()
                .setSelect("ts, `current`, voltage, phase, groupid, location")
                .setTableList(Arrays.asList("d1001", "d1002"))
                .setOther("order by ts limit 100")
                .setSplitType(SplitType.SPLIT_TYPE_TABLE);
        assertFixture(readRows(split, parallelism, properties("RowData")));
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void customType(int parallelism) throws Exception {
        Properties props = properties(MeterBeanDeserialization.class.getName());
        TDengineSource<MeterBean> source =
                new TDengineSource<>(props, timeSplit("select " + COLUMNS + ", tbname from meters"), MeterBean.class);
        List<MeterBean> beans = SourceJobs.collect(source, parallelism);
        assertEquals(
                PowerMeters.TOTAL_VOLTAGE,
                beans.stream().mapToInt(b -> b.voltage).sum());
        assertEquals(PowerMeters.ROWS, beans.size());
        assertEquals(
                9,
                beans.stream()
                        .filter(b -> "d1001".equals(b.tbname)
                                && "California.SanFrancisco".equals(b.location)
                                && b.groupid == 1)
                        .count());
        assertEquals(
                6,
                beans.stream()
                        .filter(b -> "2024-12-19T18:12"
                                .equals(b.ts.toLocalDateTime().toString().substring(0, 16)))
                        .count(),
                "timestamps show the UTC wall clock the timezone property asks for");
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void batchMode(int parallelism) throws Exception {
        Properties props = properties("RowData");
        props.setProperty(TDengineConfigParams.TD_BATCH_MODE, "true");
        props.setProperty(TDengineConfigParams.TD_BATCH_SIZE, "4");
        @SuppressWarnings("unchecked")
        Class<SourceRecords<RowData>> type = (Class<SourceRecords<RowData>>) (Class<?>) SourceRecords.class;
        List<SourceRecords<RowData>> batches = SourceJobs.collect(
                new TDengineSource<>(props, timeSplit("select " + COLUMNS + " from meters"), type), parallelism);
        List<RowData> rows = new ArrayList<>();
        for (SourceRecords<RowData> batch : batches) {
            assertEquals(true, batch.getRecords().size() <= 4, "batch.size caps each batch");
            batch.forEach(rows::add);
        }
        assertFixture(rows);
    }

    /** The seed's time split: 16:12:48 to 19:12:48 (here in UTC, the fixture's zone), one hour each. */
    private static SourceSplitSql timeSplit(String sql) throws Exception {
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss.SSS");
        format.setTimeZone(java.util.TimeZone.getTimeZone(ZoneOffset.UTC));
        return new SourceSplitSql()
                .setSql(sql)
                .setSplitType(SplitType.SPLIT_TYPE_TIMESTAMP)
                .setTimestampSplitInfo(new TimestampSplitInfo(
                        "2024-12-19 16:12:48.000",
                        "2024-12-19 19:12:48.000",
                        "ts",
                        Duration.ofHours(1),
                        format,
                        ZoneOffset.UTC));
    }

    private static Properties properties(String deserializer) {
        Properties props = new Properties();
        props.setProperty(TDengineConfigParams.PROPERTY_KEY_ENABLE_AUTO_RECONNECT, "true");
        props.setProperty(TDengineConfigParams.PROPERTY_KEY_TIME_ZONE, "UTC");
        props.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, deserializer);
        props.setProperty(TDengineConfigParams.TD_JDBC_URL, TDLITE.jdbcUrl("power"));
        return props;
    }

    private static List<RowData> readRows(SourceSplitSql split, int parallelism, Properties props) throws Exception {
        return SourceJobs.collect(new TDengineSource<>(props, split, RowData.class), parallelism);
    }

    /** Exactly the fixture's 18 rows: (hh:mm:ss.SSS, voltage, groupid, location) each once. */
    private static void assertFixture(List<RowData> rows) {
        List<String> got = rows.stream()
                .map(r -> r.getTimestamp(0, 9).toLocalDateTime().toLocalTime() + " " + r.getInt(2) + " " + r.getInt(4)
                        + " " + r.getString(5))
                .sorted()
                .collect(Collectors.toList());
        List<String> want = new ArrayList<>();
        for (int hour : new int[] {17, 18, 19}) {
            for (int i = 0; i < 3; i++) {
                want.add(String.format("%d:12:%d.642 %d 1 California.SanFrancisco", hour, 45 + i, 201 + i));
                want.add(String.format("%d:12:%d.642 %d 2 Alabama.Montgomery", hour, 45 + i, 204 + i));
            }
        }
        want.sort(null);
        assertEquals(want, got);
        assertEquals(
                PowerMeters.TOTAL_VOLTAGE,
                rows.stream().mapToInt(r -> r.getInt(2)).sum());
    }
}
