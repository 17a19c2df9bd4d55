package io.tdflink.sink.entity;

import io.tdflink.common.ErrorCodes;

import org.apache.flink.annotation.PublicEvolving;

/** Sink error codes, as the official connector numbers them. */
@PublicEvolving
public final class SinkErrorNumbers {
    /** No database name, or empty properties or field list. */
    public static final int ERROR_DB_NAME_NULL = ErrorCodes.CONNECTOR_DB_NAME_NULL;
    /** Neither a supertable nor a table name. */
    public static final int ERROR_TABLE_NAME_NULL = ErrorCodes.CONNECTOR_TABLE_NAME_NULL;

    public static final int ERROR_SQL_EXECUTION_NO_RESULTS = ErrorCodes.CONNECTOR_SQL_EXECUTION_NO_RESULTS;
    /** {@code value.deserializer} is missing or names no usable serializer. */
    public static final int ERROR_INVALID_VALUE_DESERIALIZER = ErrorCodes.CONNECTOR_INVALID_VALUE_DESERIALIZER;
    /** A field that the target table does not have, or badly quoted. */
    public static final int ERROR_INVALID_SINK_FIELD_NAME = ErrorCodes.CONNECTOR_INVALID_SINK_FIELD_NAME;

    private SinkErrorNumbers() {}
}
