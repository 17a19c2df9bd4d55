package io.tdflink.table.query;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.common.ErrorCodes;
import io.tdflink.common.Identifiers;
import io.tdflink.common.TDengineDataType;
import io.tdflink.common.TDengineException;
import io.tdflink.common.TimeZones;
import io.tdflink.common.types.DeclaredRowConverter;
import io.tdflink.common.types.TDengineTypeMapping;
import io.tdflink.jni.NativeColumn;
import io.tdflink.jni.NativeQuery;

import org.apache.flink.annotation.Internal;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TDengine columns behind a source table's declared fields. Planning never talks to the
 * server (a job is built where the native library may not load); this is described where the
 * scan or the lookup starts, on the cluster: the table's query is DESCRIBEd once, each declared
 * field matched to its column (the same name, else ignoring case) and checked to read without
 * loss, and the SQL is written with the columns' own spelling, as backticks keep case.
 */
@Internal
public final class ScanColumns {

    private final Map<String, NativeColumn> columns;
    private final Map<String, LogicalType> declared;
    private final ZoneId wallClockZone;

    public ScanColumns(Map<String, NativeColumn> columns, Map<String, LogicalType> declared, ZoneId wallClockZone) {
        this.columns = columns;
        this.declared = declared;
        this.wallClockZone = wallClockZone;
    }

    /** What to DESCRIBE: the table's query and its declared fields, as planned. */
    public static final class Source implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String describedSql;
        private final boolean withTbname;
        private final RowType declared;
        private final String timezone;

        /**
         * @param describedSql the query whose result columns the fields read
         * @param withTbname whether a table is scanned (its {@code tbname} is readable too)
         * @param timezone the {@code timezone} option (null: the JVM's zone)
         */
        public Source(String describedSql, boolean withTbname, RowType declared, String timezone) {
            this.describedSql = describedSql;
            this.withTbname = withTbname;
            this.declared = declared;
            this.timezone = timezone;
        }

        /**
         * @throws SuppressRestartsException around a TDengineException 0xa014 for a field the
         *     result lacks or a declared type that would lose data: no restart mends a table's
         *     declaration
         * @throws TDengineException the server's error (unknown table, wrong password, no connection)
         */
        public ScanColumns describe(ConnectionProperties connection) {
            List<NativeColumn> result =
                    new ArrayList<>(NativeQuery.describe(connection.url(), connection.properties(), describedSql)
                            .schema());
            if (withTbname) {
                result.add(new NativeColumn(
                        Identifiers.TBNAME, TDengineDataType.VARCHAR, 0, 0, TDengineTypeMapping.TBNAME_WIDTH));
            }
            return of(result);
        }

        /** The declared fields matched to {@code result}, the described columns. */
        public ScanColumns of(List<NativeColumn> result) {
            String problem = new DeclaredRowConverter(declared, timezone, 0).problem(result);
            if (problem != null) {
                throw new SuppressRestartsException(new TDengineException(
                        ErrorCodes.CONNECTOR_INVALID_SINK_FIELD_NAME, "TDengine source table: " + problem));
            }
            Map<String, NativeColumn> columns = new HashMap<>();
            Map<String, LogicalType> types = new HashMap<>();
            for (int f = 0; f < declared.getFieldCount(); f++) {
                String field = declared.getFieldNames().get(f);
                columns.put(field, result.get(DeclaredRowConverter.indexOf(result, field)));
                types.put(field, declared.getTypeAt(f));
            }
            return new ScanColumns(columns, types, TimeZones.wallClockZone(timezone));
        }
    }

    public NativeColumn column(String field) {
        return columns.get(field);
    }

    /** The column behind {@code field} as SQL. */
    public String quoted(String field) {
        return Identifiers.quote(columns.get(field).name());
    }

    /**
     * The binding of values compared with {@code field}.
     *
     * @throws TDengineException 0xa014 when the column takes no bound value (a JSON tag read as text)
     */
    public ColumnBinding binding(String field) {
        NativeColumn column = columns.get(field);
        return ColumnBinding.of(declared.get(field), column)
                .orElseThrow(
                        () -> new TDengineException(
                                ErrorCodes.CONNECTOR_INVALID_SINK_FIELD_NAME,
                                "column " + field + " is " + column.type()
                                        + " in TDengine, which compares with no bound value: set 'scan.filter.push-down.enabled' = 'false' or filter on another column"));
    }

    public ZoneId wallClockZone() {
        return wallClockZone;
    }
}
