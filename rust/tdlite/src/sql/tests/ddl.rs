use super::*;
use crate::sql::{INVALID_DB_OPTION, INVALID_TYPE_LENGTH};
use tdflink_protocol::types::{DataType, Precision};

fn create_database(sql: &str) -> CreateDatabase {
    match ok(sql) {
        Statement::CreateDatabase(db) => db,
        other => panic!("{sql} parsed as {other:?}"),
    }
}

fn definition(sql: &str) -> CreateTable {
    match ok(sql) {
        Statement::CreateTable(t) | Statement::CreateStable(t) => t,
        other => panic!("{sql} parsed as {other:?}"),
    }
}

fn literal(l: Literal) -> OptionValue {
    OptionValue::Literal(l)
}

#[test]
fn create_database_with_typed_and_kept_options() {
    let db = create_database(
        "CREATE DATABASE IF NOT EXISTS power PRECISION 'us' VGROUPS 4 \
         KEEP 5256000m,5256000m,5256000m \
         BUFFER 16 WAL_LEVEL 1 CACHEMODEL 'both' WAL_RETENTION_PERIOD -1",
    );
    assert_eq!(db.name, id("power"));
    assert!(db.if_not_exists);
    assert_eq!(db.precision, Some(Precision::Microsecond));
    assert_eq!(db.vgroups, Some(4));
    let keep = literal(Literal::Duration(Duration { value: 5_256_000, unit: TimeUnit::Minute }));
    assert_eq!(
        db.options,
        vec![
            SqlOption { name: "keep".into(), values: vec![keep.clone(), keep.clone(), keep] },
            SqlOption { name: "buffer".into(), values: vec![literal(Literal::Integer(16))] },
            SqlOption { name: "wal_level".into(), values: vec![literal(Literal::Integer(1))] },
            SqlOption { name: "cachemodel".into(), values: vec![literal(Literal::String("both".into()))] },
            SqlOption { name: "wal_retention_period".into(), values: vec![literal(Literal::Integer(-1))] },
        ]
    );
}

#[test]
fn create_database_defaults_and_precision_spellings() {
    let db = create_database("create database d");
    assert_eq!((db.if_not_exists, db.precision, db.vgroups, db.options.len()), (false, None, None, 0));
    assert_eq!(create_database("create database d precision 'NS'").precision, Some(Precision::Nanosecond));
    assert_eq!(create_database("create database d precision \"ms\";").precision, Some(Precision::Millisecond));
}

#[test]
fn bad_database_options_are_refused() {
    for sql in ["create database d precision 'xs'", "create database d precision 3", "create database d vgroups 0"] {
        assert_eq!(err(sql).code, INVALID_DB_OPTION, "{sql}");
    }
    assert_eq!(err("create database d precision 'xs'").message, "Invalid option precision, only 'ms', 'us' or 'ns' allowed");
    assert_eq!(err("create database d frobnicate 1").message, "syntax error near \"frobnicate 1\"");
}

#[test]
fn drop_and_use_database() {
    assert_eq!(ok("DROP DATABASE IF EXISTS power"), Statement::DropDatabase { name: id("power"), if_exists: true });
    assert_eq!(ok("drop database power"), Statement::DropDatabase { name: id("power"), if_exists: false });
    assert_eq!(ok("USE Power;"), Statement::Use(id("power")));
    assert_eq!(ok("use `Power`"), Statement::Use(Identifier::quoted("Power")));
}

#[test]
fn create_stable_with_columns_tags_and_options() {
    let sql = "CREATE STABLE IF NOT EXISTS power.meters (ts TIMESTAMP, \
               current FLOAT ENCODE 'delta-d' COMPRESS 'lz4' LEVEL 'high', \
               voltage INT, phase FLOAT) \
               TAGS (groupId INT, location BINARY(24)) COMMENT 'meters' TTL 0";
    let Statement::CreateStable(stable) = ok(sql) else { panic!("not a stable") };
    assert_eq!(stable.name, qualified("power", "meters"));
    assert!(stable.if_not_exists);
    let names: Vec<_> = stable.columns.iter().map(|c| c.name.name.as_str()).collect();
    assert_eq!(names, ["ts", "current", "voltage", "phase"]);
    let current = &stable.columns[1];
    assert_eq!(current.ty, DataTypeSpec::plain(DataType::Float));
    assert_eq!(current.encode.as_deref(), Some("delta-d"));
    assert_eq!(current.compress.as_deref(), Some("lz4"));
    assert_eq!(current.level.as_deref(), Some("high"));
    assert_eq!(stable.tags[0].name, id("groupid"));
    assert_eq!(stable.tags[1].ty, DataTypeSpec { width: Some(24), ..DataTypeSpec::plain(DataType::VarChar) });
    let option_names: Vec<_> = stable.options.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(option_names, ["comment", "ttl"]);
}

#[test]
fn create_table_with_tags_is_a_stable_and_without_is_normal() {
    assert!(matches!(ok("create table st (ts timestamp, v int) tags (t int)"), Statement::CreateStable(_)));
    let Statement::CreateTable(t) = ok("create table t (ts timestamp, v int, pk int primary key)") else { panic!("not a normal table") };
    assert!(t.tags.is_empty());
    assert!(t.columns[2].primary_key);
    assert_eq!(err("create stable s (ts timestamp)").code, 0x2601);
}

#[test]
fn table_options_take_lists_and_names() {
    let t = definition("create table t (ts timestamp, a int) sma(a) ttl 7 watermark 5s, 10s");
    assert_eq!(
        t.options,
        vec![
            SqlOption { name: "sma".into(), values: vec![OptionValue::List(vec![OptionValue::Identifier(id("a"))])] },
            SqlOption { name: "ttl".into(), values: vec![literal(Literal::Integer(7))] },
            SqlOption {
                name: "watermark".into(),
                values: vec![
                    literal(Literal::Duration(Duration { value: 5, unit: TimeUnit::Second })),
                    literal(Literal::Duration(Duration { value: 10, unit: TimeUnit::Second })),
                ]
            },
        ]
    );
}

#[test]
fn every_data_type() {
    let sized = |ty, width| DataTypeSpec { width: Some(width), ..DataTypeSpec::plain(ty) };
    let decimal = |ty, p, s| DataTypeSpec { ty, width: None, precision: Some(p), scale: Some(s) };
    let cases = [
        ("TIMESTAMP", DataTypeSpec::plain(DataType::Timestamp)),
        ("bool", DataTypeSpec::plain(DataType::Bool)),
        ("tinyint", DataTypeSpec::plain(DataType::TinyInt)),
        ("TINYINT UNSIGNED", DataTypeSpec::plain(DataType::UTinyInt)),
        ("smallint", DataTypeSpec::plain(DataType::SmallInt)),
        ("smallint unsigned", DataTypeSpec::plain(DataType::USmallInt)),
        ("int", DataTypeSpec::plain(DataType::Int)),
        ("INTEGER", DataTypeSpec::plain(DataType::Int)),
        ("int unsigned", DataTypeSpec::plain(DataType::UInt)),
        ("bigint", DataTypeSpec::plain(DataType::BigInt)),
        ("bigint unsigned", DataTypeSpec::plain(DataType::UBigInt)),
        ("float", DataTypeSpec::plain(DataType::Float)),
        ("double", DataTypeSpec::plain(DataType::Double)),
        ("binary(16)", sized(DataType::VarChar, 16)),
        ("VARCHAR(300)", sized(DataType::VarChar, 300)),
        ("nchar(8)", sized(DataType::NChar, 8)),
        ("json", DataTypeSpec::plain(DataType::Json)),
        ("varbinary(64)", sized(DataType::VarBinary, 64)),
        ("geometry(100)", sized(DataType::Geometry, 100)),
        ("decimal(10, 2)", decimal(DataType::Decimal64, 10, 2)),
        ("decimal(18,18)", decimal(DataType::Decimal64, 18, 18)),
        ("decimal(19)", decimal(DataType::Decimal, 19, 0)),
        ("DECIMAL(38,10)", decimal(DataType::Decimal, 38, 10)),
        ("blob", DataTypeSpec::plain(DataType::Blob)),
        ("mediumblob", DataTypeSpec::plain(DataType::MediumBlob)),
    ];
    for (text, expected) in cases {
        let t = definition(&format!("create table t (ts timestamp, c {text})"));
        assert_eq!(t.columns[1].ty, expected, "{text}");
    }
    assert_eq!(DataType::Decimal64.code(), 21);
    assert_eq!(DataType::Decimal.code(), 17);
}

#[test]
fn bad_type_arguments() {
    for sql in [
        "create table t (ts timestamp, c binary(0))",
        "create table t (ts timestamp, c decimal(39))",
        "create table t (ts timestamp, c decimal(0))",
        "create table t (ts timestamp, c decimal(10, 11))",
    ] {
        assert_eq!(err(sql).code, INVALID_TYPE_LENGTH, "{sql}");
    }
    assert_eq!(err("create table t (ts timestamp, c decimal(39))").message, "Invalid DECIMAL precision: 39, valid range: [1, 38]");
    assert_eq!(err("create table t (ts timestamp, c nchar(0))").message, "Invalid NCHAR length: 0, valid range: [1, 4294967295]");
    assert_eq!(err("create table t (ts timestamp, c decimal(10, 11))").message, "Invalid DECIMAL scale: 11, valid range: [0, 10]");
    assert_eq!(err("create table t (ts timestamp, c binary)").message, "syntax error near \")\"");
    assert_eq!(err("create table t (ts timestamp, c text)").message, "syntax error near \"text)\"");
}

#[test]
fn create_several_subtables_in_one_statement() {
    let sql = "CREATE TABLE IF NOT EXISTS d1 USING meters TAGS ('a', 1) \
               d2 USING power.meters (groupid) TAGS (2) TTL 3 \
               if not exists power.d3 using meters tags (null, -3)";
    let Statement::CreateSubtables(tables) = ok(sql) else { panic!("not subtables") };
    assert_eq!(tables.len(), 3);
    assert_eq!(
        tables[0],
        CreateSubtable {
            name: table("d1"),
            if_not_exists: true,
            using: UsingClause { stable: table("meters"), tag_names: vec![], tags: vec![string("a"), int(1)] },
            options: vec![],
        }
    );
    assert!(!tables[1].if_not_exists);
    assert_eq!(tables[1].using.stable, qualified("power", "meters"));
    assert_eq!(tables[1].using.tag_names, vec![id("groupid")]);
    assert_eq!(tables[1].options[0].name, "ttl");
    assert_eq!(tables[2].name, qualified("power", "d3"));
    assert_eq!(tables[2].using.tags, vec![Expr::Literal(Literal::Null), int(-3)]);
}

#[test]
fn drop_tables_and_stables() {
    assert_eq!(
        ok("DROP TABLE IF EXISTS power.d1, d2, if exists `D3`"),
        Statement::DropTables(vec![
            DropTable { name: qualified("power", "d1"), if_exists: true },
            DropTable { name: table("d2"), if_exists: false },
            DropTable { name: TableName { db: None, name: Identifier::quoted("D3") }, if_exists: true },
        ])
    );
    assert_eq!(ok("drop stable if exists meters"), Statement::DropStable(DropTable { name: table("meters"), if_exists: true }));
    assert_eq!(err("drop stable a, b").message, "syntax error near \", b\"");
}

#[test]
fn describe_and_desc() {
    assert_eq!(ok("DESCRIBE power.meters"), Statement::Describe(qualified("power", "meters")));
    assert_eq!(ok("desc meters;"), Statement::Describe(table("meters")));
}

#[test]
fn show_statements() {
    let cases = [
        ("SHOW DATABASES", Show::Databases),
        ("show stables", Show::Stables { db: None, like: None }),
        ("show power.STABLES like 'me%'", Show::Stables { db: Some(id("power")), like: Some("me%".into()) }),
        ("show tables", Show::Tables { kind: None, db: None, like: None }),
        (
            "SHOW `Power`.tables LIKE \"d\\_1\"",
            Show::Tables { kind: None, db: Some(Identifier::quoted("Power")), like: Some("d\\_1".into()) },
        ),
        ("show normal tables", Show::Tables { kind: Some(TablesKind::Normal), db: None, like: None }),
        (
            "SHOW CHILD power.TABLES LIKE 'd%'",
            Show::Tables { kind: Some(TablesKind::Child), db: Some(id("power")), like: Some("d%".into()) },
        ),
        // Followed by a dot, NORMAL and CHILD are database names.
        ("show normal.tables", Show::Tables { kind: None, db: Some(id("normal")), like: None }),
        ("show child.stables", Show::Stables { db: Some(id("child")), like: None }),
        ("show normal `child`.tables", Show::Tables { kind: Some(TablesKind::Normal), db: Some(Identifier::quoted("child")), like: None }),
        ("show topics", Show::Topics),
        ("show consumers", Show::Consumers),
        ("show subscriptions;", Show::Subscriptions),
        ("SHOW CLUSTER ALIVE", Show::ClusterAlive),
    ];
    for (sql, expected) in cases {
        assert_eq!(ok(sql), Statement::Show(expected), "{sql}");
    }
}

#[test]
fn create_topics() {
    let Statement::CreateTopic(topic) = ok("CREATE TOPIC IF NOT EXISTS t1 AS SELECT ts, current FROM power.meters WHERE voltage > 200")
    else {
        panic!("not a topic")
    };
    assert_eq!((topic.name, topic.if_not_exists, topic.with_meta), (id("t1"), true, false));
    let TopicSource::Query(query) = topic.source else { panic!("not a query topic") };
    assert_eq!(query.from, Some(FromSource::Table { name: qualified("power", "meters"), alias: None }));

    assert_eq!(
        ok("create topic t2 with meta as stable power.meters where groupid = 2"),
        Statement::CreateTopic(CreateTopic {
            name: id("t2"),
            if_not_exists: false,
            with_meta: true,
            source: TopicSource::Stable { name: qualified("power", "meters"), filter: Some(binary(col("groupid"), BinaryOp::Eq, int(2))) },
        })
    );
    assert_eq!(
        ok("create topic t3 as database power"),
        Statement::CreateTopic(CreateTopic {
            name: id("t3"),
            if_not_exists: false,
            with_meta: false,
            source: TopicSource::Database(id("power")),
        })
    );
}

#[test]
fn drop_topics_and_consumer_groups() {
    assert_eq!(ok("DROP TOPIC IF EXISTS t1"), Statement::DropTopic { name: id("t1"), if_exists: true, force: false });
    assert_eq!(ok("drop topic force t1"), Statement::DropTopic { name: id("t1"), if_exists: false, force: true });
    assert_eq!(
        ok("DROP CONSUMER GROUP IF EXISTS g1 ON t1"),
        Statement::DropConsumerGroup { group: id("g1"), topic: id("t1"), if_exists: true, force: false }
    );
}
