//! Property tests of the TMQ raw data parser (docs/fuzzing.md): messages of blocks of every
//! type round-trip, and damaged ones fail without panicking or allocating more than their
//! size warrants.

use proptest::collection::vec;
use proptest::prelude::*;
use tdflink_fuzz_support::alloc::{allocation_bound, largest_allocation, PeakAlloc};
use tdflink_fuzz_support::config;
use tdflink_fuzz_support::encode::{raw_block, raw_value};
use tdflink_fuzz_support::model::{table, Column, Table};
use tdflink_fuzz_support::mutate::{apply, damage};
use tdflink_protocol::batch::{from_raw_block, Batch};
use tdflink_protocol::raw_block::{RawBlockView, VERSION_TMQ};
use tdflink_protocol::tmq_raw::{encode_log_offsets, TmqBlock, TmqColumn, TmqRawData};
use tdflink_protocol::types::Precision;

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

/// What one message is made of: its blocks' rows and raw bytes, and the message's settings.
#[derive(Debug)]
struct Parts {
    tables: Vec<(Table, Vec<u8>)>,
    precision: u8,
    with_table_name: bool,
    with_schema: bool,
    offsets: (i64, i64),
    sleep_time: i64,
}

fn parts(max_blocks: usize) -> impl Strategy<Value = Parts> {
    let tables = vec(table(5, 8).prop_map(|t| { let raw = raw_block(&t, VERSION_TMQ); (t, raw) }), 0..=max_blocks);
    (tables, 0u8..=2, any::<bool>(), any::<bool>(), any::<(i64, i64)>(), any::<i64>()).prop_map(
        |(tables, precision, with_table_name, with_schema, offsets, sleep_time)| Parts {
            tables,
            precision,
            with_table_name,
            with_schema,
            offsets,
            sleep_time,
        },
    )
}

fn message<'a>(parts: &'a Parts, offsets: &'a [u8]) -> TmqRawData<'a> {
    let blocks = parts
        .tables
        .iter()
        .enumerate()
        .map(|(i, (table, raw))| TmqBlock {
            precision: Precision::from_code(parts.precision).unwrap(),
            block: RawBlockView::parse(raw).unwrap(),
            schema: if parts.with_schema { schema(table) } else { Vec::new() },
            schema_version: if parts.with_schema { i as i32 } else { 0 },
            table_name: parts.with_table_name.then_some(if i % 2 == 0 { "d0" } else { "" }),
        })
        .collect();
    TmqRawData { offsets, with_table_name: parts.with_table_name, with_schema: parts.with_schema, blocks, sleep_time: parts.sleep_time }
}

fn schema(table: &Table) -> Vec<TmqColumn<'_>> {
    table.columns.iter().enumerate().map(|(i, c)| tmq_column(i, c)).collect()
}

fn tmq_column(i: usize, c: &Column) -> TmqColumn<'_> {
    TmqColumn { ty: c.ty, flags: 0, bytes: c.ty.fixed_size().unwrap_or(66) as i32, col_id: i as i32 + 1, name: &c.name }
}

/// Everything the CDC path does with a payload; any failure is an `Err`.
fn decode_and_convert(payload: &[u8]) -> Result<(), String> {
    let data = TmqRawData::decode(payload).map_err(|e| e.to_string())?;
    data.log_offsets();
    for b in &data.blocks {
        let names: Vec<String> = b.schema.iter().map(|c| c.name.to_owned()).collect();
        if let Ok(batch) = from_raw_block(&b.block, &names, b.precision) {
            Batch::decode(&batch).expect("a converted block is a valid batch");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(100))]

    #[test]
    fn tmq_raw_data_round_trips(parts in parts(4)) {
        let offsets = encode_log_offsets(parts.offsets.0, parts.offsets.1);
        let msg = message(&parts, &offsets);
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
    fn damaged_tmq_raw_data_fails_cleanly(parts in parts(3), damage in damage(32)) {
        let offsets = encode_log_offsets(parts.offsets.0, parts.offsets.1);
        let bad = apply(&message(&parts, &offsets).encode().unwrap(), &damage);
        let (_, largest) = largest_allocation(|| decode_and_convert(&bad));
        prop_assert!(largest <= allocation_bound(bad.len()), "{largest} bytes at once for a {}-byte payload", bad.len());
    }

    #[test]
    fn arbitrary_bytes_fail_cleanly(bytes in vec(any::<u8>(), 0..256)) {
        let (_, largest) = largest_allocation(|| decode_and_convert(&bytes));
        prop_assert!(largest <= allocation_bound(bytes.len()));
    }
}
