package io.tdflink.tmq;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.Objects;

/** A topic's vgroup: the unit TMQ assigns, positions and commits. As the JDBC driver's class. */
@PublicEvolving
public class TopicPartition implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final int vGroupId;

    public TopicPartition(String topic, int vGroupId) {
        this.topic = topic;
        this.vGroupId = vGroupId;
    }

    public String getTopic() {
        return topic;
    }

    public int getVGroupId() {
        return vGroupId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicPartition
                && ((TopicPartition) o).vGroupId == vGroupId
                && Objects.equals(((TopicPartition) o).topic, topic);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, vGroupId);
    }

    @Override
    public String toString() {
        return topic + "-" + vGroupId;
    }
}
