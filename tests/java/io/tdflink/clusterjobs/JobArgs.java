package io.tdflink.clusterjobs;

import java.util.HashMap;
import java.util.Map;

/** The {@code key=value} arguments of a cluster job's main. */
final class JobArgs {
    private final Map<String, String> values = new HashMap<>();

    JobArgs(String[] args) {
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument '" + arg + "' is not key=value");
            }
            values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
    }

    String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing argument " + key + "=...");
        }
        return value;
    }

    String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    long getLong(String key, long fallback) {
        return values.containsKey(key) ? Long.parseLong(values.get(key)) : fallback;
    }
}
