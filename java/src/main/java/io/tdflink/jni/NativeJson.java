package io.tdflink.jni;

import org.apache.flink.annotation.Internal;

import java.util.Map;

/** Settings cross the boundary once per handle as a JSON object of strings; this writes it. */
@Internal
final class NativeJson {
    private NativeJson() {}

    static String object(Map<String, String> entries) {
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, String> e : entries.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            string(json, e.getKey()).append(':');
            string(json, e.getValue());
        }
        return json.append('}').toString();
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
