package io.tdflink.clusterjobs;

import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.common.TDengineCdcParams;
import io.tdflink.sink.TDengineSink;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;

import java.util.Properties;

/**
 * An unbounded job: topic {@code topic} (meters rows: columns, tags, tbname) from
 * {@code bootstrap} as consumer group {@code group}, offsets committed on checkpoints, written
 * into supertable {@code to} of database URL {@code url}. Runs until cancelled.
 */
public final class CdcCopyJob {
    private CdcCopyJob() {}

    public static void main(String[] args) throws Exception {
        JobArgs a = new JobArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism((int) a.getLong("parallelism", 1));
        env.enableCheckpointing(a.getLong("checkpointMs", 1000));
        Properties cdc = new Properties();
        cdc.setProperty(TDengineCdcParams.BOOTSTRAP_SERVERS, a.get("bootstrap"));
        cdc.setProperty(TDengineCdcParams.CONNECT_USER, a.get("user", "root"));
        cdc.setProperty(TDengineCdcParams.CONNECT_PASS, a.get("password", "taosdata"));
        cdc.setProperty(TDengineCdcParams.GROUP_ID, a.get("group"));
        cdc.setProperty(TDengineCdcParams.AUTO_OFFSET_RESET, "earliest");
        cdc.setProperty(TDengineCdcParams.ENABLE_AUTO_COMMIT, "false");
        cdc.setProperty(TDengineCdcParams.VALUE_DESERIALIZER, "RowData");
        cdc.setProperty(TDengineCdcParams.POLL_INTERVAL_MS, "100");
        env.fromSource(
                        new TDengineCdcSource<>(a.get("topic"), cdc, RowData.class),
                        WatermarkStrategy.noWatermarks(),
                        "tdengine cdc")
                .sinkTo(new TDengineSink<>(
                        Meters.sink(a.get("url"), a.get("to"), a.get("batchSize", "1000")), Meters.FIELDS))
                .name("tdengine sink");
        env.execute(a.get("name", "cdc copy"));
    }
}
