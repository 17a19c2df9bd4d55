//! Compiles TDengine expressions to SQLite expressions over a scope, typing each result the
//! way TDengine does (arithmetic is DOUBLE, timestamp ± duration stays TIMESTAMP, ...).
//! Literals become bound parameters, never SQL text.

use super::scope::Scope;
use crate::engine::codec;
use crate::engine::convert::Clock;
use crate::engine::error::{self, Result};
use crate::engine::schema::ColType;
use crate::engine::state::{Ctx, State};
use crate::engine::time;
use crate::sql::ast::{BinaryOp, Expr, FunctionArgs, Literal, UnaryOp};
use crate::sql::SqlError;
use rusqlite::types::Value as SqlValue;
use tdflink_protocol::codes;
use tdflink_protocol::types::DataType;

/// A compiled expression.
#[derive(Clone, Debug)]
pub struct Typed {
    /// SQLite expression yielding the value in its type's stored form (codec.rs).
    pub sql: String,
    pub ty: ColType,
    /// Contains an aggregate function.
    pub aggregate: bool,
    /// Scope columns referenced outside aggregates (they must be group keys).
    pub bare: Vec<usize>,
    /// Scope columns referenced anywhere.
    pub refs: Vec<usize>,
}

impl Typed {
    pub fn constant(sql: String, ty: ColType) -> Typed {
        Typed { sql, ty, aggregate: false, bare: Vec::new(), refs: Vec::new() }
    }

    /// A result combining `parts` (their column references and aggregate flags).
    pub fn combine(sql: String, ty: ColType, parts: &[&Typed]) -> Typed {
        Typed {
            sql,
            ty,
            aggregate: parts.iter().any(|p| p.aggregate),
            bare: parts.iter().flat_map(|p| p.bare.iter().copied()).collect(),
            refs: parts.iter().flat_map(|p| p.refs.iter().copied()).collect(),
        }
    }

    /// The value as a number for arithmetic: BIGINT UNSIGNED and DECIMAL64 leave their stored
    /// forms (SQLite turns results beyond i64 into REAL, which a DOUBLE result is anyway).
    pub fn numeric_sql(&self) -> Result<String> {
        match self.ty.ty {
            DataType::UBigInt => Ok(format!("({} + 9223372036854775807 + 1)", self.sql)),
            DataType::Decimal64 => Ok(format!("(CAST({} AS REAL) / 1e{})", self.sql, self.ty.scale)),
            ty if is_numeric(ty) => Ok(self.sql.clone()),
            _ => Err(error::wrong_value_type(&format!("{} in arithmetic", self.ty.ty))),
        }
    }
}

pub fn is_numeric(ty: DataType) -> bool {
    use DataType::*;
    matches!(
        ty,
        Null | Bool | TinyInt | SmallInt | Int | BigInt | UTinyInt | USmallInt | UInt | UBigInt | Float | Double | Timestamp | Decimal64
    )
}

pub fn is_integer(ty: DataType) -> bool {
    use DataType::*;
    matches!(ty, TinyInt | SmallInt | Int | BigInt | UTinyInt | USmallInt | UInt | UBigInt | Bool)
}

pub const DOUBLE: ColType = ColType::plain(DataType::Double);
pub const BOOL: ColType = ColType::plain(DataType::Bool);
pub const BIGINT: ColType = ColType::plain(DataType::BigInt);
pub const TIMESTAMP: ColType = ColType::plain(DataType::Timestamp);

pub struct Compiler<'a> {
    pub state: &'a State,
    pub ctx: &'a Ctx<'a>,
    params: Vec<SqlValue>,
    aliases: usize,
    /// Compiling an aggregate's arguments: another aggregate there is nesting.
    pub(super) in_aggregate: bool,
    /// Compiling WHERE (or DELETE's condition), where aggregates are not allowed.
    pub(super) in_condition: bool,
}

impl<'a> Compiler<'a> {
    pub fn new(state: &'a State, ctx: &'a Ctx<'a>) -> Compiler<'a> {
        Compiler { state, ctx, params: Vec::new(), aliases: 0, in_aggregate: false, in_condition: false }
    }

    /// Binds `value` and returns its placeholder.
    pub fn param(&mut self, value: SqlValue) -> String {
        self.params.push(value);
        format!("?{}", self.params.len())
    }

    pub fn params(&self) -> &[SqlValue] {
        &self.params
    }

    /// A table alias no other part of the statement uses.
    pub fn fresh_alias(&mut self) -> String {
        self.aliases += 1;
        format!("q{}", self.aliases)
    }

    pub fn clock(&self, scope: &Scope) -> Clock<'_> {
        self.ctx.clock(scope.precision)
    }

    /// A WHERE condition: like any expression, but without aggregates.
    pub fn condition(&mut self, scope: &Scope, expr: &Expr) -> Result<Typed> {
        self.in_condition = true;
        let compiled = self.expr(scope, expr);
        self.in_condition = false;
        compiled
    }

    pub fn expr(&mut self, scope: &Scope, expr: &Expr) -> Result<Typed> {
        match expr {
            Expr::Literal(literal) => self.literal(literal),
            Expr::Column(column) => {
                let index = scope.column(column.table.as_ref(), &column.name)?;
                let col = &scope.columns[index];
                Ok(Typed { sql: col.sql.clone(), ty: col.ty, aggregate: false, bare: vec![index], refs: vec![index] })
            }
            Expr::Placeholder(_) => Err(SqlError::syntax_near("?")),
            Expr::Unary { op: UnaryOp::Not, expr } => {
                let inner = self.expr(scope, expr)?;
                Ok(Typed::combine(format!("(NOT {})", inner.sql), BOOL, &[&inner]))
            }
            Expr::Unary { op: UnaryOp::Neg, expr } => {
                let inner = self.expr(scope, expr)?;
                Ok(Typed::combine(format!("(-{})", inner.numeric_sql()?), DOUBLE, &[&inner]))
            }
            Expr::Binary { left, op, right } => self.binary(scope, left, *op, right),
            Expr::Function(call) => self.function(scope, call),
            Expr::InList { expr, list, negated } => self.in_list(scope, expr, list, *negated),
            Expr::Between { expr, low, high, negated } => {
                let lower = self.comparison(scope, expr, BinaryOp::GtEq, low)?;
                let upper = self.comparison(scope, expr, BinaryOp::LtEq, high)?;
                let not = if *negated { "NOT " } else { "" };
                Ok(Typed::combine(format!("({not}({} AND {}))", lower.sql, upper.sql), BOOL, &[&lower, &upper]))
            }
            Expr::Like { expr, pattern, negated } => self.like(scope, expr, pattern, *negated),
            Expr::IsNull { expr, negated } => {
                let inner = self.expr(scope, expr)?;
                let test = if *negated { "IS NOT NULL" } else { "IS NULL" };
                Ok(Typed::combine(format!("({} {test})", inner.sql), BOOL, &[&inner]))
            }
        }
    }

    pub fn literal(&mut self, literal: &Literal) -> Result<Typed> {
        let (value, ty) = match literal {
            Literal::Null => return Ok(Typed::constant("NULL".to_owned(), ColType::plain(DataType::Null))),
            Literal::Bool(b) => (SqlValue::Integer(i64::from(*b)), BOOL),
            Literal::Integer(v) => match (i64::try_from(*v), u64::try_from(*v)) {
                (Ok(v), _) => (SqlValue::Integer(v), BIGINT),
                (_, Ok(v)) => (SqlValue::Integer(codec::encode_u64(v)), ColType::plain(DataType::UBigInt)),
                _ => (SqlValue::Real(*v as f64), DOUBLE),
            },
            Literal::Float { value, .. } => (SqlValue::Real(*value), DOUBLE),
            Literal::String(s) => (SqlValue::Text(s.clone()), ColType::var(DataType::VarChar, s.len() as u32)),
            Literal::Duration(d) => {
                return Err(SqlError::syntax_near(&format!("{}", d.value)));
            }
        };
        Ok(Typed::constant(self.param(value), ty))
    }

    fn binary(&mut self, scope: &Scope, left: &Expr, op: BinaryOp, right: &Expr) -> Result<Typed> {
        match op {
            BinaryOp::And | BinaryOp::Or => {
                let (l, r) = (self.expr(scope, left)?, self.expr(scope, right)?);
                let word = if op == BinaryOp::And { "AND" } else { "OR" };
                Ok(Typed::combine(format!("({} {word} {})", l.sql, r.sql), BOOL, &[&l, &r]))
            }
            BinaryOp::Eq | BinaryOp::NotEq | BinaryOp::Lt | BinaryOp::LtEq | BinaryOp::Gt | BinaryOp::GtEq => {
                self.comparison(scope, left, op, right)
            }
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => self.arithmetic(scope, left, op, right),
        }
    }

    fn arithmetic(&mut self, scope: &Scope, left: &Expr, op: BinaryOp, right: &Expr) -> Result<Typed> {
        let subtract = op == BinaryOp::Sub;
        if let (BinaryOp::Add | BinaryOp::Sub, Expr::Literal(Literal::Duration(d))) = (op, right) {
            // A constant time shifted by a duration folds to a constant, calendar units included.
            if let Some(ticks) = self.constant_time(scope, left)? {
                let shifted = time::shift(ticks, *d, subtract, scope.precision, &self.ctx.tz)
                    .ok_or_else(|| error::incorrect_timestamp("out of range"))?;
                return Ok(Typed::constant(self.param(SqlValue::Integer(shifted)), TIMESTAMP));
            }
            let base = self.expr(scope, left)?;
            let delta =
                time::duration_ticks(*d, scope.precision).ok_or_else(|| SqlError::not_supported("Shifting a column by months or years"))?;
            let sign = if subtract { "-" } else { "+" };
            let sql = format!("({} {sign} {})", base.sql, self.param(SqlValue::Integer(delta)));
            return Ok(Typed::combine(sql, TIMESTAMP, &[&base]));
        }
        let (l, r) = (self.expr(scope, left)?, self.expr(scope, right)?);
        let (ls, rs) = (l.numeric_sql()?, r.numeric_sql()?);
        let time_shift = matches!(op, BinaryOp::Add | BinaryOp::Sub) && l.ty.ty == DataType::Timestamp && is_integer(r.ty.ty);
        let (sql, ty) = match op {
            _ if time_shift => (format!("({ls} {} {rs})", if subtract { "-" } else { "+" }), TIMESTAMP),
            BinaryOp::Mod => (format!("td_mod({ls}, {rs})"), DOUBLE),
            _ => {
                let symbol = match op {
                    BinaryOp::Add => "+",
                    BinaryOp::Sub => "-",
                    BinaryOp::Mul => "*",
                    _ => "/",
                };
                (format!("(CAST({ls} AS REAL) {symbol} {rs})"), DOUBLE)
            }
        };
        Ok(Typed::combine(sql, ty, &[&l, &r]))
    }

    /// The ticks a constant time expression stands for (NOW, TODAY, a literal, shifted by
    /// durations); `None` when `expr` is not one.
    pub fn constant_time(&self, scope: &Scope, expr: &Expr) -> Result<Option<i64>> {
        let clock = self.clock(scope);
        Ok(match expr {
            Expr::Function(call) if matches!(&call.args, FunctionArgs::List(a) if a.is_empty()) => {
                crate::engine::convert::time_function(&call.name, &clock)
            }
            Expr::Literal(Literal::Integer(v)) => Some(i64::try_from(*v).map_err(|_| error::incorrect_timestamp(&v.to_string()))?),
            Expr::Literal(Literal::String(s)) => {
                Some(crate::engine::convert::string_timestamp(s, &clock).ok_or_else(|| error::incorrect_timestamp(s))?)
            }
            Expr::Binary { left, op: op @ (BinaryOp::Add | BinaryOp::Sub), right } => {
                let Expr::Literal(Literal::Duration(d)) = right.as_ref() else {
                    return Ok(None);
                };
                match self.constant_time(scope, left)? {
                    Some(ticks) => Some(
                        time::shift(ticks, *d, *op == BinaryOp::Sub, scope.precision, &self.ctx.tz)
                            .ok_or_else(|| error::incorrect_timestamp("out of range"))?,
                    ),
                    None => None,
                }
            }
            _ => None,
        })
    }

    /// Compiling an aggregate's arguments: nested aggregates and WHERE are refused.
    pub(super) fn enter_aggregate(&mut self, name: &str) -> Result<()> {
        if self.in_condition {
            return Err(SqlError::new(codes::SERVER_ILLEGAL_USE_AGG_FUNCTION, "There mustn't be aggregation"));
        }
        if self.in_aggregate {
            return Err(SqlError::new(codes::SERVER_AGG_FUNC_NESTING, format!("Aggregate functions do not support nesting: {name}")));
        }
        self.in_aggregate = true;
        Ok(())
    }
}
