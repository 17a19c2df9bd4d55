package io.tdflink.jni;

import org.apache.flink.annotation.Internal;

import java.util.List;
import java.util.Map;

/**
 * Settings cross the boundary once per handle as JSON; this writes it from strings, numbers,
 * booleans, lists and string-keyed maps (no JSON library in the connector's dependencies).
 */
@Internal
public final class NativeJson {
    private NativeJson() {}

    public static String of(Object value) {
        return write(new StringBuilder(), value).toString();
    }

    private static StringBuilder write(StringBuilder json, Object value) {
        if (value == null) {
            return json.append("null");
        } else if (value instanceof String) {
            return string(json, (String) value);
        } else if (value instanceof Number || value instanceof Boolean) {
            return json.append(value);
        } else if (value instanceof List) {
            json.append('[');
            List<?> list = (List<?>) value;
            for (int i = 0; i < list.size(); i++) {
                write(i > 0 ? json.append(',') : json, list.get(i));
            }
            return json.append(']');
        } else if (value instanceof Map) {
            json.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                string(first ? json : json.append(','), String.valueOf(e.getKey()))
                        .append(':');
                write(json, e.getValue());
                first = false;
            }
            return json.append('}');
        }
        throw new IllegalArgumentException(
                "no JSON form for " + value.getClass().getName());
    }

    private static StringBuilder string(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"');
    }
}
