//! A polled data message with its blocks already in the batch layout: the raw data of
//! `fetch_raw_data` (docs/protocol.md §10.5 b, §10.6) decoded and converted once, in Rust.

use crate::error::{Error, Result};
use tdflink_protocol::batch;
use tdflink_protocol::frames::FetchRawDataResponse;
use tdflink_protocol::tmq_raw::{TmqRawData, RAW_TYPE_DATA};

/// One message: the rows one vgroup delivered from one position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub topic: String,
    pub database: String,
    pub vgroup_id: i32,
    /// WAL version the message starts at.
    pub offset: i64,
    /// The vgroup's position after this message: a consumer seeking there resumes right after
    /// it. When the server did not say, the older position kept (re-reading, never skipping).
    pub next_offset: i64,
    pub blocks: Vec<Block>,
}

/// The rows of one table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Child or normal table, without database; empty with `msg.with.table.name=false`.
    pub table_name: String,
    /// The rows in the batch layout (docs/native-batch-layout.md), column names from the topic.
    pub batch: Vec<u8>,
}

/// The blocks of a `fetch_raw_data` reply frame; a server error in it keeps its code.
pub(crate) fn blocks(frame: &[u8]) -> Result<Vec<Block>> {
    let response = FetchRawDataResponse::parse(frame).map_err(|e| Error::protocol("bad fetch_raw_data reply").with_cause(e))?;
    let (raw_type, payload) = response.outcome.map_err(|e| Error::server(e.code, e.message.into_owned()))?;
    if raw_type != RAW_TYPE_DATA {
        // Meta messages come only from topics `WITH META`, which the CDC source does not read.
        return Err(Error::protocol(format!("raw type {raw_type} is not data (type {RAW_TYPE_DATA}); meta messages are not supported")));
    }
    let raw = TmqRawData::decode(payload).map_err(|e| Error::protocol("bad TMQ raw data").with_cause(e))?;
    raw.blocks
        .iter()
        .map(|b| {
            let names: Vec<String> = b.schema.iter().map(|c| c.name.to_owned()).collect();
            let batch = batch::from_raw_block(&b.block, &names, b.precision).map_err(|e| Error::protocol("bad TMQ block").with_cause(e))?;
            Ok(Block { table_name: b.table_name.unwrap_or_default().to_owned(), batch })
        })
        .collect()
}
