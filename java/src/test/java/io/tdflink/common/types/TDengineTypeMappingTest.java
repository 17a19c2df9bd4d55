package io.tdflink.common.types;

import io.tdflink.common.TDengineDataType;
import io.tdflink.jni.NativeColumn;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.DataType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inverse mapping: the TDengine type a Flink column is created with, and back. */
class TDengineTypeMappingTest {
    private static String created(DataType type) {
        return TDengineTypeMapping.createType("c", type.getLogicalType());
    }

    @Test
    void everyStorableTypeHasItsTDengineType() {
        assertEquals("BOOL", created(DataTypes.BOOLEAN()));
        assertEquals("TINYINT", created(DataTypes.TINYINT()));
        assertEquals("SMALLINT", created(DataTypes.SMALLINT()));
        assertEquals("INT", created(DataTypes.INT()));
        assertEquals("BIGINT", created(DataTypes.BIGINT().notNull()));
        assertEquals("FLOAT", created(DataTypes.FLOAT()));
        assertEquals("DOUBLE", created(DataTypes.DOUBLE()));
        assertEquals("DECIMAL(20,4)", created(DataTypes.DECIMAL(20, 4)));
        assertEquals("VARCHAR(12)", created(DataTypes.VARCHAR(12)));
        assertEquals("VARCHAR(3)", created(DataTypes.CHAR(3)));
        assertEquals("VARCHAR(" + TDengineTypeMapping.DEFAULT_TEXT_WIDTH + ")", created(DataTypes.STRING()));
        assertEquals("VARBINARY(16)", created(DataTypes.VARBINARY(16)));
        assertEquals("VARBINARY(4)", created(DataTypes.BINARY(4)));
        assertEquals("VARBINARY(" + TDengineTypeMapping.DEFAULT_TEXT_WIDTH + ")", created(DataTypes.BYTES()));
        assertEquals("TIMESTAMP", created(DataTypes.TIMESTAMP(9)));
        assertEquals("TIMESTAMP", created(DataTypes.TIMESTAMP_LTZ(3)));
        assertEquals("VARCHAR(65517)", created(DataTypes.VARCHAR(65517)));
    }

    @Test
    void otherTypesAndOverlongTextAreRefusedNamingTheColumn() {
        for (DataType type : new DataType[] {
            DataTypes.DATE(),
            DataTypes.TIME(),
            DataTypes.ARRAY(DataTypes.INT()),
            DataTypes.VARCHAR(65518),
            DataTypes.MAP(DataTypes.INT(), DataTypes.INT()),
            DataTypes.ROW(DataTypes.FIELD("x", DataTypes.INT()))
        }) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> created(type), type.toString());
            assertTrue(e.getMessage().startsWith("column c has type "), e.getMessage());
        }
    }

    @Test
    void createdTypesReadBackAsDeclared() {
        assertEquals(
                DataTypes.VARCHAR(12).getLogicalType(),
                TDengineTypeMapping.defaultType(new NativeColumn("c", TDengineDataType.VARCHAR, 0, 0, 12)));
        assertEquals(
                DataTypes.DECIMAL(20, 4).getLogicalType(),
                TDengineTypeMapping.defaultType(new NativeColumn("c", TDengineDataType.DECIMAL, 20, 4, 16)));
        assertEquals(
                DataTypes.TIMESTAMP(6).getLogicalType(),
                TDengineTypeMapping.defaultType(new NativeColumn("c", TDengineDataType.TIMESTAMP, 1, 0, 8)));
    }
}
