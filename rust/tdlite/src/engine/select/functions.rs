//! Function calls: the aggregates (COUNT, SUM, AVG, MIN, MAX, FIRST, LAST, LAST_ROW) with
//! TDengine's result types, and the scalar functions clients call on connect.

use super::compiler::{Compiler, Typed, BIGINT, DOUBLE, TIMESTAMP};
use super::scope::Scope;
use crate::engine::error::{self, Result};
use crate::engine::schema::ColType;
use crate::engine::SERVER_VERSION;
use crate::sql::ast::{Expr, FunctionArgs, FunctionCall};
use crate::sql::SqlError;
use rusqlite::types::Value as SqlValue;
use tdflink_protocol::types::DataType;

/// Aggregates that pick one row's value; `name(*)` expands to one per column.
pub fn is_selector(name: &str) -> bool {
    matches!(name, "first" | "last" | "last_row")
}

pub fn is_aggregate(name: &str) -> bool {
    is_selector(name) || matches!(name, "count" | "sum" | "avg" | "min" | "max")
}

impl Compiler<'_> {
    pub fn function(&mut self, scope: &Scope, call: &FunctionCall) -> Result<Typed> {
        let name = call.name.as_str();
        if is_aggregate(name) {
            self.enter_aggregate(name)?;
            let result = self.aggregate(scope, call);
            self.in_aggregate = false;
            return result;
        }
        let FunctionArgs::List(args) = &call.args else {
            return Err(error::function_param_num(name));
        };
        if !args.is_empty() {
            return Err(SqlError::not_supported(&format!("Function {name}")));
        }
        let text = |c: &mut Compiler<'_>, s: String| {
            let width = s.len() as u32;
            Typed::constant(c.param(SqlValue::Text(s)), ColType::var(DataType::VarChar, width))
        };
        Ok(match name {
            "now" | "today" => {
                let ticks =
                    crate::engine::convert::time_function(name, &self.clock(scope)).ok_or_else(|| error::incorrect_timestamp(name))?;
                Typed::constant(self.param(SqlValue::Integer(ticks)), TIMESTAMP)
            }
            "server_version" | "client_version" => text(self, SERVER_VERSION.to_owned()),
            "database" => match self.ctx.session.current_db.clone() {
                Some(db) => text(self, db),
                None => Typed::constant("NULL".to_owned(), ColType::var(DataType::VarChar, 64)),
            },
            "user" | "current_user" => text(self, format!("{}@localhost", self.ctx.session.user)),
            "timezone" => text(self, self.ctx.tz_name.clone()),
            "server_status" => Typed::constant(self.param(SqlValue::Integer(1)), ColType::plain(DataType::Int)),
            _ => return Err(SqlError::not_supported(&format!("Function {name}"))),
        })
    }

    fn aggregate(&mut self, scope: &Scope, call: &FunctionCall) -> Result<Typed> {
        let name = call.name.as_str();
        let arg = match (&call.args, name) {
            (FunctionArgs::Star, "count") => {
                return Ok(Typed { aggregate: true, ..Typed::constant("COUNT(*)".to_owned(), BIGINT) });
            }
            (FunctionArgs::List(args), _) if args.len() == 1 => &args[0],
            _ => return Err(error::function_param_num(name)),
        };
        let value = self.expr(scope, arg)?;
        let ty = value.ty;
        let param_type = || error::function_param_type(name);
        let (sql, result) = match name {
            "count" => (format!("COUNT({})", value.sql), BIGINT),
            "min" | "max" => {
                if matches!(ty.ty, DataType::Json | DataType::Geometry | DataType::VarBinary) {
                    return Err(param_type());
                }
                (format!("{}({})", name.to_uppercase(), value.sql), ty)
            }
            "sum" => sum(&value).ok_or_else(param_type)?,
            "avg" => match ty.ty {
                DataType::Decimal | DataType::Decimal64 | DataType::Timestamp => return Err(param_type()),
                _ => (format!("AVG({})", value.numeric_sql().map_err(|_| param_type())?), DOUBLE),
            },
            _ => {
                let ts = scope.ts.ok_or_else(param_type)?;
                (format!("td_{name}({}, {})", scope.columns[ts].sql, value.sql), ty)
            }
        };
        Ok(Typed { sql, ty: result, aggregate: true, bare: Vec::new(), refs: value.refs })
    }
}

/// SUM's SQL and type: BIGINT for signed integers, BIGINT UNSIGNED for unsigned ones (both
/// wrapping on overflow as TDengine's do), DOUBLE for floats; `None` for other types.
fn sum(value: &Typed) -> Option<(String, ColType)> {
    use DataType::*;
    let sql = &value.sql;
    Some(match value.ty.ty {
        Bool | TinyInt | SmallInt | Int | BigInt => (format!("td_isum({sql})"), BIGINT),
        UTinyInt | USmallInt | UInt => (format!("td_usum({sql}, 0)"), ColType::plain(UBigInt)),
        UBigInt => (format!("td_usum({sql}, 1)"), ColType::plain(UBigInt)),
        Float | Double | Null => (format!("SUM({sql})"), DOUBLE),
        _ => return None,
    })
}

/// `first(*)` and friends: the call, and its result name, for each column `SELECT *` would
/// return; `None` for any other expression.
pub fn expand_star(expr: &Expr, scope: &Scope) -> Option<Vec<(String, Expr)>> {
    let Expr::Function(call) = expr else {
        return None;
    };
    if !is_selector(&call.name) || call.args != FunctionArgs::Star {
        return None;
    }
    let calls = scope
        .columns
        .iter()
        .filter(|c| c.in_star && c.role == super::scope::Role::Column)
        .map(|c| {
            let column = crate::sql::ast::ColumnRef { table: None, name: crate::sql::ast::Identifier::quoted(&c.name) };
            let arg = Expr::Column(column);
            let call = FunctionCall { name: call.name.clone(), args: FunctionArgs::List(vec![arg]) };
            (format!("{}({})", call.name, c.name), Expr::Function(call))
        })
        .collect();
    Some(calls)
}
