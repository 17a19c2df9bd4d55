//! What a query's FROM clause makes visible: typed columns, each with the SQLite expression
//! that yields its stored value, and the SQLite FROM clause that provides them.

use super::compiler::Compiler;
use crate::engine::catalog::{self, TableKind};
use crate::engine::error::{self, Result};
use crate::engine::schema::{tbname_field, ColType, Field};
use crate::engine::{codec, replay, storage, system};
use crate::sql::ast::{Identifier, Select, TableName};
use rusqlite::types::Value as SqlValue;
use tdflink_protocol::types::{DataType, Precision};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Column,
    Tag,
    TableName,
}

#[derive(Clone, Debug)]
pub struct ScopeColumn {
    pub name: String,
    pub ty: ColType,
    /// SQLite expression of the stored value.
    pub sql: String,
    pub role: Role,
    /// Whether `SELECT *` returns it.
    pub in_star: bool,
}

#[derive(Debug)]
pub struct Scope {
    /// The SQLite FROM clause; empty for a query without FROM.
    pub from: String,
    /// Conditions the FROM clause needs (a subtable is its supertable's rows for one name).
    pub filter: Vec<String>,
    pub columns: Vec<ScopeColumn>,
    /// Names a column may be qualified with (`t.c`): the table's name and its alias.
    pub qualifiers: Vec<String>,
    /// The unit of every TIMESTAMP the scope yields.
    pub precision: Precision,
    /// The primary timestamp column, which orders rows and FIRST/LAST.
    pub ts: Option<usize>,
    /// The order rows come in when the query gives none (TDengine's: by table, then time).
    pub default_order: Vec<String>,
    /// Rows come from one table, so `tbname` and tags are the same on every row.
    pub single_table: bool,
}

impl Scope {
    /// A query without FROM.
    pub fn empty() -> Scope {
        Scope {
            from: String::new(),
            filter: Vec::new(),
            columns: Vec::new(),
            qualifiers: Vec::new(),
            precision: Precision::Millisecond,
            ts: None,
            default_order: Vec::new(),
            single_table: false,
        }
    }

    /// The column `name` qualified by `qualifier`; also `_rowts`/`_c0`, TDengine's names for
    /// the primary timestamp.
    pub fn column(&self, qualifier: Option<&Identifier>, name: &Identifier) -> Result<usize> {
        if let Some(q) = qualifier {
            if !self.qualifiers.contains(&q.name) {
                return Err(error::invalid_column(&format!("{}.{}", q.name, name.name)));
            }
        }
        let wanted = name.name.as_str();
        let found = self.columns.iter().position(|c| c.name == wanted).or_else(|| {
            let pseudo = !name.quoted && matches!(wanted, "_rowts" | "_c0");
            pseudo.then_some(self.ts).flatten()
        });
        found.ok_or_else(|| error::invalid_column(wanted))
    }
}

/// Columns stored as `<prefix>.c0, c1, ...` (tags as `t0, t1, ...`).
fn scan_columns(columns: impl IntoIterator<Item = (String, ColType)>, prefix: &str, role: Role, in_star: bool) -> Vec<ScopeColumn> {
    let letter = if role == Role::Tag { 't' } else { 'c' };
    columns
        .into_iter()
        .enumerate()
        .map(|(i, (name, ty))| ScopeColumn { name, ty, sql: format!("{prefix}.{letter}{i}"), role, in_star })
        .collect()
}

/// The scope of `[db.]name [alias]`: a normal table, a subtable, a supertable or a system
/// table.
pub fn table(c: &mut Compiler<'_>, name: &TableName, alias: Option<&Identifier>) -> Result<Scope> {
    let db_name = c.ctx.db_name(name.db.as_ref())?;
    let table_name = name.name.name.as_str();
    let mut qualifiers = vec![table_name.to_owned()];
    qualifiers.extend(alias.map(|a| a.name.clone()));
    if db_name == catalog::INFORMATION_SCHEMA {
        return system_table(c, table_name, qualifiers);
    }
    if db_name == catalog::PERFORMANCE_SCHEMA {
        return Err(error::table_not_exist(table_name));
    }
    let database = c.state.catalog.database(&db_name)?;
    let table = database.table(table_name)?;
    let schema = database.schema_of(table)?;
    let fields = |fields: &[Field]| fields.iter().map(|f| (f.name.clone(), f.ty)).collect::<Vec<_>>();
    let mut scope = Scope {
        from: String::new(),
        filter: Vec::new(),
        columns: scan_columns(fields(&schema.columns), "d", Role::Column, true),
        qualifiers,
        precision: database.precision,
        ts: Some(0),
        default_order: vec!["d.c0".to_owned()],
        single_table: !matches!(table.kind, TableKind::Super(_)),
    };
    let data_table = |id| if c.ctx.replay { replay::table(id) } else { storage::data_table(id) };
    match &table.kind {
        TableKind::Normal(_) => {
            scope.from = format!("{} AS d", data_table(table.id));
            // A quoted literal rather than a parameter: the query may never mention tbname,
            // and every parameter must be used.
            scope.columns.push(tbname_column(format!("'{}'", table.name.replace('\'', "''"))));
        }
        TableKind::Super(_) | TableKind::Child { .. } => {
            let stable_id = match &table.kind {
                TableKind::Child { stable } => database.table(stable)?.id,
                _ => table.id,
            };
            scope.from = format!("{} AS d JOIN {} AS g ON g.tbname = d.tbname", data_table(stable_id), storage::tag_table(stable_id));
            let is_super = matches!(table.kind, TableKind::Super(_));
            if !is_super {
                let name_param = c.param(SqlValue::Text(table.name.clone()));
                scope.filter.push(format!("d.tbname = {name_param}"));
            } else {
                scope.default_order.insert(0, "d.tbname".to_owned());
            }
            // A subtable's tags can be selected, but `SELECT *` returns them only for supertables.
            scope.columns.extend(scan_columns(fields(&schema.tags), "g", Role::Tag, is_super));
            scope.columns.push(tbname_column("d.tbname".to_owned()));
        }
    }
    Ok(scope)
}

/// The `tbname` pseudo column, yielded by `sql`; never part of `SELECT *`.
fn tbname_column(sql: String) -> ScopeColumn {
    let field = tbname_field();
    ScopeColumn { name: field.name, ty: field.ty, sql, role: Role::TableName, in_star: false }
}

/// A system table, materialized into a temporary SQLite table so the rest of the query runs
/// like any other.
fn system_table(c: &mut Compiler<'_>, name: &str, qualifiers: Vec<String>) -> Result<Scope> {
    let table = system::table(c.state, name)?.ok_or_else(|| error::table_not_exist(name))?;
    let temp = format!("temp.sys_{name}");
    let columns: Vec<String> = (0..table.columns.len()).map(|i| format!("c{i}")).collect();
    let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    let conn = &c.state.conn;
    conn.execute_batch(&format!("DROP TABLE IF EXISTS {temp}; CREATE TABLE {temp} ({});", columns.join(", "))).map_err(error::storage)?;
    let mut insert = conn.prepare(&format!("INSERT INTO {temp} VALUES ({})", marks.join(", "))).map_err(error::storage)?;
    for row in &table.rows {
        let values = row.iter().zip(&table.columns).map(|(v, f)| codec::to_sql(v, f.ty.ty));
        insert.execute(rusqlite::params_from_iter(values)).map_err(error::storage)?;
    }
    let fields = table.columns.into_iter().map(|f| (f.name, f.ty));
    Ok(Scope {
        from: format!("{temp} AS d"),
        filter: Vec::new(),
        columns: scan_columns(fields, "d", Role::Column, true),
        qualifiers,
        precision: Precision::Millisecond,
        ts: None,
        default_order: vec!["d.rowid".to_owned()],
        single_table: false,
    })
}

/// A subquery: its output columns become this scope's columns.
pub fn subquery(c: &mut Compiler<'_>, query: &Select, alias: Option<&Identifier>) -> Result<Scope> {
    let inner = c.select(query)?;
    let name = c.fresh_alias();
    let fields = inner.columns.iter().map(|col| (col.name.clone(), col.ty));
    let columns: Vec<ScopeColumn> = scan_columns(fields, &name, Role::Column, true)
        .into_iter()
        .enumerate()
        .map(|(i, col)| ScopeColumn { sql: format!("{name}._c{i}"), ..col })
        .collect();
    let ts = columns.iter().position(|col| col.ty.ty == DataType::Timestamp);
    Ok(Scope {
        from: format!("({}) AS {name}", inner.sql),
        filter: Vec::new(),
        columns,
        qualifiers: alias.map(|a| a.name.clone()).into_iter().collect(),
        precision: inner.precision,
        ts,
        // SQLite keeps a subquery's ORDER BY when the outer query has none.
        default_order: Vec::new(),
        single_table: false,
    })
}
