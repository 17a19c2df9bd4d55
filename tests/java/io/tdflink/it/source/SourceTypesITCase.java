package io.tdflink.it.source;

import io.tdflink.common.TDengineConfigParams;
import io.tdflink.source.TDengineSource;
import io.tdflink.source.entity.SourceSplitSql;
import io.tdflink.source.entity.SplitResultRecord;
import io.tdflink.source.entity.SplitType;
import io.tdflink.source.entity.TimestampSplitInfo;
import io.tdflink.source.serializable.TDengineRecordDeserialization;
import io.tdflink.testutils.AllTypes;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.SourceJobs;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every TDengine type through the source, at ms, µs and ns precision: extremes, NULLs, a JSON
 * tag, tbname; the same instants shown in two zones; the JDBC driver's value types for custom
 * deserializers; and an empty result.
 */
class SourceTypesITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(3);

    private static final String COLUMNS =
            "ts, b, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, vc, nc, vb, geo, `dec`, dec64, info, tbname";

    @BeforeAll
    static void load() throws Exception {
        AllTypes.createPrecisionDatabases(TDLITE.jdbcUrl(null));
    }

    @ParameterizedTest(name = "{0} precision")
    @CsvSource({"ms, 123000000", "us, 123456000", "ns, 123456789"})
    void everyTypeExactly(String precision, int nanos) throws Exception {
        List<RowData> rows = read("types_" + precision, "UTC", new SourceSplitSql("select " + COLUMNS + " from st"));
        rows.sort(Comparator.comparing(r -> r.getTimestamp(0, 9)));
        assertEquals(2, rows.size());
        RowData row = rows.get(0);
        assertEquals(
                LocalDateTime.of(2024, 1, 2, 3, 4, 5, nanos),
                row.getTimestamp(0, 9).toLocalDateTime());
        assertEquals(true, row.getBoolean(1));
        assertEquals(-128, row.getByte(2));
        assertEquals(32767, row.getShort(3));
        assertEquals(Integer.MIN_VALUE, row.getInt(4));
        assertEquals(Long.MAX_VALUE, row.getLong(5));
        assertEquals(255, row.getShort(6), "TINYINT UNSIGNED widens to SMALLINT");
        assertEquals(65535, row.getInt(7));
        assertEquals(4294967295L, row.getLong(8));
        assertEquals(
                new BigDecimal("18446744073709551615"), row.getDecimal(9, 20, 0).toBigDecimal());
        assertEquals(-1.5f, row.getFloat(10));
        assertEquals(1.7976931348623157e308, row.getDouble(11));
        assertEquals("it's", row.getString(12).toString());
        assertEquals("涛思数据😀é", row.getString(13).toString());
        assertArrayEquals(new byte[] {0, (byte) 0xff, 0x10}, row.getBinary(14));
        assertArrayEquals(AllTypes.point(1, 2), row.getBinary(15));
        assertEquals(
                DecimalData.fromBigDecimal(new BigDecimal("-1234567890123456.7890"), 20, 4), row.getDecimal(16, 20, 4));
        assertEquals(new BigDecimal("12345678.90"), row.getDecimal(17, 10, 2).toBigDecimal());
        assertEquals("{\"k\":\"v\",\"n\":1}", row.getString(18).toString(), "JSON is a string, never bytes");
        assertEquals("t1", row.getString(19).toString());

        RowData nulls = rows.get(1);
        assertEquals(
                LocalDateTime.of(2024, 1, 2, 3, 4, 6, nanos),
                nulls.getTimestamp(0, 9).toLocalDateTime());
        for (int c = 1; c <= 17; c++) {
            assertTrue(nulls.isNullAt(c), "column " + c + " is NULL");
        }
        assertEquals("t1", nulls.getString(19).toString());
    }

    @Test
    void timestampsShowTheWallClockOfTheTimezoneProperty() throws Exception {
        SourceSplitSql query = new SourceSplitSql("select ts from st where i8 = -128");
        assertEquals(
                LocalDateTime.of(2024, 1, 2, 11, 4, 5, 123_456_789),
                read("types_ns", "Asia/Shanghai", query)
                        .get(0)
                        .getTimestamp(0, 9)
                        .toLocalDateTime());
        assertEquals(
                LocalDateTime.of(2024, 1, 1, 22, 4, 5, 123_456_789),
                read("types_ns", "America/New_York", query)
                        .get(0)
                        .getTimestamp(0, 9)
                        .toLocalDateTime());
        assertEquals(
                LocalDateTime.of(2024, 1, 2, 11, 4, 5, 123_456_789),
                read("types_ns", "UTC-8", query).get(0).getTimestamp(0, 9).toLocalDateTime(),
                "TDengine's POSIX spelling: UTC-8 is UTC+08:00");
    }

    @Test
    void timeSplitBoundsAreInTheDatabasePrecision() throws Exception {
        for (String precision : new String[] {"ms", "us", "ns"}) {
            long start = AllTypes.EPOCH_SECOND * 1000;
            SourceSplitSql split = new SourceSplitSql("select ts, i8 from st")
                    .setSplitType(SplitType.SPLIT_TYPE_TIMESTAMP)
                    .setTimestampSplitInfo(new TimestampSplitInfo(start, start + 2000, "ts", Duration.ofSeconds(1)));
            assertEquals(
                    2,
                    read("types_" + precision, "UTC", split).size(),
                    precision + ": one row in each of the two splits");
        }
    }

    @Test
    void emptyResultsFinish() throws Exception {
        assertEquals(
                0,
                read("types_us", "UTC", new SourceSplitSql("select * from st where ts < 0"))
                        .size());
    }

    @Test
    void customDeserializersGetTheDriverTypes() throws Exception {
        Properties props = properties("types_us", "UTC");
        props.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, TypeReport.class.getName());
        List<String> reports = SourceJobs.collect(
                new TDengineSource<>(
                        props, new SourceSplitSql("select " + COLUMNS + " from st where i8 = -128"), String.class),
                1);
        assertEquals(
                List.of(
                        "ts TIMESTAMP java.sql.Timestamp=2024-01-02 03:04:05.123456",
                        "b BOOL java.lang.Boolean=true",
                        "i8 TINYINT java.lang.Byte=-128",
                        "i16 SMALLINT java.lang.Short=32767",
                        "i32 INT java.lang.Integer=-2147483648",
                        "i64 BIGINT java.lang.Long=9223372036854775807",
                        "u8 TINYINT UNSIGNED java.lang.Short=255",
                        "u16 SMALLINT UNSIGNED java.lang.Integer=65535",
                        "u32 INT UNSIGNED java.lang.Long=4294967295",
                        "u64 BIGINT UNSIGNED java.math.BigInteger=18446744073709551615",
                        "f32 FLOAT java.lang.Float=-1.5",
                        "f64 DOUBLE java.lang.Double=1.7976931348623157E308",
                        "vc VARCHAR [B=it's",
                        "nc NCHAR java.lang.String=涛思数据😀é",
                        "vb VARBINARY [B=\u0000\u00ff\u0010",
                        "geo GEOMETRY [B=21 bytes",
                        "dec DECIMAL java.math.BigDecimal=-1234567890123456.7890",
                        "dec64 DECIMAL java.math.BigDecimal=12345678.90",
                        "info JSON [B={\"k\":\"v\",\"n\":1}",
                        "tbname VARCHAR [B=t1"),
                List.of(reports.get(0).split("\n")));
    }

    /** Reports each column as "name type class=value", one line each. */
    public static class TypeReport implements TDengineRecordDeserialization<String> {
        @Override
        public String convert(SplitResultRecord record) throws java.sql.SQLException {
            ResultSetMetaData meta = record.getMetaData();
            List<String> lines = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                Object v = record.getSourceRecordList().get(i - 1);
                String shown = v instanceof byte[]
                        ? (meta.getColumnName(i).equals("geo")
                                ? ((byte[]) v).length + " bytes"
                                : new String((byte[]) v, StandardCharsets.ISO_8859_1))
                        : String.valueOf(v);
                if (v instanceof byte[]
                        && !meta.getColumnName(i).equals("vb")
                        && !meta.getColumnName(i).equals("geo")) {
                    shown = new String((byte[]) v, StandardCharsets.UTF_8);
                }
                assertEquals(v.getClass().getName(), meta.getColumnClassName(i));
                lines.add(meta.getColumnName(i) + " " + meta.getColumnTypeName(i) + " "
                        + v.getClass().getName() + "=" + shown);
            }
            return String.join("\n", lines);
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return TypeInformation.of(String.class);
        }
    }

    private static Properties properties(String db, String zone) {
        Properties props = new Properties();
        props.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        props.setProperty(TDengineConfigParams.PROPERTY_KEY_TIME_ZONE, zone);
        props.setProperty(TDengineConfigParams.TD_JDBC_URL, TDLITE.jdbcUrl(db));
        return props;
    }

    private static List<RowData> read(String db, String zone, SourceSplitSql split) throws Exception {
        return new ArrayList<>(SourceJobs.collect(new TDengineSource<>(properties(db, zone), split, RowData.class), 2));
    }
}
