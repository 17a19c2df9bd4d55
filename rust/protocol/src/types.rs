//! TDengine data type codes and timestamp precisions (docs/protocol.md §7).

use std::fmt;

/// A TDengine column type, identified on the wire by its numeric code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum DataType {
    Null = 0,
    Bool = 1,
    TinyInt = 2,
    SmallInt = 3,
    Int = 4,
    BigInt = 5,
    Float = 6,
    Double = 7,
    VarChar = 8,
    Timestamp = 9,
    NChar = 10,
    UTinyInt = 11,
    USmallInt = 12,
    UInt = 13,
    UBigInt = 14,
    Json = 15,
    VarBinary = 16,
    Decimal = 17,
    Blob = 18,
    MediumBlob = 19,
    Geometry = 20,
    Decimal64 = 21,
}

impl DataType {
    /// Every defined type, in code order.
    pub const ALL: [DataType; 22] = [
        DataType::Null,
        DataType::Bool,
        DataType::TinyInt,
        DataType::SmallInt,
        DataType::Int,
        DataType::BigInt,
        DataType::Float,
        DataType::Double,
        DataType::VarChar,
        DataType::Timestamp,
        DataType::NChar,
        DataType::UTinyInt,
        DataType::USmallInt,
        DataType::UInt,
        DataType::UBigInt,
        DataType::Json,
        DataType::VarBinary,
        DataType::Decimal,
        DataType::Blob,
        DataType::MediumBlob,
        DataType::Geometry,
        DataType::Decimal64,
    ];

    pub fn from_code(code: u8) -> Option<DataType> {
        DataType::ALL.get(code as usize).copied()
    }

    pub fn code(self) -> u8 {
        self as u8
    }

    /// Width in bytes of one value of a fixed-width type, `None` for variable-width types.
    pub fn fixed_size(self) -> Option<usize> {
        use DataType::*;
        match self {
            Null | Bool | TinyInt | UTinyInt => Some(1),
            SmallInt | USmallInt => Some(2),
            Int | UInt | Float => Some(4),
            BigInt | UBigInt | Double | Timestamp | Decimal64 => Some(8),
            Decimal => Some(16),
            VarChar | NChar | Json | VarBinary | Blob | MediumBlob | Geometry => None,
        }
    }

    pub fn is_var_width(self) -> bool {
        self.fixed_size().is_none()
    }

    /// The SQL spelling TDengine uses in DESCRIBE output.
    pub fn sql_name(self) -> &'static str {
        use DataType::*;
        match self {
            Null => "NULL",
            Bool => "BOOL",
            TinyInt => "TINYINT",
            SmallInt => "SMALLINT",
            Int => "INT",
            BigInt => "BIGINT",
            Float => "FLOAT",
            Double => "DOUBLE",
            VarChar => "VARCHAR",
            Timestamp => "TIMESTAMP",
            NChar => "NCHAR",
            UTinyInt => "TINYINT UNSIGNED",
            USmallInt => "SMALLINT UNSIGNED",
            UInt => "INT UNSIGNED",
            UBigInt => "BIGINT UNSIGNED",
            Json => "JSON",
            VarBinary => "VARBINARY",
            Decimal => "DECIMAL",
            Blob => "BLOB",
            MediumBlob => "MEDIUMBLOB",
            Geometry => "GEOMETRY",
            Decimal64 => "DECIMAL",
        }
    }
}

impl fmt::Display for DataType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.sql_name())
    }
}

/// Timestamp precision of a database, result or column: the unit of every i64 timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[repr(u8)]
pub enum Precision {
    #[default]
    Millisecond = 0,
    Microsecond = 1,
    Nanosecond = 2,
}

impl Precision {
    pub fn from_code(code: u8) -> Option<Precision> {
        match code {
            0 => Some(Precision::Millisecond),
            1 => Some(Precision::Microsecond),
            2 => Some(Precision::Nanosecond),
            _ => None,
        }
    }

    pub fn code(self) -> u8 {
        self as u8
    }

    /// Ticks of this precision per second.
    pub fn ticks_per_second(self) -> i64 {
        match self {
            Precision::Millisecond => 1_000,
            Precision::Microsecond => 1_000_000,
            Precision::Nanosecond => 1_000_000_000,
        }
    }

    /// The SQL spelling (`'ms'`, `'us'`, `'ns'`).
    pub fn sql_name(self) -> &'static str {
        match self {
            Precision::Millisecond => "ms",
            Precision::Microsecond => "us",
            Precision::Nanosecond => "ns",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for t in DataType::ALL {
            assert_eq!(DataType::from_code(t.code()), Some(t));
        }
        assert_eq!(DataType::from_code(22), None);
    }

    #[test]
    fn widths_follow_the_reference_table() {
        assert_eq!(DataType::Decimal.fixed_size(), Some(16));
        assert_eq!(DataType::Timestamp.fixed_size(), Some(8));
        assert!(DataType::NChar.is_var_width());
        assert!(DataType::Geometry.is_var_width());
    }
}
