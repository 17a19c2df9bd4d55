package io.tdflink.testutils;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.util.ArrayList;
import java.util.List;

/** Runs a bounded source as a Flink job on the test's MiniCluster and collects what it emits. */
public final class SourceJobs {
    private SourceJobs() {}

    public static <T> List<T> collect(Source<T, ?, ?> source, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        List<T> out = new ArrayList<>();
        try (CloseableIterator<T> it = env.fromSource(source, WatermarkStrategy.noWatermarks(), "tdengine-source").executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }
}
