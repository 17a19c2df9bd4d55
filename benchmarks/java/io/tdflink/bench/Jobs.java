package io.tdflink.bench;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What every benchmark job shares. The jobs are written once against the connector API both
 * connectors have, and benchmarks/common.sh compiles them against each: so they import only
 * {@code io.tdflink.{source,sink,cdc,common}} classes the official connector has under the same
 * names in {@code com.taosdata.flink}, and nothing else of tdflink's.
 */
final class Jobs {
    private Jobs() {}

    /**
     * A local Flink with object reuse on: chained operators hand rows on without copying them,
     * so neither connector pays for Flink serializing {@code RowData} between the map and the sink.
     */
    static StreamExecutionEnvironment environment(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.getConfig().enableObjectReuse();
        return env;
    }
}
