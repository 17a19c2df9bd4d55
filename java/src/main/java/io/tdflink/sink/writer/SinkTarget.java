package io.tdflink.sink.writer;

import io.tdflink.sink.entity.SinkMetaInfo;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a sink writes: the database, the table (a supertable, whose subtables are named by
 * the {@code tbname} field, or one subtable or normal table) and the sink's fields as the
 * target describes them, in field-list order.
 */
@Internal
public final class SinkTarget implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String database;
    private final String table;
    private final boolean supertable;
    private final List<SinkMetaInfo> fields;
    private final int timestampField;
    private final int tbnameField;

    SinkTarget(
            String database,
            String table,
            boolean supertable,
            List<SinkMetaInfo> fields,
            int timestampField,
            int tbnameField) {
        this.database = database;
        this.table = table;
        this.supertable = supertable;
        this.fields = new ArrayList<>(fields);
        this.timestampField = timestampField;
        this.tbnameField = tbnameField;
    }

    public List<SinkMetaInfo> fields() {
        return fields;
    }

    /** {@code db.table}, for messages. */
    public String displayName() {
        return database + "." + table;
    }

    public int timestampField() {
        return timestampField;
    }

    int tbnameField() {
        return tbnameField;
    }

    /** The description the native writer takes. */
    Map<String, Object> toNative() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            Map<String, Object> field = new LinkedHashMap<>();
            // The column's own name (DESCRIBE), written quoted: exact whatever the user's case.
            field.put("name", i == tbnameField ? "tbname" : fields.get(i).getFieldName());
            field.put("role", i == tbnameField ? "tbname" : fields.get(i).isTag() ? "tag" : "column");
            list.add(field);
        }
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("database", database);
        target.put("table", table);
        target.put("supertable", supertable);
        target.put("fields", list);
        target.put("timestampField", timestampField);
        return target;
    }
}
