package io.tdflink.tmq;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.Objects;

/** An offset to commit for a {@link TopicPartition}, with optional metadata. As the JDBC driver's class. */
@PublicEvolving
public class OffsetAndMetadata implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The offset TMQ reports for a vgroup without one yet (-2147467247); the only negative one allowed. */
    public static final long INVALID_OFFSET = -2147467247L;

    private final long offset;
    private final String metadata;

    public OffsetAndMetadata(long offset) {
        this(offset, "");
    }

    /** @throws IllegalArgumentException for a negative offset other than {@link #INVALID_OFFSET}, as the driver does */
    public OffsetAndMetadata(long offset, String metadata) {
        if (offset < 0 && offset != INVALID_OFFSET) {
            throw new IllegalArgumentException("Invalid negative offset: " + offset);
        }
        this.offset = offset;
        this.metadata = metadata == null ? "" : metadata;
    }

    public long offset() {
        return offset;
    }

    public String metadata() {
        return metadata;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OffsetAndMetadata
                && ((OffsetAndMetadata) o).offset == offset
                && Objects.equals(((OffsetAndMetadata) o).metadata, metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(offset, metadata);
    }

    @Override
    public String toString() {
        return "OffsetAndMetadata{offset=" + offset + ", metadata='" + metadata + "'}";
    }
}
