//! Writes: INSERT and DELETE.

use super::{Expr, Identifier, TableName, UsingClause};

/// `INSERT INTO clause [clause ...]`: one clause per target table.
#[derive(Clone, Debug, PartialEq)]
pub struct Insert {
    pub clauses: Vec<InsertClause>,
}

/// `table [USING ...] [(columns)] VALUES (...) [(...) ...]`.
///
/// When `table` is a supertable, `columns` must name `tbname` (and may name tags): each row then
/// says which subtable it goes to. The parser cannot tell the two cases apart; the engine can.
#[derive(Clone, Debug, PartialEq)]
pub struct InsertClause {
    pub table: TableRef,
    /// Auto-create the table from this supertable if it does not exist.
    pub using: Option<UsingClause>,
    /// The columns the row values are for; empty means all columns in schema order.
    pub columns: Vec<Identifier>,
    pub rows: Vec<Vec<Expr>>,
}

/// The target of an insert clause: a name, or a `?` bound at execution (stmt2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TableRef {
    Named(TableName),
    /// `?` or `db.?`; `index` is the placeholder's position among the statement's parameters.
    Placeholder {
        db: Option<Identifier>,
        index: usize,
    },
}

/// `DELETE FROM table [WHERE cond]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Delete {
    pub table: TableName,
    pub filter: Option<Expr>,
}
