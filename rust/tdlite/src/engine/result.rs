//! What a statement returns: a row count, or a result set the server streams as raw blocks.

use super::value::Value;
use tdflink_protocol::types::{DataType, Precision};

/// One column of a result set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultColumn {
    pub name: String,
    pub ty: DataType,
    /// Declared width in bytes as the user sees it (VARCHAR(n): n; NCHAR(n): n characters).
    pub bytes: u32,
    /// DECIMAL: total digits; otherwise 0.
    pub precision: u8,
    /// DECIMAL: digits after the point; otherwise 0.
    pub scale: u8,
}

impl ResultColumn {
    pub fn new(name: impl Into<String>, ty: DataType, bytes: u32) -> ResultColumn {
        ResultColumn { name: name.into(), ty, bytes, precision: 0, scale: 0 }
    }
}

/// Rows of a query, row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultSet {
    pub columns: Vec<ResultColumn>,
    /// Unit of every TIMESTAMP value in `rows`.
    pub precision: Precision,
    pub rows: Vec<Vec<Value>>,
}

/// The outcome of one statement.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// INSERT, DELETE, DDL, USE: the number of rows affected (0 for DDL).
    Affected(u64),
    /// SELECT, SHOW, DESCRIBE.
    Rows(ResultSet),
}
