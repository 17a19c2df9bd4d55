package io.tdflink.table.catalog;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.common.Identifiers;
import io.tdflink.common.TDengineConfigParams;
import io.tdflink.common.TDengineDataType;
import io.tdflink.common.TDengineException;
import io.tdflink.common.options.OptionRegistry;
import io.tdflink.common.types.TDengineTypeMapping;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeColumn;
import io.tdflink.jni.NativeQuery;
import io.tdflink.jni.NativeStatement;
import io.tdflink.table.TDengineConnectorOptions;
import io.tdflink.table.TDengineDynamicTableFactory;
import io.tdflink.table.TableProperties;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.AbstractCatalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogBaseTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotEmptyException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.FunctionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotPartitionedException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.table.expressions.Expression;
import org.apache.flink.table.factories.Factory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.utils.TypeConversions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A TDengine server as a Flink catalog ({@code 'type' = 'tdengine'}): its databases, and in
 * each its supertables and normal tables (subtables are rows of their supertable, reached
 * through its {@code tbname} column). A table's schema is derived from TDengine (columns,
 * then tags, then {@code tbname} for a supertable; types by {@link TDengineTypeMapping}); its
 * options make it a {@code tdengine-connector} source and sink, so it is read and written with
 * no CREATE TABLE, and becomes a CDC source through dynamic options.
 *
 * <p>Databases and tables may be created and dropped; ALTER, RENAME, views, partitions and
 * functions are not TDengine's and are refused. Every name reaches SQL through
 * {@link Identifiers}; the catalog sends no value as SQL text.
 */
@Internal
public class TDengineCatalog extends AbstractCatalog {
    /** The CREATE TABLE option naming the tag columns of a supertable. */
    public static final String TAGS_OPTION = "tags";
    /** Database properties: the timestamp precision and the vgroups. */
    public static final String PRECISION_PROPERTY = "precision";

    public static final String VGROUPS_PROPERTY = "vgroups";
    /** TDengine's system databases: there, usable as the default database, but not listed. */
    static final List<String> SYSTEM_DATABASES = Arrays.asList("information_schema", "performance_schema");

    private static final List<String> PRECISIONS = Arrays.asList("ms", "us", "ns");
    private static final String NOTE_TAG = "TAG";

    private enum Kind {
        SUPERTABLE,
        NORMAL
    }

    /** The catalog's server, without credentials and without a database. */
    private final TableProperties.Server server;
    /** URL and properties of the catalog's own connections. */
    private final ConnectionProperties connection;

    /**
     * @param options {@code td.jdbc.url}, {@code user}, {@code password} (the table factory's
     *     options and precedence: options over the URL's parameters)
     * @param defaultDatabase {@code null}: the URL's database, else {@code information_schema}
     */
    public TDengineCatalog(String name, Map<String, String> options, String defaultDatabase) {
        this(name, Configuration.fromMap(options), defaultDatabase);
    }

    private TDengineCatalog(String name, Configuration options, String defaultDatabase) {
        this(
                name,
                options,
                TableProperties.server(options.get(TDengineConnectorOptions.TD_JDBC_URL), options),
                defaultDatabase);
    }

    private TDengineCatalog(String name, Configuration options, TableProperties.Server server, String defaultDatabase) {
        super(
                name,
                defaultDatabase != null && !defaultDatabase.trim().isEmpty()
                        ? defaultDatabase.trim()
                        : server.database().orElse(SYSTEM_DATABASES.get(0)));
        this.server = server.withDatabase(null);
        Configuration own = new Configuration(options);
        own.set(TDengineConnectorOptions.TD_JDBC_URL, this.server.url());
        server.user().ifPresent(u -> own.set(TDengineConnectorOptions.USERNAME, u));
        server.password().ifPresent(p -> own.set(TDengineConnectorOptions.PASSWORD, p));
        this.connection = ConnectionProperties.from(TableProperties.connection(own, OptionRegistry.SOURCE));
    }

    /**
     * Logs in and lists the databases: a wrong address or password fails here, with a message
     * that never shows the password. It is a {@link ValidationException}: Flink (1.19) answers a
     * CatalogException from {@code open()} with a message listing the catalog's options
     * unmasked, password and URL included.
     */
    @Override
    public void open() throws CatalogException {
        try {
            databases();
        } catch (CatalogException e) {
            throw new ValidationException("Catalog " + getName() + " cannot use TDengine at " + server.address()
                    + " as user " + connection.properties().get(TDengineConfigParams.PROPERTY_KEY_USER) + ": "
                    + e.getMessage());
        }
    }

    @Override
    public void close() throws CatalogException {
        // Every call opens and closes its own connection: nothing is held.
    }

    // ---- databases ----

    @Override
    public List<String> listDatabases() throws CatalogException {
        List<String> names = new ArrayList<>();
        for (Map<String, Object> row : databases()) {
            String name = (String) row.get("name");
            if (!SYSTEM_DATABASES.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    @Override
    public CatalogDatabase getDatabase(String databaseName) throws DatabaseNotExistException, CatalogException {
        // SHOW DATABASES names them only; information_schema has their options (every row: no value becomes SQL text).
        Map<String, Object> row = rows(
                        "describe database " + databaseName,
                        "SELECT name, `precision`, vgroups FROM information_schema.ins_databases")
                .stream()
                .filter(r -> databaseName.equals(r.get("name")))
                .findFirst()
                .orElseThrow(() -> new DatabaseNotExistException(getName(), databaseName));
        Map<String, String> properties = new LinkedHashMap<>();
        if (row.get(PRECISION_PROPERTY) != null) {
            properties.put(PRECISION_PROPERTY, row.get(PRECISION_PROPERTY).toString());
        }
        if (row.get(VGROUPS_PROPERTY) != null) {
            properties.put(VGROUPS_PROPERTY, row.get(VGROUPS_PROPERTY).toString());
        }
        return new CatalogDatabaseImpl(properties, null);
    }

    @Override
    public boolean databaseExists(String databaseName) throws CatalogException {
        return database(databaseName).isPresent();
    }

    /**
     * {@code CREATE DATABASE}: properties {@code precision} ({@code ms}, {@code us} or
     * {@code ns}) and {@code vgroups} (a positive integer) become TDengine's options; TDengine
     * databases have no comment.
     */
    @Override
    public void createDatabase(String name, CatalogDatabase database, boolean ignoreIfExists)
            throws DatabaseAlreadyExistException, CatalogException {
        if (databaseExists(name)) {
            if (ignoreIfExists) {
                return;
            }
            throw new DatabaseAlreadyExistException(getName(), name);
        }
        if (database.getComment() != null && !database.getComment().isEmpty()) {
            throw new CatalogException("Cannot create database " + name + " in catalog " + getName()
                    + ": TDengine databases have no comment.");
        }
        StringBuilder sql = new StringBuilder("CREATE DATABASE ").append(Identifiers.quote(name));
        for (Map.Entry<String, String> property : database.getProperties().entrySet()) {
            String key = property.getKey().trim().toLowerCase(Locale.ROOT);
            String value =
                    property.getValue() == null ? "" : property.getValue().trim();
            if (key.equals(PRECISION_PROPERTY)) {
                int known = PRECISIONS.indexOf(value.toLowerCase(Locale.ROOT));
                if (known < 0) {
                    throw new CatalogException("Cannot create database " + name + ": property 'precision' is '" + value
                            + "'; use ms, us or ns.");
                }
                sql.append(" PRECISION '").append(PRECISIONS.get(known)).append('\'');
            } else if (key.equals(VGROUPS_PROPERTY)) {
                sql.append(" VGROUPS ").append(positive(name, value));
            } else {
                throw new CatalogException("Cannot create database " + name + ": property '" + property.getKey()
                        + "' is not one the TDengine catalog knows; use 'precision' (ms, us, ns) or 'vgroups'.");
            }
        }
        execute("create database " + name, sql.toString());
    }

    private static int positive(String database, String value) {
        try {
            int vgroups = Integer.parseInt(value);
            if (vgroups > 0) {
                return vgroups;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new CatalogException("Cannot create database " + database + ": property 'vgroups' is '" + value
                + "'; use a positive integer.");
    }

    /** {@code DROP DATABASE}; without CASCADE only an empty database (no table of any kind). */
    @Override
    public void dropDatabase(String name, boolean ignoreIfNotExists, boolean cascade)
            throws DatabaseNotExistException, DatabaseNotEmptyException, CatalogException {
        if (!databaseExists(name)) {
            if (ignoreIfNotExists) {
                return;
            }
            throw new DatabaseNotExistException(getName(), name);
        }
        if (SYSTEM_DATABASES.contains(name)) {
            throw new CatalogException("Cannot drop " + name + ": it is a TDengine system database.");
        }
        if (!cascade
                && (!names("SHOW " + Identifiers.quote(name) + ".STABLES").isEmpty()
                        || !names("SHOW " + Identifiers.quote(name) + ".TABLES").isEmpty())) {
            throw new DatabaseNotEmptyException(getName(), name);
        }
        execute("drop database " + name, "DROP DATABASE " + Identifiers.quote(name));
    }

    @Override
    public void alterDatabase(String name, CatalogDatabase newDatabase, boolean ignoreIfNotExists)
            throws CatalogException {
        throw unsupported("ALTER DATABASE");
    }

    // ---- tables ----

    /** The supertables and normal tables of a database (subtables are rows of their supertable). */
    @Override
    public List<String> listTables(String databaseName) throws DatabaseNotExistException, CatalogException {
        if (!databaseExists(databaseName)) {
            throw new DatabaseNotExistException(getName(), databaseName);
        }
        return new ArrayList<>(tables(databaseName).keySet());
    }

    @Override
    public List<String> listViews(String databaseName) throws DatabaseNotExistException, CatalogException {
        if (!databaseExists(databaseName)) {
            throw new DatabaseNotExistException(getName(), databaseName);
        }
        return Collections.emptyList();
    }

    @Override
    public CatalogBaseTable getTable(ObjectPath tablePath) throws TableNotExistException, CatalogException {
        Kind kind = kind(tablePath).orElseThrow(() -> new TableNotExistException(getName(), tablePath));
        String db = tablePath.getDatabaseName();
        String table = tablePath.getObjectName();
        String relation = Identifiers.qualified(db, table);
        List<Map<String, Object>> fields = rows("describe " + tablePath.getFullName(), "DESCRIBE " + relation);
        Map<String, NativeColumn> result = new HashMap<>();
        try {
            for (NativeColumn column : NativeQuery.describe(
                            connection.url(), connection.properties(), "select * from " + relation)
                    .schema()) {
                result.put(column.name(), column);
            }
        } catch (TDengineException e) {
            throw failure("describe " + tablePath.getFullName(), e);
        }
        Schema.Builder schema = Schema.newBuilder();
        String timestamp = null;
        for (Map<String, Object> field : fields) {
            String name = (String) field.get("field");
            NativeColumn described = result.get(name);
            if (described == null) {
                throw new CatalogException("Cannot read the schema of " + tablePath.getFullName() + ": column " + name
                        + " is missing from its rows.");
            }
            Object length = field.get("length");
            // DESCRIBE's length is the declared one (characters for NCHAR).
            NativeColumn column = new NativeColumn(
                    name,
                    described.type(),
                    described.precision(),
                    described.scale(),
                    length instanceof Number ? ((Number) length).intValue() : described.bytes());
            DataType type = TypeConversions.fromLogicalToDataType(TDengineTypeMapping.defaultType(column));
            if (timestamp == null) {
                timestamp = name; // TDengine's first column is the TIMESTAMP key
                type = type.notNull();
            }
            schema.column(name, type);
        }
        if (kind == Kind.SUPERTABLE) {
            schema.column(
                    Identifiers.TBNAME,
                    DataTypes.VARCHAR(TDengineTypeMapping.TBNAME_WIDTH).notNull());
            schema.primaryKey(Identifiers.TBNAME, timestamp);
        } else {
            schema.primaryKey(timestamp);
        }
        return new TDengineCatalogTable(schema.build(), tableOptions(db, table, kind));
    }

    /** Builds this catalog's tables with its password, which their options never hold. */
    @Override
    public Optional<Factory> getFactory() {
        return Optional.of(new TDengineDynamicTableFactory(server.password().orElse(null)));
    }

    /** What makes a catalog table a {@code tdengine-connector} source and sink; no password. */
    private Map<String, String> tableOptions(String db, String table, Kind kind) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(FactoryUtil.CONNECTOR.key(), TDengineDynamicTableFactory.IDENTIFIER);
        options.put(TDengineConnectorOptions.TD_JDBC_MODE.key(), "source");
        options.put(
                TDengineConnectorOptions.TD_JDBC_URL.key(),
                server.withDatabase(db).url());
        // The catalog's user, given as an option or in its URL (never in the table's URL); its
        // password is added by the catalog's own factory (getFactory) when a table is built.
        server.user().ifPresent(user -> options.put(TDengineConnectorOptions.USERNAME.key(), user));
        options.put(TDengineConnectorOptions.TABLE_NAME.key(), table);
        options.put(TDengineConnectorOptions.DATABASE.key(), db);
        options.put(TDengineConnectorOptions.SINK_DBNAME.key(), db);
        options.put(
                (kind == Kind.SUPERTABLE
                                ? TDengineConnectorOptions.SINK_SUPERTABLE_NAME
                                : TDengineConnectorOptions.SINK_TABLE_NAME)
                        .key(),
                table);
        return options;
    }

    @Override
    public boolean tableExists(ObjectPath tablePath) throws CatalogException {
        return databaseExists(tablePath.getDatabaseName()) && kind(tablePath).isPresent();
    }

    @Override
    public void dropTable(ObjectPath tablePath, boolean ignoreIfNotExists)
            throws TableNotExistException, CatalogException {
        Optional<Kind> kind = databaseExists(tablePath.getDatabaseName()) ? kind(tablePath) : Optional.empty();
        if (!kind.isPresent()) {
            if (ignoreIfNotExists) {
                return;
            }
            throw new TableNotExistException(getName(), tablePath);
        }
        String relation = Identifiers.qualified(tablePath.getDatabaseName(), tablePath.getObjectName());
        execute(
                "drop table " + tablePath.getFullName(),
                (kind.get() == Kind.SUPERTABLE ? "DROP STABLE " : "DROP TABLE ") + relation);
    }

    @Override
    public void renameTable(ObjectPath tablePath, String newTableName, boolean ignoreIfNotExists)
            throws CatalogException {
        throw unsupported("renaming a table");
    }

    /**
     * A normal table, or a supertable when option {@code 'tags'} names its tag columns
     * ({@code 'tags' = 'location, groupid'}). The first column must be a TIMESTAMP (TDengine's
     * key); a {@code tbname} column of a supertable is its pseudo column and is not created.
     * A PRIMARY KEY, if declared, is (ts) or (tbname, ts).
     */
    @Override
    public void createTable(ObjectPath tablePath, CatalogBaseTable table, boolean ignoreIfExists)
            throws TableAlreadyExistException, DatabaseNotExistException, CatalogException {
        String db = tablePath.getDatabaseName();
        if (!databaseExists(db)) {
            throw new DatabaseNotExistException(getName(), db);
        }
        if (kind(tablePath).isPresent()) {
            if (ignoreIfExists) {
                return;
            }
            throw new TableAlreadyExistException(getName(), tablePath);
        }
        execute("create table " + tablePath.getFullName(), createTableSql(tablePath, table));
    }

    private String createTableSql(ObjectPath path, CatalogBaseTable table) {
        String target = path.getFullName();
        if (table.getTableKind() != CatalogBaseTable.TableKind.TABLE || !(table instanceof ResolvedCatalogBaseTable)) {
            throw unsupported("creating a " + table.getTableKind().name().toLowerCase(Locale.ROOT) + " (only tables)");
        }
        if (table instanceof CatalogTable && ((CatalogTable) table).isPartitioned()) {
            throw cannotCreate(target, "TDengine tables have no partitions (PARTITIONED BY)");
        }
        if (table.getComment() != null && !table.getComment().isEmpty()) {
            throw cannotCreate(target, "the TDengine catalog does not store comments");
        }
        for (String key : table.getOptions().keySet()) {
            if (!key.equals(TAGS_OPTION)) {
                throw cannotCreate(
                        target,
                        "option '" + key
                                + "' is not one of the TDengine catalog: a table takes only 'tags' (its tag columns);"
                                + " connector options are derived from TDengine");
            }
        }
        ResolvedSchema schema = ((ResolvedCatalogBaseTable<?>) table).getResolvedSchema();
        if (!schema.getWatermarkSpecs().isEmpty()) {
            throw cannotCreate(target, "the TDengine catalog does not store watermarks");
        }
        List<Column> columns = new ArrayList<>();
        boolean tbname = false;
        for (Column column : schema.getColumns()) {
            if (!column.isPhysical()) {
                throw cannotCreate(
                        target,
                        "column " + column.getName()
                                + " is computed or metadata; the TDengine catalog stores physical columns only");
            }
            if (column.getName().equalsIgnoreCase(Identifiers.TBNAME)) {
                tbname = true;
            } else {
                columns.add(column);
            }
        }
        if (columns.isEmpty() || !isTimestamp(columns.get(0).getDataType().getLogicalType())) {
            throw cannotCreate(
                    target,
                    "the first column of a TDengine table must be its TIMESTAMP key"
                            + (columns.isEmpty()
                                    ? ""
                                    : "; " + columns.get(0).getName() + " is "
                                            + columns.get(0)
                                                    .getDataType()
                                                    .getLogicalType()
                                                    .asSummaryString()));
        }
        Set<String> tags = tags(target, table.getOptions().get(TAGS_OPTION), columns);
        if (tbname && tags.isEmpty()) {
            throw cannotCreate(
                    target, "tbname is the subtable name of a supertable; a normal table (no 'tags' option) has none");
        }
        String timestamp = columns.get(0).getName();
        Optional<UniqueConstraint> key = schema.getPrimaryKey();
        if (key.isPresent()) {
            List<String> allowed = tags.isEmpty()
                    ? Collections.singletonList(timestamp)
                    : Arrays.asList(Identifiers.TBNAME, timestamp);
            boolean valid = key.get().getColumns().contains(timestamp)
                    && key.get().getColumns().stream()
                            .allMatch(c -> allowed.stream().anyMatch(c::equalsIgnoreCase));
            if (!valid) {
                throw cannotCreate(
                        target,
                        "the PRIMARY KEY " + key.get().getColumns() + " is not TDengine's: ("
                                + String.join(", ", allowed) + "), one row per table and timestamp");
            }
        }
        List<String> definitions = new ArrayList<>();
        List<String> tagDefinitions = new ArrayList<>();
        for (Column column : columns) {
            String type;
            try {
                type = TDengineTypeMapping.createType(
                        column.getName(), column.getDataType().getLogicalType());
            } catch (IllegalArgumentException e) {
                throw cannotCreate(target, e.getMessage());
            }
            (tags.contains(column.getName()) ? tagDefinitions : definitions)
                    .add(Identifiers.quote(column.getName()) + " " + type);
        }
        String relation = Identifiers.qualified(path.getDatabaseName(), path.getObjectName());
        return tags.isEmpty()
                ? "CREATE TABLE " + relation + " (" + String.join(", ", definitions) + ")"
                : "CREATE STABLE " + relation + " (" + String.join(", ", definitions) + ") TAGS ("
                        + String.join(", ", tagDefinitions) + ")";
    }

    /** The tag columns option {@code tags} names: declared columns, not the timestamp, each once. */
    private static Set<String> tags(String target, String option, List<Column> columns) {
        Set<String> tags = new LinkedHashSet<>();
        if (option == null) {
            return tags;
        }
        for (String part : option.split(",")) {
            String name = part.trim().replaceAll("^`(.*)`$", "$1");
            Optional<Column> column =
                    columns.stream().filter(c -> c.getName().equals(name)).findFirst();
            if (!column.isPresent()) {
                column = columns.stream()
                        .filter(c -> c.getName().equalsIgnoreCase(name))
                        .findFirst();
            }
            if (!column.isPresent()) {
                throw cannotCreate(
                        target,
                        "option 'tags' names " + (name.isEmpty() ? "an empty name" : name) + ", which is not a column");
            }
            if (column.get() == columns.get(0)) {
                throw cannotCreate(
                        target, "option 'tags' names the timestamp column " + name + ", which must be a column");
            }
            if (!tags.add(column.get().getName())) {
                throw cannotCreate(target, "option 'tags' names " + name + " twice");
            }
        }
        if (tags.size() == columns.size() - 1) {
            throw cannotCreate(
                    target,
                    "option 'tags' names every column but the timestamp; a supertable needs a column besides it");
        }
        return tags;
    }

    private static boolean isTimestamp(LogicalType type) {
        return type.getTypeRoot() == LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE
                || type.getTypeRoot() == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
    }

    @Override
    public void alterTable(ObjectPath tablePath, CatalogBaseTable newTable, boolean ignoreIfNotExists)
            throws CatalogException {
        throw unsupported("ALTER TABLE");
    }

    // ---- partitions: TDengine tables have none ----

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath tablePath)
            throws TableNotExistException, TableNotPartitionedException, CatalogException {
        throw notPartitioned(tablePath);
    }

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
            throws TableNotExistException, TableNotPartitionedException, CatalogException {
        throw notPartitioned(tablePath);
    }

    @Override
    public List<CatalogPartitionSpec> listPartitionsByFilter(ObjectPath tablePath, List<Expression> filters)
            throws TableNotExistException, TableNotPartitionedException, CatalogException {
        throw notPartitioned(tablePath);
    }

    private TableNotPartitionedException notPartitioned(ObjectPath tablePath) throws TableNotExistException {
        if (!tableExists(tablePath)) {
            throw new TableNotExistException(getName(), tablePath);
        }
        return new TableNotPartitionedException(getName(), tablePath);
    }

    @Override
    public CatalogPartition getPartition(ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
            throws PartitionNotExistException, CatalogException {
        throw new PartitionNotExistException(getName(), tablePath, partitionSpec);
    }

    @Override
    public boolean partitionExists(ObjectPath tablePath, CatalogPartitionSpec partitionSpec) throws CatalogException {
        return false;
    }

    @Override
    public void createPartition(
            ObjectPath tablePath,
            CatalogPartitionSpec partitionSpec,
            CatalogPartition partition,
            boolean ignoreIfExists)
            throws CatalogException {
        throw unsupported("partitions");
    }

    @Override
    public void dropPartition(ObjectPath tablePath, CatalogPartitionSpec partitionSpec, boolean ignoreIfNotExists)
            throws CatalogException {
        throw unsupported("partitions");
    }

    @Override
    public void alterPartition(
            ObjectPath tablePath,
            CatalogPartitionSpec partitionSpec,
            CatalogPartition newPartition,
            boolean ignoreIfNotExists)
            throws CatalogException {
        throw unsupported("partitions");
    }

    // ---- functions: none (Flink looks them up in the current catalog, so lookups answer "none") ----

    @Override
    public List<String> listFunctions(String dbName) throws DatabaseNotExistException, CatalogException {
        if (!databaseExists(dbName)) {
            throw new DatabaseNotExistException(getName(), dbName);
        }
        return Collections.emptyList();
    }

    @Override
    public CatalogFunction getFunction(ObjectPath functionPath) throws FunctionNotExistException, CatalogException {
        throw new FunctionNotExistException(getName(), functionPath);
    }

    @Override
    public boolean functionExists(ObjectPath functionPath) throws CatalogException {
        return false;
    }

    @Override
    public void createFunction(ObjectPath functionPath, CatalogFunction function, boolean ignoreIfExists)
            throws CatalogException {
        throw unsupported("functions");
    }

    @Override
    public void alterFunction(ObjectPath functionPath, CatalogFunction newFunction, boolean ignoreIfNotExists)
            throws CatalogException {
        throw unsupported("functions");
    }

    @Override
    public void dropFunction(ObjectPath functionPath, boolean ignoreIfNotExists) throws CatalogException {
        throw unsupported("functions");
    }

    // ---- statistics: unknown to the planner, not stored ----

    @Override
    public CatalogTableStatistics getTableStatistics(ObjectPath tablePath) throws CatalogException {
        return CatalogTableStatistics.UNKNOWN;
    }

    @Override
    public CatalogColumnStatistics getTableColumnStatistics(ObjectPath tablePath) throws CatalogException {
        return CatalogColumnStatistics.UNKNOWN;
    }

    @Override
    public CatalogTableStatistics getPartitionStatistics(ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
            throws CatalogException {
        return CatalogTableStatistics.UNKNOWN;
    }

    @Override
    public CatalogColumnStatistics getPartitionColumnStatistics(
            ObjectPath tablePath, CatalogPartitionSpec partitionSpec) throws CatalogException {
        return CatalogColumnStatistics.UNKNOWN;
    }

    @Override
    public void alterTableStatistics(
            ObjectPath tablePath, CatalogTableStatistics tableStatistics, boolean ignoreIfNotExists)
            throws CatalogException {
        throw unsupported("statistics");
    }

    @Override
    public void alterTableColumnStatistics(
            ObjectPath tablePath, CatalogColumnStatistics columnStatistics, boolean ignoreIfNotExists)
            throws CatalogException {
        throw unsupported("statistics");
    }

    @Override
    public void alterPartitionStatistics(
            ObjectPath tablePath,
            CatalogPartitionSpec partitionSpec,
            CatalogTableStatistics partitionStatistics,
            boolean ignoreIfNotExists)
            throws CatalogException {
        throw unsupported("statistics");
    }

    @Override
    public void alterPartitionColumnStatistics(
            ObjectPath tablePath,
            CatalogPartitionSpec partitionSpec,
            CatalogColumnStatistics columnStatistics,
            boolean ignoreIfNotExists)
            throws CatalogException {
        throw unsupported("statistics");
    }

    // ---- TDengine ----

    /** Every row of {@code SHOW DATABASES}, system databases included. */
    private List<Map<String, Object>> databases() {
        return rows("list databases", "SHOW DATABASES");
    }

    private Optional<Map<String, Object>> database(String name) {
        return databases().stream().filter(row -> name.equals(row.get("name"))).findFirst();
    }

    /** The supertables and normal tables of an existing database, by name, sorted. */
    private Map<String, Kind> tables(String db) {
        Map<String, Kind> tables = new TreeMap<>();
        for (String name : names("SHOW " + Identifiers.quote(db) + ".STABLES")) {
            tables.put(name, Kind.SUPERTABLE);
        }
        for (String name : names("SHOW NORMAL " + Identifiers.quote(db) + ".TABLES")) {
            tables.put(name, Kind.NORMAL);
        }
        return tables;
    }

    /** What the table at {@code path} is, if it is a supertable or normal table of an existing database. */
    private Optional<Kind> kind(ObjectPath path) {
        if (!databaseExists(path.getDatabaseName())) {
            return Optional.empty();
        }
        return Optional.ofNullable(tables(path.getDatabaseName()).get(path.getObjectName()));
    }

    /** The first column of every row of a listing. */
    private List<String> names(String sql) {
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> row : rows(sql, sql)) {
            names.add((String) row.values().iterator().next());
        }
        return new ArrayList<>(names);
    }

    /** Every row of {@code sql}, its text and integer columns by name (other types are left out). */
    private List<Map<String, Object>> rows(String what, String sql) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (NativeQuery query = NativeQuery.open(connection.url(), connection.properties(), sql)) {
            for (NativeBatchReader batch = query.next(); batch != null; batch = query.next()) {
                List<NativeColumn> schema = batch.schema();
                for (int row = 0; row < batch.rowCount(); row++) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (int c = 0; c < schema.size(); c++) {
                        values.put(
                                schema.get(c).name(), value(batch, schema.get(c).type(), c, row));
                    }
                    rows.add(values);
                }
            }
        } catch (TDengineException e) {
            throw failure(what, e);
        }
        return rows;
    }

    private static Object value(NativeBatchReader batch, TDengineDataType type, int column, int row) {
        if (batch.isNull(column, row)) {
            return null;
        }
        switch (type) {
            case VARCHAR:
            case NCHAR:
                return batch.getString(column, row);
            case TINYINT:
                return (int) batch.getByte(column, row);
            case SMALLINT:
                return (int) batch.getShort(column, row);
            case INT:
                return batch.getInt(column, row);
            case BIGINT:
                return batch.getLong(column, row);
            default:
                return null;
        }
    }

    private void execute(String what, String sql) {
        try {
            NativeStatement.execute(connection.url(), connection.properties(), sql);
        } catch (TDengineException e) {
            throw failure(what, e);
        }
    }

    /** A server error as a CatalogException; its message (never the password) and code. */
    private CatalogException failure(String what, TDengineException e) {
        String message = redact(e.getMessage());
        String text = "TDengine catalog " + getName() + ": " + what + " failed: " + message + " (0x"
                + Integer.toHexString(e.getErrorCode()) + ")";
        // The cause is kept unless its message would show the password.
        return message.equals(e.getMessage()) ? new CatalogException(text, e) : new CatalogException(text);
    }

    private String redact(String message) {
        String password = connection.properties().get(TDengineConfigParams.PROPERTY_KEY_PASSWORD);
        if (message == null) {
            return "";
        }
        return password == null || password.isEmpty() ? message : message.replace(password, "***");
    }

    private static CatalogException cannotCreate(String target, String why) {
        return new CatalogException("Cannot create table " + target + ": " + why + ".");
    }

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("The TDengine catalog " + getName() + " does not support " + what
                + ": it lists, creates and drops TDengine databases and tables only.");
    }
}
