package io.tdflink.common.typeutils;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.table.data.RowData;

/**
 * The type of the {@code RowData} the TDengine sources emit: rows of any shape, handled by
 * {@link GenericRowDataSerializer} instead of Kryo (the official connector's generic
 * {@code TypeInformation.of(RowData.class)} makes every hand-over between operators a deep
 * Kryo copy).
 */
@PublicEvolving
public final class GenericRowDataTypeInfo extends TypeInformation<RowData> {
    private static final long serialVersionUID = 1L;
    public static final GenericRowDataTypeInfo INSTANCE = new GenericRowDataTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<RowData> getTypeClass() {
        return RowData.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    /** Flink 2 calls this one. */
    @Override
    public TypeSerializer<RowData> createSerializer(SerializerConfig config) {
        return GenericRowDataSerializer.INSTANCE;
    }

    /** Flink 1.19 and 1.20 declare this one abstract. */
    public TypeSerializer<RowData> createSerializer(ExecutionConfig config) {
        return GenericRowDataSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "GenericRowData (tdflink)";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof GenericRowDataTypeInfo;
    }

    @Override
    public int hashCode() {
        return GenericRowDataTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof GenericRowDataTypeInfo;
    }
}
