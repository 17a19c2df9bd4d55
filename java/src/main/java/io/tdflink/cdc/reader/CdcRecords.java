package io.tdflink.cdc.reader;

import org.apache.flink.annotation.Internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one fetch hands the task thread: the elements of one polled message, where the vgroups
 * stand once they are emitted (the message's vgroup after it, a vgroup just sought or gained),
 * and, when the assignment was checked, the vgroups the consumer owns now.
 */
@Internal
final class CdcRecords<OUT> {
    private final List<OUT> values;
    private final Map<Integer, Long> positions;
    private final Set<Integer> owned;
    private final int bytes;

    CdcRecords(List<OUT> values, Map<Integer, Long> positions, Set<Integer> owned, int bytes) {
        this.values = values;
        this.positions = positions;
        this.owned = owned;
        this.bytes = bytes;
    }

    /** Bytes of the message the values came from, as it crossed the native boundary. */
    int bytes() {
        return bytes;
    }

    /** The vgroups owned now, or {@code null} when the assignment was not checked. */
    Set<Integer> owned() {
        return owned;
    }

    List<OUT> values() {
        return values;
    }

    Map<Integer, Long> positions() {
        return positions;
    }
}
