//! Committed offsets of consumer groups, per (group, topic, vgroup), in the store so they
//! survive restarts.

use super::error::{self, Result};
use rusqlite::{params, Connection, OptionalExtension};

pub const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS td_offsets (
        grp TEXT NOT NULL, topic TEXT NOT NULL, vgroup INTEGER NOT NULL, offset INTEGER NOT NULL,
        PRIMARY KEY (grp, topic, vgroup)) WITHOUT ROWID;";

pub fn commit(conn: &Connection, group: &str, topic: &str, vgroup: u32, offset: i64) -> Result<()> {
    conn.prepare_cached("INSERT OR REPLACE INTO td_offsets (grp, topic, vgroup, offset) VALUES (?1, ?2, ?3, ?4)")
        .map_err(error::storage)?
        .execute(params![group, topic, vgroup, offset])
        .map_err(error::storage)?;
    Ok(())
}

pub fn committed(conn: &Connection, group: &str, topic: &str, vgroup: u32) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT offset FROM td_offsets WHERE grp = ?1 AND topic = ?2 AND vgroup = ?3")
        .map_err(error::storage)?
        .query_row(params![group, topic, vgroup], |r| r.get(0))
        .optional()
        .map_err(error::storage)
}

pub fn delete_topic(conn: &Connection, topic: &str) -> Result<()> {
    conn.execute("DELETE FROM td_offsets WHERE topic = ?1", [topic]).map_err(error::storage)?;
    Ok(())
}

/// DROP CONSUMER GROUP: forgets what `group` committed for `topic`.
pub fn delete_group(conn: &Connection, group: &str, topic: &str) -> Result<()> {
    conn.execute("DELETE FROM td_offsets WHERE grp = ?1 AND topic = ?2", [group, topic]).map_err(error::storage)?;
    Ok(())
}
