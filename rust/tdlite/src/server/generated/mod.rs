//! The serving side of `--generated-meters` (EngineConfig::generated_meters): scans of
//! `bench.meters` answered from raw blocks encoded at start-up, with no SQLite on the read
//! path. The engine still checks and describes each such query (its `meters` is empty, so
//! that is cheap), which keeps names, types and errors exactly those of a normal query. The
//! topic `meters_topic` reads a write log of the same rows, also encoded at start-up (log.rs).

mod chunks;
pub mod log;
mod scan;

use crate::engine::{Engine, Outcome, ResultColumn, Session};
use crate::meters::{self, MetersSpec};
use chunks::Chunks;
use std::ops::Range;
use std::sync::Arc;
use tdflink_protocol::types::Precision;

/// The pre-encoded rows, shared by every connection.
#[derive(Clone)]
pub struct Generated {
    chunks: Arc<Chunks>,
    pub log: Arc<log::Log>,
    spec: MetersSpec,
}

impl Generated {
    /// Encodes every row of the engine's generated data set, if it has one.
    pub fn build(engine: &Engine) -> Result<Option<Generated>, String> {
        let Some(spec) = engine.generated_meters() else { return Ok(None) };
        let mut session = Session { user: "root".to_owned(), current_db: None, timezone: None };
        let sql = format!("select * from {}.{} limit 0", meters::DATABASE, meters::STABLE);
        let described = match engine.execute(&mut session, &sql).map_err(|e| e.message)? {
            Outcome::Rows(set) => set,
            Outcome::Affected(_) => return Err(format!("{sql} returned no columns")),
        };
        // A data dir may hold an older bench.meters of another shape: the rows would not fit it.
        let columns = described.columns;
        if columns != chunks::meters_columns() || described.precision != Precision::Millisecond {
            return Err(format!("{}.{} exists with another schema or precision; drop it first", meters::DATABASE, meters::STABLE));
        }
        let chunks = Chunks::encode(spec, &columns).map_err(|e| e.to_string())?;
        let vgroup_of = |t| engine.vgroup_of(meters::DATABASE, &meters::table_name(t)).unwrap_or_default();
        let log = log::Log::encode(spec, &columns, vgroup_of).map_err(|e| e.to_string())?;
        Ok(Some(Generated { chunks: Arc::new(chunks), log: Arc::new(log), spec }))
    }

    /// A cursor over the rows `sql` asks for, if it is a scan this answers; `columns` are the
    /// engine's description of the same query.
    pub fn cursor(&self, sql: &str, current_db: Option<&str>, columns: &[ResultColumn]) -> Option<Cursor> {
        // The engine described the same statement; a disagreement means it is not a scan after all.
        let Some(scan) = scan::recognize(sql, current_db, self.spec).filter(|s| s.columns.len() == columns.len()) else {
            // A benchmark reading none of the rows it expects should say why.
            if scan::reads_meters_rows(sql, current_db) {
                ::log::warn!("--generated-meters: not a scan served from memory, so it sees no rows: {sql}");
            }
            return None;
        };
        Some(Cursor { chunks: self.chunks.clone(), columns: scan.columns, rows: scan.rows })
    }
}

/// The rows still to send of one scan.
pub struct Cursor {
    chunks: Arc<Chunks>,
    columns: Vec<usize>,
    rows: Range<usize>,
}

impl Cursor {
    /// The next block and its row count, `None` once every row was sent.
    pub fn next_block(&mut self) -> Result<Option<(Vec<u8>, usize)>, String> {
        if self.rows.is_empty() || self.rows.start >= self.chunks.rows() {
            return Ok(None);
        }
        let (block, rows) = self.chunks.block(&self.columns, self.rows.start, self.rows.end).map_err(|e| e.to_string())?;
        self.rows.start += rows;
        Ok(Some((block, rows)))
    }
}
