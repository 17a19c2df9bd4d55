//! The values of a write, held column by column as they arrive (stmt2 binds columns; SQL
//! VALUES rows are read by position), and fitting them to their columns one column at a time.
//! Errors are those of a row-by-row check: the first bad cell in row order, then column order.

use super::bound::BoundColumn;
use super::convert::{self, Clock};
use super::error::{self, Result};
use super::schema::Field;
use super::value::Value;
use crate::sql::ast::Expr;
use crate::sql::SqlError;

/// One value to write: a literal from the SQL text, or a value bound through stmt2.
#[derive(Clone)]
pub enum Cell<'a> {
    Sql(&'a Expr),
    Bound(Value),
}

pub fn fit(cell: Cell<'_>, field: &Field, clock: &Clock<'_>) -> Result<Value> {
    match cell {
        // A `?` outside stmt2 has no value to stand for.
        Cell::Sql(Expr::Placeholder(_)) => Err(SqlError::syntax_near("?")),
        Cell::Sql(expr) => convert::from_literal(expr, field, clock),
        Cell::Bound(value) => convert::from_bound(value, field, clock),
    }
}

/// The cells of one position of a statement's column list, for every row of a write.
pub enum Cells<'a> {
    /// One cell standing for every row: a literal of a stmt2 template, a bound table's name
    /// or tag. It is fitted once.
    Same(Cell<'a>),
    /// SQL literals, one per row.
    Sql(Vec<&'a Expr>),
    /// Values bound through stmt2, one per row.
    Bound(BoundColumn),
}

impl<'a> Cells<'a> {
    /// Row `row`'s cell (a copy, for the few cells read singly: names and tags).
    pub fn cell(&self, row: usize) -> Cell<'a> {
        match self {
            Cells::Same(cell) => cell.clone(),
            Cells::Sql(exprs) => Cell::Sql(exprs[row]),
            Cells::Bound(column) => Cell::Bound(column.value(row)),
        }
    }

    /// The cells of `rows`, in that order, moved out (each row is taken once).
    fn take(&mut self, rows: &[usize]) -> Cells<'a> {
        match self {
            Cells::Same(cell) => Cells::Same(cell.clone()),
            Cells::Sql(exprs) => Cells::Sql(rows.iter().map(|&r| exprs[r]).collect()),
            Cells::Bound(column) => Cells::Bound(column.take(rows)),
        }
    }
}

/// The rows of a write: `columns[j]` holds the cells of the j-th position of its column list.
pub struct Rows<'a> {
    pub count: usize,
    pub columns: Vec<Cells<'a>>,
}

impl<'a> Rows<'a> {
    /// SQL VALUES rows, each `width` wide (checked before).
    pub fn sql(rows: &'a [Vec<Expr>], width: usize) -> Rows<'a> {
        let columns = (0..width).map(|j| Cells::Sql(rows.iter().map(|row| &row[j]).collect())).collect();
        Rows { count: rows.len(), columns }
    }

    /// Columns `columns` of rows `rows` (ascending), moved out: each is taken once.
    pub fn take(&mut self, rows: &[usize], columns: &[usize]) -> Rows<'a> {
        // All rows, as when a stmt2 bind names one subtable: the columns move whole.
        let whole = rows.len() == self.count;
        let columns = columns
            .iter()
            .map(|&j| if whole { std::mem::replace(&mut self.columns[j], Cells::Sql(Vec::new())) } else { self.columns[j].take(rows) })
            .collect();
        Rows { count: rows.len(), columns }
    }
}

/// A column's cells fitted to it.
pub enum Fitted {
    Same(Value),
    /// One value a row; none when they were only checked.
    Each(Vec<Value>),
}

impl Fitted {
    pub fn get(&self, row: usize) -> &Value {
        match self {
            Fitted::Same(value) => value,
            Fitted::Each(values) => &values[row],
        }
    }
}

/// Fits every column of `rows` to its field (`primary`: the timestamp column, never NULL),
/// keeping the fitted values if `keep`. A bad cell fails the write with the error a
/// row-by-row check meets first.
pub fn fit_rows<'f>(
    rows: Rows<'_>,
    fields: impl IntoIterator<Item = (&'f Field, bool)>,
    keep: bool,
    clock: &Clock<'_>,
) -> Result<Vec<Fitted>> {
    let mut fitted = Vec::with_capacity(rows.columns.len());
    let mut first: Option<(usize, SqlError)> = None;
    for (cells, (field, primary)) in rows.columns.into_iter().zip(fields) {
        let each = Each { field, primary, keep, clock };
        match each.fit(cells, rows.count) {
            Ok(column) => fitted.push(column),
            // An earlier column keeps a tie: its cell comes first in the row.
            Err((row, e)) if first.as_ref().is_none_or(|(r, _)| row < *r) => first = Some((row, e)),
            Err(_) => {}
        }
    }
    match first {
        Some((_, e)) => Err(e),
        None => Ok(fitted),
    }
}

/// Fitting the cells of one column.
struct Each<'c, 'f> {
    field: &'f Field,
    primary: bool,
    keep: bool,
    clock: &'c Clock<'c>,
}

impl Each<'_, '_> {
    /// The column fitted; on failure, its first bad row and why.
    fn fit(&self, cells: Cells<'_>, count: usize) -> std::result::Result<Fitted, (usize, SqlError)> {
        let (field, clock) = (self.field, self.clock);
        match cells {
            // A cell for no rows is never read, so never wrong.
            Cells::Same(_) if count == 0 => Ok(Fitted::Each(Vec::new())),
            Cells::Same(cell) => {
                let value = fit(cell, field, clock);
                if self.refuses(&value) {
                    return Err((0, value.err().unwrap_or_else(primary_null)));
                }
                value.map(Fitted::Same).map_err(|e| (0, e))
            }
            Cells::Sql(exprs) => self.each(exprs.len(), |row| fit(Cell::Sql(exprs[row]), field, clock)),
            Cells::Bound(BoundColumn::Values(mut values)) => {
                self.each(values.len(), |row| convert::from_bound(std::mem::replace(&mut values[row], Value::Null), field, clock))
            }
            Cells::Bound(BoundColumn::Fixed(fixed)) => self.each(fixed.len(), |row| convert::from_bound(fixed.value(row), field, clock)),
        }
    }

    /// Fits rows `0..count`, `fit` fitting one.
    fn each(&self, count: usize, mut fit: impl FnMut(usize) -> Result<Value>) -> std::result::Result<Fitted, (usize, SqlError)> {
        let mut kept = Vec::with_capacity(if self.keep { count } else { 0 });
        for row in 0..count {
            let value = fit(row);
            if self.refuses(&value) {
                return Err((row, value.err().unwrap_or_else(primary_null)));
            }
            if self.keep {
                kept.extend(value.ok());
            }
        }
        Ok(Fitted::Each(kept))
    }

    /// Whether a fitted cell cannot be written: it did not fit, or it is a NULL primary
    /// timestamp. Looked at in place: moving every value costs more than checking it.
    fn refuses(&self, value: &Result<Value>) -> bool {
        match value {
            Ok(value) => self.primary && !matches!(value, Value::Timestamp(_)),
            Err(_) => true,
        }
    }
}

#[cold]
fn primary_null() -> SqlError {
    error::bad_value("NULL", "Primary timestamp column should not be null")
}
