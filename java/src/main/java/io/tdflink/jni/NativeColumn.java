package io.tdflink.jni;

import io.tdflink.common.TDengineDataType;

import org.apache.flink.annotation.Internal;

import java.util.Objects;

/** One column of a native batch schema (docs/native-batch-layout.md). */
@Internal
public final class NativeColumn {
    private final String name;
    private final TDengineDataType type;
    private final int precision;
    private final int scale;
    private final int bytes;

    /**
     * @param precision TIMESTAMP: 0 ms, 1 µs, 2 ns; DECIMAL: digits; otherwise 0
     * @param scale DECIMAL digits after the point; otherwise 0
     * @param bytes declared width (informational)
     */
    public NativeColumn(String name, TDengineDataType type, int precision, int scale, int bytes) {
        this.name = Objects.requireNonNull(name);
        this.type = Objects.requireNonNull(type);
        this.precision = precision;
        this.scale = scale;
        this.bytes = bytes;
    }

    public static NativeColumn of(String name, TDengineDataType type) {
        return new NativeColumn(name, type, 0, 0, Math.max(type.fixedSize(), 0));
    }

    public String name() {
        return name;
    }

    public TDengineDataType type() {
        return type;
    }

    public int precision() {
        return precision;
    }

    public int scale() {
        return scale;
    }

    public int bytes() {
        return bytes;
    }

    /** Bytes per value in a batch, or -1 if variable-width (DECIMAL travels as a string). */
    public int valueWidth() {
        return type == TDengineDataType.DECIMAL || type == TDengineDataType.DECIMAL64 ? -1 : type.fixedSize();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NativeColumn)) {
            return false;
        }
        NativeColumn c = (NativeColumn) o;
        return name.equals(c.name)
                && type == c.type
                && precision == c.precision
                && scale == c.scale
                && bytes == c.bytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, precision, scale, bytes);
    }

    @Override
    public String toString() {
        return name + " " + type + (precision != 0 || scale != 0 ? "(" + precision + "," + scale + ")" : "");
    }
}
