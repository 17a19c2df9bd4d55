package io.tdflink.table;

import io.tdflink.common.Identifiers;
import io.tdflink.common.TimeZones;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The scan options of a source table, checked when the table is planned. */
@Internal
final class ScanSettings {
    /** As the split planner's cap (tdflink_client::splits::MAX_SPLITS). */
    private static final int MAX_SPLITS = 100_000;

    private static final String COLUMN = "column";
    private static final String VGROUP = "vgroup";

    private final boolean pushDown;
    private final String timezone;
    private final String partitionColumn;
    private final int partitionNum;
    private final String lowerBound;
    private final String upperBound;
    private final String distinctTablesSql;
    /** With {@code 'scan.partition.strategy' = 'vgroup'}: the {@code dbname} option (may be null) and {@code table.name}. */
    private final String vgroupDatabase;

    private final String vgroupTable;

    private ScanSettings(
            boolean pushDown,
            String timezone,
            String partitionColumn,
            int partitionNum,
            String lowerBound,
            String upperBound,
            String distinctTablesSql,
            String vgroupDatabase,
            String vgroupTable) {
        this.pushDown = pushDown;
        this.timezone = timezone;
        this.partitionColumn = partitionColumn;
        this.partitionNum = partitionNum;
        this.lowerBound = lowerBound;
        this.upperBound = upperBound;
        this.distinctTablesSql = distinctTablesSql;
        this.vgroupDatabase = vgroupDatabase;
        this.vgroupTable = vgroupTable;
    }

    /**
     * @param distinctTablesSql the query listing the subtables a scan reads (for partitioning by
     *     {@code tbname})
     */
    static ScanSettings from(ReadableConfig options, String distinctTablesSql) {
        String column = options.getOptional(TDengineConnectorOptions.SCAN_PARTITION_COLUMN)
                .map(String::trim)
                .orElse(null);
        int num =
                options.getOptional(TDengineConnectorOptions.SCAN_PARTITION_NUM).orElse(0);
        String lower = options.getOptional(TDengineConnectorOptions.SCAN_PARTITION_LOWER_BOUND)
                .orElse(null);
        String upper = options.getOptional(TDengineConnectorOptions.SCAN_PARTITION_UPPER_BOUND)
                .orElse(null);
        String timezone = options.getOptional(TDengineConnectorOptions.TIMEZONE).orElse(null);
        String strategy = options.get(TDengineConnectorOptions.SCAN_PARTITION_STRATEGY)
                .trim()
                .toLowerCase(Locale.ROOT);
        if (VGROUP.equals(strategy)) {
            checkVgroup(options, column, num, lower, upper);
            return new ScanSettings(
                    options.get(TDengineConnectorOptions.SCAN_FILTER_PUSH_DOWN_ENABLED),
                    timezone,
                    null,
                    num,
                    null,
                    null,
                    distinctTablesSql,
                    options.getOptional(TDengineConnectorOptions.DATABASE).orElse(null),
                    options.get(TDengineConnectorOptions.TABLE_NAME));
        }
        if (!COLUMN.equals(strategy)) {
            throw new ValidationException("Option 'scan.partition.strategy' is '" + strategy
                    + "': use 'column' (by 'scan.partition.column') or 'vgroup'.");
        }
        ScanSettings settings = new ScanSettings(
                options.get(TDengineConnectorOptions.SCAN_FILTER_PUSH_DOWN_ENABLED),
                timezone,
                column,
                num,
                lower,
                upper,
                distinctTablesSql,
                null,
                null);
        if (column == null) {
            if (options.getOptional(TDengineConnectorOptions.SCAN_PARTITION_NUM).isPresent()
                    || lower != null
                    || upper != null) {
                throw new ValidationException(
                        "Options 'scan.partition.num', 'scan.partition.lower-bound' and 'scan.partition.upper-bound' need 'scan.partition.column'.");
            }
            return settings;
        }
        checkNum(num, "'scan.partition.column' is set");
        boolean byTable = column.equalsIgnoreCase(Identifiers.TBNAME);
        if (!byTable && (lower == null || upper == null)) {
            throw new ValidationException(
                    "Partitioning by the time column '" + column
                            + "' needs 'scan.partition.lower-bound' and 'scan.partition.upper-bound' (epoch milliseconds or an ISO-8601 date-time).");
        }
        if (!byTable
                && settings.instant(lower, "scan.partition.lower-bound")
                        .isAfter(settings.instant(upper, "scan.partition.upper-bound"))) {
            throw new ValidationException("Option 'scan.partition.lower-bound' (" + lower
                    + ") is after 'scan.partition.upper-bound' (" + upper + ").");
        }
        return settings;
    }

    /**
     * Vgroup partitioning groups a supertable's subtables, so it needs {@code table.name} and
     * takes no column or time bounds.
     */
    private static void checkVgroup(ReadableConfig options, String column, int num, String lower, String upper) {
        if (options.getOptional(TDengineConnectorOptions.SCAN_QUERY)
                        .filter(q -> !q.trim().isEmpty())
                        .isPresent()
                || !options.getOptional(TDengineConnectorOptions.TABLE_NAME)
                        .filter(t -> !t.trim().isEmpty())
                        .isPresent()) {
            throw new ValidationException(
                    "Option 'scan.partition.strategy' = 'vgroup' reads the subtables of the supertable 'table.name' by vgroup:"
                            + " it needs 'table.name' and no 'scan.query' (partition a query by 'scan.partition.column').");
        }
        if (column != null || lower != null || upper != null) {
            throw new ValidationException(
                    "Option 'scan.partition.strategy' = 'vgroup' takes no 'scan.partition.column', 'scan.partition.lower-bound' or 'scan.partition.upper-bound'.");
        }
        checkNum(num, "'scan.partition.strategy' is 'vgroup'");
    }

    private static void checkNum(int num, String when) {
        if (num <= 0 || num > MAX_SPLITS) {
            throw new ValidationException("Option 'scan.partition.num' must be between 1 and " + MAX_SPLITS + " when "
                    + when + ", got " + num + ".");
        }
    }

    boolean pushDown() {
        return pushDown;
    }

    String timezone() {
        return timezone;
    }

    /** The declared field the scan is partitioned by, or null. */
    String partitionColumn() {
        return partitionColumn;
    }

    int partitionNum() {
        return partitionNum;
    }

    /** Whether the scan is cut by vgroup ({@code 'scan.partition.strategy' = 'vgroup'}). */
    boolean byVgroup() {
        return vgroupTable != null;
    }

    String vgroupDatabase() {
        return vgroupDatabase;
    }

    String vgroupTable() {
        return vgroupTable;
    }

    String distinctTablesSql() {
        return distinctTablesSql;
    }

    Instant lowerBound() {
        return instant(lowerBound, "scan.partition.lower-bound");
    }

    Instant upperBound() {
        return instant(upperBound, "scan.partition.upper-bound");
    }

    private Instant instant(String bound, String option) {
        String value = bound.trim();
        try {
            if (value.matches("-?\\d+")) {
                return Instant.ofEpochMilli(Long.parseLong(value));
            }
            return LocalDateTime.parse(value.replace(' ', 'T'))
                    .atZone(TimeZones.wallClockZone(timezone))
                    .toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new ValidationException("Option '" + option + "' is '" + bound
                    + "': use epoch milliseconds or an ISO-8601 date-time such as 2024-12-19T16:00:00.");
        }
    }
}
