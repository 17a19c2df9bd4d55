//! Comparisons, IN and LIKE. A constant compared with a column is converted to the column's
//! type first (a string to a timestamp in the session's zone, a number to BIGINT UNSIGNED's
//! or DECIMAL's stored form), so SQLite compares stored values and stays exact. A constant
//! that the column's type cannot hold is decided here (`u > -1` is true for every value).

use super::compiler::{is_integer, Compiler, Typed, BOOL};
use super::scope::Scope;
use crate::engine::codec;
use crate::engine::error::{self, Result};
use crate::engine::schema::ColType;
use crate::engine::value::parse_decimal;
use crate::sql::ast::{BinaryOp, Expr, FunctionArgs, Literal};
use rusqlite::types::Value as SqlValue;
use tdflink_protocol::types::DataType;

/// Where a constant falls relative to a column type that cannot represent it exactly.
enum Fit {
    Exact(SqlValue),
    /// Strictly between two representable values: the stored forms of the one below and the
    /// one above.
    Between(SqlValue, SqlValue),
    Below,
    Above,
}

fn symbol(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Eq => "=",
        BinaryOp::NotEq => "<>",
        BinaryOp::Lt => "<",
        BinaryOp::LtEq => "<=",
        BinaryOp::Gt => ">",
        _ => ">=",
    }
}

/// `a op b` is `b flipped(op) a`.
fn flipped(op: BinaryOp) -> BinaryOp {
    match op {
        BinaryOp::Lt => BinaryOp::Gt,
        BinaryOp::LtEq => BinaryOp::GtEq,
        BinaryOp::Gt => BinaryOp::Lt,
        BinaryOp::GtEq => BinaryOp::LtEq,
        other => other,
    }
}

/// A constant the other side of a comparison can be converted to.
fn is_constant(expr: &Expr) -> bool {
    match expr {
        Expr::Literal(Literal::Duration(_)) => false,
        Expr::Literal(_) => true,
        Expr::Function(call) => {
            matches!(call.name.as_str(), "now" | "today") && matches!(&call.args, FunctionArgs::List(a) if a.is_empty())
        }
        Expr::Binary { left, op: BinaryOp::Add | BinaryOp::Sub, right } => {
            matches!(right.as_ref(), Expr::Literal(Literal::Duration(_))) && is_constant(left)
        }
        _ => false,
    }
}

impl Compiler<'_> {
    pub fn comparison(&mut self, scope: &Scope, left: &Expr, op: BinaryOp, right: &Expr) -> Result<Typed> {
        let (subject, op, constant) = match (is_constant(left), is_constant(right)) {
            (false, true) => (left, op, right),
            (true, false) => (right, flipped(op), left),
            _ => {
                let (l, r) = (self.expr(scope, left)?, self.expr(scope, right)?);
                let (ls, rs) = if same_storage(l.ty, r.ty) {
                    (l.sql.clone(), r.sql.clone())
                } else {
                    (l.numeric_sql().unwrap_or(l.sql.clone()), r.numeric_sql().unwrap_or(r.sql.clone()))
                };
                return Ok(Typed::combine(format!("({ls} {} {rs})", symbol(op)), BOOL, &[&l, &r]));
            }
        };
        let subject = self.expr(scope, subject)?;
        let sql = match self.fit(scope, constant, subject.ty)? {
            Some(fit) => self.compare_fitted(&subject.sql, op, fit),
            None => {
                let value = self.expr(scope, constant)?;
                let lhs = subject.numeric_sql().unwrap_or(subject.sql.clone());
                let rhs = value.numeric_sql().unwrap_or(value.sql.clone());
                format!("({lhs} {} {rhs})", symbol(op))
            }
        };
        Ok(Typed::combine(sql, BOOL, &[&subject]))
    }

    fn compare_fitted(&mut self, subject: &str, op: BinaryOp, fit: Fit) -> String {
        let sym = symbol(op);
        let always = |truth: bool| format!("(CASE WHEN {subject} IS NULL THEN NULL ELSE {} END)", u8::from(truth));
        match fit {
            Fit::Exact(v) => format!("({subject} {sym} {})", self.param(v)),
            Fit::Below => always(matches!(op, BinaryOp::Gt | BinaryOp::GtEq | BinaryOp::NotEq)),
            Fit::Above => always(matches!(op, BinaryOp::Lt | BinaryOp::LtEq | BinaryOp::NotEq)),
            Fit::Between(below, above) => match op {
                BinaryOp::Eq => always(false),
                BinaryOp::NotEq => always(true),
                BinaryOp::Gt | BinaryOp::GtEq => format!("({subject} >= {})", self.param(above)),
                _ => format!("({subject} <= {})", self.param(below)),
            },
        }
    }

    /// `constant` in the stored form of `ty`, when the type needs a conversion SQLite cannot
    /// do itself; `None` to compare as SQLite would.
    fn fit(&mut self, scope: &Scope, constant: &Expr, ty: ColType) -> Result<Option<Fit>> {
        if matches!(constant, Expr::Literal(Literal::Null)) {
            return Ok(None);
        }
        if ty.ty == DataType::Timestamp {
            return Ok(self.constant_time(scope, constant)?.map(|t| Fit::Exact(SqlValue::Integer(t))));
        }
        let Expr::Literal(literal) = constant else {
            return Ok(None);
        };
        Ok(match (ty.ty, literal) {
            (DataType::UBigInt, _) => {
                let (floor, exact) = scaled(literal, 0)?;
                fit_integer(floor, exact, 0, u64::MAX.into(), |v| SqlValue::Integer(codec::encode_u64(v as u64)))
            }
            (DataType::Decimal64 | DataType::Decimal, _) => {
                let (floor, exact) = scaled(literal, ty.scale)?;
                let max = 10i128.pow(u32::from(ty.precision)) - 1;
                let encode: fn(i128) -> SqlValue =
                    if ty.ty == DataType::Decimal64 { |v| SqlValue::Integer(v as i64) } else { |v| SqlValue::Blob(codec::encode_i128(v)) };
                fit_integer(floor, exact, -max, max, encode)
            }
            (DataType::Bool, Literal::Bool(b)) => Some(Fit::Exact(SqlValue::Integer(i64::from(*b)))),
            (DataType::Bool, Literal::String(s)) if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") => {
                Some(Fit::Exact(SqlValue::Integer(i64::from(s.eq_ignore_ascii_case("true")))))
            }
            (DataType::VarBinary, Literal::String(s)) => Some(Fit::Exact(SqlValue::Blob(s.as_bytes().to_vec()))),
            _ => None,
        })
    }

    pub fn in_list(&mut self, scope: &Scope, expr: &Expr, list: &[Expr], negated: bool) -> Result<Typed> {
        // `x IN (a, b)` is `x = a OR x = b`, so each constant is converted as in a comparison.
        let mut parts = Vec::with_capacity(list.len());
        for item in list {
            parts.push(self.comparison(scope, expr, BinaryOp::Eq, item)?);
        }
        let any = parts.iter().map(|p| p.sql.as_str()).collect::<Vec<_>>().join(" OR ");
        let not = if negated { "NOT " } else { "" };
        let refs: Vec<&Typed> = parts.iter().collect();
        Ok(Typed::combine(format!("({not}({any}))"), BOOL, &refs))
    }

    /// LIKE, case-sensitive as in TDengine: the pattern becomes a GLOB pattern (`%` → `*`,
    /// `_` → `?`, `\%` and `\_` literal).
    pub fn like(&mut self, scope: &Scope, expr: &Expr, pattern: &Expr, negated: bool) -> Result<Typed> {
        let subject = self.expr(scope, expr)?;
        if !matches!(subject.ty.ty, DataType::VarChar | DataType::NChar | DataType::Null) {
            return Err(error::wrong_value_type(&format!("LIKE on {}", subject.ty.ty)));
        }
        let Expr::Literal(Literal::String(pattern)) = pattern else {
            return Err(error::wrong_value_type("LIKE pattern"));
        };
        let glob = self.param(SqlValue::Text(like_to_glob(pattern)));
        let not = if negated { "NOT " } else { "" };
        Ok(Typed::combine(format!("({} {not}GLOB {glob})", subject.sql), BOOL, &[&subject]))
    }
}

/// Whether two types share a stored form, so SQLite can compare them directly.
fn same_storage(a: ColType, b: ColType) -> bool {
    let family = |t: ColType| match t.ty {
        DataType::UBigInt => 1,
        DataType::Decimal64 | DataType::Decimal => 2,
        ty if is_integer(ty) || ty == DataType::Timestamp => 0,
        _ => 3,
    };
    match (family(a), family(b)) {
        (2, 2) => a.ty == b.ty && a.scale == b.scale,
        (x, y) => x == y && !(x == 1 && a.ty != b.ty),
    }
}

/// `floor` (in units of 10^-scale) sits in `[min, max]`: exactly, between two values, or
/// outside the range.
fn fit_integer(floor: i128, exact: bool, min: i128, max: i128, encode: impl Fn(i128) -> SqlValue) -> Option<Fit> {
    Some(if floor < min {
        Fit::Below
    } else if floor > max || (floor == max && !exact) {
        Fit::Above
    } else if exact {
        Fit::Exact(encode(floor))
    } else {
        Fit::Between(encode(floor), encode(floor + 1))
    })
}

/// A numeric literal times 10^scale, rounded down, and whether that was exact.
fn scaled(literal: &Literal, scale: u8) -> Result<(i128, bool)> {
    let text = match literal {
        Literal::Integer(v) => v.to_string(),
        Literal::Float { text, .. } => text.clone(),
        Literal::String(s) => s.trim().to_owned(),
        Literal::Bool(b) => u8::from(*b).to_string(),
        _ => return Err(error::wrong_value_type("comparison")),
    };
    if let Some(exact) = parse_decimal(&text, scale) {
        return Ok((exact, true));
    }
    // More digits than the scale, an exponent, or too large for i128: go through f64, whose
    // error is far below the precision at which such a literal is compared.
    let value: f64 = text.parse().map_err(|_| error::wrong_value_type(&text))?;
    let scaled = value * 10f64.powi(i32::from(scale));
    let floor = scaled.floor();
    let clamped = floor.clamp(-1.7e38, 1.7e38) as i128;
    Ok((clamped, floor == scaled && floor.abs() < 1.7e38))
}

fn like_to_glob(pattern: &str) -> String {
    let mut glob = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(escaped @ ('%' | '_')) => glob.push(escaped),
                Some(other) => glob_literal(&mut glob, other),
                None => glob_literal(&mut glob, '\\'),
            },
            '%' => glob.push('*'),
            '_' => glob.push('?'),
            other => glob_literal(&mut glob, other),
        }
    }
    glob
}

/// A character matching itself in a GLOB pattern.
fn glob_literal(glob: &mut String, c: char) {
    match c {
        '*' | '?' | '[' => {
            glob.push('[');
            glob.push(c);
            glob.push(']');
        }
        other => glob.push(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_become_globs() {
        assert_eq!(like_to_glob("d10%"), "d10*");
        assert_eq!(like_to_glob("a_c"), "a?c");
        assert_eq!(like_to_glob("50\\%"), "50%");
        assert_eq!(like_to_glob("x\\_y"), "x_y");
        assert_eq!(like_to_glob("[*?]"), "[[][*][?]]");
    }

    #[test]
    fn literals_scale_exactly_or_round_down() {
        assert_eq!(scaled(&Literal::Integer(5), 2).unwrap(), (500, true));
        let float = |text: &str| Literal::Float { value: text.parse().unwrap(), text: text.into() };
        assert_eq!(scaled(&float("1.234"), 2).unwrap(), (123, false));
        assert_eq!(scaled(&float("-1.234"), 2).unwrap(), (-124, false));
        assert_eq!(scaled(&float("1e3"), 0).unwrap(), (1000, true));
        assert!(matches!(fit_integer(-1, true, 0, 10, |v| SqlValue::Integer(v as i64)), Some(Fit::Below)));
        assert!(matches!(fit_integer(10, false, 0, 10, |v| SqlValue::Integer(v as i64)), Some(Fit::Above)));
        assert!(matches!(fit_integer(3, false, 0, 10, |v| SqlValue::Integer(v as i64)), Some(Fit::Between(..))));
    }
}
