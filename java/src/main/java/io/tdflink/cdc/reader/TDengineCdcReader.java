package io.tdflink.cdc.reader;

import io.tdflink.cdc.CdcProperties;
import io.tdflink.cdc.event.ReaderPositionsEvent;
import io.tdflink.cdc.event.SeededVgroupsEvent;
import io.tdflink.cdc.event.SeedsDoneEvent;
import io.tdflink.cdc.event.StartPositionsEvent;
import io.tdflink.cdc.split.TDengineCdcSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The CDC source's reader on the task thread. At start it reports its restored positions; its
 * fetch thread opens the consumer once the enumerator answered. It emits each message's rows,
 * then moves its positions past them, so a checkpoint holds exactly the positions of what was
 * emitted; commits them (on the fetch thread) once the checkpoint completes, unless
 * {@code enable.auto.commit}.
 *
 * <p>Rows go to the main output, with no per-split output: a reader TMQ gives no vgroup marks
 * itself idle and stays so until its rows move event time, where a split output's generator
 * would hold watermarks back (the official connector's bug 17).
 *
 * <p>A reader holding several splits (after a restore at a lower parallelism) has one
 * consumer: the positions of all are merged into the first, the others are kept empty.
 */
@Internal
public final class TDengineCdcReader<OUT> implements SourceReader<OUT, TDengineCdcSplit> {
    private final CdcProperties properties;
    private final CdcMessageDecoder<OUT> decoder;
    private final SourceReaderContext context;
    private final FetcherChannel channel = new FetcherChannel();
    private final CdcReaderMetrics metrics;
    private final List<TDengineCdcSplit> splits = new ArrayList<>();
    /** Vgroup → offset after the last emitted message: the state of the first split. */
    private final Map<Integer, Long> positions = new TreeMap<>();
    /** Per checkpoint not yet complete, the positions it holds. */
    private final NavigableMap<Long, Map<Integer, Long>> pendingCommits = new TreeMap<>();

    private FetchThread<OUT> fetchThread;
    /** What {@link #isAvailable()} gives before the first split: completed when it arrives. */
    private final CompletableFuture<Void> firstSplit = new CompletableFuture<>();
    /** Start positions of a reader restarted alone: once a checkpoint completes, commits cover them. */
    private boolean seedsUntilCheckpoint;

    public TDengineCdcReader(CdcProperties properties, CdcMessageDecoder<OUT> decoder, SourceReaderContext context) {
        this.properties = properties;
        this.decoder = decoder;
        this.context = context;
        this.metrics = new CdcReaderMetrics(context.metricGroup());
    }

    /** Restored splits arrive before {@link #start()}; later, a split given back after a failure. */
    @Override
    public void addSplits(List<TDengineCdcSplit> newSplits) {
        for (TDengineCdcSplit split : newSplits) {
            split.positions().forEach((vgroup, offset) -> positions.merge(vgroup, offset, Math::max));
            splits.add(split);
        }
        if (fetchThread == null && !splits.isEmpty()) {
            TDengineCdcSplit first = splits.get(0);
            CdcFetcher<OUT> fetcher =
                    new CdcFetcher<>(properties, decoder, channel, metrics, first, positions.keySet());
            fetchThread = new FetchThread<>(fetcher, "tdengine-cdc-fetcher-" + first.clientId());
            fetchThread.start();
            firstSplit.complete(null);
        }
    }

    @Override
    public void start() {
        context.sendSourceEventToCoordinator(new ReaderPositionsEvent(positions));
    }

    @Override
    public InputStatus pollNext(ReaderOutput<OUT> output) throws Exception {
        for (Set<Integer> vgroups : channel.takeSeeded()) {
            context.sendSourceEventToCoordinator(new SeededVgroupsEvent(vgroups));
        }
        CdcRecords<OUT> records = fetchThread == null ? null : fetchThread.poll();
        if (records == null) {
            if (fetchThread == null || channel.isIdle()) {
                output.markIdle();
            }
            return InputStatus.NOTHING_AVAILABLE;
        }
        for (OUT value : records.values()) {
            output.collect(value);
        }
        metrics.emitted(records.values().size(), records.bytes());
        positions.putAll(records.positions());
        if (records.owned() != null) {
            // A vgroup TMQ gave to another consumer is forgotten: its position here would go
            // stale while that consumer moves on, and a restore must not send it back there.
            positions.keySet().retainAll(records.owned());
        }
        return InputStatus.MORE_AVAILABLE;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return fetchThread == null ? firstSplit : fetchThread.available();
    }

    @Override
    public List<TDengineCdcSplit> snapshotState(long checkpointId) {
        List<TDengineCdcSplit> out = new ArrayList<>(splits.size());
        for (int i = 0; i < splits.size(); i++) {
            out.add(splits.get(i).withPositions(i == 0 ? positions : Collections.emptyMap()));
        }
        if (!properties.isAutoCommit() && !splits.isEmpty()) {
            pendingCommits.put(checkpointId, new TreeMap<>(positions));
        }
        return out;
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
    public void notifyNoMoreSplits() {
        // A subscription has no end.
    }

    @Override
    public void close() throws Exception {
        if (fetchThread != null) {
            fetchThread.shutdown();
        }
    }
}
