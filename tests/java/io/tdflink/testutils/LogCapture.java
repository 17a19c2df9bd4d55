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
import java.util.function.Predicate;

/** Collects every log4j event while installed; used to check what reaches SLF4J. */
public final class LogCapture extends AbstractAppender implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private final List<LogEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> addedLoggers = new ArrayList<>();
    private final Map<String, Level> restoredLevels = new HashMap<>();
    private final Predicate<String> keep;

    private LogCapture(Predicate<String> keep) {
        // Unique names: captures may nest, and log4j removes appenders by name.
        super("capture-" + INSTANCES.incrementAndGet(), null, null, true, Property.EMPTY_ARRAY);
        this.keep = keep;
    }

    public static LogCapture install() {
        return install(message -> true);
    }

    /** Records only the events whose formatted message {@code keep} accepts: a long run keeps what it counts, not every event. */
    public static LogCapture install(Predicate<String> keep) {
        LogCapture capture = new LogCapture(keep);
        capture.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        config.addAppender(capture);
        config.getRootLogger().addAppender(capture, Level.ALL, null);
        // An additive logger's events reach root's appenders as well: attached to both, the
        // capture would record each of them twice.
        LoggerConfig tdflink = config.getLoggerConfig("io.tdflink");
        if (!tdflink.isAdditive()) {
            tdflink.addAppender(capture, Level.ALL, null);
        }
        ctx.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        if (keep.test(event.getMessage().getFormattedMessage())) {
            events.add(event.toImmutable());
        }
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
        } else {
            // Additive: its events reach the capture through the loggers install() attached it to.
            config.addLogger(logger, new LoggerConfig(logger, level, true));
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
        restoredLevels.forEach(
                (logger, level) -> config.getLoggers().get(logger).setLevel(level));
        ctx.updateLoggers();
        stop();
    }
}
