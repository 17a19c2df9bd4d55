package io.tdflink.table.lookup;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.common.TDengineConfigParams;
import io.tdflink.common.TDengineDataType;
import io.tdflink.jni.NativeColumn;
import io.tdflink.table.query.PushedFilter;
import io.tdflink.table.query.QueryParameter;
import io.tdflink.table.query.ScanColumns;
import io.tdflink.table.query.ScanQuery;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.LookupTableSource.LookupRuntimeProvider;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.PartialCachingLookupProvider;
import org.apache.flink.table.connector.source.lookup.cache.DefaultLookupCache;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lookup SQL and its bound keys, built without a server; the lookup options' checks. */
class TDengineLookupTest {
    private static final RowType PRODUCED = RowType.of(
            new LogicalType[] {
                new TimestampType(3),
                new IntType(),
                new VarCharType(VarCharType.MAX_LENGTH),
                new VarCharType(VarCharType.MAX_LENGTH),
                new DecimalType(10, 2)
            },
            new String[] {"ts", "VOLTAGE", "location", "tbname", "price"});
    /** What DESCRIBE answers; the lookup's fields match it by name ignoring case ({@code VOLTAGE}). */
    private static final List<NativeColumn> DESCRIBED = List.of(
            new NativeColumn("ts", TDengineDataType.TIMESTAMP, 0, 0, 8),
            NativeColumn.of("Voltage", TDengineDataType.INT),
            new NativeColumn("location", TDengineDataType.VARCHAR, 0, 0, 64),
            new NativeColumn("tbname", TDengineDataType.VARCHAR, 0, 0, 192),
            new NativeColumn("price", TDengineDataType.DECIMAL64, 10, 2, 8));

    private static final ScanColumns.Source SOURCE =
            new ScanColumns.Source("select * from `power`.`meters`", false, PRODUCED, "UTC");

    private static final ScanQuery TABLE = ScanQuery.ofTable("`power`.`meters`", PRODUCED.getFieldNames());

    @Test
    void keysArePlaceholdersBoundAfterThePushedFilters() {
        ScanQuery filtered = TABLE.withCondition(PushedFilter.comparison("VOLTAGE", ">", 200));
        TDengineLookupFunction function = function(connection("secret"), filtered, new int[][] {{3}, {1}});

        assertEquals(
                "select `ts`, `Voltage`, `location`, tbname, `price` from `power`.`meters` where (`Voltage` > ?) and ((tbname = ?) and (`Voltage` = ?))",
                function.sql());
        List<QueryParameter> bound = function.parameters(GenericRowData.of(StringData.fromString("d1001"), 202));
        assertEquals(
                List.of(QueryParameter.bigint(200), QueryParameter.text("d1001", false), QueryParameter.bigint(202)),
                bound);
        assertFalse(
                function.sql().contains("d1001") || function.sql().contains("202"),
                "no key value becomes SQL text: " + function.sql());
        assertFalse(function.toString().contains("secret"), function.toString());
    }

    @Test
    void userQueryIsWrappedAndKeyedByItsColumnNames() {
        ScanQuery query =
                ScanQuery.ofQuery("select ts, voltage, location, tbname, price from meters", PRODUCED.getFieldNames());
        TDengineLookupFunction function = function(connection("x"), query, new int[][] {{2}});
        assertEquals(
                "select `ts`, `Voltage`, `location`, tbname, `price` from (select ts, voltage, location, tbname, price from meters) where ((`location` = ?))",
                function.sql());
    }

    @Test
    void nullKeysAndValuesNoRowHoldsMatchNothingWithoutAQuery() throws Exception {
        // Port 1: a query would fail; these lookups must not send one.
        TDengineLookupFunction function = function(connection("x"), TABLE, new int[][] {{0}, {3}});
        TimestampData ms = TimestampData.fromLocalDateTime(LocalDateTime.parse("2024-12-19T17:12:45.642"));
        TimestampData finer = TimestampData.fromLocalDateTime(LocalDateTime.parse("2024-12-19T17:12:45.642001"));
        assertEquals(
                List.of(QueryParameter.timestamp(1734628365642L, 0), QueryParameter.text("d1001", false)),
                function.parameters(GenericRowData.of(ms, StringData.fromString("d1001"))));
        assertNull(
                function.parameters(GenericRowData.of(finer, StringData.fromString("d1001"))),
                "a millisecond column holds no microseconds");
        assertTrue(function.lookup(GenericRowData.of(ms, null)).isEmpty());
        assertTrue(function.lookup(GenericRowData.of(finer, StringData.fromString("d1001")))
                .isEmpty());
    }

    @Test
    void functionSurvivesSerialization() throws Exception {
        TDengineLookupFunction function = lookup(new Configuration())
                .function(connection("x"), "UTC", SOURCE, PRODUCED, TABLE, new int[][] {{3}});
        TDengineLookupFunction copy = InstantiationUtil.clone(function);
        function.bind(SOURCE.of(DESCRIBED));
        copy.bind(SOURCE.of(DESCRIBED));
        assertEquals(function.sql(), copy.sql());
        assertEquals(
                List.of(QueryParameter.text("d1002", false)),
                copy.parameters(GenericRowData.of(StringData.fromString("d1002"))));
    }

    @Test
    void columnsWithoutABindingAreNoKeys() {
        ValidationException e = assertThrows(
                ValidationException.class,
                () -> lookup(new Configuration())
                        .function(connection("x"), "UTC", SOURCE, PRODUCED, TABLE, new int[][] {{4}}));
        assertTrue(e.getMessage().contains("price") && e.getMessage().contains("DECIMAL(10, 2)"), e.getMessage());
    }

    /** The native runtime's release hook needs the RuntimeContext FunctionContext hides; run on every Flink of the matrix. */
    @Test
    void theRuntimeContextBehindAFunctionContextIsFound() {
        RuntimeContext runtime = (RuntimeContext) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {RuntimeContext.class}, (proxy, method, args) -> null);
        assertSame(
                runtime,
                TDengineLookupFunction.runtimeContextOf(new FunctionContext(runtime))
                        .orElseThrow());
    }

    @Test
    void cacheOptionsPickTheProvider() {
        TDengineLookup none = lookup(new Configuration());
        assertNull(none.cache());
        assertEquals(3, none.maxRetries(), "Flink's default");
        LookupRuntimeProvider plain = none.provider(connection("x"), "UTC", SOURCE, PRODUCED, TABLE, new int[][] {{3}});
        assertFalse(plain instanceof PartialCachingLookupProvider);
        assertInstanceOf(LookupFunctionProvider.class, plain);

        Configuration partial = options(
                "lookup.cache",
                "PARTIAL",
                "lookup.partial-cache.max-rows",
                "100",
                "lookup.partial-cache.cache-missing-key",
                "false",
                "lookup.partial-cache.expire-after-write",
                "1 min",
                "lookup.max-retries",
                "0");
        TDengineLookup cached = lookup(partial);
        assertEquals(0, cached.maxRetries());
        assertEquals(DefaultLookupCache.fromConfig(partial), cached.cache());
        LookupRuntimeProvider provider =
                cached.provider(connection("x"), "UTC", SOURCE, PRODUCED, TABLE, new int[][] {{3}});
        assertEquals(
                cached.cache(),
                assertInstanceOf(PartialCachingLookupProvider.class, provider).getCache());
    }

    @Test
    void badLookupOptionsAreRejected() {
        assertRejected("lookup.max-retries", "lookup.max-retries", "-1");
        assertRejected("NONE or PARTIAL", "lookup.cache", "FULL");
        assertRejected("lookup.partial-cache.max-rows", "lookup.cache", "PARTIAL");
        assertRejected(
                "lookup.partial-cache.max-rows", "lookup.cache", "PARTIAL", "lookup.partial-cache.max-rows", "0");
    }

    private static void assertRejected(String named, String... keyValues) {
        ValidationException e = assertThrows(ValidationException.class, () -> lookup(options(keyValues)));
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    /** A lookup function bound to {@link #DESCRIBED}, as {@code open} binds it to the server's answer. */
    private static TDengineLookupFunction function(ConnectionProperties connection, ScanQuery query, int[][] keys) {
        TDengineLookupFunction function =
                lookup(new Configuration()).function(connection, "UTC", SOURCE, PRODUCED, query, keys);
        function.bind(SOURCE.of(DESCRIBED));
        return function;
    }

    private static TDengineLookup lookup(Configuration options) {
        return TDengineLookup.from(options);
    }

    private static Configuration options(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return Configuration.fromMap(map);
    }

    private static ConnectionProperties connection(String password) {
        Properties p = new Properties();
        p.setProperty(TDengineConfigParams.TD_JDBC_URL, "jdbc:TAOS-WS://127.0.0.1:1/power");
        p.setProperty("user", "root");
        p.setProperty("password", password);
        return ConnectionProperties.from(p);
    }
}
