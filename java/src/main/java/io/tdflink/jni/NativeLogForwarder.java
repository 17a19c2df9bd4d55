package io.tdflink.jni;

import org.apache.flink.annotation.Internal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pulls Rust log records in batches and logs each through SLF4J under
 * {@code io.tdflink.native.<rust module path>}.
 *
 * <p>Rust never calls into the JVM to log: one daemon thread per classloader that uses the
 * library drains the native queue (the classloaders of several jobs share one queue). The level of the logger {@code io.tdflink.native} decides what Rust queues at
 * all, and is re-read on every drain cycle, so a changed logging configuration takes effect
 * within a second.
 */
@Internal
final class NativeLogForwarder implements Runnable {
    /** Parent of every logger Rust records are written to. */
    static final String LOGGER_PREFIX = "io.tdflink.native";

    private static final int DRAIN_TIMEOUT_MS = 1000;
    private static final int BUFFER_BYTES = 64 * 1024;

    private static volatile Thread thread;
    /** Set when this classloader is released; other classloaders may still log through the library. */
    private static volatile boolean stopping;

    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private int level = currentLevel();

    private NativeLogForwarder() {}

    static synchronized void start() {
        if (thread != null && thread.isAlive()) {
            return;
        }
        Thread t = new Thread(new NativeLogForwarder(), "tdflink-native-log");
        t.setDaemon(true);
        // Do not pin whatever classloader the starting thread happens to carry.
        t.setContextClassLoader(NativeLogForwarder.class.getClassLoader());
        thread = t;
        t.start();
    }

    /** Stops this classloader's forwarder (within a drain timeout) and waits for it. */
    static void stop() {
        stopping = true;
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The level of {@code io.tdflink.native} in the numbering the native side uses. */
    static int currentLevel() {
        Logger root = LoggerFactory.getLogger(LOGGER_PREFIX);
        if (root.isTraceEnabled()) {
            return 5;
        } else if (root.isDebugEnabled()) {
            return 4;
        } else if (root.isInfoEnabled()) {
            return 3;
        } else if (root.isWarnEnabled()) {
            return 2;
        } else if (root.isErrorEnabled()) {
            return 1;
        }
        return 0;
    }

    @Override
    public void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        while (true) {
            int bytes = NativeLog.drain(buffer, DRAIN_TIMEOUT_MS);
            if (bytes < 0) {
                return;
            }
            forward(buffer, bytes);
            if (stopping) {
                return;
            }
            int newLevel = currentLevel();
            if (newLevel != level) {
                level = newLevel;
                NativeRuntime.setLogLevel(newLevel);
            }
        }
    }

    private void forward(ByteBuffer buffer, int bytes) {
        int pos = 0;
        while (pos < bytes) {
            int recordLevel = buffer.get(pos);
            int targetLength = Short.toUnsignedInt(buffer.getShort(pos + 1));
            String target = utf8(buffer, pos + 3, targetLength);
            int messageStart = pos + 3 + targetLength;
            int messageLength = buffer.getInt(messageStart);
            String message = utf8(buffer, messageStart + 4, messageLength);
            pos = messageStart + 4 + messageLength;
            log(loggers.computeIfAbsent(target, NativeLogForwarder::loggerFor), recordLevel, message);
        }
    }

    static Logger loggerFor(String rustTarget) {
        return LoggerFactory.getLogger(LOGGER_PREFIX + "." + rustTarget.replace("::", "."));
    }

    private static String utf8(ByteBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        ByteBuffer view = buffer.duplicate();
        view.position(offset);
        view.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void log(Logger logger, int level, String message) {
        switch (level) {
            case 1:
                logger.error(message);
                break;
            case 2:
                logger.warn(message);
                break;
            case 3:
                logger.info(message);
                break;
            case 4:
                logger.debug(message);
                break;
            default:
                logger.trace(message);
        }
    }
}
