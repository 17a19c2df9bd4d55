package io.tdflink.testutils;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

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
}
