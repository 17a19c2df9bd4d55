package io.tdflink.it.conformance;

import io.tdflink.common.jdbc.BatchResultSet;
import io.tdflink.jni.NativeConsumer;
import io.tdflink.jni.NativeTmqMessage;
import io.tdflink.testutils.AllTypes;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.TdliteExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.taosdata.jdbc.tmq.ConsumerRecord;
import com.taosdata.jdbc.tmq.Deserializer;
import com.taosdata.jdbc.tmq.TMQConstants;
import com.taosdata.jdbc.tmq.TaosConsumer;

import java.lang.reflect.InvocationTargetException;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link BatchResultSet} against the JDBC driver's own TMQ result set: one topic over every type,
 * read by the driver's {@code TaosConsumer} (WebSocket) and by {@link NativeConsumer}; every typed
 * getter of every column of every row must give the same value, class and {@code wasNull}, or both
 * must throw. Left out are the getters where the driver has no rule and returns 0 or throws
 * ClassCastException, which {@link BatchResultSet} answers deliberately (see DriverConversions).
 */
class TmqResultSetConformanceITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    private static final String[] COLUMNS = {
        "ts", "b", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64", "vc", "nc", "vb", "geo", "dec",
        "dec64"
    };
    private static final String[] GETTERS = {
        "getObject",
        "getString",
        "getBoolean",
        "getByte",
        "getShort",
        "getInt",
        "getLong",
        "getFloat",
        "getDouble",
        "getBigDecimal",
        "getBytes",
        "getTimestamp"
    };
    private static final Set<String> NUMERIC =
            Set.of("getBoolean", "getByte", "getShort", "getInt", "getLong", "getFloat", "getDouble", "getBigDecimal");
    /**
     * Columns whose numeric getters differ on purpose: ticks for a TIMESTAMP (getLong alone agrees),
     * the number for a DECIMAL, an error for GEOMETRY's WKB.
     */
    private static final Set<String> DELIBERATE = Set.of("ts", "dec", "dec64", "geo");

    /** What each getter of each column gives on the current row: class, value and wasNull, or "throws". */
    private static Map<String, String> read(ResultSet rs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String column : COLUMNS) {
            for (String getter : GETTERS) {
                String outcome;
                try {
                    Object v = ResultSet.class.getMethod(getter, String.class).invoke(rs, column);
                    String shown = v instanceof byte[] ? Arrays.toString((byte[]) v) : String.valueOf(v);
                    outcome =
                            (v == null ? "" : v.getClass().getSimpleName() + ":") + shown + " wasNull=" + rs.wasNull();
                } catch (InvocationTargetException e) {
                    outcome = "throws";
                } catch (ReflectiveOperationException | java.sql.SQLException e) {
                    throw new AssertionError(e);
                }
                out.put(column + "." + getter, outcome);
            }
        }
        return out;
    }

    public static class Reader implements Deserializer<Map<String, String>> {
        @Override
        public Map<String, String> deserialize(ResultSet data, String topic, String dbName) {
            return read(data);
        }
    }

    private static List<Map<String, String>> viaDriver() throws Exception {
        Properties props = new Properties();
        props.setProperty(TMQConstants.CONNECT_TYPE, "ws");
        props.setProperty(
                TMQConstants.BOOTSTRAP_SERVERS, "127.0.0.1:" + TDLITE.server().port());
        props.setProperty(TMQConstants.CONNECT_USER, "root");
        props.setProperty(TMQConstants.CONNECT_PASS, "taosdata");
        props.setProperty(TMQConstants.GROUP_ID, "driver");
        props.setProperty(TMQConstants.AUTO_OFFSET_RESET, "earliest");
        props.setProperty(TMQConstants.VALUE_DESERIALIZER, Reader.class.getName());
        List<Map<String, String>> rows = new ArrayList<>();
        try (TaosConsumer<Map<String, String>> consumer = new TaosConsumer<>(props)) {
            consumer.subscribe(List.of("conf_tp"));
            for (int i = 0; i < 20 && rows.size() < 3; i++) {
                for (ConsumerRecord<Map<String, String>> r : consumer.poll(Duration.ofMillis(300))) {
                    rows.add(r.value());
                }
            }
        }
        return sorted(rows);
    }

    private static List<Map<String, String>> viaNative() throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        try (NativeConsumer consumer = NativeConsumer.open(TDLITE.consumerProperties("native"), List.of("conf_tp"))) {
            for (int i = 0; i < 20 && rows.size() < 3; i++) {
                NativeTmqMessage message = consumer.poll(300);
                for (int b = 0; message != null && b < message.blockCount(); b++) {
                    ResultSet rs = new BatchResultSet(message.block(b), ZoneId.systemDefault(), false);
                    while (rs.next()) {
                        rows.add(read(rs));
                    }
                }
            }
        }
        return sorted(rows);
    }

    private static List<Map<String, String>> sorted(List<Map<String, String>> rows) {
        rows.sort(Comparator.comparing(row -> row.get("ts.getObject")));
        return rows;
    }

    @Test
    void everyGetterOfEveryTypeReadsAsTheDriverReadsIt() throws Exception {
        Sql.execute(
                TDLITE.jdbcUrl(null),
                "CREATE DATABASE conf PRECISION 'us' VGROUPS 1",
                "CREATE STABLE conf.stb (" + AllTypes.ALL_TYPES + ") TAGS (gid INT)",
                "INSERT INTO conf.d0 USING conf.stb TAGS (0) VALUES (1700000000000001, " + AllTypes.EXTREMES + ")",
                "INSERT INTO conf.d1 USING conf.stb TAGS (1) (ts) VALUES (1700000000000002)",
                "INSERT INTO conf.d2 USING conf.stb TAGS (2) VALUES (1700000000000003, false, 1, 2, 3, 4, 5, 6, 7, 8, 0.1, 0.25, "
                        + "'true', '12', '\\x01', 'POINT(1 2)', '1.5', '2.50')",
                "CREATE TOPIC conf_tp AS SELECT " + String.join(", ", COLUMNS) + " FROM conf.stb");
        List<Map<String, String>> driver = viaDriver();
        List<Map<String, String>> ours = viaNative();
        assertEquals(3, driver.size(), "rows the driver read");
        assertEquals(3, ours.size(), "rows read natively");
        for (int r = 0; r < 3; r++) {
            for (Map.Entry<String, String> expected : driver.get(r).entrySet()) {
                String[] cell = expected.getKey().split("\\.");
                if (DELIBERATE.contains(cell[0])
                        && NUMERIC.contains(cell[1])
                        && !"ts.getLong".equals(expected.getKey())) {
                    continue;
                }
                assertEquals(
                        expected.getValue(), ours.get(r).get(expected.getKey()), "row " + r + " " + expected.getKey());
            }
        }
    }
}
