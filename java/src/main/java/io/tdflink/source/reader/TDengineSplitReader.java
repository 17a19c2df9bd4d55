package io.tdflink.source.reader;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeQuery;
import io.tdflink.source.split.TDengineSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * Reads the assigned splits one after another on the fetcher thread. Each {@link #fetch()} is
 * one native call returning one result block, decoded here into output elements.
 */
@Internal
final class TDengineSplitReader<OUT> implements SplitReader<OUT, TDengineSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(TDengineSplitReader.class);

    private final ConnectionProperties connection;
    private final BatchDecoder<OUT> decoder;
    private final Counter bytesIn;
    private final Deque<TDengineSplit> pending = new ArrayDeque<>();
    private TDengineSplit current;
    /** Read by {@link #wakeUp} from another thread. */
    private volatile NativeQuery query;

    TDengineSplitReader(ConnectionProperties connection, BatchDecoder<OUT> decoder, Counter bytesIn) {
        this.connection = connection;
        this.decoder = decoder;
        this.bytesIn = bytesIn;
    }

    @Override
    public RecordsWithSplitIds<OUT> fetch() throws IOException {
        if (current == null) {
            current = pending.poll();
            if (current == null) {
                return new RecordsBySplits<>(Collections.emptyMap(), Collections.emptySet());
            }
            LOG.debug("reading {}", current);
            query = open(current);
        }
        NativeBatchReader batch = query.next();
        if (batch == null && !query.finished()) {
            return new RecordsBySplits<>(Collections.emptyMap(), Collections.emptySet()); // woken
        }
        if (batch == null) {
            String finished = current.splitId();
            closeQuery();
            current = null;
            return new RecordsBySplits<>(Collections.emptyMap(), Collections.singleton(finished));
        }
        bytesIn.inc(batch.byteLength());
        List<OUT> records = new ArrayList<>(batch.rowCount());
        try {
            decoder.decode(batch, records);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot convert a row of " + current.splitId(), e);
        }
        return new RecordsBySplits<>(Collections.singletonMap(current.splitId(), records), Collections.emptySet());
    }

    private NativeQuery open(TDengineSplit split) {
        byte[] parameters = split.parameters();
        if (parameters.length == 0) {
            return NativeQuery.open(connection.url(), connection.properties(), split.sql());
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(parameters.length).put(parameters);
        return NativeQuery.open(connection.url(), connection.properties(), split.sql(), buffer, parameters.length);
    }

    @Override
    public void handleSplitsChanges(SplitsChange<TDengineSplit> splitsChanges) {
        if (!(splitsChanges instanceof SplitsAddition)) {
            throw new UnsupportedOperationException(
                    "unsupported split change " + splitsChanges.getClass().getSimpleName());
        }
        pending.addAll(splitsChanges.splits());
    }

    /** Ends a fetch waiting for the server (the fetcher is pausing or closing): it returns no records. */
    @Override
    public void wakeUp() {
        NativeQuery waiting = query;
        if (waiting != null) {
            waiting.wakeup();
        }
    }

    @Override
    public void close() {
        closeQuery();
    }

    private void closeQuery() {
        if (query != null) {
            query.close();
            query = null;
        }
    }
}
