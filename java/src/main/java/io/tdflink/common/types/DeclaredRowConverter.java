package io.tdflink.common.types;

import io.tdflink.common.ErrorCodes;
import io.tdflink.common.TDengineException;
import io.tdflink.common.TimeZones;
import io.tdflink.common.data.TDengineRowData;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeColumn;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of native batches in a declared Flink schema: each declared field is matched by name to a
 * result column (exactly, else ignoring case, as TDengine's unquoted names) and read as its
 * declared type. The binding is made once per batch schema, not per row.
 */
@Internal
public final class DeclaredRowConverter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> names;
    private final List<LogicalType> types;
    private final String timezone;
    private final int extraFields;

    private transient List<NativeColumn> boundSchema;
    private transient int[] columns;
    private transient ColumnReader[] readers;

    /**
     * @param rowType the declared fields
     * @param timezone the {@code timezone} option (null: the JVM's zone), see {@link TimeZones}
     * @param extraFields trailing fields left for the caller (metadata), after the declared ones
     */
    public DeclaredRowConverter(RowType rowType, String timezone, int extraFields) {
        this.names = new ArrayList<>(rowType.getFieldNames());
        this.types = new ArrayList<>(rowType.getChildren());
        this.timezone = timezone;
        this.extraFields = extraFields;
        TimeZones.wallClockZone(timezone); // a bad zone fails when the job is built
    }

    /**
     * Why the columns of {@code schema} cannot fill the declared fields, or {@code null}: a
     * field with no column of its name, or a type that would lose data, named.
     */
    public String problem(List<NativeColumn> schema) {
        for (int f = 0; f < names.size(); f++) {
            int c = indexOf(schema, names.get(f));
            if (c < 0) {
                return "column " + names.get(f) + " is not in the result (it has " + columnNames(schema) + ")";
            }
            String typeProblem = TDengineTypeMapping.readProblem(schema.get(c), types.get(f));
            if (typeProblem != null) {
                return "column " + names.get(f) + " is " + schema.get(c).type() + " in TDengine, declared "
                        + types.get(f).asSummaryString() + ": " + typeProblem;
            }
        }
        return null;
    }

    /**
     * Converts row {@code row} of {@code batch}; the extra fields are left null. A
     * {@link TDengineRowData}, so jobs reading a text column with {@code getBinary}, as the
     * official connector's rows allow, work on SQL tables too.
     */
    public TDengineRowData convert(NativeBatchReader batch, int row) {
        bind(batch.schema());
        TDengineRowData out = new TDengineRowData(names.size() + extraFields);
        for (int f = 0; f < readers.length; f++) {
            int c = columns[f];
            out.setField(f, batch.isNull(c, row) ? null : readers[f].read(batch, c, row));
        }
        return out;
    }

    private void bind(List<NativeColumn> schema) {
        // One schema list per batch: compared by identity per row, by value once per batch.
        if (schema == boundSchema) {
            return;
        }
        if (schema.equals(boundSchema)) {
            boundSchema = schema;
            return;
        }
        String problem = problem(schema);
        if (problem != null) {
            throw new TDengineException(ErrorCodes.CONNECTOR_INVALID_SINK_FIELD_NAME, problem);
        }
        ZoneId zone = TimeZones.wallClockZone(timezone);
        columns = new int[names.size()];
        readers = new ColumnReader[names.size()];
        for (int f = 0; f < names.size(); f++) {
            columns[f] = indexOf(schema, names.get(f));
            readers[f] = ColumnReader.of(schema.get(columns[f]), types.get(f), zone);
        }
        boundSchema = schema;
    }

    /** The column a declared field reads: the same name, else the same ignoring case; -1 when none. */
    public static int indexOf(List<NativeColumn> schema, String name) {
        for (int c = 0; c < schema.size(); c++) {
            if (schema.get(c).name().equals(name)) {
                return c;
            }
        }
        for (int c = 0; c < schema.size(); c++) {
            if (schema.get(c).name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        return -1;
    }

    private static List<String> columnNames(List<NativeColumn> schema) {
        List<String> out = new ArrayList<>();
        schema.forEach(c -> out.add(c.name()));
        return out;
    }
}
