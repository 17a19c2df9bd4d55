package io.tdflink.table;

import io.tdflink.common.TDengineCdcParams;
import io.tdflink.common.TDengineConfigParams;
import io.tdflink.common.TimeZones;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;

/**
 * Table options as the property sets of the DataStream classes the tables wrap: one place that
 * says which option becomes which property key.
 *
 * <p>Credentials: the {@code user} and {@code password} options win over the URL's parameters
 * (they are removed from the URL), so the recommended way keeps the password out of the URL,
 * which Flink prints whole; without either, the URL's, else {@code root}/{@code taosdata}.
 */
@Internal
final class TableProperties {
    private static final String URL_PREFIX = "jdbc:TAOS-WS://";

    private TableProperties() {}

    /** The connection of a source, sink or lookup table: {@code url} plus the driver keys. */
    static Properties connection(ReadableConfig options) {
        checkUtf8(options, TDengineConnectorOptions.CHARSET);
        TimeZones.wallClockZone(options.getOptional(TDengineConnectorOptions.TIMEZONE).orElse(null));
        Properties out = new Properties();
        String url = options.getOptional(TDengineConnectorOptions.TD_JDBC_URL).filter(u -> !u.trim().isEmpty())
                .orElseGet(() -> URL_PREFIX + options.get(TDengineConnectorOptions.HOSTNAME) + ":" + options.get(TDengineConnectorOptions.PORT)
                        + options.getOptional(TDengineConnectorOptions.DATABASE).map(db -> "/" + db).orElse(""));
        out.setProperty(TDengineConfigParams.TD_JDBC_URL, credentials(url, options, out, TDengineConfigParams.PROPERTY_KEY_USER, TDengineConfigParams.PROPERTY_KEY_PASSWORD));
        options.getOptional(TDengineConnectorOptions.TIMEZONE).ifPresent(tz -> out.setProperty(TDengineConfigParams.PROPERTY_KEY_TIME_ZONE, tz));
        reconnect(options, out);
        return out;
    }

    /** The CDC source's properties: server, credentials, consumer group and reconnection. */
    static Properties cdc(ReadableConfig options) {
        checkUtf8(options, TDengineConnectorOptions.CHARSET);
        checkUtf8(options, TDengineConnectorOptions.VALUE_DESERIALIZER_ENCODING);
        Properties out = new Properties();
        Optional<String> url = options.getOptional(TDengineConnectorOptions.TD_JDBC_URL).map(Optional::of)
                .orElse(options.getOptional(TDengineConnectorOptions.URL)).filter(u -> !u.trim().isEmpty());
        if (url.isPresent()) {
            out.setProperty(TDengineCdcParams.CONNECT_URL, credentials(url.get(), options, out, TDengineCdcParams.CONNECT_USER, TDengineCdcParams.CONNECT_PASS));
        } else {
            out.setProperty(TDengineCdcParams.BOOTSTRAP_SERVERS, options.get(TDengineConnectorOptions.BOOTSTRAP_SERVERS));
            out.setProperty(TDengineCdcParams.CONNECT_USER, options.get(TDengineConnectorOptions.USERNAME));
            out.setProperty(TDengineCdcParams.CONNECT_PASS, options.get(TDengineConnectorOptions.PASSWORD));
        }
        out.setProperty(TDengineCdcParams.GROUP_ID, options.getOptional(TDengineConnectorOptions.GROUP_ID).orElseThrow(
                () -> new ValidationException("Option 'group.id' must be set for a CDC table ('td.jdbc.mode' = 'cdc'): the consumer group it joins.")));
        options.getOptional(TDengineConnectorOptions.CLIENT_ID).ifPresent(id -> out.setProperty(TDengineCdcParams.CLIENT_ID, id));
        out.setProperty(TDengineCdcParams.AUTO_OFFSET_RESET, options.get(TDengineConnectorOptions.AUTO_OFFSET_RESET));
        out.setProperty(TDengineCdcParams.ENABLE_AUTO_COMMIT, options.get(TDengineConnectorOptions.ENABLE_AUTO_COMMIT));
        out.setProperty(TDengineCdcParams.AUTO_COMMIT_INTERVAL_MS, options.get(TDengineConnectorOptions.AUTO_COMMIT_INTERVAL_MS));
        out.setProperty(TDengineCdcParams.POLL_INTERVAL_MS, options.get(TDengineConnectorOptions.POLL_INTERVAL_MS));
        out.setProperty(TDengineCdcParams.VALUE_DESERIALIZER, "RowData");
        options.getOptional(TDengineConnectorOptions.TIMEZONE).ifPresent(tz -> out.setProperty(TDengineConfigParams.PROPERTY_KEY_TIME_ZONE, tz));
        reconnect(options, out);
        return out;
    }

    /**
     * The URL without the parameters an explicit {@code user} or {@code password} option
     * replaces; the credentials go to {@code userKey}/{@code passwordKey}.
     */
    private static String credentials(String url, ReadableConfig options, Properties out, String userKey, String passwordKey) {
        if (!url.regionMatches(true, 0, URL_PREFIX, 0, URL_PREFIX.length())) {
            // Never echo the URL: it may hold a password.
            throw new ValidationException("Option 'td.jdbc.url' must start with " + URL_PREFIX + " (the WebSocket connection of taosAdapter).");
        }
        String result = url;
        Optional<String> user = options.getOptional(TDengineConnectorOptions.USERNAME);
        Optional<String> password = options.getOptional(TDengineConnectorOptions.PASSWORD);
        if (user.isPresent()) {
            result = withoutParameter(result, TDengineConfigParams.PROPERTY_KEY_USER);
        }
        if (password.isPresent()) {
            result = withoutParameter(result, TDengineConfigParams.PROPERTY_KEY_PASSWORD);
        }
        out.setProperty(userKey, user.orElse(options.get(TDengineConnectorOptions.USERNAME)));
        out.setProperty(passwordKey, password.orElse(options.get(TDengineConnectorOptions.PASSWORD)));
        // URL parameters win over properties in the client: the defaults only fill a gap.
        return result;
    }

    private static String withoutParameter(String url, String name) {
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        StringBuilder kept = new StringBuilder(url.substring(0, query));
        char separator = '?';
        for (String pair : url.substring(query + 1).split("&")) {
            String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (!pair.isEmpty() && !key.equalsIgnoreCase(name)) {
                kept.append(separator).append(pair);
                separator = '&';
            }
        }
        return kept.toString();
    }

    private static void reconnect(ReadableConfig options, Properties out) {
        out.setProperty(TDengineConfigParams.PROPERTY_KEY_ENABLE_AUTO_RECONNECT, options.get(TDengineConnectorOptions.ENABLE_AUTO_RECONNECT));
        out.setProperty(TDengineConfigParams.PROPERTY_KEY_RECONNECT_INTERVAL_MS, options.get(TDengineConnectorOptions.RECONNECT_INTERVAL_MS));
        out.setProperty(TDengineConfigParams.PROPERTY_KEY_RECONNECT_RETRY_COUNT, options.get(TDengineConnectorOptions.RECONNECT_RETRY_COUNT));
    }

    private static void checkUtf8(ReadableConfig options, ConfigOption<String> option) {
        String value = options.get(option);
        boolean utf8;
        try {
            utf8 = Charset.forName(value.trim()).equals(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            utf8 = false;
        }
        if (!utf8) {
            throw new ValidationException("Option '" + option.key() + "' is '" + value + "': TDengine's WebSocket API carries text as UTF-8, the only value allowed.");
        }
    }
}
