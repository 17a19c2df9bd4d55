package io.tdflink.common;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Property keys of {@code TDengineSource} and {@code TDengineSink}, spelled as the official
 * connector's {@code com.taosdata.flink.common.TDengineConfigParams}. The official class
 * extends the JDBC driver's {@code TSDBDriver} to inherit its keys; this one declares them
 * itself, with the same names and strings, so jobs port by changing the import only.
 */
@PublicEvolving
public class TDengineConfigParams {
    // The connector's own keys.
    /** {@code RowData}, or the class name of a custom (de)serializer. Required. */
    public static final String VALUE_DESERIALIZER = "value.deserializer";
    /** Sink in batch mode only: {@code tdengine_source} or {@code tdengine_cdc}. */
    public static final String TD_SOURCE_TYPE = "td.source.type";
    /** Source: emit {@code SourceRecords} batches. Sink: the input elements are batches. */
    public static final String TD_BATCH_MODE = "td.batch.mode";
    /** {@code jdbc:TAOS-WS://host:port/db?user=..&password=..}. */
    public static final String TD_JDBC_URL = "url";

    public static final String TD_SUPERTABLE_NAME = "super_table_name";
    public static final String TD_TABLE_NAME = "table_name";
    /** Source: rows per {@code SourceRecords} batch (default 2000). Sink: rows per write. */
    public static final String TD_BATCH_SIZE = "batch.size";
    /** Accepted for compatibility: tdflink always writes through stmt2. */
    public static final String TD_STMT2_VERSION = "stmt2.version";
    /** A PEM file of CA certificates trusted for {@code useSSL} besides the system store (tdflink's own). */
    public static final String PROPERTY_KEY_SSL_CA_FILE = "sslCaFile";

    // The JDBC driver's keys (TSDBDriver), which users reference through this class.
    public static final String PROPERTY_KEY_PRODUCT_NAME = "productName";
    public static final String PROPERTY_KEY_HOST = "host";
    public static final String PROPERTY_KEY_PORT = "port";
    public static final String PROPERTY_KEY_ENDPOINTS = "endpoints";
    public static final String PROPERTY_KEY_DBNAME = "dbname";
    public static final String PROPERTY_KEY_USER = "user";
    public static final String PROPERTY_KEY_PASSWORD = "password";
    public static final String PROPERTY_KEY_BEARER_TOKEN = "bearerToken";
    public static final String PROPERTY_KEY_TOKEN = "token";
    public static final String PROPERTY_KEY_USE_SSL = "useSSL";
    public static final String PROPERTY_KEY_CONFIG_DIR = "cfgdir";
    public static final String PROPERTY_KEY_TIME_ZONE = "timezone";
    public static final String PROPERTY_KEY_LOCALE = "locale";
    public static final String PROPERTY_KEY_CHARSET = "charset";
    public static final String PROPERTY_KEY_BATCH_LOAD = "batchfetch";
    public static final String PROPERTY_KEY_BATCH_ERROR_IGNORE = "batchErrorIgnore";
    public static final String PROPERTY_KEY_MESSAGE_WAIT_TIMEOUT = "messageWaitTimeout";
    public static final String PROPERTY_KEY_WS_KEEP_ALIVE_SECONDS = "wsKeepAlive";
    public static final String PROPERTY_KEY_CONNECT_MODE = "conmode";
    public static final String PROPERTY_KEY_VARCHAR_AS_STRING = "varcharAsString";
    public static final String PROPERTY_KEY_ENABLE_COMPRESSION = "enableCompression";
    public static final String PROPERTY_KEY_ENABLE_AUTO_RECONNECT = "enableAutoReconnect";
    public static final String PROPERTY_KEY_SLAVE_CLUSTER_HOST = "slaveClusterHost";
    public static final String PROPERTY_KEY_SLAVE_CLUSTER_PORT = "slaveClusterPort";
    public static final String PROPERTY_KEY_RECONNECT_INTERVAL_MS = "reconnectIntervalMs";
    public static final String PROPERTY_KEY_RECONNECT_RETRY_COUNT = "reconnectRetryCount";
    public static final String PROPERTY_KEY_DISABLE_SSL_CERT_VALIDATION = "disableSSLCertValidation";
    public static final String PROPERTY_KEY_APP_IP = "app_ip";
    public static final String PROPERTY_KEY_APP_NAME = "app_name";
    public static final String PROPERTY_KEY_COPY_DATA = "copyData";
    public static final String PROPERTY_KEY_BATCH_SIZE_BY_ROW = "batchSizeByRow";
    public static final String PROPERTY_KEY_CACHE_SIZE_BY_ROW = "cacheSizeByRow";
    public static final String PROPERTY_KEY_BACKEND_WRITE_THREAD_NUM = "backendWriteThreadNum";
    public static final String PROPERTY_KEY_STRICT_CHECK = "strictCheck";
    public static final String PROPERTY_KEY_RETRY_TIMES = "retryTimes";
    public static final String PROPERTY_KEY_ASYNC_WRITE = "asyncWrite";
    public static final String PROPERTY_KEY_HEALTH_CHECK_INIT_INTERVAL = "healthCheckInitInterval";
    public static final String PROPERTY_KEY_HEALTH_CHECK_MAX_INTERVAL = "healthCheckMaxInterval";
    public static final String PROPERTY_KEY_HEALTH_CHECK_CON_TIMEOUT = "healthCheckConTimeout";
    public static final String PROPERTY_KEY_HEALTH_CHECK_CMD_TIMEOUT = "healthCheckCmdTimeout";
    public static final String PROPERTY_KEY_HEALTH_CHECK_RECOVERY_COUNT = "healthCheckRecoveryCount";
    public static final String PROPERTY_KEY_HEALTH_CHECK_RECOVERY_INTERVAL = "healthCheckRecoveryInterval";
    public static final String PROPERTY_KEY_REBALANCE_THRESHOLD = "rebalanceThreshold";
    public static final String PROPERTY_KEY_REBALANCE_CON_BASE_COUNT = "rebalanceConBaseCount";
    public static final String PROPERTY_KEY_PBS_MODE = "pbsMode";
    public static final String PROPERTY_KEY_MAX_CONCURRENT_REQUEST = "maxConcurrentRequest";
    public static final String HTTP_POOL_SIZE = "httpPoolSize";
    public static final String HTTP_KEEP_ALIVE = "httpKeepAlive";
    public static final String HTTP_CONNECT_TIMEOUT = "httpConnectTimeout";
    public static final String HTTP_SOCKET_TIMEOUT = "httpSocketTimeout";

    protected TDengineConfigParams() {}
}
