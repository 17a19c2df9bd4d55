//! `--discard-rows` against storing mode: every write is refused with the same code and
//! message, counts the same rows, and leaves the same catalog (subtables and their tags)
//! behind; only the rows themselves are dropped.

mod engine_support;

use engine_support::*;
use tdflink_protocol::types::DataType;
use tdlite::engine::{BoundColumn, BoundTable, Engine, EngineConfig, Value};
use tdlite::sql::SqlError;

/// The same `meters` database in a storing and in a discarding engine.
fn pair() -> [Db; 2] {
    let discarding = Db::with_engine(Engine::open(EngineConfig { discard_rows: true, ..EngineConfig::default() }).unwrap());
    [Db::new(), discarding].map(|mut db| {
        db.script(
            "CREATE DATABASE power VGROUPS 2; USE power;
             CREATE STABLE meters (ts TIMESTAMP, current FLOAT, voltage INT, phase DOUBLE) TAGS (location VARCHAR(8), groupid INT);
             CREATE STABLE other (ts TIMESTAMP, v INT) TAGS (t INT);
             CREATE TABLE d1 USING meters TAGS ('a', 1);
             CREATE TABLE o1 USING other TAGS (1);
             CREATE TABLE n (ts TIMESTAMP, v INT)",
        );
        db
    })
}

/// What a write left that both modes keep: the tables and every subtable's tags.
fn catalog(db: &mut Db) -> Vec<Vec<Value>> {
    let mut rows = db.rows("SELECT table_name, stable_name, type FROM information_schema.ins_tables WHERE db_name = 'power'");
    rows.extend(db.rows("SELECT table_name, tag_name, tag_value FROM information_schema.ins_tags WHERE db_name = 'power'"));
    rows.sort_by_key(|row| format!("{row:?}"));
    rows
}

/// One table of a bind, its columns as plain values.
#[derive(Clone)]
struct Table {
    name: Option<String>,
    tags: Vec<Value>,
    columns: Vec<Vec<Value>>,
}

/// A column as the server hands it over: in wire form when its values share a fixed-width
/// type (as a client binds them), else as values.
fn wire(values: &[Value]) -> BoundColumn {
    let ty = match values.iter().find(|v| !v.is_null()) {
        Some(Value::Int(_)) => DataType::BigInt,
        Some(Value::UInt(_)) => DataType::UBigInt,
        Some(Value::Float(_)) => DataType::Double,
        Some(Value::Timestamp(_)) => DataType::Timestamp,
        Some(Value::Bool(_)) => DataType::Bool,
        _ => return values.to_vec().into(),
    };
    let mut data = Vec::new();
    for value in values {
        match (value, ty) {
            (Value::Null, _) => data.extend_from_slice(&[0; 8][..ty.fixed_size().unwrap()]),
            (Value::Int(v) | Value::Timestamp(v), DataType::BigInt | DataType::Timestamp) => data.extend_from_slice(&v.to_le_bytes()),
            (Value::UInt(v), DataType::UBigInt) => data.extend_from_slice(&v.to_le_bytes()),
            (Value::Float(v), DataType::Double) => data.extend_from_slice(&v.to_le_bytes()),
            (Value::Bool(b), DataType::Bool) => data.push(u8::from(*b)),
            _ => return values.to_vec().into(),
        }
    }
    let nulls: Vec<u8> = values.iter().map(|v| u8::from(v.is_null())).collect();
    let column = BoundColumn::fixed(ty, &nulls, &data).expect("a fixed-width column");
    assert_eq!(column.clone().into_values(), values, "wire form reads back");
    column
}

/// Binds `tables` to `sql` in both modes, with the columns as values and in wire form: the
/// same outcome each time, and the same catalog after it.
fn bind_both(sql: &str, tables: Vec<Table>) -> Result<u64, (i32, String)> {
    let as_values = |t: &Table| BoundTable { name: t.name.clone(), tags: t.tags.clone(), columns: bound(t.columns.clone()) };
    let as_wire =
        |t: &Table| BoundTable { name: t.name.clone(), tags: t.tags.clone(), columns: t.columns.iter().map(|c| wire(c)).collect() };
    let mut outcomes = vec![];
    for form in [as_values, as_wire] {
        let bound: Vec<BoundTable> = tables.iter().map(form).collect();
        outcomes.extend(pair().map(|mut db| {
            let prepared = db.engine.prepare(&db.session, sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
            let outcome = db.engine.bind_insert(&db.session, &prepared, bound.clone()).map_err(|e| (e.code, e.message));
            (outcome, catalog(&mut db))
        }));
    }
    for other in &outcomes[1..] {
        assert_eq!(other, &outcomes[0], "{sql}");
    }
    outcomes.swap_remove(0).0
}

/// Runs SQL in both modes: the same outcome and catalog.
fn exec_both(sql: &str) -> Result<u64, (i32, String)> {
    let [stored, discarded] = pair().map(|mut db| {
        let outcome = db.engine.execute(&mut db.session, sql).map(|o| format!("{o:?}")).map_err(|e: SqlError| (e.code, e.message));
        (outcome, catalog(&mut db))
    });
    assert_eq!(discarded, stored, "{sql}");
    stored.0.map(|o| o.trim_start_matches("Affected(").trim_end_matches(')').parse().unwrap())
}

fn table(name: Option<&str>, tags: Vec<Value>, columns: Vec<Vec<Value>>) -> Table {
    Table { name: name.map(str::to_owned), tags, columns }
}

fn code(outcome: Result<u64, (i32, String)>) -> (i32, String) {
    outcome.expect_err("the write is refused")
}

const USING: &str = "INSERT INTO ? USING power.meters TAGS(?,?) VALUES(?,?,?,?)";
const THROUGH: &str = "INSERT INTO power.meters (tbname, location, groupid, ts, current, voltage, phase) VALUES (?,?,?,?,?,?,?)";

fn meters_row(name: &str, location: &str, voltages: Vec<Value>) -> Table {
    let n = voltages.len() as i64;
    let tss = (0..n).map(|i| ts(1000 + i)).collect();
    let floats = (0..n).map(|i| float(i as f64)).collect::<Vec<_>>();
    table(Some(name), vec![text(location), int(7)], vec![tss, floats.clone(), voltages, floats])
}

#[test]
fn good_binds_count_rows_and_create_subtables_in_both_modes() {
    for sql in [USING, THROUGH] {
        let tables = vec![meters_row("e1", "x", vec![int(1), int(2)]), meters_row("d1", "y", vec![int(3)]), meters_row("e2", "z", vec![])];
        assert_eq!(bind_both(sql, tables), Ok(3), "{sql}");
    }
    assert_eq!(exec_both("INSERT INTO power.meters (tbname, ts, voltage) VALUES ('e3', 1, 1) ('e4', 2, 2) ('e3', 3, 3)"), Ok(3));
    assert_eq!(
        exec_both("INSERT INTO e5 USING meters TAGS ('t', 5) VALUES (1, 1, 1, 1) e6 USING meters TAGS ('u', 6) VALUES (2, 2, 2, 2)"),
        Ok(2)
    );
}

#[test]
fn discarded_rows_are_not_stored_but_their_subtables_are() {
    let [_, mut db] = pair();
    let prepared = db.engine.prepare(&db.session, THROUGH).unwrap();
    let rows = meters_row("e1", "x", vec![int(1), int(2)]);
    let table = BoundTable { name: rows.name, tags: rows.tags, columns: rows.columns.iter().map(|c| wire(c)).collect() };
    let written = db.engine.bind_insert(&db.session, &prepared, vec![table]).unwrap();
    assert_eq!(written, 2);
    assert!(db.rows("SELECT * FROM meters").is_empty());
    assert_eq!(
        db.rows("SELECT tag_value FROM information_schema.ins_tags WHERE table_name = 'e1'"),
        vec![vec![text("x")], vec![text("7")]]
    );
    assert_eq!(db.rows("DESCRIBE e1").len(), 6);
}

#[test]
fn bad_values_are_refused_alike() {
    for sql in [USING, THROUGH] {
        // Out of range, mistyped, NULL primary timestamp.
        assert_eq!(code(bind_both(sql, vec![meters_row("e1", "x", vec![int(1), int(1 << 40)])])).0, 0x0224);
        assert_eq!(code(bind_both(sql, vec![meters_row("e1", "x", vec![text("a")])])).0, 0x0200);
        let mut null_ts = meters_row("e1", "x", vec![int(1), int(2)]);
        null_ts.columns[0][1] = Value::Null;
        assert_eq!(
            code(bind_both(sql, vec![null_ts])),
            (0x0216, "syntax error near 'NULL' (Primary timestamp column should not be null)".into())
        );
        // A good table before a bad one: nothing of either is kept.
        let tables = vec![meters_row("e1", "x", vec![int(1)]), meters_row("e2", "x", vec![Value::Float(1.5)])];
        assert_eq!(code(bind_both(sql, tables)).0, 0x0200);
        // Columns of different lengths.
        let mut ragged = meters_row("e1", "x", vec![int(1), int(2)]);
        ragged.columns[3].pop();
        assert_eq!(code(bind_both(sql, vec![ragged])).1, "row number in each bind param should be the same");
    }
}

#[test]
fn the_first_bad_cell_in_row_order_is_reported() {
    // Row 0 is bad in its last column, row 1 in an earlier one: row 0's error wins.
    let mut tables = vec![meters_row("e1", "x", vec![int(1), int(1 << 40)])];
    tables[0].columns[3][0] = text("not a double");
    assert_eq!(code(bind_both(USING, tables)), (0x0200, "column type mis-match with buffer type".into()));
    // Within one row, the earlier column wins.
    let mut tables = vec![meters_row("e1", "x", vec![int(1), int(1 << 40)])];
    tables[0].columns[3][1] = text("not a double");
    assert_eq!(code(bind_both(USING, tables)), (0x0224, "Value out of range for column/tag: voltage".into()));
    // A NULL timestamp after the value that does not fit.
    let mut tables = vec![meters_row("e1", "x", vec![int(1), int(1 << 40), int(3)])];
    tables[0].columns[0][2] = Value::Null;
    assert_eq!(code(bind_both(THROUGH, tables)).0, 0x0224);
    // The same in SQL, through a supertable and per subtable.
    let sql = "INSERT INTO power.meters (tbname, ts, voltage, current) VALUES ('e1', 1, 1, 'x') ('e2', 2, 1e20, 1) ('e1', NULL, 1, 1)";
    assert_eq!(code(exec_both(sql)), (0x0216, "syntax error near 'x' (illegal float data)".into()));
    let sql = "INSERT INTO power.meters (tbname, ts, voltage) VALUES ('e1', 1, 1) ('e2', 2, 1e20) ('e1', NULL, 1)";
    assert_eq!(code(exec_both(sql)).1, "syntax error near 'NULL' (Primary timestamp column should not be null)");
    assert_eq!(code(exec_both("INSERT INTO n VALUES (1, 'x') (NULL, 1)")).1, "syntax error near 'x' (invalid int data)");
    assert_eq!(
        code(exec_both("INSERT INTO n VALUES (NULL, 'x') (1, 1)")).1,
        "syntax error near 'NULL' (Primary timestamp column should not be null)"
    );
}

#[test]
fn bad_tables_and_tags_are_refused_alike() {
    for sql in [USING, THROUGH] {
        // A tag too long, a tag of the wrong type.
        assert_eq!(
            code(bind_both(sql, vec![meters_row("e1", "too long a tag", vec![int(1)])])),
            (0x2653, "Value too long for column/tag: location".into())
        );
        let mut mistyped = meters_row("e1", "x", vec![int(1)]);
        mistyped.tags[1] = text("seven");
        assert_eq!(code(bind_both(sql, vec![mistyped])).0, 0x0200);
        // No name; a normal table; the supertable itself; another supertable's subtable.
        let mut nameless = meters_row("e1", "x", vec![int(1)]);
        nameless.name = None;
        assert_eq!(code(bind_both(sql, vec![nameless])).0, 0x0200);
        assert_eq!(code(bind_both(sql, vec![meters_row("n", "x", vec![int(1)])])).1, "create table only from super table is allowed");
        assert_eq!(code(bind_both(sql, vec![meters_row("meters", "x", vec![int(1)])])).0, 0x0200);
        assert_eq!(code(bind_both(sql, vec![meters_row("o1", "x", vec![int(1)])])).1, "Table o1 is not a subtable of meters");
        // A bound name of another database.
        assert_eq!(code(bind_both(sql, vec![meters_row("elsewhere.e1", "x", vec![int(1)])])).0, 0x0200);
    }
    // A NULL name through the supertable in SQL; a table dropped after prepare.
    assert_eq!(code(exec_both("INSERT INTO power.meters (tbname, ts) VALUES ('e1', 1) (NULL, 2)")).1, "tbname column should not be null");
    let [stored, discarded] = pair().map(|mut db| {
        let prepared = db.engine.prepare(&db.session, "INSERT INTO n (ts, v) VALUES (?, ?)").unwrap();
        db.exec("DROP TABLE n");
        let table = BoundTable { name: None, tags: vec![], columns: bound(vec![vec![ts(1)], vec![int(1)]]) };
        let e = db.engine.bind_insert(&db.session, &prepared, vec![table]).unwrap_err();
        (e.code, e.message)
    });
    assert_eq!(discarded, stored);
    assert_eq!(stored.0, 0x2603);
}

#[test]
fn literals_in_the_template_are_checked_alike() {
    let sql = "INSERT INTO power.meters (tbname, groupid, ts, voltage, current) VALUES (?, 300, ?, ?, 1.5)";
    assert_eq!(bind_both(sql, vec![table(Some("e1"), vec![], vec![vec![ts(1), ts(2)], vec![int(1), int(2)]])]), Ok(2));
    let sql = "INSERT INTO n (ts, v) VALUES (?, 'x')";
    assert_eq!(code(bind_both(sql, vec![table(None, vec![], vec![vec![ts(1)]])])).1, "syntax error near 'x' (invalid int data)");
    assert_eq!(bind_both(sql, vec![table(None, vec![], vec![vec![]])]), Ok(0), "no rows, nothing to check");
}
