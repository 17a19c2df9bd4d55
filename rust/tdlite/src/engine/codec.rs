//! How each TDengine type is stored in SQLite. Every encoding keeps SQLite's own ordering equal
//! to the type's, so comparisons, ORDER BY, MIN and MAX run inside SQLite unchanged:
//! BIGINT UNSIGNED is offset by 2^63 into an i64, DECIMAL(p > 18) is a 16-byte big-endian blob
//! with the sign bit flipped, DECIMAL(p <= 18) its unscaled i64.

use super::value::Value;
use rusqlite::types::{Value as SqlValue, ValueRef};
use tdflink_protocol::types::DataType;

const SIGN_64: u64 = 1 << 63;
const SIGN_128: u128 = 1 << 127;

/// BIGINT UNSIGNED as stored: order-preserving in i64.
pub fn encode_u64(v: u64) -> i64 {
    (v ^ SIGN_64) as i64
}

pub fn decode_u64(stored: i64) -> u64 {
    stored as u64 ^ SIGN_64
}

/// DECIMAL(p > 18) as stored: a blob whose byte order is the numeric order.
pub fn encode_i128(v: i128) -> Vec<u8> {
    (v as u128 ^ SIGN_128).to_be_bytes().to_vec()
}

fn decode_i128(bytes: &[u8]) -> Option<i128> {
    let array: [u8; 16] = bytes.try_into().ok()?;
    Some((u128::from_be_bytes(array) ^ SIGN_128) as i128)
}

/// The stored form of `value`, already checked against a column of type `ty`.
pub fn to_sql(value: &Value, ty: DataType) -> SqlValue {
    match value {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Int(v) | Value::Timestamp(v) => SqlValue::Integer(*v),
        Value::UInt(v) if ty == DataType::UBigInt => SqlValue::Integer(encode_u64(*v)),
        // Smaller unsigned types always fit an i64.
        Value::UInt(v) => SqlValue::Integer(*v as i64),
        Value::Float(v) => SqlValue::Real(*v),
        Value::Text(s) => SqlValue::Text(s.clone()),
        Value::Bytes(b) => SqlValue::Blob(b.clone()),
        // DECIMAL64 values have at most 18 digits, so they fit an i64.
        Value::Decimal { unscaled, .. } if ty == DataType::Decimal64 => SqlValue::Integer(*unscaled as i64),
        Value::Decimal { unscaled, .. } => SqlValue::Blob(encode_i128(*unscaled)),
    }
}

/// Reads a stored (or computed) SQLite value as a value of type `ty`; `scale` is DECIMAL's.
pub fn from_sql(stored: ValueRef<'_>, ty: DataType, scale: u8) -> Result<Value, String> {
    use DataType::*;
    let value = match (ty, stored) {
        (_, ValueRef::Null) => Value::Null,
        (Bool, ValueRef::Integer(v)) => Value::Bool(v != 0),
        (Bool, ValueRef::Real(v)) => Value::Bool(v != 0.0),
        (TinyInt | SmallInt | Int | BigInt, ValueRef::Integer(v)) => Value::Int(v),
        (TinyInt | SmallInt | Int | BigInt, ValueRef::Real(v)) => Value::Int(v as i64),
        (UBigInt, ValueRef::Integer(v)) => Value::UInt(decode_u64(v)),
        (UTinyInt | USmallInt | UInt, ValueRef::Integer(v)) => Value::UInt(v as u64),
        (Float | Double, ValueRef::Integer(v)) => Value::Float(v as f64),
        (Float | Double, ValueRef::Real(v)) => Value::Float(v),
        (Timestamp, ValueRef::Integer(v)) => Value::Timestamp(v),
        (Timestamp, ValueRef::Real(v)) => Value::Timestamp(v as i64),
        (VarChar | NChar | Json, ValueRef::Text(b)) => match std::str::from_utf8(b) {
            Ok(s) => Value::Text(s.to_owned()),
            Err(_) if ty == VarChar => Value::Bytes(b.to_vec()),
            Err(_) => Value::Text(String::from_utf8_lossy(b).into_owned()),
        },
        // VARCHAR holding bytes that are not UTF-8 (bound through stmt) is stored as a blob.
        (VarChar, ValueRef::Blob(b)) => Value::Bytes(b.to_vec()),
        (VarChar | NChar, ValueRef::Integer(v)) => Value::Text(v.to_string()),
        (VarChar | NChar, ValueRef::Real(v)) => Value::Text(v.to_string()),
        (VarBinary | Geometry | Blob | MediumBlob, ValueRef::Blob(b) | ValueRef::Text(b)) => Value::Bytes(b.to_vec()),
        (Decimal64, ValueRef::Integer(v)) => Value::Decimal { unscaled: i128::from(v), scale },
        (Decimal, ValueRef::Blob(b)) => match decode_i128(b) {
            Some(unscaled) => Value::Decimal { unscaled, scale },
            None => return Err(format!("a {}-byte DECIMAL", b.len())),
        },
        (ty, other) => return Err(format!("{:?} stored for a {ty} value", other.data_type())),
    };
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsigned_order_survives_encoding() {
        let values = [0, 1, i64::MAX as u64, i64::MAX as u64 + 1, u64::MAX - 1, u64::MAX];
        for pair in values.windows(2) {
            assert!(encode_u64(pair[0]) < encode_u64(pair[1]), "{pair:?}");
        }
        for v in values {
            assert_eq!(decode_u64(encode_u64(v)), v);
        }
    }

    #[test]
    fn decimal_order_survives_encoding() {
        let values = [i128::MIN + 1, -10i128.pow(37), -1, 0, 1, 10i128.pow(37), i128::MAX];
        for pair in values.windows(2) {
            assert!(encode_i128(pair[0]) < encode_i128(pair[1]), "{pair:?}");
        }
        for v in values {
            assert_eq!(decode_i128(&encode_i128(v)), Some(v));
        }
    }

    #[test]
    fn round_trips_by_type() {
        let cases = [
            (Value::UInt(u64::MAX), DataType::UBigInt),
            (Value::UInt(255), DataType::UTinyInt),
            (Value::Bool(true), DataType::Bool),
            (Value::Decimal { unscaled: -12345, scale: 2 }, DataType::Decimal64),
            (Value::Decimal { unscaled: 10i128.pow(30), scale: 2 }, DataType::Decimal),
            (Value::Text("héllo".into()), DataType::NChar),
            (Value::Bytes(vec![0, 255]), DataType::VarBinary),
            (Value::Bytes(vec![0xff, 0xfe]), DataType::VarChar),
            (Value::Null, DataType::Int),
        ];
        for (value, ty) in cases {
            let stored = to_sql(&value, ty);
            assert_eq!(from_sql(ValueRef::from(&stored), ty, 2), Ok(value.clone()), "{ty}");
        }
    }
}
