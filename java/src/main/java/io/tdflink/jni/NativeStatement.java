package io.tdflink.jni;

import org.apache.flink.annotation.Internal;

import java.util.Map;

/**
 * One statement that returns no rows (DDL such as {@code CREATE DATABASE}), run in Rust on a
 * connection of its own, closed when it returns. For queries, see {@link NativeQuery}.
 */
@Internal
public final class NativeStatement {
    static {
        NativeRuntime.ensureStarted();
    }

    private NativeStatement() {}

    /**
     * Connects and runs {@code sql}.
     *
     * @param url {@code jdbc:TAOS-WS://host:port[/db][?...]}
     * @param properties connection properties (user, password, ...); URL parameters win
     * @return the rows the statement affected
     * @throws io.tdflink.common.TDengineException with the server's code when it fails, 0x2313
     *     when the statement returns rows
     */
    public static long execute(String url, Map<String, String> properties, String sql) {
        return execute0(url, NativeJson.of(properties), sql);
    }

    private static native long execute0(String url, String propertiesJson, String sql);
}
