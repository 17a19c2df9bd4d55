//! The `/rest/tmq` endpoint: one WebSocket is one TMQ consumer (docs/protocol.md §10).
//!
//! Requests are JSON; malformed ones and unknown actions are ignored, as taosAdapter does.
//! A `poll` with no message ready waits without blocking the socket: later requests (a
//! `commit_offset` from another thread of the client, say) are answered meanwhile, and the
//! poll is answered when rows arrive or its `blocking_time` runs out (never, for -1). When the
//! socket closes the consumer leaves its group, whether or not it unsubscribed. A `subscribe`
//! is answered once a rebalance has given the consumer its share (engine/consumers.rs), as
//! taosAdapter answers once libtaos' `tmq_subscribe` returns.

mod consumer;
mod message;
mod options;

use super::generated::Generated;
use super::ws::reply::ReplyTo;
use crate::engine::Engine;
use crate::sql::SqlError;
use consumer::Consumer;
use futures_util::{SinkExt, StreamExt};
use options::Options;
use serde::de::DeserializeOwned;
use serde_json::{json, Value as Json};
use std::net::IpAddr;
use std::time::{Duration, Instant};
use tdflink_protocol::codes;
use tdflink_protocol::frames::{FetchRawDataResponse, ServerError, TmqFetchBlockFrame};
use tdflink_protocol::messages::{
    action, AssignmentBody, CommittedBody, ListTopicsBody, MessageArgs, MessageIdBody, PollArgs, PollBody, PositionBody, SubscribeArgs,
    TopicArgs, TopicVgroupsArgs, VersionBody, VgroupOffsetArgs, VgroupOffsetBody, NO_COMMITTED_OFFSET,
};
use tdflink_protocol::tmq_raw::RAW_TYPE_DATA;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::WebSocketStream;

/// How often a waiting poll looks again without a write: a rebalance can hand this consumer
/// vgroups that already hold rows.
const REBALANCE_CHECK: Duration = Duration::from_millis(200);

/// A subscribed consumer is pinged this many times per `session.timeout.ms`, so a live
/// client's pongs keep it in its group even while it does not poll (its libtaos heartbeat,
/// which taosAdapter sends for it, plays that part in TDengine).
const PINGS_PER_SESSION: u32 = 3;

/// Sleeps until `at`, forever when there is none.
async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(tokio::time::Instant::from_std(at)).await,
        None => std::future::pending().await,
    }
}

/// A poll waiting for rows.
struct PendingPoll {
    req_id: u64,
    started: Instant,
    /// `None` waits until a message arrives.
    deadline: Option<Instant>,
}

/// A `subscribe` waiting for the rebalance that includes its consumer.
struct Joining {
    req_id: u64,
    started: Instant,
}

struct Socket {
    engine: Engine,
    /// `--generated-meters`: the messages of `meters_topic` come from memory.
    generated: Option<Generated>,
    /// The client's address: failed logins are counted per address.
    peer: IpAddr,
    consumer: Option<Consumer>,
    pending: Option<PendingPoll>,
    joining: Option<Joining>,
    /// Message ids are per socket, from 1, and survive unsubscribe/subscribe.
    last_message_id: u64,
}

/// Serves one `/rest/tmq` socket until the client leaves or the server stops.
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
    let mut writes = engine.log_changes();
    let mut socket = Socket { engine, generated, peer, consumer: None, pending: None, joining: None, last_message_id: 0 };
    let mut last_ping = Instant::now();
    let result = loop {
        let waiting = socket.pending.as_ref().map(|p| p.deadline);
        let next_ping = socket.consumer.as_ref().map(|c| last_ping + c.options.liveness.session_timeout / PINGS_PER_SESSION);
        let rebalance = socket.joining.as_ref().map(|_| socket.engine.consumers(|c| c.next_rebalance()));
        let replies = tokio::select! {
            m = stream.next() => {
                if let (Some(Ok(_)), Some(consumer)) = (&m, &socket.consumer) {
                    consumer.heard();
                }
                match m {
                    None | Some(Ok(WsMessage::Close(_))) => break Ok(()),
                    Some(Err(e)) => break Err(e.to_string()),
                    Some(Ok(WsMessage::Text(text))) => tokio::task::block_in_place(|| socket.on_text(&text)),
                    Some(Ok(_)) => Vec::new(),
                }
            }
            _ = wait(&mut writes, waiting.flatten()), if waiting.is_some() => {
                tokio::task::block_in_place(|| socket.retry_poll()).into_iter().collect()
            }
            _ = sleep_until(rebalance) => socket.answer_subscribe().into_iter().collect(),
            _ = sleep_until(next_ping) => {
                last_ping = Instant::now();
                vec![WsMessage::Ping(Vec::new().into())]
            }
            _ = stopped.changed() => break Ok(()),
        };
        let mut failed = None;
        for reply in replies {
            if let Err(e) = sink.feed(reply).await {
                failed = Some(e.to_string());
                break;
            }
        }
        if let Some(e) = failed.or(sink.flush().await.err().map(|e| e.to_string())) {
            break Err(e);
        }
    };
    if let Some(consumer) = &socket.consumer {
        consumer.leave();
    }
    let _ = sink.close().await;
    result
}

/// Returns when rows may have arrived, the deadline passed, or it is time to check for a
/// rebalance.
async fn wait(writes: &mut watch::Receiver<()>, deadline: Option<Instant>) {
    let check = tokio::time::Instant::now() + REBALANCE_CHECK;
    let until = deadline.map_or(check, |d| check.min(tokio::time::Instant::from_std(d)));
    tokio::select! {
        _ = writes.changed() => {}
        _ = tokio::time::sleep_until(until) => {}
    }
}

fn args<A: DeserializeOwned>(args: Json) -> Result<A, SqlError> {
    serde_json::from_value(args).map_err(|e| generic(format!("unmarshal request error: {e}")))
}

/// taosAdapter's generic error (65535).
fn generic(message: impl Into<String>) -> SqlError {
    SqlError::new(codes::ADAPTER_GENERIC, message)
}

fn not_init() -> SqlError {
    generic("tmq not init")
}

/// An error reply carrying the action's required fields empty (docs/protocol.md §10.9), so clients that
/// decode them strictly see the error instead of waiting forever.
fn error_reply(reply: &ReplyTo<'_>, e: &SqlError) -> WsMessage {
    let extra = match reply.action {
        action::COMMITTED => Some(("committed", json!([]))),
        action::POSITION => Some(("position", json!([]))),
        action::ASSIGNMENT => Some(("assignment", json!([]))),
        action::LIST_TOPICS => Some(("topics", json!([]))),
        action::SUBSCRIBE | action::VERSION => Some(("version", json!(crate::engine::SERVER_VERSION))),
        action::FETCH | action::FETCH_BLOCK | action::COMMIT => Some(("message_id", json!(0))),
        _ => None,
    };
    reply.error(e.code, &e.message, extra)
}

impl Socket {
    fn on_text(&mut self, text: &str) -> Vec<WsMessage> {
        let started = Instant::now();
        let Ok(request) = serde_json::from_str::<Json>(text) else { return Vec::new() };
        let name = request.get("action").and_then(Json::as_str).unwrap_or("");
        let body = request.get("args").cloned().unwrap_or(Json::Null);
        let req_id = body.get("req_id").and_then(Json::as_u64).unwrap_or(0);
        let reply = ReplyTo { action: name, req_id, started };
        // Every poll gets exactly one answer: one still waiting when the next poll or an
        // unsubscribe arrives is answered first, with no message.
        let mut replies: Vec<WsMessage> = match name {
            action::POLL => self.pending.take().map(|p| no_message(&p)).into_iter().collect(),
            action::UNSUBSCRIBE => {
                let subscribed = self.joining.take().map(|j| subscribed(j.req_id, j.started));
                self.pending.take().map(|p| no_message(&p)).into_iter().chain(subscribed).collect()
            }
            _ => Vec::new(),
        };
        let outcome = match name {
            action::VERSION => Ok(Some(reply.ok(VersionBody { version: self.engine.server_version().to_owned(), list_instances: None }))),
            action::SUBSCRIBE => args(body).and_then(|a| self.subscribe(&reply, a)),
            action::POLL => args(body).and_then(|a| self.poll(started, a)),
            action::FETCH_RAW_DATA => {
                return vec![args(body)
                    .and_then(|a: MessageArgs| self.fetch_raw_data(&reply, a.message_id))
                    .unwrap_or_else(|e| raw_data_error(&reply, body_message_id(&request), &e))]
            }
            action::FETCH => args(body).and_then(|a: MessageArgs| self.fetch(&reply, a.message_id)).map(Some),
            action::FETCH_BLOCK => args(body).and_then(|a: MessageArgs| self.fetch_block(&reply, a.message_id)).map(Some),
            action::COMMIT => args(body).and_then(|a: MessageArgs| self.commit(&reply, a.message_id)).map(Some),
            action::COMMIT_OFFSET => args(body).and_then(|a| self.commit_offset(&reply, a)).map(Some),
            action::SEEK => args(body).and_then(|a: VgroupOffsetArgs| {
                self.consumer()?.seek(&a.topic, a.vgroup_id, a.offset)?;
                Ok(Some(reply.ok(json!({}))))
            }),
            action::COMMITTED => args(body).and_then(|a| self.committed(&reply, a)).map(Some),
            action::POSITION => args(body).and_then(|a| self.position(&reply, a)).map(Some),
            action::ASSIGNMENT => args(body).and_then(|a| self.assignment(&reply, a)).map(Some),
            action::LIST_TOPICS => {
                self.consumer().map(|c| Some(reply.ok(ListTopicsBody { topics: c.topics.iter().map(|t| t.name.clone()).collect() })))
            }
            action::UNSUBSCRIBE => {
                if let Some(consumer) = self.consumer.take() {
                    consumer.leave();
                }
                Ok(Some(reply.ok(json!({}))))
            }
            _ => Ok(None), // unknown actions are ignored (docs/protocol.md §10.1)
        };
        replies.push(match outcome {
            Ok(None) => return replies,
            Ok(Some(message)) => message,
            Err(e) => error_reply(&reply, &e),
        });
        replies
    }

    fn consumer(&mut self) -> Result<&mut Consumer, SqlError> {
        self.consumer.as_mut().ok_or_else(not_init)
    }

    /// Joins the group; the answer waits for the consumer's first rebalance (`answer_subscribe`).
    fn subscribe(&mut self, reply: &ReplyTo<'_>, a: SubscribeArgs) -> Result<Option<WsMessage>, SqlError> {
        if self.consumer.is_some() {
            return Err(generic("tmq should have unsubscribed first"));
        }
        self.engine.authenticate(self.peer, &a.user, a.password.expose())?;
        let options = Options::parse(&a)?;
        let log = self.generated.as_ref().map(|g| g.log.clone());
        self.consumer = Some(Consumer::subscribe(&self.engine, log, options, &a.topics)?);
        self.joining = Some(Joining { req_id: reply.req_id, started: reply.started });
        Ok(None)
    }

    /// The answer to a waiting `subscribe` once a rebalance has included its consumer.
    fn answer_subscribe(&mut self) -> Option<WsMessage> {
        if !self.consumer.as_ref()?.is_ready() {
            return None;
        }
        self.joining.take().map(|j| subscribed(j.req_id, j.started))
    }

    /// Answers at once with the cached message if the client missed it, or with a new
    /// message; otherwise the poll waits (see `retry_poll`).
    fn poll(&mut self, started: Instant, a: PollArgs) -> Result<Option<WsMessage>, SqlError> {
        let consumer = self.consumer.as_mut().ok_or_else(not_init)?;
        let reply = ReplyTo { action: action::POLL, req_id: a.req_id, started };
        if let (Some(missed), Some(cached)) = (a.message_id, &consumer.message) {
            if missed != cached.id {
                return Ok(Some(reply.ok(cached.poll_body())));
            }
        }
        let deadline = u64::try_from(a.blocking_time).ok().map(|ms| started + Duration::from_millis(ms));
        self.pending = Some(PendingPoll { req_id: a.req_id, started, deadline });
        Ok(self.retry_poll())
    }

    /// Tries the pending poll again: its answer if a message came or time is up.
    fn retry_poll(&mut self) -> Option<WsMessage> {
        let pending = self.pending.as_ref()?;
        let reply = ReplyTo { action: action::POLL, req_id: pending.req_id, started: pending.started };
        let expired = pending.deadline.is_some_and(|d| Instant::now() >= d);
        let consumer = self.consumer.as_mut()?;
        let answer = match consumer.poll_once(&mut self.last_message_id) {
            Ok(Some(message)) => reply.ok(message.poll_body()),
            Ok(None) if expired => no_message(pending),
            Ok(None) => return None,
            Err(e) => error_reply(&reply, &e),
        };
        self.pending = None;
        Some(answer)
    }

    /// The cached message if `id` names it: 65535 otherwise, with taosAdapter's texts.
    fn message(&mut self, id: u64) -> Result<&mut message::Message, SqlError> {
        match self.consumer()?.message.as_mut() {
            None => Err(generic("message has been freed")),
            Some(m) if m.id != id => Err(generic("message ID is not equal")),
            Some(m) => Ok(m),
        }
    }

    fn fetch_raw_data(&mut self, reply: &ReplyTo<'_>, id: u64) -> Result<WsMessage, SqlError> {
        let with_table_name = self.consumer()?.options.with_table_name;
        let payload = self.message(id)?.raw_data(with_table_name).map_err(|e| generic(e.to_string()))?;
        let frame = FetchRawDataResponse {
            timing: reply.timing() as u64,
            req_id: reply.req_id,
            message_id: id,
            outcome: Ok((RAW_TYPE_DATA, &payload)),
        };
        frame.encode().map(WsMessage::binary).map_err(|e| generic(e.to_string()))
    }

    fn fetch(&mut self, reply: &ReplyTo<'_>, id: u64) -> Result<WsMessage, SqlError> {
        let body = self.message(id)?.fetch().map_err(|e| generic(e.to_string()))?;
        Ok(reply.ok(body))
    }

    /// Sends the block the preceding `fetch` described; the frame carries that fetch's req_id,
    /// which the official client sends again here.
    fn fetch_block(&mut self, reply: &ReplyTo<'_>, id: u64) -> Result<WsMessage, SqlError> {
        let message = self.message(id)?;
        let block = message.fetched.take().ok_or_else(|| generic("no fetch data"))?;
        let frame = TmqFetchBlockFrame { timing: reply.timing() as u64, req_id: reply.req_id, message_id: id, block: &block };
        Ok(WsMessage::binary(frame.encode()))
    }

    fn commit(&mut self, reply: &ReplyTo<'_>, id: u64) -> Result<WsMessage, SqlError> {
        self.consumer()?.commit_all()?;
        Ok(reply.ok(MessageIdBody { message_id: id }))
    }

    fn commit_offset(&mut self, reply: &ReplyTo<'_>, a: VgroupOffsetArgs) -> Result<WsMessage, SqlError> {
        self.consumer()?.commit_offset(&a.topic, a.vgroup_id, a.offset)?;
        Ok(reply.ok(VgroupOffsetBody { topic: a.topic, vgroup_id: a.vgroup_id, offset: a.offset }))
    }

    fn committed(&mut self, reply: &ReplyTo<'_>, a: TopicVgroupsArgs) -> Result<WsMessage, SqlError> {
        let consumer = self.consumer()?;
        let committed = a
            .topic_vgroup_ids
            .iter()
            .map(|tv| consumer.committed(&tv.topic, tv.vgroup_id).map(|o| o.unwrap_or(NO_COMMITTED_OFFSET)))
            .collect::<Result<_, _>>()?;
        Ok(reply.ok(CommittedBody { committed }))
    }

    fn position(&mut self, reply: &ReplyTo<'_>, a: TopicVgroupsArgs) -> Result<WsMessage, SqlError> {
        let consumer = self.consumer()?;
        let position = a.topic_vgroup_ids.iter().map(|tv| consumer.position(&tv.topic, tv.vgroup_id)).collect::<Result<_, _>>()?;
        Ok(reply.ok(PositionBody { position }))
    }

    fn assignment(&mut self, reply: &ReplyTo<'_>, a: TopicArgs) -> Result<WsMessage, SqlError> {
        let assignment = self
            .consumer()?
            .assignment(&a.topic)?
            .into_iter()
            .map(|(vgroup, offset, begin, end)| tdflink_protocol::messages::Assignment { vgroup_id: vgroup as i32, offset, begin, end })
            .collect();
        Ok(reply.ok(AssignmentBody { assignment }))
    }
}

/// A poll's answer when no message came: `have_message: false`, everything else empty.
fn subscribed(req_id: u64, started: Instant) -> WsMessage {
    let reply = ReplyTo { action: action::SUBSCRIBE, req_id, started };
    reply.ok(VersionBody { version: crate::engine::SERVER_VERSION.to_owned(), list_instances: None })
}

fn no_message(pending: &PendingPoll) -> WsMessage {
    ReplyTo { action: action::POLL, req_id: pending.req_id, started: pending.started }.ok(PollBody::default())
}

fn body_message_id(request: &Json) -> u64 {
    request.pointer("/args/message_id").and_then(Json::as_u64).unwrap_or(0)
}

/// A `fetch_raw_data` error: the binary frame of docs/protocol.md §10.5 (b), ending after the message id.
fn raw_data_error(reply: &ReplyTo<'_>, message_id: u64, e: &SqlError) -> WsMessage {
    let frame = FetchRawDataResponse {
        timing: reply.timing() as u64,
        req_id: reply.req_id,
        message_id,
        outcome: Err(ServerError { code: e.code & 0xFFFF, message: e.message.as_str().into() }),
    };
    match frame.encode() {
        Ok(bytes) => WsMessage::binary(bytes),
        Err(_) => error_reply(reply, e),
    }
}
