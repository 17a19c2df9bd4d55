package io.tdflink.table.lookup;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.common.TDengineException;
import io.tdflink.common.TimeZones;
import io.tdflink.common.types.DeclaredRowConverter;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeQuery;
import io.tdflink.table.query.ColumnBinding;
import io.tdflink.table.query.QueryParameter;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.LookupFunction;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Looks rows up by key: each lookup runs the table's query with the keys bound to its
 * {@code ?} placeholders (never written into the SQL) and returns the rows in the table's
 * declared types. A NULL key, or a value no row can hold (2.5 for an integer column), matches
 * nothing and sends no query. A failed query is retried up to {@code lookup.max-retries}
 * times, 100 ms after the first failure, doubling up to 5 s; then its error is thrown with
 * the server's code.
 *
 * <p>Each lookup opens its own connection in Rust (see docs/sql-lookup.md for what that costs);
 * {@link #open} prepares buffers only.
 */
@Internal
public final class TDengineLookupFunction extends LookupFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TDengineLookupFunction.class);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final ConnectionProperties connection;
    private final String sql;
    /** Bound first: the values of filters pushed into the table's query. */
    private final List<QueryParameter> fixedParameters;
    private final ColumnBinding[] keys;
    private final LogicalType[] keyTypes;
    private final DeclaredRowConverter converter;
    private final String timezone;
    private final int maxRetries;

    private transient RowData.FieldGetter[] getters;
    private transient ZoneId wallClockZone;
    private transient ByteBuffer buffer;

    TDengineLookupFunction(ConnectionProperties connection, String sql, List<QueryParameter> fixedParameters, ColumnBinding[] keys,
            LogicalType[] keyTypes, RowType producedType, String timezone, int maxRetries) {
        this.connection = connection;
        this.sql = sql;
        this.fixedParameters = new ArrayList<>(fixedParameters);
        this.keys = keys.clone();
        this.keyTypes = keyTypes.clone();
        this.converter = new DeclaredRowConverter(producedType, timezone, 0);
        this.timezone = timezone;
        this.maxRetries = maxRetries;
    }

    @Override
    public void open(FunctionContext context) {
        prepare();
    }

    private void prepare() {
        getters = new RowData.FieldGetter[keys.length];
        for (int i = 0; i < keys.length; i++) {
            getters[i] = RowData.createFieldGetter(keyTypes[i], i);
        }
        wallClockZone = TimeZones.wallClockZone(timezone);
        buffer = ByteBuffer.allocateDirect(256);
    }

    @Override
    public Collection<RowData> lookup(RowData keyRow) throws IOException {
        List<QueryParameter> parameters = parameters(keyRow);
        if (parameters == null) {
            return Collections.emptyList();
        }
        byte[] encoded = QueryParameter.encode(parameters);
        if (buffer.capacity() < encoded.length) {
            buffer = ByteBuffer.allocateDirect(Math.max(encoded.length, 2 * buffer.capacity()));
        }
        buffer.clear();
        buffer.put(encoded);
        for (int attempt = 0;; attempt++) {
            try {
                return query(encoded.length);
            } catch (TDengineException e) {
                if (attempt >= maxRetries) {
                    throw new TDengineException(e.getErrorCode(), "lookup failed after " + (attempt + 1) + (attempt == 0 ? " attempt: " : " attempts: ")
                            + reason(e) + " (query: " + sql + ")", e);
                }
                long backoff = Math.min(FIRST_BACKOFF_MS << Math.min(attempt, 16), MAX_BACKOFF_MS);
                LOG.warn("lookup failed ({}), retry {} of {} in {} ms", e.getMessage(), attempt + 1, maxRetries, backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting to retry a lookup");
                }
            }
        }
    }

    /** {@code e}'s message without its "TDengine ERROR (0x....): " prefix, which the rethrown error repeats. */
    private static String reason(TDengineException e) {
        String message = e.getMessage();
        String prefix = String.format("TDengine ERROR (0x%04x): ", e.getErrorCode());
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : String.valueOf(message);
    }

    /** The values bound for {@code keyRow}, the pushed filters' first; null when no row can match it. */
    @VisibleForTesting
    List<QueryParameter> parameters(RowData keyRow) {
        if (getters == null) {
            prepare();
        }
        List<QueryParameter> parameters = new ArrayList<>(fixedParameters.size() + keys.length);
        parameters.addAll(fixedParameters);
        for (int i = 0; i < keys.length; i++) {
            Object value = getters[i].getFieldOrNull(keyRow);
            if (value == null) {
                return null; // NULL = x is never true
            }
            Optional<QueryParameter> parameter = keys[i].bind(ColumnBinding.fromInternal(value, keyTypes[i]), wallClockZone);
            if (!parameter.isPresent()) {
                return null;
            }
            parameters.add(parameter.get());
        }
        return parameters;
    }

    private List<RowData> query(int length) {
        List<RowData> rows = new ArrayList<>();
        try (NativeQuery query = NativeQuery.open(connection.url(), connection.properties(), sql, buffer, length)) {
            for (NativeBatchReader batch = query.next(); batch != null; batch = query.next()) {
                for (int row = 0; row < batch.rowCount(); row++) {
                    rows.add(converter.convert(batch, row));
                }
            }
        }
        return rows;
    }

    /** The SQL each lookup sends, with a {@code ?} per value. */
    @VisibleForTesting
    String sql() {
        return sql;
    }

    @Override
    public String toString() {
        return "TDengineLookupFunction[" + sql + "]";
    }
}
