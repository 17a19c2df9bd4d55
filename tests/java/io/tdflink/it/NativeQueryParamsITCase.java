package io.tdflink.it;

import io.tdflink.common.TDengineDataType;
import io.tdflink.common.TDengineException;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeBatchWriter;
import io.tdflink.jni.NativeColumn;
import io.tdflink.jni.NativeQuery;
import io.tdflink.testutils.AllTypes;
import io.tdflink.testutils.PowerMeters;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.TdliteExtension;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.tdflink.common.TDengineDataType.BIGINT_UNSIGNED;
import static io.tdflink.common.TDengineDataType.BOOL;
import static io.tdflink.common.TDengineDataType.DECIMAL;
import static io.tdflink.common.TDengineDataType.DECIMAL64;
import static io.tdflink.common.TDengineDataType.INT;
import static io.tdflink.common.TDengineDataType.NCHAR;
import static io.tdflink.common.TDengineDataType.TIMESTAMP;
import static io.tdflink.common.TDengineDataType.TINYINT_UNSIGNED;
import static io.tdflink.common.TDengineDataType.VARCHAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Queries with {@code ?} parameters and result descriptions through {@link NativeQuery}, against tdlite. */
class NativeQueryParamsITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @BeforeAll
    static void loadData() throws Exception {
        PowerMeters.create(TDLITE.jdbcUrl(null));
        AllTypes.createPrecisionDatabases(TDLITE.jdbcUrl(null));
    }

    @Test
    void parametersAreBoundFromAOneRowBatch() {
        NativeBatchWriter params = new NativeBatchWriter(List.of(
                NativeColumn.of("min_voltage", INT),
                new NativeColumn("location", VARCHAR, 0, 0, 64),
                new NativeColumn("from", TIMESTAMP, 0, 0, 8)));
        params.appendInt(0, 202);
        params.appendString(1, "California.SanFrancisco");
        params.appendLong(2, Instant.parse("2024-12-19T18:00:00Z").toEpochMilli());
        String sql = "select ts, voltage, location from meters where voltage >= ? and location = ? and ts >= ?";
        List<String> rows = read(sql, params);
        assertEquals(
                List.of(
                        "202 California.SanFrancisco",
                        "202 California.SanFrancisco",
                        "203 California.SanFrancisco",
                        "203 California.SanFrancisco"),
                rows);
    }

    @Test
    void aValueNeverBecomesSqlText() {
        NativeBatchWriter params = new NativeBatchWriter(List.of(new NativeColumn("location", VARCHAR, 0, 0, 64)));
        params.appendString(0, "x' or '1'='1");
        assertEquals(List.of(), read("select ts, voltage, location from meters where location = ?", params));
    }

    @Test
    void badInputGetsCodesAndLeavesNothingBehind() {
        NativeBatchWriter oneInt = new NativeBatchWriter(List.of(NativeColumn.of("v", INT)));
        oneInt.appendInt(0, 1);
        ByteBuffer buffer = ByteBuffer.allocateDirect(oneInt.encodedSize());
        int length = oneInt.encodeTo(buffer);
        String url = TDLITE.jdbcUrl("power");
        assertCode(
                0x2303,
                () -> NativeQuery.open(
                        url, Map.of(), "select ts from meters where voltage > ? and groupid = ?", buffer, length));
        assertCode(
                0xa012,
                () -> NativeQuery.open(
                        url, Map.of(), "insert into d1001 (ts, voltage) values (now, ?)", buffer, length));
        assertCode(
                0x2603,
                () -> NativeQuery.open(url, Map.of(), "select ts from nowhere where voltage > ?", buffer, length));
        assertCode(
                0x2303,
                () -> NativeQuery.open(url, Map.of(), "select ts from meters where voltage > ?", buffer, length - 1));
        oneInt.appendInt(0, 2);
        ByteBuffer twoRows = ByteBuffer.allocateDirect(oneInt.encodedSize());
        int twoRowsLength = oneInt.encodeTo(twoRows);
        assertCode(
                0x2303,
                () -> NativeQuery.open(
                        url, Map.of(), "select ts from meters where voltage > ?", twoRows, twoRowsLength));
    }

    @Test
    void describeTellsTheColumnsWithoutReadingRows() {
        for (String precision : new String[] {"ms", "us", "ns"}) {
            NativeBatchReader schema = NativeQuery.describe(
                    TDLITE.jdbcUrl(null),
                    Map.of(),
                    "select ts, b, u8, u64, vc, nc, dec, dec64 from types_" + precision + ".st");
            assertEquals(0, schema.rowCount());
            int unit = precision.equals("ms") ? 0 : precision.equals("us") ? 1 : 2;
            assertEquals(
                    List.of(
                            new NativeColumn("ts", TIMESTAMP, unit, 0, 8),
                            new NativeColumn("b", BOOL, 0, 0, 1),
                            new NativeColumn("u8", TINYINT_UNSIGNED, 0, 0, 1),
                            new NativeColumn("u64", BIGINT_UNSIGNED, 0, 0, 8),
                            new NativeColumn("vc", VARCHAR, 0, 0, 32),
                            new NativeColumn("nc", NCHAR, 0, 0, 16),
                            new NativeColumn("dec", DECIMAL, 20, 4, 16),
                            new NativeColumn("dec64", DECIMAL64, 10, 2, 8)),
                    schema.schema(),
                    precision);
        }
    }

    @Test
    void describeRefusesStatementsWithoutRowsAndNeverRunsThem() throws Exception {
        String url = TDLITE.jdbcUrl("power");
        assertCode(
                0x2600, () -> NativeQuery.describe(url, Map.of(), "insert into d1001 (ts, voltage) values (now, 1)"));
        assertCode(0x2600, () -> NativeQuery.describe(url, Map.of(), "create table described (ts timestamp, v int)"));
        assertCode(0x2603, () -> NativeQuery.describe(url, Map.of(), "select * from nowhere"));
        assertEquals(PowerMeters.ROWS, Sql.number(url, "select count(*) from meters"));
        assertCode(0x2603, () -> NativeQuery.describe(url, Map.of(), "select * from described"));
    }

    /** Every row of {@code sql} run with {@code params}: voltage and location, sorted. */
    private static List<String> read(String sql, NativeBatchWriter params) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(params.encodedSize());
        int length = params.encodeTo(buffer);
        List<String> rows = new ArrayList<>();
        try (NativeQuery query = NativeQuery.open(TDLITE.jdbcUrl("power"), Map.of(), sql, buffer, length)) {
            for (NativeBatchReader batch = query.next(); batch != null; batch = query.next()) {
                assertEquals(TDengineDataType.TIMESTAMP, batch.schema().get(0).type());
                for (int r = 0; r < batch.rowCount(); r++) {
                    rows.add(batch.getInt(1, r) + " " + batch.getString(2, r));
                }
            }
            assertNull(query.next(), "stays at the end");
        }
        rows.sort(null);
        return rows;
    }

    private static void assertCode(int code, Runnable call) {
        TDengineException e = assertThrows(TDengineException.class, call::run);
        assertEquals(code, e.getErrorCode(), e.getMessage());
    }
}
