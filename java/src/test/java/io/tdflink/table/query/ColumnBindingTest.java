package io.tdflink.table.query;

import io.tdflink.common.TDengineDataType;
import io.tdflink.jni.NativeColumn;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BinaryType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A value becomes a parameter only when the declared type's kind holds it exactly, in the
 * column's precision; planning assumes milliseconds.
 */
class ColumnBindingTest {
    private static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void integersTakeIntegralValuesOnly() {
        ColumnBinding column = binding(new IntType(), NativeColumn.of("v", TDengineDataType.INT));
        assertEquals(Optional.of(QueryParameter.bigint(7)), column.bind(7, UTC));
        assertEquals(Optional.of(QueryParameter.bigint(7)), column.bind((byte) 7, UTC));
        assertEquals(Optional.of(QueryParameter.bigint(7)), column.bind(7.0, UTC));
        assertEquals(Optional.of(QueryParameter.bigint(7)), column.bind(new BigDecimal("7.00"), UTC));
        assertFalse(column.bind(7.5f, UTC).isPresent());
        assertFalse(column.bind(new BigDecimal("7.01"), UTC).isPresent());
        assertFalse(column.bind(1e30, UTC).isPresent());
        assertFalse(column.bind(Double.NaN, UTC).isPresent());
        assertFalse(column.bind("7", UTC).isPresent());
    }

    @Test
    void floatColumnsTakeWhatAFloatHolds() {
        ColumnBinding column = binding(new FloatType(), NativeColumn.of("c", TDengineDataType.FLOAT));
        assertEquals(Optional.of(QueryParameter.dbl(0.5)), column.bind(0.5, UTC));
        assertEquals(Optional.of(QueryParameter.dbl((double) 0.1f)), column.bind(0.1f, UTC));
        assertFalse(column.bind(0.1, UTC).isPresent(), "no float is 0.1");
        assertEquals(
                Optional.of(QueryParameter.dbl(0.1)),
                binding(new DoubleType(), NativeColumn.of("d", TDengineDataType.DOUBLE))
                        .bind(0.1, UTC));
        // A FLOAT column read as DOUBLE: Flink compares the widened value, as TDengine does.
        assertEquals(
                Optional.of(QueryParameter.dbl(0.1)),
                binding(new DoubleType(), NativeColumn.of("c", TDengineDataType.FLOAT))
                        .bind(0.1, UTC));
        // An integer column read as DOUBLE compares with fractions.
        assertEquals(
                Optional.of(QueryParameter.dbl(2.5)),
                binding(new DoubleType(), NativeColumn.of("i", TDengineDataType.INT))
                        .bind(2.5, UTC));
    }

    @Test
    void timestampsInTheColumnsPrecision() {
        ColumnBinding micros =
                binding(new TimestampType(6), new NativeColumn("ts", TDengineDataType.TIMESTAMP, 1, 0, 8));
        Instant instant = Instant.parse("2024-12-19T17:12:45.642001Z");
        assertEquals(Optional.of(QueryParameter.timestamp(1734628365642001L, 1)), micros.bind(instant, UTC));
        assertEquals(
                Optional.of(QueryParameter.timestamp(1734628365642001L, 1)),
                micros.bind(LocalDateTime.parse("2024-12-20T01:12:45.642001"), ZoneId.of("Asia/Shanghai")));
        assertFalse(micros.bind(instant.plusNanos(1), UTC).isPresent());
        ColumnBinding planned = ColumnBinding.declared(new TimestampType(9)).orElseThrow();
        assertFalse(planned.bind(instant, UTC).isPresent(), "planning takes what every precision holds: milliseconds");
        assertTrue(planned.bind(Instant.parse("2024-12-19T17:12:45.642Z"), UTC).isPresent());
    }

    @Test
    void textFromStringsAndUtf8Bytes() {
        ColumnBinding nchar = binding(
                new VarCharType(VarCharType.MAX_LENGTH), new NativeColumn("n", TDengineDataType.NCHAR, 0, 0, 10));
        assertEquals(Optional.of(QueryParameter.text("北京", true)), nchar.bind("北京", UTC));
        assertEquals(
                Optional.of(QueryParameter.text("北京", true)), nchar.bind("北京".getBytes(StandardCharsets.UTF_8), UTC));
        assertFalse(nchar.bind(new byte[] {(byte) 0xff}, UTC).isPresent());
        assertTrue(nchar.isText());
    }

    @Test
    void unboundKinds() {
        for (LogicalType type :
                new LogicalType[] {new DecimalType(20, 0), new VarBinaryType(), new DateType(), new BinaryType()}) {
            assertFalse(ColumnBinding.declared(type).isPresent(), type.toString());
        }
        assertFalse(
                ColumnBinding.of(new VarCharType(), NativeColumn.of("j", TDengineDataType.JSON))
                        .isPresent(),
                "JSON compares as no text does");
    }

    @Test
    void internalDataAsJavaValues() {
        TimestampData t = TimestampData.fromEpochMillis(1734628365642L);
        assertEquals(
                LocalDateTime.parse("2024-12-19T17:12:45.642"), ColumnBinding.fromInternal(t, new TimestampType(3)));
        assertEquals(
                Instant.ofEpochMilli(1734628365642L), ColumnBinding.fromInternal(t, new LocalZonedTimestampType(3)));
        assertEquals("d1001", ColumnBinding.fromInternal(StringData.fromString("d1001"), new VarCharType()));
        assertEquals(
                new BigDecimal("1.50"),
                ColumnBinding.fromInternal(DecimalData.fromBigDecimal(new BigDecimal("1.50"), 5, 2), null));
        assertEquals(5, ColumnBinding.fromInternal(5, null));
    }

    private static ColumnBinding binding(LogicalType declared, NativeColumn column) {
        return ColumnBinding.of(declared, column).orElseThrow();
    }
}
