//! Batch columns in stmt2 bind form: the sink's write batches and the one-row parameter
//! batches of queries are both bound through here.

use crate::error::{Error, Result};
use tdflink_protocol::codes;
use tdflink_protocol::columns::{Batch, ColumnData, ColumnView};
use tdflink_protocol::stmt2::{has_lengths, BindColumn};
use tdflink_protocol::types::{DataType, Precision};

/// A decoded batch with the values of each variable-width column indexed once, so picking
/// one subtable's rows never walks a whole column again.
pub(crate) struct Rows<'a> {
    pub batch: &'a Batch<'a>,
    /// Per column: its values by row when variable-width, else empty.
    var: Vec<Vec<Option<&'a [u8]>>>,
    /// Per column: the unit of its values when TIMESTAMP.
    units: Vec<Option<Precision>>,
}

impl<'a> Rows<'a> {
    /// Checks `batch` (a TIMESTAMP column's precision code); a bad batch is 0x2303.
    pub fn new(batch: &'a Batch<'a>) -> Result<Rows<'a>> {
        let invalid = |detail: String| Error::config(codes::DRIVER_INVALID_VARIABLE, detail);
        let mut units = Vec::with_capacity(batch.columns.len());
        for c in &batch.columns {
            units.push(match c.schema.ty {
                DataType::Timestamp => Some(Precision::from_code(c.schema.precision).ok_or_else(|| {
                    invalid(format!("invalid batch: TIMESTAMP column {} has precision {}", c.schema.name, c.schema.precision))
                })?),
                _ => None,
            });
        }
        let var = batch
            .columns
            .iter()
            .map(|c| match c.data {
                ColumnData::Var { .. } => c.var_values().collect(),
                ColumnData::Fixed { .. } => Vec::new(),
            })
            .collect();
        Ok(Rows { batch, var, units })
    }

    pub fn var(&self, column: usize, row: usize) -> Option<&'a [u8]> {
        self.var[column][row]
    }

    /// The TIMESTAMP value of `row` in `precision` (rounded toward minus infinity); a BIGINT
    /// column's value is taken as it is.
    pub fn timestamp(&self, column: usize, row: usize, precision: Precision) -> i64 {
        let ticks = i64::from_le_bytes(self.batch.columns[column].fixed(row).try_into().expect("8-byte TIMESTAMP"));
        match self.units[column] {
            Some(unit) => rescale(ticks, unit, precision),
            None => ticks,
        }
    }
}

fn rescale(ticks: i64, from: Precision, to: Precision) -> i64 {
    let (from, to) = (from.ticks_per_second(), to.ticks_per_second());
    if from >= to {
        ticks.div_euclid(from / to)
    } else {
        ticks.saturating_mul(to / from)
    }
}

/// Selected rows of one batch column in stmt2 bind form.
pub(crate) struct OwnedColumn {
    ty: DataType,
    nulls: Vec<u8>,
    lengths: Option<Vec<u8>>,
    data: Vec<u8>,
}

impl OwnedColumn {
    /// Copies the `selected` rows of column `index`, bound as `ty`. TIMESTAMP values are
    /// converted from the column's precision to `precision` when given, else kept as they are.
    pub fn gather(rows: &Rows<'_>, index: usize, ty: DataType, selected: &[usize], precision: Option<Precision>) -> OwnedColumn {
        let column: &ColumnView<'_> = &rows.batch.columns[index];
        let nulls: Vec<u8> = selected.iter().map(|&r| column.nulls[r]).collect();
        match column.data {
            ColumnData::Fixed { .. } => {
                let mut data = Vec::with_capacity(selected.len() * 8);
                for &r in selected {
                    match precision {
                        // Only a TIMESTAMP column has a unit to convert from (and 8 bytes).
                        Some(precision) if ty == DataType::Timestamp && rows.units[index].is_some() && !column.is_null(r) => {
                            data.extend_from_slice(&rows.timestamp(index, r, precision).to_le_bytes())
                        }
                        _ => data.extend_from_slice(column.fixed(r)),
                    }
                }
                OwnedColumn { ty, nulls, lengths: None, data }
            }
            ColumnData::Var { .. } => {
                let mut lengths = Vec::with_capacity(selected.len() * 4);
                let mut data = Vec::new();
                for &r in selected {
                    let value = rows.var(index, r).unwrap_or_default();
                    lengths.extend_from_slice(&(value.len() as i32).to_le_bytes());
                    data.extend_from_slice(value);
                }
                OwnedColumn { ty, nulls, lengths: has_lengths(ty).then_some(lengths), data }
            }
        }
    }

    /// Fails with 0x2303 when the batch column does not fit the type it is bound as (an INT
    /// column for a BIGINT field): the batch, not the connection, is at fault.
    pub fn as_bind(&self) -> Result<BindColumn<'_>> {
        BindColumn::new(self.ty, &self.nulls, self.lengths.as_deref(), &self.data)
            .map_err(|e| Error::config(codes::DRIVER_INVALID_VARIABLE, format!("a batch column cannot be bound as {}: {e}", self.ty)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tdflink_protocol::columns::{ColumnSchema, OwnedBatch};

    #[test]
    fn timestamps_convert_between_units_rounding_down() {
        use Precision::*;
        assert_eq!(rescale(-1, Nanosecond, Millisecond), -1);
        assert_eq!(rescale(1_999_999, Nanosecond, Millisecond), 1);
        assert_eq!(rescale(7, Microsecond, Microsecond), 7);
        assert_eq!(rescale(7, Millisecond, Nanosecond), 7_000_000);
        assert_eq!(rescale(i64::MAX, Millisecond, Nanosecond), i64::MAX);
    }

    /// Found by bind_props: an INT column bound to a TIMESTAMP field was read as 8 bytes.
    #[test]
    fn a_narrow_column_bound_as_timestamp_fails_with_a_code() {
        let batch = OwnedBatch::new(1).fixed(ColumnSchema::new("v", DataType::Int), &[0], &5i32.to_le_bytes());
        let batch = batch.view();
        let rows = Rows::new(&batch).unwrap();
        let column = OwnedColumn::gather(&rows, 0, DataType::Timestamp, &[0], Some(Precision::Millisecond));
        assert_eq!(column.as_bind().err().unwrap().code(), codes::DRIVER_INVALID_VARIABLE);
    }

    #[test]
    fn a_timestamp_column_needs_a_known_precision() {
        let batch = OwnedBatch::new(1).fixed(ColumnSchema::new("ts", DataType::Timestamp).with_precision(3), &[0], &5i64.to_le_bytes());
        let e = Rows::new(&batch.view()).err().unwrap();
        assert_eq!(e.code(), codes::DRIVER_INVALID_VARIABLE);
        assert!(e.message().contains("TIMESTAMP column ts has precision 3"), "{e}");
    }
}
