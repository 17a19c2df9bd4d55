package io.tdflink.cdc.event;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

import java.util.Map;
import java.util.TreeMap;

/** Reader → enumerator, once per reader start: the positions its restored splits hold (empty on a fresh start). */
@Internal
public final class ReaderPositionsEvent implements SourceEvent {
    private static final long serialVersionUID = 1L;
    private final TreeMap<Integer, Long> positions;

    public ReaderPositionsEvent(Map<Integer, Long> positions) {
        this.positions = new TreeMap<>(positions);
    }

    public Map<Integer, Long> positions() {
        return positions;
    }
}
