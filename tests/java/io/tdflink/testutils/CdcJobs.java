package io.tdflink.testutils;

import io.tdflink.common.TDengineCdcParams;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.apache.flink.util.CloseableIterator;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.ToIntFunction;

/** CDC source settings and jobs for the ITCases. */
public final class CdcJobs {
    private CdcJobs() {}

    /** What the official examples set: server, credentials, group, {@code earliest}, RowData, commit on checkpoints. */
    public static Properties properties(TdliteServer tdlite, String group) {
        Properties p = new Properties();
        p.setProperty(TDengineCdcParams.BOOTSTRAP_SERVERS, "localhost:" + tdlite.port());
        p.setProperty(TDengineCdcParams.CONNECT_USER, "root");
        p.setProperty(TDengineCdcParams.CONNECT_PASS, "taosdata");
        p.setProperty(TDengineCdcParams.GROUP_ID, group);
        p.setProperty(TDengineCdcParams.AUTO_OFFSET_RESET, "earliest");
        p.setProperty(TDengineCdcParams.VALUE_DESERIALIZER, "RowData");
        p.setProperty(TDengineCdcParams.POLL_INTERVAL_MS, "100");
        p.setProperty(TDengineCdcParams.ENABLE_AUTO_COMMIT, "false");
        return p;
    }

    public static <T> DataStreamSource<T> stream(StreamExecutionEnvironment env, Source<T, ?, ?> source) {
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "tdengine-cdc");
    }

    /** Runs the unbounded source until {@code rows} rows arrived, then cancels it. */
    public static <T> List<T> collect(Source<T, ?, ?> source, int parallelism, int rows) throws Exception {
        return collect(source, parallelism, element -> 1, rows);
    }

    /** Runs the unbounded source until its elements hold {@code rows} rows ({@code rowsOf} each), then cancels it. */
    public static <T> List<T> collect(Source<T, ?, ?> source, int parallelism, ToIntFunction<T> rowsOf, int rows) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.enableCheckpointing(100);
        List<T> out = new ArrayList<>();
        try (CloseableIterator<T> it = stream(env, source).executeAndCollect("tdengine-cdc")) {
            for (int seen = 0; seen < rows && it.hasNext(); ) {
                T element = it.next();
                out.add(element);
                seen += rowsOf.applyAsInt(element);
            }
        }
        return out;
    }
}
