package io.tdflink.jni;

import io.tdflink.testutils.LogCapture;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Rust log records reach SLF4J under a logger per Rust module, filtered by the Java level. */
class NativeLogBridgeTest {

    @AfterEach
    void restoreLevel() {
        Configurator.setLevel(NativeLogForwarder.LOGGER_PREFIX, Level.INFO);
    }

    @Test
    void recordsArriveUnderTheRustModuleLogger() throws Exception {
        Configurator.setLevel(NativeLogForwarder.LOGGER_PREFIX, Level.INFO);
        awaitNativeLevel(3);
        try (LogCapture capture = LogCapture.install()) {
            NativeDiagnostics.log(3, "tdflink_client::connection", "connected to tdlite");
            NativeDiagnostics.log(1, "tdflink_native::boundary", "boom é€");
            LogEvent info =
                    await(capture, e -> e.getMessage().getFormattedMessage().equals("connected to tdlite"));
            assertEquals("io.tdflink.native.tdflink_client.connection", info.getLoggerName());
            assertEquals(Level.INFO, info.getLevel());
            LogEvent error =
                    await(capture, e -> e.getMessage().getFormattedMessage().equals("boom é€"));
            assertEquals(Level.ERROR, error.getLevel());
            assertEquals("io.tdflink.native.tdflink_native.boundary", error.getLoggerName());
        }
    }

    @Test
    void levelFilterComesFromJavaAndFollowsChanges() throws Exception {
        Configurator.setLevel(NativeLogForwarder.LOGGER_PREFIX, Level.INFO);
        awaitNativeLevel(3);
        try (LogCapture capture = LogCapture.install()) {
            NativeDiagnostics.log(4, "filter_test", "debug while at INFO");
            NativeDiagnostics.log(3, "filter_test", "info marker");
            await(capture, e -> e.getMessage().getFormattedMessage().equals("info marker"));
            assertTrue(messages(capture).stream().noneMatch(m -> m.equals("debug while at INFO")));

            Configurator.setLevel(NativeLogForwarder.LOGGER_PREFIX, Level.DEBUG);
            awaitNativeLevel(4);
            NativeDiagnostics.log(4, "filter_test", "debug after the change");
            LogEvent debug =
                    await(capture, e -> e.getMessage().getFormattedMessage().equals("debug after the change"));
            assertEquals(Level.DEBUG, debug.getLevel());
        }
    }

    /** The forwarder applies level changes once per drain cycle; wait until it has. */
    private static void awaitNativeLevel(int level) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (NativeLogForwarder.currentLevel() != level || !levelApplied(level)) {
            if (System.nanoTime() > deadline) {
                fail("native log level never became " + level);
            }
            Thread.sleep(50);
        }
    }

    /** Probes the native filter: a record at {@code level} must get through, one below must not. */
    private static boolean levelApplied(int level) throws InterruptedException {
        try (LogCapture capture = LogCapture.install()) {
            String marker = "probe-" + System.nanoTime();
            NativeDiagnostics.log(level, "level_probe", marker);
            long deadline = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            while (System.nanoTime() < deadline) {
                if (messages(capture).contains(marker)) {
                    return true;
                }
                Thread.sleep(20);
            }
            return false;
        }
    }

    private static List<String> messages(LogCapture capture) {
        return capture.events().stream()
                .map(e -> e.getMessage().getFormattedMessage())
                .collect(Collectors.toList());
    }

    private static LogEvent await(LogCapture capture, Predicate<LogEvent> match) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (LogEvent e : capture.events()) {
                if (match.test(e)) {
                    return e;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("log record never arrived; seen: " + messages(capture));
    }
}
