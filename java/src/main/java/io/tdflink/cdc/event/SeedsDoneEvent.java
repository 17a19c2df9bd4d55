package io.tdflink.cdc.event;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

/**
 * Enumerator → every reader: each restored vgroup has been sought and committed by some
 * reader, so the group's committed offsets belong to this run again and readers drop the start
 * positions they have not used (a vgroup they get later starts at the committed offset).
 */
@Internal
public final class SeedsDoneEvent implements SourceEvent {
    private static final long serialVersionUID = 1L;
}
