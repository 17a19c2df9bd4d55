package io.tdflink.testutils;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fires faults at a {@link FaultProxy} on a background thread, one every {@code every}: the kinds
 * in turn (so each kind fires in any run of four or more), their durations drawn from a seeded
 * random, and counts them by kind. Stalls stay far below the connector's message timeout, so a
 * stall delays requests but never fails them.
 */
public final class FaultSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FaultSchedule.class);

    public enum Kind {
        RESET,
        STALL,
        LATENCY,
        CUT
    }

    private final FaultProxy proxy;
    private final Duration every;
    private final Random random;
    private final Map<Kind, AtomicInteger> counts = new EnumMap<>(Kind.class);
    private final Thread thread;
    private volatile boolean stopped;

    private FaultSchedule(FaultProxy proxy, Duration every, long seed) {
        this.proxy = proxy;
        this.every = every;
        this.random = new Random(seed);
        for (Kind kind : Kind.values()) {
            counts.put(kind, new AtomicInteger());
        }
        this.thread = new Thread(this::run, "fault-schedule-" + proxy.port());
        thread.setDaemon(true);
    }

    /** Starts firing at {@code proxy}, the first fault one interval from now. */
    public static FaultSchedule start(FaultProxy proxy, Duration every, long seed) {
        FaultSchedule schedule = new FaultSchedule(proxy, every, seed);
        LOG.info("faults every {} at proxy port {} (seed {})", every, proxy.port(), seed);
        schedule.thread.start();
        return schedule;
    }

    public int count(Kind kind) {
        return counts.get(kind).get();
    }

    /** {@code reset=3 stall=2 latency=2 cut=2 cut_connections=2 connections=9}: the counts as the FAULTS line carries them. */
    public String summary() {
        StringBuilder out = new StringBuilder();
        for (Kind kind : Kind.values()) {
            out.append(kind.name().toLowerCase())
                    .append('=')
                    .append(count(kind))
                    .append(' ');
        }
        return out.append("cut_connections=")
                .append(proxy.cutsDone())
                .append(" connections=")
                .append(proxy.connectionsAccepted())
                .toString();
    }

    private void run() {
        try {
            for (int n = 0; !stopped; n++) {
                TimeUnit.MILLISECONDS.sleep(every.toMillis());
                if (!stopped) {
                    fire(Kind.values()[n % Kind.values().length]);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fire(Kind kind) {
        switch (kind) {
            case RESET:
                LOG.info("fault: reset {} connections", proxy.reset());
                break;
            case STALL:
                Duration stall = Duration.ofMillis(200 + random.nextInt(2800));
                proxy.stall(stall);
                LOG.info("fault: stall for {}", stall);
                break;
            case LATENCY:
                Duration delay = Duration.ofMillis(5 + random.nextInt(60));
                Duration period = Duration.ofMillis(1000 + random.nextInt(3000));
                proxy.latency(delay, period);
                LOG.info("fault: {} latency for {}", delay, period);
                break;
            case CUT:
                LOG.info("fault: cut armed on {} connections", proxy.cut());
                break;
            default:
                throw new IllegalStateException(kind.name());
        }
        counts.get(kind).incrementAndGet();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
