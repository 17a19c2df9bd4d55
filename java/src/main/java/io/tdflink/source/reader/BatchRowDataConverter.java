package io.tdflink.source.reader;

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
 * Turns the rows of a native batch into {@link TDengineRowData} in the query's column order, each
 * column as the Flink type it reads as by default ({@link TDengineTypeMapping#defaultType}: the
 * one type table), with no native call per row or field. The readers are chosen once per batch
 * schema. The bounded and the CDC source build their rows here.
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

    /** Converts row {@code row} of {@code batch}. */
    public RowData convert(NativeBatchReader batch, int row) {
        List<NativeColumn> schema = batch.schema();
        // One schema list per batch: compared by identity per row, by value once per batch.
        if (schema != boundSchema) {
            if (!schema.equals(boundSchema)) {
                readers = new ColumnReader[schema.size()];
                for (int c = 0; c < readers.length; c++) {
                    readers[c] = ColumnReader.of(
                            schema.get(c), TDengineTypeMapping.defaultType(schema.get(c)), wallClockZone);
                }
            }
            boundSchema = schema;
        }
        TDengineRowData out = new TDengineRowData(readers.length);
        for (int c = 0; c < readers.length; c++) {
            out.setField(c, batch.isNull(c, row) ? null : readers[c].read(batch, c, row));
        }
        return out;
    }
}
