//! Replaying a write-log entry for a topic: the entry's rows, as written, are put into a
//! temporary copy of their data table (`temp.r<id>`, same columns, keyed like it), and the
//! topic's query, compiled with `Ctx::replay`, reads that copy instead of the data table. So
//! a topic's projection and filter run in SQLite exactly as a query's do, over the values the
//! write wrote rather than the ones stored now.
//!
//! A copy lives as long as the connection and holds one entry's rows at a time; tables never
//! change their columns (tdlite has no ALTER TABLE) and ids are never reused, so a copy never
//! goes stale.

use super::catalog::TableKind;
use super::error::{self, Result};
use super::state::State;
use super::storage;
use super::wal::Entry;

/// The copy a replaying query reads for data table `id`.
pub fn table(id: i64) -> String {
    format!("temp.r{id}")
}

/// Puts `entry`'s rows into the copy of its data table.
pub fn load(state: &State, entry: &Entry) -> Result<()> {
    let database = state.catalog.database(&entry.db)?;
    let written = database.table(&entry.table)?;
    let (id, child) = match &written.kind {
        TableKind::Child { stable } => (database.table(stable)?.id, true),
        _ => (written.id, false),
    };
    let copy = table(id);
    let key = if child { "tbname, c0" } else { "c0" };
    state
        .conn
        .execute_batch(&format!(
            "CREATE TABLE IF NOT EXISTS {copy} AS SELECT * FROM main.{data} WHERE 0;
             CREATE UNIQUE INDEX IF NOT EXISTS {copy}_key ON r{id} ({key});
             DELETE FROM {copy};",
            data = storage::data_table(id),
        ))
        .map_err(error::storage)?;
    let mut names: Vec<String> = std::iter::once(0).chain(entry.columns.iter().copied()).map(|c| format!("c{c}")).collect();
    if child {
        names.insert(0, "tbname".to_owned());
    }
    let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
    // A statement that wrote one timestamp twice stored its last row: so does the copy.
    let mut insert = state
        .conn
        .prepare_cached(&format!("INSERT OR REPLACE INTO {copy} ({}) VALUES ({})", names.join(", "), marks.join(", ")))
        .map_err(error::storage)?;
    for row in entry.rows()? {
        let name = child.then(|| rusqlite::types::Value::Text(entry.table.clone()));
        insert.execute(rusqlite::params_from_iter(name.into_iter().chain(row))).map_err(error::storage)?;
    }
    Ok(())
}
