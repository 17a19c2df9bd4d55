package io.tdflink.common;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The connection part of a job's properties: the {@code url} and every other property as
 * strings, handed to the Rust client as they are (it knows the driver's keys and ignores
 * the rest). An immutable copy, so the caller's {@link Properties} are never changed.
 */
@Internal
public final class ConnectionProperties implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String url;
    private final Map<String, String> properties;

    private ConnectionProperties(String url, Map<String, String> properties) {
        this.url = url;
        this.properties = Collections.unmodifiableMap(properties);
    }

    /** @throws TDengineException 0x2312 when {@code url} is missing, 0x2303 for a value that is no String */
    public static ConnectionProperties from(Properties source) {
        Map<String, String> copy = strings(source);
        String url = copy.remove(TDengineConfigParams.TD_JDBC_URL);
        if (url == null || url.trim().isEmpty()) {
            throw new TDengineException(
                    ErrorCodes.DRIVER_URL_NOT_SET,
                    "url is not set: put the jdbc:TAOS-WS:// URL under '" + TDengineConfigParams.TD_JDBC_URL + "'");
        }
        return new ConnectionProperties(url, copy);
    }

    /**
     * A sorted copy of {@code source}. A key or value that is no String (set with {@code put}
     * rather than {@code setProperty}) is refused: {@code getProperty} would ignore it, and the
     * setting would silently fall back to its default.
     *
     * @throws TDengineException 0x2303 naming the key and the value's class
     */
    public static Map<String, String> strings(Properties source) {
        Map<String, String> copy = new TreeMap<>();
        for (Map.Entry<Object, Object> entry : source.entrySet()) {
            if (!(entry.getKey() instanceof String) || !(entry.getValue() instanceof String)) {
                throw new TDengineException(
                        ErrorCodes.DRIVER_INVALID_VARIABLE,
                        "property '" + entry.getKey() + "' is a "
                                + (entry.getValue() == null
                                        ? "null"
                                        : entry.getValue().getClass().getName())
                                + ": properties are Strings (use setProperty)");
            }
            copy.put((String) entry.getKey(), (String) entry.getValue());
        }
        for (String key : source.stringPropertyNames()) {
            // Defaults of the Properties object (new Properties(defaults)) count as set.
            copy.putIfAbsent(key, source.getProperty(key));
        }
        return copy;
    }

    public String url() {
        return url;
    }

    public Map<String, String> properties() {
        return properties;
    }

    /** An integer property, or {@code fallback}; @throws TDengineException 0x2303 when it is no integer */
    public int getInt(String key, int fallback) {
        return PropertyValues.getInt(properties, key, fallback);
    }

    /** A property, or {@code fallback} when it is absent or blank. */
    public String get(String key, String fallback) {
        return PropertyValues.get(properties, key, fallback);
    }
}
