//! Checks a value against the column or tag it is written to and puts it in canonical form
//! (see value.rs), for both ways values arrive: SQL literals (INSERT, CREATE TABLE ... TAGS),
//! with TDengine's INSERT-parser errors, and stmt2 bound values, with its stmt errors.

use super::error::{self, Result};
use super::schema::{ColType, Field};
use super::time;
use super::value::{decode_hex, parse_decimal, Value};
use super::wkt;
use crate::sql::ast::{BinaryOp, Expr, FunctionArgs, Literal};
use crate::sql::SqlError;
use jiff::tz::TimeZone;
use tdflink_protocol::codes;
use tdflink_protocol::types::{DataType, Precision};

/// What NOW, TODAY and timestamp strings mean in the statement being executed.
#[derive(Clone, Copy)]
pub struct Clock<'a> {
    pub precision: Precision,
    pub tz: &'a TimeZone,
    /// The statement's NOW, in nanoseconds since the epoch.
    pub now: i128,
}

/// TDengine's JSON tag limit, in characters.
const JSON_MAX_CHARS: usize = 4095;
const JSON_MAX_KEY: usize = 256;

/// Why a value does not fit; each way in turns it into its own error.
#[derive(Debug, PartialEq)]
enum Problem {
    /// Not a value of the column's type at all.
    Invalid,
    Overflow,
    /// A negative number for an unsigned column.
    Negative,
    TooLong,
    BadVarbinary,
    DecimalOverflow,
    BadJson(String),
    BadGeometry(String),
}

/// A literal of an INSERT or TAGS list as a value of `field`.
pub fn from_literal(expr: &Expr, field: &Field, clock: &Clock<'_>) -> Result<Value> {
    let fitted = if field.ty.ty == DataType::Timestamp {
        timestamp_of(expr, clock).map(|ts| ts.map_or(Value::Null, Value::Timestamp))
    } else {
        match expr {
            Expr::Literal(Literal::Null) => Ok(Value::Null),
            Expr::Literal(Literal::String(s)) if s.eq_ignore_ascii_case("null") && !is_text(field.ty.ty) => Ok(Value::Null),
            Expr::Literal(literal) => fit_literal(literal, field.ty),
            _ => Err(Problem::Invalid),
        }
    };
    fitted.map_err(|problem| sql_error(problem, &token(expr), field))
}

/// A stmt-bound value as a value of `field`; timestamps may also be bound as text. Inlined:
/// it runs once per bound cell, and the common cases are a few comparisons.
#[inline(always)]
pub fn from_bound(value: Value, field: &Field, clock: &Clock<'_>) -> Result<Value> {
    if let (DataType::Timestamp, Value::Text(s)) = (field.ty.ty, &value) {
        return text_timestamp(s, clock);
    }
    fit_bound(value, field.ty).map_err(|problem| bound_error(problem, field))
}

#[cold]
fn text_timestamp(s: &str, clock: &Clock<'_>) -> Result<Value> {
    match string_timestamp(s, clock) {
        Some(ticks) => Ok(Value::Timestamp(ticks)),
        None => Err(error::bad_value(s, "invalid timestamp")),
    }
}

#[cold]
fn bound_error(problem: Problem, field: &Field) -> SqlError {
    match problem {
        Problem::Invalid => error::invalid_operation("column type mis-match with buffer type"),
        Problem::Overflow | Problem::Negative => error::out_of_range(&field.name),
        other => common_error(other, field),
    }
}

fn is_text(ty: DataType) -> bool {
    matches!(ty, DataType::VarChar | DataType::NChar | DataType::Json)
}

fn sql_error(problem: Problem, token: &str, field: &Field) -> SqlError {
    let ty = field.ty.ty;
    let name = type_phrase(ty);
    let message = match problem {
        Problem::Invalid => match ty {
            DataType::Float | DataType::Double => format!("illegal {name} data"),
            DataType::Timestamp => "invalid timestamp".to_owned(),
            _ => format!("invalid {name} data"),
        },
        Problem::Negative => format!("invalid {name} data"),
        // TDengine cannot tell a too-large BIGINT from a malformed one.
        Problem::Overflow if matches!(ty, DataType::BigInt | DataType::UBigInt) => format!("invalid {name} data"),
        Problem::Overflow if matches!(ty, DataType::Float) => "illegal float data".to_owned(),
        Problem::Overflow => format!("{name} data overflow"),
        other => return common_error(other, field),
    };
    error::bad_value(token, &message)
}

fn common_error(problem: Problem, field: &Field) -> SqlError {
    match problem {
        Problem::TooLong => error::value_too_long(&field.name),
        Problem::BadVarbinary => SqlError::new(codes::SERVER_INVALID_VARBINARY, format!("Invalid varbinary value: {}", field.name)),
        Problem::DecimalOverflow => SqlError::new(codes::SERVER_DECIMAL_OVERFLOW, "Decimal value overflow"),
        Problem::BadJson(why) => error::bad_value(&field.name, &why),
        Problem::BadGeometry(why) => error::bad_value(&field.name, &why),
        Problem::Invalid | Problem::Overflow | Problem::Negative => error::wrong_value_type(&field.name),
    }
}

/// How TDengine's messages name a type ("unsigned tinyint data overflow").
fn type_phrase(ty: DataType) -> String {
    match ty {
        DataType::UTinyInt | DataType::USmallInt | DataType::UInt | DataType::UBigInt => {
            let signed = ty.sql_name().trim_end_matches(" UNSIGNED");
            format!("unsigned {}", signed.to_ascii_lowercase())
        }
        DataType::VarChar => "binary".to_owned(),
        _ => ty.sql_name().to_ascii_lowercase(),
    }
}

/// The value as the user wrote it, for error messages.
fn token(expr: &Expr) -> String {
    match expr {
        Expr::Literal(literal) => literal_text(literal),
        Expr::Function(call) => format!("{}()", call.name),
        Expr::Binary { left, .. } => token(left),
        _ => String::new(),
    }
}

fn literal_text(literal: &Literal) -> String {
    match literal {
        Literal::Null => "NULL".to_owned(),
        Literal::Bool(b) => b.to_string(),
        Literal::Integer(v) => v.to_string(),
        Literal::Float { text, .. } => text.clone(),
        Literal::String(s) => s.clone(),
        Literal::Duration(d) => d.value.to_string(),
    }
}

/// A timestamp written as an integer (ticks), a string, NOW or TODAY, shifted by fixed-length
/// durations; `None` for NULL. Months and years are refused as in TDengine's INSERT.
fn timestamp_of(expr: &Expr, clock: &Clock<'_>) -> std::result::Result<Option<i64>, Problem> {
    let ts = match expr {
        Expr::Literal(Literal::Null) => return Ok(None),
        Expr::Literal(Literal::Integer(v)) => i64::try_from(*v).map_err(|_| Problem::Invalid)?,
        Expr::Literal(Literal::String(s)) => string_timestamp(s, clock).ok_or(Problem::Invalid)?,
        Expr::Function(call) if matches!(&call.args, FunctionArgs::List(a) if a.is_empty()) => {
            time_function(&call.name, clock).ok_or(Problem::Invalid)?
        }
        Expr::Binary { left, op: op @ (BinaryOp::Add | BinaryOp::Sub), right } => {
            let Expr::Literal(Literal::Duration(d)) = right.as_ref() else {
                return Err(Problem::Invalid);
            };
            let base = timestamp_of(left, clock)?.ok_or(Problem::Invalid)?;
            let delta = time::duration_ticks(*d, clock.precision).ok_or(Problem::Invalid)?;
            let delta = if *op == BinaryOp::Sub { delta.checked_neg() } else { Some(delta) };
            delta.and_then(|d| base.checked_add(d)).ok_or(Problem::Invalid)?
        }
        _ => return Err(Problem::Invalid),
    };
    Ok(Some(ts))
}

/// NOW or TODAY as ticks; `None` for any other function.
pub fn time_function(name: &str, clock: &Clock<'_>) -> Option<i64> {
    match name {
        "now" => Some(time::ticks_from_nanos(clock.now, clock.precision)),
        "today" => time::today(clock.now, clock.precision, clock.tz),
        _ => None,
    }
}

/// A timestamp string: a date-time, `now`/`today`, or plain ticks (TDengine accepts all three).
pub fn string_timestamp(text: &str, clock: &Clock<'_>) -> Option<i64> {
    let trimmed = text.trim();
    time::parse_timestamp(trimmed, clock.precision, clock.tz)
        .or_else(|| time_function(&trimmed.to_ascii_lowercase(), clock))
        .or_else(|| trimmed.parse().ok())
}

fn fit_literal(literal: &Literal, ty: ColType) -> std::result::Result<Value, Problem> {
    use DataType::*;
    match ty.ty {
        Bool => bool_of(literal).map(Value::Bool),
        TinyInt | SmallInt | Int | BigInt | UTinyInt | USmallInt | UInt | UBigInt => fit_integer(integer_of(literal)?, ty.ty),
        Float | Double => fit_float(float_of(literal)?, ty.ty),
        VarChar | NChar => fit_text(literal_text(literal), ty),
        Json => match literal {
            Literal::String(s) => json_tag(s),
            _ => Err(Problem::Invalid),
        },
        VarBinary | Blob | MediumBlob => match literal {
            Literal::String(s) => fit_bytes(varbinary_bytes(s)?, ty),
            _ => Err(Problem::BadVarbinary),
        },
        Geometry => match literal {
            Literal::String(s) => fit_bytes(wkt::to_wkb(s).map_err(Problem::BadGeometry)?, ty),
            _ => Err(Problem::Invalid),
        },
        Decimal | Decimal64 => match literal {
            Literal::Integer(_) | Literal::Float { .. } | Literal::String(_) => fit_decimal_text(&literal_text(literal), ty),
            _ => Err(Problem::Invalid),
        },
        Timestamp | Null => Err(Problem::Invalid),
    }
}

#[inline(always)]
fn fit_bound(value: Value, ty: ColType) -> std::result::Result<Value, Problem> {
    use DataType::*;
    match (ty.ty, value) {
        (_, Value::Null) => Ok(Value::Null),
        (Timestamp, Value::Timestamp(t) | Value::Int(t)) => Ok(Value::Timestamp(t)),
        (Bool, Value::Bool(b)) => Ok(Value::Bool(b)),
        (Bool, Value::Int(v)) => Ok(Value::Bool(v != 0)),
        (Bool, Value::UInt(v)) => Ok(Value::Bool(v != 0)),
        (TinyInt | SmallInt | Int | BigInt | UTinyInt | USmallInt | UInt | UBigInt, value) => {
            let v = match value {
                Value::Int(v) | Value::Timestamp(v) => i128::from(v),
                Value::UInt(v) => i128::from(v),
                Value::Bool(b) => i128::from(b),
                _ => return Err(Problem::Invalid),
            };
            fit_integer(v, ty.ty)
        }
        // A bound FLOAT is whatever f32 the number rounds to (a client may send FLT_MAX as the
        // shortest decimal that reads back as it, which is a hair above it as a double).
        (Float, Value::Float(v)) if (v as f32).is_finite() => Ok(Value::Float(f64::from(v as f32))),
        (Float | Double, Value::Float(v)) => fit_float(v, ty.ty),
        (Float | Double, Value::Int(v)) => fit_float(v as f64, ty.ty),
        (Float | Double, Value::UInt(v)) => fit_float(v as f64, ty.ty),
        (VarChar, Value::Bytes(b)) => match String::from_utf8(b) {
            Ok(s) => fit_text(s, ty),
            Err(e) => fit_bytes(e.into_bytes(), ty),
        },
        (VarChar | NChar, Value::Text(s)) => fit_text(s, ty),
        (NChar, Value::Bytes(b)) => fit_text(String::from_utf8(b).map_err(|_| Problem::Invalid)?, ty),
        (Json, Value::Text(s)) => json_tag(&s),
        (VarBinary | Geometry | Blob | MediumBlob, Value::Bytes(b)) => fit_bytes(b, ty),
        (VarBinary | Blob | MediumBlob, Value::Text(s)) => fit_bytes(s.into_bytes(), ty),
        (Geometry, Value::Text(s)) => fit_bytes(wkt::to_wkb(&s).map_err(Problem::BadGeometry)?, ty),
        (Decimal | Decimal64, Value::Decimal { unscaled, scale }) => fit_decimal_text(&super::value::format_decimal(unscaled, scale), ty),
        (Decimal | Decimal64, Value::Int(v)) => fit_decimal_text(&v.to_string(), ty),
        (Decimal | Decimal64, Value::UInt(v)) => fit_decimal_text(&v.to_string(), ty),
        (Decimal | Decimal64, Value::Text(s)) => fit_decimal_text(&s, ty),
        _ => Err(Problem::Invalid),
    }
}

fn bool_of(literal: &Literal) -> std::result::Result<bool, Problem> {
    match literal {
        Literal::Bool(b) => Ok(*b),
        Literal::Integer(v) => Ok(*v != 0),
        Literal::Float { value, .. } => Ok(*value != 0.0),
        Literal::String(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        Literal::String(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        Literal::String(s) => s.trim().parse::<f64>().map(|v| v != 0.0).map_err(|_| Problem::Invalid),
        _ => Err(Problem::Invalid),
    }
}

/// An integer from a number (fractions round, as TDengine's converter does), a boolean, or a
/// string holding a decimal, `0x` hex or `0b` binary number.
fn integer_of(literal: &Literal) -> std::result::Result<i128, Problem> {
    let rounded = |v: f64| {
        let r = v.round();
        if r.is_finite() && r.abs() < 1e38 {
            Ok(r as i128)
        } else {
            Err(Problem::Overflow)
        }
    };
    match literal {
        Literal::Integer(v) => Ok(*v),
        Literal::Float { value, .. } => rounded(*value),
        Literal::Bool(b) => Ok(i128::from(*b)),
        Literal::String(s) => {
            let s = s.trim();
            let (negative, digits) = match s.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, s.strip_prefix('+').unwrap_or(s)),
            };
            let radix = |prefix: [&str; 2], radix| {
                prefix.iter().find_map(|p| digits.strip_prefix(p)).and_then(|d| i128::from_str_radix(d, radix).ok())
            };
            let magnitude = radix(["0x", "0X"], 16).or_else(|| radix(["0b", "0B"], 2));
            match magnitude {
                Some(m) => Ok(if negative { -m } else { m }),
                None => match s.parse::<i128>() {
                    Ok(v) => Ok(v),
                    Err(_) => rounded(s.parse::<f64>().map_err(|_| Problem::Invalid)?),
                },
            }
        }
        Literal::Duration(_) => Err(Problem::Invalid),
        Literal::Null => Err(Problem::Invalid),
    }
}

fn float_of(literal: &Literal) -> std::result::Result<f64, Problem> {
    match literal {
        Literal::Integer(v) => Ok(*v as f64),
        Literal::Float { value, .. } => Ok(*value),
        Literal::Bool(b) => Ok(f64::from(u8::from(*b))),
        Literal::String(s) => s.trim().parse().map_err(|_| Problem::Invalid),
        _ => Err(Problem::Invalid),
    }
}

#[inline]
fn fit_integer(v: i128, ty: DataType) -> std::result::Result<Value, Problem> {
    use DataType::*;
    let (min, max): (i128, i128) = match ty {
        TinyInt => (i8::MIN.into(), i8::MAX.into()),
        SmallInt => (i16::MIN.into(), i16::MAX.into()),
        Int => (i32::MIN.into(), i32::MAX.into()),
        BigInt => (i64::MIN.into(), i64::MAX.into()),
        UTinyInt => (0, u8::MAX.into()),
        USmallInt => (0, u16::MAX.into()),
        UInt => (0, u32::MAX.into()),
        _ => (0, u64::MAX.into()),
    };
    let unsigned = min == 0;
    if unsigned && v < 0 {
        return Err(Problem::Negative);
    }
    if v < min || v > max {
        return Err(Problem::Overflow);
    }
    Ok(if unsigned { Value::UInt(v as u64) } else { Value::Int(v as i64) })
}

#[inline]
fn fit_float(v: f64, ty: DataType) -> std::result::Result<Value, Problem> {
    if !v.is_finite() {
        return Err(Problem::Invalid);
    }
    if ty == DataType::Float {
        if v.abs() > f64::from(f32::MAX) {
            return Err(Problem::Overflow);
        }
        // Stored as the FLOAT the column holds, so reads return what TDengine would.
        return Ok(Value::Float(f64::from(v as f32)));
    }
    Ok(Value::Float(v))
}

fn fit_text(s: String, ty: ColType) -> std::result::Result<Value, Problem> {
    let length = if ty.ty == DataType::NChar { s.chars().count() } else { s.len() };
    if length > ty.width as usize {
        return Err(Problem::TooLong);
    }
    Ok(Value::Text(s))
}

fn fit_bytes(b: Vec<u8>, ty: ColType) -> std::result::Result<Value, Problem> {
    // BLOB types have no declared width.
    if ty.width > 0 && b.len() > ty.width as usize {
        return Err(Problem::TooLong);
    }
    Ok(Value::Bytes(b))
}

/// VARBINARY text: `\x` followed by hex digits is the bytes they spell, anything else the
/// text's own bytes.
fn varbinary_bytes(s: &str) -> std::result::Result<Vec<u8>, Problem> {
    let Some(hex) = s.strip_prefix("\\x").or_else(|| s.strip_prefix("\\X")) else {
        return Ok(s.as_bytes().to_vec());
    };
    decode_hex(hex).ok_or(Problem::BadVarbinary)
}

fn fit_decimal_text(text: &str, ty: ColType) -> std::result::Result<Value, Problem> {
    let unscaled = parse_decimal(text, ty.scale).ok_or(Problem::Invalid)?;
    if unscaled.unsigned_abs() >= 10u128.pow(u32::from(ty.precision)) {
        return Err(Problem::DecimalOverflow);
    }
    Ok(Value::Decimal { unscaled, scale: ty.scale })
}

/// A JSON tag: an object of scalar values, stored in a canonical (key-sorted, compact) form
/// as TDengine renders it; empty text and `null` mean NULL.
fn json_tag(text: &str) -> std::result::Result<Value, Problem> {
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed.eq_ignore_ascii_case("null") {
        return Ok(Value::Null);
    }
    if trimmed.chars().count() > JSON_MAX_CHARS {
        return Err(Problem::BadJson(format!("json string too long than {JSON_MAX_CHARS}")));
    }
    let parsed: serde_json::Value = serde_json::from_str(trimmed).map_err(|_| Problem::BadJson("json parse error".into()))?;
    let serde_json::Value::Object(object) = parsed else {
        return Err(Problem::BadJson("json error invalide value".into()));
    };
    for (key, value) in &object {
        if key.chars().count() > JSON_MAX_KEY {
            return Err(Problem::BadJson("json key too long, more than 256".into()));
        }
        if value.is_object() || value.is_array() {
            return Err(Problem::BadJson("invalidate json value".into()));
        }
    }
    Ok(Value::Text(serde_json::Value::Object(object).to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::ast::{Duration, FunctionCall, TimeUnit};

    fn field(ty: ColType) -> Field {
        Field { name: "c".into(), ty }
    }

    fn lit(l: Literal) -> Expr {
        Expr::Literal(l)
    }

    fn clock(tz: &TimeZone) -> Clock<'_> {
        Clock { precision: Precision::Millisecond, tz, now: 1_700_000_000_123_456_789 }
    }

    fn sql(expr: Expr, ty: ColType) -> Result<Value> {
        from_literal(&expr, &field(ty), &clock(&TimeZone::UTC))
    }

    #[test]
    fn integers_are_range_checked_with_tdengine_messages() {
        let tiny = ColType::plain(DataType::TinyInt);
        assert_eq!(sql(lit(Literal::Integer(-128)), tiny), Ok(Value::Int(-128)));
        let e = sql(lit(Literal::Integer(128)), tiny).unwrap_err();
        assert_eq!((e.code, e.message.as_str()), (0x0216, "syntax error near '128' (tinyint data overflow)"));
        let e = sql(lit(Literal::String("abc".into())), tiny).unwrap_err();
        assert_eq!(e.message, "syntax error near 'abc' (invalid tinyint data)");
        let ubig = ColType::plain(DataType::UBigInt);
        assert_eq!(sql(lit(Literal::Integer(u64::MAX.into())), ubig), Ok(Value::UInt(u64::MAX)));
        let e = sql(lit(Literal::Integer(-1)), ColType::plain(DataType::UTinyInt)).unwrap_err();
        assert_eq!(e.message, "syntax error near '-1' (invalid unsigned tinyint data)");
        assert_eq!(sql(lit(Literal::String("0x10".into())), ubig), Ok(Value::UInt(16)));
        assert_eq!(sql(lit(Literal::Float { value: 2.5, text: "2.5".into() }), tiny), Ok(Value::Int(3)));
        assert_eq!(sql(lit(Literal::Bool(true)), tiny), Ok(Value::Int(1)));
        assert_eq!(sql(lit(Literal::String("NULL".into())), tiny), Ok(Value::Null));
    }

    #[test]
    fn text_widths() {
        let nchar = ColType::var(DataType::NChar, 2);
        assert_eq!(sql(lit(Literal::String("北京".into())), nchar), Ok(Value::Text("北京".into())));
        let e = sql(lit(Literal::String("北京市".into())), nchar).unwrap_err();
        assert_eq!((e.code, e.message.as_str()), (0x2653, "Value too long for column/tag: c"));
        let varchar = ColType::var(DataType::VarChar, 5);
        assert!(sql(lit(Literal::String("北京".into())), varchar).is_err(), "6 bytes");
        assert_eq!(sql(lit(Literal::Integer(42)), varchar), Ok(Value::Text("42".into())));
        assert_eq!(sql(lit(Literal::String("null".into())), varchar), Ok(Value::Text("null".into())));
    }

    #[test]
    fn timestamps() {
        let ts = ColType::plain(DataType::Timestamp);
        assert_eq!(sql(lit(Literal::Integer(5)), ts), Ok(Value::Timestamp(5)));
        let now = Expr::Function(FunctionCall { name: "now".into(), args: FunctionArgs::List(vec![]) });
        assert_eq!(sql(now.clone(), ts), Ok(Value::Timestamp(1_700_000_000_123)));
        let hour_ago = Expr::Binary {
            left: Box::new(now),
            op: BinaryOp::Sub,
            right: Box::new(lit(Literal::Duration(Duration { value: 1, unit: TimeUnit::Hour }))),
        };
        assert_eq!(sql(hour_ago, ts), Ok(Value::Timestamp(1_699_996_400_123)));
        let month = Expr::Binary {
            left: Box::new(lit(Literal::Integer(0))),
            op: BinaryOp::Add,
            right: Box::new(lit(Literal::Duration(Duration { value: 1, unit: TimeUnit::Month }))),
        };
        assert!(sql(month, ts).is_err(), "calendar units are refused in INSERT");
        assert_eq!(sql(lit(Literal::String("1970-01-01 00:00:01".into())), ts), Ok(Value::Timestamp(1000)));
        assert_eq!(sql(lit(Literal::String("1500".into())), ts), Ok(Value::Timestamp(1500)));
        let e = sql(lit(Literal::String("yesterday".into())), ts).unwrap_err();
        assert_eq!(e.message, "syntax error near 'yesterday' (invalid timestamp)");
        assert_eq!(sql(lit(Literal::Null), ts), Ok(Value::Null));
    }

    #[test]
    fn floats_decimals_binary_json() {
        let float = ColType::plain(DataType::Float);
        assert_eq!(sql(lit(Literal::Float { value: 0.1, text: "0.1".into() }), float), Ok(Value::Float(f64::from(0.1f32))));
        assert!(sql(lit(Literal::Float { value: 1e39, text: "1e39".into() }), float).is_err());
        let decimal = ColType { ty: DataType::Decimal64, width: 0, precision: 4, scale: 2 };
        assert_eq!(sql(lit(Literal::Float { value: 12.3, text: "12.3".into() }), decimal), Ok(Value::Decimal { unscaled: 1230, scale: 2 }));
        assert_eq!(sql(lit(Literal::Integer(100)), decimal).unwrap_err().code, 0x013D);
        let varbinary = ColType::var(DataType::VarBinary, 3);
        assert_eq!(sql(lit(Literal::String("\\x0aff".into())), varbinary), Ok(Value::Bytes(vec![10, 255])));
        assert_eq!(sql(lit(Literal::String("abc".into())), varbinary), Ok(Value::Bytes(b"abc".to_vec())));
        assert_eq!(sql(lit(Literal::String("\\xZZ".into())), varbinary).unwrap_err().code, 0x266A);
        let json = ColType::plain(DataType::Json);
        assert_eq!(sql(lit(Literal::String(r#"{"b": 1, "a": "x"}"#.into())), json), Ok(Value::Text(r#"{"a":"x","b":1}"#.into())));
        assert!(sql(lit(Literal::String("[1]".into())), json).is_err());
        assert_eq!(sql(lit(Literal::String("".into())), json), Ok(Value::Null));
        let geometry = ColType::var(DataType::Geometry, 21);
        assert_eq!(sql(lit(Literal::String("POINT(1 2)".into())), geometry).map(|v| matches!(v, Value::Bytes(_))), Ok(true));
        assert_eq!(sql(lit(Literal::String("POINT(1 2)".into())), ColType::var(DataType::Geometry, 20)).unwrap_err().code, 0x2653);
    }

    #[test]
    fn bound_values() {
        let f = |ty| field(ty);
        let utc = TimeZone::UTC;
        let from_bound = |v, f: &Field| super::from_bound(v, f, &clock(&utc));
        assert_eq!(from_bound(Value::Int(7), &f(ColType::plain(DataType::UInt))), Ok(Value::UInt(7)));
        let float = f(ColType::plain(DataType::Float));
        assert_eq!(from_bound(Value::Float(3.4028235e38), &float), Ok(Value::Float(f64::from(f32::MAX))));
        assert_eq!(from_bound(Value::Float(1e39), &float).unwrap_err().code, 0x0224);
        let ts = f(ColType::plain(DataType::Timestamp));
        assert_eq!(from_bound(Value::Text("1970-01-01 00:00:01".into()), &ts), Ok(Value::Timestamp(1000)));
        let e = from_bound(Value::Int(300), &f(ColType::plain(DataType::TinyInt))).unwrap_err();
        assert_eq!(e.code, 0x0224);
        let e = from_bound(Value::Text("x".into()), &f(ColType::plain(DataType::Int))).unwrap_err();
        assert_eq!((e.code, e.message.as_str()), (0x0200, "column type mis-match with buffer type"));
        let decimal = ColType { ty: DataType::Decimal, width: 0, precision: 20, scale: 4 };
        assert_eq!(from_bound(Value::Decimal { unscaled: 15, scale: 1 }, &f(decimal)), Ok(Value::Decimal { unscaled: 15_000, scale: 4 }));
        assert_eq!(from_bound(Value::Bytes(vec![0xff]), &f(ColType::var(DataType::VarChar, 4))), Ok(Value::Bytes(vec![0xff])));
        assert_eq!(from_bound(Value::Null, &f(ColType::plain(DataType::Int))), Ok(Value::Null));
    }
}
