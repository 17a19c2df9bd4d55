package io.tdflink.tmq;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows of one poll, grouped by vgroup: the element type of the CDC source in batch mode
 * and an input of the sink ({@code td.source.type=tdengine_cdc}). As the JDBC driver's class.
 */
@PublicEvolving
public class ConsumerRecords<V> implements Iterable<ConsumerRecord<V>>, Serializable {
    private static final long serialVersionUID = 1L;
    public static final ConsumerRecords<?> EMPTY = new ConsumerRecords<>(Collections.emptyMap());

    private final Map<TopicPartition, List<ConsumerRecord<V>>> records;

    public ConsumerRecords() {
        this.records = new LinkedHashMap<>();
    }

    public ConsumerRecords(Map<TopicPartition, List<ConsumerRecord<V>>> records) {
        this.records = records;
    }

    @SuppressWarnings("unchecked")
    public static <T> ConsumerRecords<T> emptyRecord() {
        return (ConsumerRecords<T>) EMPTY;
    }

    public Set<TopicPartition> partitions() {
        return Collections.unmodifiableSet(records.keySet());
    }

    public int count() {
        return records.values().stream().mapToInt(List::size).sum();
    }

    public void put(TopicPartition partition, ConsumerRecord<V> record) {
        records.computeIfAbsent(partition, p -> new ArrayList<>()).add(record);
    }

    public List<ConsumerRecord<V>> get(TopicPartition partition) {
        return records.getOrDefault(partition, Collections.emptyList());
    }

    public boolean isEmpty() {
        return count() == 0;
    }

    @Override
    public Iterator<ConsumerRecord<V>> iterator() {
        return records.values().stream().flatMap(List::stream).iterator();
    }
}
