package io.tdflink.cdc.event;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

import java.util.Map;
import java.util.TreeMap;

/**
 * Enumerator → reader, the answer to {@link ReaderPositionsEvent}: per vgroup, the position the
 * reader must seek to the first time TMQ gives it that vgroup. Its consumer does not open
 * before this arrives.
 */
@Internal
public final class StartPositionsEvent implements SourceEvent {
    private static final long serialVersionUID = 1L;
    private final TreeMap<Integer, Long> positions;

    public StartPositionsEvent(Map<Integer, Long> positions) {
        this.positions = new TreeMap<>(positions);
    }

    public Map<Integer, Long> positions() {
        return positions;
    }
}
