//! The parameter batch of one split: the scan's own parameters (a one-row batch, see
//! docs/native-batch-layout.md) followed by those the partitioning binds, in placeholder
//! order. Values only ever travel here, never into SQL text.

use crate::error::{Error, Result};
use tdflink_protocol::batch::{Batch, BatchEncoder, ColumnData, ColumnSchema};
use tdflink_protocol::codes;
use tdflink_protocol::types::{DataType, Precision};

/// One bound value: its column in the batch and its bytes (fixed width, or text).
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
    /// The scan's parameters: `bytes` is their one-row batch, or empty when there are none.
    pub fn decode(bytes: &[u8]) -> Result<Params> {
        if bytes.is_empty() {
            return Ok(Params::default());
        }
        let invalid = |detail: String| Error::config(codes::DRIVER_INVALID_VARIABLE, format!("invalid parameter batch: {detail}"));
        let batch = Batch::decode(bytes).map_err(|e| invalid(e.to_string()))?;
        if batch.rows != 1 {
            return Err(invalid(format!("{} rows, a parameter batch has one", batch.rows)));
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

    /// The one-row batch, or no bytes when there are no parameters (as Java sends them).
    pub fn encode(&self) -> Vec<u8> {
        if self.0.is_empty() {
            return Vec::new();
        }
        let mut encoder = BatchEncoder::new(1, self.0.iter().map(|p| p.schema.clone()).collect());
        for p in &self.0 {
            let null = [u8::from(p.null)];
            match p.schema.value_width() {
                Some(_) => encoder.fixed_column(&null, &p.value),
                None => encoder.var_column(&null, &[p.value.len() as i32], &p.value),
            }
        }
        encoder.finish()
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
        let scan = Params::default().varchar("d1001").timestamp(-5, Precision::Microsecond).encode();
        let params = Params::decode(&scan).unwrap().timestamp(7, Precision::Nanosecond).varchar("d1002");
        let bytes = params.encode();
        let batch = Batch::decode(&bytes).unwrap();
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
        assert_eq!(Params::decode(&bytes).unwrap(), params, "decoding what was encoded loses nothing");
    }

    #[test]
    fn no_parameters_are_no_bytes_and_a_bad_batch_is_refused() {
        assert!(Params::decode(&[]).unwrap().encode().is_empty());
        assert_eq!(Params::decode(b"nonsense").unwrap_err().code(), codes::DRIVER_INVALID_VARIABLE);
        let two_rows = BatchEncoder::new(2, vec![ColumnSchema::new("p0", DataType::Bool)]);
        let mut two_rows = two_rows;
        two_rows.fixed_column(&[0, 0], &[1, 0]);
        assert!(Params::decode(&two_rows.finish()).unwrap_err().message().contains("2 rows"));
    }
}
