package io.tdflink.it;

import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.common.TDengineConfigParams;
import io.tdflink.source.TDengineSource;
import io.tdflink.source.entity.SourceRecords;
import io.tdflink.source.entity.SourceSplitSql;
import io.tdflink.testutils.AllTypes;
import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.TdliteExtension;
import io.tdflink.tmq.ConsumerRecord;
import io.tdflink.tmq.ConsumerRecords;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * RowData read as jobs written for the official connector read it (its rows are
 * {@code BinaryRowData}; issue #17): every text and binary column answers {@code getString} and
 * {@code getBinary} with its bytes, and a timestamp reads the same at precision 0, 3, 6 and 9,
 * in ms, µs and ns databases, from the bounded source, CDC and both their batch forms. Each row
 * is read twice: by an operator chained to the source (a serializer copy away from the source)
 * and after a rebalance (serialized across the network; the batch forms through Kryo).
 */
class OfficialRowReadsITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    /** Columns after ts: name, declaration, inserted literal, the bytes both getters must answer. */
    private static final Column[] COLUMNS = {
        new Column("vc", "VARCHAR(16)", "'it''s'", utf8("it's")),
        new Column("bn", "BINARY(16)", "'bin é'", utf8("bin é")),
        new Column("nc", "NCHAR(8)", "'涛思数据😀é'", utf8("涛思数据😀é")),
        new Column("vb", "VARBINARY(16)", "'\\x00ff10'", new byte[] {0, (byte) 0xff, 0x10}),
        new Column("geo", "GEOMETRY(32)", "'POINT(1 2)'", AllTypes.point(1, 2)),
        new Column("bl", "BLOB", "'\\x01ff02'", new byte[] {1, (byte) 0xff, 2}),
        // The official test's column that failed on getBinary: a BINARY(64) tag there, a column
        // here, as a JSON tag must be a table's only tag. Columns and tags are decoded alike.
        new Column("location", "BINARY(64)", "'California.SanFrancisco'", utf8("California.SanFrancisco")),
    };

    private static final Column[] TAGS = {new Column("info", "JSON", "'{\"k\":\"v\"}'", utf8("{\"k\":\"v\"}"))};
    private static final int[] PRECISIONS = {0, 3, 6, 9};

    @BeforeAll
    static void load() throws Exception {
        List<String> columns = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Column column : COLUMNS) {
            columns.add(column.name + " " + column.type);
            values.add(column.literal);
        }
        List<String> tags = new ArrayList<>();
        List<String> tagValues = new ArrayList<>();
        for (Column tag : TAGS) {
            tags.add(tag.name + " " + tag.type);
            tagValues.add(tag.literal);
        }
        for (String precision : new String[] {"ms", "us", "ns"}) {
            String db = "reads_" + precision;
            Sql.execute(
                    TDLITE.jdbcUrl(null),
                    "CREATE DATABASE " + db + " PRECISION '" + precision + "'",
                    "CREATE STABLE " + db + ".st (ts TIMESTAMP, " + String.join(", ", columns) + ") TAGS ("
                            + String.join(", ", tags) + ")",
                    "INSERT INTO " + db + ".d1 USING " + db + ".st TAGS (" + String.join(", ", tagValues) + ") VALUES ("
                            + AllTypes.ticks(precision, 0) + ", " + String.join(", ", values) + ")",
                    "CREATE TOPIC " + db + " AS " + query(db + ".st"));
        }
    }

    @ParameterizedTest(name = "{0}, {1} precision")
    @CsvSource({
        "source, ms, 123000000", "source, us, 123456000", "source, ns, 123456789",
        "source batches, ms, 123000000", "source batches, us, 123456000", "source batches, ns, 123456789",
        "cdc, ms, 123000000", "cdc, us, 123456000", "cdc, ns, 123456789",
        "cdc batches, ms, 123000000", "cdc batches, us, 123456000", "cdc batches, ns, 123456789"
    })
    void textAndBinaryAnswerBothGettersAndTimestampsAnyPrecision(String form, String precision, int nanos)
            throws Exception {
        String db = "reads_" + precision;
        List<String> readings;
        switch (form) {
            case "source":
                readings = bounded(source(db, false), OfficialRowReadsITCase::itself);
                break;
            case "source batches":
                readings = bounded(source(db, true), OfficialRowReadsITCase::sourceRecords);
                break;
            case "cdc":
                readings = subscribed(
                        new TDengineCdcSource<>(db, cdcProperties(db, false), RowData.class),
                        OfficialRowReadsITCase::itself);
                break;
            default:
                readings = subscribed(
                        new TDengineCdcSource<>(db, cdcProperties(db, true), CdcJobs.<RowData>batches()),
                        OfficialRowReadsITCase::consumerRecords);
        }
        Collections.sort(readings);
        String expected = expectedReadings(LocalDateTime.of(2024, 1, 2, 3, 4, 5, nanos));
        assertEquals(List.of("after a shuffle: " + expected, "as emitted: " + expected), readings);
    }

    /** What {@link #read} gives for the one row: the timestamp at every precision, then each column's bytes by both getters. */
    private static String expectedReadings(LocalDateTime ts) {
        StringBuilder out = new StringBuilder();
        for (int precision : PRECISIONS) {
            out.append("ts(").append(precision).append(")=").append(ts).append(' ');
        }
        for (Column column : all()) {
            String hex = hex(column.bytes);
            out.append(column.name)
                    .append('=')
                    .append(hex)
                    .append('/')
                    .append(hex)
                    .append(' ');
        }
        return out.toString();
    }

    /** One row as a job reads it: {@code getTimestamp} at each precision, {@code getString} and {@code getBinary} of each column. */
    private static String read(RowData row) {
        StringBuilder out = new StringBuilder();
        for (int precision : PRECISIONS) {
            out.append("ts(")
                    .append(precision)
                    .append(")=")
                    .append(row.getTimestamp(0, precision).toLocalDateTime())
                    .append(' ');
        }
        Column[] columns = all();
        for (int c = 0; c < columns.length; c++) {
            out.append(columns[c].name)
                    .append('=')
                    .append(hex(row.getString(c + 1).toBytes()))
                    .append('/')
                    .append(hex(row.getBinary(c + 1)))
                    .append(' ');
        }
        return out.toString();
    }

    private static <T> List<String> bounded(Source<T, ?, ?> source, Rows<T> rows) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        List<String> out = new ArrayList<>();
        try (CloseableIterator<String> it = readings(
                        env.fromSource(source, WatermarkStrategy.noWatermarks(), "tdengine"), rows)
                .executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    private static <T> List<String> subscribed(Source<T, ?, ?> source, Rows<T> rows) throws Exception {
        try (CdcJobs.Subscription<String> job =
                CdcJobs.subscribe(readings(CdcJobs.stream(CdcJobs.environment(2), source), rows))) {
            return job.take(2, reading -> 1, CdcJobs.DEADLINE);
        }
    }

    /** Each row read by an operator chained to the source and by one behind a rebalance. */
    private static <T> DataStream<String> readings(DataStream<T> elements, Rows<T> rows) {
        return elements.flatMap(reader("as emitted: ", rows))
                .returns(Types.STRING)
                .union(elements.rebalance()
                        .flatMap(reader("after a shuffle: ", rows))
                        .returns(Types.STRING));
    }

    private static <T> FlatMapFunction<T, String> reader(String path, Rows<T> rows) {
        return (T element, Collector<String> out) -> {
            for (RowData row : rows.of(element)) {
                out.collect(path + read(row));
            }
        };
    }

    /** The rows of one element of a source's output form. */
    @FunctionalInterface
    private interface Rows<T> extends Serializable {
        Iterable<RowData> of(T element);
    }

    private static Iterable<RowData> itself(RowData row) {
        return List.of(row);
    }

    private static Iterable<RowData> sourceRecords(SourceRecords<RowData> batch) {
        return batch.getRecords();
    }

    private static Iterable<RowData> consumerRecords(ConsumerRecords<RowData> batch) {
        List<RowData> out = new ArrayList<>();
        for (ConsumerRecord<RowData> record : batch) {
            out.add(record.value());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> TDengineSource<T> source(String db, boolean batches) {
        Properties p = new Properties();
        p.setProperty(TDengineConfigParams.TD_JDBC_URL, TDLITE.jdbcUrl(db));
        p.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        p.setProperty(TDengineConfigParams.PROPERTY_KEY_TIME_ZONE, "UTC");
        p.setProperty(TDengineConfigParams.TD_BATCH_MODE, Boolean.toString(batches));
        Class<?> type = batches ? SourceRecords.class : RowData.class;
        return new TDengineSource<>(p, new SourceSplitSql(query("st")), (Class<T>) type);
    }

    private static Properties cdcProperties(String db, boolean batches) {
        Properties p = CdcJobs.properties(TDLITE.server(), db + (batches ? "_batches" : "_rows"), "RowData", batches);
        p.setProperty(TDengineConfigParams.PROPERTY_KEY_TIME_ZONE, "UTC");
        return p;
    }

    private static String query(String table) {
        StringBuilder select = new StringBuilder("SELECT ts");
        for (Column column : all()) {
            select.append(", ").append(column.name);
        }
        return select.append(" FROM ").append(table).toString();
    }

    private static Column[] all() {
        Column[] all = new Column[COLUMNS.length + TAGS.length];
        System.arraycopy(COLUMNS, 0, all, 0, COLUMNS.length);
        System.arraycopy(TAGS, 0, all, COLUMNS.length, TAGS.length);
        return all;
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static final class Column {
        final String name;
        final String type;
        final String literal;
        final byte[] bytes;

        Column(String name, String type, String literal, byte[] bytes) {
            this.name = name;
            this.type = type;
            this.literal = literal;
            this.bytes = bytes;
        }
    }
}
