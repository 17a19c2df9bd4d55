package io.tdflink.common.jdbc;

import io.tdflink.common.TDengineDataType;
import io.tdflink.jni.NativeBatchReader;

import org.apache.flink.annotation.Internal;

/**
 * The cells every output form reads alike: BOOL, the integer and the floating-point types,
 * boxed. Unsigned types are widened so no value turns negative: TINYINT UNSIGNED → Short,
 * SMALLINT UNSIGNED → Integer, INT UNSIGNED → Long (BIGINT UNSIGNED differs per form).
 */
@Internal
final class NumericValues {
    private NumericValues() {}

    /** The non-NULL cell at ({@code c}, {@code row}), or {@code null} when {@code type} is not one of these. */
    static Object read(NativeBatchReader batch, TDengineDataType type, int c, int row) {
        switch (type) {
            case BOOL:
                return batch.getBoolean(c, row);
            case TINYINT:
                return batch.getByte(c, row);
            case SMALLINT:
                return batch.getShort(c, row);
            case INT:
                return batch.getInt(c, row);
            case BIGINT:
                return batch.getLong(c, row);
            case TINYINT_UNSIGNED:
                return (short) Byte.toUnsignedInt(batch.getByte(c, row));
            case SMALLINT_UNSIGNED:
                return Short.toUnsignedInt(batch.getShort(c, row));
            case INT_UNSIGNED:
                return Integer.toUnsignedLong(batch.getInt(c, row));
            case FLOAT:
                return batch.getFloat(c, row);
            case DOUBLE:
                return batch.getDouble(c, row);
            default:
                return null;
        }
    }
}
