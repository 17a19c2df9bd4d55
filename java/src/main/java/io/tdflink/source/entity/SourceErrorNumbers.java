package io.tdflink.source.entity;

import io.tdflink.common.ErrorCodes;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Source error codes, as the official connector declares them. Unlike there, tdflink throws
 * them (in a {@link io.tdflink.common.TDengineException}).
 */
@PublicEvolving
public final class SourceErrorNumbers {
    /** A bad URL or connection property. */
    public static final int ERROR_SERVER_ADDRESS = ErrorCodes.CONNECTOR_BAD_CONNECTION_PARAMETER;
    /** CDC: the group id is missing or invalid. */
    public static final int ERROR_TMQ_GROUP_ID_CONFIGURATION = ErrorCodes.CONNECTOR_TMQ_GROUP_ID;
    /** CDC: the topic is missing or invalid. */
    public static final int ERROR_TMQ_TOPIC = ErrorCodes.CONNECTOR_TMQ_TOPIC;
    /** No {@code value.deserializer} was given. */
    public static final int ERROR_CONVERT_NOT_PROVIDED = ErrorCodes.CONNECTOR_CONVERT_NOT_PROVIDED;
    /** The {@code value.deserializer} class cannot be loaded or is of the wrong kind. */
    public static final int ERROR_INVALID_VALUE_DESERIALIZER = ErrorCodes.CONNECTOR_INVALID_VALUE_DESERIALIZER;

    private SourceErrorNumbers() {}
}
