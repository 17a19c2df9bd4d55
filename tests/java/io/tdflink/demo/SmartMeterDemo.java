package io.tdflink.demo;

import io.tdflink.common.TDengineConfigParams;
import io.tdflink.source.TDengineSource;
import io.tdflink.source.entity.SourceSplitSql;
import io.tdflink.source.entity.SplitType;
import io.tdflink.source.entity.TimestampSplitInfo;
import io.tdflink.testutils.TdliteServer;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.java.tuple.Tuple4;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.CloseableIterator;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/**
 * The README's demo: starts tdlite, loads a day of smart-meter readings into the official
 * examples' {@code power.meters} shape (1000 subtables), reads them back with a time-split
 * {@link TDengineSource} on Flink and prints per-location statistics.
 */
public final class SmartMeterDemo {
    static final int SUBTABLES = 1000;
    static final int READINGS_PER_SUBTABLE = 288; // one every five minutes for a day
    static final String[] LOCATIONS = {"California.SanFrancisco", "California.LosAngeles", "California.SanDiego",
        "California.SanJose", "California.PaloAlto", "California.Campbell", "California.MountainView",
        "California.Sunnyvale", "California.SantaClara", "California.Cupertino"};
    private static final long DAY_START_MS = Instant.parse("2024-12-19T00:00:00Z").toEpochMilli();
    private static final long FIVE_MINUTES_MS = 300_000L;

    private SmartMeterDemo() {}

    public static void main(String[] args) throws Exception {
        try (TdliteServer tdlite = new TdliteServer(null).start()) {
            System.out.println("tdlite is listening on port " + tdlite.port());
            run(tdlite.jdbcUrl(null));
        }
        System.exit(0);
    }

    /** Loads the data, runs the job, prints the report and returns its rows (location, readings, avg current, max voltage). */
    static List<Tuple4<String, Long, Double, Integer>> run(String serverUrl) throws Exception {
        load(serverUrl);
        System.out.printf("loaded %,d readings into power.meters (%d subtables)%n", (long) SUBTABLES * READINGS_PER_SUBTABLE, SUBTABLES);

        Properties props = new Properties();
        props.setProperty(TDengineConfigParams.TD_JDBC_URL, serverUrl.replace("/?", "/power?"));
        props.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        props.setProperty(TDengineConfigParams.PROPERTY_KEY_TIME_ZONE, "UTC");
        SourceSplitSql query = new SourceSplitSql("select ts, `current`, voltage, location from meters")
                .setSplitType(SplitType.SPLIT_TYPE_TIMESTAMP)
                .setTimestampSplitInfo(new TimestampSplitInfo(DAY_START_MS, DAY_START_MS + Duration.ofDays(1).toMillis(), "ts", Duration.ofHours(3)));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(2);
        long started = System.nanoTime();
        List<Tuple4<String, Long, Double, Integer>> stats = new ArrayList<>();
        try (CloseableIterator<Tuple4<String, Long, Double, Integer>> it = env
                .fromSource(new TDengineSource<>(props, query, RowData.class), WatermarkStrategy.noWatermarks(), "power.meters")
                .map(row -> Tuple4.of(row.getString(3).toString(), 1L, (double) row.getFloat(1), row.getInt(2)))
                .returns(org.apache.flink.api.common.typeinfo.Types.TUPLE(org.apache.flink.api.common.typeinfo.Types.STRING,
                        org.apache.flink.api.common.typeinfo.Types.LONG, org.apache.flink.api.common.typeinfo.Types.DOUBLE,
                        org.apache.flink.api.common.typeinfo.Types.INT))
                .keyBy(t -> t.f0)
                .reduce((a, b) -> Tuple4.of(a.f0, a.f1 + b.f1, a.f2 + b.f2, Math.max(a.f3, b.f3)))
                .executeAndCollect("tdflink demo: split source over power.meters")) {
            it.forEachRemaining(t -> stats.add(Tuple4.of(t.f0, t.f1, t.f2 / t.f1, t.f3)));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        stats.sort(Comparator.comparing(t -> t.f0));
        print(stats, seconds);
        return stats;
    }

    private static void print(List<Tuple4<String, Long, Double, Integer>> stats, double seconds) {
        long total = stats.stream().mapToLong(t -> t.f1).sum();
        System.out.printf("%nFlink read %,d rows in 8 time splits (3 h each) at parallelism 2 in %.1f s%n%n", total, seconds);
        System.out.printf("%-26s %10s %12s %12s%n", "location", "readings", "avg current", "max voltage");
        for (Tuple4<String, Long, Double, Integer> t : stats) {
            System.out.printf("%-26s %,10d %12.2f %12d%n", t.f0, t.f1, t.f2, t.f3);
        }
    }

    /** Subtable d{i}: location i % 10, group i % 10 + 1; reading k at 00:00 + 5k min. */
    private static void load(String serverUrl) throws Exception {
        try (Connection conn = DriverManager.getConnection(serverUrl); Statement stmt = conn.createStatement()) {
            stmt.execute("CREATE DATABASE IF NOT EXISTS power VGROUPS 4");
            stmt.execute("CREATE STABLE IF NOT EXISTS power.meters (ts TIMESTAMP, `current` FLOAT, voltage INT, phase FLOAT) "
                    + "TAGS (location BINARY(64), groupId INT)");
            for (int first = 0; first < SUBTABLES; first += 10) {
                StringBuilder insert = new StringBuilder("INSERT INTO");
                for (int i = first; i < first + 10; i++) {
                    insert.append(" power.d").append(i).append(" USING power.meters TAGS ('").append(LOCATIONS[i % 10]).append("', ")
                            .append(i % 10 + 1).append(") VALUES");
                    for (int k = 0; k < READINGS_PER_SUBTABLE; k++) {
                        insert.append(" (").append(DAY_START_MS + k * FIVE_MINUTES_MS).append(", ").append(current(i, k)).append(", ")
                                .append(voltage(i, k)).append(", ").append(0.3 + (k % 5) * 0.01).append(')');
                    }
                }
                stmt.executeUpdate(insert.toString());
            }
        }
    }

    static double current(int subtable, int k) {
        return 6 + subtable % 10 + ((subtable * 7 + k) % 40) * 0.25;
    }

    static int voltage(int subtable, int k) {
        return 210 + subtable % 10 + (subtable + k) % 11;
    }
}
