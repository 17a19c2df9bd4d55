package io.tdflink.cdc.split;

import org.apache.flink.annotation.Internal;

import java.util.Map;
import java.util.TreeMap;

/** A split being read: its positions move forward as the emitter hands each message's rows on. */
@Internal
public final class TDengineCdcSplitState {
    private final TDengineCdcSplit split;
    private final Map<Integer, Long> positions;

    public TDengineCdcSplitState(TDengineCdcSplit split) {
        this.split = split;
        this.positions = new TreeMap<>(split.positions());
    }

    /** Records where each vgroup now stands; called on the task thread after the rows were emitted. */
    public void advance(Map<Integer, Long> newPositions) {
        positions.putAll(newPositions);
    }

    public TDengineCdcSplit toSplit() {
        return split.withPositions(positions);
    }
}
