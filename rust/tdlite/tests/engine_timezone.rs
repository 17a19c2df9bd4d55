//! The server's time zone (`EngineConfig::timezone`, the binary's `--timezone`): sessions that
//! set none read time literals, count calendar months and report `TIMEZONE()` in it; a
//! session's own zone wins, and setting none again goes back to the server's.

mod engine_support;

use engine_support::Db;
use tdlite::engine::{Engine, EngineConfig, Value, Zone};

/// 2024-01-01 02:00:00 UTC, 10:00 in Shanghai.
const SHANGHAI_TEN: i64 = 1_704_074_400_000;
const HOUR: i64 = 3_600_000;

fn in_shanghai() -> Db {
    let timezone = Zone::named("Asia/Shanghai").unwrap();
    let mut db = Db::with_engine(Engine::open(EngineConfig { timezone, ..EngineConfig::default() }).unwrap());
    db.script("CREATE DATABASE d; USE d; CREATE TABLE t (ts TIMESTAMP, v INT)");
    db
}

#[test]
fn sessions_without_a_zone_use_the_servers() {
    let mut db = in_shanghai();
    db.exec("INSERT INTO t VALUES ('2024-01-01 10:00:00', 1)");
    assert_eq!(db.value("SELECT ts FROM t WHERE v = 1"), Value::Timestamp(SHANGHAI_TEN));
    assert_eq!(db.value("SELECT COUNT(*) FROM t WHERE ts = '2024-01-01 10:00:00'"), Value::Int(1));
    assert_eq!(db.value("SELECT TIMEZONE()"), Value::Text("Asia/Shanghai".into()));
    // An explicit offset is read as written, whatever the zone.
    db.exec("INSERT INTO t VALUES ('2024-01-01T10:00:00Z', 2)");
    assert_eq!(db.value("SELECT ts FROM t WHERE v = 2"), Value::Timestamp(SHANGHAI_TEN + 8 * HOUR));
}

#[test]
fn a_sessions_own_zone_wins_until_it_sets_none() {
    let mut db = in_shanghai();
    db.session.set_timezone(Some("UTC")).unwrap();
    db.exec("INSERT INTO t VALUES ('2024-01-01 10:00:00', 1)");
    assert_eq!(db.value("SELECT ts FROM t"), Value::Timestamp(SHANGHAI_TEN + 8 * HOUR));
    assert_eq!(db.value("SELECT TIMEZONE()"), Value::Text("UTC".into()));
    db.session.set_timezone(None).unwrap();
    assert_eq!(db.value("SELECT TIMEZONE()"), Value::Text("Asia/Shanghai".into()));
    assert_eq!(db.engine.session("root", None, Some("")).unwrap().timezone, None, "empty is none");
    assert!(db.session.set_timezone(Some("Nowhere/City")).is_err());
}

#[test]
fn calendar_arithmetic_follows_the_servers_zone() {
    let mut db = in_shanghai();
    // Shanghai midnight of 2024-03-01 (February 29 in UTC) plus one month is Shanghai
    // midnight of 2024-04-01, not March 29.
    db.exec("INSERT INTO t VALUES ('2024-04-01 00:00:00', 1)");
    assert_eq!(db.value("SELECT COUNT(*) FROM t WHERE ts = '2024-03-01 00:00:00' + 1n"), Value::Int(1));
}

#[test]
fn the_library_default_is_utc() {
    let mut db = Db::new();
    assert_eq!(db.value("SELECT TIMEZONE()"), Value::Text("UTC".into()));
}
