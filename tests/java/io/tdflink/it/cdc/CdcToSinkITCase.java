package io.tdflink.it.cdc;

import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.common.TDengineConfigParams;
import io.tdflink.common.typeutils.GenericRowDataTypeInfo;
import io.tdflink.sink.TDengineSink;
import io.tdflink.sink.entity.SinkMetaInfo;
import io.tdflink.sink.entity.TDengineSinkRecord;
import io.tdflink.sink.serializer.TDengineSinkRecordSerializer;
import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.PowerMeters;
import io.tdflink.testutils.ResultBean;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.TdliteExtension;
import io.tdflink.tmq.ConsumerRecord;
import io.tdflink.tmq.ConsumerRecords;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The official connector's CDC-to-sink examples (Appendix A, TDFlinkSinkTest): {@code power.meters}
 * through {@code topic_meters} into {@code power_sink.sink_meters}, as RowData, as beans with a
 * custom sink serializer, as batches mapped downstream, and as batches the sink unpacks. Each
 * runs until the target's voltages total 3663, then the target must hold exactly the source rows.
 */
class CdcToSinkITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(3);

    private static final String COMPARED = "select tbname, ts, `current`, voltage, phase, location, groupid from ";
    private static int groups;

    @BeforeAll
    static void fixture() throws Exception {
        CdcJobs.createPowerMeters(TDLITE.jdbcUrl(null));
    }

    @BeforeEach
    void emptySink() throws Exception {
        PowerMeters.createSink(TDLITE.jdbcUrl(null));
    }

    @Test
    void rowDataIntoTheSink() throws Exception {
        runIntoTheSink(
                new TDengineCdcSource<>(CdcJobs.METERS_TOPIC, cdcProperties("RowData", false), RowData.class),
                sinkProperties());
    }

    /** testCustomTypeTDengineCdc. */
    @Test
    void beansThroughACustomSinkSerializer() throws Exception {
        Properties sink = sinkProperties();
        sink.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, ResultBeanSerializer.class.getName());
        runIntoTheSink(
                new TDengineCdcSource<>(
                        CdcJobs.METERS_TOPIC,
                        cdcProperties(ResultBean.ResultDeserializer.class.getName(), false),
                        ResultBean.class),
                sink);
    }

    /** testTDengineCdcBatch: each poll's batch unpacked by the job itself. */
    @Test
    void batchesMappedDownstream() throws Exception {
        StreamExecutionEnvironment env = CdcJobs.environment(2);
        CdcJobs.stream(
                        env,
                        new TDengineCdcSource<>(
                                CdcJobs.METERS_TOPIC, cdcProperties("RowData", true), CdcJobs.<RowData>batches()))
                .flatMap(new Unpack())
                .returns(GenericRowDataTypeInfo.INSTANCE)
                .sinkTo(new TDengineSink<>(sinkProperties(), PowerMeters.METER_FIELDS));
        runUntilTheSinkHoldsEveryRow(env);
    }

    /** testTDengineCdcToTdSink: the sink takes the batches as they are. */
    @Test
    void batchesIntoABatchModeSink() throws Exception {
        Properties sink = sinkProperties();
        sink.setProperty(TDengineConfigParams.TD_BATCH_MODE, "true");
        sink.setProperty(TDengineConfigParams.TD_SOURCE_TYPE, "tdengine_cdc");
        runIntoTheSink(
                new TDengineCdcSource<>(
                        CdcJobs.METERS_TOPIC, cdcProperties("RowData", true), CdcJobs.<RowData>batches()),
                sink);
    }

    /** The bean's values in {@link PowerMeters#METER_FIELDS} order, typed as the stmt writer takes them. */
    public static class ResultBeanSerializer implements TDengineSinkRecordSerializer<ResultBean> {
        @Override
        public List<TDengineSinkRecord> serialize(ResultBean bean, List<SinkMetaInfo> fields) {
            return List.of(new TDengineSinkRecord(Arrays.asList(
                    bean.getTs(),
                    bean.getCurrent(),
                    bean.getVoltage(),
                    bean.getPhase(),
                    bean.getLocation(),
                    bean.getGroupid(),
                    bean.getTbname())));
        }
    }

    private static class Unpack implements FlatMapFunction<ConsumerRecords<RowData>, RowData> {
        @Override
        public void flatMap(ConsumerRecords<RowData> batch, Collector<RowData> out) {
            for (ConsumerRecord<RowData> record : batch) {
                out.collect(record.value());
            }
        }
    }

    /** The source straight into a sink of {@code sink} over {@link PowerMeters#METER_FIELDS}; see {@link #runUntilTheSinkHoldsEveryRow}. */
    private static <T> void runIntoTheSink(TDengineCdcSource<T> source, Properties sink) throws Exception {
        StreamExecutionEnvironment env = CdcJobs.environment(2);
        CdcJobs.stream(env, source).sinkTo(new TDengineSink<>(sink, PowerMeters.METER_FIELDS));
        runUntilTheSinkHoldsEveryRow(env);
    }

    /**
     * Starts the job, waits for the target's voltages to total 3663 (rows replayed after a
     * checkpoint overwrite themselves by ts), cancels it, then compares every row.
     */
    private static void runUntilTheSinkHoldsEveryRow(StreamExecutionEnvironment env) throws Exception {
        JobClient job = env.executeAsync("cdc to sink");
        try {
            CdcJobs.awaitEquals(
                    PowerMeters.TOTAL_VOLTAGE,
                    () -> Sql.numberOrNull(TDLITE.jdbcUrl("power_sink"), "select sum(voltage) from sink_meters"),
                    CdcJobs.DEADLINE);
        } finally {
            job.cancel().get();
        }
        assertEquals(
                Sql.rows(TDLITE.jdbcUrl("power"), COMPARED + "meters order by tbname, ts"),
                Sql.rows(TDLITE.jdbcUrl("power_sink"), COMPARED + "sink_meters order by tbname, ts"));
    }

    /** Timestamps as UTC wall clocks, the zone the sink reads them in. */
    private static Properties cdcProperties(String deserializer, boolean batchMode) {
        Properties p = CdcJobs.properties(TDLITE.server(), "to_sink_" + (++groups), deserializer, batchMode);
        p.setProperty(TDengineConfigParams.PROPERTY_KEY_TIME_ZONE, "UTC");
        return p;
    }

    private static Properties sinkProperties() {
        return PowerMeters.sinkProperties(TDLITE.jdbcUrl(null), "super_table_name", "sink_meters");
    }
}
