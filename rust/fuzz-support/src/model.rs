//! Typed rows to encode: every TDengine column type, NULLs anywhere, and their generators.

use proptest::collection::vec;
use proptest::prelude::*;
use std::ops::RangeInclusive;
use tdflink_protocol::types::DataType;

/// One non-NULL value, as a writer holds it before any encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// The little-endian bytes of a fixed-width type (BOOL: 0 or 1).
    Fixed(Vec<u8>),
    /// VARCHAR, NCHAR, JSON.
    Text(String),
    /// VARBINARY, GEOMETRY, BLOB, MEDIUMBLOB.
    Bytes(Vec<u8>),
    /// DECIMAL and DECIMAL64: the unscaled value.
    Decimal(i128),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub ty: DataType,
    /// TIMESTAMP: 0 ms, 1 µs, 2 ns. DECIMAL: digits. Else 0.
    pub precision: u8,
    /// DECIMAL: digits after the point. Else 0.
    pub scale: u8,
    pub cells: Vec<Option<Cell>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub rows: usize,
    pub columns: Vec<Column>,
}

/// Every type a column may have (NULL is no column type).
pub fn column_type() -> impl Strategy<Value = DataType> {
    prop::sample::select(DataType::ALL[1..].to_vec())
}

/// A type with a precision and scale that fit it.
fn typed() -> impl Strategy<Value = (DataType, u8, u8)> {
    column_type().prop_flat_map(|ty| match ty {
        DataType::Timestamp => (Just(ty), 0u8..=2, Just(0u8)).boxed(),
        DataType::Decimal | DataType::Decimal64 => {
            let max = if ty == DataType::Decimal { 38u8 } else { 18 };
            (1u8..=max).prop_flat_map(move |p| (Just(ty), Just(p), 0u8..=p)).boxed()
        }
        _ => (Just(ty), Just(0u8), Just(0u8)).boxed(),
    })
}

/// A value of `ty`; DECIMAL values fit `precision` digits.
pub fn cell(ty: DataType, precision: u8) -> BoxedStrategy<Cell> {
    use DataType::*;
    match ty {
        Bool => (0u8..=1).prop_map(|b| Cell::Fixed(vec![b])).boxed(),
        VarChar | NChar | Json => vec(any::<char>(), 0..12).prop_map(|c| Cell::Text(c.into_iter().collect())).boxed(),
        VarBinary | Geometry | Blob | MediumBlob => vec(any::<u8>(), 0..24).prop_map(Cell::Bytes).boxed(),
        Decimal | Decimal64 => {
            let max = 10i128.pow(u32::from(precision)) - 1;
            (-max..=max).prop_map(Cell::Decimal).boxed()
        }
        _ => {
            let width = ty.fixed_size().expect("every other type is fixed-width");
            vec(any::<u8>(), width).prop_map(Cell::Fixed).boxed()
        }
    }
}

/// A column of `rows` values, about one in five NULL.
fn column(index: usize, (ty, precision, scale): (DataType, u8, u8), rows: usize) -> impl Strategy<Value = Column> {
    vec(prop::option::weighted(0.8, cell(ty, precision)), rows).prop_map(move |cells| Column {
        name: format!("c{index}"),
        ty,
        precision,
        scale,
        cells,
    })
}

/// Up to `max_columns` columns of any types and up to `max_rows` rows. A table without
/// columns has no rows (no format could say how many).
pub fn table(max_columns: usize, max_rows: usize) -> impl Strategy<Value = Table> {
    shaped_table(0..=max_columns, 0..=max_rows)
}

/// A table with a column count from `columns` and a row count from `rows`.
pub fn shaped_table(columns: RangeInclusive<usize>, rows: RangeInclusive<usize>) -> impl Strategy<Value = Table> {
    (vec(typed(), columns), rows).prop_flat_map(|(types, rows)| {
        let rows = if types.is_empty() { 0 } else { rows };
        let columns: Vec<_> = types.into_iter().enumerate().map(|(i, t)| column(i, t, rows)).collect();
        columns.prop_map(move |columns| Table { rows, columns })
    })
}
