package io.tdflink.testutils;

import io.tdflink.common.TDengineConfigParams;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The official connector's test fixture: database {@code power} (5 vgroups), supertable
 * {@code meters}, subtables d1001 and d1002 with nine rows each at 17:12, 18:12 and 19:12
 * (UTC) on 2024-12-19. Voltages total {@link #TOTAL_VOLTAGE}, d1001 alone {@link #D1001_VOLTAGE}.
 */
public final class PowerMeters {
    public static final int TOTAL_VOLTAGE = 3663;
    public static final int D1001_VOLTAGE = 1818;
    public static final int ROWS = 18;
    /** The sink field list for a meters supertable: every column, the tags, and tbname naming the subtable. */
    public static final List<String> METER_FIELDS =
            Arrays.asList("ts", "current", "voltage", "phase", "location", "groupid", "tbname");

    private PowerMeters() {}

    /** Drops and creates {@code power} (and an empty {@code power_sink} of the same shape). */
    public static void create(String jdbcUrl) throws SQLException {
        StringBuilder insert = new StringBuilder(
                "INSERT INTO power.d1001 USING power.meters TAGS('California.SanFrancisco', 1) VALUES ");
        appendRows(
                insert, new int[] {201, 202, 203}, new float[] {50.3f, 82.6f, 92.3f}, new float[] {0.31f, 0.33f, 0.31f
                });
        insert.append(" power.d1002 USING power.meters TAGS('Alabama.Montgomery', 2) VALUES ");
        appendRows(
                insert, new int[] {204, 205, 206}, new float[] {50.3f, 62.6f, 72.3f}, new float[] {0.25f, 0.33f, 0.31f
                });
        try (Connection conn = DriverManager.getConnection(jdbcUrl);
                Statement stmt = conn.createStatement()) {
            stmt.execute("DROP DATABASE IF EXISTS power");
            stmt.execute("CREATE DATABASE power VGROUPS 5");
            stmt.execute(
                    "CREATE STABLE power.meters (ts TIMESTAMP, `current` FLOAT, voltage INT, phase FLOAT) TAGS (location BINARY(64), groupId INT)");
            stmt.executeUpdate(insert.toString());
        }
        createSink(jdbcUrl);
    }

    /** Drops and creates {@code power_sink}: supertable {@code sink_meters} (as {@code power.meters}) and normal table {@code sink_normal}. */
    public static void createSink(String jdbcUrl) throws SQLException {
        Sql.execute(
                jdbcUrl,
                "DROP DATABASE IF EXISTS power_sink",
                "CREATE DATABASE power_sink VGROUPS 5",
                "CREATE STABLE power_sink.sink_meters (ts TIMESTAMP, `current` FLOAT, voltage INT, phase FLOAT) TAGS (location BINARY(64), groupId INT)",
                "CREATE TABLE power_sink.sink_normal (ts TIMESTAMP, `current` FLOAT, voltage INT, phase FLOAT)");
    }

    /**
     * What the official sink examples set to write into {@code power_sink}'s {@code table}
     * ({@code tableKey} is {@code super_table_name} or {@code table_name}): RowData, UTC, batches of 4.
     */
    public static Properties sinkProperties(String jdbcUrl, String tableKey, String table) {
        Properties props = new Properties();
        props.setProperty(TDengineConfigParams.TD_JDBC_URL, jdbcUrl);
        props.setProperty(TDengineConfigParams.PROPERTY_KEY_DBNAME, "power_sink");
        props.setProperty(tableKey, table);
        props.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        props.setProperty(TDengineConfigParams.PROPERTY_KEY_TIME_ZONE, "UTC");
        props.setProperty(TDengineConfigParams.TD_BATCH_SIZE, "4");
        return props;
    }

    private static void appendRows(StringBuilder insert, int[] voltage, float[] current, float[] phase) {
        for (int hour : new int[] {19, 18, 17}) {
            for (int i = 0; i < 3; i++) {
                insert.append(String.format(
                        "('2024-12-19 %d:12:%d.642+00:00', %s, %d, %s) ",
                        hour, 45 + i, current[i], voltage[i], phase[i]));
            }
        }
    }
}
