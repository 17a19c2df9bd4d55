//! The `/ws` endpoint: one WebSocket is one TDengine connection (docs/protocol.md §2–§9).
//!
//! Requests on a socket are handled one at a time, in arrival order; replies carry the
//! `req_id` clients match them by. Engine calls block (SQLite), so they run under
//! `block_in_place` to keep the runtime's other connections moving.

mod bind;
pub(super) mod reply;
mod results;
mod stmt1;
mod stmt2;

use super::generated::Generated;
use crate::engine::{Engine, Session};
use futures_util::{SinkExt, StreamExt};
use reply::ReplyTo;
use results::Results;
use serde::de::DeserializeOwned;
use serde_json::{json, Value as Json};
use std::collections::HashMap;
use std::net::IpAddr;
use std::time::Instant;
use stmt1::Stmt1;
use stmt2::Stmt2;
use tdflink_protocol::frames::{self, BinaryRequest};
use tdflink_protocol::messages::{
    action, ConnArgs, OptionsConnectionArgs, QueryArgs, ResultArgs, VersionBody, CONNECTION_OPTION_CLEAR, CONNECTION_OPTION_TIMEZONE,
};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

/// Serves one `/ws` socket until the client leaves or the server stops.
pub async fn run<S>(
    ws: WebSocketStream<S>,
    engine: Engine,
    generated: Option<Generated>,
    mut stopped: watch::Receiver<bool>,
    peer: IpAddr,
) -> Result<(), String>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let (mut sink, mut stream) = ws.split();
    let mut connection = Connection {
        engine,
        generated,
        peer,
        session: None,
        results: Results::default(),
        last_stmt_id: 0,
        stmt1: HashMap::new(),
        stmt2: HashMap::new(),
    };
    loop {
        let message = tokio::select! {
            m = stream.next() => m,
            _ = stopped.changed() => break,
        };
        let replies = match message {
            None | Some(Ok(Message::Close(_))) => break,
            Some(Err(e)) => return Err(e.to_string()),
            Some(Ok(Message::Text(text))) => tokio::task::block_in_place(|| connection.on_text(&text)),
            Some(Ok(Message::Binary(bytes))) => tokio::task::block_in_place(|| connection.on_binary(&bytes)),
            // Pongs to pings are queued by the WebSocket layer; flushing sends them.
            Some(Ok(_)) => Vec::new(),
        };
        for reply in replies {
            sink.feed(reply).await.map_err(|e| e.to_string())?;
        }
        sink.flush().await.map_err(|e| e.to_string())?;
    }
    let _ = sink.close().await;
    Ok(())
}

/// The state of one connection: its session once `conn` succeeded, open results, statements.
pub struct Connection {
    engine: Engine,
    /// `--generated-meters`: answers scans of `bench.meters` from memory.
    generated: Option<Generated>,
    /// The client's address: failed logins are counted per address.
    peer: IpAddr,
    session: Option<Session>,
    results: Results,
    /// stmt v1 and stmt2 ids come from one per-connection counter starting at 1, as in
    /// taosAdapter; an id of one kind is unknown to the other kind's actions.
    last_stmt_id: u64,
    stmt1: HashMap<u64, Stmt1>,
    stmt2: HashMap<u64, Stmt2>,
}

impl Connection {
    fn next_stmt_id(&mut self) -> u64 {
        self.last_stmt_id += 1;
        self.last_stmt_id
    }

    fn on_text(&mut self, text: &str) -> Vec<Message> {
        let started = Instant::now();
        let request: Json = match serde_json::from_str(text) {
            Ok(j) => j,
            Err(_) => return vec![ReplyTo { action: "", req_id: 0, started }.generic("unmarshal request error")],
        };
        let action = request.get("action").and_then(Json::as_str).unwrap_or("");
        let args = request.get("args").cloned().unwrap_or(Json::Null);
        let req_id = args.get("req_id").and_then(Json::as_u64).unwrap_or(0);
        let reply = ReplyTo { action, req_id, started };
        match action {
            "" => vec![reply.generic("request no action")],
            action::VERSION => vec![reply.ok(VersionBody { version: self.engine.server_version().to_owned(), list_instances: None })],
            action::CONN => vec![with_args(&reply, args, "conn", |a| self.conn(&reply, a))],
            "check_server_status" => vec![reply.ok(json!({"status": 2, "details": ""}))],
            _ if self.session.is_none() => vec![reply.generic("server not connected")],
            action::QUERY => vec![with_args(&reply, args, "query", |a: QueryArgs| self.run_sql(&reply, &a.sql))],
            action::FETCH => vec![with_args(&reply, args, "fetch", |a: ResultArgs| self.results.fetch(&reply, a.id))],
            action::FETCH_BLOCK => {
                vec![with_args(&reply, args, "fetch_block", |a: ResultArgs| self.results.fetch_block(&reply, a.id))]
            }
            action::FREE_RESULT => {
                if let Ok(a) = serde_json::from_value::<ResultArgs>(args) {
                    self.results.free(a.id);
                }
                Vec::new() // never answered
            }
            action::STMT2_INIT => vec![with_args(&reply, args, "stmt2 init", |a| self.stmt2_init(&reply, a))],
            action::STMT2_PREPARE => vec![with_args(&reply, args, "stmt2 prepare", |a| self.stmt2_prepare(&reply, a))],
            action::STMT2_EXEC => vec![with_args(&reply, args, "stmt2 exec", |a| self.stmt2_exec(&reply, a))],
            action::STMT2_RESULT => vec![with_args(&reply, args, "stmt2 result", |a| self.stmt2_result(&reply, a))],
            action::STMT2_CLOSE => vec![with_args(&reply, args, "stmt2 close", |a| self.stmt2_close(&reply, a))],
            "init" => vec![self.stmt1_init(&reply)],
            "prepare" | "set_table_name" | "set_tags" | "bind" | "add_batch" | "exec" | "close" | "get_tag_fields" | "get_col_fields"
            | "use_result" | "stmt_num_params" | "stmt_get_param" => match serde_json::from_value::<stmt1::Stmt1Args>(args) {
                Ok(a) => self.stmt1_json(&reply, a).into_iter().collect(),
                Err(_) => vec![reply.generic(&format!("unmarshal {action} request error"))],
            },
            "options_connection" => {
                vec![with_args(&reply, args, "options_connection", |a| self.options_connection(&reply, a))]
            }
            "get_current_db" => {
                let db = self.session.as_ref().and_then(|s| s.current_db.clone()).unwrap_or_default();
                vec![reply.ok(json!({ "db": db }))]
            }
            "num_fields" => {
                let id = args.get("result_id").and_then(Json::as_u64).unwrap_or(0);
                match self.results.column_count(id) {
                    Some(n) => vec![reply.ok(json!({ "num_fields": n }))],
                    None => vec![reply.generic("result is nil")],
                }
            }
            "get_server_info" => vec![reply.ok(json!({ "info": format!("ver:{}", self.engine.server_version()) }))],
            other => vec![reply.generic(&format!("unknown action {other}"))],
        }
    }

    fn on_binary(&mut self, bytes: &[u8]) -> Vec<Message> {
        let started = Instant::now();
        let request = match BinaryRequest::parse(bytes) {
            Ok(r) => r,
            Err(e) => {
                let req_id = frames::RequestHeader::parse(bytes).map(|h| h.req_id).unwrap_or(0);
                return vec![ReplyTo { action: action::UNKNOWN, req_id, started }.generic(&e.to_string())];
            }
        };
        let (action_id, req_id) = match request {
            BinaryRequest::Query { req_id, .. } => (frames::ACTION_BINARY_QUERY, req_id),
            BinaryRequest::FetchRawBlock { req_id, .. } => (frames::ACTION_FETCH_RAW_BLOCK, req_id),
            BinaryRequest::Stmt2Bind { req_id, .. } => (frames::ACTION_STMT2_BIND, req_id),
            BinaryRequest::ValidateSql { req_id, .. } => (frames::ACTION_VALIDATE_SQL, req_id),
            BinaryRequest::Stmt2BindExec { req_id, .. } => (frames::ACTION_STMT2_BIND_EXEC, req_id),
            BinaryRequest::Other { header, .. } => (header.action, header.req_id),
        };
        let reply = ReplyTo { action: frames::action_name(action_id), req_id, started };
        if self.session.is_none() {
            return vec![reply.generic("server not connected")];
        }
        vec![match request {
            BinaryRequest::Query { sql, .. } => self.run_sql(&reply, sql),
            BinaryRequest::FetchRawBlock { result_id, .. } => self.results.fetch_raw_block(&reply, result_id),
            BinaryRequest::Stmt2Bind { stmt_id, col_idx, payload, .. } => self.stmt2_bind(&reply, stmt_id, col_idx, payload),
            BinaryRequest::Stmt2BindExec { stmt_id, payload, .. } => self.stmt2_bind_exec(&reply, stmt_id, payload),
            BinaryRequest::ValidateSql { sql, .. } => {
                let result_code = crate::sql::parse(sql).err().map_or(0, |e| e.code);
                reply.ok(json!({ "result_code": result_code }))
            }
            BinaryRequest::Other { header, body } if header.action == frames::ACTION_SET_TAGS || header.action == frames::ACTION_BIND => {
                self.stmt1_binary(&reply, header.resource_id, header.action == frames::ACTION_SET_TAGS, body)
            }
            BinaryRequest::Other { header, .. } => {
                ReplyTo { action: action::UNKNOWN, ..reply }.generic(&format!("unknown binary action {}", header.action))
            }
        }]
    }

    /// Applies the options in order, stopping at the first that fails. Of them only the time
    /// zone changes what tdlite does; CLEAR resets it to the server's.
    fn options_connection(&mut self, reply: &ReplyTo<'_>, args: OptionsConnectionArgs) -> Message {
        let Some(session) = self.session.as_mut() else { return reply.generic("server not connected") };
        for option in &args.options {
            let applied = match option.option {
                CONNECTION_OPTION_CLEAR => session.set_timezone(None),
                CONNECTION_OPTION_TIMEZONE => session.set_timezone(option.value.as_deref()),
                _ => Ok(()),
            };
            if let Err(e) = applied {
                return reply.error(e.code, &e.message, None);
            }
        }
        reply.ok(json!({}))
    }

    fn conn(&mut self, reply: &ReplyTo<'_>, args: ConnArgs) -> Message {
        if self.session.is_some() {
            return reply.generic("duplicate connections");
        }
        if let Some(mode) = args.session.mode.filter(|m| *m != 0) {
            return reply.generic(&format!("unexpected mode:{mode}"));
        }
        let session = self
            .engine
            .authenticate(self.peer, &args.user, args.password.expose())
            .and_then(|()| self.engine.session(&args.user, args.db.as_deref().filter(|d| !d.is_empty()), args.session.tz.as_deref()));
        match session {
            Ok(s) => {
                self.session = Some(s);
                reply.ok(VersionBody { version: self.engine.server_version().to_owned(), list_instances: None })
            }
            Err(e) => reply.error(e.code, &e.message, None),
        }
    }
}

/// Decodes an action's args and runs `handle`, or answers taosAdapter's "unmarshal" error.
fn with_args<A: DeserializeOwned>(reply: &ReplyTo<'_>, args: Json, what: &str, handle: impl FnOnce(A) -> Message) -> Message {
    match serde_json::from_value::<A>(args) {
        Ok(a) => handle(a),
        Err(_) => reply.generic(&format!("unmarshal {what} request error")),
    }
}
