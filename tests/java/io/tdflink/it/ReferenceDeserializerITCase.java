package io.tdflink.it;

import io.tdflink.common.jdbc.BatchResultSet;
import io.tdflink.jni.NativeConsumer;
import io.tdflink.jni.NativeTmqMessage;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.TdliteExtension;
import io.tdflink.tmq.ReferenceDeserializer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The official consumer example's bean ({@code ResultDeserializer extends ReferenceDeserializer<ResultBean>})
 * filled from a topic polled through {@link NativeConsumer}, each block read through {@link BatchResultSet}.
 */
class ReferenceDeserializerITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    private static final int TABLES = 3;
    private static final int ROWS = 20;
    private static final long T0 = 1_700_000_000_000L;

    /** The official example's bean, with its primitive fields. */
    public static class ResultBean {
        private Timestamp ts;
        private double current;
        private int voltage;
        private double phase;
        private String location;
        private int groupid;
        private String tbname;

        public void setTs(Timestamp ts) {
            this.ts = ts;
        }

        public void setCurrent(double current) {
            this.current = current;
        }

        public void setVoltage(int voltage) {
            this.voltage = voltage;
        }

        public void setPhase(double phase) {
            this.phase = phase;
        }

        public void setLocation(String location) {
            this.location = location;
        }

        public void setGroupid(int groupid) {
            this.groupid = groupid;
        }

        public void setTbname(String tbname) {
            this.tbname = tbname;
        }
    }

    public static class ResultDeserializer extends ReferenceDeserializer<ResultBean> {}

    /**
     * Tables d0..d2 (group t, location "loc" t), row r with voltage {@code t * 1000 + r}, current
     * {@code r + 0.5} and phase 0.31 (no exact float: the double field holds the float widened); table
     * d9 one row of NULLs, which the bean's primitives take as 0.
     */
    private static void load() throws SQLException {
        List<String> sql = new ArrayList<>();
        sql.add("CREATE DATABASE rd VGROUPS 2");
        sql.add(
                "CREATE STABLE rd.meters (ts TIMESTAMP, `current` FLOAT, voltage INT, phase FLOAT) TAGS (groupid INT, location VARCHAR(24))");
        sql.add("CREATE TOPIC rd_tp AS SELECT ts, `current`, voltage, phase, location, groupid, tbname FROM rd.meters");
        for (int t = 0; t < TABLES; t++) {
            int table = t;
            sql.add("INSERT INTO rd.d" + t + " USING rd.meters TAGS (" + t + ", 'loc" + t + "') VALUES "
                    + IntStream.range(0, ROWS)
                            .mapToObj(r -> "(" + (T0 + r) + ", " + (r + 0.5) + ", " + (table * 1000 + r) + ", 0.31)")
                            .collect(Collectors.joining(" ")));
        }
        sql.add("INSERT INTO rd.d9 USING rd.meters TAGS (9, 'loc9') VALUES (" + T0 + ", NULL, NULL, NULL)");
        Sql.execute(TDLITE.jdbcUrl(null), sql.toArray(new String[0]));
    }

    /** Every row of the topic as a bean, polling until {@code count} arrived or 20 s passed. */
    private static List<ResultBean> poll(int count) throws SQLException {
        ResultDeserializer deserializer = new ResultDeserializer();
        deserializer.configure(Map.of());
        List<ResultBean> beans = new ArrayList<>();
        try (NativeConsumer consumer = NativeConsumer.open(TDLITE.consumerProperties("beans"), List.of("rd_tp"))) {
            long deadline = System.currentTimeMillis() + 20_000;
            while (beans.size() < count && System.currentTimeMillis() < deadline) {
                NativeTmqMessage message = consumer.poll(200);
                for (int b = 0; message != null && b < message.blockCount(); b++) {
                    ResultSet rows = new BatchResultSet(message.block(b), ZoneId.systemDefault(), false);
                    while (rows.next()) {
                        beans.add(deserializer.deserialize(rows, message.topic(), message.database()));
                    }
                }
            }
        }
        beans.sort(Comparator.comparing((ResultBean bean) -> bean.tbname).thenComparing(bean -> bean.ts));
        return beans;
    }

    @Test
    void everyRowBecomesAFilledBean() throws Exception {
        load();
        List<ResultBean> beans = poll(TABLES * ROWS + 1);
        assertEquals(TABLES * ROWS + 1, beans.size());
        for (int t = 0; t < TABLES; t++) {
            for (int r = 0; r < ROWS; r++) {
                ResultBean bean = beans.get(t * ROWS + r);
                String row = "d" + t + " row " + r;
                assertEquals("d" + t, bean.tbname, row);
                assertEquals(Timestamp.from(Instant.ofEpochMilli(T0 + r)), bean.ts, row);
                assertEquals(r + 0.5, bean.current, 0.0, row);
                assertEquals(t * 1000 + r, bean.voltage, row);
                assertEquals((double) 0.31f, bean.phase, row);
                assertEquals("loc" + t, bean.location, row);
                assertEquals(t, bean.groupid, row);
            }
        }
        ResultBean nulls = beans.get(TABLES * ROWS);
        assertEquals("d9", nulls.tbname);
        assertEquals(Timestamp.from(Instant.ofEpochMilli(T0)), nulls.ts);
        assertEquals(0.0, nulls.current, 0.0);
        assertEquals(0, nulls.voltage);
        assertEquals(0.0, nulls.phase, 0.0);
        assertEquals("loc9", nulls.location);
        assertEquals(9, nulls.groupid);
    }
}
