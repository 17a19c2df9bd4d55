//! One polled data message and the ways a client reads it: `fetch_raw_data` (raw_type 2, all
//! blocks at once, docs/protocol.md §10.6) and the legacy `fetch` + `fetch_block` pair (one block each).

use crate::engine::TopicBlock;
use crate::server::block;
use crate::server::generated::log::Log;
use serde_json::{json, Value as Json};
use std::borrow::Cow;
use std::sync::Arc;
use tdflink_protocol::bytes_io::WireError;
use tdflink_protocol::messages::PollBody;
use tdflink_protocol::raw_block::RawBlockView;
use tdflink_protocol::tmq_raw::{self, TmqBlock, TmqColumn, TmqRawData};

/// TDengine's `TMQ_RES_DATA`.
pub const TYPE_DATA: i32 = 1;

pub struct Message {
    pub id: u64,
    pub topic: String,
    pub db: String,
    pub vgroup: u32,
    /// The WAL version the message starts at and the one after it.
    pub offset: i64,
    pub end: i64,
    pub blocks: Vec<TopicBlock>,
    /// The generated topic's message is version `offset` of this log (and `blocks` is empty
    /// until a legacy fetch needs them).
    pub generated: Option<Arc<Log>>,
    /// Legacy fetch: the block the next `fetch` returns, and the one `fetch_block` sends.
    pub next_block: usize,
    pub fetched: Option<Vec<u8>>,
}

impl Message {
    pub fn poll_body(&self) -> PollBody {
        PollBody {
            have_message: true,
            topic: self.topic.clone(),
            database: self.db.clone(),
            vgroup_id: self.vgroup as i32,
            message_type: TYPE_DATA,
            message_id: self.id,
            offset: self.offset,
        }
    }

    /// The raw_type 2 payload: one block per table with its precision, the topic's output
    /// column names in the schema wrapper, and the table name when the consumer asked for it.
    pub fn raw_data(&self, with_table_name: bool) -> Result<Cow<'_, [u8]>, WireError> {
        if let Some(log) = &self.generated {
            let missing = || WireError::new("generated topic", format!("no version {} in vgroup {}", self.offset, self.vgroup));
            return log.raw_data(self.vgroup, self.offset, with_table_name).ok_or_else(missing)?.map(Cow::Borrowed);
        }
        let encoded: Vec<Vec<u8>> =
            self.blocks.iter().map(|b| block::encode_tmq(&b.rows.columns, &b.rows.rows)).collect::<Result<_, _>>()?;
        let mut blocks = Vec::with_capacity(encoded.len());
        for (bytes, b) in encoded.iter().zip(&self.blocks) {
            let view = RawBlockView::parse(bytes)?;
            let schema = b
                .rows
                .columns
                .iter()
                .zip(&view.columns)
                .enumerate()
                .map(|(i, (c, v))| TmqColumn { ty: c.ty, flags: 0, bytes: v.field().bytes, col_id: i as i32 + 1, name: &c.name })
                .collect();
            let table_name = with_table_name.then_some(b.table.as_str());
            blocks.push(TmqBlock { precision: b.rows.precision, block: view, schema, schema_version: 1, table_name });
        }
        let offsets = tmq_raw::encode_log_offsets(self.offset, self.end - 1);
        TmqRawData { offsets: &offsets, with_table_name, with_schema: true, blocks, sleep_time: 0 }.encode().map(Cow::Owned)
    }

    /// Legacy `fetch`: describes the next block and keeps it for `fetch_block`; `completed`
    /// once every block was fetched.
    pub fn fetch(&mut self) -> Result<Json, WireError> {
        if let (Some(log), true) = (&self.generated, self.blocks.is_empty()) {
            self.blocks = log.blocks(self.vgroup, self.offset);
        }
        let Some(b) = self.blocks.get(self.next_block) else {
            self.fetched = None;
            return Ok(json!({ "message_id": self.id, "completed": true, "table_name": "", "rows": 0,
                "fields_count": 0, "fields_names": [], "fields_types": [], "fields_lengths": [], "precision": 0 }));
        };
        self.next_block += 1;
        let columns = &b.rows.columns;
        let body = json!({
            "message_id": self.id,
            "completed": false,
            "table_name": b.table,
            "rows": b.rows.rows.len(),
            "fields_count": columns.len(),
            "fields_names": columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
            "fields_types": columns.iter().map(|c| c.ty.code()).collect::<Vec<_>>(),
            "fields_lengths": columns.iter().map(|c| c.bytes).collect::<Vec<_>>(),
            "precision": b.rows.precision.code(),
        });
        self.fetched = Some(block::encode(columns, &b.rows.rows)?);
        Ok(body)
    }
}
