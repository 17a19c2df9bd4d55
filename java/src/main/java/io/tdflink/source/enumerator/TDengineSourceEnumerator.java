package io.tdflink.source.enumerator;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.source.split.TDengineSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * Plans the query into splits once (off the coordinator thread, against the server) and hands
 * them out one per request, so fast readers take more. Splits returned by a failed reader go to
 * the front of the queue and are handed out again; a reader that asks when nothing is left is
 * told there are no more splits.
 */
@Internal
public final class TDengineSourceEnumerator implements SplitEnumerator<TDengineSplit, TDengineSourceEnumState> {
    private static final Logger LOG = LoggerFactory.getLogger(TDengineSourceEnumerator.class);

    private final SplitEnumeratorContext<TDengineSplit> context;
    private final ConnectionProperties connection;
    private final SourcePlan plan;
    private final Deque<TDengineSplit> unassigned;
    /** Readers that asked before planning finished, answered once it has. */
    private final Set<Integer> waitingReaders = new LinkedHashSet<>();

    private boolean planned;

    public TDengineSourceEnumerator(
            SplitEnumeratorContext<TDengineSplit> context,
            ConnectionProperties connection,
            SourcePlan plan,
            TDengineSourceEnumState state) {
        this.context = context;
        this.connection = connection;
        this.plan = plan;
        this.unassigned = new ArrayDeque<>(state.unassigned());
        this.planned = state.isPlanned();
    }

    @Override
    public void start() {
        if (!planned) {
            // A failure here (bad SQL, unknown table, wrong password) fails the job with its code.
            context.callAsync(() -> plan.plan(connection), this::onPlanned);
        }
    }

    private void onPlanned(List<TDengineSplit> splits, @Nullable Throwable error) {
        if (error instanceof RuntimeException) {
            throw (RuntimeException) error; // keeps the TDengineException and its code on top
        }
        if (error != null) {
            throw new FlinkRuntimeException("cannot plan the TDengine source query", error);
        }
        unassigned.addAll(splits);
        planned = true;
        LOG.info("TDengine source planned {} splits", splits.size());
        List<Integer> readers = new ArrayList<>(waitingReaders);
        waitingReaders.clear();
        readers.forEach(this::assignNext);
    }

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
        if (!planned) {
            waitingReaders.add(subtaskId);
            return;
        }
        assignNext(subtaskId);
    }

    private void assignNext(int subtaskId) {
        if (!context.registeredReaders().containsKey(subtaskId)) {
            return; // it failed meanwhile; its replacement asks again
        }
        TDengineSplit split = unassigned.poll();
        if (split == null) {
            context.signalNoMoreSplits(subtaskId);
            return;
        }
        LOG.debug("assigning {} to subtask {}", split.splitId(), subtaskId);
        context.assignSplit(split, subtaskId);
    }

    @Override
    public void addSplitsBack(List<TDengineSplit> splits, int subtaskId) {
        LOG.info("subtask {} failed: {} split(s) go back to the queue", subtaskId, splits.size());
        for (int i = splits.size() - 1; i >= 0; i--) {
            unassigned.addFirst(splits.get(i));
        }
    }

    @Override
    public void addReader(int subtaskId) {
        // Readers ask for splits themselves.
    }

    @Override
    public TDengineSourceEnumState snapshotState(long checkpointId) {
        return new TDengineSourceEnumState(planned, new ArrayList<>(unassigned));
    }

    @Override
    public void close() {}
}
