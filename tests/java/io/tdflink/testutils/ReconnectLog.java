package io.tdflink.testutils;

/**
 * Counts the reconnects the native client logs ({@code reconnected to ws://host:port/path at
 * attempt n}, docs/client.md), per proxy port, while installed.
 */
public final class ReconnectLog implements AutoCloseable {
    private static final String RECONNECTED = "reconnected to ";
    private final LogCapture capture = LogCapture.install(message -> message.startsWith(RECONNECTED));

    /** Reconnects of connections through {@code proxy}. */
    public long count(FaultProxy proxy) {
        String address = ":" + proxy.port() + "/";
        return capture.messages().stream()
                .filter(message -> message.contains(address))
                .count();
    }

    @Override
    public void close() {
        capture.close();
    }
}
