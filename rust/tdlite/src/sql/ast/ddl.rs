//! Definitions: databases, tables, supertables, subtables and topics.

use super::{Expr, Identifier, Literal, Select, TableName};
use tdflink_protocol::types::{DataType, Precision};

/// `CREATE DATABASE [IF NOT EXISTS] name [options]`.
#[derive(Clone, Debug, PartialEq)]
pub struct CreateDatabase {
    pub name: Identifier,
    pub if_not_exists: bool,
    /// `PRECISION 'ms'|'us'|'ns'`; `None` means the default, milliseconds.
    pub precision: Option<Precision>,
    pub vgroups: Option<u32>,
    /// Every other option (KEEP, BUFFER, WAL_LEVEL, ...), kept so the engine may ignore it.
    pub options: Vec<SqlOption>,
}

/// A `NAME value[, value ...]` option of a database or table.
#[derive(Clone, Debug, PartialEq)]
pub struct SqlOption {
    /// Lower-cased.
    pub name: String,
    pub values: Vec<OptionValue>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum OptionValue {
    Literal(Literal),
    /// A name inside a parenthesised list, as in `SMA(c1, c2)` or `ROLLUP(avg)`.
    Identifier(Identifier),
    /// `( value, ... )`.
    List(Vec<OptionValue>),
}

/// A column or tag type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataTypeSpec {
    pub ty: DataType,
    /// The declared length of BINARY/VARCHAR, NCHAR, VARBINARY and GEOMETRY.
    pub width: Option<u32>,
    /// DECIMAL's total digits; DECIMAL(p <= 18) is stored as DECIMAL64.
    pub precision: Option<u8>,
    /// DECIMAL's digits after the point (0 when omitted).
    pub scale: Option<u8>,
}

impl DataTypeSpec {
    pub fn plain(ty: DataType) -> DataTypeSpec {
        DataTypeSpec { ty, width: None, precision: None, scale: None }
    }
}

/// `name type [PRIMARY KEY] [ENCODE '...'] [COMPRESS '...'] [LEVEL '...']`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnDef {
    pub name: Identifier,
    pub ty: DataTypeSpec,
    pub primary_key: bool,
    pub encode: Option<String>,
    pub compress: Option<String>,
    pub level: Option<String>,
}

/// A normal table or a supertable definition.
#[derive(Clone, Debug, PartialEq)]
pub struct CreateTable {
    pub name: TableName,
    pub if_not_exists: bool,
    pub columns: Vec<ColumnDef>,
    pub tags: Vec<ColumnDef>,
    /// COMMENT, TTL, SMA, ... kept for the engine to ignore or honour.
    pub options: Vec<SqlOption>,
}

/// One `[IF NOT EXISTS] name USING stable ... TAGS (...)` clause of CREATE TABLE.
#[derive(Clone, Debug, PartialEq)]
pub struct CreateSubtable {
    pub name: TableName,
    pub if_not_exists: bool,
    pub using: UsingClause,
    pub options: Vec<SqlOption>,
}

/// `USING stable [(tag, ...)] TAGS (value, ...)`, in CREATE TABLE and in INSERT's auto-create.
#[derive(Clone, Debug, PartialEq)]
pub struct UsingClause {
    pub stable: TableName,
    /// The tags the values are for; empty means all tags in schema order.
    pub tag_names: Vec<Identifier>,
    pub tags: Vec<Expr>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DropTable {
    pub name: TableName,
    pub if_exists: bool,
}

/// `CREATE TOPIC [IF NOT EXISTS] name [WITH META] AS ...`.
#[derive(Clone, Debug, PartialEq)]
pub struct CreateTopic {
    pub name: Identifier,
    pub if_not_exists: bool,
    pub with_meta: bool,
    pub source: TopicSource,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TopicSource {
    /// `AS SELECT ...`
    Query(Box<Select>),
    /// `AS STABLE s [WHERE cond]`; the condition may use only tags and tbname.
    Stable { name: TableName, filter: Option<Expr> },
    /// `AS DATABASE d`
    Database(Identifier),
}
