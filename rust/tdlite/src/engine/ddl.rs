//! CREATE and DROP of databases, supertables, tables and subtables.

use super::catalog::{self, Database, TableKind};
use super::cells::Cell;
use super::error::{self, Result};
use super::schema::{ColType, Field, Schema, TABLE_NAME_WIDTH};
use super::state::{Ctx, State};
use super::storage;
use super::topic;
use super::write;
use crate::sql::ast::{ColumnDef, CreateDatabase, CreateSubtable, CreateTable, DropTable, Identifier};
use crate::sql::SqlError;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use tdflink_protocol::codes;
use tdflink_protocol::types::{DataType, Precision};

/// TDengine's default number of vgroups for a new database.
const DEFAULT_VGROUPS: u32 = 2;
/// TDengine's limits on declared lengths (a row is at most 65535 bytes with headers).
const MAX_BINARY_WIDTH: u32 = 65517;
const MAX_NCHAR_WIDTH: u32 = 16382;
const MIN_COLUMNS: usize = 2;

pub fn create_database(state: &mut State, create: &CreateDatabase) -> Result<()> {
    let name = &create.name.name;
    if state.has_database(name) {
        return if create.if_not_exists { Ok(()) } else { Err(error::db_already_exists()) };
    }
    let db = Database {
        name: name.clone(),
        precision: create.precision.unwrap_or(Precision::Millisecond),
        vgroups: create.vgroups.unwrap_or(DEFAULT_VGROUPS),
        first_vgroup: state.catalog.next_vgroup(),
        created: state.now_millis(),
        tables: BTreeMap::new(),
    };
    state.transaction(|s| {
        storage::insert_database(&s.conn, &db)?;
        s.catalog.databases.insert(db.name.clone(), db);
        Ok(())
    })
}

pub fn drop_database(state: &mut State, name: &Identifier, if_exists: bool) -> Result<()> {
    if catalog::is_system_db(&name.name) {
        return Err(error::invalid_operation(format!("Cannot drop system database {}", name.name)));
    }
    let Some(db) = state.catalog.databases.get(&name.name).cloned() else {
        return if if_exists { Ok(()) } else { Err(error::db_not_exist()) };
    };
    if topic::list(state)?.iter().any(|t| t.db == db.name) {
        return Err(topic::must_be_dropped());
    }
    state.transaction(|s| {
        storage::delete_database(&s.conn, &db)?;
        s.catalog.databases.remove(&db.name);
        Ok(())
    })
}

/// CREATE TABLE (normal) and CREATE STABLE.
pub fn create_table(state: &mut State, ctx: &Ctx<'_>, create: &CreateTable, stable: bool) -> Result<()> {
    let db = writable_db(state, ctx, create.name.db.as_ref())?;
    let name = check_table_name(&create.name.name)?;
    let schema = Arc::new(schema_from(&create.columns, &create.tags)?);
    if let Some(existing) = state.catalog.database(&db)?.tables.get(&name) {
        return match (create.if_not_exists, &existing.kind) {
            (true, _) => Ok(()),
            (false, TableKind::Super(_)) if stable => Err(error::stable_already_exists()),
            (false, _) => Err(error::table_already_exists()),
        };
    }
    let kind = if stable { TableKind::Super(schema) } else { TableKind::Normal(schema) };
    state.transaction(|s| {
        let created = s.now_millis();
        let id = storage::create_table(&s.conn, &db, &name, &kind, created)?;
        let table = catalog::Table { id, name: name.clone(), created, kind };
        s.catalog.database_mut(&db)?.tables.insert(name, table);
        Ok(())
    })
}

/// CREATE TABLE a USING s TAGS (...) [b USING ...]: all subtables, or none on error.
pub fn create_subtables(state: &mut State, ctx: &Ctx<'_>, subtables: &[CreateSubtable]) -> Result<()> {
    state.transaction(|s| {
        for sub in subtables {
            let db = writable_db(s, ctx, sub.name.db.as_ref())?;
            let name = check_table_name(&sub.name.name)?;
            let stable_db = ctx.db_name(sub.using.stable.db.as_ref().or(sub.name.db.as_ref()))?;
            if stable_db != db {
                return Err(SqlError::new(codes::SERVER_CORRESPONDING_STABLE_ERR, "Corresponding super table not in this db"));
            }
            let database = s.catalog.database(&db)?;
            let stable = database.table(&sub.using.stable.name.name)?.clone();
            let TableKind::Super(schema) = &stable.kind else {
                return Err(error::stable_not_exist());
            };
            let positions = write::resolve_tags(schema, &sub.using.tag_names, sub.using.tags.len())?;
            let clock = ctx.clock(database.precision);
            let tags = write::tag_row(schema, &positions, sub.using.tags.iter().map(Cell::Sql), &clock)?;
            if database.tables.contains_key(&name) {
                if sub.if_not_exists {
                    continue;
                }
                return Err(error::table_already_exists());
            }
            write::create_child(s, &db, &name, &stable, &tags)?;
        }
        Ok(())
    })
}

/// DROP TABLE a [, b ...]; a lone supertable is dropped as by DROP STABLE.
pub fn drop_tables(state: &mut State, ctx: &Ctx<'_>, targets: &[DropTable]) -> Result<()> {
    state.transaction(|s| {
        for target in targets {
            let db = ctx.db_name(target.name.db.as_ref())?;
            let database = s.catalog.database(&db)?;
            let Some(table) = database.tables.get(&target.name.name.name) else {
                if target.if_exists {
                    continue;
                }
                return Err(error::table_not_exist(&target.name.name.name));
            };
            if matches!(table.kind, TableKind::Super(_)) && targets.len() > 1 {
                return Err(SqlError::new(codes::SERVER_INVALID_DROP_STABLE, "Cannot drop super table in batch"));
            }
            drop_one(s, &db, &target.name.name.name.clone())?;
        }
        Ok(())
    })
}

pub fn drop_stable(state: &mut State, ctx: &Ctx<'_>, target: &DropTable) -> Result<()> {
    let db = ctx.db_name(target.name.db.as_ref())?;
    let database = state.catalog.database(&db)?;
    match database.tables.get(&target.name.name.name) {
        Some(table) if matches!(table.kind, TableKind::Super(_)) => {}
        _ if target.if_exists => return Ok(()),
        _ => return Err(error::stable_not_exist()),
    }
    let stable = &target.name.name.name;
    if topic::list(state)?.iter().any(|t| t.reads_stable(&db, stable)) {
        return Err(topic::must_be_dropped());
    }
    state.transaction(|s| drop_one(s, &db, stable))
}

/// Drops a table; a supertable takes its subtables with it.
fn drop_one(state: &mut State, db: &str, name: &str) -> Result<()> {
    let database = state.catalog.database(db)?;
    let table = database.table(name)?.clone();
    let mut removed = vec![name.to_owned()];
    match &table.kind {
        TableKind::Super(_) => {
            let children: Vec<_> = database.children_of(name).cloned().collect();
            for child in &children {
                storage::drop_table(&state.conn, child, None)?;
                removed.push(child.name.clone());
            }
            storage::drop_table(&state.conn, &table, None)?;
        }
        TableKind::Child { stable } => {
            let stable_id = database.table(stable)?.id;
            storage::drop_table(&state.conn, &table, Some(stable_id))?;
        }
        TableKind::Normal(_) => storage::drop_table(&state.conn, &table, None)?,
    }
    let tables = &mut state.catalog.database_mut(db)?.tables;
    for name in removed {
        tables.remove(&name);
    }
    Ok(())
}

/// The user database a DDL statement writes to.
fn writable_db(state: &State, ctx: &Ctx<'_>, qualifier: Option<&Identifier>) -> Result<String> {
    let db = ctx.db_name(qualifier)?;
    if catalog::is_system_db(&db) {
        return Err(error::invalid_operation(format!("Cannot create table in system database {db}")));
    }
    state.catalog.database(&db)?;
    Ok(db)
}

fn check_table_name(name: &Identifier) -> Result<String> {
    if name.name.is_empty() || name.name.chars().count() > TABLE_NAME_WIDTH as usize {
        return Err(SqlError::new(codes::SERVER_INVALID_IDENTIFIER_NAME, format!("Invalid identifier name: {}", name.name)));
    }
    Ok(name.name.clone())
}

/// Validates a definition as TDengine does: a leading TIMESTAMP, at least two columns,
/// unique names, JSON only as the single tag, lengths within limits.
fn schema_from(columns: &[ColumnDef], tags: &[ColumnDef]) -> Result<Schema> {
    let mut seen = HashSet::new();
    for def in columns.iter().chain(tags) {
        if !seen.insert(def.name.name.as_str()) {
            return Err(error::duplicated_column());
        }
        if def.primary_key {
            return Err(SqlError::not_supported("A composite PRIMARY KEY column"));
        }
        check_width(def)?;
    }
    if columns.first().map(|c| c.ty.ty) != Some(DataType::Timestamp) {
        return Err(SqlError::new(codes::SERVER_INVALID_FIRST_COLUMN, "First column must be timestamp"));
    }
    if columns.len() < MIN_COLUMNS {
        return Err(SqlError::new(codes::SERVER_INVALID_COLUMNS_NUM, "Illegal number of columns"));
    }
    if columns.iter().any(|c| c.ty.ty == DataType::Json) {
        return Err(SqlError::new(codes::SERVER_INVALID_COL_JSON, "Only tag can be json type"));
    }
    if tags.len() > 1 && tags.iter().any(|t| t.ty.ty == DataType::Json) {
        return Err(SqlError::new(codes::SERVER_ONLY_ONE_JSON_TAG, "Only one tag if there is a json tag"));
    }
    let field = |def: &ColumnDef| Field { name: def.name.name.clone(), ty: ColType::from_spec(&def.ty) };
    Ok(Schema { columns: columns.iter().map(field).collect(), tags: tags.iter().map(field).collect() })
}

fn check_width(def: &ColumnDef) -> Result<()> {
    let limit = match def.ty.ty {
        DataType::NChar => MAX_NCHAR_WIDTH,
        DataType::VarChar | DataType::VarBinary | DataType::Geometry => MAX_BINARY_WIDTH,
        _ => return Ok(()),
    };
    if def.ty.width.unwrap_or(0) > limit {
        return Err(SqlError::new(codes::SERVER_INVALID_VAR_COLUMN_LEN, "Invalid column length for var length type"));
    }
    Ok(())
}
