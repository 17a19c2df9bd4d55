package io.tdflink.cdc.reader;

import org.apache.flink.annotation.Internal;

import java.util.List;
import java.util.Map;

/**
 * What one fetch hands the task thread: the elements of one polled message, and where the
 * vgroups stand once they are emitted (the message's vgroup after it, or a vgroup just sought).
 */
@Internal
final class CdcRecords<OUT> {
    private final List<OUT> values;
    private final Map<Integer, Long> positions;

    CdcRecords(List<OUT> values, Map<Integer, Long> positions) {
        this.values = values;
        this.positions = positions;
    }

    List<OUT> values() {
        return values;
    }

    Map<Integer, Long> positions() {
        return positions;
    }
}
