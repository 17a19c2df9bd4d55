package io.tdflink.sink.entity;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.types.RowKind;

import java.io.Serializable;
import java.util.List;

/**
 * One row for the sink, as a custom {@code TDengineSinkRecordSerializer} produces it: values in
 * field-list order, typed as the official connector's stmt writer expects them (Timestamp,
 * Boolean, Byte, Short, Integer, Long, Float, Double, String, byte[]; also BigInteger and
 * BigDecimal for BIGINT UNSIGNED and DECIMAL), and optionally a {@link RowKind}: DELETE deletes
 * the row by its timestamp, UPDATE_BEFORE is skipped.
 */
@PublicEvolving
public class TDengineSinkRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<Object> columnParams;
    private final RowKind rowKind;

    public TDengineSinkRecord(List<Object> columnParams) {
        this(columnParams, RowKind.INSERT);
    }

    public TDengineSinkRecord(List<Object> columnParams, RowKind rowKind) {
        this.columnParams = columnParams;
        this.rowKind = rowKind;
    }

    public List<Object> getColumnParams() {
        return columnParams;
    }

    public RowKind getRowKind() {
        return rowKind;
    }
}
