package io.tdflink.jni;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A TMQ consumer living in Rust: subscription, polling, raw-data decoding, positions per
 * vgroup and reconnects happen there; each {@link #poll} is one native call returning one
 * message with its blocks in the batch layout. Not thread-safe: one thread owns it and makes
 * every call, commits included.
 */
@Internal
public final class NativeConsumer extends NativeHandle {

    static {
        NativeRuntime.ensureStarted();
    }

    private final NativeOutputBuffer output = new NativeOutputBuffer();

    private NativeConsumer(long handle) {
        super(handle);
    }

    /**
     * Connects and subscribes.
     *
     * @param properties the CDC property keys ({@code bootstrap.servers}, {@code group.id},
     *     {@code auto.offset.reset}, {@code td.connect.user}, ...); unknown keys are ignored
     * @param topics at least one topic
     */
    public static NativeConsumer open(Map<String, String> properties, List<String> topics) {
        return new NativeConsumer(open0(NativeJson.of(properties), NativeJson.of(topics)));
    }

    /** The next message, waiting up to {@code timeoutMs}; {@code null} if none came. Valid until the next poll. */
    public NativeTmqMessage poll(long timeoutMs) {
        long handle = handle();
        int length = output.fill(out -> poll0(handle, timeoutMs, out));
        return length == 0 ? null : new NativeTmqMessage(output.buffer(), length);
    }

    /**
     * Ends the {@link #poll} running on another thread now (it returns {@code null}), or else the
     * next one. The one call that may come from another thread than the owner's: it stops a
     * fetch thread without waiting for its poll timeout. A no-op once closed.
     */
    public void wakeup() {
        callIfOpen(handle -> wakeup0(handle));
    }

    /** Times the consumer reconnected since it subscribed. Owner thread only, like poll. */
    public long reconnects() {
        return reconnects0(handle());
    }

    /** The vgroups the group assigns to this consumer now. */
    public List<Assignment> assignment() {
        ByteBuffer in = ByteBuffer.wrap(assignment0(handle())).order(ByteOrder.LITTLE_ENDIAN);
        List<Assignment> out = new ArrayList<>();
        while (in.hasRemaining()) {
            out.add(new Assignment(NativeTmqMessage.string(in), in.getInt(), in.getLong(), in.getLong(), in.getLong()));
        }
        return Collections.unmodifiableList(out);
    }

    /** The next message of the vgroup starts at {@code offset}. */
    public void seek(String topic, int vgroupId, long offset) {
        seek0(handle(), topic, vgroupId, offset);
    }

    /** Commits {@code offset} for the vgroup in the consumer's group; returns once committed. */
    public void commit(String topic, int vgroupId, long offset) {
        commit0(handle(), topic, vgroupId, offset);
    }

    /** Unsubscribes and releases the consumer (via {@link #close()}). */
    @Override
    protected void release(long handle) {
        close0(handle);
    }

    /** A vgroup assigned to the consumer: its retained WAL range and the consumer's position. */
    public static final class Assignment {
        public final String topic;
        public final int vgroupId;
        public final long begin;
        public final long end;
        public final long current;

        Assignment(String topic, int vgroupId, long begin, long end, long current) {
            this.topic = topic;
            this.vgroupId = vgroupId;
            this.begin = begin;
            this.end = end;
            this.current = current;
        }

        @Override
        public String toString() {
            return topic + "/" + vgroupId + " [" + begin + ", " + end + "] at " + current;
        }
    }

    private static native long open0(String propertiesJson, String topicsJson);

    /** @return message length, 0 when none came, or -needed when {@code out} is too small */
    private static native int poll0(long handle, long timeoutMs, ByteBuffer out);

    /** Records as in native-batch-layout.md. */
    private static native byte[] assignment0(long handle);

    private static native void seek0(long handle, String topic, int vgroupId, long offset);

    private static native void commit0(long handle, String topic, int vgroupId, long offset);

    private static native void close0(long handle);

    private static native long reconnects0(long handle);

    private static native void wakeup0(long handle);
}
