//! SQL functions TDengine has and SQLite lacks, registered on the connection:
//! `td_first(ts, v)`, `td_last(ts, v)` (non-NULL value at the smallest/largest timestamp),
//! `td_last_row(ts, v)` (value at the largest timestamp, NULL or not), `td_isum(v)` and
//! `td_usum(v, encoded)` (sums that wrap like TDengine's instead of failing on overflow) and
//! `td_mod(a, b)` (a floating remainder; SQLite's `%` truncates to integers).

use super::codec::{decode_u64, encode_u64};
use rusqlite::functions::{Aggregate, Context, FunctionFlags};
use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::Connection;

fn flags() -> FunctionFlags {
    FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC
}

pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_aggregate_function("td_first", 2, flags(), Pick { later: false, keep_null: false })?;
    conn.create_aggregate_function("td_last", 2, flags(), Pick { later: true, keep_null: false })?;
    conn.create_aggregate_function("td_last_row", 2, flags(), Pick { later: true, keep_null: true })?;
    conn.create_aggregate_function("td_isum", 1, flags(), SignedSum)?;
    conn.create_aggregate_function("td_usum", 2, flags(), UnsignedSum)?;
    conn.create_scalar_function("td_mod", 2, flags(), |ctx| {
        let (a, b) = (number(ctx.get_raw(0)), number(ctx.get_raw(1)));
        Ok(match (a, b) {
            (Some(a), Some(b)) if b != 0.0 => Some(a % b),
            _ => None,
        })
    })
}

fn number(v: ValueRef<'_>) -> Option<f64> {
    match v {
        ValueRef::Integer(i) => Some(i as f64),
        ValueRef::Real(f) => Some(f),
        _ => None,
    }
}

/// Keeps the value whose timestamp is earliest (or latest); rows without a timestamp, and
/// NULL values unless `keep_null`, are skipped. Ties keep the first row seen.
struct Pick {
    later: bool,
    keep_null: bool,
}

impl Aggregate<Option<(i64, SqlValue)>, SqlValue> for Pick {
    fn init(&self, _: &mut Context<'_>) -> rusqlite::Result<Option<(i64, SqlValue)>> {
        Ok(None)
    }

    fn step(&self, ctx: &mut Context<'_>, best: &mut Option<(i64, SqlValue)>) -> rusqlite::Result<()> {
        let ValueRef::Integer(ts) = ctx.get_raw(0) else {
            return Ok(());
        };
        let value = ctx.get_raw(1);
        if value == ValueRef::Null && !self.keep_null {
            return Ok(());
        }
        let better = match best {
            None => true,
            Some((current, _)) => {
                if self.later {
                    ts > *current
                } else {
                    ts < *current
                }
            }
        };
        if better {
            // Only text that is not UTF-8 fails to convert, and tdlite stores such text as a blob.
            *best = Some((ts, SqlValue::try_from(value).unwrap_or(SqlValue::Null)));
        }
        Ok(())
    }

    fn finalize(&self, _: &mut Context<'_>, best: Option<Option<(i64, SqlValue)>>) -> rusqlite::Result<SqlValue> {
        Ok(best.flatten().map_or(SqlValue::Null, |(_, v)| v))
    }
}

struct SignedSum;

impl Aggregate<Option<i64>, Option<i64>> for SignedSum {
    fn init(&self, _: &mut Context<'_>) -> rusqlite::Result<Option<i64>> {
        Ok(None)
    }

    fn step(&self, ctx: &mut Context<'_>, sum: &mut Option<i64>) -> rusqlite::Result<()> {
        if let ValueRef::Integer(v) = ctx.get_raw(0) {
            *sum = Some(sum.unwrap_or(0).wrapping_add(v));
        }
        Ok(())
    }

    fn finalize(&self, _: &mut Context<'_>, sum: Option<Option<i64>>) -> rusqlite::Result<Option<i64>> {
        Ok(sum.flatten())
    }
}

/// Sums unsigned values (`encoded` says whether they are BIGINT UNSIGNED's stored form) and
/// returns the sum in BIGINT UNSIGNED's stored form.
struct UnsignedSum;

impl Aggregate<Option<u64>, Option<i64>> for UnsignedSum {
    fn init(&self, _: &mut Context<'_>) -> rusqlite::Result<Option<u64>> {
        Ok(None)
    }

    fn step(&self, ctx: &mut Context<'_>, sum: &mut Option<u64>) -> rusqlite::Result<()> {
        if let ValueRef::Integer(v) = ctx.get_raw(0) {
            let encoded = matches!(ctx.get_raw(1), ValueRef::Integer(1));
            let v = if encoded { decode_u64(v) } else { v as u64 };
            *sum = Some(sum.unwrap_or(0).wrapping_add(v));
        }
        Ok(())
    }

    fn finalize(&self, _: &mut Context<'_>, sum: Option<Option<u64>>) -> rusqlite::Result<Option<i64>> {
        Ok(sum.flatten().map(encode_u64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(sql: &str) -> SqlValue {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        conn.execute_batch(
            "CREATE TABLE t (ts INTEGER, v INTEGER);
             INSERT INTO t VALUES (3, 30), (1, NULL), (2, 20), (4, NULL), (NULL, 99);",
        )
        .unwrap();
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn first_last_and_last_row() {
        assert_eq!(query("SELECT td_first(ts, v) FROM t"), SqlValue::Integer(20));
        assert_eq!(query("SELECT td_last(ts, v) FROM t"), SqlValue::Integer(30));
        assert_eq!(query("SELECT td_last_row(ts, v) FROM t"), SqlValue::Null);
        assert_eq!(query("SELECT td_first(ts, v) FROM t WHERE 0"), SqlValue::Null);
    }

    #[test]
    fn sums_wrap_instead_of_failing() {
        assert_eq!(query("SELECT td_isum(v) FROM t"), SqlValue::Integer(149));
        let wrapped = "SELECT td_isum(x) FROM (SELECT 9223372036854775807 AS x UNION ALL SELECT 1)";
        assert_eq!(query(wrapped), SqlValue::Integer(i64::MIN));
        assert_eq!(query("SELECT td_isum(v) FROM t WHERE v IS NULL"), SqlValue::Null);
        let max = encode_u64(u64::MAX);
        assert_eq!(query(&format!("SELECT td_usum({max}, 1)")), SqlValue::Integer(max));
        assert_eq!(query("SELECT td_usum(v, 0) FROM t"), SqlValue::Integer(encode_u64(149)));
        assert_eq!(query("SELECT td_mod(7.5, 2)"), SqlValue::Real(1.5));
        assert_eq!(query("SELECT td_mod(1, 0)"), SqlValue::Null);
    }
}
