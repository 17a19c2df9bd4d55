//! Every column type written through SQL and read back: extremes, NULLs, unicode, bytes,
//! exact unsigned and decimal values, and timestamps in each precision.

mod engine_support;

use engine_support::*;
use tdflink_protocol::types::{DataType, Precision};
use tdlite::engine::Value;

const ALL_TYPES: &str = "CREATE TABLE alltypes (ts TIMESTAMP, b BOOL, i8 TINYINT, i16 SMALLINT, i32 INT,
    i64 BIGINT, u8 TINYINT UNSIGNED, u16 SMALLINT UNSIGNED, u32 INT UNSIGNED, u64 BIGINT UNSIGNED,
    f FLOAT, d DOUBLE, vc VARCHAR(16), nc NCHAR(8), vb VARBINARY(16), g GEOMETRY(64),
    d64 DECIMAL(10, 2), d128 DECIMAL(30, 5), ts2 TIMESTAMP)";

fn all_types() -> Db {
    let mut db = Db::new();
    db.script(&format!("CREATE DATABASE t; USE t; {ALL_TYPES}"));
    db
}

fn point(x: f64, y: f64) -> Value {
    let mut wkb = vec![1, 1, 0, 0, 0];
    wkb.extend(x.to_le_bytes());
    wkb.extend(y.to_le_bytes());
    Value::Bytes(wkb)
}

fn decimal(unscaled: i128, scale: u8) -> Value {
    Value::Decimal { unscaled, scale }
}

#[test]
fn extremes_round_trip_exactly() {
    let mut db = all_types();
    let written = db.affected(
        "INSERT INTO alltypes VALUES
         (1000, true, -128, -32768, -2147483648, -9223372036854775808, 0, 0, 0, 0,
          -3.4e38, -1.7e308, '', '', '', 'POINT(1 2)', -99999999.99,
          -9999999999999999999999999.99999, 0)
         (2000, false, 127, 32767, 2147483647, 9223372036854775807, 255, 65535, 4294967295,
          18446744073709551615, 3.4e38, 1.7e308, 'hello', '北京😀', '\\x00ff10', 'POINT(-1.5 0)',
          99999999.99, 9999999999999999999999999.99999, '2024-01-01 00:00:00')",
    );
    assert_eq!(written, 2);
    let rows = db.rows("SELECT * FROM alltypes");
    assert_eq!(
        rows[0],
        vec![
            ts(1000),
            Value::Bool(true),
            int(-128),
            int(-32768),
            int(-2147483648),
            int(i64::MIN),
            uint(0),
            uint(0),
            uint(0),
            uint(0),
            float(f64::from(-3.4e38f32)),
            float(-1.7e308),
            text(""),
            text(""),
            Value::Bytes(vec![]),
            point(1.0, 2.0),
            decimal(-9_999_999_999, 2),
            decimal(-999_999_999_999_999_999_999_999_999_999, 5),
            ts(0),
        ]
    );
    assert_eq!(
        rows[1],
        vec![
            ts(2000),
            Value::Bool(false),
            int(127),
            int(32767),
            int(2147483647),
            int(i64::MAX),
            uint(255),
            uint(65535),
            uint(4294967295),
            uint(u64::MAX),
            float(f64::from(3.4e38f32)),
            float(1.7e308),
            text("hello"),
            text("北京😀"),
            Value::Bytes(vec![0x00, 0xff, 0x10]),
            point(-1.5, 0.0),
            decimal(9_999_999_999, 2),
            decimal(999_999_999_999_999_999_999_999_999_999, 5),
            ts(1_704_067_200_000),
        ]
    );
}

#[test]
fn nulls_in_every_column_but_the_key() {
    let mut db = all_types();
    let nulls = vec!["NULL"; 18].join(", ");
    db.exec(&format!("INSERT INTO alltypes VALUES (5, {nulls})"));
    let row = &db.rows("SELECT * FROM alltypes")[0];
    assert_eq!(row[0], ts(5));
    assert!(row[1..].iter().all(Value::is_null), "{row:?}");
    let e = db.err(&format!("INSERT INTO alltypes VALUES (NULL, {nulls})"));
    assert_eq!(e.code, 0x0216, "{e}");
}

#[test]
fn result_metadata_follows_the_schema() {
    let mut db = all_types();
    let set = db.query("SELECT * FROM alltypes");
    let described: Vec<(DataType, u32, u8, u8)> = set.columns.iter().map(|c| (c.ty, c.bytes, c.precision, c.scale)).collect();
    use DataType::*;
    assert_eq!(
        described,
        vec![
            (Timestamp, 8, 0, 0),
            (Bool, 1, 0, 0),
            (TinyInt, 1, 0, 0),
            (SmallInt, 2, 0, 0),
            (Int, 4, 0, 0),
            (BigInt, 8, 0, 0),
            (UTinyInt, 1, 0, 0),
            (USmallInt, 2, 0, 0),
            (UInt, 4, 0, 0),
            (UBigInt, 8, 0, 0),
            (Float, 4, 0, 0),
            (Double, 8, 0, 0),
            (VarChar, 16, 0, 0),
            (NChar, 8, 0, 0),
            (VarBinary, 16, 0, 0),
            (Geometry, 64, 0, 0),
            (Decimal64, 8, 10, 2),
            (Decimal, 16, 30, 5),
            (Timestamp, 8, 0, 0),
        ]
    );
    assert_eq!(set.precision, Precision::Millisecond);
}

#[test]
fn unsigned_and_decimal_compare_and_sort_exactly() {
    let mut db = all_types();
    db.script(
        "INSERT INTO alltypes (ts, u64, d64, d128) VALUES (1, 0, -1.5, -0.00001) (2, 9223372036854775807, 0, 0)
         (3, 9223372036854775808, 2.25, 12345678901234567890.5) (4, 18446744073709551615, 99.99, 1)",
    );
    let keys = |db: &mut Db, sql: &str| -> Vec<Value> { db.rows(sql).into_iter().map(|r| r[0].clone()).collect() };
    assert_eq!(keys(&mut db, "SELECT ts FROM alltypes WHERE u64 > 9223372036854775807"), vec![ts(3), ts(4)]);
    assert_eq!(keys(&mut db, "SELECT ts FROM alltypes WHERE u64 >= 18446744073709551615"), vec![ts(4)]);
    assert_eq!(keys(&mut db, "SELECT ts FROM alltypes WHERE u64 > -1").len(), 4, "every unsigned value exceeds -1");
    assert_eq!(keys(&mut db, "SELECT ts FROM alltypes WHERE u64 < 1.5"), vec![ts(1)]);
    assert_eq!(keys(&mut db, "SELECT ts FROM alltypes WHERE u64 = 18446744073709551616"), vec![]);
    assert_eq!(keys(&mut db, "SELECT ts FROM alltypes ORDER BY u64 DESC"), vec![ts(4), ts(3), ts(2), ts(1)]);
    assert_eq!(db.value("SELECT max(u64) FROM alltypes"), uint(u64::MAX));
    assert_eq!(db.value("SELECT min(u64) FROM alltypes"), uint(0));
    assert_eq!(keys(&mut db, "SELECT ts FROM alltypes WHERE d64 > 2.2"), vec![ts(3), ts(4)]);
    assert_eq!(keys(&mut db, "SELECT ts FROM alltypes WHERE d64 = 2.25"), vec![ts(3)]);
    assert_eq!(keys(&mut db, "SELECT ts FROM alltypes WHERE d64 <= -1.5"), vec![ts(1)]);
    assert_eq!(keys(&mut db, "SELECT ts FROM alltypes WHERE d128 < 0"), vec![ts(1)]);
    assert_eq!(keys(&mut db, "SELECT ts FROM alltypes ORDER BY d128 DESC"), vec![ts(3), ts(4), ts(2), ts(1)]);
    assert_eq!(db.value("SELECT max(d128) FROM alltypes"), decimal(1_234_567_890_123_456_789_050_000, 5));
    assert_eq!(db.value("SELECT sum(u64) FROM alltypes WHERE ts < 4"), uint(u64::MAX));
}

#[test]
fn values_are_checked_against_their_columns() {
    let mut db = all_types();
    let cases = [
        ("(ts, i8) VALUES (1, 128)", 0x0216, "syntax error near '128' (tinyint data overflow)"),
        ("(ts, u8) VALUES (1, -1)", 0x0216, "syntax error near '-1' (invalid unsigned tinyint data)"),
        ("(ts, i32) VALUES (1, 'abc')", 0x0216, "syntax error near 'abc' (invalid int data)"),
        ("(ts, i64) VALUES (1, 9223372036854775808)", 0x0216, "syntax error near '9223372036854775808' (invalid bigint data)"),
        ("(ts, b) VALUES (1, 'maybe')", 0x0216, "syntax error near 'maybe' (invalid bool data)"),
        ("(ts, vc) VALUES (1, '12345678901234567')", 0x2653, "Value too long for column/tag: vc"),
        ("(ts, nc) VALUES (1, '123456789')", 0x2653, "Value too long for column/tag: nc"),
        ("(ts, d64) VALUES (1, 100000000)", 0x013D, "Decimal value overflow"),
        ("(ts, nope) VALUES (1, 2)", 0x2602, "Invalid column name: nope"),
        ("(ts, ts2) VALUES (1, 'not a time')", 0x0216, "syntax error near 'not a time' (invalid timestamp)"),
    ];
    for (tail, code, message) in cases {
        let e = db.err(&format!("INSERT INTO alltypes {tail}"));
        assert_eq!((e.code, e.message.as_str()), (code, message), "{tail}");
    }
    assert_eq!(db.rows("SELECT * FROM alltypes"), Vec::<Vec<Value>>::new(), "failed inserts write nothing");
}

#[test]
fn timestamps_in_each_precision() {
    for (unit, precision, expected) in [
        ("ms", Precision::Millisecond, 1_626_185_192_272),
        ("us", Precision::Microsecond, 1_626_185_192_272_345),
        ("ns", Precision::Nanosecond, 1_626_185_192_272_345_678),
    ] {
        let mut db = Db::new();
        db.script(&format!(
            "CREATE DATABASE p PRECISION '{unit}'; USE p; CREATE TABLE t (ts TIMESTAMP, v INT);
             INSERT INTO t VALUES ('2021-07-13 14:06:32.272345678', 1) ({expected} + 1s, 2)"
        ));
        let set = db.query("SELECT ts, v FROM t");
        assert_eq!(set.precision, precision, "{unit}");
        let second = precision.ticks_per_second();
        assert_eq!(set.rows, vec![vec![ts(expected), int(1)], vec![ts(expected + second), int(2)]], "{unit}");
        let found = db.rows("SELECT v FROM t WHERE ts = '2021-07-13T14:06:32.272345678Z'");
        assert_eq!(found, vec![vec![int(1)]], "{unit}");
        let later = db.rows(&format!("SELECT v FROM t WHERE ts > {expected} AND ts <= {expected} + 1000a"));
        assert_eq!(later, vec![vec![int(2)]], "{unit}");
    }
}

#[test]
fn session_time_zone_reads_local_times() {
    let mut db = Db::new();
    db.session = db.engine.session("root", None, Some("Asia/Shanghai")).unwrap();
    db.script("CREATE DATABASE z; USE z; CREATE TABLE t (ts TIMESTAMP, v INT); INSERT INTO t VALUES ('2024-01-01 08:00:00', 1)");
    assert_eq!(db.value("SELECT ts FROM t"), ts(1_704_067_200_000));
    assert_eq!(db.value("SELECT v FROM t WHERE ts = '2024-01-01T00:00:00Z'"), int(1));
    assert!(db.engine.session("root", None, Some("Nowhere/Special")).is_err());
}

#[test]
fn json_tags_and_text_forms() {
    let mut db = Db::new();
    db.script(
        "CREATE DATABASE j; USE j;
         CREATE STABLE s (ts TIMESTAMP, v VARCHAR(8)) TAGS (info JSON);
         INSERT INTO a USING s TAGS ('{\"k\": \"v\", \"n\": 1}') VALUES (1, 'x');
         INSERT INTO b USING s TAGS (NULL) VALUES (1, 'y')",
    );
    let set = db.query("SELECT tbname, info FROM s ORDER BY tbname");
    assert_eq!(set.columns[1].ty, DataType::Json);
    assert_eq!(set.rows, vec![vec![text("a"), text(r#"{"k":"v","n":1}"#)], vec![text("b"), Value::Null]]);
    let e = db.err("INSERT INTO c USING s TAGS ('[1, 2]') VALUES (1, 'z')");
    assert_eq!(e.code, 0x0216);
    let e = db.err("CREATE STABLE bad (ts TIMESTAMP, v INT) TAGS (a JSON, b INT)");
    assert_eq!(e.code, 0x2633);
}
