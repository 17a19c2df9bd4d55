package io.tdflink.table;

import io.tdflink.common.TDengineCdcParams;
import io.tdflink.common.TDengineConfigParams;
import io.tdflink.common.TimeZones;
import io.tdflink.common.options.OptionRegistry;
import io.tdflink.common.options.TableOption;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;

/**
 * Table options as the property sets of the DataStream classes the tables wrap: one place that
 * says which option becomes which property key, and how a URL and credentials are read (the
 * catalog uses the same rules).
 *
 * <p>Credentials: the {@code user} and {@code password} options win over the URL's parameters;
 * without them, the URL's, else {@code root}/{@code taosdata}. Either way they leave the URL,
 * which Flink prints whole, and travel as properties.
 */
@Internal
public final class TableProperties {
    public static final String URL_PREFIX = "jdbc:TAOS-WS://";

    private TableProperties() {}

    /**
     * The properties of a source (also lookups and the catalog) or sink table ({@code mode}):
     * {@code url} plus credentials, then every option the registry copies to a property.
     */
    public static Properties connection(ReadableConfig options, String mode) {
        checkUtf8(options, TDengineConnectorOptions.CHARSET);
        TimeZones.wallClockZone(
                options.getOptional(TDengineConnectorOptions.TIMEZONE).orElse(null));
        Properties out = new Properties();
        String url = options.getOptional(TDengineConnectorOptions.TD_JDBC_URL)
                .filter(u -> !u.trim().isEmpty())
                .orElseGet(() -> URL_PREFIX + options.get(TDengineConnectorOptions.HOSTNAME) + ":"
                        + options.get(TDengineConnectorOptions.PORT)
                        + options.getOptional(TDengineConnectorOptions.DATABASE)
                                .map(db -> "/" + db)
                                .orElse(""));
        out.setProperty(
                TDengineConfigParams.TD_JDBC_URL,
                credentials(
                        url,
                        options,
                        out,
                        TDengineConfigParams.PROPERTY_KEY_USER,
                        TDengineConfigParams.PROPERTY_KEY_PASSWORD));
        copyMapped(options, out, mode);
        return out;
    }

    /** The CDC source's properties: server, credentials, then the consumer options the registry copies. */
    static Properties cdc(ReadableConfig options) {
        checkUtf8(options, TDengineConnectorOptions.CHARSET);
        checkUtf8(options, TDengineConnectorOptions.VALUE_DESERIALIZER_ENCODING);
        Properties out = new Properties();
        Optional<String> url = options.getOptional(TDengineConnectorOptions.TD_JDBC_URL)
                .map(Optional::of)
                .orElse(options.getOptional(TDengineConnectorOptions.URL))
                .filter(u -> !u.trim().isEmpty());
        if (url.isPresent()) {
            out.setProperty(
                    TDengineCdcParams.CONNECT_URL,
                    credentials(
                            url.get(), options, out, TDengineCdcParams.CONNECT_USER, TDengineCdcParams.CONNECT_PASS));
        } else {
            out.setProperty(
                    TDengineCdcParams.BOOTSTRAP_SERVERS, options.get(TDengineConnectorOptions.BOOTSTRAP_SERVERS));
            out.setProperty(TDengineCdcParams.CONNECT_USER, options.get(TDengineConnectorOptions.USERNAME));
            out.setProperty(TDengineCdcParams.CONNECT_PASS, options.get(TDengineConnectorOptions.PASSWORD));
        }
        if (!options.getOptional(TDengineConnectorOptions.GROUP_ID).isPresent()) {
            throw new ValidationException(
                    "Option 'group.id' must be set for a CDC table ('td.jdbc.mode' = 'cdc'): the consumer group it joins.");
        }
        out.setProperty(TDengineCdcParams.VALUE_DESERIALIZER, "RowData");
        copyMapped(options, out, OptionRegistry.CDC);
        return out;
    }

    /** Every option of {@code mode} that the registry copies to a property, as given or its default. */
    private static void copyMapped(ReadableConfig options, Properties out, String mode) {
        for (ConfigOption<?> option : TDengineConnectorOptions.all()) {
            TableOption row = OptionRegistry.tableOption(option.key());
            if (row.modes().contains(mode)
                    && row.property() != null
                    && !row.property().equals(TableOption.COMPUTED)) {
                Object value = options.get(option);
                if (value != null) {
                    out.setProperty(row.property(), value.toString());
                }
            }
        }
    }

    /**
     * The server {@code url} names, logged in as the {@code user} and {@code password} options
     * say, else as the URL's parameters say. Never echoes the URL in an error: it may hold a password.
     */
    public static Server server(String url, ReadableConfig options) {
        if (!url.trim().regionMatches(true, 0, URL_PREFIX, 0, URL_PREFIX.length())) {
            throw new ValidationException("Option 'td.jdbc.url' must start with " + URL_PREFIX
                    + " (the WebSocket connection of taosAdapter).");
        }
        String bare = url.trim();
        Optional<String> user = options.getOptional(TDengineConnectorOptions.USERNAME);
        Optional<String> password = options.getOptional(TDengineConnectorOptions.PASSWORD);
        if (!user.isPresent()) {
            user = parameter(bare, TDengineConfigParams.PROPERTY_KEY_USER);
        }
        if (!password.isPresent()) {
            password = parameter(bare, TDengineConfigParams.PROPERTY_KEY_PASSWORD);
        }
        bare = withoutParameter(
                withoutParameter(bare, TDengineConfigParams.PROPERTY_KEY_USER),
                TDengineConfigParams.PROPERTY_KEY_PASSWORD);
        return new Server(bare, user.orElse(null), password.orElse(null));
    }

    /**
     * The URL without its credentials; they go to {@code userKey}/{@code passwordKey}, the
     * defaults ({@code root}/{@code taosdata}) when neither the options nor the URL give them.
     */
    private static String credentials(
            String url, ReadableConfig options, Properties out, String userKey, String passwordKey) {
        Server server = server(url, options);
        out.setProperty(userKey, server.user().orElse(options.get(TDengineConnectorOptions.USERNAME)));
        out.setProperty(passwordKey, server.password().orElse(options.get(TDengineConnectorOptions.PASSWORD)));
        return server.url();
    }

    /** The last value of URL parameter {@code name} (any case), percent-decoded as the client decodes it. */
    private static Optional<String> parameter(String url, String name) {
        int query = url.indexOf('?');
        String found = null;
        if (query >= 0) {
            for (String pair : url.substring(query + 1).split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                if (!pair.isEmpty() && key.equalsIgnoreCase(name)) {
                    found = eq < 0 ? "" : pair.substring(eq + 1);
                }
            }
        }
        return Optional.ofNullable(found).map(value -> percentDecode(value, name));
    }

    private static String percentDecode(String value, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                int hex = i + 2 < value.length() ? hexByte(value.charAt(i + 1), value.charAt(i + 2)) : -1;
                if (hex < 0) {
                    // The value is a credential: name the parameter, never the value.
                    throw new ValidationException(
                            "The '" + name + "' parameter of 'td.jdbc.url' has a bad percent-escape.");
                }
                out.write(hex);
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < value.length()) {
                    bytes = value.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(bytes, 0, bytes.length);
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    private static int hexByte(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
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

    private static void checkUtf8(ReadableConfig options, ConfigOption<String> option) {
        String value = options.get(option);
        boolean utf8;
        try {
            utf8 = Charset.forName(value.trim()).equals(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            utf8 = false;
        }
        if (!utf8) {
            throw new ValidationException("Option '" + option.key() + "' is '" + value
                    + "': TDengine's WebSocket API carries text as UTF-8, the only value allowed.");
        }
    }

    /**
     * A server and the credentials given for it: the URL without user and password parameters,
     * and the user and password ({@code null} when not given: {@code root}/{@code taosdata}).
     * Its {@link #toString} never shows the password.
     */
    public static final class Server {
        private final String url;
        private final String user;
        private final String password;

        Server(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        /** {@code jdbc:TAOS-WS://host:port[/db][?...]} without credentials. */
        public String url() {
            return url;
        }

        public Optional<String> user() {
            return Optional.ofNullable(user);
        }

        public Optional<String> password() {
            return Optional.ofNullable(password);
        }

        /** The URL's database (percent-decoded), if it names one. */
        public Optional<String> database() {
            String path = path();
            return path.isEmpty() ? Optional.empty() : Optional.of(percentDecode(path, "database"));
        }

        /** This server with {@code database} as the URL's database (percent-encoded), or with none when it is {@code null}. */
        public Server withDatabase(String database) {
            String rest = url.substring(URL_PREFIX.length());
            String path = database == null ? "" : "/" + percentEncode(database);
            return new Server(
                    URL_PREFIX + rest.substring(0, endOfAddress(rest)) + path + rest.substring(endOfPath(rest)),
                    user,
                    password);
        }

        /** {@code host:port} only. */
        public String address() {
            String rest = url.substring(URL_PREFIX.length());
            return rest.substring(0, endOfAddress(rest));
        }

        private String path() {
            String rest = url.substring(URL_PREFIX.length());
            int end = endOfAddress(rest);
            return end < rest.length() && rest.charAt(end) == '/' ? rest.substring(end + 1, endOfPath(rest)) : "";
        }

        private static int endOfAddress(String rest) {
            int slash = rest.indexOf('/');
            int query = rest.indexOf('?');
            return slash >= 0 && (query < 0 || slash < query) ? slash : query >= 0 ? query : rest.length();
        }

        private static int endOfPath(String rest) {
            int query = rest.indexOf('?');
            return query >= 0 ? query : rest.length();
        }

        private static String percentEncode(String value) {
            StringBuilder out = new StringBuilder();
            for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if ((c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || c == '_'
                        || c == '-'
                        || c == '.'
                        || c == '~') {
                    out.append(c);
                } else {
                    out.append('%')
                            .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            }
            return out.toString();
        }

        @Override
        public String toString() {
            return url + (user == null ? "" : " as " + user);
        }
    }
}
