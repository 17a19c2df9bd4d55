//! Property tests of a polled message's decoding (docs/fuzzing.md): `fetch_raw_data` replies
//! of blocks of every type arrive as batches holding the rows written, and damaged replies
//! fail with a code, without panicking or allocating more than their size warrants.

use super::message::blocks;
use proptest::prelude::*;
use tdflink_fuzz_support::alloc::{allocation_bound, largest_allocation};
use tdflink_fuzz_support::config;
use tdflink_fuzz_support::mutate::{apply, damage};
use tdflink_fuzz_support::read::{batch_values, expected_batch_values};
use tdflink_fuzz_support::tmq::{tmq_parts, TmqParts};
use tdflink_protocol::batch::Batch;
use tdflink_protocol::frames::FetchRawDataResponse;
use tdflink_protocol::tmq_raw::{encode_log_offsets, RAW_TYPE_DATA};

/// The reply frame carrying the message `parts` describes.
fn frame(parts: &TmqParts) -> Vec<u8> {
    let offsets = encode_log_offsets(parts.offsets.0, parts.offsets.1);
    let payload = parts.message(&offsets).encode().unwrap();
    FetchRawDataResponse { timing: 0, req_id: 1, message_id: 7, outcome: Ok((RAW_TYPE_DATA, &payload)) }.encode().unwrap()
}

proptest! {
    #![proptest_config(config(1000))]

    /// Servers always send schema wrappers (the column names come from them): without, a
    /// block cannot become a batch and fails with a code, as the damage property checks.
    #[test]
    fn replies_arrive_as_the_rows_written(parts in tmq_parts(4).prop_map(|p| TmqParts { with_schema: true, ..p })) {
        let got = blocks(&frame(&parts)).unwrap();
        prop_assert_eq!(got.len(), parts.tables.len());
        for (i, (block, (table, _))) in got.iter().zip(&parts.tables).enumerate() {
            prop_assert_eq!(block.table_name.as_str(), parts.table_name(i).unwrap_or(""));
            let batch = Batch::decode(&block.batch).unwrap();
            prop_assert_eq!(batch.rows, table.rows);
            prop_assert_eq!(batch_values(&batch), expected_batch_values(table));
        }
    }

    #[test]
    fn damaged_replies_fail_with_a_code(parts in tmq_parts(3), damage in damage(64)) {
        let bad = apply(&frame(&parts), &damage);
        let (outcome, largest) = largest_allocation(|| blocks(&bad));
        if let Err(e) = outcome {
            prop_assert_ne!(e.code(), 0);
        }
        prop_assert!(largest <= allocation_bound(bad.len()), "{largest} bytes at once for a {}-byte reply", bad.len());
    }
}
