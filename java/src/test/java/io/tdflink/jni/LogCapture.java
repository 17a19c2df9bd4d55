package io.tdflink.jni;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Collects every log4j event while installed; used to check what reaches SLF4J. */
final class LogCapture extends AbstractAppender implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private final List<LogEvent> events = new CopyOnWriteArrayList<>();

    private LogCapture() {
        // Unique names: captures may nest, and log4j removes appenders by name.
        super("capture-" + INSTANCES.incrementAndGet(), null, null, true, Property.EMPTY_ARRAY);
    }

    static LogCapture install() {
        LogCapture capture = new LogCapture();
        capture.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        config.addAppender(capture);
        config.getRootLogger().addAppender(capture, Level.ALL, null);
        config.getLoggerConfig("io.tdflink").addAppender(capture, Level.ALL, null);
        ctx.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        events.add(event.toImmutable());
    }

    List<LogEvent> events() {
        return events;
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        config.getRootLogger().removeAppender(getName());
        config.getLoggerConfig("io.tdflink").removeAppender(getName());
        ctx.updateLoggers();
        stop();
    }
}
