//! INSERT in all its forms, TDengine's upsert, and DELETE.

mod engine_support;

use engine_support::*;
use tdlite::engine::{Engine, EngineConfig, Value};

#[test]
fn insert_into_several_tables_at_once() {
    let mut db = meters("ms");
    let written = db.affected(
        "INSERT INTO d1001 VALUES (1000, 10.5, 219, 0.31) (2000, 11.0, 220, 0.32)
                     power.d1002 (ts, voltage) VALUES (1000, 221)
                     d1003 VALUES ('1970-01-01 00:00:03', 12.0, 222, 0.33)",
    );
    assert_eq!(written, 4);
    let rows = db.rows("SELECT tbname, ts, current, voltage FROM meters");
    assert_eq!(
        rows,
        vec![
            vec![text("d1001"), ts(1000), float(10.5), int(219)],
            vec![text("d1001"), ts(2000), float(11.0), int(220)],
            vec![text("d1002"), ts(1000), Value::Null, int(221)],
            vec![text("d1003"), ts(3000), float(12.0), int(222)],
        ]
    );
}

#[test]
fn using_clauses_create_subtables() {
    let mut db = meters("ms");
    db.exec(
        "INSERT INTO d2001 USING meters TAGS ('Texas.Austin', 7) VALUES (1, 1.0, 1, 1.0)
                     d2002 USING power.meters (groupid) TAGS (8) (ts, current) VALUES (2, 2.0)",
    );
    let rows = db.rows("SELECT tbname, location, groupid, current FROM meters WHERE groupid > 6 ORDER BY ts");
    assert_eq!(
        rows,
        vec![vec![text("d2001"), text("Texas.Austin"), int(7), float(1.0)], vec![text("d2002"), Value::Null, int(8), float(2.0)],]
    );
    // An existing subtable keeps its tags.
    db.exec("INSERT INTO d2001 USING meters TAGS ('Elsewhere', 9) VALUES (3, 3.0, 3, 3.0)");
    assert_eq!(db.value("SELECT DISTINCT location FROM d2001"), text("Texas.Austin"));
}

#[test]
fn insert_through_a_supertable_with_tbname() {
    let mut db = meters("ms");
    db.exec(
        "INSERT INTO power.meters (tbname, ts, current, location, groupid)
         VALUES ('d3001', 1, 1.5, 'Ohio', 4) ('d1001', 2, 2.5, 'ignored', 0) ('d3001', 3, 3.5, 'Ohio', 4)",
    );
    let rows = db.rows("SELECT tbname, ts, current, location, groupid FROM meters ORDER BY ts");
    assert_eq!(
        rows,
        vec![
            vec![text("d3001"), ts(1), float(1.5), text("Ohio"), int(4)],
            vec![text("d1001"), ts(2), float(2.5), text("California.SanFrancisco"), int(2)],
            vec![text("d3001"), ts(3), float(3.5), text("Ohio"), int(4)],
        ]
    );
    assert_eq!(db.err("INSERT INTO meters (ts, current) VALUES (1, 1.0)").code, 0x0200);
    assert_eq!(db.err("INSERT INTO meters VALUES (1, 1.0, 1, 1.0)").code, 0x0200);
}

#[test]
fn an_existing_timestamp_is_overwritten() {
    let mut db = Db::new();
    db.script(
        "CREATE DATABASE d; USE d; CREATE TABLE t (ts TIMESTAMP, a INT, b VARCHAR(8));
         INSERT INTO t VALUES (1, 1, 'one') (2, 2, 'two');
         INSERT INTO t VALUES (1, 10, 'ten');
         INSERT INTO t (ts, b) VALUES (2, 'deux')",
    );
    assert_eq!(db.rows("SELECT * FROM t"), vec![vec![ts(1), int(10), text("ten")], vec![ts(2), Value::Null, text("deux")]]);
    db.exec("INSERT INTO t VALUES (3, 1, 'a') (3, 2, 'b')");
    assert_eq!(db.value("SELECT b FROM t WHERE ts = 3"), text("b"), "the later row of a batch wins");
}

#[test]
fn insert_errors() {
    let mut db = meters("ms");
    let cases = [
        ("INSERT INTO nope VALUES (1, 1.0, 1, 1.0)", 0x2603),
        ("INSERT INTO d1001 VALUES (1, 1.0)", 0x0216),
        ("INSERT INTO d1001 (current) VALUES (1.0)", 0x0200),
        ("INSERT INTO d1001 (ts, ts) VALUES (1, 2)", 0x0216),
        ("INSERT INTO d1001 (ts, location) VALUES (1, 'x')", 0x2602),
        ("INSERT INTO d9 USING meters TAGS ('x') VALUES (1, 1.0, 1, 1.0)", 0x260D),
        ("INSERT INTO d9 USING nope TAGS ('x', 1) VALUES (1, 1.0, 1, 1.0)", 0x2603),
        ("INSERT INTO d1001 VALUES (?, 1.0, 1, 1.0)", 0x2600),
        ("INSERT INTO nodb.t VALUES (1, 1)", 0x0388),
    ];
    for (sql, code) in cases {
        assert_eq!(db.err(sql).code, code, "{sql}");
    }
    // A failing clause undoes the whole statement, auto-created tables included.
    let e = db.err("INSERT INTO d4001 USING meters TAGS ('x', 1) VALUES (1, 1.0, 1, 1.0) d1001 VALUES (1, 'bad', 1, 1.0)");
    assert_eq!(e.code, 0x0216);
    assert_eq!(db.err("SELECT * FROM d4001").code, 0x2603);
    assert!(db.rows("SELECT * FROM meters").is_empty());
}

#[test]
fn now_and_durations_in_values() {
    let mut db = Db::new();
    db.script("CREATE DATABASE d PRECISION 'us'; USE d; CREATE TABLE t (ts TIMESTAMP, v INT)");
    db.exec("INSERT INTO t VALUES (NOW, 1) (NOW - 1h, 2) (now() + 1s, 3)");
    let rows = db.rows("SELECT ts, v FROM t ORDER BY v");
    let ticks: Vec<i64> = rows.iter().map(|r| if let Value::Timestamp(t) = r[0] { t } else { 0 }).collect();
    assert_eq!(ticks[0] - ticks[1], 3_600_000_000);
    assert_eq!(ticks[2] - ticks[0], 1_000_000);
    assert_eq!(db.value("SELECT count(*) FROM t WHERE ts > NOW - 2h"), int(3));
    assert_eq!(db.value("SELECT count(*) FROM t WHERE ts < now() - 30m"), int(1));
}

#[test]
fn delete_by_time_and_by_table() {
    let mut db = meters("ms");
    db.exec(
        "INSERT INTO d1001 VALUES (1, 1.0, 1, 1.0) (2, 2.0, 2, 2.0) (3, 3.0, 3, 3.0)
                     d1002 VALUES (1, 1.0, 1, 1.0) (2, 2.0, 2, 2.0)
                     d1003 VALUES (1, 1.0, 1, 1.0)",
    );
    assert_eq!(db.affected("DELETE FROM d1001 WHERE ts >= 2"), 2);
    assert_eq!(db.rows("SELECT ts FROM d1001"), vec![vec![ts(1)]]);
    assert_eq!(db.affected("DELETE FROM meters WHERE tbname = 'd1002' AND ts < 2"), 1);
    assert_eq!(db.affected("DELETE FROM meters WHERE location = 'California.LosAngeles'"), 1);
    assert_eq!(db.rows("SELECT tbname, ts FROM meters"), vec![vec![text("d1001"), ts(1)], vec![text("d1002"), ts(2)]]);
    assert_eq!(db.err("DELETE FROM meters WHERE voltage > 1").code, 0x2655);
    assert_eq!(db.affected("DELETE FROM meters"), 2);
    db.script("CREATE TABLE n (ts TIMESTAMP, v INT); INSERT INTO n VALUES (1, 1) (2, 2)");
    assert_eq!(db.affected("DELETE FROM n WHERE ts BETWEEN '1970-01-01 00:00:00.001' AND 1"), 1);
    assert_eq!(db.rows("SELECT * FROM n"), vec![vec![ts(2), int(2)]]);
    assert_eq!(db.err("DELETE FROM nope").code, 0x2603);
}

#[test]
fn discard_rows_mode_validates_and_counts_but_keeps_nothing() {
    let config = EngineConfig { discard_rows: true, ..EngineConfig::default() };
    let mut db = Db::with_engine(Engine::open(config).unwrap());
    db.script("CREATE DATABASE b; CREATE TABLE b.t (ts TIMESTAMP, v TINYINT)");
    assert_eq!(db.affected("INSERT INTO b.t VALUES (1, 1) (2, 2) (3, 3)"), 3);
    // Validation still applies: an out-of-range value fails the statement.
    db.err("INSERT INTO b.t VALUES (4, 1000)");
    db.err("INSERT INTO b.t VALUES (NULL, 1)");
    assert!(db.rows("SELECT * FROM b.t").is_empty());
}
