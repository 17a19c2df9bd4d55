package io.tdflink.common.types;

import io.tdflink.common.TDengineDataType;
import io.tdflink.jni.NativeColumn;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

/**
 * The one TDengine ↔ Flink type table: the Flink type each TDengine type reads as by default
 * (the catalog's schemas, the DataStream {@code RowData}), and which declared Flink types a
 * TDengine column may be read as or written from without losing data.
 *
 * <p>Defaults: BOOL → BOOLEAN; TINYINT..BIGINT → the same; unsigned types widened so no value
 * turns negative (TINYINT UNSIGNED → SMALLINT, SMALLINT UNSIGNED → INT, INT UNSIGNED → BIGINT,
 * BIGINT UNSIGNED → DECIMAL(20, 0)); FLOAT, DOUBLE → the same; DECIMAL(p, s) → DECIMAL(p, s);
 * TIMESTAMP → TIMESTAMP(3 | 6 | 9) by the database precision; VARCHAR/BINARY(n), NCHAR(n) →
 * VARCHAR(n); JSON → STRING; VARBINARY(n), GEOMETRY(n) (WKB) → VARBINARY(n); BLOB → BYTES.
 *
 * <p>Back, for tables created through the catalog ({@link #createType}): BOOLEAN → BOOL;
 * TINYINT..BIGINT, FLOAT, DOUBLE → the same; DECIMAL(p, s) → DECIMAL(p, s); CHAR(n),
 * VARCHAR(n) → VARCHAR(n), STRING → VARCHAR({@value #DEFAULT_TEXT_WIDTH}); BINARY(n),
 * VARBINARY(n) → VARBINARY(n), BYTES → VARBINARY({@value #DEFAULT_TEXT_WIDTH}); TIMESTAMP(p),
 * TIMESTAMP_LTZ(p) → TIMESTAMP (stored at the database's precision). Nothing else.
 */
@Internal
public final class TDengineTypeMapping {
    /** {@code tbname}: a VARCHAR(192) pseudo column. */
    public static final int TBNAME_WIDTH = 192;
    /** The width a STRING or BYTES column gets in a table the catalog creates. */
    public static final int DEFAULT_TEXT_WIDTH = 256;
    /** The widest VARCHAR and VARBINARY column TDengine accepts. */
    public static final int MAX_TEXT_WIDTH = 65517;

    private TDengineTypeMapping() {}

    /** The Flink type a TDengine column reads as when nothing else is declared. */
    public static LogicalType defaultType(NativeColumn column) {
        switch (column.type()) {
            case BOOL:
                return new BooleanType();
            case TINYINT:
                return new TinyIntType();
            case SMALLINT:
            case TINYINT_UNSIGNED:
                return new SmallIntType();
            case INT:
            case SMALLINT_UNSIGNED:
                return new IntType();
            case BIGINT:
            case INT_UNSIGNED:
                return new BigIntType();
            case BIGINT_UNSIGNED:
                return new DecimalType(20, 0);
            case FLOAT:
                return new FloatType();
            case DOUBLE:
                return new DoubleType();
            case TIMESTAMP:
                return new TimestampType(timestampDigits(column.precision()));
            case DECIMAL:
            case DECIMAL64:
                return new DecimalType(Math.max(1, column.precision()), column.scale());
            case VARCHAR:
            case NCHAR:
                return new VarCharType(column.bytes() > 0 ? column.bytes() : VarCharType.MAX_LENGTH);
            case VARBINARY:
            case GEOMETRY:
                return new VarBinaryType(column.bytes() > 0 ? column.bytes() : VarBinaryType.MAX_LENGTH);
            case JSON:
                return new VarCharType(VarCharType.MAX_LENGTH);
            case BLOB:
            case MEDIUMBLOB:
                return new VarBinaryType(VarBinaryType.MAX_LENGTH);
            default:
                throw new IllegalArgumentException(
                        "column " + column.name() + " has type " + column.type() + ", which Flink cannot read");
        }
    }

    /**
     * The TDengine type, as SQL text, that column {@code column} of Flink type {@code type}
     * is created with (the inverse of {@link #defaultType}).
     *
     * @throws IllegalArgumentException naming the column when TDengine has no such type
     */
    public static String createType(String column, LogicalType type) {
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                return "BOOL";
            case TINYINT:
                return "TINYINT";
            case SMALLINT:
                return "SMALLINT";
            case INTEGER:
                return "INT";
            case BIGINT:
                return "BIGINT";
            case FLOAT:
                return "FLOAT";
            case DOUBLE:
                return "DOUBLE";
            case DECIMAL:
                DecimalType decimal = (DecimalType) type;
                return "DECIMAL(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
            case CHAR:
            case VARCHAR:
                return "VARCHAR(" + textWidth(column, type) + ")";
            case BINARY:
            case VARBINARY:
                return "VARBINARY(" + textWidth(column, type) + ")";
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return "TIMESTAMP";
            default:
                throw new IllegalArgumentException("column " + column + " has type " + type.asSummaryString()
                        + ", which TDengine cannot store: use BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL,"
                        + " CHAR, VARCHAR, STRING, BINARY, VARBINARY, BYTES, TIMESTAMP or TIMESTAMP_LTZ");
        }
    }

    /** The declared width; STRING and BYTES (Flink's widest) get {@link #DEFAULT_TEXT_WIDTH}. */
    private static int textWidth(String column, LogicalType type) {
        int width = LogicalTypeChecks.getLength(type);
        if (width == VarCharType.MAX_LENGTH) {
            return DEFAULT_TEXT_WIDTH;
        }
        if (width > MAX_TEXT_WIDTH) {
            throw new IllegalArgumentException("column " + column + " has type " + type.asSummaryString()
                    + ", wider than TDengine's " + MAX_TEXT_WIDTH + " bytes: declare at most " + MAX_TEXT_WIDTH
                    + " (STRING and BYTES become " + DEFAULT_TEXT_WIDTH + ")");
        }
        return width;
    }

    /** Fractional digits of a TIMESTAMP precision code (0 ms, 1 µs, 2 ns). */
    public static int timestampDigits(int precisionCode) {
        return 3 + 3 * precisionCode;
    }

    /**
     * Why {@code column} cannot be read as {@code declared}, or {@code null} when it can without
     * losing data. Text and binary lengths are not compared: Flink does not enforce them on read.
     */
    public static String readProblem(NativeColumn column, LogicalType declared) {
        TDengineDataType type = column.type();
        LogicalTypeRoot root = declared.getTypeRoot();
        switch (type.kind()) {
            case BOOL:
                return root == LogicalTypeRoot.BOOLEAN ? null : expected("BOOLEAN");
            case INTEGER:
                return integerReadProblem(type, declared);
            case FLOATING:
                boolean wide = root == LogicalTypeRoot.DOUBLE
                        || (root == LogicalTypeRoot.FLOAT && type == TDengineDataType.FLOAT);
                return wide ? null : expected(type == TDengineDataType.FLOAT ? "FLOAT or DOUBLE" : "DOUBLE");
            case DECIMAL:
                return decimalFits(column.precision() - column.scale(), column.scale(), declared)
                        ? null
                        : expected("DECIMAL(p, s) with s >= " + column.scale() + " and p - s >= "
                                + (column.precision() - column.scale()));
            case TIMESTAMP:
                int digits = timestampDigits(column.precision());
                return isTimestamp(root) && LogicalTypeChecks.getPrecision(declared) >= digits
                        ? null
                        : expected(
                                "TIMESTAMP(p) or TIMESTAMP_LTZ(p) with p >= " + digits + " (the database's precision)");
            case TEXT:
                return isTextOrBytes(declared) ? null : expected("STRING, VARCHAR, CHAR or BYTES (UTF-8)");
            case BINARY:
                return declared.is(LogicalTypeFamily.BINARY_STRING) ? null : expected("BYTES, VARBINARY or BINARY");
            default:
                return "Flink cannot read TDengine type " + type;
        }
    }

    /**
     * Why a value of Flink type {@code declared} cannot be written into a TDengine column of
     * {@code type}, or {@code null} when it can. Values are still range-checked as written.
     */
    public static String writeProblem(LogicalType declared, TDengineDataType type) {
        boolean ok;
        switch (type.kind()) {
            case BOOL:
                ok = declared.getTypeRoot() == LogicalTypeRoot.BOOLEAN;
                break;
            case INTEGER:
            case DECIMAL:
                ok = declared.is(LogicalTypeFamily.EXACT_NUMERIC);
                break;
            case FLOATING:
                ok = declared.is(LogicalTypeFamily.NUMERIC);
                break;
            case TIMESTAMP:
                ok = isTimestamp(declared.getTypeRoot());
                break;
            case TEXT:
                ok = isTextOrBytes(declared);
                break;
            case BINARY:
                ok = declared.is(LogicalTypeFamily.BINARY_STRING);
                break;
            default:
                return "tdflink cannot write TDengine type " + type;
        }
        return ok ? null : "a " + declared.asSummaryString() + " cannot be written into a " + type + " column";
    }

    private static boolean isTimestamp(LogicalTypeRoot root) {
        return root == LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE
                || root == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
    }

    private static boolean isTextOrBytes(LogicalType declared) {
        return declared.is(LogicalTypeFamily.CHARACTER_STRING) || declared.is(LogicalTypeFamily.BINARY_STRING);
    }

    private static String integerReadProblem(TDengineDataType type, LogicalType declared) {
        // Bits a signed integer needs to hold every value of the column.
        int bits = type.fixedSize() * 8 + (type.isUnsigned() ? 1 : 0);
        int digits = bits <= 9 ? 3 : bits <= 17 ? 5 : bits <= 33 ? 10 : bits <= 64 ? 19 : 20;
        switch (declared.getTypeRoot()) {
            case TINYINT:
                return bits <= 8 ? null : wider(type);
            case SMALLINT:
                return bits <= 16 ? null : wider(type);
            case INTEGER:
                return bits <= 32 ? null : wider(type);
            case BIGINT:
                return bits <= 64 ? null : wider(type);
            case FLOAT:
                return bits <= 17 ? null : wider(type);
            case DOUBLE:
                return bits <= 33 ? null : wider(type);
            case DECIMAL:
                return decimalFits(digits, 0, declared) ? null : expected("DECIMAL(p, s) with p - s >= " + digits);
            default:
                return expected("an integer type wide enough, or DECIMAL");
        }
    }

    private static boolean decimalFits(int integerDigits, int scale, LogicalType declared) {
        if (!(declared instanceof DecimalType)) {
            return false;
        }
        DecimalType decimal = (DecimalType) declared;
        return decimal.getScale() >= scale && decimal.getPrecision() - decimal.getScale() >= integerDigits;
    }

    private static String wider(TDengineDataType type) {
        return "some values of " + type + " do not fit: declare a wider type";
    }

    private static String expected(String what) {
        return "declare " + what;
    }
}
