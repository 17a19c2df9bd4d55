//! Query parameters in placeholder order, built value by value and bound as a one-row batch
//! ([`crate::Client::query_with_params`]): values never become SQL text.

use crate::error::{Error, Result};
use tdflink_protocol::codes;
use tdflink_protocol::columns::{Batch, ColumnData, ColumnSchema, OwnedBatch};
use tdflink_protocol::types::{DataType, Precision};

/// One bound value: its column and its bytes (fixed width, or text).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Param {
    schema: ColumnSchema,
    null: bool,
    value: Vec<u8>,
}

/// Parameters in placeholder order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params(Vec<Param>);

impl Params {
    /// The parameters a one-row batch holds, one per column.
    pub fn from_batch(batch: &Batch<'_>) -> Result<Params> {
        if batch.rows != 1 {
            let message = format!("invalid parameter batch: {} rows, a parameter batch has one", batch.rows);
            return Err(Error::config(codes::DRIVER_INVALID_VARIABLE, message));
        }
        let params = batch
            .columns
            .iter()
            .map(|c| Param {
                schema: c.schema.clone(),
                null: c.is_null(0),
                value: match c.data {
                    ColumnData::Fixed { .. } => c.fixed(0).to_vec(),
                    ColumnData::Var { .. } => c.var_values().next().flatten().unwrap_or_default().to_vec(),
                },
            })
            .collect();
        Ok(Params(params))
    }

    /// Appends a TIMESTAMP value in ticks of `precision`.
    pub fn timestamp(mut self, ticks: i64, precision: Precision) -> Params {
        let schema = ColumnSchema::new(self.next_name(), DataType::Timestamp).with_precision(precision.code());
        self.0.push(Param { schema, null: false, value: ticks.to_le_bytes().to_vec() });
        self
    }

    /// Appends a VARCHAR value.
    pub fn varchar(mut self, text: &str) -> Params {
        let schema = ColumnSchema::new(self.next_name(), DataType::VarChar);
        self.0.push(Param { schema, null: false, value: text.as_bytes().to_vec() });
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The one-row batch to bind, a column per parameter.
    pub fn to_batch(&self) -> OwnedBatch {
        self.0.iter().fold(OwnedBatch::new(1), |batch, p| {
            let null = [u8::from(p.null)];
            match p.schema.value_width() {
                Some(_) => batch.fixed(p.schema.clone(), &null, &p.value),
                None => batch.var(p.schema.clone(), &null, &[p.value.len() as i32], &p.value),
            }
        })
    }

    /// Names are not used by the bind; numbered as Java numbers its own.
    fn next_name(&self) -> String {
        format!("p{}", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appended_values_follow_the_scans_own_in_order() {
        let scan = Params::default().varchar("d1001").timestamp(-5, Precision::Microsecond).to_batch();
        let params = Params::from_batch(&scan.view()).unwrap().timestamp(7, Precision::Nanosecond).varchar("d1002");
        let owned = params.to_batch();
        let batch = owned.view();
        assert_eq!(batch.rows, 1);
        let types: Vec<_> = batch.columns.iter().map(|c| (c.schema.ty, c.schema.precision, c.schema.name.clone())).collect();
        assert_eq!(
            types,
            vec![
                (DataType::VarChar, 0, "p0".to_owned()),
                (DataType::Timestamp, 1, "p1".to_owned()),
                (DataType::Timestamp, 2, "p2".to_owned()),
                (DataType::VarChar, 0, "p3".to_owned()),
            ]
        );
        assert_eq!(batch.columns[0].var_values().next().unwrap(), Some(&b"d1001"[..]));
        assert_eq!(batch.columns[1].fixed(0), (-5i64).to_le_bytes());
        assert_eq!(batch.columns[2].fixed(0), 7i64.to_le_bytes());
        assert_eq!(batch.columns[3].var_values().next().unwrap(), Some(&b"d1002"[..]));
        assert_eq!(Params::from_batch(&batch).unwrap(), params, "reading what was written loses nothing");
    }

    #[test]
    fn a_parameter_batch_has_one_row() {
        assert!(Params::default().is_empty());
        let two_rows = OwnedBatch::new(2).fixed(ColumnSchema::new("p0", DataType::Bool), &[0, 0], &[1, 0]);
        let e = Params::from_batch(&two_rows.view()).unwrap_err();
        assert_eq!(e.code(), codes::DRIVER_INVALID_VARIABLE);
        assert!(e.message().contains("2 rows"), "{e}");
    }
}
