package io.tdflink.cdc.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One subtask's consumer in the topic's group, with the positions it delivered up to: per
 * vgroup, the offset after the last message whose rows were emitted. TMQ, not Flink, decides
 * which vgroups a consumer reads, so a split is a consumer seat, not a vgroup; the positions
 * it holds are what a restore seeks back to (docs/cdc.md).
 */
@Internal
public final class TDengineCdcSplit implements SourceSplit {
    private final String topic;
    private final String groupId;
    private final String clientId;
    private final int index;
    private final Map<Integer, Long> positions;

    public TDengineCdcSplit(String topic, String groupId, String clientId, int index, Map<Integer, Long> positions) {
        this.topic = topic;
        this.groupId = groupId;
        this.clientId = clientId;
        this.index = index;
        this.positions = Collections.unmodifiableMap(new TreeMap<>(positions));
    }

    /** The official connector's id: {@code <topic>_<group>_<client id>}. */
    @Override
    public String splitId() {
        return topic + "_" + groupId + "_" + clientId;
    }

    public String topic() {
        return topic;
    }

    public String groupId() {
        return groupId;
    }

    public String clientId() {
        return clientId;
    }

    /** The subtask the split was made for; after a rescale it may be read by another. */
    public int index() {
        return index;
    }

    /** Vgroup id → offset after the last emitted message of that vgroup. */
    public Map<Integer, Long> positions() {
        return positions;
    }

    public TDengineCdcSplit withPositions(Map<Integer, Long> newPositions) {
        return new TDengineCdcSplit(topic, groupId, clientId, index, newPositions);
    }

    @Override
    public String toString() {
        return splitId() + positions;
    }
}
