package io.tdflink.source.reader;

import io.tdflink.common.data.BatchColumns;
import io.tdflink.common.data.TDengineRowData;
import io.tdflink.common.types.ColumnReader;
import io.tdflink.common.types.TDengineTypeMapping;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeColumn;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;

import java.time.ZoneId;
import java.util.List;

/**
 * Turns the rows of a native batch into {@link TDengineRowData} views in the query's column
 * order, each column as the Flink type it reads as by default ({@link
 * TDengineTypeMapping#defaultType}: the one type table), with no native call per row or field.
 * The batch is copied to the heap once ({@link BatchColumns}) and the readers are chosen once per
 * batch schema; a row is one small object reading its values from that copy. The bounded and
 * the CDC source build their rows here.
 *
 * <p>Time zones: a TIMESTAMP value is an instant. It becomes the wall-clock time of that
 * instant in {@code wallClockZone} ({@link io.tdflink.common.TimeZones#wallClockZone}: the
 * {@code timezone} property, else the JVM's zone as in the official connector).
 */
@Internal
public final class BatchRowDataConverter {
    private final ZoneId wallClockZone;
    private List<NativeColumn> boundSchema;
    private ColumnReader[] readers;

    public BatchRowDataConverter(ZoneId wallClockZone) {
        this.wallClockZone = wallClockZone;
    }

    /** Adds the rows of {@code batch} to {@code out}; they stay valid when the batch's buffer is reused. */
    public void convert(NativeBatchReader batch, List<RowData> out) {
        List<NativeColumn> schema = batch.schema();
        if (!schema.equals(boundSchema)) {
            readers = new ColumnReader[schema.size()];
            for (int c = 0; c < readers.length; c++) {
                readers[c] =
                        ColumnReader.of(schema.get(c), TDengineTypeMapping.defaultType(schema.get(c)), wallClockZone);
            }
            boundSchema = schema;
        }
        BatchColumns columns = new BatchColumns(batch, readers);
        for (int row = 0; row < batch.rowCount(); row++) {
            out.add(new TDengineRowData(columns, row));
        }
    }
}
