package io.tdflink.sink.writer;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.common.ErrorCodes;
import io.tdflink.common.Identifiers;
import io.tdflink.common.TDengineException;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeQuery;
import io.tdflink.sink.entity.DataType;
import io.tdflink.sink.entity.SinkErrorNumbers;
import io.tdflink.sink.entity.SinkMetaInfo;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resolves a sink's field list against {@code DESCRIBE} of its target table. */
@Internal
public final class SinkTargets {
    private static final Pattern DECIMAL = Pattern.compile("(?i)DECIMAL\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");
    private static final int TBNAME_WIDTH = 192;

    private SinkTargets() {}

    /**
     * @param supertable whether {@code table} is a supertable (subtables named by {@code tbname})
     * @throws TDengineException 0xa014 for a field the table lacks, a badly quoted name, or a
     *     missing primary timestamp or {@code tbname}; the server's code if DESCRIBE fails
     */
    public static SinkTarget describe(
            ConnectionProperties connection,
            String database,
            String table,
            boolean supertable,
            List<String> fieldNames) {
        List<SinkMetaInfo> columns = describeTable(connection, database, table);
        List<SinkMetaInfo> fields = new ArrayList<>();
        int tbname = -1;
        for (int i = 0; i < fieldNames.size(); i++) {
            String name = fieldNames.get(i);
            if (name != null && name.trim().equalsIgnoreCase("tbname")) {
                if (!supertable) {
                    throw invalidField(
                            "tbname names subtables, so it needs a supertable target (super_table_name), not " + table);
                }
                tbname = i;
                fields.add(new SinkMetaInfo(false, DataType.DATA_TYPE_VARCHAR, "tbname", TBNAME_WIDTH));
            } else {
                fields.add(find(columns, name, database + "." + table));
            }
        }
        int timestamp = fields.indexOf(columns.get(0));
        if (timestamp < 0) {
            throw invalidField("the field list must include the primary timestamp column "
                    + columns.get(0).getFieldName() + " of " + database + "." + table);
        }
        if (supertable && tbname < 0) {
            throw invalidField("writing through supertable " + database + "." + table
                    + " needs a tbname field naming each row's subtable");
        }
        return new SinkTarget(database, table, supertable, fields, timestamp, tbname);
    }

    private static SinkMetaInfo find(List<SinkMetaInfo> columns, String spelled, String table) {
        String name = spelled == null ? "" : spelled.trim();
        boolean quoted = name.startsWith("`");
        if (quoted != (name.endsWith("`") && name.length() > 1)) {
            throw invalidField("field name " + spelled + " has an unmatched backtick");
        }
        String bare = quoted ? name.substring(1, name.length() - 1) : name;
        for (SinkMetaInfo column : columns) {
            // Unquoted identifiers are case-insensitive in TDengine; quoted ones are exact.
            if (quoted
                    ? column.getFieldName().equals(bare)
                    : column.getFieldName().equalsIgnoreCase(bare)) {
                return column;
            }
        }
        throw invalidField("table " + table + " has no column or tag " + spelled);
    }

    private static List<SinkMetaInfo> describeTable(ConnectionProperties connection, String database, String table) {
        List<SinkMetaInfo> columns = new ArrayList<>();
        String sql = "DESCRIBE " + Identifiers.qualifiedAsSpelled(database, table);
        try (NativeQuery query = NativeQuery.open(connection.url(), connection.properties(), sql)) {
            for (NativeBatchReader batch = query.next(); batch != null; batch = query.next()) {
                for (int row = 0; row < batch.rowCount(); row++) {
                    columns.add(column(
                            batch.getString(0, row),
                            batch.getString(1, row),
                            batch.getInt(2, row),
                            batch.getString(3, row)));
                }
            }
        }
        return columns;
    }

    private static SinkMetaInfo column(String name, String typeName, int length, String note) {
        DataType type = DataType.getDataType(typeName);
        if (type == null) {
            throw new TDengineException(
                    ErrorCodes.DRIVER_UNKNOWN_SQL_TYPE,
                    "column " + name + " has type " + typeName + ", which tdflink cannot write");
        }
        SinkMetaInfo column =
                new SinkMetaInfo("TAG".equalsIgnoreCase(note == null ? "" : note.trim()), type, name, length);
        Matcher decimal = DECIMAL.matcher(typeName);
        if (decimal.find()) {
            column.setPrecision(Integer.parseInt(decimal.group(1)));
            column.setScale(Integer.parseInt(decimal.group(2)));
        }
        return column;
    }

    private static TDengineException invalidField(String message) {
        return new TDengineException(SinkErrorNumbers.ERROR_INVALID_SINK_FIELD_NAME, message);
    }
}
