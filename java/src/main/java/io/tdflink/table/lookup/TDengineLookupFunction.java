package io.tdflink.table.lookup;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.common.TDengineException;
import io.tdflink.common.types.DeclaredRowConverter;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeLifecycle;
import io.tdflink.jni.NativeQuery;
import io.tdflink.table.query.ColumnBinding;
import io.tdflink.table.query.QueryParameter;
import io.tdflink.table.query.ScanColumns;
import io.tdflink.table.query.ScanQuery;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.LookupFunction;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.reflect.Field;
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
 * {@link #open} describes the table's columns once, writes the SQL with them and prepares
 * buffers.
 */
@Internal
public final class TDengineLookupFunction extends LookupFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TDengineLookupFunction.class);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final ConnectionProperties connection;
    private final ScanColumns.Source source;
    /** The table's query with the pushed filters and a {@code key = ?} per key, in declared names. */
    private final ScanQuery query;

    private final String[] keyFields;
    private final LogicalType[] keyTypes;
    private final DeclaredRowConverter converter;
    private final int maxRetries;

    private transient String sql;
    /** Bound first: the values of filters pushed into the table's query. */
    private transient List<QueryParameter> fixedParameters;

    private transient ColumnBinding[] keys;
    private transient RowData.FieldGetter[] getters;
    private transient ZoneId wallClockZone;
    private transient ByteBuffer buffer;

    TDengineLookupFunction(
            ConnectionProperties connection,
            ScanColumns.Source source,
            ScanQuery query,
            String[] keyFields,
            LogicalType[] keyTypes,
            RowType producedType,
            String timezone,
            int maxRetries) {
        this.connection = connection;
        this.source = source;
        this.query = query;
        this.keyFields = keyFields.clone();
        this.keyTypes = keyTypes.clone();
        this.converter = new DeclaredRowConverter(producedType, timezone, 0);
        this.maxRetries = maxRetries;
    }

    @Override
    public void open(FunctionContext context) {
        runtimeContextOf(context).ifPresent(NativeLifecycle::registerReleaseHook);
        bind(source.describe(connection));
    }

    /**
     * The RuntimeContext behind {@code context}, for the native runtime's release hook:
     * FunctionContext keeps it in a private field (1.19 to 2.3) and offers no
     * UserCodeClassLoader. Without it (a Flink that renamed the field) no hook is registered,
     * and a per-job library copy lives as long as the job's classloader.
     */
    @VisibleForTesting
    static Optional<RuntimeContext> runtimeContextOf(FunctionContext context) {
        try {
            Field field = FunctionContext.class.getDeclaredField("context");
            field.setAccessible(true);
            return Optional.ofNullable((RuntimeContext) field.get(context));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug(
                    "no RuntimeContext in the lookup's FunctionContext ({}): no release hook for the native runtime",
                    e.toString());
            return Optional.empty();
        }
    }

    /** Writes the SQL with the table's columns and binds the keys to them. */
    @VisibleForTesting
    void bind(ScanColumns columns) {
        sql = query.sql(columns::quoted);
        fixedParameters = query.parameters(columns);
        keys = new ColumnBinding[keyFields.length];
        getters = new RowData.FieldGetter[keyFields.length];
        for (int i = 0; i < keyFields.length; i++) {
            keys[i] = columns.binding(keyFields[i]);
            getters[i] = RowData.createFieldGetter(keyTypes[i], i);
        }
        wallClockZone = columns.wallClockZone();
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
        for (int attempt = 0; ; attempt++) {
            try {
                return query(encoded.length);
            } catch (TDengineException e) {
                if (attempt >= maxRetries) {
                    throw new TDengineException(
                            e.getErrorCode(),
                            "lookup failed after " + (attempt + 1) + (attempt == 0 ? " attempt: " : " attempts: ")
                                    + reason(e) + " (query: " + sql + ")",
                            e);
                }
                long backoff = Math.min(FIRST_BACKOFF_MS << Math.min(attempt, 16), MAX_BACKOFF_MS);
                LOG.warn(
                        "lookup failed ({}), retry {} of {} in {} ms",
                        e.getMessage(),
                        attempt + 1,
                        maxRetries,
                        backoff);
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
        return message != null && message.startsWith(prefix)
                ? message.substring(prefix.length())
                : String.valueOf(message);
    }

    /** The values bound for {@code keyRow}, the pushed filters' first; null when no row can match it. */
    @VisibleForTesting
    List<QueryParameter> parameters(RowData keyRow) {
        List<QueryParameter> parameters = new ArrayList<>(fixedParameters.size() + keys.length);
        parameters.addAll(fixedParameters);
        for (int i = 0; i < keys.length; i++) {
            Object value = getters[i].getFieldOrNull(keyRow);
            if (value == null) {
                return null; // NULL = x is never true
            }
            Optional<QueryParameter> parameter =
                    keys[i].bind(ColumnBinding.fromInternal(value, keyTypes[i]), wallClockZone);
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
        return "TDengineLookupFunction[" + query + "]";
    }
}
