//! Writing rows through a supertable (`INSERT INTO stable (tbname, ...)`): each row names its
//! subtable in the `tbname` slot, and a missing subtable is created with the tag slots of its
//! first row (the other tags NULL). Rows are grouped by subtable as row indices.

use super::cells::{self, Cells, Rows};
use super::convert::Clock;
use super::error::{self, Result};
use super::schema::{tbname_field, Field, Schema};
use super::state::State;
use super::value::Value;
use super::write::{self, Slot};
use std::collections::HashMap;
use std::sync::Arc;

/// Where a statement's slots put the subtable name, the tags and the columns: worked out once
/// per statement, and used for every table a stmt2 bind brings.
pub struct ThroughStable {
    stable: String,
    schema: Arc<Schema>,
    name_at: usize,
    name_field: Field,
    /// The slot of each tag slot, and the tag it gives.
    tag_at: Vec<usize>,
    tags: Vec<usize>,
    /// The slot of each column slot, and the column it gives.
    column_at: Vec<usize>,
    columns: Vec<usize>,
}

impl ThroughStable {
    pub fn new(state: &State, db: &str, stable: &str, slots: &[Slot]) -> Result<ThroughStable> {
        let database = state.catalog.database(db)?;
        let schema = database.schema_of(database.table(stable)?)?;
        let name_at = slots.iter().position(|s| *s == Slot::TableName);
        let name_at = name_at.ok_or_else(|| error::invalid_operation("tbname column should not be null"))?;
        let (mut tag_at, mut tags, mut column_at, mut columns) = (vec![], vec![], vec![], vec![]);
        for (j, slot) in slots.iter().enumerate() {
            match *slot {
                Slot::TableName => {}
                Slot::Tag(i) => {
                    tag_at.push(j);
                    tags.push(i);
                }
                Slot::Column(i) => {
                    column_at.push(j);
                    columns.push(i);
                }
            }
        }
        Ok(ThroughStable { stable: stable.to_owned(), schema, name_at, name_field: tbname_field(), tag_at, tags, column_at, columns })
    }

    /// Writes `rows`, a cell per slot; returns the rows written.
    pub fn write(&self, state: &mut State, db: &str, mut rows: Rows<'_>, clock: &Clock<'_>) -> Result<u64> {
        let mut written = 0;
        for (name, group) in self.by_subtable(&rows.columns[self.name_at], rows.count, clock)? {
            let tags = self.tag_at.iter().map(|&j| rows.columns[j].cell(group[0]));
            let tags = write::tag_row(&self.schema, &self.tags, tags, clock)?;
            let schema = write::ensure_table(state, db, &name, Some((&self.stable, tags)))?;
            written += write::write_rows(state, db, &name, &schema, &self.columns, rows.take(&group, &self.column_at), clock)?;
        }
        Ok(written)
    }

    /// The rows of each subtable `names` (a cell per row) names, in order of first appearance.
    fn by_subtable(&self, names: &Cells<'_>, count: usize, clock: &Clock<'_>) -> Result<Vec<(String, Vec<usize>)>> {
        let name_of = |cell| match cells::fit(cell, &self.name_field, clock)? {
            Value::Text(name) if !name.is_empty() => Ok(name),
            _ => Err(error::invalid_operation("tbname column should not be null")),
        };
        // One name for every row (stmt2 binds a table at a time): one group, checked once.
        if let Cells::Same(cell) = names {
            return if count == 0 { Ok(vec![]) } else { Ok(vec![(name_of(cell.clone())?, (0..count).collect())]) };
        }
        let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for row in 0..count {
            let name = name_of(names.cell(row))?;
            let slot = *index.entry(name.clone()).or_insert_with(|| {
                groups.push((name, Vec::new()));
                groups.len() - 1
            });
            groups[slot].1.push(row);
        }
        Ok(groups)
    }
}
