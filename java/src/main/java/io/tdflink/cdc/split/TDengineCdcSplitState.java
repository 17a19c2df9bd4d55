package io.tdflink.cdc.split;

import org.apache.flink.annotation.Internal;

import java.util.Map;
import java.util.Set;
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

    /**
     * Records where each vgroup now stands; called on the task thread after the rows were
     * emitted. With {@code owned}, vgroups TMQ gave to another consumer are forgotten: their
     * position here would go stale while the other consumer moves on, and a restore must not
     * send the vgroup back there.
     */
    public void advance(Map<Integer, Long> newPositions, Set<Integer> owned) {
        positions.putAll(newPositions);
        if (owned != null) {
            positions.keySet().retainAll(owned);
        }
    }

    public TDengineCdcSplit toSplit() {
        return split.withPositions(positions);
    }
}
