package io.tdflink.cdc.enumerator;

import io.tdflink.cdc.split.TDengineCdcSplit;

import org.apache.flink.annotation.Internal;

import java.util.Collections;
import java.util.List;

/**
 * What the enumerator checkpoints: how many consumer splits exist, and those not handed to a
 * reader yet. Assigned splits, with their positions, are in the readers' state.
 */
@Internal
public final class TDengineCdcEnumState {
    private final int splitCount;
    private final List<TDengineCdcSplit> unassigned;

    public TDengineCdcEnumState(int splitCount, List<TDengineCdcSplit> unassigned) {
        this.splitCount = splitCount;
        this.unassigned = Collections.unmodifiableList(unassigned);
    }

    public static TDengineCdcEnumState initial() {
        return new TDengineCdcEnumState(0, Collections.emptyList());
    }

    public int splitCount() {
        return splitCount;
    }

    public List<TDengineCdcSplit> unassigned() {
        return unassigned;
    }
}
