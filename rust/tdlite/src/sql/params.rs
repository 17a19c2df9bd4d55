//! `?` placeholders, as stmt2 prepare needs them: where each one is and what it stands for.

/// One `?` in the statement, in order of appearance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// Position among the statement's placeholders; `Expr::Placeholder` and
    /// `TableRef::Placeholder` carry the same number.
    pub index: usize,
    /// Byte offset of the `?` in the SQL text.
    pub offset: usize,
    pub role: ParamRole,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamRole {
    /// `INSERT INTO ? ...`: the target table's name.
    TableName,
    /// The n-th value (0-based) of a `TAGS (...)` list.
    Tag(usize),
    /// The n-th value (0-based) of a `VALUES (...)` row.
    Column(usize),
    /// A value inside a query or DELETE condition.
    Query,
}
