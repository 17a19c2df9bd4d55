package io.tdflink.testutils;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.HashMap;
import java.util.Map;

/**
 * JUnit 5 extension that runs one in-memory tdlite (the binary cargo built) on a free port for
 * a test class: {@code @RegisterExtension static final TdliteExtension TDLITE = new TdliteExtension();}.
 */
public final class TdliteExtension implements BeforeAllCallback, AfterAllCallback {
    private TdliteServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = new TdliteServer(null).start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.stop();
    }

    public TdliteServer server() {
        return server;
    }

    /** {@link TdliteServer#jdbcUrl(String)} of the running server. */
    public String jdbcUrl(String database) {
        return server.jdbcUrl(database);
    }

    /** The properties a {@code NativeConsumer} of {@code group} needs to read the server from the earliest offset; mutable. */
    public Map<String, String> consumerProperties(String group) {
        Map<String, String> p = new HashMap<>();
        p.put("bootstrap.servers", "localhost:" + server.port());
        p.put("td.connect.user", "root");
        p.put("td.connect.pass", "taosdata");
        p.put("group.id", group);
        p.put("auto.offset.reset", "earliest");
        return p;
    }
}
