//! A polled data message as the server sent it: the raw data of `fetch_raw_data`
//! (docs/protocol.md §10.5 b, §10.6), checked once on arrival and read in place.

use crate::error::{Error, Result};
use std::ops::Range;
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
    /// The `fetch_raw_data` reply frame, and where its raw data lies in it.
    frame: Vec<u8>,
    payload: Range<usize>,
}

impl Message {
    /// The message of `frame`, a `fetch_raw_data` reply; a server error in it keeps its code,
    /// anything but well-formed data is a protocol error.
    pub fn new(topic: String, database: String, vgroup_id: i32, offset: i64, next_offset: i64, frame: Vec<u8>) -> Result<Message> {
        let payload = data_range(&frame)?;
        Ok(Message { topic, database, vgroup_id, offset, next_offset, frame, payload })
    }

    /// The rows: per table its name (absent with `msg.with.table.name=false`), its schema and
    /// its raw block, borrowed from the frame.
    pub fn data(&self) -> TmqRawData<'_> {
        TmqRawData::decode(&self.frame[self.payload.clone()]).expect("the raw data was checked when the message arrived")
    }

    /// The size of the raw data, in bytes.
    pub fn data_len(&self) -> usize {
        self.payload.len()
    }
}

fn data_range(frame: &[u8]) -> Result<Range<usize>> {
    let response = FetchRawDataResponse::parse(frame).map_err(|e| Error::protocol("bad fetch_raw_data reply").with_cause(e))?;
    let (raw_type, payload) = response.outcome.map_err(|e| Error::server(e.code, e.message.into_owned()))?;
    if raw_type != RAW_TYPE_DATA {
        // Meta messages come only from topics `WITH META`, which the CDC source does not read.
        return Err(Error::protocol(format!("raw type {raw_type} is not data (type {RAW_TYPE_DATA}); meta messages are not supported")));
    }
    TmqRawData::decode(payload).map_err(|e| Error::protocol("bad TMQ raw data").with_cause(e))?;
    let start = payload.as_ptr() as usize - frame.as_ptr() as usize;
    Ok(start..start + payload.len())
}
