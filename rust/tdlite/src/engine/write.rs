//! Writing rows, shared by INSERT and stmt2: resolving which columns and tags a statement
//! names, fitting each cell to its column, auto-creating subtables, and upserting rows.

use super::catalog::{Table, TableKind};
use super::codec;
use super::convert::{self, Clock};
use super::error::{self, Result};
use super::schema::{Field, Schema};
use super::state::State;
use super::storage;
use super::value::Value;
use super::wal;
use crate::sql::ast::{Expr, Identifier, InsertClause};
use crate::sql::SqlError;
use std::collections::HashMap;
use std::sync::Arc;

/// One value to write: a literal from the SQL text, or a value bound through stmt2.
pub enum Cell<'a> {
    Sql(&'a Expr),
    Bound(Value),
}

/// What a position in an INSERT column list stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    TableName,
    Column(usize),
    Tag(usize),
}

fn fit(cell: Cell<'_>, field: &Field, clock: &Clock<'_>) -> Result<Value> {
    match cell {
        // A `?` outside stmt2 has no value to stand for.
        Cell::Sql(Expr::Placeholder(_)) => Err(SqlError::syntax_near("?")),
        Cell::Sql(expr) => convert::from_literal(expr, field, clock),
        Cell::Bound(value) => convert::from_bound(value, field, clock),
    }
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
        row[position] = fit(cell, &schema.tags[position], clock)?;
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

/// Upserts rows of cells (one per entry of `columns`) into table `name`: a row with an
/// existing timestamp replaces it, and columns left out become NULL.
pub fn write_rows<'a>(
    state: &State,
    db: &str,
    name: &str,
    columns: &[usize],
    rows: impl IntoIterator<Item = Vec<Cell<'a>>>,
    clock: &Clock<'_>,
) -> Result<u64> {
    let database = state.catalog.database(db)?;
    let table = database.table(name)?;
    let schema = database.schema_of(table)?;
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
    let mut written = 0;
    // The write log keeps every row as stored; `columns` always names column 0.
    let mut log = wal::Pending::new(table.id, columns);
    for row in rows {
        let mut params = Vec::with_capacity(names.len());
        if child {
            params.push(rusqlite::types::Value::Text(name.to_owned()));
        }
        let mut ts = None;
        for (&column, cell) in columns.iter().zip(row) {
            let field = &schema.columns[column];
            let value = fit(cell, field, clock)?;
            if column == 0 {
                match value {
                    Value::Timestamp(t) => ts = Some(t),
                    _ => return Err(error::bad_value("NULL", "Primary timestamp column should not be null")),
                }
            }
            if !state.discard_rows {
                params.push(codec::to_sql(&value, field.ty.ty));
            }
        }
        if !state.discard_rows {
            stmt.execute(rusqlite::params_from_iter(&params)).map_err(error::storage)?;
            let ts = ts.ok_or_else(|| error::internal("a write without its timestamp column"))?;
            log.row(ts, &params[usize::from(child)..]);
        }
        written += 1;
    }
    log.append(&state.conn, database.vgroup_of(name), db, name, state.now_millis())?;
    Ok(written)
}

/// The rows for one subtable written through a supertable, with the tag cells of its first row.
struct Group<'a> {
    tags: Vec<(usize, Cell<'a>)>,
    rows: Vec<Vec<Cell<'a>>>,
}

/// Writes rows through a supertable, each naming its subtable in the `tbname` slot; missing
/// subtables are created with the row's tag slots (the other tags NULL).
pub fn write_through_stable<'a>(
    state: &mut State,
    db: &str,
    stable: &str,
    slots: &[Slot],
    rows: impl IntoIterator<Item = Vec<Cell<'a>>>,
    clock: &Clock<'_>,
) -> Result<u64> {
    let stable_table = state.catalog.database(db)?.table(stable)?.clone();
    let schema = state.catalog.database(db)?.schema_of(&stable_table)?;
    let name_field = super::schema::tbname_field();
    let columns: Vec<usize> = slots.iter().filter_map(|s| if let Slot::Column(i) = s { Some(*i) } else { None }).collect();
    // Rows grouped by subtable, keeping first-seen order so tags come from each table's first row.
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Group<'a>> = HashMap::new();
    for row in rows {
        let mut name = None;
        let mut tags = Vec::new();
        let mut values = Vec::with_capacity(columns.len());
        for (slot, cell) in slots.iter().zip(row) {
            match slot {
                Slot::TableName => name = Some(fit(cell, &name_field, clock)?),
                Slot::Tag(i) => tags.push((*i, cell)),
                Slot::Column(_) => values.push(cell),
            }
        }
        let name = match name {
            Some(Value::Text(name)) if !name.is_empty() => name,
            _ => return Err(error::invalid_operation("tbname column should not be null")),
        };
        let group = groups.entry(name.clone()).or_insert_with(|| {
            order.push(name);
            Group { tags, rows: Vec::new() }
        });
        group.rows.push(values);
    }
    let mut written = 0;
    for name in order {
        let Some(Group { tags, rows }) = groups.remove(&name) else { continue };
        let (positions, cells): (Vec<usize>, Vec<Cell<'a>>) = tags.into_iter().unzip();
        let tag_values = tag_row(&schema, &positions, cells, clock)?;
        ensure_table(state, db, &name, Some((stable, tag_values)))?;
        written += write_rows(state, db, &name, &columns, rows, clock)?;
    }
    Ok(written)
}
