//! Property tests of the TMQ raw data parser (docs/fuzzing.md): messages of blocks of every
//! type round-trip, and damaged ones fail without panicking or allocating more than their
//! size warrants.

use proptest::collection::vec;
use proptest::prelude::*;
use tdflink_fuzz_support::alloc::{allocation_bound, largest_allocation, PeakAlloc};
use tdflink_fuzz_support::config;
use tdflink_fuzz_support::encode::raw_value;
use tdflink_fuzz_support::mutate::{apply, damage};
use tdflink_fuzz_support::tmq::tmq_parts;
use tdflink_layout::batch::decode;
use tdflink_layout::raw::from_raw_block;
use tdflink_protocol::tmq_raw::{encode_log_offsets, TmqRawData};

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

/// Everything the CDC path does with a payload; any failure is an `Err`.
fn decode_and_convert(payload: &[u8]) -> Result<(), String> {
    let data = TmqRawData::decode(payload).map_err(|e| e.to_string())?;
    data.log_offsets();
    for b in &data.blocks {
        let names: Vec<String> = b.schema.iter().map(|c| c.name.to_owned()).collect();
        if let Ok(batch) = from_raw_block(&b.block, &names, b.precision) {
            decode(&batch).expect("a converted block is a valid batch");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn tmq_raw_data_round_trips(parts in tmq_parts(4)) {
        let offsets = encode_log_offsets(parts.offsets.0, parts.offsets.1);
        let msg = parts.message(&offsets);
        let bytes = msg.encode().unwrap();
        let back = TmqRawData::decode(&bytes).unwrap();
        prop_assert_eq!(&back, &msg);
        prop_assert_eq!(back.log_offsets(), Some(parts.offsets));
        for (block, (table, _)) in back.blocks.iter().zip(&parts.tables) {
            for (column, expected) in block.block.columns.iter().zip(&table.columns) {
                let values: Vec<_> = column.values().map(|v| v.map(<[u8]>::to_vec)).collect();
                let wanted: Vec<_> = expected.cells.iter().map(|c| c.as_ref().map(|c| raw_value(expected.ty, c))).collect();
                prop_assert_eq!(values, wanted);
            }
        }
    }

    #[test]
    fn damaged_tmq_raw_data_fails_cleanly(parts in tmq_parts(3), damage in damage(32)) {
        let offsets = encode_log_offsets(parts.offsets.0, parts.offsets.1);
        let bad = apply(&parts.message(&offsets).encode().unwrap(), &damage);
        let (_, largest) = largest_allocation(|| decode_and_convert(&bad));
        prop_assert!(largest <= allocation_bound(bad.len()), "{largest} bytes at once for a {}-byte payload", bad.len());
    }

    #[test]
    fn arbitrary_bytes_fail_cleanly(bytes in vec(any::<u8>(), 0..256)) {
        let (_, largest) = largest_allocation(|| decode_and_convert(&bytes));
        prop_assert!(largest <= allocation_bound(bytes.len()));
    }
}
