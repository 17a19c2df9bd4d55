//! Parser tests by statement family, plus error shapes and placeholder reporting.

mod ddl;
mod dml;
mod errors;
mod params;
mod query;

use super::ast::*;
use super::{parse, SqlError};

fn ok(sql: &str) -> Statement {
    parse(sql).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn err(sql: &str) -> SqlError {
    match parse(sql) {
        Ok(statement) => panic!("{sql} parsed as {statement:?}"),
        Err(e) => e,
    }
}

fn select(sql: &str) -> Select {
    match ok(sql) {
        Statement::Select(select) => *select,
        other => panic!("{sql} parsed as {other:?}"),
    }
}

fn id(name: &str) -> Identifier {
    Identifier::bare(name)
}

fn table(name: &str) -> TableName {
    TableName { db: None, name: id(name) }
}

fn qualified(db: &str, name: &str) -> TableName {
    TableName { db: Some(id(db)), name: id(name) }
}

fn col(name: &str) -> Expr {
    Expr::Column(ColumnRef { table: None, name: id(name) })
}

fn int(v: i128) -> Expr {
    Expr::Literal(Literal::Integer(v))
}

fn string(s: &str) -> Expr {
    Expr::Literal(Literal::String(s.to_string()))
}

fn binary(left: Expr, op: BinaryOp, right: Expr) -> Expr {
    Expr::Binary { left: Box::new(left), op, right: Box::new(right) }
}

fn call(name: &str, args: Vec<Expr>) -> Expr {
    Expr::Function(FunctionCall { name: name.to_string(), args: FunctionArgs::List(args) })
}

fn duration(value: i64, unit: TimeUnit) -> Expr {
    Expr::Literal(Literal::Duration(Duration { value, unit }))
}
