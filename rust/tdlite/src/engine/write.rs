//! Writing rows, shared by INSERT and stmt2: resolving which columns and tags a statement
//! names, auto-creating subtables, and upserting rows fitted to their columns (cells.rs).
//! Writing through a supertable builds on these (through_stable.rs).

use super::catalog::{Database, Table, TableKind};
use super::cells::{self, Cell, Fitted, Rows};
use super::codec;
use super::convert::Clock;
use super::error::{self, Result};
use super::schema::Schema;
use super::state::State;
use super::storage;
use super::value::Value;
use super::wal;
use crate::sql::ast::{Identifier, InsertClause};
use crate::sql::SqlError;
use std::sync::Arc;

/// What a position in an INSERT column list stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    TableName,
    Column(usize),
    Tag(usize),
}

/// The slots of an INSERT column list. Without a list: every column in order. Tags and
/// `tbname` may be named only when writing through a supertable (`stable` is true).
pub fn resolve_slots(schema: &Schema, names: &[Identifier], stable: bool) -> Result<Vec<Slot>> {
    if names.is_empty() {
        return Ok((0..schema.columns.len()).map(Slot::Column).collect());
    }
    let mut slots = Vec::with_capacity(names.len());
    for name in names {
        let name = name.name.as_str();
        let slot = if let Some(i) = schema.column_index(name) {
            Slot::Column(i)
        } else if stable && name.eq_ignore_ascii_case("tbname") {
            Slot::TableName
        } else if let Some(i) = schema.tag_index(name).filter(|_| stable) {
            Slot::Tag(i)
        } else {
            return Err(error::invalid_column(name));
        };
        if slots.contains(&slot) {
            return Err(error::bad_value(name, "duplicated column name"));
        }
        slots.push(slot);
    }
    if !slots.contains(&Slot::Column(0)) {
        return Err(error::invalid_operation("Primary timestamp column should not be null"));
    }
    if stable && !slots.contains(&Slot::TableName) {
        return Err(error::invalid_operation("tbname column should not be null"));
    }
    Ok(slots)
}

/// The columns an INSERT into a table (not through a supertable) names.
pub fn resolve_columns(schema: &Schema, names: &[Identifier]) -> Result<Vec<usize>> {
    let slots = resolve_slots(schema, names, false)?;
    Ok(slots.into_iter().filter_map(|slot| if let Slot::Column(i) = slot { Some(i) } else { None }).collect())
}

/// The database qualifier of an INSERT target: its own, else its USING supertable's (a
/// subtable lives in its supertable's database), else none (the session's current one).
pub fn table_db<'a>(qualifier: Option<&'a Identifier>, clause: &'a InsertClause) -> Option<&'a Identifier> {
    qualifier.or_else(|| clause.using.as_ref().and_then(|using| using.stable.db.as_ref()))
}

/// Every row must give exactly one value per column of the list (or of the table).
pub fn check_row_widths(clause: &InsertClause, expected: usize) -> Result<()> {
    match clause.rows.iter().find(|row| row.len() != expected) {
        Some(row) => Err(error::bad_value(&format!("{} values", row.len()), &format!("Illegal number of columns, {expected} expected"))),
        None => Ok(()),
    }
}

/// Which tags a `USING stable [(tags)] TAGS (values)` clause gives values for.
pub fn resolve_tags(schema: &Schema, names: &[Identifier], values: usize) -> Result<Vec<usize>> {
    let positions: Vec<usize> = if names.is_empty() {
        (0..schema.tags.len()).collect()
    } else {
        names.iter().map(|n| schema.tag_index(&n.name).ok_or_else(|| error::invalid_column(&n.name))).collect::<Result<_>>()?
    };
    if positions.len() != values {
        return Err(SqlError::new(tdflink_protocol::codes::SERVER_TAGS_NOT_MATCHED, "Tags number not matched"));
    }
    Ok(positions)
}

/// A full tag row for `schema` from values for some of its tags (the rest are NULL).
pub fn tag_row<'a>(
    schema: &Schema,
    positions: &[usize],
    cells: impl IntoIterator<Item = Cell<'a>>,
    clock: &Clock<'_>,
) -> Result<Vec<Value>> {
    let mut row = vec![Value::Null; schema.tags.len()];
    for (&position, cell) in positions.iter().zip(cells) {
        row[position] = cells::fit(cell, &schema.tags[position], clock)?;
    }
    Ok(row)
}

/// Creates subtable `name` of supertable `stable` with a full tag row.
pub fn create_child(state: &mut State, db: &str, name: &str, stable: &Table, tags: &[Value]) -> Result<()> {
    let TableKind::Super(schema) = &stable.kind else {
        return Err(error::stable_not_exist());
    };
    let kind = TableKind::Child { stable: stable.name.clone() };
    let created = state.now_millis();
    let id = storage::create_table(&state.conn, db, name, &kind, created)?;
    let columns: String = (0..schema.tags.len()).map(|i| format!(", t{i}")).collect();
    let marks: String = (0..schema.tags.len()).map(|i| format!(", ?{}", i + 2)).collect();
    let sql = format!("INSERT INTO {} (tbname{columns}) VALUES (?1{marks})", storage::tag_table(stable.id));
    let mut params = vec![rusqlite::types::Value::Text(name.to_owned())];
    params.extend(tags.iter().zip(&schema.tags).map(|(v, f)| codec::to_sql(v, f.ty.ty)));
    state.conn.execute(&sql, rusqlite::params_from_iter(params)).map_err(error::storage)?;
    let table = Table { id, name: name.to_owned(), created, kind };
    state.catalog.database_mut(db)?.tables.insert(name.to_owned(), table);
    Ok(())
}

/// Makes sure `name` can take rows: an existing normal table or subtable, or a subtable
/// created now from `using` (the supertable and a full tag row). Returns the table's schema.
pub fn ensure_table(state: &mut State, db: &str, name: &str, using: Option<(&str, Vec<Value>)>) -> Result<Arc<Schema>> {
    let database = state.catalog.database(db)?;
    if let Some(table) = database.tables.get(name) {
        return match (&table.kind, &using) {
            (TableKind::Super(_), _) => Err(error::invalid_operation(format!("Cannot insert into super table {name} without tbname"))),
            (TableKind::Normal(_), Some(_)) => Err(error::invalid_operation("create table only from super table is allowed")),
            (TableKind::Child { stable }, Some((wanted, _))) if stable != wanted => {
                Err(error::invalid_operation(format!("Table {name} is not a subtable of {wanted}")))
            }
            _ => database.schema_of(table),
        };
    }
    let Some((stable_name, tags)) = using else {
        return Err(error::table_not_exist(name));
    };
    let stable = database.table(stable_name)?.clone();
    create_child(state, db, name, &stable, &tags)?;
    state.catalog.database(db)?.schema_of(&stable)
}

/// Upserts `rows` (a column per entry of `columns`) into table `name`: a row with an existing
/// timestamp replaces it, and columns left out become NULL. Every row is checked first; in
/// the `discard_rows` benchmark mode that is all, and the rows are only counted.
/// `schema` is the table's, as `ensure_table` returned it.
pub fn write_rows(
    state: &State,
    db: &str,
    name: &str,
    schema: &Schema,
    columns: &[usize],
    rows: Rows<'_>,
    clock: &Clock<'_>,
) -> Result<u64> {
    let count = rows.count;
    let fitted = cells::fit_rows(rows, columns.iter().map(|&c| (&schema.columns[c], c == 0)), !state.discard_rows, clock)?;
    if !state.discard_rows {
        let database = state.catalog.database(db)?;
        store(state, database, database.table(name)?, schema, columns, &fitted, count)?;
    }
    Ok(count as u64)
}

/// Upserts fitted rows, and logs them (wal.rs).
fn store(
    state: &State,
    database: &Database,
    table: &Table,
    schema: &Schema,
    columns: &[usize],
    fitted: &[Fitted],
    count: usize,
) -> Result<()> {
    let (target, child) = match &table.kind {
        TableKind::Child { stable } => (database.table(stable)?.id, true),
        _ => (table.id, false),
    };
    let mut names: Vec<String> = columns.iter().map(|i| format!("c{i}")).collect();
    if child {
        names.insert(0, "tbname".to_owned());
    }
    let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
    let sql = format!("INSERT OR REPLACE INTO {} ({}) VALUES ({})", storage::data_table(target), names.join(", "), marks.join(", "));
    let mut stmt = state.conn.prepare_cached(&sql).map_err(error::storage)?;
    // The write log keeps every row as stored; `columns` always names column 0.
    let mut log = wal::Pending::new(table.id, columns);
    let ts_at = columns.iter().position(|&c| c == 0).ok_or_else(|| error::internal("a write without its timestamp column"))?;
    for row in 0..count {
        let mut params = Vec::with_capacity(names.len());
        if child {
            params.push(rusqlite::types::Value::Text(table.name.clone()));
        }
        for (&column, values) in columns.iter().zip(fitted) {
            params.push(codec::to_sql(values.get(row), schema.columns[column].ty.ty));
        }
        stmt.execute(rusqlite::params_from_iter(&params)).map_err(error::storage)?;
        let Value::Timestamp(ts) = *fitted[ts_at].get(row) else {
            return Err(error::internal("a row without its timestamp"));
        };
        log.row(ts, &params[usize::from(child)..]);
    }
    log.append(&state.conn, database.vgroup_of(&table.name), &database.name, &table.name, state.now_millis())
}
