//! Property tests of the raw block decoder and of its conversion into the JNI batch layout
//! (docs/fuzzing.md): every type round-trips, and damaged blocks fail without panicking or
//! allocating more than their size warrants.

use proptest::prelude::*;
use tdflink_fuzz_support::alloc::{allocation_bound, largest_allocation, PeakAlloc};
use tdflink_fuzz_support::config;
use tdflink_fuzz_support::encode::{raw_block, raw_value};
use tdflink_fuzz_support::model::table;
use tdflink_fuzz_support::mutate::{apply, damage};
use tdflink_fuzz_support::read::{batch_values, expected_batch_values};
use tdflink_layout::batch::decode;
use tdflink_layout::raw::from_raw_block;
use tdflink_protocol::raw_block::{RawBlockView, HEADER_LEN, VERSION_QUERY, VERSION_TMQ};
use tdflink_protocol::types::{DataType, Precision};

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

fn names(view: &RawBlockView<'_>) -> Vec<String> {
    (0..view.columns.len()).map(|i| format!("c{i}")).collect()
}

/// Everything the read path does with a block from the server; any failure is an `Err`.
fn decode_and_convert(bytes: &[u8]) -> Result<(), String> {
    let view = RawBlockView::parse(bytes).map_err(|e| e.to_string())?;
    for column in &view.columns {
        column.values().for_each(drop);
    }
    let converted = from_raw_block(&view, &names(&view), Precision::Nanosecond).map_err(|e| e.to_string())?;
    let batch = decode(&converted).expect("a converted block is a valid batch");
    assert_eq!(batch.rows, view.rows);
    Ok(())
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn raw_blocks_round_trip(table in table(8, 20), tmq in any::<bool>()) {
        let bytes = raw_block(&table, if tmq { VERSION_TMQ } else { VERSION_QUERY });
        let view = RawBlockView::parse(&bytes).unwrap();
        prop_assert_eq!(view.rows, table.rows);
        prop_assert_eq!(view.columns.len(), table.columns.len());
        for (column, expected) in view.columns.iter().zip(&table.columns) {
            prop_assert_eq!(column.field().ty, expected.ty);
            let values: Vec<_> = column.values().map(|v| v.map(<[u8]>::to_vec)).collect();
            let wanted: Vec<_> = expected.cells.iter().map(|c| c.as_ref().map(|c| raw_value(expected.ty, c))).collect();
            prop_assert_eq!(values, wanted);
        }
    }

    #[test]
    fn raw_blocks_convert_to_equal_batches(table in table(8, 20), precision in 0u8..=2) {
        let bytes = raw_block(&table, VERSION_QUERY);
        let view = RawBlockView::parse(&bytes).unwrap();
        let precision = Precision::from_code(precision).unwrap();
        let converted = from_raw_block(&view, &names(&view), precision).unwrap();
        let batch = decode(&converted).unwrap();
        prop_assert_eq!(batch.rows, table.rows);
        for (column, expected) in batch.columns.iter().zip(&table.columns) {
            let schema = &column.schema;
            prop_assert_eq!((&schema.name, schema.ty), (&expected.name, expected.ty));
            let wanted_precision = if expected.ty == DataType::Timestamp { precision.code() } else { expected.precision };
            prop_assert_eq!((schema.precision, schema.scale), (wanted_precision, expected.scale));
        }
        prop_assert_eq!(batch_values(&batch), expected_batch_values(&table));
    }

    #[test]
    fn damaged_raw_blocks_fail_cleanly(table in table(6, 12), damage in damage(HEADER_LEN)) {
        let bad = apply(&raw_block(&table, VERSION_QUERY), &damage);
        let (_, largest) = largest_allocation(|| decode_and_convert(&bad));
        prop_assert!(largest <= allocation_bound(bad.len()), "{largest} bytes at once for a {}-byte block", bad.len());
    }

    #[test]
    fn arbitrary_bytes_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let (_, largest) = largest_allocation(|| decode_and_convert(&bytes));
        prop_assert!(largest <= allocation_bound(bytes.len()));
    }
}
