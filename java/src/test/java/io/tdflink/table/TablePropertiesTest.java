package io.tdflink.table;

import io.tdflink.common.TDengineConfigParams;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        TableProperties.Server server = TableProperties.server("jdbc:TAOS-WS://h:6041/db?user=a&password=b&timezone=UTC", options("user", "x", "password", "y"));
        assertEquals("jdbc:TAOS-WS://h:6041/db?timezone=UTC", server.url());
        assertEquals(Optional.of("x"), server.user());
        assertEquals(Optional.of("y"), server.password());
    }

    @Test
    void theUrlsCredentialsAreDecodedAsTheClientDecodesThem() {
        TableProperties.Server server = TableProperties.server("jdbc:TAOS-WS://h:6041?timezone=UTC&Password=p%40ss%26w%C3%A9+&user=me", options());
        assertEquals("jdbc:TAOS-WS://h:6041?timezone=UTC", server.url());
        assertEquals(Optional.of("me"), server.user());
        assertEquals(Optional.of("p@ss&wé+"), server.password());
        assertEquals("jdbc:TAOS-WS://h:6041?timezone=UTC as me", server.toString());
        assertEquals(Optional.empty(), TableProperties.server("jdbc:TAOS-WS://h:6041", options()).password());
    }

    @Test
    void aBadEscapeNamesTheParameterNotItsValue() {
        ValidationException e = assertThrows(ValidationException.class, () -> TableProperties.server("jdbc:TAOS-WS://h:1?password=se%zzcret", options()));
        assertFalse(e.getMessage().contains("se%zzcret") || e.getMessage().contains("cret"), e.getMessage());
        ValidationException prefix = assertThrows(ValidationException.class, () -> TableProperties.server("http://h:1?password=secret", options()));
        assertFalse(prefix.getMessage().contains("secret"), prefix.getMessage());
    }

    @Test
    void theDatabaseIsReadAndReplaced() {
        TableProperties.Server server = TableProperties.server("jdbc:TAOS-WS://h:6041/power?timezone=UTC", options());
        assertEquals(Optional.of("power"), server.database());
        assertEquals("h:6041", server.address());
        assertEquals("jdbc:TAOS-WS://h:6041/my%20db%C3%A9?timezone=UTC", server.withDatabase("my dbé").url());
        assertEquals(Optional.of("my dbé"), server.withDatabase("my dbé").database());
        assertEquals("jdbc:TAOS-WS://h:6041?timezone=UTC", server.withDatabase(null).url());
        assertEquals("jdbc:TAOS-WS://h:6041/x", TableProperties.server("jdbc:TAOS-WS://h:6041", options()).withDatabase("x").url());
        assertEquals(Optional.empty(), TableProperties.server("jdbc:TAOS-WS://h:6041/?a=1", options()).database());
    }

    @Test
    void connectionPropertiesCarryTheCredentialsAndDefaults() {
        Properties fromUrl = TableProperties.connection(options("td.jdbc.url", "jdbc:TAOS-WS://h:6041/db?user=u&password=p"));
        assertEquals("jdbc:TAOS-WS://h:6041/db", fromUrl.getProperty(TDengineConfigParams.TD_JDBC_URL));
        assertEquals("u", fromUrl.getProperty(TDengineConfigParams.PROPERTY_KEY_USER));
        assertEquals("p", fromUrl.getProperty(TDengineConfigParams.PROPERTY_KEY_PASSWORD));
        Properties defaults = TableProperties.connection(options("td.jdbc.url", "jdbc:TAOS-WS://h:6041"));
        assertEquals("root", defaults.getProperty(TDengineConfigParams.PROPERTY_KEY_USER));
        assertEquals("taosdata", defaults.getProperty(TDengineConfigParams.PROPERTY_KEY_PASSWORD));
    }
}
