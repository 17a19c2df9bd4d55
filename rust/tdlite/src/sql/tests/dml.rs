use super::*;
use crate::sql::NOT_SUPPORTED;

fn insert(sql: &str) -> Vec<InsertClause> {
    match ok(sql) {
        Statement::Insert(insert) => insert.clauses,
        other => panic!("{sql} parsed as {other:?}"),
    }
}

fn named(name: TableName) -> TableRef {
    TableRef::Named(name)
}

fn now() -> Expr {
    call("now", vec![])
}

#[test]
fn insert_rows_with_every_kind_of_value() {
    let clauses = insert(
        "INSERT INTO d1001 VALUES ('2021-07-13 14:06:32.272', 10.2, 219, -0.32) \
         (1626164208000, -5, TRUE, false) (NOW, NULL, \"x\", 0x10)",
    );
    assert_eq!(clauses.len(), 1);
    let clause = &clauses[0];
    assert_eq!(clause.table, named(table("d1001")));
    assert!(clause.using.is_none() && clause.columns.is_empty());
    let float = |value: f64, text: &str| Expr::Literal(Literal::Float { value, text: text.into() });
    assert_eq!(
        clause.rows,
        vec![
            vec![string("2021-07-13 14:06:32.272"), float(10.2, "10.2"), int(219), float(-0.32, "-0.32")],
            vec![int(1_626_164_208_000), int(-5), Expr::Literal(Literal::Bool(true)), Expr::Literal(Literal::Bool(false))],
            vec![now(), Expr::Literal(Literal::Null), string("x"), int(16)],
        ]
    );
}

#[test]
fn timestamps_shifted_by_durations() {
    let clauses = insert(
        "insert into t values (now - 1h, 1) (NOW() + 10s - 1a, 2) (today(), 3) \
         ('2024-01-01' + 1d, 4) (1700000000000 - 1w, 5)",
    );
    let first: Vec<_> = clauses[0].rows.iter().map(|row| row[0].clone()).collect();
    assert_eq!(
        first,
        vec![
            binary(now(), BinaryOp::Sub, duration(1, TimeUnit::Hour)),
            binary(binary(now(), BinaryOp::Add, duration(10, TimeUnit::Second)), BinaryOp::Sub, duration(1, TimeUnit::Millisecond)),
            call("today", vec![]),
            binary(string("2024-01-01"), BinaryOp::Add, duration(1, TimeUnit::Day)),
            binary(int(1_700_000_000_000), BinaryOp::Sub, duration(1, TimeUnit::Week)),
        ]
    );
    let units = insert("insert into t values (now+1b,1)(now+1u,1)(now+1n,1)(now+1y,1)(now+1m,1)");
    let units: Vec<_> = units[0]
        .rows
        .iter()
        .map(|row| match &row[0] {
            Expr::Binary { right, .. } => (**right).clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        units,
        vec![
            duration(1, TimeUnit::Nanosecond),
            duration(1, TimeUnit::Microsecond),
            duration(1, TimeUnit::Month),
            duration(1, TimeUnit::Year),
            duration(1, TimeUnit::Minute),
        ]
    );
}

#[test]
fn insert_with_columns_and_several_tables() {
    let clauses = insert(
        "INSERT INTO d1001 (ts, current, phase) VALUES ('2021-07-13 14:06:33.196', 10.27, 0.31) \
         power.d1002 VALUES (1, 2), (3, 4)",
    );
    assert_eq!(clauses.len(), 2);
    assert_eq!(clauses[0].columns, vec![id("ts"), id("current"), id("phase")]);
    assert_eq!(clauses[1].table, named(qualified("power", "d1002")));
    assert_eq!(clauses[1].rows, vec![vec![int(1), int(2)], vec![int(3), int(4)]]);
}

#[test]
fn insert_with_auto_create() {
    let clauses = insert(
        "INSERT INTO d21001 USING meters TAGS ('California.SanFrancisco', 2) VALUES (now, 10.2) \
         d21003 USING power.meters (groupId) TAGS (2) (ts, current) \
         VALUES ('2021-07-13 14:06:34.255', 10.27)",
    );
    assert_eq!(
        clauses[0].using,
        Some(UsingClause { stable: table("meters"), tag_names: vec![], tags: vec![string("California.SanFrancisco"), int(2)] })
    );
    assert_eq!(
        clauses[1].using,
        Some(UsingClause { stable: qualified("power", "meters"), tag_names: vec![id("groupid")], tags: vec![int(2)] })
    );
    assert_eq!(clauses[1].columns, vec![id("ts"), id("current")]);
}

#[test]
fn insert_into_a_supertable_names_tbname() {
    let clauses = insert(
        "INSERT INTO meters(tbname, location, groupId, ts, current) \
         VALUES ('d31001', 'California', 2, '2021-07-13 14:06:34.630', 10.2)",
    );
    assert_eq!(clauses[0].table, named(table("meters")));
    assert_eq!(clauses[0].columns[0], id("tbname"));
    assert_eq!(clauses[0].rows[0].len(), 5);
}

#[test]
fn stmt2_insert_forms() {
    let clauses = insert("INSERT INTO ? USING power.meters TAGS(?,?) VALUES(?,?,?,?)");
    assert_eq!(clauses[0].table, TableRef::Placeholder { db: None, index: 0 });
    let using = clauses[0].using.as_ref().unwrap();
    assert_eq!(using.tags, vec![Expr::Placeholder(1), Expr::Placeholder(2)]);
    assert_eq!(clauses[0].rows, vec![(3..7).map(Expr::Placeholder).collect::<Vec<_>>()]);

    let clauses = insert("insert into power.? using power.meters tags(?, ?) values(?, ?, ?, ?)");
    assert_eq!(clauses[0].table, TableRef::Placeholder { db: Some(id("power")), index: 0 });

    let clauses = insert("INSERT INTO power.meters (tbname, ts, current, location) VALUES (?,?,?,?)");
    assert_eq!(clauses[0].table, named(qualified("power", "meters")));
    assert_eq!(clauses[0].rows, vec![(0..4).map(Expr::Placeholder).collect::<Vec<_>>()]);
}

#[test]
fn values_are_constants_not_expressions() {
    assert_eq!(err("insert into t values (now, 1 + 2)").message, "syntax error near \"+ 2)\"");
    assert_eq!(err("insert into t values (now, c1)").message, "syntax error near \"c1)\"");
    assert_eq!(err("insert into t values (now, 1h)").message, "syntax error near \"1h)\"");
    assert_eq!(err("insert into t values (now, -'a')").message, "syntax error near \"'a')\"");
    assert_eq!(err("insert into t values (now, null + 1s)").message, "syntax error near \"+ 1s)\"");
    assert_eq!(err("insert into t values").code, 0x2601);
    assert_eq!(err("insert into t (ts) values ()").message, "syntax error near \")\"");
}

#[test]
fn insert_forms_outside_the_subset() {
    let e = err("insert into d1001 file '/tmp/a.csv'");
    assert_eq!((e.code, e.message.as_str()), (NOT_SUPPORTED, "INSERT ... FILE is not supported by tdlite"));
    assert_eq!(err("insert into t (ts, v) select ts, v from s").message, "INSERT ... SELECT is not supported by tdlite");
}

#[test]
fn delete_with_and_without_condition() {
    assert_eq!(ok("DELETE FROM power.d1001"), Statement::Delete(Delete { table: qualified("power", "d1001"), filter: None }));
    assert_eq!(
        ok("delete from meters where ts < now - 7d"),
        Statement::Delete(Delete {
            table: table("meters"),
            filter: Some(binary(col("ts"), BinaryOp::Lt, binary(now(), BinaryOp::Sub, duration(7, TimeUnit::Day)))),
        })
    );
}
