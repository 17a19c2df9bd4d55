package io.tdflink.table.catalog;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogTable;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table the catalog derives from TDengine: its schema and the connector options that read
 * and write it, unpartitioned. Our own class because Flink has no factory for catalog tables
 * on every supported version: {@code CatalogTable.of} is gone in 2.0 and
 * {@code CatalogTable.newBuilder()} came after 1.19.
 */
@Internal
final class TDengineCatalogTable implements CatalogTable {
    private final Schema schema;
    private final Map<String, String> options;

    TDengineCatalogTable(Schema schema, Map<String, String> options) {
        this.schema = schema;
        this.options = Collections.unmodifiableMap(new HashMap<>(options));
    }

    @Override
    public Schema getUnresolvedSchema() {
        return schema;
    }

    @Override
    public Map<String, String> getOptions() {
        return options;
    }

    @Override
    public String getComment() {
        return null;
    }

    @Override
    public boolean isPartitioned() {
        return false;
    }

    @Override
    public List<String> getPartitionKeys() {
        return Collections.emptyList();
    }

    @Override
    public CatalogTable copy(Map<String, String> newOptions) {
        return new TDengineCatalogTable(schema, newOptions);
    }

    @Override
    public CatalogBaseTable copy() {
        return new TDengineCatalogTable(schema, options);
    }

    @Override
    public Optional<String> getDescription() {
        return Optional.empty();
    }

    @Override
    public Optional<String> getDetailedDescription() {
        return Optional.empty();
    }
}
