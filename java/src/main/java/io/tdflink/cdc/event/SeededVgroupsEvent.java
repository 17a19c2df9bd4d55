package io.tdflink.cdc.event;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

import java.util.Set;
import java.util.TreeSet;

/** Reader → enumerator: these vgroups were sought to their start positions and committed there. */
@Internal
public final class SeededVgroupsEvent implements SourceEvent {
    private static final long serialVersionUID = 1L;
    private final TreeSet<Integer> vgroups;

    public SeededVgroupsEvent(Set<Integer> vgroups) {
        this.vgroups = new TreeSet<>(vgroups);
    }

    public Set<Integer> vgroups() {
        return vgroups;
    }
}
