package io.tdflink.it.cdc;

import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.common.TDengineConfigParams;
import io.tdflink.source.TDengineSource;
import io.tdflink.source.entity.SourceSplitSql;
import io.tdflink.testutils.AllTypes;
import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.SourceJobs;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every TDengine type through a topic at ms, µs and ns precision, in RowData mode: the rows
 * equal what the bounded source reads from the same table (both use one converter, so any
 * difference is the TMQ path's), and the extremes, NULLs and timestamps are as inserted.
 */
class CdcTypesITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    /** Every column of {@link AllTypes#ALL_TYPES}, the JSON tag and tbname. */
    private static final String COLUMNS =
            "ts, b, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, vc, nc, vb, geo, `dec`, dec64, info, tbname";

    @BeforeAll
    static void load() throws Exception {
        AllTypes.createPrecisionDatabases(TDLITE.jdbcUrl(null));
        for (String precision : new String[] {"ms", "us", "ns"}) {
            Sql.execute(
                    TDLITE.jdbcUrl(null),
                    "CREATE TOPIC types_" + precision + " AS SELECT " + COLUMNS + " FROM types_" + precision + ".st");
        }
    }

    @ParameterizedTest(name = "{0} precision")
    @CsvSource({"ms, 123000000", "us, 123456000", "ns, 123456789"})
    void everyTypeAsTheBoundedSourceReadsIt(String precision, int nanos) throws Exception {
        Properties cdc = CdcJobs.properties(TDLITE.server(), "types_" + precision);
        cdc.setProperty(TDengineConfigParams.PROPERTY_KEY_TIME_ZONE, "UTC");
        List<RowData> rows =
                byTimestamp(CdcJobs.collect(new TDengineCdcSource<>("types_" + precision, cdc, RowData.class), 2, 2));

        Properties bounded = new Properties();
        bounded.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        bounded.setProperty(TDengineConfigParams.PROPERTY_KEY_TIME_ZONE, "UTC");
        bounded.setProperty(TDengineConfigParams.TD_JDBC_URL, TDLITE.jdbcUrl("types_" + precision));
        List<RowData> expected = byTimestamp(SourceJobs.collect(
                new TDengineSource<>(bounded, new SourceSplitSql("select " + COLUMNS + " from st"), RowData.class), 1));
        assertEquals(expected, rows);

        // The same as the bounded source could still be wrong the same way: the values that
        // most easily go wrong on a second path, checked against what was inserted.
        RowData extremes = rows.get(0);
        assertEquals(
                LocalDateTime.of(2024, 1, 2, 3, 4, 5, nanos),
                extremes.getTimestamp(0, 9).toLocalDateTime());
        assertEquals(-128, extremes.getByte(2));
        assertEquals(Long.MAX_VALUE, extremes.getLong(5));
        assertEquals(255, extremes.getShort(6), "TINYINT UNSIGNED widens to SMALLINT");
        assertEquals(
                new BigDecimal("18446744073709551615"),
                extremes.getDecimal(9, 20, 0).toBigDecimal());
        assertEquals(1.7976931348623157e308, extremes.getDouble(11));
        assertEquals("it's", extremes.getString(12).toString());
        assertEquals("涛思数据😀é", extremes.getString(13).toString());
        assertArrayEquals(new byte[] {0, (byte) 0xff, 0x10}, extremes.getBinary(14));
        assertArrayEquals(AllTypes.point(1, 2), extremes.getBinary(15));
        assertEquals(
                new BigDecimal("-1234567890123456.7890"),
                extremes.getDecimal(16, 20, 4).toBigDecimal());
        assertEquals(
                new BigDecimal("12345678.90"), extremes.getDecimal(17, 10, 2).toBigDecimal());
        assertEquals("{\"k\":\"v\",\"n\":1}", extremes.getString(18).toString(), "JSON is a string, never bytes");
        assertEquals("t1", extremes.getString(19).toString());

        RowData nulls = rows.get(1);
        assertEquals(
                LocalDateTime.of(2024, 1, 2, 3, 4, 6, nanos),
                nulls.getTimestamp(0, 9).toLocalDateTime());
        for (int c = 1; c <= 17; c++) {
            assertTrue(nulls.isNullAt(c), "column " + c + " is NULL");
        }
    }

    /** Official bug 13: the official RowData deserializer crashed when a topic's first column held text. */
    @Test
    void textInTheFirstColumn() throws Exception {
        Sql.execute(TDLITE.jdbcUrl(null), "CREATE TOPIC text_first AS SELECT vc, nc, ts, i32 FROM types_us.st");
        List<RowData> rows = byTimestamp(
                CdcJobs.collect(
                        new TDengineCdcSource<>(
                                "text_first", CdcJobs.properties(TDLITE.server(), "text_first"), RowData.class),
                        1,
                        2),
                2);
        assertEquals("it's", rows.get(0).getString(0).toString());
        assertEquals("涛思数据😀é", rows.get(0).getString(1).toString());
        assertEquals(Integer.MIN_VALUE, rows.get(0).getInt(3));
        assertTrue(rows.get(1).isNullAt(0));
        assertTrue(rows.get(1).isNullAt(1));
    }

    private static List<RowData> byTimestamp(List<RowData> rows) {
        return byTimestamp(rows, 0);
    }

    private static List<RowData> byTimestamp(List<RowData> rows, int column) {
        List<RowData> out = new ArrayList<>(rows);
        out.sort(Comparator.comparing(r -> r.getTimestamp(column, 9)));
        return out;
    }
}
