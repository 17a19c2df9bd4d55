//! DELETE FROM: removes rows by time (and, through a supertable, by tbname and tags).

use super::catalog::{self, TableKind};
use super::error::{self, Result};
use super::select::compiler::Compiler;
use super::select::scope::{self, Role};
use super::state::{Ctx, State};
use super::storage;
use crate::sql::ast::Delete;
use crate::sql::SqlError;
use tdflink_protocol::codes;

/// Deletes the matching rows in one transaction and returns how many were removed.
pub fn execute(state: &mut State, ctx: &Ctx<'_>, delete: &Delete) -> Result<u64> {
    let db = ctx.db_name(delete.table.db.as_ref())?;
    if catalog::is_system_db(&db) {
        return Err(error::invalid_operation(format!("Cannot delete from system database {db}")));
    }
    let database = state.catalog.database(&db)?;
    let table = database.table(&delete.table.name.name)?;
    let (data, key) = match &table.kind {
        TableKind::Normal(_) => (table.id, "c0"),
        TableKind::Child { stable } => (database.table(stable)?.id, "tbname, c0"),
        TableKind::Super(_) => (table.id, "tbname, c0"),
    };
    let (sql, params) = {
        let mut compiler = Compiler::new(state, ctx);
        let scope = scope::table(&mut compiler, &delete.table, None)?;
        let mut conditions = scope.filter.clone();
        if let Some(filter) = &delete.filter {
            let condition = compiler.condition(&scope, filter)?;
            // Rows are deleted by time: a condition may also pick tables, never values.
            let by_value = condition.refs.iter().any(|&c| scope.columns[c].role == Role::Column && Some(c) != scope.ts);
            if by_value {
                return Err(SqlError::new(
                    codes::SERVER_INVALID_DELETE_WHERE,
                    "The DELETE statement must have a definite time window range",
                ));
            }
            conditions.push(condition.sql);
        }
        let filter = if conditions.is_empty() { String::new() } else { format!(" WHERE {}", conditions.join(" AND ")) };
        let keys: Vec<String> = key.split(", ").map(|k| format!("d.{k}")).collect();
        let sql =
            format!("DELETE FROM {} WHERE ({key}) IN (SELECT {} FROM {}{filter})", storage::data_table(data), keys.join(", "), scope.from);
        (sql, compiler.params().to_vec())
    };
    state.transaction(|s| {
        let removed = s.conn.execute(&sql, rusqlite::params_from_iter(params)).map_err(error::storage)?;
        Ok(removed as u64)
    })
}
