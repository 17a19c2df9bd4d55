//! Error codes: the connector's own (0xa0xx), the JDBC driver's (0x23xx) that the official
//! connector's users already know, and the TDengine server codes tdflink produces or inspects.
//!
//! Server codes travel on the wire as `code & 0xFFFF` (docs/protocol.md §11.2); we use that
//! 16-bit form everywhere so a code read from the wire compares equal to these constants.

// --- tdflink / official connector codes -------------------------------------------------
/// Bad connection parameter (malformed URL, unknown scheme, bad port, bad option value).
pub const CONNECTOR_BAD_CONNECTION_PARAMETER: i32 = 0xa000;
/// TMQ group id missing or invalid.
pub const CONNECTOR_TMQ_GROUP_ID: i32 = 0xa001;
/// TMQ topic missing or invalid.
pub const CONNECTOR_TMQ_TOPIC: i32 = 0xa002;
/// No converter (deserializer) was provided or it could not be used.
pub const CONNECTOR_CONVERT_NOT_PROVIDED: i32 = 0xa003;
/// Database name missing.
pub const CONNECTOR_DB_NAME_NULL: i32 = 0xa010;
/// Table name missing.
pub const CONNECTOR_TABLE_NAME_NULL: i32 = 0xa011;
/// A query produced no result set where one was required.
pub const CONNECTOR_SQL_EXECUTION_NO_RESULTS: i32 = 0xa012;
/// `value.deserializer` missing or not usable.
pub const CONNECTOR_INVALID_VALUE_DESERIALIZER: i32 = 0xa013;
/// A sink field name matches no column.
pub const CONNECTOR_INVALID_SINK_FIELD_NAME: i32 = 0xa014;

// --- JDBC driver codes (same numbers and meanings as taos-jdbcdriver) ----------------------
pub const DRIVER_CONNECTION_CLOSED: i32 = 0x2301;
pub const DRIVER_INVALID_VARIABLE: i32 = 0x2303;
/// A prepared statement that lived on a connection since lost.
pub const DRIVER_STATEMENT_CLOSED: i32 = 0x2304;
/// A result that lived on a connection since lost (it cannot be resumed on a new one).
pub const DRIVER_RESULTSET_CLOSED: i32 = 0x2305;
/// A JDBC column or parameter index outside 1..n.
pub const DRIVER_PARAMETER_INDEX_OUT_RANGE: i32 = 0x230d;
pub const DRIVER_UNKNOWN_SQL_TYPE: i32 = 0x230f;
pub const DRIVER_URL_NOT_SET: i32 = 0x2312;
pub const DRIVER_INVALID_SQL: i32 = 0x2313;
pub const DRIVER_NUMERIC_VALUE_OUT_OF_RANGE: i32 = 0x2314;
pub const DRIVER_UNKNOWN_TAOS_TYPE: i32 = 0x2315;
pub const DRIVER_UNKNOWN_TIMESTAMP_PRECISION: i32 = 0x2316;
pub const DRIVER_USER_IS_REQUIRED: i32 = 0x2319;
pub const DRIVER_PASSWORD_IS_REQUIRED: i32 = 0x231a;
pub const DRIVER_INVALID_JSON_FORMAT: i32 = 0x231b;
pub const DRIVER_CONNECTION_TIMEOUT: i32 = 0x231d;
pub const DRIVER_QUERY_TIMEOUT: i32 = 0x231e;
pub const DRIVER_TYPE_CONVERT_EXCEPTION: i32 = 0x2320;
pub const DRIVER_VERSION_INCOMPATIBLE: i32 = 0x2321;
pub const DRIVER_RESOURCE_FREED: i32 = 0x2322;
/// Unknown error; also what an internal failure (a Rust panic) is reported as.
pub const DRIVER_UNKNOWN: i32 = 0x2350;
pub const DRIVER_TMQ_CONSUMER_CREATE_ERROR: i32 = 0x2378;

// --- TDengine server / taosAdapter codes (16-bit wire form) --------------------------------
pub const SERVER_INVALID_PARAMETERS: i32 = 0x0118;
pub const SERVER_AUTH_FAILURE: i32 = 0x0357;
pub const SERVER_INVALID_USER: i32 = 0x0351;
pub const SERVER_DB_ALREADY_EXISTS: i32 = 0x0381;
pub const SERVER_DB_NOT_EXIST: i32 = 0x0388;
pub const SERVER_TABLE_ALREADY_EXISTS: i32 = 0x0603;
pub const SERVER_TABLE_NOT_EXIST_VNODE: i32 = 0x0618;
pub const SERVER_SYNTAX_ERROR: i32 = 0x2600;
pub const SERVER_INCOMPLETE_SQL: i32 = 0x2601;
pub const SERVER_INVALID_COLUMN: i32 = 0x2602;
pub const SERVER_TABLE_NOT_EXIST: i32 = 0x2603;
pub const SERVER_DB_NOT_SPECIFIED: i32 = 0x2616;
pub const SERVER_VALUE_OUT_OF_RANGE: i32 = 0x0224;
pub const SERVER_STMT_API_ERROR: i32 = 0x022A;
pub const SERVER_INTERNAL_ERROR: i32 = 0x0138;
pub const SERVER_DECIMAL_OVERFLOW: i32 = 0x013D;
/// `TSDB_CODE_TSC_INVALID_OPERATION`: a request the client-side parser rejects outright.
pub const SERVER_INVALID_OPERATION: i32 = 0x0200;
/// `TSDB_CODE_TSC_SQL_SYNTAX_ERROR`: how TDengine's INSERT parser reports a bad value.
pub const SERVER_INSERT_SYNTAX_ERROR: i32 = 0x0216;
pub const SERVER_STABLE_ALREADY_EXISTS: i32 = 0x0360;
pub const SERVER_STABLE_NOT_EXIST: i32 = 0x0362;
pub const SERVER_WRONG_VALUE_TYPE: i32 = 0x2605;
pub const SERVER_ILLEGAL_USE_AGG_FUNCTION: i32 = 0x2608;
pub const SERVER_WRONG_NUMBER_OF_SELECT: i32 = 0x2609;
pub const SERVER_GROUPBY_LACK_EXPRESSION: i32 = 0x260A;
pub const SERVER_NOT_SINGLE_GROUP: i32 = 0x260C;
pub const SERVER_TAGS_NOT_MATCHED: i32 = 0x260D;
pub const SERVER_INVALID_IDENTIFIER_NAME: i32 = 0x2617;
pub const SERVER_CORRESPONDING_STABLE_ERR: i32 = 0x2618;
pub const SERVER_AGG_FUNC_NESTING: i32 = 0x2627;
pub const SERVER_ONLY_ONE_JSON_TAG: i32 = 0x2633;
pub const SERVER_INCORRECT_TIMESTAMP_VALUE: i32 = 0x2635;
pub const SERVER_INVALID_DROP_STABLE: i32 = 0x263A;
pub const SERVER_DUPLICATED_COLUMN: i32 = 0x263C;
pub const SERVER_INVALID_COLUMNS_NUM: i32 = 0x263F;
pub const SERVER_INVALID_FIRST_COLUMN: i32 = 0x2641;
pub const SERVER_INVALID_VAR_COLUMN_LEN: i32 = 0x2642;
pub const SERVER_INVALID_COL_JSON: i32 = 0x2652;
pub const SERVER_VALUE_TOO_LONG: i32 = 0x2653;
pub const SERVER_INVALID_DELETE_WHERE: i32 = 0x2655;
pub const SERVER_INVALID_VARBINARY: i32 = 0x266A;
pub const SERVER_FUNCTION_PARAM_NUM: i32 = 0x2801;
pub const SERVER_FUNCTION_PARAM_TYPE: i32 = 0x2802;
pub const SERVER_TOPIC_ALREADY_EXISTS: i32 = 0x03E0;
pub const SERVER_TOPIC_NOT_EXIST: i32 = 0x03E1;
pub const SERVER_TOPIC_SUBSCRIBED: i32 = 0x03EB;
/// DROP CONSUMER GROUP while a consumer of the group is subscribed.
pub const SERVER_CGROUP_USED: i32 = 0x03EC;
/// DROP DATABASE or DROP STABLE of what a topic reads.
pub const SERVER_TOPIC_MUST_BE_DROPPED: i32 = 0x03ED;
/// TMQ: a seek or commit names a vgroup not assigned to this consumer.
pub const SERVER_TMQ_INVALID_VGID: i32 = 0x4008;
/// TMQ: a seek, commit or assignment names a topic this consumer does not subscribe.
pub const SERVER_TMQ_INVALID_TOPIC: i32 = 0x4009;
pub const SERVER_TMQ_NO_COMMITTED_OFFSET: i32 = 0x0A0D;
/// taosAdapter's generic protocol / validation error.
pub const ADAPTER_GENERIC: i32 = 0xFFFF;

/// The canonical message for a connector or driver code, `None` for codes owned by the server
/// (those always arrive with the server's own message).
pub fn canonical_message(code: i32) -> Option<&'static str> {
    Some(match code {
        CONNECTOR_BAD_CONNECTION_PARAMETER => "connection parameter error",
        CONNECTOR_TMQ_GROUP_ID => "tmq group id configuration error",
        CONNECTOR_TMQ_TOPIC => "tmq topic error",
        CONNECTOR_CONVERT_NOT_PROVIDED => "no converter provided",
        CONNECTOR_DB_NAME_NULL => "db name must be set",
        CONNECTOR_TABLE_NAME_NULL => "table name must be set",
        CONNECTOR_SQL_EXECUTION_NO_RESULTS => "no data was obtained",
        CONNECTOR_INVALID_VALUE_DESERIALIZER => "invalid serialization type",
        CONNECTOR_INVALID_SINK_FIELD_NAME => "invalid field name",
        DRIVER_CONNECTION_CLOSED => "connection already closed",
        DRIVER_INVALID_VARIABLE => "invalid variables",
        DRIVER_STATEMENT_CLOSED => "statement already closed",
        DRIVER_RESULTSET_CLOSED => "resultSet already closed",
        DRIVER_PARAMETER_INDEX_OUT_RANGE => "parameter index out of range",
        DRIVER_UNKNOWN_SQL_TYPE => "unknown sql type in tdengine",
        DRIVER_URL_NOT_SET => "url is not set",
        DRIVER_INVALID_SQL => "invalid sql",
        DRIVER_NUMERIC_VALUE_OUT_OF_RANGE => "numeric value out of range",
        DRIVER_UNKNOWN_TAOS_TYPE => "unknown taos type in tdengine",
        DRIVER_UNKNOWN_TIMESTAMP_PRECISION => "unknown timestamp precision",
        DRIVER_USER_IS_REQUIRED => "user is required",
        DRIVER_PASSWORD_IS_REQUIRED => "password is required",
        DRIVER_INVALID_JSON_FORMAT => "invalid json format",
        DRIVER_CONNECTION_TIMEOUT => "create connection with server timeout",
        DRIVER_QUERY_TIMEOUT => "query timeout",
        DRIVER_TYPE_CONVERT_EXCEPTION => "type convert exception",
        DRIVER_VERSION_INCOMPATIBLE => "TDengine version incompatible",
        DRIVER_RESOURCE_FREED => "resource has been freed",
        DRIVER_UNKNOWN => "unknown error",
        DRIVER_TMQ_CONSUMER_CREATE_ERROR => "consumer create error",
        _ => return None,
    })
}
