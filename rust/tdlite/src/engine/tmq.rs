//! What the TMQ endpoint asks of the engine: topics by name, topic rows read from the write
//! log, committed offsets (and the log trimming they allow), and the consumer-group registry.

use super::consumers::Consumers;
use super::error::Result;
use super::result::ResultSet;
use super::state::{Ctx, State};
use super::{offsets, topic, wal, Engine, Session};
use std::time::{Duration, Instant};

/// How often writes trim the write log.
const TRIM_EVERY: Duration = Duration::from_secs(1);

/// A topic and the vgroups it reads, in order.
#[derive(Clone, Debug)]
pub struct TopicInfo {
    pub name: String,
    pub db: String,
    pub vgroups: Vec<u32>,
}

/// Rows of one table from one read of a vgroup's log.
#[derive(Clone, Debug)]
pub struct TopicBlock {
    pub table: String,
    pub rows: ResultSet,
}

/// One read of a topic from a vgroup: the blocks found and the version to read next.
#[derive(Clone, Debug)]
pub struct LogRead {
    pub blocks: Vec<TopicBlock>,
    pub next: i64,
}

impl Engine {
    /// 0x03E1 if the topic does not exist.
    pub fn topic(&self, name: &str) -> Result<TopicInfo> {
        let state = self.lock();
        let topic = topic::find(&state, name)?.ok_or_else(topic::not_exist)?;
        let vgroups = match state.catalog.databases.get(&topic.db) {
            Some(db) => (db.first_vgroup..db.first_vgroup + db.vgroups).collect(),
            None => Vec::new(),
        };
        Ok(TopicInfo { name: topic.name, db: topic.db, vgroups })
    }

    /// Reads `topic` from version `from` of `vgroup`'s log, up to about `max_rows` rows. All
    /// blocks of one read have the same columns (clients decode a message with its first
    /// block's schema), so a read ends early where the columns change.
    pub fn read_topic(&self, topic: &str, vgroup: u32, from: i64, max_rows: usize) -> Result<LogRead> {
        let state = self.lock();
        let topic = topic::find(&state, topic)?.ok_or_else(topic::not_exist)?;
        let session = Session { user: String::new(), current_db: Some(topic.db.clone()), timezone: None };
        let ctx = Ctx { replay: true, ..Ctx::new(&session, &self.shared.timezone)? };
        let mut read = LogRead { blocks: Vec::new(), next: from };
        for entry in wal::read(&state.conn, vgroup, from, max_rows)? {
            if let Some(rows) = topic.rows(&state, &ctx, &entry)? {
                if read.blocks.first().is_some_and(|first| first.rows.columns != rows.columns) {
                    break;
                }
                if !rows.rows.is_empty() {
                    read.blocks.push(TopicBlock { table: entry.table, rows });
                }
            }
            read.next = entry.version + 1;
        }
        Ok(read)
    }

    /// The first retained version of `vgroup`'s log and the version its next write gets.
    pub fn wal_range(&self, vgroup: u32) -> Result<(i64, i64)> {
        wal::range(&self.lock().conn, vgroup)
    }

    /// Commits `(topic, vgroup, offset)`s of `group` together, then trims what no group
    /// needs any more.
    pub fn commit_offsets(&self, group: &str, commits: &[(&str, u32, i64)]) -> Result<()> {
        let state = self.lock();
        for &(topic, vgroup, offset) in commits {
            offsets::commit(&state.conn, group, topic, vgroup, offset)?;
        }
        self.trim_log(&state)
    }

    /// Drops log entries older than the retention period that every group committed past.
    fn trim_log(&self, state: &State) -> Result<()> {
        let retention = i64::try_from(self.shared.wal_retention.as_millis()).unwrap_or(i64::MAX);
        wal::trim(&state.conn, state.now_millis().saturating_sub(retention)).map(drop)
    }

    pub fn committed(&self, group: &str, topic: &str, vgroup: u32) -> Result<Option<i64>> {
        offsets::committed(&self.lock().conn, group, topic, vgroup)
    }

    /// Runs `f` on the consumer-group registry, which SHOW CONSUMERS and DROP TOPIC also read.
    pub fn consumers<T>(&self, f: impl FnOnce(&mut Consumers) -> T) -> T {
        f(&mut self.lock().consumers)
    }

    /// Changes whenever a statement that may have written rows completes, so a waiting poll
    /// can look again.
    pub fn log_changes(&self) -> tokio::sync::watch::Receiver<()> {
        self.shared.writes.subscribe()
    }

    /// After a write: wakes waiting polls, and trims the log at most once a second, so it
    /// stays bounded even where no consumer ever commits.
    pub(super) fn wrote(&self) {
        self.shared.writes.send_replace(());
        let mut last = self.shared.last_trim.lock().unwrap_or_else(|p| p.into_inner());
        if last.elapsed() >= TRIM_EVERY {
            *last = Instant::now();
            if let Err(e) = self.trim_log(&self.lock()) {
                log::warn!("trimming the write log failed: {e}");
            }
        }
    }
}
