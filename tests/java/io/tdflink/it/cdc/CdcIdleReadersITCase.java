package io.tdflink.it.cdc;

import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.KeyedRows;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessAllWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A topic of one vgroup read at parallelism 3: two readers get no vgroup and must be idle, or
 * their missing watermarks hold event time back and no window ever fires (the official
 * connector's bug 17). Without idleness this test times out.
 */
class CdcIdleReadersITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(3);

    /** Rows per window of one second: key k is at T0 + k ms. */
    private static final int ROWS_PER_WINDOW = 1000;

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void readersWithoutVgroupsDoNotHoldWatermarksBack() throws Exception {
        KeyedRows rows = new KeyedRows(TDLITE.jdbcUrl(null), "idle", 1, 4);
        rows.insert(0, 3 * ROWS_PER_WINDOW, 500, 0);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(3);
        env.getConfig().setAutoWatermarkInterval(50);
        WatermarkStrategy<RowData> eventTime = WatermarkStrategy.<RowData>forBoundedOutOfOrderness(Duration.ZERO)
                .withTimestampAssigner((row, previous) -> row.getTimestamp(0, 3).getMillisecond());
        List<Long> counts = new ArrayList<>();
        TDengineCdcSource<RowData> source =
                new TDengineCdcSource<>(rows.topic(), CdcJobs.properties(TDLITE.server(), "idle"), RowData.class);
        try (CloseableIterator<Long> windows = env.fromSource(source, eventTime, "tdengine-cdc")
                .windowAll(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                .process(new CountRows())
                .returns(Types.LONG)
                .executeAndCollect("idle readers")) {
            // The third window closes only with a later row; the first two must fire on their own.
            for (int i = 0; i < 2 && windows.hasNext(); i++) {
                counts.add(windows.next());
            }
        }
        assertEquals(List.of((long) ROWS_PER_WINDOW, (long) ROWS_PER_WINDOW), counts);
    }

    private static class CountRows extends ProcessAllWindowFunction<RowData, Long, TimeWindow> {
        @Override
        public void process(Context context, Iterable<RowData> elements, Collector<Long> out) {
            long count = 0;
            for (RowData ignored : elements) {
                count++;
            }
            out.collect(count);
        }
    }
}
