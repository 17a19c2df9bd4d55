package io.tdflink.cdc.reader;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Between the task thread (events from the enumerator, checkpoints) and the fetcher thread,
 * which owns the consumer and so makes every call on it, commits included (the official
 * connector committed from the task thread while the fetcher polled).
 */
@Internal
final class FetcherChannel {
    private final CompletableFuture<Map<Integer, Long>> startPositions = new CompletableFuture<>();
    private final AtomicReference<Map<Integer, Long>> toCommit = new AtomicReference<>();
    private final ConcurrentLinkedQueue<Set<Integer>> seeded = new ConcurrentLinkedQueue<>();
    private volatile boolean seedsDone;
    private volatile boolean idle;

    // Task thread → fetcher.

    void startAt(Map<Integer, Long> positions) {
        startPositions.complete(positions);
    }

    void seedsDone() {
        seedsDone = true;
    }

    /** Commit these positions (of the newest completed checkpoint), replacing any not yet committed. */
    void commit(Map<Integer, Long> positions) {
        toCommit.set(positions);
    }

    // Fetcher → task thread.

    void reportSeeded(Set<Integer> vgroups) {
        seeded.add(vgroups);
    }

    /** @return whether this changed the reader's idleness (the task thread must then look again) */
    boolean idle(boolean noVgroups) {
        boolean changed = idle != noVgroups;
        idle = noVgroups;
        return changed;
    }

    // Read by the fetcher.

    /** The start positions, or {@code null} if the enumerator did not answer within {@code timeoutMs}. */
    Map<Integer, Long> awaitStartPositions(long timeoutMs) throws InterruptedException {
        try {
            return startPositions.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean areSeedsDone() {
        return seedsDone;
    }

    Map<Integer, Long> takeCommit() {
        return toCommit.getAndSet(null);
    }

    // Read by the task thread.

    List<Set<Integer>> takeSeeded() {
        List<Set<Integer>> out = new ArrayList<>();
        for (Set<Integer> vgroups; (vgroups = seeded.poll()) != null; ) {
            out.add(vgroups);
        }
        return out;
    }

    boolean isIdle() {
        return idle;
    }
}
