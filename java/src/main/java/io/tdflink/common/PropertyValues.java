package io.tdflink.common;

import org.apache.flink.annotation.Internal;

import java.util.Map;

/**
 * How the connector reads one of its String properties, for the source, the CDC source and the
 * sink alike: a blank value counts as absent, values are trimmed, and an integer that does not
 * parse is refused with 0x2303 naming the key.
 */
@Internal
public final class PropertyValues {
    private PropertyValues() {}

    /** The value of {@code key}, trimmed, or {@code fallback} when it is absent or blank. */
    public static String get(Map<String, String> properties, String key, String fallback) {
        String value = properties.get(key);
        return value == null || value.trim().isEmpty() ? fallback : value.trim();
    }

    /** The integer value of {@code key}, or {@code fallback}; @throws TDengineException 0x2303 when it is no integer */
    public static int getInt(Map<String, String> properties, String key, int fallback) {
        String value = get(properties, key, null);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new TDengineException(
                    ErrorCodes.DRIVER_INVALID_VARIABLE, key + " must be an integer, got '" + value + "'");
        }
    }
}
