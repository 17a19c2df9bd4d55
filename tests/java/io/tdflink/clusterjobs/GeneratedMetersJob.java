package io.tdflink.clusterjobs;

import io.tdflink.sink.TDengineSink;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

import java.time.Duration;

/**
 * Writes {@code rows} generated meters rows ({@code devices} subtables of supertable
 * {@code stable}, one row per device per second from 2024-01-01) through {@link TDengineSink}.
 * Row i has voltage {@code 200 + i % 20}, so the table's sum is known. Optional:
 * {@code rate} rows per second per subtask (a slow job to kill a TaskManager under),
 * {@code failAt} (the first attempt of subtask 0 fails after that many rows), {@code checkpointMs}.
 */
public final class GeneratedMetersJob {
    static final long START = 1_704_067_200_000L;

    private GeneratedMetersJob() {}

    public static void main(String[] args) throws Exception {
        JobArgs a = new JobArgs(args);
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism((int) a.getLong("parallelism", 1));
        env.enableCheckpointing(a.getLong("checkpointMs", 1000));
        long devices = a.getLong("devices", 10);
        env.fromSource(
                        new NumberSequenceSource(0, a.getLong("rows", 1000) - 1),
                        WatermarkStrategy.noWatermarks(),
                        "sequence")
                .map(new ToMeterRow(devices, a.getLong("rate", 0), a.getLong("failAt", -1)))
                .sinkTo(new TDengineSink<>(
                        Meters.sink(a.get("url"), a.get("stable"), a.get("batchSize", "1000")), Meters.FIELDS))
                .name("tdengine");
        env.execute(a.get("name", "generated meters"));
    }

    /** Sequence number to meters row; paces and fails as asked. */
    static final class ToMeterRow extends RichMapFunction<Long, RowData> {
        private final long devices;
        private final long rate;
        private final long failAt;
        private transient long seen;
        private transient boolean mayFail;

        ToMeterRow(long devices, long rate, long failAt) {
            this.devices = devices;
            this.rate = rate;
            this.failAt = failAt;
        }

        @Override
        public void open(OpenContext context) {
            mayFail = failAt >= 0
                    && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0
                    && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
        }

        @Override
        public RowData map(Long i) throws Exception {
            if (mayFail && seen == failAt) {
                throw new IllegalStateException("planned failure after " + failAt + " rows (first attempt only)");
            }
            seen++;
            if (rate > 0) {
                Thread.sleep(1000 / rate);
            }
            long device = i % devices;
            return GenericRowData.of(
                    TimestampData.fromEpochMillis(START + (i / devices) * 1000),
                    (float) (i % 100) / 10f,
                    (int) (200 + i % 20),
                    (float) (i % 7) / 10f,
                    StringData.fromString("location-" + device % 10),
                    (int) (device % 10),
                    StringData.fromString("m" + device));
        }
    }
}
