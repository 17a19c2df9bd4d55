package io.tdflink.table;

import io.tdflink.common.TDengineCdcParams;
import io.tdflink.common.TDengineConfigParams;
import io.tdflink.common.options.OptionRegistry;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** URLs and credentials as tables and the catalog read them: options win, credentials leave the URL, the password is never shown. */
class TablePropertiesTest {
    private static Configuration options(String... pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Configuration.fromMap(map);
    }

    @Test
    void optionsWinOverTheUrlsCredentialsWhichLeaveIt() {
        TableProperties.Server server = TableProperties.server(
                "jdbc:TAOS-WS://h:6041/db?user=a&password=b&timezone=UTC", options("user", "x", "password", "y"));
        assertEquals("jdbc:TAOS-WS://h:6041/db?timezone=UTC", server.url());
        assertEquals(Optional.of("x"), server.user());
        assertEquals(Optional.of("y"), server.password());
    }

    @Test
    void theUrlsCredentialsAreDecodedAsTheClientDecodesThem() {
        TableProperties.Server server = TableProperties.server(
                "jdbc:TAOS-WS://h:6041?timezone=UTC&Password=p%40ss%26w%C3%A9+&user=me", options());
        assertEquals("jdbc:TAOS-WS://h:6041?timezone=UTC", server.url());
        assertEquals(Optional.of("me"), server.user());
        assertEquals(Optional.of("p@ss&wé+"), server.password());
        assertEquals("jdbc:TAOS-WS://h:6041?timezone=UTC as me", server.toString());
        assertEquals(
                Optional.empty(),
                TableProperties.server("jdbc:TAOS-WS://h:6041", options()).password());
    }

    @Test
    void aBadEscapeNamesTheParameterNotItsValue() {
        ValidationException e = assertThrows(
                ValidationException.class,
                () -> TableProperties.server("jdbc:TAOS-WS://h:1?password=se%zzcret", options()));
        assertFalse(e.getMessage().contains("se%zzcret") || e.getMessage().contains("cret"), e.getMessage());
        ValidationException prefix = assertThrows(
                ValidationException.class, () -> TableProperties.server("http://h:1?password=secret", options()));
        assertFalse(prefix.getMessage().contains("secret"), prefix.getMessage());
    }

    @Test
    void theDatabaseIsReadAndReplaced() {
        TableProperties.Server server = TableProperties.server("jdbc:TAOS-WS://h:6041/power?timezone=UTC", options());
        assertEquals(Optional.of("power"), server.database());
        assertEquals("h:6041", server.address());
        assertEquals(
                "jdbc:TAOS-WS://h:6041/my%20db%C3%A9?timezone=UTC",
                server.withDatabase("my dbé").url());
        assertEquals(Optional.of("my dbé"), server.withDatabase("my dbé").database());
        assertEquals(
                "jdbc:TAOS-WS://h:6041?timezone=UTC", server.withDatabase(null).url());
        assertEquals(
                "jdbc:TAOS-WS://h:6041/x",
                TableProperties.server("jdbc:TAOS-WS://h:6041", options())
                        .withDatabase("x")
                        .url());
        assertEquals(
                Optional.empty(),
                TableProperties.server("jdbc:TAOS-WS://h:6041/?a=1", options()).database());
    }

    @Test
    void connectionPropertiesCarryTheCredentialsAndDefaults() {
        Properties fromUrl = TableProperties.connection(
                options("td.jdbc.url", "jdbc:TAOS-WS://h:6041/db?user=u&password=p"), OptionRegistry.SOURCE);
        assertEquals("jdbc:TAOS-WS://h:6041/db", fromUrl.getProperty(TDengineConfigParams.TD_JDBC_URL));
        assertEquals("u", fromUrl.getProperty(TDengineConfigParams.PROPERTY_KEY_USER));
        assertEquals("p", fromUrl.getProperty(TDengineConfigParams.PROPERTY_KEY_PASSWORD));
        Properties defaults =
                TableProperties.connection(options("td.jdbc.url", "jdbc:TAOS-WS://h:6041"), OptionRegistry.SOURCE);
        assertEquals("root", defaults.getProperty(TDengineConfigParams.PROPERTY_KEY_USER));
        assertEquals("taosdata", defaults.getProperty(TDengineConfigParams.PROPERTY_KEY_PASSWORD));
    }

    @Test
    void eachModeGetsTheOptionsTheRegistryCopiesToItsProperties() {
        Configuration given = options(
                "td.jdbc.url",
                "jdbc:TAOS-WS://h:6041",
                "sink.batch.size",
                "7",
                "timezone",
                "UTC",
                "group.id",
                "g",
                "auto.offset.reset",
                "earliest");
        Properties source = TableProperties.connection(given, OptionRegistry.SOURCE);
        Properties sink = TableProperties.connection(given, OptionRegistry.SINK);
        Properties cdc = TableProperties.cdc(given);
        // The SQL default of enableAutoReconnect (true, as the official factory) reaches every mode.
        for (Properties p : Arrays.asList(source, sink, cdc)) {
            assertEquals("UTC", p.getProperty(TDengineConfigParams.PROPERTY_KEY_TIME_ZONE));
            assertEquals("true", p.getProperty(TDengineConfigParams.PROPERTY_KEY_ENABLE_AUTO_RECONNECT));
            assertEquals("2000", p.getProperty(TDengineConfigParams.PROPERTY_KEY_RECONNECT_INTERVAL_MS));
        }
        assertEquals("7", sink.getProperty(TDengineConfigParams.TD_BATCH_SIZE));
        assertNull(
                source.getProperty(TDengineConfigParams.TD_BATCH_SIZE), "a sink option must not resize source batches");
        assertNull(source.getProperty(TDengineCdcParams.GROUP_ID));
        assertEquals("g", cdc.getProperty(TDengineCdcParams.GROUP_ID));
        assertEquals("earliest", cdc.getProperty(TDengineCdcParams.AUTO_OFFSET_RESET));
        assertEquals("5000", cdc.getProperty(TDengineCdcParams.AUTO_COMMIT_INTERVAL_MS));
        assertNull(
                cdc.getProperty(TDengineCdcParams.CLIENT_ID), "no default: the CDC source names each subtask's client");
    }
}
