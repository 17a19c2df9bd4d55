//! stmt2: preparing statements with `?` placeholders and executing them with bound values.
//! An insert reports its placeholders as taosAdapter does (table name, then tags, then
//! columns, or the column list's order when writing through a supertable); a query reports
//! only how many parameters it takes.

use super::catalog::TableKind;
use super::cells::{Cell, Cells, Rows};
use super::error::{self, Result};
use super::result::ResultSet;
use super::schema::{tbname_field, Field, Schema};
use super::state::{Ctx, State};
use super::through_stable::ThroughStable;
use super::value::{format_decimal, Value};
use super::write::{self, Slot};
use super::{select, BoundTable, FieldRole, Prepared, PreparedField};
use crate::sql::ast::{Expr, FromSource, InsertClause, Literal, Select, SelectItem, Statement, TableRef};
use crate::sql::{self, SqlError};
use std::sync::Arc;
use tdflink_protocol::types::{DataType, Precision};

/// What a prepared statement runs.
enum Plan {
    Insert(Box<InsertPlan>),
    Query(Box<Select>),
}

struct InsertPlan {
    clause: InsertClause,
    db: String,
}

pub fn prepare(state: &State, ctx: &Ctx<'_>, text: &str) -> Result<Prepared> {
    let parsed = sql::parse_with_params(text)?;
    match parsed.statement {
        Statement::Insert(mut insert) => {
            if insert.clauses.len() != 1 {
                return Err(SqlError::not_supported("A stmt2 INSERT into more than one table clause"));
            }
            let clause = insert.clauses.remove(0);
            if clause.rows.len() != 1 {
                return Err(SqlError::not_supported("A stmt2 INSERT with more than one VALUES row"));
            }
            let qualifier = match &clause.table {
                TableRef::Named(name) => name.db.as_ref(),
                TableRef::Placeholder { db, .. } => db.as_ref(),
            };
            let db = ctx.db_name(write::table_db(qualifier, &clause))?;
            let fields = insert_fields(state, &db, &clause)?;
            let plan = Plan::Insert(Box::new(InsertPlan { clause, db }));
            Ok(Prepared { is_insert: true, param_count: fields.len(), fields, plan: Arc::new(plan) })
        }
        Statement::Select(query) => {
            Ok(Prepared { is_insert: false, fields: Vec::new(), param_count: parsed.params.len(), plan: Arc::new(Plan::Query(query)) })
        }
        _ => Err(SqlError::not_supported("stmt2 for statements other than INSERT and SELECT")),
    }
}

fn plan(prepared: &Prepared) -> Result<&Plan> {
    prepared.plan.downcast_ref::<Plan>().ok_or_else(|| error::internal("a statement prepared elsewhere"))
}

/// The shape of an insert clause against the catalog: the target's schema and, when writing
/// through a supertable, what each position of the column list is.
struct Shape {
    schema: Arc<Schema>,
    precision: Precision,
    /// `Some` when the rows go through a supertable (`tbname` in the column list).
    through_stable: Option<(String, Vec<Slot>)>,
    /// The supertable of a USING clause.
    using: Option<String>,
}

fn shape(state: &State, db: &str, clause: &InsertClause) -> Result<Shape> {
    let database = state.catalog.database(db)?;
    let precision = database.precision;
    let using = clause.using.as_ref().map(|using| using.stable.name.name.clone());
    if let Some(stable) = &using {
        let schema = database.schema_of(database.table(stable)?)?;
        return Ok(Shape { schema, precision, through_stable: None, using });
    }
    let TableRef::Named(name) = &clause.table else {
        return Err(SqlError::not_supported("stmt2 INSERT INTO ? without USING"));
    };
    let table = database.table(&name.name.name)?;
    let schema = database.schema_of(table)?;
    let through_stable = match table.kind {
        TableKind::Super(_) => Some((table.name.clone(), write::resolve_slots(&schema, &clause.columns, true)?)),
        _ => None,
    };
    Ok(Shape { schema, precision, through_stable, using })
}

fn insert_fields(state: &State, db: &str, clause: &InsertClause) -> Result<Vec<PreparedField>> {
    let shape = shape(state, db, clause)?;
    let field = |f: &Field, role| PreparedField {
        name: f.name.clone(),
        ty: f.ty.ty,
        // DECIMAL fields carry their digits; every other field carries the database
        // precision: taos-jdbcdriver 3.7.9 takes the timestamp unit from the first field,
        // which is the table name for `INSERT INTO ? USING ...`.
        precision: if matches!(f.ty.ty, DataType::Decimal | DataType::Decimal64) { f.ty.precision } else { shape.precision.code() },
        scale: f.ty.scale,
        bytes: f.ty.bytes() as i32,
        role,
    };
    let placeholders = |exprs: &[Expr]| exprs.iter().map(|e| matches!(e, Expr::Placeholder(_))).collect::<Vec<_>>();
    let mut fields = Vec::new();
    if let TableRef::Placeholder { .. } = clause.table {
        fields.push(field(&tbname_field(), FieldRole::TableName));
    }
    if let Some((_, slots)) = &shape.through_stable {
        write::check_row_widths(clause, slots.len())?;
        for (slot, bound) in slots.iter().zip(placeholders(&clause.rows[0])) {
            if bound {
                fields.push(match *slot {
                    Slot::TableName => field(&tbname_field(), FieldRole::TableName),
                    Slot::Tag(i) => field(&shape.schema.tags[i], FieldRole::Tag),
                    Slot::Column(i) => field(&shape.schema.columns[i], FieldRole::Column),
                });
            }
        }
        return Ok(fields);
    }
    if let Some(using) = &clause.using {
        let positions = write::resolve_tags(&shape.schema, &using.tag_names, using.tags.len())?;
        for (&i, bound) in positions.iter().zip(placeholders(&using.tags)) {
            if bound {
                fields.push(field(&shape.schema.tags[i], FieldRole::Tag));
            }
        }
    }
    let columns = write::resolve_columns(&shape.schema, &clause.columns)?;
    write::check_row_widths(clause, columns.len())?;
    for (&i, bound) in columns.iter().zip(placeholders(&clause.rows[0])) {
        if bound {
            fields.push(field(&shape.schema.columns[i], FieldRole::Column));
        }
    }
    Ok(fields)
}

/// Writes every bound table in one transaction; returns the rows written.
pub fn bind_insert(state: &mut State, ctx: &Ctx<'_>, prepared: &Prepared, tables: Vec<BoundTable>) -> Result<u64> {
    let Plan::Insert(plan) = plan(prepared)? else {
        return Err(error::invalid_operation("stmt2 bind of insert values to a query"));
    };
    let tag_count = prepared.fields.iter().filter(|f| f.role == FieldRole::Tag).count();
    let column_count = prepared.fields.iter().filter(|f| f.role == FieldRole::Column).count();
    state.transaction(|s| {
        let mut written = 0;
        let mut target = None;
        for table in tables {
            if table.tags.len() != tag_count || table.columns.len() != column_count {
                return Err(error::invalid_operation("the bound tags or columns do not match the statement"));
            }
            let target = match &target {
                Some(target) => target,
                None => target.insert(Target::new(s, plan)?),
            };
            written += bind_table(s, ctx, plan, target, table)?;
        }
        Ok(written)
    })
}

/// What every table of a bind is written through, read at its first table: the subtables a
/// bind creates change none of it.
struct Target<'p> {
    shape: Shape,
    through: Option<ThroughStable>,
    sources: Vec<Source<'p>>,
}

impl<'p> Target<'p> {
    fn new(state: &State, plan: &'p InsertPlan) -> Result<Target<'p>> {
        let shape = shape(state, &plan.db, &plan.clause)?;
        let slots = shape.through_stable.as_ref().map(|(_, slots)| slots.as_slice());
        let sources = sources(&plan.clause.rows[0], slots);
        let through = match &shape.through_stable {
            Some((stable, slots)) => Some(ThroughStable::new(state, &plan.db, stable, slots)?),
            None => None,
        };
        Ok(Target { shape, through, sources })
    }
}

fn bind_table(state: &mut State, ctx: &Ctx<'_>, plan: &InsertPlan, target: &Target<'_>, table: BoundTable) -> Result<u64> {
    let (clause, shape) = (&plan.clause, &target.shape);
    let clock = ctx.clock(shape.precision);
    let row_count = table.columns.first().map_or(0, |c| c.len());
    if table.columns.iter().any(|c| c.len() != row_count) {
        return Err(error::invalid_operation("row number in each bind param should be the same"));
    }
    // A bound name may carry its database (`db.table`); it must be the statement's.
    let bound_name = match table.name.as_deref().filter(|n| !n.is_empty()).map(split_table_name) {
        Some((Some(db), _)) if db != plan.db => {
            return Err(error::invalid_operation(format!("table of database {db} bound to a statement for {}", plan.db)));
        }
        Some((_, name)) => Some(name),
        None => None,
    };
    let (mut tags, mut columns) = (table.tags, table.columns);
    // The table's name and tags stand for every row; each column is moved, not copied.
    let cells = target
        .sources
        .iter()
        .map(|source| match *source {
            Source::Literal(expr) => Cells::Same(Cell::Sql(expr)),
            Source::TableName => Cells::Same(Cell::Bound(bound_name.clone().map_or(Value::Null, Value::Text))),
            Source::Tag(k) => Cells::Same(Cell::Bound(std::mem::replace(&mut tags[k], Value::Null))),
            Source::Column(k) => Cells::Bound(std::mem::take(&mut columns[k])),
        })
        .collect();
    let rows = Rows { count: row_count, columns: cells };
    if let Some(through) = &target.through {
        return through.write(state, &plan.db, rows, &clock);
    }
    let name = match &clause.table {
        TableRef::Named(name) => Some(name.name.name.clone()),
        TableRef::Placeholder { .. } => bound_name,
    };
    let name = name.ok_or_else(|| error::invalid_operation("table name is not set"))?;
    let using = match (&clause.using, &shape.using) {
        (Some(using), Some(stable)) => {
            let positions = write::resolve_tags(&shape.schema, &using.tag_names, using.tags.len())?;
            let mut bound_tags = tags.into_iter();
            let cells = using.tags.iter().map(|e| match e {
                Expr::Placeholder(_) => Cell::Bound(bound_tags.next().unwrap_or(Value::Null)),
                other => Cell::Sql(other),
            });
            Some((stable.as_str(), write::tag_row(&shape.schema, &positions, cells, &clock)?))
        }
        _ => None,
    };
    let schema = write::ensure_table(state, &plan.db, &name, using)?;
    let columns = write::resolve_columns(&schema, &clause.columns)?;
    write::write_rows(state, &plan.db, &name, &schema, &columns, rows, &clock)
}

/// A bound table name, `[db.]table`, read as SQL reads names: a part in backticks as
/// written, a bare part in lower case.
fn split_table_name(raw: &str) -> (Option<String>, String) {
    let part = |p: &str| match p.strip_prefix('`').and_then(|p| p.strip_suffix('`')) {
        Some(quoted) => quoted.to_owned(),
        None => p.to_ascii_lowercase(),
    };
    // The separating dot is the first one outside backticks.
    let mut quoted = false;
    for (i, c) in raw.char_indices() {
        match c {
            '`' => quoted = !quoted,
            '.' if !quoted => return (Some(part(&raw[..i])), part(&raw[i + 1..])),
            _ => {}
        }
    }
    (None, part(raw))
}

/// Where each value of the VALUES row comes from when executing with bound values.
enum Source<'a> {
    Literal(&'a Expr),
    TableName,
    /// The k-th bound tag.
    Tag(usize),
    /// The k-th bound column.
    Column(usize),
}

/// The sources of a VALUES row; `slots` when it writes through a supertable, where a `?` can
/// also stand for the table name or a tag.
fn sources<'a>(template: &'a [Expr], slots: Option<&[Slot]>) -> Vec<Source<'a>> {
    let (mut tags, mut columns) = (0, 0);
    let next = |counter: &mut usize| {
        *counter += 1;
        *counter - 1
    };
    template
        .iter()
        .enumerate()
        .map(|(i, expr)| match (expr, slots.map(|s| s[i])) {
            (Expr::Placeholder(_), Some(Slot::TableName)) => Source::TableName,
            (Expr::Placeholder(_), Some(Slot::Tag(_))) => Source::Tag(next(&mut tags)),
            (Expr::Placeholder(_), _) => Source::Column(next(&mut columns)),
            (other, _) => Source::Literal(other),
        })
        .collect()
}

/// Runs a prepared query with its parameters substituted as literals.
pub fn bind_query(state: &State, ctx: &Ctx<'_>, prepared: &Prepared, params: Vec<Value>) -> Result<ResultSet> {
    let Plan::Query(query) = plan(prepared)? else {
        return Err(error::invalid_operation("stmt2 query bind to an insert"));
    };
    if params.len() != prepared.param_count {
        return Err(error::invalid_operation(format!("{} parameters bound for {} placeholders", params.len(), prepared.param_count)));
    }
    let literals: Vec<Literal> = params.into_iter().map(literal).collect();
    let mut query = (**query).clone();
    substitute_select(&mut query, &literals);
    select::query(state, ctx, &query)
}

/// A bound value as the literal it stands for in the query text.
fn literal(value: Value) -> Literal {
    match value {
        Value::Null => Literal::Null,
        Value::Bool(b) => Literal::Bool(b),
        Value::Int(v) | Value::Timestamp(v) => Literal::Integer(v.into()),
        Value::UInt(v) => Literal::Integer(v.into()),
        Value::Float(v) => Literal::Float { value: v, text: format!("{v:?}") },
        Value::Text(s) => Literal::String(s),
        Value::Bytes(b) => Literal::String(String::from_utf8_lossy(&b).into_owned()),
        Value::Decimal { unscaled, scale } => {
            let text = format_decimal(unscaled, scale);
            Literal::Float { value: text.parse().unwrap_or(f64::NAN), text }
        }
    }
}

fn substitute_select(select: &mut Select, literals: &[Literal]) {
    for item in &mut select.items {
        if let SelectItem::Expr { expr, .. } = item {
            substitute(expr, literals);
        }
    }
    if let Some(FromSource::Subquery { query, .. }) = &mut select.from {
        substitute_select(query, literals);
    }
    let clauses = select.filter.iter_mut().chain(&mut select.partition_by).chain(&mut select.group_by);
    for expr in clauses.chain(select.order_by.iter_mut().map(|o| &mut o.expr)) {
        substitute(expr, literals);
    }
}

fn substitute(expr: &mut Expr, literals: &[Literal]) {
    match expr {
        Expr::Placeholder(i) => {
            if let Some(literal) = literals.get(*i) {
                *expr = Expr::Literal(literal.clone());
            }
        }
        Expr::Literal(_) | Expr::Column(_) => {}
        Expr::Unary { expr, .. } | Expr::IsNull { expr, .. } => substitute(expr, literals),
        Expr::Binary { left, right, .. } => {
            substitute(left, literals);
            substitute(right, literals);
        }
        Expr::Function(call) => {
            if let crate::sql::ast::FunctionArgs::List(args) = &mut call.args {
                args.iter_mut().for_each(|a| substitute(a, literals));
            }
        }
        Expr::InList { expr, list, .. } => {
            substitute(expr, literals);
            list.iter_mut().for_each(|e| substitute(e, literals));
        }
        Expr::Between { expr, low, high, .. } => {
            for e in [expr, low, high] {
                substitute(e, literals);
            }
        }
        Expr::Like { expr, pattern, .. } => {
            substitute(expr, literals);
            substitute(pattern, literals);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::split_table_name;

    #[test]
    fn bound_names_may_be_qualified_and_quoted() {
        assert_eq!(split_table_name("D1"), (None, "d1".to_owned()));
        assert_eq!(split_table_name("Power.D1"), (Some("power".to_owned()), "d1".to_owned()));
        assert_eq!(split_table_name("`Power`.`A.b`"), (Some("Power".to_owned()), "A.b".to_owned()));
        assert_eq!(split_table_name("`x.y`"), (None, "x.y".to_owned()));
    }
}
