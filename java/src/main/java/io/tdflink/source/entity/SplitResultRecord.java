package io.tdflink.source.entity;

import org.apache.flink.annotation.PublicEvolving;

import java.sql.ResultSetMetaData;
import java.util.Iterator;
import java.util.List;

/**
 * One row, as a custom {@link io.tdflink.source.serializable.TDengineRecordDeserialization}
 * receives it: the values in column order, typed as the official JDBC driver's
 * {@code getObject} types them (TIMESTAMP {@code java.sql.Timestamp}, VARCHAR and JSON
 * {@code byte[]} unless {@code varcharAsString=true}, NCHAR {@code String}, unsigned types
 * widened, BIGINT UNSIGNED {@code BigInteger}, DECIMAL {@code BigDecimal}, VARBINARY and
 * GEOMETRY {@code byte[]}), and the result's metadata with 1-based column indexes.
 */
@PublicEvolving
public final class SplitResultRecord implements Iterable<Object> {
    private final List<Object> sourceRecordList;
    private final ResultSetMetaData metaData;

    public SplitResultRecord(List<Object> sourceRecordList, ResultSetMetaData metaData) {
        this.sourceRecordList = sourceRecordList;
        this.metaData = metaData;
    }

    public List<Object> getSourceRecordList() {
        return sourceRecordList;
    }

    public ResultSetMetaData getMetaData() {
        return metaData;
    }

    @Override
    public Iterator<Object> iterator() {
        return sourceRecordList.iterator();
    }
}
