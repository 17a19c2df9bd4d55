//! Property tests of a polled message on its way to Java (docs/fuzzing.md): `fetch_raw_data`
//! replies of blocks of every type reach the envelope as batches holding the rows written,
//! and damaged replies fail with a code, without panicking or allocating more than their
//! size warrants.

use proptest::prelude::*;
use tdflink_client::tmq::Message;
use tdflink_fuzz_support::alloc::{allocation_bound, largest_allocation, PeakAlloc};
use tdflink_fuzz_support::config;
use tdflink_fuzz_support::mutate::{apply, damage};
use tdflink_fuzz_support::read::{batch_values, expected_batch_values};
use tdflink_fuzz_support::tmq::{tmq_parts, TmqParts};
use tdflink_layout::{batch, tmq};
use tdflink_protocol::frames::FetchRawDataResponse;
use tdflink_protocol::tmq_raw::{encode_log_offsets, RAW_TYPE_DATA};

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

/// The reply frame carrying the message `parts` describes.
fn frame(parts: &TmqParts) -> Vec<u8> {
    let offsets = encode_log_offsets(parts.offsets.0, parts.offsets.1);
    let payload = parts.message(&offsets).encode().unwrap();
    FetchRawDataResponse { timing: 0, req_id: 1, message_id: 7, outcome: Ok((RAW_TYPE_DATA, &payload)) }.encode().unwrap()
}

/// The (table name, batch) pairs of an envelope (docs/native-batch-layout.md, "TMQ messages").
fn blocks(envelope: &[u8]) -> Vec<(String, Vec<u8>)> {
    struct Cursor<'a>(&'a [u8]);
    impl Cursor<'_> {
        fn take(&mut self, n: usize) -> Vec<u8> {
            let (head, rest) = self.0.split_at(n);
            self.0 = rest;
            head.to_vec()
        }
        fn string(&mut self) -> String {
            let len = u16::from_le_bytes(self.take(2).try_into().unwrap()) as usize;
            String::from_utf8(self.take(len)).unwrap()
        }
    }
    let count = u32::from_le_bytes(envelope[32..36].try_into().unwrap());
    let mut cursor = Cursor(&envelope[36..]);
    let _topic_and_database = (cursor.string(), cursor.string());
    (0..count)
        .map(|_| {
            let name = cursor.string();
            let len = u32::from_le_bytes(cursor.take(4).try_into().unwrap()) as usize;
            (name, cursor.take(len))
        })
        .collect()
}

fn message(frame: Vec<u8>) -> Result<Message, tdflink_client::Error> {
    Message::new("t".into(), "d".into(), 2, 10, 11, frame)
}

proptest! {
    #![proptest_config(config(1000))]

    /// Servers always send schema wrappers (the column names come from them): without, a
    /// block cannot become a batch and fails with a code, as the damage property checks.
    #[test]
    fn replies_arrive_as_the_rows_written(parts in tmq_parts(4).prop_map(|p| TmqParts { with_schema: true, ..p })) {
        let envelope = tmq::encode_message(&message(frame(&parts)).unwrap()).unwrap();
        let got = blocks(&envelope);
        prop_assert_eq!(got.len(), parts.tables.len());
        for (i, ((name, bytes), (table, _))) in got.iter().zip(&parts.tables).enumerate() {
            prop_assert_eq!(name.as_str(), parts.table_name(i).unwrap_or(""));
            let batch = batch::decode(bytes).unwrap();
            prop_assert_eq!(batch.rows, table.rows);
            prop_assert_eq!(batch_values(&batch), expected_batch_values(table));
        }
    }

    #[test]
    fn damaged_replies_fail_with_a_code(parts in tmq_parts(3), damage in damage(64)) {
        let bad = apply(&frame(&parts), &damage);
        let len = bad.len();
        let (outcome, largest) = largest_allocation(|| message(bad).map_err(|e| e.code()).and_then(|m| tmq::encode_message(&m).map_err(|e| e.code)));
        if let Err(code) = outcome {
            prop_assert_ne!(code, 0);
        }
        prop_assert!(largest <= allocation_bound(len), "{largest} bytes at once for a {len}-byte reply");
    }
}
