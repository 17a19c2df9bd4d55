package io.tdflink.testutils;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Collects every log4j event while installed; used to check what reaches SLF4J. */
public final class LogCapture extends AbstractAppender implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private final List<LogEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> addedLoggers = new ArrayList<>();
    private final Map<String, Level> restoredLevels = new HashMap<>();

    private LogCapture() {
        // Unique names: captures may nest, and log4j removes appenders by name.
        super("capture-" + INSTANCES.incrementAndGet(), null, null, true, Property.EMPTY_ARRAY);
    }

    public static LogCapture install() {
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

    /** Also records {@code logger}'s events from {@code level} up (e.g. DEBUG), until closed. */
    public LogCapture withLevel(String logger, Level level) {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        LoggerConfig existing = config.getLoggers().get(logger);
        if (existing != null) {
            // A logger of the configuration file (io.tdflink): lowered now, its level restored on close.
            restoredLevels.putIfAbsent(logger, existing.getLevel());
            existing.setLevel(level);
            if (!existing.getAppenders().containsKey(getName())) {
                existing.addAppender(this, level, null);
            }
        } else {
            LoggerConfig loggerConfig = new LoggerConfig(logger, level, true);
            loggerConfig.addAppender(this, level, null);
            config.addLogger(logger, loggerConfig);
            addedLoggers.add(logger);
        }
        ctx.updateLoggers();
        return this;
    }

    /** The messages recorded so far, formatted. */
    public List<String> messages() {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.getMessage().getFormattedMessage()));
        return out;
    }

    public List<LogEvent> events() {
        return events;
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        config.getRootLogger().removeAppender(getName());
        config.getLoggerConfig("io.tdflink").removeAppender(getName());
        addedLoggers.forEach(config::removeLogger);
        restoredLevels.forEach((logger, level) -> config.getLoggers().get(logger).setLevel(level));
        ctx.updateLoggers();
        stop();
    }
}
