package io.tdflink.table;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of {@code 'connector' = 'tdengine-connector'}: every key of the official
 * connector's {@code TDengineConnectorOptions} with its type and default (the constant names are
 * the official ones, so jobs port by changing the import), then tdflink's own. docs/sql.md says
 * what each does.
 */
@PublicEvolving
public final class TDengineConnectorOptions {
    private TDengineConnectorOptions() {}

    // ---- the official connector's options ----

    public static final ConfigOption<String> TD_JDBC_URL = ConfigOptions.key("td.jdbc.url").stringType().noDefaultValue()
            .withDescription("jdbc:TAOS-WS://host:port[/db][?...]. Prefer the user and password options for credentials: Flink prints this value.");
    public static final ConfigOption<String> TD_JDBC_MODE = ConfigOptions.key("td.jdbc.mode").stringType().noDefaultValue()
            .withDescription("source (bounded query), cdc (TMQ subscription) or sink; a sink accepts any mode.");
    public static final ConfigOption<String> TD_BATCH_MODE = ConfigOptions.key("td.batch.mode").stringType().defaultValue("false")
            .withDescription("true or false. SQL rows always cross the native boundary in whole blocks, so it changes nothing else.");
    public static final ConfigOption<String> HOSTNAME = ConfigOptions.key("host").stringType().defaultValue("localhost")
            .withDescription("Server host when td.jdbc.url is not given.");
    public static final ConfigOption<String> PORT = ConfigOptions.key("port").stringType().defaultValue("6041")
            .withDescription("taosAdapter port when td.jdbc.url is not given.");
    public static final ConfigOption<String> USERNAME = ConfigOptions.key("user").stringType().defaultValue("root")
            .withDescription("User; wins over a user in the URL.");
    public static final ConfigOption<String> PASSWORD = ConfigOptions.key("password").stringType().defaultValue("taosdata")
            .withDescription("Password; wins over a password in the URL. Flink masks this option in its messages.");
    public static final ConfigOption<String> DATABASE = ConfigOptions.key("dbname").stringType().noDefaultValue()
            .withFallbackKeys("database_name")
            .withDescription("Database of table.name and lookups, when the URL names none.");
    public static final ConfigOption<String> TABLE_NAME = ConfigOptions.key("table.name").stringType().noDefaultValue()
            .withFallbackKeys("table-name")
            .withDescription("Table to scan or look up (without scan.query: the declared columns of this table).");
    public static final ConfigOption<String> TIMEZONE = ConfigOptions.key("timezone").stringType().noDefaultValue()
            .withDescription("Zone whose wall clock TIMESTAMP columns show (IANA, +08:00 or TDengine's UTC-8); unset: the JVM's zone."
                    + " The official default UTC-8 is ignored by its driver, so no default here.");
    public static final ConfigOption<String> CHARSET = ConfigOptions.key("charset").stringType().defaultValue("UTF-8")
            .withDescription("Text encoding; TDengine's WebSocket API is UTF-8, the only value accepted.");
    public static final ConfigOption<String> LOCALE = ConfigOptions.key("locale").stringType().defaultValue("en_US.UTF-8")
            .withDescription("Accepted for compatibility; the WebSocket API has no locale.");
    public static final ConfigOption<String> ENABLE_AUTO_RECONNECT = ConfigOptions.key("enableAutoReconnect").stringType().defaultValue("true")
            .withDescription("Reconnect and retry after a lost connection.");
    public static final ConfigOption<String> RECONNECT_INTERVAL_MS = ConfigOptions.key("reconnectIntervalMs").stringType().defaultValue("2000")
            .withDescription("Milliseconds between reconnection attempts.");
    public static final ConfigOption<String> RECONNECT_RETRY_COUNT = ConfigOptions.key("reconnectRetryCount").stringType().defaultValue("3")
            .withDescription("Reconnection attempts before failing.");
    public static final ConfigOption<String> SCAN_QUERY = ConfigOptions.key("scan.query").stringType().noDefaultValue()
            .withDescription("The query a source table reads; without it, table.name is scanned.");
    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("bootstrap.servers").stringType().defaultValue("localhost:6041")
            .withDescription("CDC: host:port of taosAdapter when td.jdbc.url is not given.");
    public static final ConfigOption<String> URL = ConfigOptions.key("url").stringType().defaultValue("")
            .withDescription("CDC: a jdbc:TAOS-WS:// URL, an alternative to td.jdbc.url.");
    public static final ConfigOption<String> TOPIC = ConfigOptions.key("topic").stringType().noDefaultValue()
            .withDescription("CDC: the topic subscribed.");
    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("group.id").stringType().noDefaultValue()
            .withDescription("CDC: the consumer group.");
    public static final ConfigOption<String> CLIENT_ID = ConfigOptions.key("client.id").stringType().noDefaultValue()
            .withDescription("CDC: client id prefix; each subtask adds _<index>.");
    public static final ConfigOption<String> POLL_INTERVAL_MS = ConfigOptions.key("poll.interval_ms").stringType().defaultValue("500")
            .withDescription("CDC: how long one poll waits for a message, in milliseconds.");
    public static final ConfigOption<String> AUTO_OFFSET_RESET = ConfigOptions.key("auto.offset.reset").stringType().defaultValue("latest")
            .withDescription("CDC: where a new group starts: earliest, latest or none.");
    public static final ConfigOption<String> ENABLE_AUTO_COMMIT = ConfigOptions.key("enable.auto.commit").stringType().defaultValue("false")
            .withDescription("CDC: true commits offsets every auto.commit.interval.ms; false commits them when a checkpoint completes.");
    public static final ConfigOption<String> VALUE_DESERIALIZER_ENCODING = ConfigOptions.key("value.deserializer.encoding").stringType()
            .defaultValue("UTF-8").withDescription("CDC: text encoding; UTF-8, the only value accepted.");
    public static final ConfigOption<String> AUTO_COMMIT_INTERVAL_MS = ConfigOptions.key("auto.commit.interval.ms").stringType().defaultValue("5000")
            .withDescription("CDC: milliseconds between automatic commits.");
    public static final ConfigOption<String> SINK_SUPERTABLE_NAME = ConfigOptions.key("sink.supertable.name").stringType().defaultValue("")
            .withDescription("Sink: the supertable written through (rows need tbname); wins over sink.table.name.");
    public static final ConfigOption<String> SINK_TABLE_NAME = ConfigOptions.key("sink.table.name").stringType().defaultValue("")
            .withDescription("Sink: the subtable or normal table written.");
    public static final ConfigOption<String> SINK_DBNAME = ConfigOptions.key("sink.db.name").stringType().defaultValue("")
            .withDescription("Sink: the database written; else dbname, else the URL's.");
    public static final ConfigOption<Integer> SINK_BATCH_SIZE = ConfigOptions.key("sink.batch.size").intType().defaultValue(500)
            .withDescription("Sink: rows per write; buffered rows are also written on every checkpoint.");
    public static final ConfigOption<Integer> SINK_PARALLELISM = ConfigOptions.key("sink.parallelism").intType().noDefaultValue()
            .withDescription("Sink: its parallelism; unset, the planner's.");

    // ---- tdflink's own ----

    public static final ConfigOption<Boolean> SCAN_FILTER_PUSH_DOWN_ENABLED = ConfigOptions.key("scan.filter-push-down.enabled").booleanType()
            .defaultValue(true).withDescription("Source: send filters, projections and LIMIT to TDengine.");
    public static final ConfigOption<String> SCAN_PARTITION_COLUMN = ConfigOptions.key("scan.partition.column").stringType().noDefaultValue()
            .withDescription("Source: the TIMESTAMP column whose range is cut into scan.partition.num splits, or tbname (subtables).");
    public static final ConfigOption<String> SCAN_PARTITION_STRATEGY = ConfigOptions.key("scan.partition.strategy").stringType().defaultValue("column")
            .withDescription("Source: 'column' (by scan.partition.column) or 'vgroup' (a table.name supertable's subtables grouped by vgroup).");
    public static final ConfigOption<Integer> SCAN_PARTITION_NUM = ConfigOptions.key("scan.partition.num").intType().noDefaultValue()
            .withDescription("Source: how many time ranges, subtable groups or vgroups to split the scan into.");
    public static final ConfigOption<String> SCAN_PARTITION_LOWER_BOUND = ConfigOptions.key("scan.partition.lower-bound").stringType().noDefaultValue()
            .withDescription("Source: first instant of the partitioned range (epoch ms, or an ISO-8601 date-time in the timezone option).");
    public static final ConfigOption<String> SCAN_PARTITION_UPPER_BOUND = ConfigOptions.key("scan.partition.upper-bound").stringType().noDefaultValue()
            .withDescription("Source: last instant of the partitioned range, inclusive (same forms).");
}
