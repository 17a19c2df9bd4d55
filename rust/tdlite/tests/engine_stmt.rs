//! stmt2: the fields prepare reports, inserts from bound values, queries with parameters.

mod engine_support;

use engine_support::*;
use tdflink_protocol::types::DataType;
use tdlite::engine::{BoundTable, FieldRole, PreparedField, Value};

fn fields(db: &Db, sql: &str) -> Vec<(String, DataType, u8, i32, FieldRole)> {
    let prepared = db.engine.prepare(&db.session, sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    assert!(prepared.is_insert, "{sql}");
    assert_eq!(prepared.param_count, prepared.fields.len());
    prepared.fields.into_iter().map(|f: PreparedField| (f.name, f.ty, f.precision, f.bytes, f.role)).collect()
}

fn field(name: &str, ty: DataType, precision: u8, bytes: i32, role: FieldRole) -> (String, DataType, u8, i32, FieldRole) {
    (name.to_owned(), ty, precision, bytes, role)
}

#[test]
fn prepare_reports_fields_as_taosadapter_does() {
    // The database is µs: every field reports precision 1, as the JDBC driver reads the
    // timestamp unit from the first field (see engine/stmt.rs).
    let db = meters("us");
    use DataType::*;
    use FieldRole::*;
    assert_eq!(
        fields(&db, "INSERT INTO ? USING power.meters TAGS(?,?) VALUES(?,?,?,?)"),
        vec![
            field("tbname", VarChar, 1, 192, TableName),
            field("location", VarChar, 1, 24, Tag),
            field("groupid", Int, 1, 4, Tag),
            field("ts", Timestamp, 1, 8, Column),
            field("current", Float, 1, 4, Column),
            field("voltage", Int, 1, 4, Column),
            field("phase", Double, 1, 8, Column),
        ]
    );
    assert_eq!(
        fields(&db, "INSERT INTO power.meters (tbname, ts, current, groupid) VALUES (?,?,?,?)"),
        vec![
            field("tbname", VarChar, 1, 192, TableName),
            field("ts", Timestamp, 1, 8, Column),
            field("current", Float, 1, 4, Column),
            field("groupid", Int, 1, 4, Tag),
        ]
    );
    assert_eq!(
        fields(&db, "INSERT INTO d1001 (ts, voltage) VALUES (?, ?)"),
        vec![field("ts", Timestamp, 1, 8, Column), field("voltage", Int, 1, 4, Column)]
    );
    assert_eq!(
        fields(&db, "INSERT INTO ? USING meters (groupid) TAGS (?) (ts, current) VALUES (?, 1.5)"),
        vec![field("tbname", VarChar, 1, 192, TableName), field("groupid", Int, 1, 4, Tag), field("ts", Timestamp, 1, 8, Column)]
    );
}

#[test]
fn prepare_errors() {
    let db = meters("ms");
    let err = |sql: &str| db.engine.prepare(&db.session, sql).unwrap_err().code;
    assert_eq!(err("INSERT INTO nope VALUES (?, ?)"), 0x2603);
    assert_eq!(err("INSERT INTO ? VALUES (?, ?)"), 0x2614);
    assert_eq!(err("INSERT INTO meters (ts, current) VALUES (?, ?)"), 0x0200);
    assert_eq!(err("SELECT * FROM"), 0x2601);
}

#[test]
fn bind_insert_creates_subtables_and_writes_rows() {
    let mut db = meters("ms");
    let prepared = db.engine.prepare(&db.session, "INSERT INTO ? USING power.meters TAGS(?,?) VALUES(?,?,?,?)").unwrap();
    let table = |name: &str, group: i64, start: i64| BoundTable {
        name: Some(name.to_owned()),
        tags: vec![text("Nevada"), int(group)],
        columns: bound(vec![
            vec![ts(start), ts(start + 1)],
            vec![float(1.5), Value::Null],
            vec![int(1), int(2)],
            vec![float(0.5), float(0.25)],
        ]),
    };
    let written = db.engine.bind_insert(&db.session, &prepared, vec![table("e1", 5, 100), table("d1001", 0, 200)]).unwrap();
    assert_eq!(written, 4);
    let rows = db.rows("SELECT tbname, ts, current, voltage, location, groupid FROM meters ORDER BY ts");
    assert_eq!(
        rows,
        vec![
            vec![text("e1"), ts(100), float(1.5), int(1), text("Nevada"), int(5)],
            vec![text("e1"), ts(101), Value::Null, int(2), text("Nevada"), int(5)],
            vec![text("d1001"), ts(200), float(1.5), int(1), text("California.SanFrancisco"), int(2)],
            vec![text("d1001"), ts(201), Value::Null, int(2), text("California.SanFrancisco"), int(2)],
        ]
    );
    let bad = BoundTable {
        name: Some("e2".into()),
        tags: vec![text("x"), int(1)],
        columns: bound(vec![vec![ts(1)], vec![float(1.0)], vec![int(1 << 40)], vec![float(1.0)]]),
    };
    assert_eq!(db.engine.bind_insert(&db.session, &prepared, vec![bad]).unwrap_err().code, 0x0224);
    assert_eq!(db.err("SELECT * FROM e2").code, 0x2603, "a failed bind creates nothing");
    let mistyped = BoundTable {
        name: Some("e3".into()),
        tags: vec![text("x"), int(1)],
        columns: bound(vec![vec![ts(1)], vec![text("a")], vec![int(1)], vec![float(1.0)]]),
    };
    assert_eq!(db.engine.bind_insert(&db.session, &prepared, vec![mistyped]).unwrap_err().code, 0x0200);
    let nameless = BoundTable {
        name: None,
        tags: vec![text("x"), int(1)],
        columns: bound(vec![vec![ts(1)], vec![float(1.0)], vec![int(1)], vec![float(1.0)]]),
    };
    assert_eq!(db.engine.bind_insert(&db.session, &prepared, vec![nameless]).unwrap_err().code, 0x0200);
}

#[test]
fn bind_insert_through_a_supertable() {
    let mut db = meters("ms");
    let sql = "INSERT INTO power.meters (tbname, ts, current, groupid) VALUES (?,?,?,?)";
    let prepared = db.engine.prepare(&db.session, sql).unwrap();
    let bound = BoundTable {
        name: Some("s1".to_owned()),
        tags: vec![int(42)],
        columns: bound(vec![vec![ts(1), ts(2)], vec![float(0.5), float(1.5)]]),
    };
    assert_eq!(db.engine.bind_insert(&db.session, &prepared, vec![bound]).unwrap(), 2);
    let rows = db.rows("SELECT tbname, ts, current, groupid, location FROM meters");
    assert_eq!(
        rows,
        vec![vec![text("s1"), ts(1), float(0.5), int(42), Value::Null], vec![text("s1"), ts(2), float(1.5), int(42), Value::Null]]
    );
}

#[test]
fn bind_into_a_named_table_with_literals() {
    let mut db = meters("ms");
    let prepared = db.engine.prepare(&db.session, "INSERT INTO d1002 (ts, voltage, current) VALUES (?, 7, ?)").unwrap();
    let bound = BoundTable { name: None, tags: vec![], columns: bound(vec![vec![ts(5)], vec![float(2.5)]]) };
    assert_eq!(db.engine.bind_insert(&db.session, &prepared, vec![bound]).unwrap(), 1);
    assert_eq!(db.rows("SELECT ts, current, voltage FROM d1002"), vec![vec![ts(5), float(2.5), int(7)]]);
}

#[test]
fn bind_query_substitutes_parameters() {
    let mut db = meters("ms");
    db.exec("INSERT INTO d1001 VALUES (1, 1.0, 100, 0.1) (2, 2.0, 200, 0.2) (3, 3.0, 300, 0.3)");
    let prepared =
        db.engine.prepare(&db.session, "SELECT ts, voltage FROM meters WHERE ts >= ? AND voltage < ? AND location LIKE ?").unwrap();
    assert!(!prepared.is_insert);
    assert!(prepared.fields.is_empty());
    assert_eq!(prepared.param_count, 3);
    let set = db.engine.bind_query(&db.session, &prepared, vec![ts(2), int(300), text("Cal%")]).unwrap();
    assert_eq!(set.rows, vec![vec![ts(2), int(200)]]);
    let wrong = db.engine.bind_query(&db.session, &prepared, vec![ts(2)]);
    assert_eq!(wrong.unwrap_err().code, 0x0200);
    let insert = db.engine.prepare(&db.session, "INSERT INTO d1001 VALUES (?, ?, ?, ?)").unwrap();
    assert!(db.engine.bind_query(&db.session, &insert, vec![]).is_err());
}
