package io.tdflink.table.lookup;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.table.query.ColumnBinding;
import io.tdflink.table.query.PushedFilter;
import io.tdflink.table.query.ScanColumns;
import io.tdflink.table.query.ScanQuery;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.LookupTableSource.LookupRuntimeProvider;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.LookupOptions;
import org.apache.flink.table.connector.source.lookup.PartialCachingLookupProvider;
import org.apache.flink.table.connector.source.lookup.cache.DefaultLookupCache;
import org.apache.flink.table.connector.source.lookup.cache.LookupCache;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A source table as the dimension table of lookup joins ({@code FOR SYSTEM_TIME AS OF}): the
 * lookup options, checked when the table is planned, and the runtime provider a join gets.
 * Flink's own {@link LookupOptions} and caches: {@code lookup.cache} NONE looks every probe up,
 * PARTIAL keeps answers in a {@link DefaultLookupCache} built from the
 * {@code lookup.partial-cache.*} options; FULL is not offered.
 */
@Internal
public final class TDengineLookup {
    /** The options a dimension table takes (the factory's optional options). */
    public static final Set<ConfigOption<?>> OPTIONS = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
            LookupOptions.CACHE_TYPE,
            LookupOptions.MAX_RETRIES,
            LookupOptions.PARTIAL_CACHE_MAX_ROWS,
            LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_WRITE,
            LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_ACCESS,
            LookupOptions.PARTIAL_CACHE_CACHE_MISSING_KEY)));

    private final int maxRetries;
    /** Null without a cache. */
    private final LookupCache cache;

    private TDengineLookup(int maxRetries, LookupCache cache) {
        this.maxRetries = maxRetries;
        this.cache = cache;
    }

    /** @throws ValidationException for a negative retry count, FULL caching or a PARTIAL cache without bounds */
    public static TDengineLookup from(ReadableConfig options) {
        int retries = options.get(LookupOptions.MAX_RETRIES);
        if (retries < 0) {
            throw new ValidationException(
                    "Option '" + LookupOptions.MAX_RETRIES.key() + "' is " + retries + ": use 0 (no retry) or more.");
        }
        switch (options.get(LookupOptions.CACHE_TYPE)) {
            case NONE:
                return new TDengineLookup(retries, null);
            case PARTIAL:
                return new TDengineLookup(retries, partialCache(options));
            default:
                throw new ValidationException(
                        "Option '" + LookupOptions.CACHE_TYPE.key() + "' is " + options.get(LookupOptions.CACHE_TYPE)
                                + ": a TDengine table caches lookups with NONE or PARTIAL.");
        }
    }

    private static LookupCache partialCache(ReadableConfig options) {
        Long maxRows = options.getOptional(LookupOptions.PARTIAL_CACHE_MAX_ROWS).orElse(null);
        if (maxRows != null && maxRows <= 0) {
            throw new ValidationException("Option '" + LookupOptions.PARTIAL_CACHE_MAX_ROWS.key() + "' is " + maxRows
                    + ": use a positive number of keys.");
        }
        try {
            return DefaultLookupCache.fromConfig(options);
        } catch (IllegalArgumentException e) {
            // Neither a size nor an expiry: Flink's message names the three options.
            throw new ValidationException(
                    "Option '" + LookupOptions.CACHE_TYPE.key() + "' is PARTIAL: " + e.getMessage(), e);
        }
    }

    public int maxRetries() {
        return maxRetries;
    }

    /** The cache joins share, or null without one. */
    public LookupCache cache() {
        return cache;
    }

    /**
     * What a lookup join on {@code keys} runs: the table's query with {@code key = ?} for each
     * key, behind Flink's cache when there is one.
     *
     * @param source what the function describes when it opens: the table's columns
     * @param producedType the rows produced (the declared fields, or those projected)
     * @param query the table's query, with any filters pushed into it
     * @param keys the lookup keys' indices in {@code producedType} (LookupContext#getKeys)
     */
    public LookupRuntimeProvider provider(
            ConnectionProperties connection,
            String timezone,
            ScanColumns.Source source,
            RowType producedType,
            ScanQuery query,
            int[][] keys) {
        TDengineLookupFunction function = function(connection, timezone, source, producedType, query, keys);
        return cache == null ? LookupFunctionProvider.of(function) : PartialCachingLookupProvider.of(function, cache);
    }

    TDengineLookupFunction function(
            ConnectionProperties connection,
            String timezone,
            ScanColumns.Source source,
            RowType producedType,
            ScanQuery query,
            int[][] keys) {
        if (keys.length == 0) {
            throw new ValidationException(
                    "A lookup join on a TDengine table needs an equality condition on at least one of its columns.");
        }
        List<PushedFilter> conditions = new ArrayList<>();
        String[] fields = new String[keys.length];
        LogicalType[] keyTypes = new LogicalType[keys.length];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].length != 1) {
                throw new ValidationException("A TDengine table is looked up by top-level columns, not nested fields.");
            }
            fields[i] = producedType.getFieldNames().get(keys[i][0]);
            keyTypes[i] = producedType.getTypeAt(keys[i][0]);
            if (!ColumnBinding.declared(keyTypes[i]).isPresent()) {
                throw new ValidationException(
                        "Column " + fields[i] + " is declared " + keyTypes[i].asSummaryString()
                                + ", which cannot be a lookup key: look up by text, integer, FLOAT, DOUBLE, BOOLEAN or TIMESTAMP columns, tags or tbname.");
            }
            conditions.add(PushedFilter.lookupKey(fields[i]));
        }
        // The keys' values are bound per lookup, after those of the filters pushed into the query.
        ScanQuery keyed = query.withCondition(PushedFilter.all(conditions, "and"));
        return new TDengineLookupFunction(
                connection, source, keyed, fields, keyTypes, producedType, timezone, maxRetries);
    }
}
