//! Property tests of the JNI batch layout decoder (docs/fuzzing.md): batches of every type
//! round-trip, and damaged ones fail without panicking or allocating more than their size
//! warrants. Java hands these bytes over; a panic would cross JNI as 0x2350, not as 0x2303.

use proptest::prelude::*;
use tdflink_fuzz_support::alloc::{allocation_bound, largest_allocation, PeakAlloc};
use tdflink_fuzz_support::config;
use tdflink_fuzz_support::encode::{batch, batch_schema};
use tdflink_fuzz_support::model::table;
use tdflink_fuzz_support::mutate::{apply, damage};
use tdflink_fuzz_support::read::{batch_values, expected_batch_values};
use tdflink_layout::batch::{decode, encode, HEADER_LEN};
use tdflink_protocol::columns::{Batch, ColumnData};

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

/// Reads every value of a decoded batch the way the write path does.
fn read_all(batch: &Batch<'_>) {
    for column in &batch.columns {
        match column.data {
            ColumnData::Fixed { .. } => (0..batch.rows).for_each(|r| {
                let _ = column.fixed(r);
            }),
            ColumnData::Var { .. } => column.var_values().for_each(drop),
        }
    }
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn batches_round_trip(table in table(8, 20)) {
        let owned = batch(&table);
        let bytes = encode(&owned.view());
        let decoded = decode(&bytes).unwrap();
        prop_assert_eq!(decoded.rows, table.rows);
        let schema: Vec<_> = decoded.columns.iter().map(|c| c.schema.clone()).collect();
        prop_assert_eq!(schema, table.columns.iter().map(batch_schema).collect::<Vec<_>>());
        prop_assert_eq!(batch_values(&decoded), expected_batch_values(&table));
        prop_assert_eq!(encode(&decoded), bytes);
    }

    #[test]
    fn damaged_batches_fail_cleanly(table in table(6, 12), damage in damage(HEADER_LEN)) {
        let bad = apply(&encode(&batch(&table).view()), &damage);
        let (_, largest) = largest_allocation(|| {
            if let Ok(decoded) = decode(&bad) {
                read_all(&decoded);
                // What the JNI self-test does with a batch Java sent.
                let copy = encode(&decoded);
                assert!(decode(&copy).is_ok());
            }
        });
        prop_assert!(largest <= allocation_bound(bad.len()), "{largest} bytes at once for a {}-byte batch", bad.len());
    }

    #[test]
    fn arbitrary_bytes_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let (_, largest) = largest_allocation(|| decode(&bytes).map(|b| read_all(&b)).ok());
        prop_assert!(largest <= allocation_bound(bytes.len()));
    }
}
