package io.tdflink.sink.writer;

import io.tdflink.common.ErrorCodes;
import io.tdflink.common.TDengineDataType;
import io.tdflink.common.TDengineException;
import io.tdflink.common.data.TDengineRowData;
import io.tdflink.common.types.TDengineTypeMapping;
import io.tdflink.jni.NativeBatchWriter;
import io.tdflink.jni.NativeColumn;
import io.tdflink.sink.entity.SinkMetaInfo;
import io.tdflink.sink.entity.TDengineSinkRecord;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.types.RowKind;

import java.nio.ByteBuffer;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Collects sink rows into one columnar write batch (docs/native-batch-layout.md, "write
 * batches"): a leading {@code _op} column (0 write, 3 delete) then one column per sink field,
 * typed as the target column, TIMESTAMP in nanoseconds. UPDATE_BEFORE rows are skipped: the
 * UPDATE_AFTER that follows writes the row.
 */
@Internal
public final class SinkBatchBuilder {
    static final byte OP_WRITE = 0;
    static final byte OP_DELETE = 3;

    private final String table;
    private final List<SinkColumnWriter> columns = new ArrayList<>();
    private final List<RowData.FieldGetter> getters = new ArrayList<>();
    private final int timestampField;
    private final int tbnameField;
    /** Whether the rows' field types were declared (SQL): then every row is read by them. */
    private final boolean declared;

    private final NativeBatchWriter batch;

    /**
     * @param table the target, for error messages
     * @param fields the sink's fields in field-list order
     * @param timestampField index of the table's primary timestamp among {@code fields}
     * @param tbnameField index of {@code tbname}, or -1 when writing to one table
     * @param rowTypes the declared type of each row field (SQL), or null: read each as the
     *     type its column reads as ({@link TDengineTypeMapping#defaultType})
     */
    public SinkBatchBuilder(
            String table,
            List<SinkMetaInfo> fields,
            int timestampField,
            int tbnameField,
            ZoneId wallClockZone,
            List<LogicalType> rowTypes) {
        this.table = table;
        this.timestampField = timestampField;
        this.tbnameField = tbnameField;
        this.declared = rowTypes != null;
        List<NativeColumn> schema = new ArrayList<>();
        schema.add(NativeColumn.of("_op", TDengineDataType.TINYINT));
        for (int i = 0; i < fields.size(); i++) {
            SinkMetaInfo field = fields.get(i);
            SinkColumnWriter column = new SinkColumnWriter(table, field, wallClockZone);
            columns.add(column);
            int precision = column.type() == TDengineDataType.TIMESTAMP ? 2 : field.getPrecision();
            NativeColumn target = new NativeColumn(
                    field.getFieldName(), column.type(), precision, field.getScale(), field.getLength());
            schema.add(target);
            getters.add(getter(declared ? rowTypes.get(i) : TDengineTypeMapping.defaultType(target), i));
        }
        this.batch = new NativeBatchWriter(schema);
    }

    /** Adds a row; returns false when its kind is not written (UPDATE_BEFORE). */
    public boolean add(RowData row) {
        if (row.getArity() != columns.size()) {
            throw new TDengineException(
                    ErrorCodes.DRIVER_INVALID_VARIABLE,
                    "table " + table + ": the row has " + row.getArity() + " fields but the sink has "
                            + columns.size());
        }
        if (row.getRowKind() == RowKind.UPDATE_BEFORE) {
            return false;
        }
        // Field by field into the columns: no per-row list of the values.
        append(row.getRowKind(), i -> declared ? getters.get(i).getFieldOrNull(row) : undeclaredField(row, i));
        return true;
    }

    /**
     * Undeclared GenericRowData and the sources' rows hold plain objects: taken as they are, so a
     * LONG in an INT column is range-checked rather than failing on a cast.
     */
    private Object undeclaredField(RowData row, int i) {
        if (row instanceof GenericRowData) {
            return ((GenericRowData) row).getField(i);
        }
        return row instanceof TDengineRowData
                ? ((TDengineRowData) row).getField(i)
                : getters.get(i).getFieldOrNull(row);
    }

    /** Adds a row of a custom serializer; returns false when its kind is not written. */
    public boolean add(TDengineSinkRecord record) {
        List<Object> values = record.getColumnParams();
        if (values == null || values.size() != columns.size()) {
            throw new TDengineException(
                    ErrorCodes.DRIVER_INVALID_VARIABLE,
                    "table " + table + ": the record has " + (values == null ? 0 : values.size())
                            + " values but the sink has " + columns.size() + " fields");
        }
        if (record.getRowKind() == RowKind.UPDATE_BEFORE) {
            return false;
        }
        append(record.getRowKind(), values::get);
        return true;
    }

    /** Appends one row whose field {@code i} is {@code field.apply(i)}. */
    private void append(RowKind kind, IntFunction<Object> field) {
        int start = batch.rowCount();
        try {
            batch.appendByte(0, kind == RowKind.DELETE ? OP_DELETE : OP_WRITE);
            for (int i = 0; i < columns.size(); i++) {
                Object value = field.apply(i);
                if (value == null && (i == timestampField || i == tbnameField)) {
                    String what = i == timestampField ? "timestamp" : "tbname";
                    throw columns.get(i).invalid(null, "is not allowed: every row needs its " + what);
                }
                columns.get(i).append(batch, i + 1, value);
            }
        } catch (RuntimeException e) {
            batch.truncate(start); // a rejected row leaves no partial columns behind
            throw e;
        }
    }

    public int rowCount() {
        return batch.rowCount();
    }

    public int encodedSize() {
        return batch.encodedSize();
    }

    /** Encodes the batch at position 0 of {@code target}; returns its length. */
    public int encodeTo(ByteBuffer target) {
        return batch.encodeTo(target);
    }

    public void clear() {
        batch.clear();
    }

    /** Reads field {@code i} as {@code type}; a TIMESTAMP_LTZ is an instant, not a wall clock. */
    private static RowData.FieldGetter getter(LogicalType type, int i) {
        RowData.FieldGetter getter = RowData.createFieldGetter(type, i);
        if (type.getTypeRoot() != LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
            return getter;
        }
        return row -> {
            TimestampData value = (TimestampData) getter.getFieldOrNull(row);
            return value == null ? null : value.toInstant();
        };
    }
}
