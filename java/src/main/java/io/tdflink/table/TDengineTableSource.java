package io.tdflink.table;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.common.Identifiers;
import io.tdflink.common.TimeZones;
import io.tdflink.common.types.DeclaredRowConverter;
import io.tdflink.jni.NativeColumn;
import io.tdflink.source.TDengineSource;
import io.tdflink.source.enumerator.SourcePlan;
import io.tdflink.source.reader.BatchDecoderFactory;
import io.tdflink.table.lookup.TDengineLookup;
import io.tdflink.table.query.FilterTranslator;
import io.tdflink.table.query.ScanPartitioning;
import io.tdflink.table.query.ScanQuery;
import io.tdflink.table.query.SqlCondition;

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
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code 'td.jdbc.mode' = 'source'}: a bounded scan of {@code scan.query} or {@code table.name},
 * rows in the declared schema. Projections, filters and LIMIT are pushed into the query sent
 * (their values as bound parameters); {@code scan.partition.*} cuts it into parallel splits.
 * As the dimension table of a lookup join it runs the same query per key ({@link TDengineLookup}).
 */
@Internal
final class TDengineTableSource implements ScanTableSource, LookupTableSource, SupportsProjectionPushDown, SupportsFilterPushDown, SupportsLimitPushDown {
    private final ConnectionProperties connection;
    private final ScanSettings settings;
    private final TDengineLookup lookup;
    /** The TDengine column behind each declared field (by declared name). */
    private final Map<String, NativeColumn> columns;
    private RowType producedType;
    private ScanQuery query;

    TDengineTableSource(ConnectionProperties connection, ScanSettings settings, TDengineLookup lookup, Map<String, NativeColumn> columns, RowType declared, ScanQuery query) {
        this.connection = connection;
        this.settings = settings;
        this.lookup = lookup;
        this.columns = columns;
        this.producedType = declared;
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
        TypeInformation<RowData> type = context.createTypeInformation(TypeConversions.fromLogicalToDataType(producedType));
        return SourceProvider.of(new TDengineSource<>(connection, plan(), decoders, type));
    }

    @Override
    public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
        return lookup.provider(connection, settings.timezone(), columns, producedType, query, context.getKeys());
    }

    private SourcePlan plan() {
        if (settings.byVgroup()) {
            return ScanPartitioning.byVgroup(query, settings.vgroupDatabase(), settings.vgroupTable(), settings.partitionNum());
        }
        String column = settings.partitionColumn();
        if (column == null) {
            return ScanPartitioning.none(query);
        }
        NativeColumn partition = columns.get(column);
        if (partition.name().equalsIgnoreCase(Identifiers.TBNAME)) {
            return ScanPartitioning.bySubtable(query, settings.distinctTablesSql(), settings.partitionNum());
        }
        return ScanPartitioning.byTime(query, partition.name(), partition.precision(), settings.lowerTicks(partition.precision()),
                settings.upperTicks(partition.precision()), settings.partitionNum());
    }

    @Override
    public boolean supportsNestedProjection() {
        return false;
    }

    @Override
    public void applyProjection(int[][] projectedFields, DataType producedDataType) {
        producedType = (RowType) producedDataType.getLogicalType();
        List<String> read = new ArrayList<>();
        for (String field : producedType.getFieldNames()) {
            read.add(columns.get(field).name());
        }
        query = query.withColumns(read);
    }

    @Override
    public Result applyFilters(List<ResolvedExpression> filters) {
        if (!settings.pushDown()) {
            return Result.of(new ArrayList<>(), filters);
        }
        FilterTranslator translator = new FilterTranslator(columns, TimeZones.wallClockZone(settings.timezone()));
        List<ResolvedExpression> accepted = new ArrayList<>();
        List<ResolvedExpression> remaining = new ArrayList<>();
        for (ResolvedExpression filter : filters) {
            Optional<SqlCondition> condition = translator.translate(filter);
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
        return new TDengineTableSource(connection, settings, lookup, columns, producedType, query);
    }

    /** The SQL without its parameter values (they come from the user's query and stay out of plans and logs). */
    @Override
    public String asSummaryString() {
        return "TDengine[" + query.sql() + "]";
    }
}
