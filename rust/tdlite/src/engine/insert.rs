//! INSERT INTO: into tables, into subtables created on the fly (USING ... TAGS), and through
//! a supertable naming each row's subtable in a `tbname` column.

use super::catalog::TableKind;
use super::cells::{Cell, Rows};
use super::error::{self, Result};
use super::state::{Ctx, State};
use super::through_stable::ThroughStable;
use super::write;
use crate::sql::ast::{Insert, InsertClause, TableRef};
use crate::sql::SqlError;

/// Runs every clause in one transaction and returns the number of rows written.
pub fn execute(state: &mut State, ctx: &Ctx<'_>, insert: &Insert) -> Result<u64> {
    state.transaction(|s| {
        let mut written = 0;
        for clause in &insert.clauses {
            written += clause_rows(s, ctx, clause)?;
        }
        Ok(written)
    })
}

fn clause_rows(state: &mut State, ctx: &Ctx<'_>, clause: &InsertClause) -> Result<u64> {
    let TableRef::Named(target) = &clause.table else {
        return Err(SqlError::syntax_near("?"));
    };
    let db = ctx.db_name(write::table_db(target.db.as_ref(), clause))?;
    let database = state.catalog.database(&db)?;
    let clock = ctx.clock(database.precision);
    let name = target.name.name.as_str();
    if let (Some(table), None) = (database.tables.get(name), &clause.using) {
        if let TableKind::Super(schema) = &table.kind {
            let slots = write::resolve_slots(schema, &clause.columns, true)?;
            write::check_row_widths(clause, slots.len())?;
            let through = ThroughStable::new(state, &db, name, &slots)?;
            return through.write(state, &db, Rows::sql(&clause.rows, slots.len()), &clock);
        }
    }
    let using = match &clause.using {
        None => None,
        Some(using) => {
            let stable_db = ctx.db_name(using.stable.db.as_ref().or(target.db.as_ref()))?;
            let stable = state.catalog.database(&stable_db)?.table(&using.stable.name.name)?;
            let TableKind::Super(schema) = &stable.kind else {
                return Err(error::stable_not_exist());
            };
            let positions = write::resolve_tags(schema, &using.tag_names, using.tags.len())?;
            let tags = write::tag_row(schema, &positions, using.tags.iter().map(Cell::Sql), &clock)?;
            Some((stable.name.clone(), tags))
        }
    };
    let schema = write::ensure_table(state, &db, name, using.as_ref().map(|(s, t)| (s.as_str(), t.clone())))?;
    let columns = write::resolve_columns(&schema, &clause.columns)?;
    write::check_row_widths(clause, columns.len())?;
    write::write_rows(state, &db, name, &schema, &columns, Rows::sql(&clause.rows, columns.len()), &clock)
}
