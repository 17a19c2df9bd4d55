//! Binary WebSocket frames (docs/protocol.md §3, §5.1, §5.2, §10.5): client requests on
//! `/ws`, and the fetch responses servers send on `/ws` and `/rest/tmq`.
//!
//! Payloads stay opaque here: raw blocks are `raw_block`'s business, stmt2 payloads
//! `stmt2`'s, TMQ raw data `tmq_raw`'s. This module only frames them.

use crate::bytes_io::{to_u32, Reader, WireError};
use crate::messages::action;
use bytes::BufMut;
use std::borrow::Cow;

/// Bytes in front of every binary request's action-specific body: req_id, resource id, action.
pub const REQUEST_HEADER_LEN: usize = 24;
/// The body version every binary action we speak carries (and the only one accepted).
pub const BINARY_VERSION: u16 = 1;
/// First word of the newer response frames (docs/protocol.md §5.1, §10.5 b); legacy frames start with a timing.
pub const FLAG: u64 = u64::MAX;

pub const ACTION_SET_TAGS: u64 = 1;
pub const ACTION_BIND: u64 = 2;
pub const ACTION_WRITE_RAW: u64 = 3;
pub const ACTION_WRITE_RAW_BLOCK: u64 = 4;
pub const ACTION_WRITE_RAW_BLOCK_WITH_FIELDS: u64 = 5;
pub const ACTION_BINARY_QUERY: u64 = 6;
pub const ACTION_FETCH_RAW_BLOCK: u64 = 7;
/// Not a request: the action id inside `fetch_raw_data` response frames on `/rest/tmq`.
pub const ACTION_FETCH_RAW_DATA: u64 = 8;
pub const ACTION_STMT2_BIND: u64 = 9;
pub const ACTION_VALIDATE_SQL: u64 = 10;
pub const ACTION_STMT2_BIND_EXEC: u64 = 11;

const REQUEST: &str = "binary request";
const RESPONSE: &str = "binary response";

/// The `action` string a JSON reply to binary action `id` carries (docs/protocol.md §3.2).
pub fn action_name(id: u64) -> &'static str {
    match id {
        ACTION_SET_TAGS => action::SET_TAGS,
        ACTION_BIND => action::BIND,
        ACTION_WRITE_RAW => action::WRITE_RAW,
        ACTION_WRITE_RAW_BLOCK => action::WRITE_RAW_BLOCK,
        ACTION_WRITE_RAW_BLOCK_WITH_FIELDS => action::WRITE_RAW_BLOCK_WITH_FIELDS,
        ACTION_BINARY_QUERY => action::BINARY_QUERY,
        ACTION_FETCH_RAW_BLOCK => action::FETCH_RAW_BLOCK,
        ACTION_FETCH_RAW_DATA => action::FETCH_RAW_DATA,
        ACTION_STMT2_BIND => action::STMT2_BIND,
        ACTION_VALIDATE_SQL => action::VALIDATE_SQL,
        ACTION_STMT2_BIND_EXEC => action::STMT2_BIND_EXEC,
        _ => action::UNKNOWN,
    }
}

/// Whether a server frame is one of the newer, flag-prefixed responses.
pub fn is_flagged(frame: &[u8]) -> bool {
    frame.len() >= 8 && frame[..8] == FLAG.to_le_bytes()
}

/// The fixed 24 bytes in front of every binary request (docs/protocol.md §3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestHeader {
    pub req_id: u64,
    /// Result id (action 7), stmt id (1, 2, 9, 11), otherwise 0.
    pub resource_id: u64,
    pub action: u64,
}

impl RequestHeader {
    pub fn parse(msg: &[u8]) -> Result<Self, WireError> {
        let mut r = Reader::new(msg, REQUEST);
        Ok(RequestHeader { req_id: r.u64()?, resource_id: r.u64()?, action: r.u64()? })
    }

    pub fn write(&self, out: &mut Vec<u8>) {
        out.put_u64_le(self.req_id);
        out.put_u64_le(self.resource_id);
        out.put_u64_le(self.action);
    }
}

/// Writes the header and the body version, which every action we build starts with.
pub(crate) fn write_request_prefix(out: &mut Vec<u8>, req_id: u64, resource_id: u64, action: u64) {
    RequestHeader { req_id, resource_id, action }.write(out);
    out.put_u16_le(BINARY_VERSION);
}

/// A decoded binary request on `/ws`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryRequest<'a> {
    /// Action 6: run one SQL statement.
    Query { req_id: u64, sql: &'a str },
    /// Action 7: fetch the next block of a result.
    FetchRawBlock { req_id: u64, result_id: u64 },
    /// Action 9: stmt2 bind; `payload` is the bind payload of docs/protocol.md §9.3, `col_idx` −1 binds everything.
    Stmt2Bind { req_id: u64, stmt_id: u64, col_idx: i32, payload: &'a [u8] },
    /// Action 10: parse-check one SQL statement.
    ValidateSql { req_id: u64, sql: &'a str },
    /// Action 11: stmt2 bind + exec; `payload` is the column payload of docs/protocol.md §9.5.
    Stmt2BindExec { req_id: u64, stmt_id: u64, payload: &'a [u8] },
    /// Any other action (stmt v1, raw writes, unknown ids): framed but not interpreted here.
    Other { header: RequestHeader, body: &'a [u8] },
}

impl<'a> BinaryRequest<'a> {
    pub fn parse(msg: &'a [u8]) -> Result<Self, WireError> {
        let header = RequestHeader::parse(msg)?;
        let mut r = Reader::new(msg, REQUEST);
        r.take(REQUEST_HEADER_LEN)?;
        let (req_id, id) = (header.req_id, header.resource_id);
        let version = |r: &mut Reader<'a>| -> Result<(), WireError> {
            let v = r.u16()?;
            if v != BINARY_VERSION {
                return Err(r.error(format!("unknown {} version {v}", action_name(header.action))));
            }
            Ok(())
        };
        let sql = |r: &mut Reader<'a>| -> Result<&'a str, WireError> {
            let len = r.u32()? as usize;
            // taosAdapter ignores bytes past the SQL, so we do too.
            std::str::from_utf8(r.take(len)?).map_err(|_| r.error("SQL is not UTF-8"))
        };
        Ok(match header.action {
            ACTION_BINARY_QUERY => {
                version(&mut r)?;
                BinaryRequest::Query { req_id, sql: sql(&mut r)? }
            }
            ACTION_VALIDATE_SQL => {
                version(&mut r)?;
                BinaryRequest::ValidateSql { req_id, sql: sql(&mut r)? }
            }
            ACTION_FETCH_RAW_BLOCK => {
                version(&mut r)?;
                BinaryRequest::FetchRawBlock { req_id, result_id: id }
            }
            ACTION_STMT2_BIND => {
                version(&mut r)?;
                let col_idx = r.i32()?;
                BinaryRequest::Stmt2Bind { req_id, stmt_id: id, col_idx, payload: r.rest() }
            }
            ACTION_STMT2_BIND_EXEC => {
                version(&mut r)?;
                BinaryRequest::Stmt2BindExec { req_id, stmt_id: id, payload: r.rest() }
            }
            _ => BinaryRequest::Other { header, body: r.rest() },
        })
    }

    pub fn encode(&self) -> Result<Vec<u8>, WireError> {
        let mut out = Vec::new();
        match *self {
            BinaryRequest::Query { req_id, sql } => write_sql_request(&mut out, req_id, ACTION_BINARY_QUERY, sql)?,
            BinaryRequest::ValidateSql { req_id, sql } => write_sql_request(&mut out, req_id, ACTION_VALIDATE_SQL, sql)?,
            BinaryRequest::FetchRawBlock { req_id, result_id } => {
                write_request_prefix(&mut out, req_id, result_id, ACTION_FETCH_RAW_BLOCK);
            }
            BinaryRequest::Stmt2Bind { req_id, stmt_id, col_idx, payload } => {
                write_request_prefix(&mut out, req_id, stmt_id, ACTION_STMT2_BIND);
                out.put_i32_le(col_idx);
                out.extend_from_slice(payload);
            }
            BinaryRequest::Stmt2BindExec { req_id, stmt_id, payload } => {
                write_request_prefix(&mut out, req_id, stmt_id, ACTION_STMT2_BIND_EXEC);
                out.extend_from_slice(payload);
            }
            BinaryRequest::Other { header, body } => {
                header.write(&mut out);
                out.extend_from_slice(body);
            }
        }
        Ok(out)
    }
}

/// Actions 6 and 10: the SQL follows the version as a `u32` length and raw UTF-8.
fn write_sql_request(out: &mut Vec<u8>, req_id: u64, action: u64, sql: &str) -> Result<(), WireError> {
    write_request_prefix(out, req_id, 0, action);
    out.put_u32_le(to_u32(sql.len(), REQUEST, "SQL length")?);
    out.extend_from_slice(sql.as_bytes());
    Ok(())
}

/// An error a server reports inside a binary response frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerError<'a> {
    /// `TDengine code & 0xFFFF`, never 0.
    pub code: i32,
    pub message: Cow<'a, str>,
}

/// The part docs/protocol.md §5.1 and §10.5 (b) frames share, up to and including the id.
struct FlaggedHead<'a> {
    action: u64,
    timing: u64,
    req_id: u64,
    error: Option<ServerError<'a>>,
    id: u64,
}

impl<'a> FlaggedHead<'a> {
    fn write(&self, out: &mut Vec<u8>) -> Result<(), WireError> {
        let (code, message) = self.error.as_ref().map_or((0, ""), |e| (e.code, &e.message));
        out.put_u64_le(FLAG);
        out.put_u64_le(self.action);
        out.put_u16_le(BINARY_VERSION);
        out.put_u64_le(self.timing);
        out.put_u64_le(self.req_id);
        out.put_u32_le(code as u32);
        out.put_u32_le(to_u32(message.len(), RESPONSE, "message length")?);
        out.extend_from_slice(message.as_bytes());
        out.put_u64_le(self.id);
        Ok(())
    }

    fn read(r: &mut Reader<'a>, action: u64) -> Result<Self, WireError> {
        if r.u64()? != FLAG {
            return Err(r.error("frame does not start with the all-ones flag"));
        }
        let got = r.u64()?;
        if got != action {
            return Err(r.error(format!("action {got}, expected {action}")));
        }
        let version = r.u16()?;
        if version != BINARY_VERSION {
            return Err(r.error(format!("unknown frame version {version}")));
        }
        let (timing, req_id) = (r.u64()?, r.u64()?);
        let code = r.u32()? as i32;
        let len = r.u32()? as usize;
        // Server messages are for humans; a stray invalid byte must not hide the error code.
        let message = String::from_utf8_lossy(r.take(len)?);
        let error = (code != 0).then_some(ServerError { code, message });
        Ok(FlaggedHead { action, timing, req_id, error, id: r.u64()? })
    }
}

/// What a `fetch_raw_block` response carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchOutcome<'a> {
    /// The next raw block (docs/protocol.md §6).
    Block(&'a [u8]),
    /// No more data; the server has freed the result.
    Completed,
    /// The fetch failed; the server has freed the result.
    Error(ServerError<'a>),
}

/// Response to binary action 7 (docs/protocol.md §5.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchRawBlockResponse<'a> {
    pub timing: u64,
    pub req_id: u64,
    pub result_id: u64,
    pub outcome: FetchOutcome<'a>,
}

impl<'a> FetchRawBlockResponse<'a> {
    pub fn parse(frame: &'a [u8]) -> Result<Self, WireError> {
        let mut r = Reader::new(frame, RESPONSE);
        let head = FlaggedHead::read(&mut r, ACTION_FETCH_RAW_BLOCK)?;
        let finished = r.u8()? != 0;
        let outcome = match head.error {
            Some(e) => FetchOutcome::Error(e),
            None if finished => FetchOutcome::Completed,
            None => {
                let len = r.u32()? as usize;
                let block = r.take(len)?;
                if r.remaining() != 0 {
                    return Err(r.error(format!("{} bytes after the block", r.remaining())));
                }
                FetchOutcome::Block(block)
            }
        };
        Ok(FetchRawBlockResponse { timing: head.timing, req_id: head.req_id, result_id: head.id, outcome })
    }

    pub fn encode(&self) -> Result<Vec<u8>, WireError> {
        let error = match &self.outcome {
            FetchOutcome::Error(e) => Some(e.clone()),
            _ => None,
        };
        let head = FlaggedHead { action: ACTION_FETCH_RAW_BLOCK, timing: self.timing, req_id: self.req_id, error, id: self.result_id };
        let mut out = Vec::new();
        head.write(&mut out)?;
        match self.outcome {
            FetchOutcome::Block(block) => {
                out.put_u8(0);
                out.put_u32_le(to_u32(block.len(), RESPONSE, "block length")?);
                out.extend_from_slice(block);
            }
            FetchOutcome::Completed | FetchOutcome::Error(_) => out.put_u8(1),
        }
        Ok(out)
    }
}

/// Response to TMQ `fetch_raw_data` (docs/protocol.md §10.5 b).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchRawDataResponse<'a> {
    pub timing: u64,
    pub req_id: u64,
    pub message_id: u64,
    /// `(raw_type, payload)` on success; raw_type 2 payloads are decoded by `tmq_raw`.
    pub outcome: Result<(u16, &'a [u8]), ServerError<'a>>,
}

impl<'a> FetchRawDataResponse<'a> {
    pub fn parse(frame: &'a [u8]) -> Result<Self, WireError> {
        let mut r = Reader::new(frame, RESPONSE);
        let head = FlaggedHead::read(&mut r, ACTION_FETCH_RAW_DATA)?;
        let outcome = match head.error {
            Some(e) => Err(e),
            None => {
                let raw_type = r.u16()?;
                let len = r.u32()? as usize;
                let payload = r.take(len)?;
                if r.remaining() != 0 {
                    return Err(r.error(format!("{} bytes after the payload", r.remaining())));
                }
                Ok((raw_type, payload))
            }
        };
        Ok(FetchRawDataResponse { timing: head.timing, req_id: head.req_id, message_id: head.id, outcome })
    }

    pub fn encode(&self) -> Result<Vec<u8>, WireError> {
        let head = FlaggedHead {
            action: ACTION_FETCH_RAW_DATA,
            timing: self.timing,
            req_id: self.req_id,
            error: self.outcome.as_ref().err().cloned(),
            id: self.message_id,
        };
        let mut out = Vec::new();
        head.write(&mut out)?;
        if let Ok((raw_type, payload)) = self.outcome {
            out.put_u16_le(raw_type);
            out.put_u32_le(to_u32(payload.len(), RESPONSE, "payload length")?);
            out.extend_from_slice(payload);
        }
        Ok(out)
    }
}

/// The legacy `/ws` `fetch_block` frame (docs/protocol.md §5.2). It has no req_id: match it by result id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FetchBlockFrame<'a> {
    pub timing: u64,
    pub result_id: u64,
    /// The raw block: the rest of the frame.
    pub block: &'a [u8],
}

impl<'a> FetchBlockFrame<'a> {
    pub fn parse(frame: &'a [u8]) -> Result<Self, WireError> {
        let mut r = Reader::new(frame, RESPONSE);
        Ok(FetchBlockFrame { timing: r.u64()?, result_id: r.u64()?, block: r.rest() })
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.block.len());
        out.put_u64_le(self.timing);
        out.put_u64_le(self.result_id);
        out.extend_from_slice(self.block);
        out
    }
}

/// The `/rest/tmq` `fetch_block` frame (docs/protocol.md §10.5 a); `req_id` is that of the preceding `fetch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TmqFetchBlockFrame<'a> {
    pub timing: u64,
    pub req_id: u64,
    pub message_id: u64,
    /// The raw block: the rest of the frame.
    pub block: &'a [u8],
}

impl<'a> TmqFetchBlockFrame<'a> {
    pub fn parse(frame: &'a [u8]) -> Result<Self, WireError> {
        let mut r = Reader::new(frame, RESPONSE);
        Ok(TmqFetchBlockFrame { timing: r.u64()?, req_id: r.u64()?, message_id: r.u64()?, block: r.rest() })
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(24 + self.block.len());
        out.put_u64_le(self.timing);
        out.put_u64_le(self.req_id);
        out.put_u64_le(self.message_id);
        out.extend_from_slice(self.block);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_query_matches_appendix_a1() {
        let sql = "select ts, v from power.t";
        let msg = BinaryRequest::Query { req_id: 77, sql }.encode().unwrap();
        let mut expected = vec![0x4D, 0, 0, 0, 0, 0, 0, 0];
        expected.extend_from_slice(&[0; 8]);
        expected.extend_from_slice(&[6, 0, 0, 0, 0, 0, 0, 0, 1, 0, 25, 0, 0, 0]);
        expected.extend_from_slice(sql.as_bytes());
        assert_eq!(msg, expected);
        assert_eq!(BinaryRequest::parse(&msg).unwrap(), BinaryRequest::Query { req_id: 77, sql });
        // Bytes past the SQL are ignored, as taosAdapter does.
        let mut longer = msg.clone();
        longer.push(b'!');
        assert_eq!(BinaryRequest::parse(&longer).unwrap(), BinaryRequest::Query { req_id: 77, sql });
    }

    #[test]
    fn requests_round_trip() {
        let reqs = [
            BinaryRequest::ValidateSql { req_id: 1, sql: "show databases" },
            BinaryRequest::FetchRawBlock { req_id: 78, result_id: 1 },
            BinaryRequest::Stmt2Bind { req_id: 2, stmt_id: 3, col_idx: -1, payload: b"payload" },
            BinaryRequest::Stmt2BindExec { req_id: 4, stmt_id: 5, payload: b"more" },
            BinaryRequest::Other { header: RequestHeader { req_id: 6, resource_id: 7, action: ACTION_BIND }, body: b"block" },
        ];
        for req in reqs {
            let msg = req.encode().unwrap();
            assert_eq!(BinaryRequest::parse(&msg).unwrap(), req);
        }
        let fetch = BinaryRequest::FetchRawBlock { req_id: 78, result_id: 1 }.encode().unwrap();
        assert_eq!(fetch.len(), 26);
        assert_eq!(RequestHeader::parse(&fetch).unwrap().resource_id, 1);
        let bind = reqs[2].encode().unwrap();
        assert_eq!(&bind[24..30], &[1, 0, 0xFF, 0xFF, 0xFF, 0xFF]);
    }

    #[test]
    fn requests_reject_damage() {
        let msg = BinaryRequest::Query { req_id: 1, sql: "select 1" }.encode().unwrap();
        for n in 0..msg.len() {
            assert!(BinaryRequest::parse(&msg[..n]).is_err(), "prefix of {n} bytes");
        }
        let mut bad = msg.clone();
        bad[24] = 2;
        assert!(BinaryRequest::parse(&bad).unwrap_err().to_string().contains("unknown binary_query version 2"));
        let mut bad = msg.clone();
        bad[30] = 0xFF;
        assert!(BinaryRequest::parse(&bad).unwrap_err().to_string().contains("UTF-8"));
        let unknown = RequestHeader { req_id: 1, resource_id: 0, action: 99 };
        let mut out = vec![];
        unknown.write(&mut out);
        assert!(matches!(BinaryRequest::parse(&out).unwrap(), BinaryRequest::Other { header, .. } if header == unknown));
        assert_eq!(action_name(99), "unknown");
        assert_eq!(action_name(ACTION_FETCH_RAW_BLOCK), "fetch_raw_block");
    }

    #[test]
    fn fetch_raw_block_response_cases() {
        let block = [9u8; 30];
        let cases = [
            FetchOutcome::Block(&block),
            FetchOutcome::Completed,
            FetchOutcome::Error(ServerError { code: 0xFFFF, message: "result is nil".into() }),
        ];
        for outcome in cases {
            let resp = FetchRawBlockResponse { timing: 5, req_id: 78, result_id: 1, outcome };
            let frame = resp.encode().unwrap();
            assert!(is_flagged(&frame));
            assert_eq!(FetchRawBlockResponse::parse(&frame).unwrap(), resp);
            match resp.outcome {
                FetchOutcome::Block(_) => assert_eq!(frame.len(), 55 + block.len()),
                FetchOutcome::Completed => assert_eq!(frame.len(), 51),
                FetchOutcome::Error(_) => assert_eq!(frame.len(), 51 + "result is nil".len()),
            }
        }
        let frame = FetchRawBlockResponse { timing: 0, req_id: 1, result_id: 1, outcome: FetchOutcome::Completed }.encode().unwrap();
        assert_eq!(&frame[8..18], &[7, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
        let mut tmq = frame.clone();
        tmq[8] = 8;
        assert!(FetchRawBlockResponse::parse(&tmq).unwrap_err().to_string().contains("action 8"));
    }

    #[test]
    fn fetch_raw_block_response_rejects_damage() {
        let block = [1u8; 10];
        let resp = FetchRawBlockResponse { timing: 1, req_id: 2, result_id: 3, outcome: FetchOutcome::Block(&block) };
        let frame = resp.encode().unwrap();
        for n in 0..frame.len() {
            assert!(FetchRawBlockResponse::parse(&frame[..n]).is_err(), "prefix of {n} bytes");
        }
        let mut longer = frame.clone();
        longer.push(0);
        assert!(FetchRawBlockResponse::parse(&longer).is_err());
        let mut legacy = frame.clone();
        legacy[0] = 0;
        assert!(!is_flagged(&legacy));
        assert!(FetchRawBlockResponse::parse(&legacy).is_err());
    }

    #[test]
    fn fetch_raw_data_response_cases() {
        let payload = [100u8, 1, 2, 3];
        let ok = FetchRawDataResponse { timing: 1, req_id: 3, message_id: 1, outcome: Ok((2, &payload)) };
        let frame = ok.encode().unwrap();
        assert_eq!(frame.len(), 56 + payload.len());
        assert_eq!(&frame[50..56], &[2, 0, 4, 0, 0, 0]);
        assert_eq!(FetchRawDataResponse::parse(&frame).unwrap(), ok);
        let err = FetchRawDataResponse {
            timing: 1,
            req_id: 3,
            message_id: 1,
            outcome: Err(ServerError { code: 0xFFFF, message: "message is nil".into() }),
        };
        let frame = err.encode().unwrap();
        assert_eq!(frame.len(), 50 + "message is nil".len());
        assert_eq!(FetchRawDataResponse::parse(&frame).unwrap(), err);
    }

    #[test]
    fn error_message_with_invalid_utf8_keeps_the_code() {
        let resp = FetchRawBlockResponse {
            timing: 0,
            req_id: 1,
            result_id: 1,
            outcome: FetchOutcome::Error(ServerError { code: 0x2603, message: "xy".into() }),
        };
        let mut frame = resp.encode().unwrap();
        frame[42] = 0xFF;
        match FetchRawBlockResponse::parse(&frame).unwrap().outcome {
            FetchOutcome::Error(e) => assert_eq!((e.code, e.message.as_ref()), (0x2603, "\u{FFFD}y")),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn legacy_block_frames() {
        let f = FetchBlockFrame { timing: 9, result_id: 4, block: b"blk" };
        let bytes = f.encode();
        assert_eq!(bytes.len(), 19);
        assert_eq!(FetchBlockFrame::parse(&bytes).unwrap(), f);
        assert!(FetchBlockFrame::parse(&bytes[..15]).is_err());
        let t = TmqFetchBlockFrame { timing: 9, req_id: 2, message_id: 1, block: b"blk" };
        let bytes = t.encode();
        assert_eq!(&bytes[8..16], &2u64.to_le_bytes());
        assert_eq!(TmqFetchBlockFrame::parse(&bytes).unwrap(), t);
        assert!(!is_flagged(&bytes));
    }
}
