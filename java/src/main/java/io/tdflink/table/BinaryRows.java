package io.tdflink.table;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;

import java.io.Serializable;

/**
 * A SQL table's rows as {@link BinaryRowData}, as the official connector emits them. The
 * planner types them {@code InternalTypeInfo}, whose serializer copies any other row into a
 * {@code GenericRowData} between chained operators, where a text field no longer answers
 * {@code getBinary}; a binary row stays binary. One per reader: the serializer reuses its buffer.
 */
@Internal
final class BinaryRows implements Serializable {
    private static final long serialVersionUID = 1L;
    private final RowDataSerializer serializer;

    BinaryRows(RowType type) {
        this.serializer = new RowDataSerializer(type);
    }

    BinaryRowData of(RowData row) {
        return serializer.toBinaryRow(row).copy();
    }
}
