package io.tdflink.table;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.common.Identifiers;
import io.tdflink.common.TimeZones;
import io.tdflink.common.types.DeclaredRowConverter;
import io.tdflink.source.TDengineSource;
import io.tdflink.source.enumerator.SourcePlan;
import io.tdflink.source.reader.BatchDecoderFactory;
import io.tdflink.table.lookup.TDengineLookup;
import io.tdflink.table.query.FilterTranslator;
import io.tdflink.table.query.PushedFilter;
import io.tdflink.table.query.ScanColumns;
import io.tdflink.table.query.ScanPartitioning;
import io.tdflink.table.query.ScanQuery;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.connector.source.abilities.SupportsFilterPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsLimitPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code 'td.jdbc.mode' = 'source'}: a bounded scan of {@code scan.query} or {@code table.name},
 * rows in the declared schema. Projections, filters and LIMIT are pushed into the query sent
 * (their values as bound parameters); {@code scan.partition.*} cuts it into parallel splits.
 * As the dimension table of a lookup join it runs the same query per key ({@link TDengineLookup}).
 * Planning uses the declared schema only; the columns behind it are described when the scan or
 * lookup starts ({@link ScanColumns}).
 */
@Internal
final class TDengineTableSource
        implements ScanTableSource,
                LookupTableSource,
                SupportsProjectionPushDown,
                SupportsFilterPushDown,
                SupportsLimitPushDown {
    private final ConnectionProperties connection;
    private final ScanSettings settings;
    private final TDengineLookup lookup;
    /** What the scan describes when it starts: the table's query and every declared field. */
    private final ScanColumns.Source source;

    private final RowType declared;
    private RowType producedType;
    private ScanQuery query;

    TDengineTableSource(
            ConnectionProperties connection,
            ScanSettings settings,
            TDengineLookup lookup,
            ScanColumns.Source source,
            RowType declared,
            RowType producedType,
            ScanQuery query) {
        this.connection = connection;
        this.settings = settings;
        this.lookup = lookup;
        this.source = source;
        this.declared = declared;
        this.producedType = producedType;
        this.query = query;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        DeclaredRowConverter converter = new DeclaredRowConverter(producedType, settings.timezone(), 0);
        RowType rowType = producedType;
        BatchDecoderFactory<RowData> decoders = classLoader -> {
            BinaryRows binary = new BinaryRows(rowType);
            return (batch, out) -> {
                for (int row = 0; row < batch.rowCount(); row++) {
                    out.add(binary.of(converter.convert(batch, row)));
                }
            };
        };
        TypeInformation<RowData> type =
                context.createTypeInformation(TypeConversions.fromLogicalToDataType(producedType));
        return SourceProvider.of(new TDengineSource<>(connection, plan(), decoders, type));
    }

    @Override
    public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
        return lookup.provider(connection, settings.timezone(), source, producedType, query, context.getKeys());
    }

    private SourcePlan plan() {
        if (settings.byVgroup()) {
            return ScanPartitioning.byVgroup(
                    source, query, settings.vgroupDatabase(), settings.vgroupTable(), settings.partitionNum());
        }
        String field = settings.partitionColumn();
        if (field == null) {
            return ScanPartitioning.none(source, query);
        }
        if (field.equalsIgnoreCase(Identifiers.TBNAME)) {
            return ScanPartitioning.bySubtable(source, query, settings.distinctTablesSql(), settings.partitionNum());
        }
        return ScanPartitioning.byTime(
                source, query, field, settings.lowerBound(), settings.upperBound(), settings.partitionNum());
    }

    @Override
    public boolean supportsNestedProjection() {
        return false;
    }

    @Override
    public void applyProjection(int[][] projectedFields, DataType producedDataType) {
        producedType = (RowType) producedDataType.getLogicalType();
        query = query.withColumns(producedType.getFieldNames());
    }

    @Override
    public Result applyFilters(List<ResolvedExpression> filters) {
        if (!settings.pushDown()) {
            return Result.of(new ArrayList<>(), filters);
        }
        Map<String, LogicalType> fields = new LinkedHashMap<>();
        for (RowType.RowField field : declared.getFields()) {
            fields.put(field.getName(), field.getType());
        }
        FilterTranslator translator = new FilterTranslator(fields, TimeZones.wallClockZone(settings.timezone()));
        List<ResolvedExpression> accepted = new ArrayList<>();
        List<ResolvedExpression> remaining = new ArrayList<>();
        for (ResolvedExpression filter : filters) {
            Optional<PushedFilter> condition = translator.translate(filter);
            if (condition.isPresent()) {
                query = query.withCondition(condition.get());
                accepted.add(filter);
            } else {
                remaining.add(filter);
            }
        }
        return Result.of(accepted, remaining);
    }

    @Override
    public void applyLimit(long limit) {
        if (settings.pushDown()) {
            query = query.withLimit(limit);
        }
    }

    @Override
    public DynamicTableSource copy() {
        return new TDengineTableSource(connection, settings, lookup, source, declared, producedType, query);
    }

    /** The SQL without its parameter values (they come from the user's query and stay out of plans and logs). */
    @Override
    public String asSummaryString() {
        return "TDengine[" + query + "]";
    }
}
