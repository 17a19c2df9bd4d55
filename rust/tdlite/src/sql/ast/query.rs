//! SELECT.

use super::{Expr, Identifier, TableName};

/// `SELECT [DISTINCT] items [FROM source] [WHERE] [PARTITION BY] [GROUP BY] [ORDER BY] [LIMIT]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Select {
    pub distinct: bool,
    pub items: Vec<SelectItem>,
    /// `None` for constant queries such as `SELECT SERVER_VERSION()`.
    pub from: Option<FromSource>,
    pub filter: Option<Expr>,
    pub partition_by: Vec<Expr>,
    pub group_by: Vec<Expr>,
    pub order_by: Vec<OrderBy>,
    pub limit: Option<Limit>,
}

impl Select {
    /// `SELECT <items> FROM <table> [WHERE <filter>]`: the queries tdlite builds for itself
    /// (SHOW statements, topic reads).
    pub fn from_table(table: TableName, items: Vec<SelectItem>, filter: Option<Expr>) -> Select {
        Select {
            distinct: false,
            items,
            from: Some(FromSource::Table { name: table, alias: None }),
            filter,
            partition_by: Vec::new(),
            group_by: Vec::new(),
            order_by: Vec::new(),
            limit: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum SelectItem {
    /// `*`, or `t.*` when `qualifier` is set.
    Wildcard {
        qualifier: Option<Identifier>,
    },
    Expr {
        expr: Expr,
        alias: Option<Identifier>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum FromSource {
    /// A table, supertable or system table such as `information_schema.ins_tables`.
    Table { name: TableName, alias: Option<Identifier> },
    /// `( SELECT ... ) [alias]`, as the official Flink connector wraps its split queries.
    Subquery { query: Box<Select>, alias: Option<Identifier> },
}

#[derive(Clone, Debug, PartialEq)]
pub struct OrderBy {
    pub expr: Expr,
    pub descending: bool,
    /// `NULLS FIRST` (`Some(true)`) or `NULLS LAST`; `None` leaves TDengine's default.
    pub nulls_first: Option<bool>,
}

/// `LIMIT count [OFFSET offset]` or `LIMIT offset, count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub count: u64,
    pub offset: u64,
}
