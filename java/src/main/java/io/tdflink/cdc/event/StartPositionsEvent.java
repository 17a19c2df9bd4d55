package io.tdflink.cdc.event;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

import java.util.Map;
import java.util.TreeMap;

/**
 * Enumerator → reader, the answer to {@link ReaderPositionsEvent}: per vgroup, the position the
 * reader must seek to the first time TMQ gives it that vgroup. Its consumer does not open
 * before this arrives. Positions of a job-wide restore are kept until {@link SeedsDoneEvent};
 * those of a reader restarted alone, until its first checkpoint completes.
 */
@Internal
public final class StartPositionsEvent implements SourceEvent {
    private static final long serialVersionUID = 1L;
    private final TreeMap<Integer, Long> positions;
    private final boolean jobWide;

    public StartPositionsEvent(Map<Integer, Long> positions, boolean jobWide) {
        this.positions = new TreeMap<>(positions);
        this.jobWide = jobWide;
    }

    /** Whether the positions come from a job-wide restore, to keep until {@link SeedsDoneEvent}. */
    public boolean isJobWide() {
        return jobWide;
    }

    public Map<Integer, Long> positions() {
        return positions;
    }
}
