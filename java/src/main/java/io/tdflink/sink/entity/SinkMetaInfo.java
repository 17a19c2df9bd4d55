package io.tdflink.sink.entity;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * One field of the sink's field list, as {@code DESCRIBE} reports it: name, type, width and
 * whether it is a tag ({@code tbname} is a VARCHAR(192) pseudo column, not a tag).
 */
@PublicEvolving
public class SinkMetaInfo implements Serializable {
    private static final long serialVersionUID = 1L;

    private boolean isTag;
    private DataType fieldType;
    private String fieldName;
    private int length;
    private int precision;
    private int scale;

    public SinkMetaInfo() {}

    public SinkMetaInfo(boolean isTag, DataType fieldType, String fieldName, int length) {
        this.isTag = isTag;
        this.fieldType = fieldType;
        this.fieldName = fieldName;
        this.length = length;
    }

    public boolean isTag() {
        return isTag;
    }

    public void setTag(boolean tag) {
        isTag = tag;
    }

    public DataType getFieldType() {
        return fieldType;
    }

    public void setFieldType(DataType fieldType) {
        this.fieldType = fieldType;
    }

    public String getFieldName() {
        return fieldName;
    }

    public void setFieldName(String fieldName) {
        this.fieldName = fieldName;
    }

    /** Declared width: VARCHAR(n)/VARBINARY(n) bytes, NCHAR(n) characters; 0 for fixed types. */
    public int getLength() {
        return length;
    }

    public void setLength(int length) {
        this.length = length;
    }

    /** TIMESTAMP: the database precision (0 ms, 1 µs, 2 ns); DECIMAL: total digits. */
    public int getPrecision() {
        return precision;
    }

    public void setPrecision(int precision) {
        this.precision = precision;
    }

    /** DECIMAL digits after the point. */
    public int getScale() {
        return scale;
    }

    public void setScale(int scale) {
        this.scale = scale;
    }

    @Override
    public String toString() {
        return fieldName + " " + fieldType.getTypeName() + (isTag ? " TAG" : "");
    }
}
