package io.tdflink.common.typeutils;

import io.tdflink.common.data.TDengineRowData;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.types.RowKind;

import java.io.IOException;

/**
 * Serializes the rows the TDengine sources emit ({@link TDengineRowData}) and user-built
 * {@link GenericRowData} without knowing their schema: each field carries a one-byte tag for its
 * class. It replaces Flink's generic (Kryo) handling of {@code RowData}, which deep-copied every
 * row between chained operators and was the largest cost of a read. Fields hold only immutable
 * values (boxed primitives, StringData, TimestampData, DecimalData) or {@code byte[]}, so a copy
 * shares all but the byte arrays ({@link TDengineRowData#copy}; a source row's copy shares its
 * immutable batch). A row comes back as the class it was.
 */
@Internal
public final class GenericRowDataSerializer extends TypeSerializerSingleton<RowData> {
    private static final long serialVersionUID = 1L;
    public static final GenericRowDataSerializer INSTANCE = new GenericRowDataSerializer();

    private static final byte NULL = 0;
    private static final byte BOOLEAN = 1;
    private static final byte BYTE = 2;
    private static final byte SHORT = 3;
    private static final byte INT = 4;
    private static final byte LONG = 5;
    private static final byte FLOAT = 6;
    private static final byte DOUBLE = 7;
    private static final byte STRING = 8;
    private static final byte TIMESTAMP = 9;
    private static final byte DECIMAL = 10;
    private static final byte BYTES = 11;
    /**
     * Set in a row's leading kind byte for a {@link TDengineRowData}. Rows written before that
     * class existed have it clear and read back as they were written, as GenericRowData.
     */
    private static final int TDENGINE_ROW = 0x80;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public RowData createInstance() {
        return new GenericRowData(0);
    }

    @Override
    public RowData copy(RowData from) {
        if (isTDengineRow(from)) {
            return ((TDengineRowData) from).copy(); // a view's copy shares its immutable batch copy
        }
        GenericRowData row = (GenericRowData) from;
        GenericRowData copy = new GenericRowData(row.getRowKind(), row.getArity());
        for (int i = 0; i < row.getArity(); i++) {
            Object field = row.getField(i);
            copy.setField(i, field instanceof byte[] ? ((byte[]) field).clone() : field);
        }
        return copy;
    }

    @Override
    public RowData copy(RowData from, RowData reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(RowData record, DataOutputView target) throws IOException {
        target.writeByte(record.getRowKind().toByteValue() | (isTDengineRow(record) ? TDENGINE_ROW : 0));
        target.writeInt(record.getArity());
        for (int i = 0; i < record.getArity(); i++) {
            writeField(field(record, i), target);
        }
    }

    private static void writeField(Object field, DataOutputView out) throws IOException {
        if (field == null) {
            out.writeByte(NULL);
        } else if (field instanceof Boolean) {
            out.writeByte(BOOLEAN);
            out.writeBoolean((Boolean) field);
        } else if (field instanceof Byte) {
            out.writeByte(BYTE);
            out.writeByte((Byte) field);
        } else if (field instanceof Short) {
            out.writeByte(SHORT);
            out.writeShort((Short) field);
        } else if (field instanceof Integer) {
            out.writeByte(INT);
            out.writeInt((Integer) field);
        } else if (field instanceof Long) {
            out.writeByte(LONG);
            out.writeLong((Long) field);
        } else if (field instanceof Float) {
            out.writeByte(FLOAT);
            out.writeFloat((Float) field);
        } else if (field instanceof Double) {
            out.writeByte(DOUBLE);
            out.writeDouble((Double) field);
        } else if (field instanceof StringData) {
            out.writeByte(STRING);
            writeBytes(((StringData) field).toBytes(), out);
        } else if (field instanceof TimestampData) {
            TimestampData ts = (TimestampData) field;
            out.writeByte(TIMESTAMP);
            out.writeLong(ts.getMillisecond());
            out.writeInt(ts.getNanoOfMillisecond());
        } else if (field instanceof DecimalData) {
            DecimalData decimal = (DecimalData) field;
            out.writeByte(DECIMAL);
            out.writeByte(decimal.precision());
            out.writeByte(decimal.scale());
            writeBytes(decimal.toUnscaledBytes(), out);
        } else if (field instanceof byte[]) {
            out.writeByte(BYTES);
            writeBytes((byte[]) field, out);
        } else {
            throw new IOException("GenericRowDataSerializer cannot write a field of "
                    + field.getClass().getName());
        }
    }

    @Override
    public RowData deserialize(DataInputView source) throws IOException {
        int header = source.readUnsignedByte();
        RowData row = newRow(
                (header & TDENGINE_ROW) != 0, RowKind.fromByteValue((byte) (header & ~TDENGINE_ROW)), source.readInt());
        for (int i = 0; i < row.getArity(); i++) {
            setField(row, i, readField(source));
        }
        return row;
    }

    private static Object readField(DataInputView in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case NULL:
                return null;
            case BOOLEAN:
                return in.readBoolean();
            case BYTE:
                return in.readByte();
            case SHORT:
                return in.readShort();
            case INT:
                return in.readInt();
            case LONG:
                return in.readLong();
            case FLOAT:
                return in.readFloat();
            case DOUBLE:
                return in.readDouble();
            case STRING:
                return StringData.fromBytes(readBytes(in));
            case TIMESTAMP:
                return TimestampData.fromEpochMillis(in.readLong(), in.readInt());
            case DECIMAL:
                int precision = in.readByte();
                int scale = in.readByte();
                return DecimalData.fromUnscaledBytes(readBytes(in), precision, scale);
            case BYTES:
                return readBytes(in);
            default:
                throw new IOException("unknown GenericRowDataSerializer field tag " + tag);
        }
    }

    @Override
    public RowData deserialize(RowData reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<RowData> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Whether {@code row} is a TDengineRowData, else a GenericRowData; any other row is refused. */
    private static boolean isTDengineRow(RowData row) {
        if (row instanceof TDengineRowData) {
            return true;
        }
        if (row instanceof GenericRowData) {
            return false;
        }
        throw new IllegalArgumentException(
                "GenericRowDataSerializer handles the TDengine sources' rows and GenericRowData, got "
                        + row.getClass().getName() + ": declare the type of RowData your operator produces");
    }

    private static RowData newRow(boolean tdengineRow, RowKind kind, int arity) {
        return tdengineRow ? new TDengineRowData(kind, arity) : new GenericRowData(kind, arity);
    }

    private static Object field(RowData row, int pos) {
        return row instanceof TDengineRowData
                ? ((TDengineRowData) row).getField(pos)
                : ((GenericRowData) row).getField(pos);
    }

    private static void setField(RowData row, int pos, Object value) {
        if (row instanceof TDengineRowData) {
            ((TDengineRowData) row).setField(pos, value);
        } else {
            ((GenericRowData) row).setField(pos, value);
        }
    }

    private static void writeBytes(byte[] bytes, DataOutputView out) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputView in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }

    /** Restores the serializer from checkpoints and savepoints; it has no configuration. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RowData> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
