package io.tdflink.table.catalog;

import io.tdflink.table.TDengineConnectorOptions;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CommonCatalogOptions;
import org.apache.flink.table.factories.CatalogFactory;
import org.apache.flink.table.factories.FactoryUtil;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code CREATE CATALOG td WITH ('type' = 'tdengine', 'td.jdbc.url' = 'jdbc:TAOS-WS://host:port',
 * 'user' = '...', 'password' = '...', 'default-database' = '...')}: a {@link TDengineCatalog}.
 * The URL and credentials follow the table options' rules (the options win over the URL's
 * parameters); the default database is {@code default-database}, else the URL's, else
 * {@code information_schema}.
 */
@Internal
public final class TDengineCatalogFactory implements CatalogFactory {
    public static final String IDENTIFIER = "tdengine";

    public static final ConfigOption<String> DEFAULT_DATABASE = ConfigOptions.key(
                    CommonCatalogOptions.DEFAULT_DATABASE_KEY)
            .stringType()
            .noDefaultValue()
            .withDescription(
                    "The database of unqualified names after USE CATALOG; else the URL's database, else information_schema.");

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Collections.singleton(TDengineConnectorOptions.TD_JDBC_URL);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return new HashSet<>(
                Arrays.asList(TDengineConnectorOptions.USERNAME, TDengineConnectorOptions.PASSWORD, DEFAULT_DATABASE));
    }

    @Override
    public Catalog createCatalog(Context context) {
        FactoryUtil.CatalogFactoryHelper helper = FactoryUtil.createCatalogFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        Map<String, String> connection = new HashMap<>();
        connection.put(TDengineConnectorOptions.TD_JDBC_URL.key(), options.get(TDengineConnectorOptions.TD_JDBC_URL));
        options.getOptional(TDengineConnectorOptions.USERNAME)
                .ifPresent(user -> connection.put(TDengineConnectorOptions.USERNAME.key(), user));
        options.getOptional(TDengineConnectorOptions.PASSWORD)
                .ifPresent(password -> connection.put(TDengineConnectorOptions.PASSWORD.key(), password));
        return new TDengineCatalog(
                context.getName(),
                connection,
                options.getOptional(DEFAULT_DATABASE).orElse(null));
    }
}
