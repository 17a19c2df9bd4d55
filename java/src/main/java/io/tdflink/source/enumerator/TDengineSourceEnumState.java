package io.tdflink.source.enumerator;

import io.tdflink.source.split.TDengineSplit;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.List;

/**
 * What the enumerator checkpoints: whether the query was planned, and the splits not handed
 * out yet. Assigned splits are in their readers' state until they finish, and come back
 * through {@code addSplitsBack} when a reader fails.
 */
@Internal
public final class TDengineSourceEnumState {
    private final boolean planned;
    private final List<TDengineSplit> unassigned;

    public TDengineSourceEnumState(boolean planned, List<TDengineSplit> unassigned) {
        this.planned = planned;
        this.unassigned = new ArrayList<>(unassigned);
    }

    public static TDengineSourceEnumState initial() {
        return new TDengineSourceEnumState(false, new ArrayList<>());
    }

    public boolean isPlanned() {
        return planned;
    }

    public List<TDengineSplit> unassigned() {
        return unassigned;
    }
}
