package io.tdflink.table;

import io.tdflink.common.Identifiers;
import io.tdflink.common.TimeZones;
import io.tdflink.common.types.TimestampTicks;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

/** The scan options of a source table, checked when the table is planned. */
@Internal
final class ScanSettings {
    /** As the split planner's cap (tdflink_client::splits::MAX_SPLITS). */
    private static final int MAX_SPLITS = 100_000;

    private final boolean pushDown;
    private final String timezone;
    private final String partitionColumn;
    private final int partitionNum;
    private final String lowerBound;
    private final String upperBound;
    private final String distinctTablesSql;

    private ScanSettings(boolean pushDown, String timezone, String partitionColumn, int partitionNum, String lowerBound, String upperBound, String distinctTablesSql) {
        this.pushDown = pushDown;
        this.timezone = timezone;
        this.partitionColumn = partitionColumn;
        this.partitionNum = partitionNum;
        this.lowerBound = lowerBound;
        this.upperBound = upperBound;
        this.distinctTablesSql = distinctTablesSql;
    }

    /**
     * @param distinctTablesSql the query listing the subtables a scan reads (for partitioning by
     *     {@code tbname})
     */
    static ScanSettings from(ReadableConfig options, String distinctTablesSql) {
        String column = options.getOptional(TDengineConnectorOptions.SCAN_PARTITION_COLUMN).map(String::trim).orElse(null);
        int num = options.getOptional(TDengineConnectorOptions.SCAN_PARTITION_NUM).orElse(0);
        String lower = options.getOptional(TDengineConnectorOptions.SCAN_PARTITION_LOWER_BOUND).orElse(null);
        String upper = options.getOptional(TDengineConnectorOptions.SCAN_PARTITION_UPPER_BOUND).orElse(null);
        String timezone = options.getOptional(TDengineConnectorOptions.TIMEZONE).orElse(null);
        ScanSettings settings = new ScanSettings(options.get(TDengineConnectorOptions.SCAN_FILTER_PUSH_DOWN_ENABLED), timezone, column, num, lower, upper, distinctTablesSql);
        if (column == null) {
            if (options.getOptional(TDengineConnectorOptions.SCAN_PARTITION_NUM).isPresent() || lower != null || upper != null) {
                throw new ValidationException("Options 'scan.partition.num', 'scan.partition.lower-bound' and 'scan.partition.upper-bound' need 'scan.partition.column'.");
            }
            return settings;
        }
        if (num <= 0 || num > MAX_SPLITS) {
            throw new ValidationException("Option 'scan.partition.num' must be between 1 and " + MAX_SPLITS + " when 'scan.partition.column' is set, got " + num + ".");
        }
        boolean byTable = column.equalsIgnoreCase(Identifiers.TBNAME);
        if (!byTable && (lower == null || upper == null)) {
            throw new ValidationException("Partitioning by the time column '" + column
                    + "' needs 'scan.partition.lower-bound' and 'scan.partition.upper-bound' (epoch milliseconds or an ISO-8601 date-time).");
        }
        if (!byTable && settings.instant(lower, "scan.partition.lower-bound").isAfter(settings.instant(upper, "scan.partition.upper-bound"))) {
            throw new ValidationException("Option 'scan.partition.lower-bound' (" + lower + ") is after 'scan.partition.upper-bound' (" + upper + ").");
        }
        return settings;
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

    String distinctTablesSql() {
        return distinctTablesSql;
    }

    long lowerTicks(int precision) {
        return TimestampTicks.fromInstant(instant(lowerBound, "scan.partition.lower-bound"), precision);
    }

    long upperTicks(int precision) {
        return TimestampTicks.fromInstant(instant(upperBound, "scan.partition.upper-bound"), precision);
    }

    private Instant instant(String bound, String option) {
        String value = bound.trim();
        try {
            if (value.matches("-?\\d+")) {
                return Instant.ofEpochMilli(Long.parseLong(value));
            }
            return LocalDateTime.parse(value.replace(' ', 'T')).atZone(TimeZones.wallClockZone(timezone)).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new ValidationException("Option '" + option + "' is '" + bound + "': use epoch milliseconds or an ISO-8601 date-time such as 2024-12-19T16:00:00.");
        }
    }
}
