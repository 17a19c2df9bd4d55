//! JSON replies in taosAdapter's envelope (docs/protocol.md §2.2).

use serde::Serialize;
use serde_json::{Map, Value as Json};
use std::time::Instant;
use tdflink_protocol::codes;
use tokio_tungstenite::tungstenite::Message;

/// The envelope fields of one reply, plus when handling started (for `timing`).
pub struct ReplyTo<'a> {
    pub action: &'a str,
    pub req_id: u64,
    pub started: Instant,
}

impl ReplyTo<'_> {
    pub fn timing(&self) -> i64 {
        self.started.elapsed().as_nanos().min(i64::MAX as u128) as i64
    }

    /// A success reply with the action's own fields from `body` (a struct or a JSON object).
    pub fn ok<B: Serialize>(&self, body: B) -> Message {
        let mut fields = match serde_json::to_value(body) {
            Ok(Json::Object(map)) => map,
            _ => Map::new(),
        };
        self.envelope(&mut fields, 0, "");
        text(fields)
    }

    /// An error reply: only the envelope, plus `extra` (e.g. `stmt_id`) where the action has it.
    pub fn error(&self, code: i32, message: &str, extra: Option<(&str, Json)>) -> Message {
        let mut fields = Map::new();
        if let Some((k, v)) = extra {
            fields.insert(k.to_owned(), v);
        }
        self.envelope(&mut fields, code & 0xFFFF, message);
        text(fields)
    }

    /// An error of a statement action: the envelope plus `stmt_id`.
    pub fn stmt_error(&self, stmt_id: u64, code: i32, message: &str) -> Message {
        self.error(code, message, Some(("stmt_id", stmt_id.into())))
    }

    /// taosAdapter's generic protocol error (65535).
    pub fn generic(&self, message: &str) -> Message {
        self.error(codes::ADAPTER_GENERIC, message, None)
    }

    fn envelope(&self, fields: &mut Map<String, Json>, code: i32, message: &str) {
        fields.insert("code".into(), code.into());
        fields.insert("message".into(), message.into());
        fields.insert("action".into(), self.action.into());
        fields.insert("req_id".into(), self.req_id.into());
        fields.insert("timing".into(), self.timing().into());
    }
}

fn text(fields: Map<String, Json>) -> Message {
    Message::text(Json::Object(fields).to_string())
}
