package io.tdflink.sink.entity;

import org.apache.flink.annotation.PublicEvolving;

/** Sink error codes, as the official connector numbers them. */
@PublicEvolving
public final class SinkErrorNumbers {
    /** No database name, or empty properties or field list. */
    public static final int ERROR_DB_NAME_NULL = 0xa010;
    /** Neither a supertable nor a table name. */
    public static final int ERROR_TABLE_NAME_NULL = 0xa011;
    public static final int ERROR_SQL_EXECUTION_NO_RESULTS = 0xa012;
    /** {@code value.deserializer} is missing or names no usable serializer. */
    public static final int ERROR_INVALID_VALUE_DESERIALIZER = 0xa013;
    /** A field that the target table does not have, or badly quoted. */
    public static final int ERROR_INVALID_SINK_FIELD_NAME = 0xa014;

    private SinkErrorNumbers() {}
}
