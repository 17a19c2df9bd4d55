package io.tdflink.common;

import org.apache.flink.annotation.PublicEvolving;

/**
 * The error codes a {@link TDengineException} carries, named as Rust names them
 * ({@code rust/protocol/src/codes.rs}, which {@code ErrorCodesTest} checks this against): the
 * connector's own (0xa0xx, the official connector's numbers), the JDBC driver's (0x23xx), and
 * the server codes the Java side raises or inspects (16-bit wire form). Server codes otherwise
 * pass through unchanged with the server's message.
 */
@PublicEvolving
public final class ErrorCodes {
    // The connector's own.
    /** Bad connection parameter (malformed URL, unknown scheme, bad port, bad option value). */
    public static final int CONNECTOR_BAD_CONNECTION_PARAMETER = 0xa000;
    /** TMQ group id missing or invalid. */
    public static final int CONNECTOR_TMQ_GROUP_ID = 0xa001;
    /** TMQ topic missing or invalid. */
    public static final int CONNECTOR_TMQ_TOPIC = 0xa002;
    /** No converter (deserializer) was provided or it could not be used. */
    public static final int CONNECTOR_CONVERT_NOT_PROVIDED = 0xa003;
    /** Database name missing. */
    public static final int CONNECTOR_DB_NAME_NULL = 0xa010;
    /** Table name missing. */
    public static final int CONNECTOR_TABLE_NAME_NULL = 0xa011;
    /** A query produced no result set where one was required. */
    public static final int CONNECTOR_SQL_EXECUTION_NO_RESULTS = 0xa012;
    /** value.deserializer missing or not usable. */
    public static final int CONNECTOR_INVALID_VALUE_DESERIALIZER = 0xa013;
    /** A sink field name matches no column. */
    public static final int CONNECTOR_INVALID_SINK_FIELD_NAME = 0xa014;

    // The JDBC driver's (same numbers and meanings as taos-jdbcdriver).
    public static final int DRIVER_CONNECTION_CLOSED = 0x2301;
    public static final int DRIVER_INVALID_VARIABLE = 0x2303;
    /** A prepared statement that lived on a connection since lost. */
    public static final int DRIVER_STATEMENT_CLOSED = 0x2304;
    /** A result that lived on a connection since lost (it cannot be resumed on a new one). */
    public static final int DRIVER_RESULTSET_CLOSED = 0x2305;
    /** A JDBC column or parameter index outside 1..n. */
    public static final int DRIVER_PARAMETER_INDEX_OUT_RANGE = 0x230d;

    public static final int DRIVER_UNKNOWN_SQL_TYPE = 0x230f;
    public static final int DRIVER_URL_NOT_SET = 0x2312;
    public static final int DRIVER_INVALID_SQL = 0x2313;
    public static final int DRIVER_NUMERIC_VALUE_OUT_OF_RANGE = 0x2314;
    public static final int DRIVER_UNKNOWN_TAOS_TYPE = 0x2315;
    public static final int DRIVER_UNKNOWN_TIMESTAMP_PRECISION = 0x2316;
    public static final int DRIVER_USER_IS_REQUIRED = 0x2319;
    public static final int DRIVER_PASSWORD_IS_REQUIRED = 0x231a;
    public static final int DRIVER_INVALID_JSON_FORMAT = 0x231b;
    public static final int DRIVER_CONNECTION_TIMEOUT = 0x231d;
    public static final int DRIVER_QUERY_TIMEOUT = 0x231e;
    public static final int DRIVER_TYPE_CONVERT_EXCEPTION = 0x2320;
    public static final int DRIVER_VERSION_INCOMPATIBLE = 0x2321;
    public static final int DRIVER_RESOURCE_FREED = 0x2322;
    /** Unknown error; also what an internal failure (a Rust panic) is reported as. */
    public static final int DRIVER_UNKNOWN = 0x2350;

    public static final int DRIVER_TMQ_CONSUMER_CREATE_ERROR = 0x2378;

    // TDengine server codes (16-bit wire form).
    /** TMQ: a seek or commit names a vgroup not assigned to this consumer. */
    public static final int SERVER_TMQ_INVALID_VGID = 0x4008;

    private ErrorCodes() {}
}
