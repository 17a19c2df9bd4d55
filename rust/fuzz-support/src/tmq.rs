//! TMQ raw data messages (raw_type 2) of model tables, one block per table.

use crate::encode::raw_block;
use crate::model::{table, Column, Table};
use proptest::collection::vec;
use proptest::prelude::*;
use tdflink_protocol::raw_block::{RawBlockView, VERSION_TMQ};
use tdflink_protocol::tmq_raw::{TmqBlock, TmqColumn, TmqRawData};
use tdflink_protocol::types::Precision;

/// What one message is made of: its blocks' rows and raw bytes, and the message's settings.
#[derive(Clone, Debug)]
pub struct TmqParts {
    pub tables: Vec<(Table, Vec<u8>)>,
    pub precision: Precision,
    pub with_table_name: bool,
    pub with_schema: bool,
    /// The WAL versions of `encode_log_offsets`.
    pub offsets: (i64, i64),
    pub sleep_time: i64,
}

impl TmqParts {
    /// Block `i`'s table name when the message carries names.
    pub fn table_name(&self, i: usize) -> Option<&'static str> {
        self.with_table_name.then_some(if i % 2 == 0 { "d0" } else { "" })
    }

    /// The message; `offsets` are its opaque offset bytes.
    pub fn message<'a>(&'a self, offsets: &'a [u8]) -> TmqRawData<'a> {
        let blocks = self
            .tables
            .iter()
            .enumerate()
            .map(|(i, (table, raw))| TmqBlock {
                precision: self.precision,
                block: RawBlockView::parse(raw).expect("model blocks are valid"),
                schema: if self.with_schema {
                    table.columns.iter().enumerate().map(|(i, c)| tmq_column(i, c)).collect()
                } else {
                    Vec::new()
                },
                schema_version: if self.with_schema { i as i32 } else { 0 },
                table_name: self.table_name(i),
            })
            .collect();
        TmqRawData { offsets, with_table_name: self.with_table_name, with_schema: self.with_schema, blocks, sleep_time: self.sleep_time }
    }
}

fn tmq_column(i: usize, c: &Column) -> TmqColumn<'_> {
    TmqColumn { ty: c.ty, flags: 0, bytes: c.ty.fixed_size().unwrap_or(66) as i32, col_id: i as i32 + 1, name: &c.name }
}

/// Up to `max_blocks` blocks of up to 5 columns and 8 rows.
pub fn tmq_parts(max_blocks: usize) -> impl Strategy<Value = TmqParts> {
    let tables = vec(table(5, 8).prop_map(|t| (raw_block(&t, VERSION_TMQ), t)), 0..=max_blocks);
    (tables, 0u8..=2, any::<bool>(), any::<bool>(), any::<(i64, i64)>(), any::<i64>()).prop_map(
        |(tables, precision, with_table_name, with_schema, offsets, sleep_time)| TmqParts {
            tables: tables.into_iter().map(|(raw, t)| (t, raw)).collect(),
            precision: Precision::from_code(precision).expect("0 to 2"),
            with_table_name,
            with_schema,
            offsets,
            sleep_time,
        },
    )
}
