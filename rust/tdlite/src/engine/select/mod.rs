//! SELECT: planned from the AST into one SQLite query. TDengine's semantics (tags, tbname,
//! supertable scans, precision, time literals) are resolved here; filtering, grouping,
//! sorting and aggregation run in SQLite, whose semantics agree for what is accepted.

mod compare;
pub mod compiler;
mod functions;
mod names;
pub mod scope;

use super::codec;
use super::error::{self, Result};
use super::result::ResultSet;
use super::schema::ColType;
use super::state::{Ctx, State};
use super::value::Value;
use crate::sql::ast::{Expr, FromSource, Literal, Select, SelectItem};
use crate::sql::SqlError;
use compiler::{Compiler, Typed};
use rusqlite::types::Value as SqlValue;
use scope::{Role, Scope};
use tdflink_protocol::codes;
use tdflink_protocol::types::Precision;

/// A compiled query: SQL whose result columns are `_c0`, `_c1`, ... in `columns` order.
pub struct Compiled {
    pub sql: String,
    pub columns: Vec<OutputColumn>,
    pub precision: Precision,
}

pub struct OutputColumn {
    pub name: String,
    pub ty: ColType,
}

/// One entry of the select list after `*` expansion.
struct Item {
    name: String,
    typed: Typed,
    expr: Expr,
}

pub fn query(state: &State, ctx: &Ctx<'_>, select: &Select) -> Result<ResultSet> {
    let mut compiler = Compiler::new(state, ctx);
    let compiled = compiler.select(select)?;
    let rows = run(state, &compiled, compiler.params())?;
    Ok(ResultSet {
        columns: compiled.columns.iter().map(|c| c.ty.result_column(c.name.clone())).collect(),
        precision: compiled.precision,
        rows,
    })
}

fn run(state: &State, compiled: &Compiled, params: &[SqlValue]) -> Result<Vec<Vec<Value>>> {
    let mut stmt = state.conn.prepare_cached(&compiled.sql).map_err(error::storage)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(params)).map_err(error::storage)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(error::storage)? {
        let mut values = Vec::with_capacity(compiled.columns.len());
        for (i, column) in compiled.columns.iter().enumerate() {
            let stored = row.get_ref(i).map_err(error::storage)?;
            values.push(codec::from_sql(stored, column.ty.ty, column.ty.scale).map_err(error::internal)?);
        }
        out.push(values);
    }
    Ok(out)
}

impl Compiler<'_> {
    pub fn select(&mut self, select: &Select) -> Result<Compiled> {
        let scope = match &select.from {
            None => Scope::empty(),
            Some(FromSource::Table { name, alias }) => scope::table(self, name, alias.as_ref())?,
            Some(FromSource::Subquery { query, alias }) => scope::subquery(self, query, alias.as_ref())?,
        };
        let items = self.items(&scope, &select.items)?;
        let mut conditions = scope.filter.clone();
        if let Some(filter) = &select.filter {
            conditions.push(self.condition(&scope, filter)?.sql);
        }
        let aggregate = items.iter().any(|i| i.typed.aggregate) || !select.group_by.is_empty();
        let key_exprs = select.group_by.iter().chain(select.partition_by.iter().filter(|_| aggregate));
        let keys = key_exprs.map(|k| self.condition(&scope, k)).collect::<Result<Vec<_>>>()?;
        if aggregate {
            check_grouping(&scope, &items, &keys)?;
        }
        let mut order = self.order_by(&scope, select, &items, aggregate, &keys)?;
        if order.is_empty() && !aggregate && !select.distinct {
            for key in &select.partition_by {
                order.push(self.condition(&scope, key)?.sql);
            }
            order.extend(scope.default_order.iter().cloned());
        }

        let list: Vec<String> = items.iter().enumerate().map(|(i, item)| format!("{} AS _c{i}", item.typed.sql)).collect();
        let distinct = if select.distinct { "DISTINCT " } else { "" };
        let mut sql = format!("SELECT {distinct}{}", list.join(", "));
        if !scope.from.is_empty() {
            sql += &format!(" FROM {}", scope.from);
        }
        if !conditions.is_empty() {
            sql += &format!(" WHERE {}", conditions.join(" AND "));
        }
        if aggregate && !keys.is_empty() {
            let keys: Vec<&str> = keys.iter().map(|k| k.sql.as_str()).collect();
            sql += &format!(" GROUP BY {}", keys.join(", "));
        }
        if !order.is_empty() {
            sql += &format!(" ORDER BY {}", order.join(", "));
        }
        if let Some(limit) = select.limit {
            let count = self.param(SqlValue::Integer(i64::try_from(limit.count).unwrap_or(i64::MAX)));
            let offset = self.param(SqlValue::Integer(i64::try_from(limit.offset).unwrap_or(i64::MAX)));
            sql += &format!(" LIMIT {count} OFFSET {offset}");
        }
        let columns = items.into_iter().map(|i| OutputColumn { name: i.name, ty: i.typed.ty }).collect();
        Ok(Compiled { sql, columns, precision: scope.precision })
    }

    /// The select list with `*`, `t.*` and `last(*)`-style calls expanded.
    fn items(&mut self, scope: &Scope, list: &[SelectItem]) -> Result<Vec<Item>> {
        let mut items = Vec::new();
        for entry in list {
            match entry {
                SelectItem::Wildcard { qualifier } => {
                    if let Some(q) = qualifier.as_ref().filter(|q| !scope.qualifiers.contains(&q.name)) {
                        return Err(error::invalid_column(&format!("{}.*", q.name)));
                    }
                    if scope.from.is_empty() {
                        return Err(SqlError::syntax_near("*"));
                    }
                    for (i, column) in scope.columns.iter().enumerate().filter(|(_, c)| c.in_star) {
                        let expr = Expr::Column(crate::sql::ast::ColumnRef {
                            table: None,
                            name: crate::sql::ast::Identifier::quoted(&column.name),
                        });
                        let typed = Typed { sql: column.sql.clone(), ty: column.ty, aggregate: false, bare: vec![i], refs: vec![i] };
                        items.push(Item { name: column.name.clone(), typed, expr });
                    }
                }
                SelectItem::Expr { expr, alias } => {
                    if let Some(calls) = functions::expand_star(expr, scope) {
                        for (name, expr) in calls {
                            let typed = self.expr(scope, &expr)?;
                            items.push(Item { name, typed, expr });
                        }
                        continue;
                    }
                    let typed = self.expr(scope, expr)?;
                    let name = alias.as_ref().map_or_else(|| names::expr_name(expr), |a| a.name.clone());
                    items.push(Item { name, typed, expr: expr.clone() });
                }
            }
        }
        Ok(items)
    }

    /// ORDER BY items: a select-list position, an output name, or an expression.
    fn order_by(&mut self, scope: &Scope, select: &Select, items: &[Item], aggregate: bool, keys: &[Typed]) -> Result<Vec<String>> {
        let mut order = Vec::new();
        for entry in &select.order_by {
            let target = match &entry.expr {
                Expr::Literal(Literal::Integer(n)) => {
                    let position = usize::try_from(*n).ok().filter(|p| (1..=items.len()).contains(p)).ok_or_else(|| {
                        SqlError::new(codes::SERVER_WRONG_NUMBER_OF_SELECT, "ORDER BY item must be the number of a SELECT-list expression")
                    })?;
                    format!("_c{}", position - 1)
                }
                Expr::Column(c) if c.table.is_none() && items.iter().any(|i| i.name == c.name.name) => {
                    format!("_c{}", items.iter().position(|i| i.name == c.name.name).unwrap_or(0))
                }
                expr => {
                    let typed = self.expr(scope, expr)?;
                    if aggregate {
                        let item = Item { name: String::new(), typed, expr: expr.clone() };
                        check_grouping(scope, std::slice::from_ref(&item), keys)?;
                        item.typed.sql
                    } else {
                        typed.sql
                    }
                }
            };
            let direction = if entry.descending { " DESC" } else { "" };
            let nulls = match entry.nulls_first {
                Some(true) => " NULLS FIRST",
                Some(false) => " NULLS LAST",
                None => "",
            };
            order.push(format!("{target}{direction}{nulls}"));
        }
        Ok(order)
    }
}

/// In an aggregate query every column outside an aggregate must be a group key, a tag of a
/// table grouped by `tbname`, or the table's own name. Without keys, SQLite (like TDengine)
/// takes such columns from the row a lone MIN or MAX selects; anything else has no single
/// answer and is refused.
fn check_grouping(scope: &Scope, items: &[Item], keys: &[Typed]) -> Result<()> {
    let key_sql: Vec<&str> = keys.iter().map(|k| k.sql.as_str()).collect();
    let key_columns: Vec<usize> =
        keys.iter().filter(|k| k.bare.len() == 1 && k.sql == scope.columns[k.bare[0]].sql).map(|k| k.bare[0]).collect();
    let by_table = scope.single_table || key_columns.iter().any(|&k| scope.columns[k].role == Role::TableName);
    let allowed = |column: usize| {
        let role = scope.columns[column].role;
        key_columns.contains(&column) || (by_table && matches!(role, Role::Tag | Role::TableName))
    };
    let lone_selector = keys.is_empty() && {
        let calls: Vec<&str> = items.iter().flat_map(|i| aggregate_calls(&i.expr)).collect();
        matches!(calls.as_slice(), ["min"] | ["max"])
    };
    for item in items {
        if key_sql.contains(&item.typed.sql.as_str()) || item.typed.bare.iter().all(|&c| allowed(c)) || lone_selector {
            continue;
        }
        return Err(if keys.is_empty() {
            SqlError::new(codes::SERVER_NOT_SINGLE_GROUP, "Not a single-group group function")
        } else {
            SqlError::new(codes::SERVER_GROUPBY_LACK_EXPRESSION, "Not a GROUP BY expression")
        });
    }
    Ok(())
}

/// The aggregate functions an expression calls.
fn aggregate_calls(expr: &Expr) -> Vec<&str> {
    match expr {
        Expr::Function(call) if functions::is_aggregate(&call.name) => vec![call.name.as_str()],
        Expr::Function(call) => match &call.args {
            crate::sql::ast::FunctionArgs::List(args) => args.iter().flat_map(aggregate_calls).collect(),
            crate::sql::ast::FunctionArgs::Star => Vec::new(),
        },
        Expr::Unary { expr, .. } | Expr::IsNull { expr, .. } => aggregate_calls(expr),
        Expr::Binary { left, right, .. } => aggregate_calls(left).into_iter().chain(aggregate_calls(right)).collect(),
        Expr::InList { expr, list, .. } => aggregate_calls(expr).into_iter().chain(list.iter().flat_map(aggregate_calls)).collect(),
        Expr::Between { expr, low, high, .. } => [expr, low, high].into_iter().flat_map(|e| aggregate_calls(e)).collect(),
        Expr::Like { expr, pattern, .. } => aggregate_calls(expr).into_iter().chain(aggregate_calls(pattern)).collect(),
        Expr::Literal(_) | Expr::Column(_) | Expr::Placeholder(_) => Vec::new(),
    }
}
