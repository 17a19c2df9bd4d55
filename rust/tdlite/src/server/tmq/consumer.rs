//! One subscribed consumer: its options, its place in its group, the position of every
//! vgroup it owns, and the message it polled last.

use super::message::Message;
use super::options::{Options, Reset};
use crate::engine::{Engine, LogRead, Member, TopicInfo, GENERATED_TOPIC};
use crate::server::generated::log::Log;
use crate::sql::SqlError;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;
use tdflink_protocol::codes;

/// Rows per message at most (about; a message holds whole log entries).
const MESSAGE_ROWS: usize = 4096;

pub struct Consumer {
    engine: Engine,
    /// The log of the generated topic (`--generated-meters`), read instead of the engine's.
    generated: Option<Arc<Log>>,
    pub id: u64,
    pub options: Options,
    pub topics: Vec<TopicInfo>,
    /// Next version to read, per owned (topic, vgroup).
    positions: BTreeMap<(String, u32), i64>,
    /// Where the next poll starts looking, so every owned vgroup gets its turn.
    turn: usize,
    pub message: Option<Message>,
    last_auto_commit: Instant,
}

fn invalid_topic() -> SqlError {
    SqlError::new(codes::SERVER_TMQ_INVALID_TOPIC, "Invalid topic")
}

fn invalid_vgroup() -> SqlError {
    SqlError::new(codes::SERVER_TMQ_INVALID_VGID, "Invalid vgroup id")
}

impl Consumer {
    /// Joins the group with `topics` (each must exist: 0x03E1).
    pub fn subscribe(engine: &Engine, generated: Option<Arc<Log>>, options: Options, topics: &[String]) -> Result<Consumer, SqlError> {
        let topics = topics.iter().map(|t| engine.topic(t)).collect::<Result<Vec<_>, _>>()?;
        let generated = generated.filter(|_| engine.is_generated_topic(GENERATED_TOPIC));
        let id = engine.consumers(|c| c.next_id());
        let consumer = Consumer {
            engine: engine.clone(),
            generated,
            id,
            options,
            topics,
            positions: BTreeMap::new(),
            turn: 0,
            message: None,
            last_auto_commit: Instant::now(),
        };
        consumer.join();
        Ok(consumer)
    }

    fn join(&self) {
        let now = jiff::Timestamp::now().as_millisecond();
        let member = Member::new(&self.options.group, &self.options.client_id, self.topics.clone(), now, self.options.liveness);
        self.engine.consumers(|c| c.join(self.id, member));
    }

    /// Whether a rebalance has given this consumer its share: until then TDengine does not
    /// return from subscribing.
    pub fn is_ready(&self) -> bool {
        self.engine.consumers(|c| c.is_ready(self.id))
    }

    /// Leaves the group (unsubscribe, socket closed).
    pub fn leave(&self) {
        self.engine.consumers(|c| c.leave(self.id));
    }

    /// A sign of life from the socket: the consumer's heartbeat.
    pub fn heard(&self) {
        self.engine.consumers(|c| c.heard(self.id));
    }

    /// The (topic, vgroup)s the group gives this consumer now (none if a rebalance evicted
    /// it). Forgets the positions of the others.
    fn share(&mut self) -> Vec<(String, u32)> {
        let owned: Vec<(String, u32)> = self.engine.consumers(|c| {
            self.topics.iter().flat_map(|t| c.assigned(self.id, &t.name).into_iter().map(|v| (t.name.clone(), v))).collect()
        });
        self.positions.retain(|key, _| owned.contains(key));
        owned
    }

    /// Brings the owned vgroups in line with the group: a vgroup gained starts at the group's
    /// committed offset, else where `auto.offset.reset` says; a vgroup lost is forgotten.
    fn rebalance(&mut self) -> Result<(), SqlError> {
        let owned = self.share();
        for (topic, vgroup) in owned {
            if self.positions.contains_key(&(topic.clone(), vgroup)) {
                continue;
            }
            let start = match self.engine.committed(&self.options.group, &topic, vgroup)? {
                Some(offset) => offset,
                None => {
                    let (begin, end) = self.log_range(&topic, vgroup)?;
                    match self.options.reset {
                        Reset::Earliest => begin,
                        Reset::Latest => end,
                        Reset::None => return Err(SqlError::new(codes::SERVER_TMQ_NO_COMMITTED_OFFSET, "TQ no committed offset")),
                    }
                }
            };
            self.positions.insert((topic, vgroup), start);
        }
        Ok(())
    }

    /// One attempt at a message: the next rows of an owned vgroup, taking vgroups in turn.
    /// On success the message is cached (replacing the previous one) and returned; its id is
    /// the next of `last_message_id`.
    pub fn poll_once(&mut self, last_message_id: &mut u64) -> Result<Option<&Message>, SqlError> {
        if !self.engine.consumers(|c| c.is_member(self.id)) {
            // Evicted for not polling: a poll joins the group again.
            self.join();
        }
        self.engine.consumers(|c| c.polled(self.id));
        if let Some(interval) = self.options.auto_commit {
            if self.last_auto_commit.elapsed() >= interval {
                self.commit_all()?;
                self.last_auto_commit = Instant::now();
            }
        }
        self.rebalance()?;
        let keys: Vec<(String, u32)> = self.positions.keys().cloned().collect();
        for step in 0..keys.len() {
            let (topic, vgroup) = &keys[(self.turn + step) % keys.len()];
            let from = self.positions[&(topic.clone(), *vgroup)];
            let generated = self.generated_log(topic).cloned();
            let read = match &generated {
                // One version is one message; the log never grows.
                Some(log) if from >= 0 && from < log.range(*vgroup).1 => LogRead { blocks: Vec::new(), next: from + 1 },
                Some(_) => continue,
                None => self.engine.read_topic(topic, *vgroup, from, MESSAGE_ROWS)?,
            };
            self.positions.insert((topic.clone(), *vgroup), read.next);
            if read.blocks.is_empty() && generated.is_none() {
                continue;
            }
            self.turn = (self.turn + step + 1) % keys.len();
            *last_message_id += 1;
            let db = self.topics.iter().find(|t| &t.name == topic).map(|t| t.db.clone()).unwrap_or_default();
            self.message = Some(Message {
                id: *last_message_id,
                topic: topic.clone(),
                db,
                vgroup: *vgroup,
                offset: from,
                end: read.next,
                blocks: read.blocks,
                generated,
                next_block: 0,
                fetched: None,
            });
            return Ok(self.message.as_ref());
        }
        Ok(None)
    }

    /// `commit`: the current position of every vgroup this consumer still owns (one evicted
    /// meanwhile owns none).
    pub fn commit_all(&mut self) -> Result<(), SqlError> {
        self.share();
        let commits: Vec<(&str, u32, i64)> =
            self.positions.iter().map(|((topic, vgroup), offset)| (topic.as_str(), *vgroup, *offset)).collect();
        self.engine.commit_offsets(&self.options.group, &commits)
    }

    /// The generated log if `topic` is the generated topic.
    fn generated_log(&self, topic: &str) -> Option<&Arc<Log>> {
        self.generated.as_ref().filter(|_| topic == GENERATED_TOPIC)
    }

    /// The first retained version of `vgroup`'s log for `topic` and the version after its last.
    fn log_range(&self, topic: &str, vgroup: u32) -> Result<(i64, i64), SqlError> {
        match self.generated_log(topic) {
            Some(log) => Ok(log.range(vgroup)),
            None => self.engine.wal_range(vgroup),
        }
    }

    fn topic(&self, name: &str) -> Result<&TopicInfo, SqlError> {
        self.topics.iter().find(|t| t.name == name).ok_or_else(invalid_topic)
    }

    /// The key of an owned vgroup: 0x4009 for a topic not subscribed, 0x4008 for a vgroup
    /// this consumer does not own (now).
    fn owned(&mut self, topic: &str, vgroup: i32) -> Result<(String, u32), SqlError> {
        self.topic(topic)?;
        self.rebalance()?;
        let key = (topic.to_owned(), u32::try_from(vgroup).map_err(|_| invalid_vgroup())?);
        if self.positions.contains_key(&key) {
            Ok(key)
        } else {
            Err(invalid_vgroup())
        }
    }

    pub fn commit_offset(&mut self, topic: &str, vgroup: i32, offset: i64) -> Result<(), SqlError> {
        let (topic, vgroup) = self.owned(topic, vgroup)?;
        self.engine.commit_offsets(&self.options.group, &[(&topic, vgroup, offset)])
    }

    pub fn seek(&mut self, topic: &str, vgroup: i32, offset: i64) -> Result<(), SqlError> {
        let key = self.owned(topic, vgroup)?;
        self.positions.insert(key, offset);
        Ok(())
    }

    /// `committed`: what the group committed for any vgroup of a subscribed topic.
    pub fn committed(&self, topic: &str, vgroup: i32) -> Result<Option<i64>, SqlError> {
        self.topic(topic)?;
        self.engine.committed(&self.options.group, topic, u32::try_from(vgroup).map_err(|_| invalid_vgroup())?)
    }

    pub fn position(&mut self, topic: &str, vgroup: i32) -> Result<i64, SqlError> {
        let key = self.owned(topic, vgroup)?;
        Ok(self.positions[&key])
    }

    /// `assignment`: (vgroup, position, first version, next version) of each owned vgroup.
    pub fn assignment(&mut self, topic: &str) -> Result<Vec<(u32, i64, i64, i64)>, SqlError> {
        self.topic(topic)?;
        self.rebalance()?;
        let mut out = Vec::new();
        for ((_, vgroup), position) in self.positions.iter().filter(|((t, _), _)| t == topic) {
            let (begin, end) = self.log_range(topic, *vgroup)?;
            out.push((*vgroup, *position, begin, end));
        }
        Ok(out)
    }
}
