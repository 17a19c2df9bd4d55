//! Databases, tables and the ways clients look at them: SHOW, DESCRIBE, information_schema.

mod engine_support;

use engine_support::*;
use tdflink_protocol::types::DataType;
use tdlite::engine::{Value, SERVER_VERSION};

fn strings(rows: Vec<Vec<Value>>) -> Vec<String> {
    rows.into_iter()
        .map(|r| match &r[0] {
            Value::Text(s) => s.clone(),
            other => panic!("{other:?}"),
        })
        .collect()
}

#[test]
fn databases_are_created_listed_and_dropped() {
    let mut db = Db::new();
    db.exec("CREATE DATABASE power PRECISION 'us' VGROUPS 4 KEEP 3650 BUFFER 16");
    db.exec("CREATE DATABASE IF NOT EXISTS power");
    assert_eq!(db.err("CREATE DATABASE power").code, 0x0381);
    let names = strings(db.rows("SHOW DATABASES"));
    assert_eq!(names, vec!["information_schema", "performance_schema", "power"]);
    let set = db.query("SELECT name, vgroups, precision, ntables FROM information_schema.ins_databases WHERE name = 'power'");
    assert_eq!(set.rows, vec![vec![text("power"), int(4), text("us"), int(0)]]);
    assert_eq!(set.columns[1].ty, DataType::Int);
    db.exec("DROP DATABASE power");
    db.exec("DROP DATABASE IF EXISTS power");
    assert_eq!(db.err("DROP DATABASE power").code, 0x0388);
    assert_eq!(db.err("USE power").code, 0x0388);
    assert_eq!(db.err("CREATE DATABASE d PRECISION 'xs'").code, 0x2619);
}

#[test]
fn use_and_database_functions() {
    let mut db = Db::new();
    assert_eq!(db.value("SELECT DATABASE()"), Value::Null);
    assert_eq!(db.value("SELECT SERVER_VERSION()"), text(SERVER_VERSION));
    db.script("CREATE DATABASE d1; USE d1");
    assert_eq!(db.value("SELECT database()"), text("d1"));
    assert_eq!(db.session.current_db.as_deref(), Some("d1"));
    let now = db.query("SELECT NOW()");
    assert_eq!(now.columns[0].ty, DataType::Timestamp);
    let Value::Timestamp(ms) = now.rows[0][0] else { panic!("{:?}", now.rows) };
    assert!(ms > 1_700_000_000_000, "{ms}");
    assert_eq!(db.err("SELECT nosuchfunction()").code, 0x2614);
    assert!(db.engine.session("root", Some("missing"), None).is_err());
    assert_eq!(db.engine.session("root", Some("d1"), None).unwrap().current_db.as_deref(), Some("d1"));
}

#[test]
fn tables_need_a_database() {
    let mut db = Db::new();
    assert_eq!(db.err("CREATE TABLE t (ts TIMESTAMP, v INT)").code, 0x2616);
    assert_eq!(db.err("SELECT * FROM t").code, 0x2616);
    assert_eq!(db.err("CREATE TABLE nodb.t (ts TIMESTAMP, v INT)").code, 0x0388);
    assert_eq!(db.err("SELECT * FROM nodb.t").code, 0x0388);
}

#[test]
fn table_definitions_are_validated() {
    let mut db = Db::new();
    db.script("CREATE DATABASE d; USE d");
    let cases = [
        ("CREATE TABLE t (v INT, ts TIMESTAMP)", 0x2641),
        ("CREATE TABLE t (ts TIMESTAMP)", 0x263F),
        ("CREATE TABLE t (ts TIMESTAMP, v INT, v BIGINT)", 0x263C),
        ("CREATE STABLE s (ts TIMESTAMP, v INT) TAGS (v INT)", 0x263C),
        ("CREATE TABLE t (ts TIMESTAMP, j JSON)", 0x2652),
        ("CREATE TABLE t (ts TIMESTAMP, s VARCHAR(65518))", 0x2642),
        ("CREATE TABLE t (ts TIMESTAMP, s NCHAR(16383))", 0x2642),
    ];
    for (sql, code) in cases {
        assert_eq!(db.err(sql).code, code, "{sql}");
    }
    db.exec("CREATE TABLE t (ts TIMESTAMP, v INT)");
    db.exec("CREATE TABLE IF NOT EXISTS t (ts TIMESTAMP, v INT)");
    assert_eq!(db.err("CREATE TABLE t (ts TIMESTAMP, v INT)").code, 0x0603);
    db.exec("CREATE STABLE s (ts TIMESTAMP, v INT) TAGS (g INT)");
    assert_eq!(db.err("CREATE STABLE s (ts TIMESTAMP, v INT) TAGS (g INT)").code, 0x0360);
    assert_eq!(db.err("CREATE TABLE x USING nope TAGS (1)").code, 0x2603);
    assert_eq!(db.err("CREATE TABLE x USING s TAGS (1, 2)").code, 0x260D);
    assert_eq!(db.err("CREATE TABLE x USING s (h) TAGS (1)").code, 0x2602);
    assert_eq!(db.err("CREATE TABLE x USING t TAGS (1)").code, 0x0362);
}

#[test]
fn subtables_and_drops() {
    let mut db = meters("ms");
    db.exec("CREATE TABLE IF NOT EXISTS d1001 USING meters TAGS ('x', 1) d1004 USING meters (groupid) TAGS (9)");
    assert_eq!(db.err("CREATE TABLE d1001 USING meters TAGS ('x', 1)").code, 0x0603);
    let tables = strings(db.rows("SHOW TABLES"));
    assert_eq!(tables, vec!["d1001", "d1002", "d1003", "d1004"]);
    assert_eq!(strings(db.rows("SHOW power.TABLES LIKE 'd100_'")).len(), 4);
    assert_eq!(strings(db.rows("SHOW TABLES LIKE '%3'")), vec!["d1003"]);
    assert_eq!(strings(db.rows("SHOW STABLES")), vec!["meters"]);
    let tags = db.rows("SELECT location, groupid FROM d1004");
    assert!(tags.is_empty(), "no rows yet");
    db.exec("INSERT INTO d1004 VALUES (1, 1.0, 1, 1.0)");
    assert_eq!(db.rows("SELECT location, groupid FROM d1004"), vec![vec![Value::Null, int(9)]]);

    db.exec("DROP TABLE d1004");
    assert_eq!(db.err("DROP TABLE d1004").code, 0x2603);
    db.exec("DROP TABLE IF EXISTS d1004, d1003");
    assert_eq!(strings(db.rows("SHOW TABLES")), vec!["d1001", "d1002"]);
    assert_eq!(db.err("DROP TABLE meters, d1001").code, 0x263A);
    assert_eq!(db.err("DROP STABLE d1001").code, 0x0362);
    db.exec("DROP STABLE meters");
    assert!(db.rows("SHOW TABLES").is_empty(), "subtables go with their supertable");
    assert_eq!(db.err("SELECT * FROM meters").code, 0x2603);
    db.exec("DROP STABLE IF EXISTS meters");
}

#[test]
fn show_normal_and_child_tables() {
    let mut db = meters("ms");
    db.exec("CREATE TABLE n1 (ts TIMESTAMP, v INT)");
    db.exec("CREATE TABLE n2 (ts TIMESTAMP, v INT)");
    db.exec("CREATE DATABASE other");
    db.exec("CREATE TABLE other.n3 (ts TIMESTAMP, v INT)");
    assert_eq!(strings(db.rows("SHOW NORMAL TABLES")), vec!["n1", "n2"]);
    assert_eq!(strings(db.rows("SHOW CHILD TABLES")), vec!["d1001", "d1002", "d1003"]);
    assert_eq!(strings(db.rows("SHOW TABLES")), vec!["d1001", "d1002", "d1003", "n1", "n2"]);
    assert_eq!(strings(db.rows("show normal other.tables")), vec!["n3"]);
    assert_eq!(strings(db.rows("SHOW NORMAL `power`.TABLES LIKE '%2'")), vec!["n2"]);
    assert_eq!(strings(db.rows("SHOW CHILD power.TABLES LIKE '%2'")), vec!["d1002"]);
    assert!(db.rows("SHOW CHILD other.TABLES").is_empty());
    assert_eq!(db.err("SHOW NORMAL nodb.TABLES").code, 0x0388);
}

#[test]
fn describe_shows_columns_then_tags() {
    let mut db = meters("ms");
    let set = db.query("DESCRIBE meters");
    let names: Vec<&str> = set.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["field", "type", "length", "note", "encode", "compress", "level"]);
    let first_four: Vec<Vec<Value>> = set.rows.iter().map(|r| r[..4].to_vec()).collect();
    assert_eq!(
        first_four,
        vec![
            vec![text("ts"), text("TIMESTAMP"), int(8), text("")],
            vec![text("current"), text("FLOAT"), int(4), text("")],
            vec![text("voltage"), text("INT"), int(4), text("")],
            vec![text("phase"), text("DOUBLE"), int(8), text("")],
            vec![text("location"), text("VARCHAR"), int(24), text("TAG")],
            vec![text("groupid"), text("INT"), int(4), text("TAG")],
        ]
    );
    assert_eq!(set.rows[0][4..], [text("delta-i"), text("lz4"), text("medium")]);
    assert_eq!(db.query("DESC power.d1001").rows.len(), 6, "a subtable shows its tags");
    db.exec("CREATE TABLE n (ts TIMESTAMP, u BIGINT UNSIGNED, s NCHAR(10), d DECIMAL(20, 4))");
    let rows = db.rows("DESCRIBE n");
    let types: Vec<Vec<Value>> = rows.iter().map(|r| r[1..3].to_vec()).collect();
    assert_eq!(
        types,
        vec![
            vec![text("TIMESTAMP"), int(8)],
            vec![text("BIGINT UNSIGNED"), int(8)],
            vec![text("NCHAR"), int(10)],
            vec![text("DECIMAL(20, 4)"), int(16)],
        ]
    );
    assert_eq!(db.err("DESCRIBE nope").code, 0x2603);
    assert_eq!(db.query("DESCRIBE information_schema.ins_tables").columns.len(), 4);
}

#[test]
fn information_schema_tables() {
    let mut db = meters("ns");
    let stables = db.rows("SELECT stable_name, db_name, columns, `tags` FROM information_schema.ins_stables");
    assert_eq!(stables, vec![vec![text("meters"), text("power"), int(4), int(2)]]);
    let tables = db.query(
        "SELECT table_name, stable_name, type, vgroup_id FROM information_schema.ins_tables
         WHERE db_name = 'power' ORDER BY table_name",
    );
    assert_eq!(tables.columns[0].bytes, 192);
    assert_eq!(tables.rows.len(), 3);
    assert_eq!(tables.rows[0][..3], [text("d1001"), text("meters"), text("CHILD_TABLE")]);
    for row in &tables.rows {
        let Value::Int(vgroup) = row[3] else { panic!("{row:?}") };
        assert!((2..4).contains(&vgroup), "{row:?}");
    }
    let columns = db.rows(
        "SELECT col_name, col_type, col_length FROM information_schema.ins_columns
         WHERE db_name = 'power' AND table_name = 'meters'",
    );
    assert_eq!(columns[0], vec![text("ts"), text("TIMESTAMP"), int(8)]);
    assert_eq!(columns.len(), 4, "ins_columns lists columns, not tags");
    let tags = db.rows(
        "SELECT table_name, tag_name, tag_type, tag_value FROM information_schema.ins_tags
         WHERE db_name = 'power' AND table_name = 'd1002'",
    );
    assert_eq!(
        tags,
        vec![
            vec![text("d1002"), text("location"), text("VARCHAR(24)"), text("California.SanFrancisco")],
            vec![text("d1002"), text("groupid"), text("INT"), text("3")],
        ]
    );
    let count = db.value("SELECT count(*) FROM information_schema.ins_tables WHERE type = 'CHILD_TABLE'");
    assert_eq!(count, int(3));
    for table in ["ins_databases", "ins_stables", "ins_tables", "ins_columns", "ins_tags"] {
        let set = db.query(&format!("SELECT * FROM information_schema.{table}"));
        assert!(set.rows.iter().all(|r| r.len() == set.columns.len()), "{table}");
    }
    db.exec("USE information_schema");
    assert_eq!(db.value("SELECT count(*) FROM ins_stables"), int(1));
    assert_eq!(db.err("SELECT * FROM performance_schema.perf_connections").code, 0x2603);
}

#[test]
fn backtick_names_keep_their_case() {
    let mut db = Db::new();
    db.script(
        "CREATE DATABASE d; USE d;
         CREATE TABLE `Mixed` (ts TIMESTAMP, `Value` INT, value BIGINT);
         INSERT INTO `Mixed` VALUES (1, 10, 20)",
    );
    assert_eq!(db.err("SELECT * FROM mixed").code, 0x2603);
    assert_eq!(db.rows("SELECT `Value`, value FROM `Mixed`"), vec![vec![int(10), int(20)]]);
    assert_eq!(db.names("SELECT * FROM `Mixed`"), vec!["ts", "Value", "value"]);
}
