//! The write log: one ordered log per vgroup, the source TMQ consumers read. Every committed
//! write of rows appends one entry per (statement, table) to its table's vgroup. Its version
//! (TDengine's WAL version, the TMQ offset) comes from one store-wide sequence that never
//! reuses a number: increasing within each vgroup, though not contiguous, which TMQ allows,
//! and an append at the end of a B-tree, which keeps it cheap.
//!
//! An entry holds the table and the timestamps written (compactly, see `encode_timestamps`),
//! not the values: the rows are read back from the data tables when a consumer polls. That
//! keeps the append to one small row per table and statement (the ingest path stays fast) and
//! puts it in the statement's own transaction, so the log is exactly as durable as the data.
//! The price: a row overwritten or deleted after it was logged is delivered with its newer
//! values, or not at all.

use super::error::{self, Result};
use rusqlite::{params, Connection, OptionalExtension};

pub const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS td_wal (
        version INTEGER PRIMARY KEY AUTOINCREMENT, vgroup INTEGER NOT NULL, db TEXT NOT NULL,
        tbname TEXT NOT NULL, timestamps BLOB NOT NULL);
    CREATE INDEX IF NOT EXISTS td_wal_vgroup ON td_wal (vgroup, version);";

/// One logged write: rows of `table` with these timestamps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub version: i64,
    pub db: String,
    pub table: String,
    pub timestamps: Vec<i64>,
}

/// Appends a write of `timestamps` into `table` to the log of `vgroup`.
pub fn append(conn: &Connection, vgroup: u32, db: &str, table: &str, timestamps: &[i64]) -> Result<()> {
    let blob = encode_timestamps(timestamps);
    let mut stmt = conn
        .prepare_cached("INSERT INTO td_wal (vgroup, db, tbname, timestamps) VALUES (?1, ?2, ?3, ?4)")
        .map_err(error::storage)?;
    stmt.execute(params![vgroup, db, table, blob]).map_err(error::storage)?;
    Ok(())
}

/// Entries of `vgroup` from version `from` on, oldest first, until about `max_rows` rows.
pub fn read(conn: &Connection, vgroup: u32, from: i64, max_rows: usize) -> Result<Vec<Entry>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT version, db, tbname, timestamps FROM td_wal WHERE vgroup = ?1 AND version >= ?2
             ORDER BY version",
        )
        .map_err(error::storage)?;
    let mut rows = stmt.query(params![vgroup, from]).map_err(error::storage)?;
    let mut entries = Vec::new();
    let mut total = 0;
    while total < max_rows {
        let Some(row) = rows.next().map_err(error::storage)? else { break };
        let blob: Vec<u8> = row.get(3).map_err(error::storage)?;
        let timestamps = decode_timestamps(&blob).ok_or_else(|| error::internal("a corrupt write-log entry"))?;
        total += timestamps.len();
        entries.push(Entry {
            version: row.get(0).map_err(error::storage)?,
            db: row.get(1).map_err(error::storage)?,
            table: row.get(2).map_err(error::storage)?,
            timestamps,
        });
    }
    Ok(entries)
}

/// The first retained version and the version the next write will get (`(0, 0)` when empty).
pub fn range(conn: &Connection, vgroup: u32) -> Result<(i64, i64)> {
    conn.prepare_cached("SELECT MIN(version), MAX(version) FROM td_wal WHERE vgroup = ?1")
        .map_err(error::storage)?
        .query_row([vgroup], |r| Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?)))
        .optional()
        .map_err(error::storage)
        .map(|found| match found {
            Some((Some(first), Some(last))) => (first, last + 1),
            _ => (0, 0),
        })
}

/// Timestamps as the first one, then runs of equal steps: `(step, count)` pairs, all zigzag
/// varints. A regular series of any length takes a few bytes, so the log adds almost nothing
/// to what a write stores.
fn encode_timestamps(timestamps: &[i64]) -> Vec<u8> {
    let mut out = Vec::new();
    let Some(&first) = timestamps.first() else { return out };
    put_varint(&mut out, zigzag(first));
    let mut steps = timestamps.windows(2).map(|w| w[1].wrapping_sub(w[0])).peekable();
    while let Some(step) = steps.next() {
        let mut count = 1u64;
        while steps.next_if_eq(&step).is_some() {
            count += 1;
        }
        put_varint(&mut out, zigzag(step));
        put_varint(&mut out, count);
    }
    out
}

fn decode_timestamps(mut blob: &[u8]) -> Option<Vec<i64>> {
    let mut out = Vec::new();
    if blob.is_empty() {
        return Some(out);
    }
    let mut ts = unzigzag(read_varint(&mut blob)?);
    out.push(ts);
    while !blob.is_empty() {
        let step = unzigzag(read_varint(&mut blob)?);
        for _ in 0..read_varint(&mut blob)? {
            ts = ts.wrapping_add(step);
            out.push(ts);
        }
    }
    Some(out)
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    (v >> 1) as i64 ^ -((v & 1) as i64)
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_varint(blob: &mut &[u8]) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = blob.split_first()?;
        *blob = rest;
        v |= u64::from(b & 0x7F) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// Forgets the log of a dropped database.
pub fn delete_database(conn: &Connection, db: &str) -> Result<()> {
    conn.execute("DELETE FROM td_wal WHERE db = ?1", [db]).map_err(error::storage)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_grow_per_vgroup() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        assert_eq!(range(&conn, 2).unwrap(), (0, 0));
        append(&conn, 2, "d", "t1", &[1, 2]).unwrap();
        append(&conn, 3, "d", "t2", &[5]).unwrap();
        append(&conn, 2, "d", "t1", &[3]).unwrap();
        assert_eq!(range(&conn, 2).unwrap(), (1, 4));
        let entries = read(&conn, 2, 2, 100).unwrap();
        assert_eq!(entries, vec![Entry { version: 3, db: "d".into(), table: "t1".into(), timestamps: vec![3] }]);
        assert_eq!(read(&conn, 2, 0, 1).unwrap().len(), 1, "stops once max_rows is reached");
        delete_database(&conn, "d").unwrap();
        assert_eq!(range(&conn, 3).unwrap(), (0, 0));
        append(&conn, 3, "e", "t", &[1]).unwrap();
        assert_eq!(range(&conn, 3).unwrap(), (4, 5), "versions are never reused");
    }

    #[test]
    fn timestamps_round_trip_compactly() {
        let regular: Vec<i64> = (0..10_000).map(|i| 1_700_000_000_000 + i * 1000).collect();
        assert!(encode_timestamps(&regular).len() < 16);
        let odd = vec![i64::MIN, i64::MAX, 0, -5, -5, 7, 3, 3, 3];
        for series in [regular, odd, vec![42], vec![]] {
            assert_eq!(decode_timestamps(&encode_timestamps(&series)), Some(series));
        }
        assert_eq!(decode_timestamps(&[0x80]), None);
    }
}
