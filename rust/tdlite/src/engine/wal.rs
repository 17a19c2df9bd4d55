//! The write log: one ordered log per vgroup, the source TMQ consumers read. Every committed
//! write of rows appends one entry per (statement, table) to its table's vgroup. Its version
//! (TDengine's WAL version, the TMQ offset) comes from one store-wide sequence that never
//! reuses a number: increasing within each vgroup, though not contiguous, which TMQ allows,
//! and an append at the end of a B-tree, which keeps it cheap.
//!
//! An entry holds the values its write wrote (compactly, see wal_codec.rs), so a consumer gets
//! every write as written even after a later write overwrote its rows or a DELETE removed
//! them, as TDengine, which reads its WAL, delivers them. It is appended in the statement's
//! own transaction, so the log is exactly as durable as the data.
//!
//! Entries are trimmed (`trim`) once they are older than the retention period and every
//! consumer group committed past them; `earliest` then starts at the oldest entry kept.

use super::error::{self, Result};
use super::wal_codec;
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, Connection, OptionalExtension};

pub const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS td_log (
        version INTEGER PRIMARY KEY AUTOINCREMENT, vgroup INTEGER NOT NULL, db TEXT NOT NULL,
        tbname TEXT NOT NULL, table_id INTEGER NOT NULL, written INTEGER NOT NULL, columns BLOB NOT NULL,
        timestamps BLOB NOT NULL, vals BLOB NOT NULL);
    CREATE INDEX IF NOT EXISTS td_log_vgroup ON td_log (vgroup, version);";

/// One logged write of rows into `table`: row `i` has timestamp `timestamps[i]` and, in
/// `values`, one stored value per entry of `columns` (column numbers; the timestamp column
/// is not among them).
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub version: i64,
    pub db: String,
    pub table: String,
    /// The catalog id of the table written: a table of the same name created after a DROP has
    /// another, so its columns are never mistaken for the ones this write wrote.
    pub table_id: i64,
    pub columns: Vec<usize>,
    pub timestamps: Vec<i64>,
    values: Vec<u8>,
}

impl Entry {
    /// The rows as written: the timestamp, then the values of `columns`.
    pub fn rows(&self) -> Result<Vec<Vec<SqlValue>>> {
        let mut blob = self.values.as_slice();
        let mut rows = Vec::with_capacity(self.timestamps.len());
        for &ts in &self.timestamps {
            let mut row = Vec::with_capacity(self.columns.len() + 1);
            row.push(SqlValue::Integer(ts));
            for _ in &self.columns {
                row.push(wal_codec::read_value(&mut blob).ok_or_else(corrupt)?);
            }
            rows.push(row);
        }
        Ok(rows)
    }
}

fn corrupt() -> super::SqlError {
    error::internal("a corrupt write-log entry")
}

/// The entry a write is building, row by row, as it stores them.
pub struct Pending {
    table_id: i64,
    /// Where the timestamp is among the values of a row.
    ts_at: usize,
    columns: Vec<usize>,
    timestamps: Vec<i64>,
    values: Vec<u8>,
}

impl Pending {
    /// A write into the table with catalog id `table_id` of these columns (in row order),
    /// which include column 0, the timestamp.
    pub fn new(table_id: i64, columns: &[usize]) -> Pending {
        Pending {
            table_id,
            ts_at: columns.iter().position(|&c| c == 0).unwrap_or(0),
            columns: columns.iter().copied().filter(|&c| c != 0).collect(),
            timestamps: Vec::new(),
            values: Vec::new(),
        }
    }

    /// One row as stored, a value per column given to `new`.
    pub fn row(&mut self, ts: i64, values: &[SqlValue]) {
        self.timestamps.push(ts);
        for (i, value) in values.iter().enumerate() {
            if i != self.ts_at {
                wal_codec::put_value(&mut self.values, value);
            }
        }
    }

    /// Appends the entry to the log of `vgroup`, stamped `written` (milliseconds since the
    /// epoch); a write of no rows logs nothing.
    pub fn append(self, conn: &Connection, vgroup: u32, db: &str, table: &str, written: i64) -> Result<()> {
        if self.timestamps.is_empty() {
            return Ok(());
        }
        conn.prepare_cached(
            "INSERT INTO td_log (vgroup, db, tbname, table_id, written, columns, timestamps, vals)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .map_err(error::storage)?
        .execute(params![
            vgroup,
            db,
            table,
            self.table_id,
            written,
            wal_codec::encode_columns(&self.columns),
            wal_codec::encode_timestamps(&self.timestamps),
            self.values
        ])
        .map_err(error::storage)?;
        Ok(())
    }
}

/// Entries of `vgroup` from version `from` on, oldest first, until about `max_rows` rows.
pub fn read(conn: &Connection, vgroup: u32, from: i64, max_rows: usize) -> Result<Vec<Entry>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT version, db, tbname, table_id, columns, timestamps, vals FROM td_log
             WHERE vgroup = ?1 AND version >= ?2 ORDER BY version",
        )
        .map_err(error::storage)?;
    let mut rows = stmt.query(params![vgroup, from]).map_err(error::storage)?;
    let mut entries = Vec::new();
    let mut total = 0;
    while total < max_rows {
        let Some(row) = rows.next().map_err(error::storage)? else { break };
        let blob = |i| row.get::<_, Vec<u8>>(i).map_err(error::storage);
        let columns = wal_codec::decode_columns(&blob(4)?).ok_or_else(corrupt)?;
        let timestamps = wal_codec::decode_timestamps(&blob(5)?).ok_or_else(corrupt)?;
        total += timestamps.len();
        entries.push(Entry {
            version: row.get(0).map_err(error::storage)?,
            db: row.get(1).map_err(error::storage)?,
            table: row.get(2).map_err(error::storage)?,
            table_id: row.get(3).map_err(error::storage)?,
            columns,
            timestamps,
            values: blob(6)?,
        });
    }
    Ok(entries)
}

/// The first retained version and the version the next write will get (`(0, 0)` when empty).
pub fn range(conn: &Connection, vgroup: u32) -> Result<(i64, i64)> {
    conn.prepare_cached("SELECT MIN(version), MAX(version) FROM td_log WHERE vgroup = ?1")
        .map_err(error::storage)?
        .query_row([vgroup], |r| Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?)))
        .optional()
        .map_err(error::storage)
        .map(|found| match found {
            Some((Some(first), Some(last))) => (first, last + 1),
            _ => (0, 0),
        })
}

/// Removes the entries written before `before` (milliseconds since the epoch) that every
/// group committed past: below the lowest offset committed for their vgroup, if any group
/// committed one. Versions grow with time, so the expired entries are the oldest ones and
/// finding them reads only them.
pub fn trim(conn: &Connection, before: i64) -> Result<usize> {
    let kept: Option<i64> = conn
        .prepare_cached("SELECT version FROM td_log WHERE written >= ?1 ORDER BY version LIMIT 1")
        .map_err(error::storage)?
        .query_row([before], |r| r.get(0))
        .optional()
        .map_err(error::storage)?;
    conn.prepare_cached(
        "DELETE FROM td_log WHERE version < ?1 AND version <
             COALESCE((SELECT MIN(o.offset) FROM td_offsets o WHERE o.vgroup = td_log.vgroup), ?1)",
    )
    .map_err(error::storage)?
    .execute([kept.unwrap_or(i64::MAX)])
    .map_err(error::storage)
}

/// Forgets the log of a dropped database.
pub fn delete_database(conn: &Connection, db: &str) -> Result<()> {
    conn.execute("DELETE FROM td_log WHERE db = ?1", [db]).map_err(error::storage)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        conn.execute_batch(super::super::offsets::SCHEMA).unwrap();
        conn
    }

    /// Logs rows `(ts, ts * 10)` of columns `[0, 1]` at time `written`.
    fn append(conn: &Connection, vgroup: u32, table: &str, timestamps: &[i64], written: i64) {
        let mut pending = Pending::new(1, &[0, 1]);
        for &ts in timestamps {
            pending.row(ts, &[SqlValue::Integer(ts), SqlValue::Integer(ts * 10)]);
        }
        pending.append(conn, vgroup, "d", table, written).unwrap();
    }

    #[test]
    fn versions_grow_per_vgroup() {
        let conn = log();
        assert_eq!(range(&conn, 2).unwrap(), (0, 0));
        append(&conn, 2, "t1", &[1, 2], 0);
        append(&conn, 3, "t2", &[5], 0);
        append(&conn, 2, "t1", &[3], 0);
        Pending::new(1, &[0]).append(&conn, 2, "d", "t1", 0).unwrap();
        assert_eq!(range(&conn, 2).unwrap(), (1, 4), "a write of no rows logs nothing");
        let entries = read(&conn, 2, 2, 100).unwrap();
        assert_eq!((entries.len(), entries[0].version, entries[0].table.as_str()), (1, 3, "t1"));
        assert_eq!(entries[0].rows().unwrap(), vec![vec![SqlValue::Integer(3), SqlValue::Integer(30)]]);
        assert_eq!(read(&conn, 2, 0, 1).unwrap().len(), 1, "stops once max_rows is reached");
        delete_database(&conn, "d").unwrap();
        assert_eq!(range(&conn, 3).unwrap(), (0, 0));
        append(&conn, 3, "t", &[1], 0);
        assert_eq!(range(&conn, 3).unwrap(), (4, 5), "versions are never reused");
    }

    #[test]
    fn a_row_keeps_its_values_wherever_the_timestamp_was_written() {
        let conn = log();
        let mut pending = Pending::new(1, &[2, 0]);
        pending.row(7, &[SqlValue::Text("x".into()), SqlValue::Integer(7)]);
        pending.append(&conn, 1, "d", "t", 0).unwrap();
        let entry = &read(&conn, 1, 0, 10).unwrap()[0];
        assert_eq!(entry.columns, vec![2]);
        assert_eq!(entry.rows().unwrap(), vec![vec![SqlValue::Integer(7), SqlValue::Text("x".into())]]);
    }

    #[test]
    fn trimming_keeps_recent_entries_and_what_a_group_has_not_committed() {
        let conn = log();
        append(&conn, 1, "a", &[1], 100); // version 1
        append(&conn, 2, "b", &[1], 100); // 2
        append(&conn, 1, "a", &[2], 100); // 3
        append(&conn, 1, "a", &[3], 200); // 4
        super::super::offsets::commit(&conn, "g", "tp", 1, 3).unwrap();
        assert_eq!(trim(&conn, 150).unwrap(), 2, "vgroup 1 below offset 3, and vgroup 2 no group reads");
        assert_eq!(range(&conn, 1).unwrap(), (3, 5));
        assert_eq!(range(&conn, 2).unwrap(), (0, 0));
        super::super::offsets::commit(&conn, "g", "tp", 1, 5).unwrap();
        assert_eq!(trim(&conn, 150).unwrap(), 1, "version 4 is not old enough yet");
        assert_eq!(range(&conn, 1).unwrap(), (4, 5));
    }
}
