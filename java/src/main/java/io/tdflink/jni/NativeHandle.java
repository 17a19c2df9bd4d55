package io.tdflink.jni;

import io.tdflink.common.ErrorCodes;
import io.tdflink.common.TDengineException;

import org.apache.flink.annotation.Internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * A Java object owning one native handle: the single owner, released exactly once.
 *
 * <p>{@link #close()} may be called any number of times and from any thread; only the first
 * call releases. There is deliberately no finalizer: Flink's lifecycle methods
 * ({@code SplitReader.close}, {@code SinkWriter.close}, ...) close handles, and the native
 * side turns use after release into error 0x2322 rather than a crash.
 */
@Internal
public abstract class NativeHandle implements AutoCloseable {
    private final long handle;
    private final AtomicBoolean closed = new AtomicBoolean();

    protected NativeHandle(long handle) {
        this.handle = handle;
    }

    /** The raw handle for a native call; throws 0x2322 if this object was closed. */
    protected final long handle() {
        if (closed.get()) {
            throw new TDengineException(
                    ErrorCodes.DRIVER_RESOURCE_FREED, getClass().getSimpleName() + " has been closed");
        }
        return handle;
    }

    public final boolean isClosed() {
        return closed.get();
    }

    /**
     * Runs {@code call} with the raw handle unless this object is closed: for the one call
     * another thread than the owner's may make (a wakeup). A close racing it turns it into a
     * no-op (the native side answers 0x2322 for a released handle, which is dropped here).
     */
    protected final void callIfOpen(LongConsumer call) {
        if (!isClosed()) {
            try {
                call.accept(handle());
            } catch (TDengineException e) {
                // Closed by its owner between the check and the call: nothing left to do.
            }
        }
    }

    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            release(handle);
        }
    }

    /** Releases the native state; called once. */
    protected abstract void release(long handle);
}
