package io.tdflink.tmq;

import io.tdflink.common.TDengineDataType;
import io.tdflink.common.jdbc.BatchResultSet;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeBatchWriter;
import io.tdflink.jni.NativeColumn;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Beans filled by setter type as the driver fills them: boxed NULLs, primitive zeros, widening, unknown types left alone. */
class ReferenceDeserializerTest {
    private static final List<NativeColumn> SCHEMA = List.of(
            new NativeColumn("ts", TDengineDataType.TIMESTAMP, 0, 0, 8),
            NativeColumn.of("current", TDengineDataType.FLOAT),
            NativeColumn.of("voltage", TDengineDataType.INT),
            NativeColumn.of("u64", TDengineDataType.BIGINT_UNSIGNED),
            new NativeColumn("location", TDengineDataType.VARCHAR, 0, 0, 24),
            new NativeColumn("raw", TDengineDataType.VARBINARY, 0, 0, 8));

    /** Row 1 holds values, row 2 only a timestamp. */
    private static ResultSet rows() {
        NativeBatchWriter w = new NativeBatchWriter(SCHEMA);
        w.appendLong(0, 1_700_000_000_123L);
        w.appendFloat(1, 10.3f);
        w.appendInt(2, 219);
        w.appendLong(3, -1L);
        w.appendString(4, "California.SanFrancisco");
        w.appendBytes(5, new byte[] {1, 2});
        w.appendLong(0, 1_700_000_000_124L);
        for (int c = 1; c < SCHEMA.size(); c++) {
            w.appendNull(c);
        }
        ByteBuffer buffer = ByteBuffer.allocate(w.encodedSize());
        return new BatchResultSet(new NativeBatchReader(buffer, w.encodeTo(buffer)), ZoneId.systemDefault(), false);
    }

    /** Every kind of setter the driver distinguishes, plus two it ignores (a List and a getter-only property). */
    public static class Reading {
        private Timestamp ts;
        private double current;
        private Integer voltage;
        private BigInteger u64;
        private Object location;
        private byte[] raw;
        private List<String> ignored;

        public Timestamp getTs() {
            return ts;
        }

        public void setTs(Timestamp ts) {
            this.ts = ts;
        }

        public void setCurrent(double current) {
            this.current = current;
        }

        public void setVoltage(Integer voltage) {
            this.voltage = voltage;
        }

        public void setU64(BigInteger u64) {
            this.u64 = u64;
        }

        /** An Object parameter: the driver's first match is getString. */
        public void setLocation(Object location) {
            this.location = location;
        }

        public void setRaw(byte[] raw) {
            this.raw = raw;
        }

        public void setIgnored(List<String> ignored) {
            this.ignored = ignored;
        }

        public int getReadOnly() {
            return 0;
        }
    }

    public static class ReadingDeserializer extends ReferenceDeserializer<Reading> {}

    /** A subclass of a user's subclass still finds the bean. */
    public static class DerivedDeserializer extends ReadingDeserializer {}

    /** A property the topic has no column for. */
    public static class Missing {
        public void setNoSuchColumn(String value) {}
    }

    public static class MissingDeserializer extends ReferenceDeserializer<Missing> {}

    public static class Rejecting {
        public void setVoltage(int voltage) {
            throw new IllegalStateException("no " + voltage);
        }
    }

    public static class RejectingDeserializer extends ReferenceDeserializer<Rejecting> {}

    public static class NoDefaultConstructor {
        public NoDefaultConstructor(int unused) {}
    }

    public static class NoDefaultConstructorDeserializer extends ReferenceDeserializer<NoDefaultConstructor> {}

    @Test
    void fillsEachSetterWithTheDriversGetterForItsType() throws SQLException {
        ResultSet rows = rows();
        ReferenceDeserializer<Reading> deserializer = new ReadingDeserializer();
        deserializer.configure(Map.of());
        rows.next();
        Reading r = deserializer.deserialize(rows, "tp", "db");
        assertEquals(Timestamp.from(Instant.ofEpochMilli(1_700_000_000_123L)), r.ts);
        assertEquals((double) 10.3f, r.current, "a FLOAT widens exactly into a double, as in the driver");
        assertEquals(219, r.voltage);
        assertEquals(new BigInteger("18446744073709551615"), r.u64);
        assertEquals("California.SanFrancisco", r.location);
        assertArrayEquals(new byte[] {1, 2}, r.raw);
        assertNull(r.ignored);

        rows.next();
        Reading nulls = new DerivedDeserializer().deserialize(rows, "tp", "db");
        assertEquals(Timestamp.from(Instant.ofEpochMilli(1_700_000_000_124L)), nulls.ts);
        assertEquals(0.0, nulls.current, "a primitive takes the getter's 0");
        assertNull(nulls.voltage, "a boxed type takes NULL");
        assertNull(nulls.u64);
        assertNull(nulls.location);
        assertNull(nulls.raw);
    }

    @Test
    void aMissingColumnAFailingSetterOrNoBeanTypeFails() throws SQLException {
        ResultSet rows = rows();
        rows.next();
        assertThrows(SQLException.class, () -> new MissingDeserializer().deserialize(rows, "tp", "db"));
        SQLException rejected =
                assertThrows(SQLException.class, () -> new RejectingDeserializer().deserialize(rows, "tp", "db"));
        assertEquals(
                "RejectingDeserializer: voltage through method:setVoltage get Data error: ", rejected.getMessage());
        assertEquals("no 219", rejected.getCause().getCause().getMessage());
        assertThrows(
                DeserializerException.class,
                () -> new NoDefaultConstructorDeserializer().deserialize(rows, "tp", "db"));
        DeserializerException e = assertThrows(
                DeserializerException.class, () -> new ReferenceDeserializer<Reading>().configure(Map.of()));
        assertTrue(e.getMessage().contains("getGenericType"), e.getMessage());
    }
}
