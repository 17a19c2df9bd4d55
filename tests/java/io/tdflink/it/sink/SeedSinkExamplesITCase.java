package io.tdflink.it.sink;

import io.tdflink.common.TDengineConfigParams;
import io.tdflink.sink.TDengineSink;
import io.tdflink.sink.entity.SinkMetaInfo;
import io.tdflink.sink.entity.TDengineSinkRecord;
import io.tdflink.sink.serializer.TDengineSinkRecordSerializer;
import io.tdflink.source.TDengineSource;
import io.tdflink.source.entity.SourceRecords;
import io.tdflink.source.entity.SourceSplitSql;
import io.tdflink.source.entity.SplitType;
import io.tdflink.source.entity.TimestampSplitInfo;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.PowerMeters;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official connector's sink examples that need no CDC (TDFlinkSinkTest), ported by
 * changing imports: source to supertable with a failure and restart, a subtable into a normal
 * table, source batches into the sink, RowData with a case-sensitive backticked column, and a
 * custom serializer. Each checks the target's exact contents.
 */
class SeedSinkExamplesITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(5);

    private static final List<String> METER_FIELDS = PowerMeters.METER_FIELDS;
    private static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();
    private static final AtomicInteger SEEN = new AtomicInteger();

    @BeforeEach
    void fixture() throws Exception {
        PowerMeters.create(TDLITE.jdbcUrl(null));
        FAILED_ONCE.set(false);
        SEEN.set(0);
    }

    @Test
    void sourceToSupertableThroughAFailureAndRestart() throws Exception {
        StreamExecutionEnvironment env = restartingEnvironment(3);
        env.fromSource(
                        new TDengineSource<>(
                                sourceProperties(false),
                                timeSplit(
                                        "select ts, `current`, voltage, phase, location, groupid, tbname from meters"),
                                RowData.class),
                        WatermarkStrategy.noWatermarks(),
                        "source")
                .map(new FailOnTenthRecord())
                .sinkTo(new TDengineSink<>(sinkProperties("super_table_name", "sink_meters"), METER_FIELDS));
        env.execute("source to sink");
        assertTrue(FAILED_ONCE.get());
        assertEquals(PowerMeters.TOTAL_VOLTAGE, voltageSum("sink_meters"));
        assertEquals(PowerMeters.ROWS, count("sink_meters"));
        assertEquals(
                Sql.rows(
                        TDLITE.jdbcUrl("power"),
                        "select tbname, ts, `current`, voltage, phase, location, groupid from meters order by tbname, ts"),
                Sql.rows(
                        TDLITE.jdbcUrl("power_sink"),
                        "select tbname, ts, `current`, voltage, phase, location, groupid from sink_meters order by tbname, ts"),
                "subtables created from tbname and tags, every value as read");
    }

    @Test
    void subtableIntoANormalTable() throws Exception {
        StreamExecutionEnvironment env = restartingEnvironment(3);
        env.fromSource(
                        new TDengineSource<>(
                                sourceProperties(false),
                                timeSplit("select ts, `current`, voltage, phase from d1001"),
                                RowData.class),
                        WatermarkStrategy.noWatermarks(),
                        "source")
                .map(new FailOnTenthRecord())
                .sinkTo(new TDengineSink<>(
                        sinkProperties("table_name", "sink_normal"),
                        Arrays.asList("ts", "current", "voltage", "phase")));
        env.execute("subtable to normal table");
        assertEquals(PowerMeters.D1001_VOLTAGE, voltageSum("sink_normal"));
        assertEquals(9, count("sink_normal"));
    }

    @Test
    void sourceBatchesIntoTheSink() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        @SuppressWarnings("unchecked")
        Class<SourceRecords<RowData>> batches = (Class<SourceRecords<RowData>>) (Class<?>) SourceRecords.class;
        Properties sink = sinkProperties("super_table_name", "sink_meters");
        sink.setProperty(TDengineConfigParams.TD_BATCH_MODE, "true");
        sink.setProperty(TDengineConfigParams.TD_SOURCE_TYPE, "tdengine_source");
        env.fromSource(
                        new TDengineSource<>(
                                sourceProperties(true),
                                timeSplit(
                                        "select ts, `current`, voltage, phase, location, groupid, tbname from meters"),
                                batches),
                        WatermarkStrategy.noWatermarks(),
                        "source")
                .sinkTo(new TDengineSink<>(sink, METER_FIELDS));
        env.execute("batches to sink");
        assertEquals(PowerMeters.TOTAL_VOLTAGE, voltageSum("sink_meters"));
    }

    @Test
    void rowDataWithABacktickedCaseSensitiveColumn() throws Exception {
        Sql.execute(
                TDLITE.jdbcUrl("power_sink"),
                "CREATE STABLE sink_meters_a (ts TIMESTAMP, `current` FLOAT, voltage INT, phase FLOAT, `Aateat` INT) "
                        + "TAGS (location BINARY(64), groupId INT)");
        List<RowData> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(GenericRowData.of(
                    TimestampData.fromLocalDateTime(LocalDateTime.of(2024, 12, 19, 17, 12, i)),
                    1.5f + i,
                    300 + i,
                    0.3f,
                    StringData.fromString("California.SanFrancisco"),
                    1,
                    StringData.fromString("d0" + (i % 2)),
                    i));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<String> fields = new ArrayList<>(METER_FIELDS);
        fields.add("`Aateat`");
        env.fromCollection(rows)
                .sinkTo(new TDengineSink<>(sinkProperties("super_table_name", "sink_meters_a"), fields));
        env.execute("RowData into a supertable");
        assertEquals(3045, voltageSum("sink_meters_a"));
        assertEquals(45, Sql.number(TDLITE.jdbcUrl("power_sink"), "select sum(`Aateat`) from sink_meters_a"));
        assertEquals(
                Arrays.asList("d00", "d01"),
                Sql.rows(TDLITE.jdbcUrl("power_sink"), "select distinct tbname from sink_meters_a order by tbname"));
    }

    @Test
    void aCustomSerializer() throws Exception {
        List<Meter> meters = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            meters.add(
                    new Meter("d1" + (i % 3), Timestamp.valueOf(LocalDateTime.of(2024, 12, 19, 17, 12, i)), 300 + i));
        }
        Properties props = sinkProperties("super_table_name", "sink_meters");
        props.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, MeterSerializer.class.getName());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromCollection(meters)
                .sinkTo(new TDengineSink<>(props, Arrays.asList("tbname", "ts", "voltage", "groupid")));
        env.execute("custom type into a supertable");
        assertEquals(3045, voltageSum("sink_meters"));
        assertEquals(
                Arrays.asList("d10 4", "d11 3", "d12 3"),
                Sql.rows(
                        TDLITE.jdbcUrl("power_sink"),
                        "select tbname, count(*) from sink_meters group by tbname order by tbname"));
    }

    /** A POJO the custom serializer below writes. */
    public static class Meter {
        public String table;
        public Timestamp ts;
        public int voltage;

        public Meter() {}

        Meter(String table, Timestamp ts, int voltage) {
            this.table = table;
            this.ts = ts;
            this.voltage = voltage;
        }
    }

    /** Values in field-list order (tbname, ts, voltage, groupid), typed as the official stmt writer expects. */
    public static class MeterSerializer implements TDengineSinkRecordSerializer<Meter> {
        @Override
        public List<TDengineSinkRecord> serialize(Meter meter, List<SinkMetaInfo> fields) {
            return List.of(new TDengineSinkRecord(Arrays.asList(meter.table, meter.ts, meter.voltage, 7)));
        }
    }

    /** Throws once, on the tenth record the job sees, so the job restarts and replays. */
    private static class FailOnTenthRecord implements MapFunction<RowData, RowData> {
        @Override
        public RowData map(RowData row) {
            if (SEEN.incrementAndGet() == 10 && FAILED_ONCE.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure on the tenth record");
            }
            return row;
        }
    }

    private static StreamExecutionEnvironment restartingEnvironment(int parallelism) {
        Configuration config = FlinkClusters.restarting(2, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(parallelism);
        env.enableCheckpointing(500);
        return env;
    }

    private static SourceSplitSql timeSplit(String sql) {
        long start = java.time.Instant.parse("2024-12-19T16:12:48Z").toEpochMilli();
        return new SourceSplitSql()
                .setSql(sql)
                .setSplitType(SplitType.SPLIT_TYPE_TIMESTAMP)
                .setTimestampSplitInfo(new TimestampSplitInfo(
                        start, start + Duration.ofHours(3).toMillis(), "ts", Duration.ofHours(1)));
    }

    private static Properties sourceProperties(boolean batchMode) {
        Properties props = new Properties();
        props.setProperty(TDengineConfigParams.TD_JDBC_URL, TDLITE.jdbcUrl("power"));
        props.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        props.setProperty(TDengineConfigParams.PROPERTY_KEY_TIME_ZONE, "UTC");
        props.setProperty(TDengineConfigParams.TD_BATCH_MODE, String.valueOf(batchMode));
        return props;
    }

    private static Properties sinkProperties(String tableKey, String table) {
        return PowerMeters.sinkProperties(TDLITE.jdbcUrl(null), tableKey, table);
    }

    private static long voltageSum(String table) throws Exception {
        return Sql.number(TDLITE.jdbcUrl("power_sink"), "select sum(voltage) from " + table);
    }

    private static long count(String table) throws Exception {
        return Sql.number(TDLITE.jdbcUrl("power_sink"), "select count(*) from " + table);
    }
}
