//! Property tests of the batch → stmt2 path the sink and query parameters take
//! (docs/fuzzing.md): Java's batches of every type bind as they were written, as the
//! decoder tdlite serves binds with reads them back; a column bound as another type than its
//! own fails with a code, never a panic. (Malformed batch bytes never get here: the JNI layout
//! refuses them, rust/layout/tests/batch_props.rs.)

use crate::bind::{OwnedColumn, Rows};
use proptest::prelude::*;
use tdflink_fuzz_support::config;
use tdflink_fuzz_support::encode::{batch, BindParts};
use tdflink_fuzz_support::model::{column_type, shaped_table};
use tdflink_protocol::codes;
use tdflink_protocol::stmt2::{Stmt2Bind, Stmt2Table};
use tdflink_protocol::types::Precision;

/// Every column of `rows`, all rows, bound with `types[i]` and timestamps in `precision`.
fn gather_all(rows: &Rows<'_>, types: &[tdflink_protocol::types::DataType], precision: Option<Precision>) -> Vec<OwnedColumn> {
    let all: Vec<usize> = (0..rows.batch.rows).collect();
    types.iter().enumerate().map(|(i, ty)| OwnedColumn::gather(rows, i, *ty, &all, precision)).collect()
}

proptest! {
    #![proptest_config(config(1500))]

    #[test]
    fn batches_bind_as_written(table in shaped_table(1..=8, 0..=12)) {
        let batch = batch(&table);
        let batch = batch.view();
        let rows = Rows::new(&batch).unwrap();
        let types: Vec<_> = table.columns.iter().map(|c| c.ty).collect();
        let owned = gather_all(&rows, &types, None);
        let columns = owned.iter().map(OwnedColumn::as_bind).collect::<crate::Result<Vec<_>>>().unwrap();
        let payload = Stmt2Bind { tables: vec![Stmt2Table { name: None, tags: vec![], columns }] }.encode().unwrap();
        let read = Stmt2Bind::decode(&payload).unwrap();
        let wanted: Vec<_> = table.columns.iter().map(BindParts::of).collect();
        let wanted: Vec<_> = wanted.iter().map(BindParts::column).collect();
        prop_assert_eq!(&read.tables[0].columns, &wanted);
    }

    #[test]
    fn columns_bound_as_other_types_fail_with_a_code(
        table in shaped_table(1..=6, 0..=8),
        types in prop::collection::vec(column_type(), 6),
        precision in 0u8..=2,
    ) {
        let batch = batch(&table);
        let batch = batch.view();
        let rows = Rows::new(&batch).unwrap();
        let owned = gather_all(&rows, &types[..table.columns.len()], Precision::from_code(precision));
        for column in &owned {
            if let Err(e) = column.as_bind() {
                prop_assert_eq!(e.code(), codes::DRIVER_INVALID_VARIABLE);
            }
        }
    }
}
