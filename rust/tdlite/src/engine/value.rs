//! Values as the engine stores and returns them: one variant per storage class, so a column's
//! declared type (not the value) decides how it is encoded on the wire.

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// TINYINT..BIGINT.
    Int(i64),
    /// The UNSIGNED types.
    UInt(u64),
    /// FLOAT and DOUBLE.
    Float(f64),
    /// Ticks since the epoch in the precision of the column's database.
    Timestamp(i64),
    /// VARCHAR/BINARY, NCHAR and JSON text.
    Text(String),
    /// VARBINARY, GEOMETRY (WKB) and BLOB.
    Bytes(Vec<u8>),
    /// DECIMAL and DECIMAL64: `unscaled / 10^scale`.
    Decimal {
        unscaled: i128,
        scale: u8,
    },
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

/// Bytes spelled as hex digits (`0aff`), `None` if `hex` is not an even number of them.
pub fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if hex.len() % 2 != 0 {
        return None;
    }
    (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()).collect()
}

// Decimal text is a wire format shared with the connector; it lives in the protocol crate.
pub use tdflink_protocol::decimal::{format_decimal, parse_decimal};
