package io.tdflink.it.sink;

import io.tdflink.common.TDengineConfigParams;
import io.tdflink.common.TDengineException;
import io.tdflink.common.typeutils.GenericRowDataTypeInfo;
import io.tdflink.sink.TDengineSink;
import io.tdflink.source.TDengineSource;
import io.tdflink.source.entity.SourceSplitSql;
import io.tdflink.testutils.AllTypes;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.TdliteExtension;
import io.tdflink.tmq.ConsumerRecord;
import io.tdflink.tmq.ConsumerRecords;
import io.tdflink.tmq.TopicPartition;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the sink writes: every RowKind (DELETE deletes, UPDATE_BEFORE is skipped), within one
 * batch and across batches; every type round-tripped through the source at ms, µs and ns; and
 * bad input failing with the documented code, at build time when it can be seen then.
 */
class SinkSemanticsITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    private static final String TYPE_COLUMNS =
            "ts, b, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, vc, nc, vb, geo, `dec`, dec64";

    @BeforeAll
    static void databases() throws Exception {
        Sql.execute(
                TDLITE.jdbcUrl(null),
                "CREATE DATABASE kinds",
                "CREATE STABLE kinds.st (ts TIMESTAMP, v INT) TAGS (g INT)",
                "CREATE TABLE kinds.sub USING kinds.st TAGS (42)",
                "CREATE TABLE kinds.plain (ts TIMESTAMP, v INT, s VARCHAR(4))",
                "CREATE TABLE kinds.wide (ts TIMESTAMP, big BIGINT, d DOUBLE, s VARCHAR(8))");
        for (String precision : new String[] {"ms", "us", "ns"}) {
            String db = "rt_" + precision;
            long tick = "ms".equals(precision)
                    ? 1_704_164_645_123L
                    : "us".equals(precision) ? 1_704_164_645_123_456L : 1_704_164_645_123_456_789L;
            Sql.execute(
                    TDLITE.jdbcUrl(null),
                    "CREATE DATABASE " + db + " PRECISION '" + precision + "'",
                    "CREATE DATABASE " + db + "_copy PRECISION '" + precision + "'",
                    "CREATE STABLE " + db + ".src (" + AllTypes.ALL_TYPES + ") TAGS (info JSON)",
                    "CREATE STABLE " + db + "_copy.src (" + AllTypes.ALL_TYPES + ") TAGS (info JSON)",
                    "INSERT INTO " + db + ".t1 USING " + db + ".src TAGS ('{\"k\":\"v\"}') VALUES (" + tick + ", "
                            + AllTypes.EXTREMES + ")",
                    "INSERT INTO " + db + ".t2 USING " + db + ".src TAGS (NULL) (ts) VALUES (" + (tick + 1) + ")");
        }
    }

    @ParameterizedTest(name = "batch.size {0}")
    @ValueSource(ints = {1, 100})
    void rowKindsAreAppliedInOrder(int batchSize) throws Exception {
        String table = "k" + batchSize;
        List<RowData> changes = Arrays.asList(
                row(RowKind.INSERT, table, 1, 1),
                row(RowKind.INSERT, table, 2, 2),
                row(RowKind.UPDATE_BEFORE, table, 1, 1),
                row(RowKind.UPDATE_AFTER, table, 1, 10),
                row(RowKind.DELETE, table, 2, 2),
                row(RowKind.INSERT, table, 3, 3),
                row(RowKind.DELETE, table, 4, 0));
        Properties props = sinkProperties("kinds", "super_table_name", "st");
        props.setProperty(TDengineConfigParams.TD_BATCH_SIZE, String.valueOf(batchSize));
        run(env ->
                env.fromCollection(changes).sinkTo(new TDengineSink<>(props, Arrays.asList("tbname", "ts", "v", "g"))));
        assertEquals(
                Arrays.asList("1970-01-01 00:00:01.0 10", "1970-01-01 00:00:03.0 3"),
                Sql.rows(TDLITE.jdbcUrl("kinds"), "select ts, v from " + table + " order by ts"));
    }

    @Test
    void intoOneSubtable() throws Exception {
        List<RowData> rows = Arrays.asList(
                GenericRowData.of(TimestampData.fromEpochMillis(1000), 5),
                GenericRowData.of(TimestampData.fromEpochMillis(2000), 6));
        run(env -> env.fromCollection(rows)
                .sinkTo(new TDengineSink<>(sinkProperties("kinds", "table_name", "sub"), Arrays.asList("ts", "v"))));
        assertEquals(
                Arrays.asList("sub 5 42", "sub 6 42"),
                Sql.rows(TDLITE.jdbcUrl("kinds"), "select tbname, v, g from st where tbname = 'sub' order by ts"));
    }

    /** Rows of an InternalTypeInfo stream cross the network as BinaryRowData, which only their declared types can read. */
    @Test
    void binaryRowsAreReadByTheStreamsDeclaredTypes() throws Exception {
        RowType type = RowType.of(new TimestampType(3), new IntType(), new FloatType(), new VarCharType(8));
        List<RowData> rows = Arrays.asList(
                GenericRowData.of(TimestampData.fromEpochMillis(1000), -1, 1.5f, StringData.fromString("a")),
                GenericRowData.of(TimestampData.fromEpochMillis(2000), Integer.MIN_VALUE, -2.25f, null));
        Properties props = sinkProperties("kinds", "table_name", "wide");
        run(env -> env.fromData(rows, InternalTypeInfo.of(type))
                .rebalance()
                .sinkTo(new TDengineSink<>(props, Arrays.asList("ts", "big", "d", "s")))
                .setParallelism(2));
        assertEquals(
                Arrays.asList("-1 1.5 a", "-2147483648 -2.25 null"),
                Sql.rows(TDLITE.jdbcUrl("kinds"), "select big, d, s from wide order by ts"));
    }

    @Test
    void aDeclaredRowTypeTheColumnsCannotTakeFailsWhenTheJobIsBuilt() {
        RowType type = RowType.of(new TimestampType(3), new VarCharType(8), new DoubleType(), new VarCharType(8));
        Properties props = sinkProperties("kinds", "table_name", "wide");
        Throwable failure = assertThrows(
                Exception.class,
                () -> run(env -> env.fromData(Arrays.<RowData>asList(), InternalTypeInfo.of(type))
                        .sinkTo(new TDengineSink<>(props, Arrays.asList("ts", "big", "d", "s")))));
        TDengineException cause =
                ExceptionUtils.findThrowable(failure, TDengineException.class).orElseThrow(AssertionError::new);
        assertEquals(0x2303, cause.getErrorCode());
        assertTrue(cause.getMessage().contains("column big of kinds.wide"), cause.getMessage());
    }

    @Test
    void cdcPollBatchesIntoTheSink() throws Exception {
        ConsumerRecords<RowData> poll = new ConsumerRecords<>();
        TopicPartition vgroup = new TopicPartition("topic_meters", 2);
        for (int i = 0; i < 5; i++) {
            poll.put(
                    vgroup, new ConsumerRecord<>("topic_meters", "kinds", 2, 7, row(RowKind.INSERT, "cdc", i, i * 10)));
        }
        Properties props = sinkProperties("kinds", "super_table_name", "st");
        props.setProperty(TDengineConfigParams.TD_BATCH_MODE, "true");
        props.setProperty(TDengineConfigParams.TD_SOURCE_TYPE, "tdengine_cdc");
        run(env -> env.fromCollection(List.of(poll))
                .sinkTo(new TDengineSink<>(props, Arrays.asList("tbname", "ts", "v", "g"))));
        assertEquals(100, Sql.number(TDLITE.jdbcUrl("kinds"), "select sum(v) from cdc"));
    }

    @ParameterizedTest(name = "{0} precision")
    @ValueSource(strings = {"ms", "us", "ns"})
    void everyTypeRoundTripsThroughSourceAndSink(String precision) throws Exception {
        String db = "rt_" + precision;
        Properties source = new Properties();
        source.setProperty(TDengineConfigParams.TD_JDBC_URL, TDLITE.jdbcUrl(db));
        source.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        source.setProperty(TDengineConfigParams.PROPERTY_KEY_TIME_ZONE, "Asia/Shanghai");
        Properties sink = sinkProperties(db + "_copy", "super_table_name", "src");
        sink.setProperty(TDengineConfigParams.PROPERTY_KEY_TIME_ZONE, "Asia/Shanghai");
        List<String> fields = Arrays.asList(("tbname, " + TYPE_COLUMNS + ", info").split(",\\s*"));
        run(env -> env.fromSource(
                        new TDengineSource<>(
                                source,
                                new SourceSplitSql("select tbname, " + TYPE_COLUMNS + ", info from src"),
                                RowData.class),
                        WatermarkStrategy.noWatermarks(),
                        "source")
                .sinkTo(new TDengineSink<>(sink, fields)));
        String query = "select tbname, " + TYPE_COLUMNS + ", info from src order by tbname";
        List<String> written = Sql.rows(TDLITE.jdbcUrl(db + "_copy"), query);
        assertEquals(Sql.rows(TDLITE.jdbcUrl(db), query), written);
        assertEquals(2, written.size());
    }

    @Test
    void settingsWrongInThemselvesFailWhenTheSinkIsBuilt() {
        List<String> fields = Arrays.asList("tbname", "ts", "v", "g");
        Properties noTable = sinkProperties("kinds", "super_table_name", "st");
        noTable.remove("super_table_name");
        assertEquals(0xa011, buildCode(noTable, fields));
        Properties noDb = sinkProperties("kinds", "super_table_name", "st");
        noDb.remove(TDengineConfigParams.PROPERTY_KEY_DBNAME);
        assertEquals(0xa010, buildCode(noDb, fields));
        Properties noDeserializer = sinkProperties("kinds", "super_table_name", "st");
        noDeserializer.remove(TDengineConfigParams.VALUE_DESERIALIZER);
        assertEquals(0xa013, buildCode(noDeserializer, fields));
        Properties noSourceType = sinkProperties("kinds", "super_table_name", "st");
        noSourceType.setProperty(TDengineConfigParams.TD_BATCH_MODE, "true");
        assertEquals(0xa013, buildCode(noSourceType, fields), "batch mode needs a source type");
        assertEquals(0xa010, buildCode(sinkProperties("kinds", "super_table_name", "st"), Arrays.asList()));
    }

    /** Checks against the target need DESCRIBE, so they run where the writers start: building a job needs no server. */
    @Test
    void fieldsTheTargetCannotTakeFailTheJobAsItStarts() {
        assertEquals(
                0x2603,
                startCode(
                        sinkProperties("kinds", "super_table_name", "no_such"),
                        Arrays.asList("tbname", "ts", "v", "g")));
        assertEquals(
                0xa014,
                startCode(sinkProperties("kinds", "super_table_name", "st"), Arrays.asList("tbname", "ts", "nope")));
        assertEquals(
                0xa014,
                startCode(sinkProperties("kinds", "super_table_name", "st"), Arrays.asList("ts", "v")),
                "a supertable needs tbname");
        assertEquals(
                0xa014,
                startCode(sinkProperties("kinds", "super_table_name", "st"), Arrays.asList("tbname", "v")),
                "the timestamp is required");
        assertEquals(
                0xa014,
                startCode(sinkProperties("kinds", "super_table_name", "st"), Arrays.asList("tbname", "`ts", "v")));
        assertEquals(
                0xa014, startCode(sinkProperties("kinds", "table_name", "plain"), Arrays.asList("tbname", "ts", "v")));
    }

    @Test
    void badRowsFailTheJobWithACodeNamingTableColumnAndValue() {
        List<String> fields = Arrays.asList("ts", "v", "s");
        Properties props = sinkProperties("kinds", "table_name", "plain");
        TimestampData ts = TimestampData.fromEpochMillis(5);
        assertFailure("the row has 2 fields but the sink has 3", props, fields, GenericRowData.of(ts, 1));
        assertFailure(
                "column s: value 'abcde' is 5 bytes, longer than VARCHAR(4)",
                props,
                fields,
                GenericRowData.of(ts, 1, StringData.fromString("abcde")));
        assertFailure(
                "column v: value 'x' cannot be written as INT",
                props,
                fields,
                GenericRowData.of(ts, StringData.fromString("x"), null));
        assertFailure(
                "column v: value '3000000000' is out of range",
                props,
                fields,
                GenericRowData.of(ts, 3_000_000_000L, null));
        assertFailure("column ts: value NULL is not allowed", props, fields, GenericRowData.of(null, 1, null));
        assertFailure(
                "column tbname: value NULL is not allowed",
                sinkProperties("kinds", "super_table_name", "st"),
                Arrays.asList("tbname", "ts", "v"),
                GenericRowData.of(null, ts, 1));
    }

    private static void assertFailure(String message, Properties props, List<String> fields, RowData row) {
        Throwable failure = assertThrows(
                Exception.class,
                () -> run(env -> env.fromCollection(List.of(row)).sinkTo(new TDengineSink<>(props, fields))));
        Optional<TDengineException> cause = ExceptionUtils.findThrowable(failure, TDengineException.class);
        assertTrue(cause.isPresent(), () -> ExceptionUtils.stringifyException(failure));
        assertEquals(0x2303, cause.get().getErrorCode());
        assertTrue(
                cause.get().getMessage().contains("table kinds.")
                        && cause.get().getMessage().contains(message),
                cause.get().getMessage());
    }

    /** The code of the job failure when a sink of {@code fields} starts (with no row to write). */
    private static int startCode(Properties props, List<String> fields) {
        Throwable failure = assertThrows(
                Exception.class,
                () -> run(env -> env.fromData(Arrays.<RowData>asList(), GenericRowDataTypeInfo.INSTANCE)
                        .sinkTo(new TDengineSink<>(props, fields))));
        return ExceptionUtils.findThrowable(failure, TDengineException.class)
                .orElseThrow(() -> new AssertionError(failure))
                .getErrorCode();
    }

    private static int buildCode(Properties props, List<String> fields) {
        return assertThrows(TDengineException.class, () -> new TDengineSink<RowData>(props, fields))
                .getErrorCode();
    }

    private interface JobBody {
        void define(StreamExecutionEnvironment env) throws Exception;
    }

    private static void run(JobBody body) throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            body.define(env);
            env.execute();
        });
    }

    private static GenericRowData row(RowKind kind, String table, int second, int v) {
        LocalDateTime ts = LocalDateTime.ofInstant(Instant.ofEpochSecond(second), ZoneOffset.UTC);
        return GenericRowData.ofKind(kind, StringData.fromString(table), TimestampData.fromLocalDateTime(ts), v, 1);
    }

    private static Properties sinkProperties(String db, String tableKey, String table) {
        Properties props = new Properties();
        props.setProperty(TDengineConfigParams.TD_JDBC_URL, TDLITE.jdbcUrl(null));
        props.setProperty(TDengineConfigParams.PROPERTY_KEY_DBNAME, db);
        props.setProperty(tableKey, table);
        props.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        props.setProperty(TDengineConfigParams.PROPERTY_KEY_TIME_ZONE, "UTC");
        return props;
    }
}
