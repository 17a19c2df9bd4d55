package io.tdflink.source.reader;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.common.metrics.TDengineMetrics;
import io.tdflink.source.split.TDengineSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

import java.util.Map;

/**
 * The bounded source's reader: one fetcher thread reads splits through the native client; the
 * reader asks the enumerator for the next split whenever it has none.
 */
@Internal
public final class TDengineSourceReader<OUT>
        extends SingleThreadMultiplexSourceReaderBase<OUT, OUT, TDengineSplit, TDengineSplit> {

    public TDengineSourceReader(
            ConnectionProperties connection,
            BatchDecoder<OUT> decoder,
            Configuration config,
            SourceReaderContext context) {
        super(
                () -> new TDengineSplitReader<>(
                        connection,
                        decoder,
                        context.metricGroup().getIOMetricGroup().getNumBytesInCounter()),
                new TDengineRecordEmitter<>(),
                config,
                context);
        TDengineMetrics.group(context.metricGroup());
    }

    @Override
    public void start() {
        if (getNumberOfCurrentlyAssignedSplits() == 0) {
            context.sendSplitRequest();
        }
    }

    @Override
    protected void onSplitFinished(Map<String, TDengineSplit> finishedSplitIds) {
        context.sendSplitRequest();
    }

    @Override
    protected TDengineSplit initializedState(TDengineSplit split) {
        return split;
    }

    @Override
    protected TDengineSplit toSplitType(String splitId, TDengineSplit splitState) {
        return splitState;
    }
}
