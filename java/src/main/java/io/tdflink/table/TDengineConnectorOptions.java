package io.tdflink.table;

import io.tdflink.common.options.OptionRegistry;
import io.tdflink.common.options.TableOption;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The options of {@code 'connector' = 'tdengine-connector'}: every key of the official
 * connector's {@code TDengineConnectorOptions} with its type and default (the constant names are
 * the official ones, so jobs port by changing the import), then tdflink's own. Key, type,
 * default, fallback keys and description come from the option registry
 * ({@code io/tdflink/common/options/options.tsv}); docs/sql.md is rendered from it.
 */
@PublicEvolving
public final class TDengineConnectorOptions {
    private TDengineConnectorOptions() {}

    /** Every option built below, by key; declared first so the constants can register. */
    private static final Map<String, ConfigOption<?>> BUILT = new LinkedHashMap<>();

    // ---- the official connector's options ----

    public static final ConfigOption<String> TD_JDBC_URL = string("td.jdbc.url");
    public static final ConfigOption<String> TD_JDBC_MODE = string("td.jdbc.mode");
    public static final ConfigOption<String> TD_BATCH_MODE = string("td.batch.mode");
    public static final ConfigOption<String> HOSTNAME = string("host");
    public static final ConfigOption<String> PORT = string("port");
    public static final ConfigOption<String> USERNAME = string("user");
    public static final ConfigOption<String> PASSWORD = string("password");
    public static final ConfigOption<String> DATABASE = string("dbname");
    public static final ConfigOption<String> TABLE_NAME = string("table.name");
    public static final ConfigOption<String> TIMEZONE = string("timezone");
    public static final ConfigOption<String> CHARSET = string("charset");
    public static final ConfigOption<String> LOCALE = string("locale");
    public static final ConfigOption<String> ENABLE_AUTO_RECONNECT = string("enableAutoReconnect");
    public static final ConfigOption<String> RECONNECT_INTERVAL_MS = string("reconnectIntervalMs");
    public static final ConfigOption<String> RECONNECT_RETRY_COUNT = string("reconnectRetryCount");
    public static final ConfigOption<String> SCAN_QUERY = string("scan.query");
    public static final ConfigOption<String> BOOTSTRAP_SERVERS = string("bootstrap.servers");
    public static final ConfigOption<String> URL = string("url");
    public static final ConfigOption<String> TOPIC = string("topic");
    public static final ConfigOption<String> GROUP_ID = string("group.id");
    public static final ConfigOption<String> CLIENT_ID = string("client.id");
    public static final ConfigOption<String> POLL_INTERVAL_MS = string("poll.interval_ms");
    public static final ConfigOption<String> AUTO_OFFSET_RESET = string("auto.offset.reset");
    public static final ConfigOption<String> ENABLE_AUTO_COMMIT = string("enable.auto.commit");
    public static final ConfigOption<String> VALUE_DESERIALIZER_ENCODING = string("value.deserializer.encoding");
    public static final ConfigOption<String> AUTO_COMMIT_INTERVAL_MS = string("auto.commit.interval.ms");
    public static final ConfigOption<String> SINK_SUPERTABLE_NAME = string("sink.supertable.name");
    public static final ConfigOption<String> SINK_TABLE_NAME = string("sink.table.name");
    public static final ConfigOption<String> SINK_DBNAME = string("sink.db.name");
    public static final ConfigOption<Integer> SINK_BATCH_SIZE = integer("sink.batch.size");
    public static final ConfigOption<Integer> SINK_PARALLELISM = integer("sink.parallelism");

    // ---- tdflink's own ----

    public static final ConfigOption<Boolean> SCAN_FILTER_PUSH_DOWN_ENABLED = bool("scan.filter-push-down.enabled");
    public static final ConfigOption<String> SCAN_PARTITION_COLUMN = string("scan.partition.column");
    public static final ConfigOption<String> SCAN_PARTITION_STRATEGY = string("scan.partition.strategy");
    public static final ConfigOption<Integer> SCAN_PARTITION_NUM = integer("scan.partition.num");
    public static final ConfigOption<String> SCAN_PARTITION_LOWER_BOUND = string("scan.partition.lower-bound");
    public static final ConfigOption<String> SCAN_PARTITION_UPPER_BOUND = string("scan.partition.upper-bound");

    /** Every option of the factory, required ones included. */
    static Set<ConfigOption<?>> all() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(BUILT.values()));
    }

    /** The options the registry marks as required. */
    static Set<ConfigOption<?>> required() {
        return BUILT.values().stream()
                .filter(o -> OptionRegistry.tableOption(o.key()).required())
                .collect(Collectors.toSet());
    }

    private static ConfigOption<String> string(String key) {
        TableOption row = row(key, "String");
        return register(
                row,
                row.defaultValue() == null
                        ? ConfigOptions.key(key).stringType().noDefaultValue()
                        : ConfigOptions.key(key).stringType().defaultValue(row.defaultValue()));
    }

    private static ConfigOption<Integer> integer(String key) {
        TableOption row = row(key, "Integer");
        return register(
                row,
                row.defaultValue() == null
                        ? ConfigOptions.key(key).intType().noDefaultValue()
                        : ConfigOptions.key(key).intType().defaultValue(Integer.parseInt(row.defaultValue())));
    }

    private static ConfigOption<Boolean> bool(String key) {
        TableOption row = row(key, "Boolean");
        return register(
                row,
                row.defaultValue() == null
                        ? ConfigOptions.key(key).booleanType().noDefaultValue()
                        : ConfigOptions.key(key).booleanType().defaultValue(Boolean.parseBoolean(row.defaultValue())));
    }

    private static TableOption row(String key, String type) {
        TableOption row = OptionRegistry.tableOption(key);
        if (!row.type().equals(type)) {
            throw new IllegalStateException(
                    "options.tsv declares '" + key + "' as " + row.type() + ", its constant as " + type);
        }
        return row;
    }

    private static <T> ConfigOption<T> register(TableOption row, ConfigOption<T> option) {
        ConfigOption<T> described =
                option.withFallbackKeys(row.aliases().toArray(new String[0])).withDescription(row.meaning());
        BUILT.put(row.key(), described);
        return described;
    }
}
