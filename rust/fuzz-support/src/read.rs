//! A decoded batch's values in the model's terms, to compare with what was encoded.

use crate::encode::batch_value;
use crate::model::Table;
use tdflink_protocol::columns::{Batch, ColumnData, ColumnView};

/// Per column, per row: the value bytes, `None` for NULL. Panics if a fixed-width NULL slot
/// does not hold zeros, as the layout requires.
pub fn batch_values(batch: &Batch<'_>) -> Vec<Vec<Option<Vec<u8>>>> {
    let fixed = |column: &ColumnView<'_>, width: usize| -> Vec<Option<Vec<u8>>> {
        (0..batch.rows)
            .map(|r| {
                let value = column.fixed(r).to_vec();
                if column.is_null(r) {
                    assert_eq!(value, vec![0; width], "NULL slots hold zeros");
                    return None;
                }
                Some(value)
            })
            .collect()
    };
    batch
        .columns
        .iter()
        .map(|column| match column.data {
            ColumnData::Fixed { width, .. } => fixed(column, width),
            ColumnData::Var { .. } => column.var_values().map(|v| v.map(<[u8]>::to_vec)).collect(),
        })
        .collect()
}

/// What `batch_values` must return for a batch of `table`.
pub fn expected_batch_values(table: &Table) -> Vec<Vec<Option<Vec<u8>>>> {
    table.columns.iter().map(|c| c.cells.iter().map(|v| v.as_ref().map(|v| batch_value(c, v))).collect()).collect()
}
