package io.tdflink.tmq;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/** One row delivered by a TMQ subscription, with where it came from. As the JDBC driver's class. */
@PublicEvolving
public class ConsumerRecord<V> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final String dbName;
    private final int vGroupId;
    private final long offset;
    private final V value;

    public ConsumerRecord(String topic, String dbName, int vGroupId, long offset, V value) {
        this.topic = topic;
        this.dbName = dbName;
        this.vGroupId = vGroupId;
        this.offset = offset;
        this.value = value;
    }

    public String getTopic() {
        return topic;
    }

    public String getDbName() {
        return dbName;
    }

    public int getVGroupId() {
        return vGroupId;
    }

    /** The offset of the TMQ message the row belongs to. */
    public long getOffset() {
        return offset;
    }

    public V value() {
        return value;
    }

    @Override
    public String toString() {
        return "ConsumerRecord{" + topic + "-" + vGroupId + "@" + offset + ": " + value + "}";
    }
}
