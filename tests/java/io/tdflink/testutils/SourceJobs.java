package io.tdflink.testutils;

import io.tdflink.common.TDengineConfigParams;
import io.tdflink.source.TDengineSource;
import io.tdflink.source.entity.SourceSplitSql;
import io.tdflink.source.entity.SplitType;
import io.tdflink.source.entity.TimestampSplitInfo;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.CloseableIterator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Bounded sources for the ITCases, and running one as a Flink job on the test's MiniCluster to collect what it emits. */
public final class SourceJobs {
    private SourceJobs() {}

    /**
     * A RowData source reading {@code ts, k} of keys [0, rows) of a {@link KeyedRows} database
     * ({@code url} names it) in {@code splits} time splits, reconnecting or not.
     */
    public static TDengineSource<RowData> keyedRows(String url, long rows, int splits, boolean autoReconnect) {
        Properties props = new Properties();
        props.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        props.setProperty(TDengineConfigParams.TD_JDBC_URL, url);
        props.setProperty(TDengineConfigParams.PROPERTY_KEY_ENABLE_AUTO_RECONNECT, String.valueOf(autoReconnect));
        props.setProperty(TDengineConfigParams.PROPERTY_KEY_RECONNECT_INTERVAL_MS, "200");
        props.setProperty(TDengineConfigParams.PROPERTY_KEY_RECONNECT_RETRY_COUNT, "20");
        SourceSplitSql split = new SourceSplitSql("select ts, k from m")
                .setSplitType(SplitType.SPLIT_TYPE_TIMESTAMP)
                .setTimestampSplitInfo(new TimestampSplitInfo(
                        KeyedRows.T0, KeyedRows.T0 + rows, "ts", Duration.ofMillis(rows / splits)));
        return new TDengineSource<>(props, split, RowData.class);
    }

    public static <T> List<T> collect(Source<T, ?, ?> source, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        List<T> out = new ArrayList<>();
        try (CloseableIterator<T> it = env.fromSource(source, WatermarkStrategy.noWatermarks(), "tdengine-source")
                .executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }
}
