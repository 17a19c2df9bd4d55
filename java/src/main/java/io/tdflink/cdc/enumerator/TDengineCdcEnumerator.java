package io.tdflink.cdc.enumerator;

import io.tdflink.cdc.CdcProperties;
import io.tdflink.cdc.event.ReaderPositionsEvent;
import io.tdflink.cdc.event.SeededVgroupsEvent;
import io.tdflink.cdc.event.SeedsDoneEvent;
import io.tdflink.cdc.event.StartPositionsEvent;
import io.tdflink.cdc.split.TDengineCdcSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Makes one consumer split per subtask (all in the source's group; TMQ shares the vgroups
 * among them) and hands split i to subtask i mod parallelism whenever that reader registers,
 * so a split given back after a failure goes out again (the official connector kept it). A
 * restore with a larger parallelism adds the missing splits. Also runs the start-position
 * exchange of {@link StartPositionsExchange}.
 */
@Internal
public final class TDengineCdcEnumerator implements SplitEnumerator<TDengineCdcSplit, TDengineCdcEnumState> {
    private static final Logger LOG = LoggerFactory.getLogger(TDengineCdcEnumerator.class);

    private final SplitEnumeratorContext<TDengineCdcSplit> context;
    private final CdcProperties properties;
    private final List<TDengineCdcSplit> unassigned;
    private final StartPositionsExchange exchange;
    private int splitCount;

    public TDengineCdcEnumerator(
            SplitEnumeratorContext<TDengineCdcSplit> context,
            CdcProperties properties,
            TDengineCdcEnumState state,
            boolean restored) {
        this.context = context;
        this.properties = properties;
        this.unassigned = new ArrayList<>(state.unassigned());
        this.splitCount = state.splitCount();
        this.exchange = new StartPositionsExchange(restored);
    }

    @Override
    public void start() {
        for (; splitCount < context.currentParallelism(); splitCount++) {
            unassigned.add(new TDengineCdcSplit(
                    properties.topic(),
                    properties.groupId(),
                    properties.clientId(splitCount),
                    splitCount,
                    Collections.emptyMap()));
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Splits are pushed on registration; readers never ask.
    }

    @Override
    public void addSplitsBack(List<TDengineCdcSplit> splits, int subtaskId) {
        unassigned.addAll(splits);
        if (context.registeredReaders().containsKey(subtaskId)) {
            addReader(subtaskId);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        List<TDengineCdcSplit> mine = new ArrayList<>();
        for (Iterator<TDengineCdcSplit> it = unassigned.iterator(); it.hasNext(); ) {
            TDengineCdcSplit split = it.next();
            if (split.index() % context.currentParallelism() == subtaskId) {
                mine.add(split);
                it.remove();
            }
        }
        for (TDengineCdcSplit split : mine) {
            LOG.info("assigning {} to subtask {}", split, subtaskId);
            context.assignSplit(split, subtaskId);
        }
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent event) {
        if (event instanceof ReaderPositionsEvent) {
            Map<Integer, Map<Integer, Long>> answers = exchange.report(
                    subtaskId, ((ReaderPositionsEvent) event).positions(), context.currentParallelism());
            boolean jobWide = exchange.isJobWide();
            answers.forEach((reader, positions) -> {
                LOG.info("subtask {} starts from {}{}", reader, positions, jobWide ? " (job-wide restore)" : "");
                context.sendEventToSourceReader(reader, new StartPositionsEvent(positions, jobWide));
            });
        } else if (event instanceof SeededVgroupsEvent && exchange.seeded(((SeededVgroupsEvent) event).vgroups())) {
            LOG.info("every restored vgroup was sought and committed; readers drop their unused start positions");
            context.registeredReaders()
                    .keySet()
                    .forEach(reader -> context.sendEventToSourceReader(reader, new SeedsDoneEvent()));
        }
    }

    @Override
    public TDengineCdcEnumState snapshotState(long checkpointId) {
        return new TDengineCdcEnumState(splitCount, new ArrayList<>(unassigned));
    }

    @Override
    public void close() {}
}
