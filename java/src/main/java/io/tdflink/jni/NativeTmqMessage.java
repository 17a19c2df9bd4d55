package io.tdflink.jni;

import io.tdflink.common.TDengineException;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One polled TMQ message read in place from the buffer {@link NativeConsumer#poll} filled
 * (docs/native-batch-layout.md, "TMQ messages"): the header is parsed once, each block's rows
 * are a {@link NativeBatchReader} over its part of the buffer. No native call is needed to
 * read it. Valid until the next poll of its consumer, which reuses the buffer.
 */
@Internal
public final class NativeTmqMessage {
    static final byte[] MAGIC = {'T', 'D', 'F', 'M'};
    static final short VERSION = 2;
    private static final String WHAT = "TMQ message";

    private final String topic;
    private final String database;
    private final int vgroupId;
    private final long offset;
    private final long nextOffset;
    private final String[] tableNames;
    private final NativeBatchReader[] blocks;
    private final int byteLength;

    /** Parses the message occupying {@code buffer[0, length)}. */
    NativeTmqMessage(ByteBuffer buffer, int length) {
        this.byteLength = length;
        ByteBuffer in = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        in.clear().limit(length);
        try {
            NativeBatchFormat.checkHeader(in, length, MAGIC, VERSION, WHAT);
            this.vgroupId = in.getInt();
            this.offset = in.getLong();
            this.nextOffset = in.getLong();
            int count = in.getInt();
            this.topic = string(in);
            this.database = string(in);
            this.tableNames = new String[count];
            this.blocks = new NativeBatchReader[count];
            for (int i = 0; i < count; i++) {
                tableNames[i] = string(in);
                int batchLength = in.getInt();
                ByteBuffer batch = in.duplicate();
                batch.limit(in.position() + batchLength);
                blocks[i] = new NativeBatchReader(batch.slice(), batchLength);
                in.position(in.position() + batchLength);
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw invalid("truncated (" + e + ")");
        }
        if (in.position() != length) {
            throw invalid((length - in.position()) + " trailing bytes");
        }
    }

    /** A u16-length-prefixed UTF-8 string, as both TMQ layouts write names. */
    static String string(ByteBuffer in) {
        byte[] bytes = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static TDengineException invalid(String message) {
        return NativeBatchFormat.invalid(WHAT, message);
    }

    public String topic() {
        return topic;
    }

    public String database() {
        return database;
    }

    public int vgroupId() {
        return vgroupId;
    }

    /** The WAL version the message starts at. */
    public long offset() {
        return offset;
    }

    /** The vgroup's position after this message: seeking there resumes right after it. */
    public long nextOffset() {
        return nextOffset;
    }

    /** Bytes of the message as it crossed the boundary (the numBytesIn metric counts them). */
    public int byteLength() {
        return byteLength;
    }

    public int blockCount() {
        return blocks.length;
    }

    /** The child or normal table of block {@code i}, without database. */
    public String tableName(int i) {
        return tableNames[i];
    }

    /** The rows of block {@code i}. */
    public NativeBatchReader block(int i) {
        return blocks[i];
    }
}
