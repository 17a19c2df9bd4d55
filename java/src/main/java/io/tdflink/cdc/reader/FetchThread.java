package io.tdflink.cdc.reader;

import org.apache.flink.annotation.Internal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The thread that owns a reader's {@link CdcFetcher} (and so its consumer, closed on this
 * thread too): it fetches into a small queue the task thread drains, and signals availability.
 */
@Internal
final class FetchThread<OUT> extends Thread {
    private static final Logger LOG = LoggerFactory.getLogger(FetchThread.class);
    /** Fetched messages waiting for the task thread: a bound keeps memory in check when Flink back-pressures. */
    private static final int QUEUE_CAPACITY = 4;

    static final long SHUTDOWN_WAIT_MS = 10_000;

    private final CdcFetcher<OUT> fetcher;
    private final BlockingQueue<CdcRecords<OUT>> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicReference<CompletableFuture<Void>> available = new AtomicReference<>(new CompletableFuture<>());
    private volatile Throwable failure;
    private volatile boolean running = true;

    FetchThread(CdcFetcher<OUT> fetcher, String name) {
        super(name);
        setDaemon(true);
        this.fetcher = fetcher;
    }

    @Override
    public void run() {
        try {
            while (running) {
                CdcRecords<OUT> records = fetcher.fetch();
                if (records != null) {
                    queue.put(records);
                    available.get().complete(null);
                }
            }
        } catch (InterruptedException e) {
            // Shutdown.
        } catch (Throwable t) {
            failure = t;
            available.get().complete(null);
        } finally {
            try {
                fetcher.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the consumer failed", e);
            }
        }
    }

    /**
     * The next fetched records, or {@code null} (then {@link #available()} completes when there
     * are some).
     *
     * @throws Exception what stopped the fetch thread
     */
    CdcRecords<OUT> poll() throws Exception {
        CdcRecords<OUT> records = queue.poll();
        if (records != null) {
            return records;
        }
        rethrowFailure();
        CompletableFuture<Void> next = new CompletableFuture<>();
        available.set(next);
        // Anything put or failed between the poll and the swap would otherwise go unsignalled.
        if (!queue.isEmpty() || failure != null) {
            next.complete(null);
        }
        return null;
    }

    CompletableFuture<Void> available() {
        return available.get();
    }

    private void rethrowFailure() throws Exception {
        Throwable t = failure;
        if (t instanceof Exception) {
            throw (Exception) t;
        }
        if (t != null) {
            throw new IllegalStateException("the CDC fetch thread failed", t);
        }
    }

    /**
     * Stops fetching and waits for the consumer to be closed, at most {@link #SHUTDOWN_WAIT_MS}:
     * a poll is woken at once, but opening, seeking or committing may wait on the network for
     * {@code messageWaitTimeout}, and a cancelled task must not hang (Flink kills the TaskManager
     * of a task that does not cancel in time). Left running, the thread still closes its
     * consumer when that call returns.
     */
    void shutdown() throws InterruptedException {
        running = false;
        interrupt();
        fetcher.wakeup();
        join(SHUTDOWN_WAIT_MS);
        if (isAlive()) {
            LOG.warn(
                    "{} is still in a native call {} ms after shutdown; it closes its consumer when the call returns",
                    getName(),
                    SHUTDOWN_WAIT_MS);
        }
    }
}
