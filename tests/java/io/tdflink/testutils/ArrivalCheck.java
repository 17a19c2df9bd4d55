package io.tdflink.testutils;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.table.data.RowData;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chained right after the CDC source: counts each row key into {@link ArrivalLedger}, and keeps
 * the keys seen as checkpointed state, so after a restore it knows exactly which rows the
 * restored checkpoint covers. A source that restores its positions correctly never emits one of
 * those again ({@link ArrivalLedger#BEFORE_CHECKPOINT_AGAIN}); the official connector, resuming
 * from the group's committed offsets, skips rows instead.
 */
public class ArrivalCheck extends RichMapFunction<RowData, Long> implements CheckpointedFunction, CheckpointListener {
    private final int keyField;
    private transient ListState<Long> state;
    private transient Set<Long> restored;
    private transient Set<Long> seen;

    /** @param keyField the BIGINT field of the row's unique key */
    public ArrivalCheck(int keyField) {
        this.keyField = keyField;
    }

    @Override
    public Long map(RowData row) {
        long key = row.getLong(keyField);
        if (restored.contains(key)) {
            ArrivalLedger.BEFORE_CHECKPOINT_AGAIN.add(key);
        }
        seen.add(key);
        ArrivalLedger.COUNTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        long emitted = ArrivalLedger.EMITTED.incrementAndGet();
        long failAfter = ArrivalLedger.FAIL_AFTER_ROWS.get();
        long lastCheckpoint = ArrivalLedger.LAST_CHECKPOINT_NANOS.get();
        boolean committed =
                lastCheckpoint != 0 && System.nanoTime() - lastCheckpoint > ArrivalLedger.COMMIT_GRACE_NANOS;
        if (failAfter > 0 && emitted >= failAfter && committed && ArrivalLedger.FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure after " + emitted + " rows");
        }
        return key;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        // Union state: every subtask gets all keys back, since TMQ may hand a vgroup to another subtask after a
        // restore.
        state.update(new ArrayList<>(seen));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        state = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>("seen-keys", Long.class));
        restored = new HashSet<>();
        for (Long key : state.get()) {
            restored.add(key);
        }
        // Only subtask 0 carries the restored keys on, so the union does not multiply them.
        seen = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0
                ? new HashSet<>(restored)
                : new HashSet<>();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        ArrivalLedger.COMPLETED_CHECKPOINTS.incrementAndGet();
        ArrivalLedger.LAST_CHECKPOINT_NANOS.set(System.nanoTime());
    }
}
