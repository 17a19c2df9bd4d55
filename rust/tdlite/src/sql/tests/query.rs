use super::*;

fn item(expr: Expr) -> SelectItem {
    SelectItem::Expr { expr, alias: None }
}

fn aliased(expr: Expr, alias: &str) -> SelectItem {
    SelectItem::Expr { expr, alias: Some(id(alias)) }
}

fn from_table(name: TableName) -> Option<FromSource> {
    Some(FromSource::Table { name, alias: None })
}

fn filter(sql: &str) -> Expr {
    select(sql).filter.unwrap_or_else(|| panic!("{sql} has no WHERE"))
}

fn not(expr: Expr) -> Expr {
    Expr::Unary { op: UnaryOp::Not, expr: Box::new(expr) }
}

#[test]
fn select_star_from_table() {
    assert_eq!(
        select("SELECT * FROM meters"),
        Select {
            distinct: false,
            items: vec![SelectItem::Wildcard { qualifier: None }],
            from: from_table(table("meters")),
            filter: None,
            partition_by: vec![],
            group_by: vec![],
            order_by: vec![],
            limit: None,
        }
    );
}

#[test]
fn projection_forms() {
    let q = select(
        "select ts, `Current` as c, voltage v, tbname, m.*, count(*), last(*), first(ts), \
         avg(m.voltage) from power.meters m",
    );
    assert_eq!(
        q.items,
        vec![
            item(col("ts")),
            aliased(Expr::Column(ColumnRef { table: None, name: Identifier::quoted("Current") }), "c"),
            aliased(col("voltage"), "v"),
            item(col("tbname")),
            SelectItem::Wildcard { qualifier: Some(id("m")) },
            item(Expr::Function(FunctionCall { name: "count".into(), args: FunctionArgs::Star })),
            item(Expr::Function(FunctionCall { name: "last".into(), args: FunctionArgs::Star })),
            item(call("first", vec![col("ts")])),
            item(call("avg", vec![Expr::Column(ColumnRef { table: Some(id("m")), name: id("voltage") })])),
        ]
    );
    assert_eq!(q.from, Some(FromSource::Table { name: qualified("power", "meters"), alias: Some(id("m")) }));
}

#[test]
fn select_without_from() {
    for (sql, name) in [
        ("select server_version()", "server_version"),
        ("SELECT DATABASE();", "database"),
        ("select client_version()", "client_version"),
        ("select now()", "now"),
    ] {
        let q = select(sql);
        assert_eq!(q.items, vec![item(call(name, vec![]))], "{sql}");
        assert_eq!(q.from, None);
    }
    assert_eq!(
        select("select now, 1 + 1 two").items,
        vec![item(call("now", vec![])), aliased(binary(int(1), BinaryOp::Add, int(1)), "two")]
    );
}

#[test]
fn system_tables() {
    let q = select(
        "select table_name from information_schema.ins_tables \
         where db_name = 'power' and stable_name = 'meters'",
    );
    assert_eq!(q.from, from_table(qualified("information_schema", "ins_tables")));
    assert_eq!(
        q.filter,
        Some(binary(
            binary(col("db_name"), BinaryOp::Eq, string("power")),
            BinaryOp::And,
            binary(col("stable_name"), BinaryOp::Eq, string("meters"))
        ))
    );
}

#[test]
fn clauses_in_order() {
    let q = select(
        "select distinct tbname, max(current) from meters where voltage >= 200 \
         partition by tbname group by groupid \
         order by ts desc nulls last, groupid asc, location nulls first limit 10 offset 20",
    );
    assert!(q.distinct);
    assert_eq!(q.partition_by, vec![col("tbname")]);
    assert_eq!(q.group_by, vec![col("groupid")]);
    assert_eq!(
        q.order_by,
        vec![
            OrderBy { expr: col("ts"), descending: true, nulls_first: Some(false) },
            OrderBy { expr: col("groupid"), descending: false, nulls_first: None },
            OrderBy { expr: col("location"), descending: false, nulls_first: Some(true) },
        ]
    );
    assert_eq!(q.limit, Some(Limit { count: 10, offset: 20 }));
    assert_eq!(select("select * from t limit 5, 10").limit, Some(Limit { count: 10, offset: 5 }));
    assert_eq!(select("select * from t limit 3").limit, Some(Limit { count: 3, offset: 0 }));
}

#[test]
fn official_connector_time_split_wraps_the_query() {
    let q = select(
        "select * from (select ts, `current`, voltage, tbname from power.meters \
         where voltage > 200) \
         where ts >= 1700000000000 and ts < 1700003600000",
    );
    let Some(FromSource::Subquery { query, alias: None }) = q.from else { panic!("not a subquery: {:?}", q.from) };
    assert_eq!(query.from, from_table(qualified("power", "meters")));
    assert_eq!(query.filter, Some(binary(col("voltage"), BinaryOp::Gt, int(200))));
    assert_eq!(
        q.filter,
        Some(binary(
            binary(col("ts"), BinaryOp::GtEq, int(1_700_000_000_000)),
            BinaryOp::And,
            binary(col("ts"), BinaryOp::Lt, int(1_700_003_600_000))
        ))
    );
}

#[test]
fn official_connector_tag_and_table_splits() {
    let q = select("select * from (select * from meters) where groupid = 3 and location = 'beijing'");
    assert!(matches!(q.from, Some(FromSource::Subquery { .. })));
    let q = select("select ts, current from `d1001` where voltage > 100 order by ts");
    assert_eq!(q.from, from_table(TableName { db: None, name: Identifier::quoted("d1001") }));
    let q = select("SELECT * FROM (SELECT ts FROM t) AS sub ORDER BY ts");
    assert!(matches!(q.from, Some(FromSource::Subquery { alias: Some(ref a), .. }) if *a == id("sub")));
}

#[test]
fn keywords_and_names_are_case_insensitive_but_backticks_are_not() {
    assert_eq!(
        select("SELECT TBNAME, Current FROM Power.Meters WHERE GroupId = 1 ORDER BY TS DESC"),
        select("select tbname, current from power.meters where groupid = 1 order by ts desc")
    );
    let q = select("select `Mixed Case` from `Power`.`My Table`");
    assert_eq!(q.items, vec![item(Expr::Column(ColumnRef { table: None, name: Identifier::quoted("Mixed Case") }))]);
    assert_eq!(q.from, from_table(TableName { db: Some(Identifier::quoted("Power")), name: Identifier::quoted("My Table") }));
    assert_eq!(select("select `order` from `select`").from, from_table(TableName { db: None, name: Identifier::quoted("select") }));
}

#[test]
fn arithmetic_precedence() {
    assert_eq!(
        select("select a + b * c - d / 2 % 3 from t").items[0],
        item(binary(
            binary(col("a"), BinaryOp::Add, binary(col("b"), BinaryOp::Mul, col("c"))),
            BinaryOp::Sub,
            binary(binary(col("d"), BinaryOp::Div, int(2)), BinaryOp::Mod, int(3))
        ))
    );
    assert_eq!(
        select("select (a + b) * -c, -(1), - 2.5 from t").items,
        vec![
            item(binary(
                binary(col("a"), BinaryOp::Add, col("b")),
                BinaryOp::Mul,
                Expr::Unary { op: UnaryOp::Neg, expr: Box::new(col("c")) }
            )),
            item(int(-1)),
            item(Expr::Literal(Literal::Float { value: -2.5, text: "-2.5".into() })),
        ]
    );
}

#[test]
fn boolean_precedence() {
    assert_eq!(
        filter("select * from t where not a = 1 and b <> 2 or c != 3"),
        binary(
            binary(not(binary(col("a"), BinaryOp::Eq, int(1))), BinaryOp::And, binary(col("b"), BinaryOp::NotEq, int(2))),
            BinaryOp::Or,
            binary(col("c"), BinaryOp::NotEq, int(3))
        )
    );
    assert_eq!(
        filter("select * from t where a <= 1 and (b > 2 or c < 3)"),
        binary(
            binary(col("a"), BinaryOp::LtEq, int(1)),
            BinaryOp::And,
            binary(binary(col("b"), BinaryOp::Gt, int(2)), BinaryOp::Or, binary(col("c"), BinaryOp::Lt, int(3)))
        )
    );
}

#[test]
fn predicates() {
    let boxed = |e: Expr| Box::new(e);
    let cases = [
        ("a in (1, 2)", Expr::InList { expr: boxed(col("a")), list: vec![int(1), int(2)], negated: false }),
        ("a not in ('x')", Expr::InList { expr: boxed(col("a")), list: vec![string("x")], negated: true }),
        (
            "ts between now - 1h and now",
            Expr::Between {
                expr: boxed(col("ts")),
                low: boxed(binary(call("now", vec![]), BinaryOp::Sub, duration(1, TimeUnit::Hour))),
                high: boxed(call("now", vec![])),
                negated: false,
            },
        ),
        ("a not between 1 and 2", Expr::Between { expr: boxed(col("a")), low: boxed(int(1)), high: boxed(int(2)), negated: true }),
        ("tbname like 'd10%'", Expr::Like { expr: boxed(col("tbname")), pattern: boxed(string("d10%")), negated: false }),
        ("tbname not like 'd\\_1'", Expr::Like { expr: boxed(col("tbname")), pattern: boxed(string("d\\_1")), negated: true }),
        ("a is null", Expr::IsNull { expr: boxed(col("a")), negated: false }),
        ("a IS NOT NULL", Expr::IsNull { expr: boxed(col("a")), negated: true }),
        ("flag = true", binary(col("flag"), BinaryOp::Eq, Expr::Literal(Literal::Bool(true)))),
    ];
    for (condition, expected) in cases {
        assert_eq!(filter(&format!("select * from t where {condition}")), expected, "{condition}");
    }
    assert_eq!(
        filter("select * from t where a between 1 and 2 and b = 3"),
        binary(
            Expr::Between { expr: boxed(col("a")), low: boxed(int(1)), high: boxed(int(2)), negated: false },
            BinaryOp::And,
            binary(col("b"), BinaryOp::Eq, int(3))
        )
    );
}

#[test]
fn strings_keep_unicode_and_resolve_escapes() {
    assert_eq!(
        filter(r#"select * from t where location = '北京 \'Chaoyang\'' or name = "a""b\n""#),
        binary(
            binary(col("location"), BinaryOp::Eq, string("北京 'Chaoyang'")),
            BinaryOp::Or,
            binary(col("name"), BinaryOp::Eq, string("a\"b\n"))
        )
    );
}
