//! Result sets kept for a connection between a query and its fetches, and the fetch actions
//! (binary action 7, legacy `fetch` + `fetch_block`, `free_result`).

use super::reply::ReplyTo;
use crate::engine::ResultSet;
use crate::server::block::{self, ROWS_PER_BLOCK};
use crate::server::generated;
use std::collections::HashMap;
use tdflink_protocol::codes;
use tdflink_protocol::frames::{FetchBlockFrame, FetchOutcome, FetchRawBlockResponse, ServerError};
use tdflink_protocol::messages::{FetchBody, ResultSchema};
use tokio_tungstenite::tungstenite::Message;

struct Cursor {
    /// The columns, and the rows unless `generated` produces them.
    set: ResultSet,
    generated: Option<generated::Cursor>,
    next_row: usize,
    /// The block a legacy `fetch` prepared for the following `fetch_block`.
    pending: Option<Vec<u8>>,
}

/// Open results of one connection, by id (a per-connection counter starting at 1).
#[derive(Default)]
pub struct Results {
    open: HashMap<u64, Cursor>,
    last_id: u64,
}

impl Results {
    /// Keeps `set` for fetching and returns its id; its rows come from `generated` if given.
    pub fn open(&mut self, set: ResultSet, generated: Option<generated::Cursor>) -> u64 {
        self.last_id += 1;
        self.open.insert(self.last_id, Cursor { set, generated, next_row: 0, pending: None });
        self.last_id
    }

    /// The number of columns of an open result (`num_fields`).
    pub fn column_count(&self, id: u64) -> Option<usize> {
        self.open.get(&id).map(|c| c.set.columns.len())
    }

    pub fn free(&mut self, id: u64) {
        self.open.remove(&id);
    }

    /// The next block, `None` once every row was sent (the result is then freed).
    fn next_block(&mut self, id: u64) -> Result<Option<(Vec<u8>, usize)>, String> {
        let cursor = self.open.get_mut(&id).ok_or_else(|| "result is nil".to_owned())?;
        if let Some(generated) = &mut cursor.generated {
            let next = generated.next_block();
            if !matches!(next, Ok(Some(_))) {
                self.open.remove(&id);
            }
            return next;
        }
        if cursor.next_row >= cursor.set.rows.len() {
            self.open.remove(&id);
            return Ok(None);
        }
        let end = (cursor.next_row + ROWS_PER_BLOCK).min(cursor.set.rows.len());
        let rows = &cursor.set.rows[cursor.next_row..end];
        let encoded = block::encode(&cursor.set.columns, rows);
        let encoded = match encoded {
            Ok(b) => b,
            Err(e) => {
                self.open.remove(&id);
                return Err(e.to_string());
            }
        };
        cursor.next_row = end;
        Ok(Some((encoded, rows.len())))
    }

    /// Binary action 7: one block, or "completed", or an error, in one binary frame.
    pub fn fetch_raw_block(&mut self, reply: &ReplyTo<'_>, id: u64) -> Message {
        let next = self.next_block(id);
        let outcome = match &next {
            Ok(Some((b, _))) => FetchOutcome::Block(b),
            Ok(None) => FetchOutcome::Completed,
            Err(message) => {
                self.open.remove(&id);
                FetchOutcome::Error(ServerError { code: codes::ADAPTER_GENERIC, message: message.as_str().into() })
            }
        };
        let frame = FetchRawBlockResponse { timing: reply.timing() as u64, req_id: reply.req_id, result_id: id, outcome };
        match frame.encode() {
            Ok(bytes) => Message::binary(bytes),
            Err(e) => reply.generic(&e.to_string()),
        }
    }

    /// Legacy `fetch`: prepares the next block and says how many rows it has.
    pub fn fetch(&mut self, reply: &ReplyTo<'_>, id: u64) -> Message {
        match self.next_block(id) {
            Ok(Some((b, rows))) => {
                let lengths = self.open.get(&id).map(|c| c.set.columns.iter().map(|c| c.bytes).collect());
                if let Some(cursor) = self.open.get_mut(&id) {
                    cursor.pending = Some(b);
                }
                reply.ok(FetchBody { id, completed: false, lengths, rows: rows as u32 })
            }
            Ok(None) => reply.ok(FetchBody { id, completed: true, lengths: None, rows: 0 }),
            Err(message) => reply.generic(&message),
        }
    }

    /// Legacy `fetch_block`: the block the last `fetch` prepared, as a binary frame.
    pub fn fetch_block(&mut self, reply: &ReplyTo<'_>, id: u64) -> Message {
        match self.open.get_mut(&id).and_then(|c| c.pending.take()) {
            Some(b) => Message::binary(FetchBlockFrame { timing: reply.timing() as u64, result_id: id, block: &b }.encode()),
            None => reply.generic("block is nil"),
        }
    }
}

/// The schema fields of a query or stmt2_result reply.
pub fn schema(set: &ResultSet) -> ResultSchema {
    let columns = &set.columns;
    ResultSchema {
        fields_count: columns.len() as i32,
        fields_names: Some(columns.iter().map(|c| c.name.clone()).collect()),
        fields_types: Some(columns.iter().map(|c| c.ty.code()).collect()),
        fields_lengths: Some(columns.iter().map(|c| i64::from(c.bytes)).collect()),
        precision: set.precision.code(),
        fields_precisions: Some(columns.iter().map(|c| i64::from(c.precision)).collect()),
        fields_scales: Some(columns.iter().map(|c| i64::from(c.scale)).collect()),
    }
}
