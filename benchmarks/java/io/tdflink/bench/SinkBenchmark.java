package io.tdflink.bench;

import io.tdflink.common.TDengineConfigParams;
import io.tdflink.sink.TDengineSink;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;

/**
 * The connector's side of the sink benchmark (benchmarks/sink.sh): ROWS generated
 * {@code meters} rows (row k: subtable d{k % TABLES}, the same values the official Rust
 * client's benchmark writes) into a {@link TDengineSink}, or into a discarding sink for the
 * baseline cost of generating them, on a local Flink in this JVM. Each run writes into a fresh
 * database. One warm-up run, then RUNS measured runs, one JSON line each.
 *
 * <p>Arguments: SERVER_URL ROWS TABLES PARALLELISM RUNS {tdengine|discard} [BATCH_SIZE [meters|wide]]
 * ({@code wide}: {@link WideRows} instead of meters rows)
 */
public final class SinkBenchmark {
    private SinkBenchmark() {}

    public static void main(String[] args) throws Exception {
        String serverUrl = args[0];
        long rows = Long.parseLong(args[1]);
        int tables = Integer.parseInt(args[2]);
        int parallelism = Integer.parseInt(args[3]);
        int runs = Integer.parseInt(args[4]);
        boolean discard = "discard".equals(args[5]);
        String batchSize = args.length > 6 ? args[6] : null;
        boolean wide = args.length > 7 && "wide".equals(args[7]);
        for (int run = 0; run <= runs; run++) {
            String db = "sink_bench";
            try (Connection conn = DriverManager.getConnection(serverUrl);
                    Statement stmt = conn.createStatement()) {
                stmt.execute("DROP DATABASE IF EXISTS " + db);
                stmt.execute("CREATE DATABASE " + db + " VGROUPS 4");
                stmt.execute(
                        wide
                                ? WideRows.createSql(db)
                                : "CREATE STABLE " + db
                                        + ".meters (ts TIMESTAMP, `current` FLOAT, voltage INT, phase FLOAT) TAGS (location VARCHAR(24), groupid INT)");
            }
            StreamExecutionEnvironment env = Jobs.environment(parallelism);
            Sink<RowData> sink = discard
                    ? new DiscardingSink<>()
                    : new TDengineSink<>(
                            properties(serverUrl, db, batchSize, wide ? WideRows.SUPERTABLE : "meters"),
                            wide
                                    ? WideRows.FIELDS
                                    : Arrays.asList(
                                            "tbname", "ts", "current", "voltage", "phase", "location", "groupid"));
            env.fromSequence(0, rows - 1)
                    .map(wide ? k -> WideRows.row(k, tables) : k -> meter(k, tables))
                    .returns(RowData.class)
                    .sinkTo(sink);
            Measurement measurement = new Measurement();
            env.execute("sink benchmark");
            String line = measurement.json(rows);
            if (run > 0) {
                System.out.println(line);
            }
        }
        System.exit(0);
    }

    private static final TableNames TABLE_NAMES = new TableNames("d");

    private static final StringData[] LOCATIONS = new StringData[10];

    static {
        for (int i = 0; i < LOCATIONS.length; i++) {
            LOCATIONS[i] = StringData.fromString("California.city" + i);
        }
    }

    private static RowData meter(long k, int tables) {
        Measurement.record();
        int t = (int) (k % tables);
        return GenericRowData.of(
                TABLE_NAMES.get(t, tables),
                TimestampData.fromEpochMillis(1_700_000_000_000L + k),
                (k % 100) * 0.5f,
                200 + (int) (k % 20),
                (k % 7) * 0.1f,
                LOCATIONS[t % 10],
                t % 10);
    }

    private static Properties properties(String serverUrl, String db, String batchSize, String supertable) {
        Properties props = new Properties();
        if (batchSize != null) {
            props.setProperty(TDengineConfigParams.TD_BATCH_SIZE, batchSize);
        }
        props.setProperty(TDengineConfigParams.TD_JDBC_URL, serverUrl);
        props.setProperty(TDengineConfigParams.PROPERTY_KEY_DBNAME, db);
        props.setProperty(TDengineConfigParams.TD_SUPERTABLE_NAME, supertable);
        props.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        return props;
    }
}
