package io.tdflink.source.entity;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The element type of a {@code TDengineSource} in batch mode ({@code td.batch.mode=true}):
 * up to {@code batch.size} rows of one split.
 */
@PublicEvolving
public class SourceRecords<V> implements Iterable<V>, Serializable {
    private static final long serialVersionUID = 1L;

    private final List<V> records;

    public SourceRecords() {
        this.records = new ArrayList<>();
    }

    public SourceRecords(List<V> records) {
        this.records = records;
    }

    public void addSourceRecord(V record) {
        records.add(record);
    }

    public List<V> getRecords() {
        return records;
    }

    public boolean isEmpty() {
        return records.isEmpty();
    }

    @Override
    public Iterator<V> iterator() {
        return records.iterator();
    }

    @Override
    public String toString() {
        return "SourceRecords" + records;
    }
}
