//! The connection task: the only owner of the socket. Callers hand it requests over a
//! channel; it writes them and routes each reply to its caller by `req_id` (JSON replies
//! carry it in the envelope, binary fetch replies at offset 26), so many requests can be in
//! flight and replies may come in any order.

use crate::error::{Error, Result};
use crate::transport::Socket;
use futures_util::{SinkExt, StreamExt};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tdflink_protocol::codes;
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::Message;

/// A reply as it came off the wire.
#[derive(Debug)]
pub enum Reply {
    Json(serde_json::Value),
    Binary(Vec<u8>),
}

enum Command {
    /// Send `message` and route the reply with `req_id` to `reply`.
    Call { req_id: u64, message: Message, reply: oneshot::Sender<Result<Reply>> },
    /// Send `message`; nothing answers it (`free_result`).
    Send(Message),
    /// The caller stopped waiting (timeout): forget its slot.
    Forget(u64),
}

/// A cheap handle to the connection task.
#[derive(Clone)]
pub struct Connection {
    commands: mpsc::UnboundedSender<Command>,
    next_req_id: Arc<AtomicU64>,
    timeout: Duration,
}

impl Connection {
    /// Starts the task on the current runtime; it ends when every handle is dropped or the
    /// socket closes.
    pub fn start(socket: Socket, timeout: Duration) -> Connection {
        let (commands, receiver) = mpsc::unbounded_channel();
        tokio::spawn(run(socket, receiver));
        Connection { commands, next_req_id: Arc::new(AtomicU64::new(1)), timeout }
    }

    pub fn next_req_id(&self) -> u64 {
        self.next_req_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Sends `message` and waits, at most the message timeout, for the reply to `req_id`.
    pub async fn call(&self, req_id: u64, message: Message) -> Result<Reply> {
        self.call_within(req_id, message, Duration::ZERO).await
    }

    /// Like [`Connection::call`] for a request the server may hold on purpose (a TMQ `poll`
    /// waits up to its `blocking_time`): the reply may take `extra` beyond the message timeout.
    pub async fn call_within(&self, req_id: u64, message: Message, extra: Duration) -> Result<Reply> {
        let (reply, receiver) = oneshot::channel();
        self.commands.send(Command::Call { req_id, message, reply }).map_err(|_| closed())?;
        match tokio::time::timeout(self.timeout + extra, receiver).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(closed()),
            Err(_) => {
                let _ = self.commands.send(Command::Forget(req_id));
                Err(Error::timeout(codes::DRIVER_QUERY_TIMEOUT, format!("no reply within {:?} (raise messageWaitTimeout)", self.timeout)))
            }
        }
    }

    /// Sends a message nothing answers.
    pub fn send(&self, message: Message) -> Result<()> {
        self.commands.send(Command::Send(message)).map_err(|_| closed())
    }
}

fn closed() -> Error {
    Error::connection("connection already closed")
}

async fn run(socket: Socket, mut commands: mpsc::UnboundedReceiver<Command>) {
    let (mut sink, mut stream) = socket.split();
    let mut waiting: HashMap<u64, oneshot::Sender<Result<Reply>>> = HashMap::new();
    let ended = loop {
        tokio::select! {
            command = commands.recv() => match command {
                None => break None,
                Some(Command::Call { req_id, message, reply }) => {
                    waiting.insert(req_id, reply);
                    if let Err(e) = sink.send(message).await {
                        break Some(Error::connection("sending failed").with_cause(e));
                    }
                }
                Some(Command::Send(message)) => {
                    if let Err(e) = sink.send(message).await {
                        break Some(Error::connection("sending failed").with_cause(e));
                    }
                }
                Some(Command::Forget(req_id)) => {
                    waiting.remove(&req_id);
                }
            },
            incoming = stream.next() => match incoming {
                None | Some(Ok(Message::Close(_))) => break Some(Error::connection("the server closed the connection")),
                Some(Err(e)) => break Some(Error::connection("connection lost").with_cause(e)),
                Some(Ok(message)) => route(message, &mut waiting),
            },
        }
    };
    // Everyone still waiting learns why their reply will never come.
    if let Some(error) = ended {
        log::debug!("connection ended: {error}");
        for (_, reply) in waiting.drain() {
            let _ = reply.send(Err(Error::connection(error.to_string())));
        }
    }
    let _ = sink.close().await;
}

fn route(message: Message, waiting: &mut HashMap<u64, oneshot::Sender<Result<Reply>>>) {
    let (req_id, reply) = match message {
        Message::Text(text) => match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(json) => (json.get("req_id").and_then(serde_json::Value::as_u64), Reply::Json(json)),
            Err(e) => {
                log::warn!("unparsable reply dropped: {e}");
                return;
            }
        },
        // Binary fetch replies start with the all-ones flag and carry req_id at offset 26.
        Message::Binary(bytes) if tdflink_protocol::frames::is_flagged(&bytes) && bytes.len() >= 34 => {
            let req_id = u64::from_le_bytes(bytes[26..34].try_into().expect("8 bytes"));
            (Some(req_id), Reply::Binary(bytes.to_vec()))
        }
        Message::Binary(_) => {
            log::warn!("unexpected binary frame dropped");
            return;
        }
        _ => return, // pings are answered by the WebSocket layer
    };
    match req_id.and_then(|id| waiting.remove(&id)) {
        Some(waiter) => {
            let _ = waiter.send(Ok(reply));
        }
        None => log::debug!("reply for no pending request: {reply:?}"),
    }
}
