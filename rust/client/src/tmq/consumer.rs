//! The consumer: one `/rest/tmq` socket subscribed to topics, polled for messages whose raw
//! data is fetched and converted at once, with the position of every (topic, vgroup) it
//! delivered from kept here, so a lost connection can be replaced without losing or skipping
//! rows (re-subscribe, then seek each vgroup back to its position).

use super::config::ConsumerConfig;
use super::message::Message;
use super::offsets::topic_vgroup;
use crate::config::ConnectionConfig;
use crate::connection::{Connection, Reply};
use crate::error::{Error, Result};
use crate::reconnect::{Handshake, Link, Reconnector};
use crate::reply;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use tdflink_protocol::codes;
use tdflink_protocol::messages::{
    action, MessageArgs, PollArgs, PollBody, PositionBody, ReqIdArgs, SubscribeArgs, VersionBody, VgroupOffsetArgs,
};

/// The `/rest/tmq` handshake: `subscribe` with the consumer's options and topics, on the first
/// connection and again on every reconnect.
struct Subscription {
    args: SubscribeArgs,
}

impl Handshake for Subscription {
    async fn greet(&self, connection: &Connection, _config: &ConnectionConfig) -> Result<()> {
        let _: VersionBody = reply::json(reply::action(connection, action::SUBSCRIBE, &self.args, Duration::ZERO).await?)?;
        Ok(())
    }
}

/// A subscribed TMQ consumer. Owned by one thread (every method takes `&mut self`).
pub struct Consumer {
    session: Reconnector<Subscription>,
    pub(super) topics: Vec<String>,
    /// Per (topic, vgroup): the WAL version after the last message delivered from it (or where
    /// consumption started, for a vgroup that delivered nothing yet).
    pub(super) positions: BTreeMap<(String, i32), i64>,
    /// Id of the last message received and the epoch of the socket it came on: ids are per
    /// socket, and a poll naming it lets the server repeat a message whose reply was missed.
    last_message: (u64, u64),
    auto_commit: Option<Duration>,
    last_commit: Instant,
}

impl Consumer {
    /// Connects to `/rest/tmq` and subscribes to `topics` (at least one; 0xa002 otherwise).
    /// Server refusals keep their codes (0x03E1 unknown topic, 0x0118 bad option...).
    pub async fn subscribe(config: &ConsumerConfig, topics: &[String]) -> Result<Consumer> {
        if topics.is_empty() || topics.iter().any(|t| t.trim().is_empty()) {
            return Err(Error::config(codes::CONNECTOR_TMQ_TOPIC, format!("topics must be non-empty names, got {topics:?}")));
        }
        let handshake = Subscription { args: config.subscribe_args(topics) };
        let session = Reconnector::connect(config.connection.clone(), "/rest/tmq", handshake).await?;
        let mut consumer = Consumer {
            session,
            topics: topics.to_vec(),
            positions: BTreeMap::new(),
            last_message: (0, 0),
            auto_commit: config.auto_commit,
            last_commit: Instant::now(),
        };
        // Where each assigned vgroup starts (`latest` is fixed now), so a reconnect before its
        // first message resumes there too.
        for assigned in consumer.assignment().await? {
            consumer.positions.insert((assigned.topic, assigned.vgroup_id), assigned.current);
        }
        Ok(consumer)
    }

    /// Times the consumer's connection was replaced since it subscribed.
    pub fn reconnects(&self) -> u64 {
        self.session.link().epoch.saturating_sub(1)
    }

    /// The next message, waiting at most `timeout` for one; `None` if none came. With
    /// `enable.auto.commit`, first commits the positions once the interval has passed.
    pub async fn poll(&mut self, timeout: Duration) -> Result<Option<Message>> {
        if self.auto_commit.is_some_and(|interval| self.last_commit.elapsed() >= interval) {
            // `commit` commits every assigned vgroup's current position on the server (docs/protocol.md
            // §10.7); the id is informational. After a reconnect those positions are the ones
            // `recover` sought back to, so an id from the old socket commits nothing wrong
            // (tests/tmq.rs: auto_commit_after_a_reconnect_commits_the_positions_delivered).
            let message_id = self.last_message.0;
            let _: Value = self.request(action::COMMIT, &MessageArgs { message_id, ..MessageArgs::default() }).await?;
            self.last_commit = Instant::now();
        }
        let link = self.session.link();
        match self.poll_on(&link, timeout).await {
            Err(e) if self.recoverable(&e) => {
                self.recover(&link, e).await?;
                let link = self.session.link();
                self.poll_on(&link, timeout).await
            }
            outcome => outcome,
        }
    }

    /// Unsubscribes and closes the connection.
    pub async fn unsubscribe(self) -> Result<()> {
        let connection = self.session.link().connection;
        reply::json::<Value>(reply::action(&connection, action::UNSUBSCRIBE, &ReqIdArgs::default(), Duration::ZERO).await?)?;
        Ok(())
    }

    async fn poll_on(&mut self, link: &Link, timeout: Duration) -> Result<Option<Message>> {
        let millis = i64::try_from(timeout.as_millis()).unwrap_or(i64::MAX);
        let (last_id, epoch) = self.last_message;
        let message_id = if epoch == link.epoch { last_id } else { 0 };
        let args = PollArgs { blocking_time: millis, message_id: Some(message_id), ..PollArgs::default() };
        let polled: PollBody = reply::json(reply::action(&link.connection, action::POLL, &args, timeout).await?)?;
        if !polled.have_message {
            return Ok(None);
        }
        self.last_message = (polled.message_id, link.epoch);
        // Both at once: the rows of this message, and the position after it.
        let position = topic_vgroup(&polled.topic, polled.vgroup_id);
        let data = MessageArgs { message_id: polled.message_id, ..MessageArgs::default() };
        let (data, position) = tokio::join!(
            reply::action(&link.connection, action::FETCH_RAW_DATA, &data, Duration::ZERO),
            reply::action(&link.connection, action::POSITION, &position, Duration::ZERO),
        );
        let frame = match data? {
            Reply::Binary(frame) => frame,
            Reply::Json(json) => {
                return Err(reply::server_error(&json).unwrap_or_else(|| Error::protocol(format!("unexpected fetch_raw_data reply {json}"))))
            }
        };
        let key = (polled.topic.clone(), polled.vgroup_id);
        let next_offset = match position.and_then(reply::json::<PositionBody>).map(|p| p.position.first().copied()) {
            Ok(Some(next)) => {
                self.positions.insert(key, next);
                next
            }
            // Keeping the older position is safe: a recovery re-reads rows rather than skip them.
            other => {
                log::warn!("position of {key:?} after offset {} unknown: {other:?}", polled.offset);
                self.positions.get(&key).copied().unwrap_or(polled.offset)
            }
        };
        Ok(Some(Message::new(polled.topic, polled.database, polled.vgroup_id, polled.offset, next_offset, frame)?))
    }

    /// Runs a JSON action; after a connection loss (with auto-reconnect) recovers and runs it
    /// once more. Every action this is used for is safe to repeat.
    pub(super) async fn request<T: DeserializeOwned>(&mut self, name: &str, args: &impl Serialize) -> Result<T> {
        let link = self.session.link();
        match reply::action(&link.connection, name, args, Duration::ZERO).await.and_then(reply::json) {
            Err(e) if self.recoverable(&e) => {
                self.recover(&link, e).await?;
                reply::json(reply::action(&self.session.link().connection, name, args, Duration::ZERO).await?)
            }
            outcome => outcome,
        }
    }

    fn recoverable(&self, e: &Error) -> bool {
        e.is_connection_lost() && self.session.config().auto_reconnect
    }

    /// Replaces the lost connection (the handshake subscribes again) and seeks every vgroup
    /// back to its position. A vgroup the group gave to another consumer meanwhile (0x4008) is
    /// forgotten: that consumer resumes it from the committed offset.
    async fn recover(&mut self, lost: &Link, cause: Error) -> Result<()> {
        log::warn!("{cause}; reconnecting, subscribing again and seeking back to {} positions", self.positions.len());
        let link = self.session.reconnect(lost).await?;
        let positions: Vec<((String, i32), i64)> = self.positions.iter().map(|(key, offset)| (key.clone(), *offset)).collect();
        for ((topic, vgroup), offset) in positions {
            let args = VgroupOffsetArgs { topic: topic.clone(), vgroup_id: vgroup, offset, ..VgroupOffsetArgs::default() };
            match reply::action(&link.connection, action::SEEK, &args, Duration::ZERO).await.and_then(reply::json::<Value>) {
                Ok(_) => {}
                Err(e) if e.code() == codes::SERVER_TMQ_INVALID_VGID => {
                    log::info!("vgroup {vgroup} of {topic} is no longer assigned here: {e}");
                    self.positions.remove(&(topic, vgroup));
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}
