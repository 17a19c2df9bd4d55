package io.tdflink.cdc.reader;

import io.tdflink.cdc.CdcProperties;
import io.tdflink.cdc.event.ReaderPositionsEvent;
import io.tdflink.cdc.event.SeedsDoneEvent;
import io.tdflink.cdc.event.SeededVgroupsEvent;
import io.tdflink.cdc.event.StartPositionsEvent;
import io.tdflink.cdc.split.TDengineCdcSplit;
import io.tdflink.cdc.split.TDengineCdcSplitState;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.fetcher.SingleThreadFetcherManager;
import org.apache.flink.core.io.InputStatus;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The CDC source's reader on the task thread. At start it reports its restored positions and
 * its consumer waits for the enumerator's answer; positions of each checkpoint are committed
 * (by the fetcher thread) once that checkpoint completes, unless {@code enable.auto.commit};
 * while TMQ gives its consumer no vgroup, the reader is idle for watermarks.
 */
@Internal
public final class TDengineCdcReader<OUT>
        extends SingleThreadMultiplexSourceReaderBase<CdcRecords<OUT>, OUT, TDengineCdcSplit, TDengineCdcSplitState> {
    private final CdcProperties properties;
    private final FetcherChannel channel;
    /** Per checkpoint not yet complete, the positions its splits hold (largest per vgroup). */
    private final NavigableMap<Long, Map<Integer, Long>> pendingCommits = new TreeMap<>();
    private final Map<Integer, Long> restored = new TreeMap<>();
    /** Start positions of a reader restarted alone: once a checkpoint completes, commits cover them. */
    private boolean seedsUntilCheckpoint;

    public TDengineCdcReader(CdcProperties properties, CdcMessageDecoder<OUT> decoder, SourceReaderContext context) {
        this(properties, decoder, new FetcherChannel(), context);
    }

    private TDengineCdcReader(CdcProperties properties, CdcMessageDecoder<OUT> decoder, FetcherChannel channel, SourceReaderContext context) {
        super(new SingleThreadFetcherManager<>(() -> new TDengineCdcSplitReader<>(properties, decoder, channel), new Configuration()),
                new TDengineCdcEmitter<>(), new Configuration(), context);
        this.properties = properties;
        this.channel = channel;
    }

    /** Restored splits arrive before {@link #start()}: their positions make the report. */
    @Override
    public void addSplits(List<TDengineCdcSplit> splits) {
        for (TDengineCdcSplit split : splits) {
            split.positions().forEach((vgroup, offset) -> restored.merge(vgroup, offset, Math::max));
        }
        super.addSplits(splits);
    }

    @Override
    public void start() {
        context.sendSourceEventToCoordinator(new ReaderPositionsEvent(restored));
    }

    @Override
    public InputStatus pollNext(ReaderOutput<OUT> output) throws Exception {
        for (Set<Integer> vgroups : channel.takeSeeded()) {
            context.sendSourceEventToCoordinator(new SeededVgroupsEvent(vgroups));
        }
        InputStatus status = super.pollNext(output);
        if (status == InputStatus.NOTHING_AVAILABLE && channel.isIdle()) {
            output.markIdle();
        }
        return status;
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
        if (event instanceof StartPositionsEvent) {
            StartPositionsEvent start = (StartPositionsEvent) event;
            channel.startAt(start.positions());
            seedsUntilCheckpoint = !start.isJobWide();
        } else if (event instanceof SeedsDoneEvent) {
            channel.seedsDone();
        }
    }

    @Override
    public List<TDengineCdcSplit> snapshotState(long checkpointId) {
        List<TDengineCdcSplit> splits = super.snapshotState(checkpointId);
        if (!properties.isAutoCommit()) {
            Map<Integer, Long> positions = new TreeMap<>();
            for (TDengineCdcSplit split : splits) {
                split.positions().forEach((vgroup, offset) -> positions.merge(vgroup, offset, Math::max));
            }
            pendingCommits.put(checkpointId, positions);
        }
        return splits;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        if (seedsUntilCheckpoint) {
            channel.seedsDone();
        }
        Map.Entry<Long, Map<Integer, Long>> newest = pendingCommits.floorEntry(checkpointId);
        if (newest != null) {
            channel.commit(newest.getValue());
            pendingCommits.headMap(checkpointId, true).clear();
        }
    }

    @Override
    protected void onSplitFinished(Map<String, TDengineCdcSplitState> finishedSplitIds) {
        // A subscription never finishes.
    }

    @Override
    protected TDengineCdcSplitState initializedState(TDengineCdcSplit split) {
        return new TDengineCdcSplitState(split);
    }

    @Override
    protected TDengineCdcSplit toSplitType(String splitId, TDengineCdcSplitState splitState) {
        return splitState.toSplit();
    }
}
