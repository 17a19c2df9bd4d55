package io.tdflink.testutils;

import io.tdflink.common.TDengineConfigParams;
import io.tdflink.sink.TDengineSink;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Properties;

/**
 * Sink input that checks itself: row k goes to subtable {@code t<k % tables>} of supertable
 * {@code m (ts TIMESTAMP, v BIGINT) TAGS (g INT)} at ts = {@link #T0} + k ms with v = k, so
 * {@link SequenceTableCheck} can tell from the table alone which rows are missing, doubled or
 * carry another row's value.
 */
public final class SequenceRows implements MapFunction<Long, RowData> {
    public static final long T0 = 1_700_000_000_000L;
    /** The sink's field names, in the order of the generated rows. */
    public static final String[] FIELDS = {"tbname", "ts", "v", "g"};

    private final int tables;

    public SequenceRows(int tables) {
        this.tables = tables;
    }

    /** Creates database {@code db} and its supertable {@code m}. */
    public static void createSupertable(String url, String db) throws SQLException {
        Sql.execute(url, "CREATE DATABASE " + db, "CREATE STABLE " + db + ".m (ts TIMESTAMP, v BIGINT) TAGS (g INT)");
    }

    /**
     * A sink into {@code m} of {@code url}'s database in batches of {@code batchSize}; with
     * {@code autoReconnect}, {@code attempts} reconnects {@code intervalMs} apart per loss.
     */
    public static TDengineSink<RowData> sink(
            String url, int batchSize, boolean autoReconnect, int intervalMs, int attempts) throws Exception {
        Properties props = new Properties();
        props.setProperty(TDengineConfigParams.TD_JDBC_URL, url);
        props.setProperty(TDengineConfigParams.TD_SUPERTABLE_NAME, "m");
        props.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        props.setProperty(TDengineConfigParams.TD_BATCH_SIZE, String.valueOf(batchSize));
        props.setProperty(TDengineConfigParams.PROPERTY_KEY_ENABLE_AUTO_RECONNECT, String.valueOf(autoReconnect));
        props.setProperty(TDengineConfigParams.PROPERTY_KEY_RECONNECT_INTERVAL_MS, String.valueOf(intervalMs));
        props.setProperty(TDengineConfigParams.PROPERTY_KEY_RECONNECT_RETRY_COUNT, String.valueOf(attempts));
        return new TDengineSink<>(props, Arrays.asList(FIELDS));
    }

    @Override
    public RowData map(Long k) {
        return GenericRowData.of(
                StringData.fromString("t" + k % tables), TimestampData.fromEpochMillis(T0 + k), k, (int) (k % tables));
    }
}
