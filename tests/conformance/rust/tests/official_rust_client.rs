//! TDengine's official Rust client (`taos` 0.12.3, WebSocket) against an in-process tdlite:
//! connect, DDL at every precision, inserts by SQL and by prepared statement (with subtable
//! auto-create), every type read back exactly, and the error codes users branch on.

use taos::taos_query::common::Timestamp;
use taos::*;
use tdlite::engine::{Engine, EngineConfig};
use tdlite::server::{Server, ServerConfig};

async fn start() -> (Server, Taos) {
    let config = ServerConfig { listen: "127.0.0.1:0".parse().unwrap(), tls: None };
    let server = Server::start(config, Engine::open(EngineConfig::default()).unwrap()).await.unwrap();
    let dsn = format!("ws://root:taosdata@{}", server.local_addr());
    let taos = TaosBuilder::from_dsn(dsn).unwrap().build().await.unwrap();
    (server, taos)
}

const ALL_TYPES: &str = "ts TIMESTAMP, b BOOL, i8 TINYINT, i16 SMALLINT, i32 INT, i64 BIGINT, \
    u8 TINYINT UNSIGNED, u16 SMALLINT UNSIGNED, u32 INT UNSIGNED, u64 BIGINT UNSIGNED, \
    f32 FLOAT, f64 DOUBLE, vc VARCHAR(32), nc NCHAR(16), vb VARBINARY(16), geo GEOMETRY(64)";

/// Every value of one row, in `ALL_TYPES` order after the timestamp.
fn extremes() -> Vec<Value> {
    vec![
        Value::Bool(true),
        Value::TinyInt(i8::MIN),
        Value::SmallInt(i16::MAX),
        Value::Int(i32::MIN),
        Value::BigInt(i64::MAX),
        Value::UTinyInt(u8::MAX),
        Value::USmallInt(u16::MAX),
        Value::UInt(u32::MAX),
        Value::UBigInt(u64::MAX),
        Value::Float(-1.5),
        Value::Double(f64::MAX),
        Value::VarChar("hello 'quoted'".into()),
        Value::NChar("涛思数据😀é".into()),
        Value::VarBinary(vec![0u8, 0xff, 0x10].into()),
        // POINT(1 2) as WKB.
        Value::Geometry(
            vec![1u8, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0x40].into(),
        ),
    ]
}

const EXTREMES_SQL: &str = "true, -128, 32767, -2147483648, 9223372036854775807, 255, 65535, 4294967295, \
    18446744073709551615, -1.5, 1.7976931348623157e308, 'hello \\'quoted\\'', '涛思数据😀é', '\\x00ff10', \
    'POINT(1 2)'";

async fn rows(taos: &Taos, sql: &str) -> Vec<Vec<Value>> {
    let mut result = taos.query(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    let mut out = vec![];
    let mut rows = result.rows();
    while let Some(row) = rows.try_next().await.unwrap() {
        out.push(row.map(|(_, v)| v.to_value()).collect());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_type_by_sql_at_every_precision() {
    let (server, taos) = start().await;
    for (precision, ts) in [("ms", 1_700_000_000_123i64), ("us", 1_700_000_000_123_456), ("ns", 1_700_000_000_123_456_789)] {
        let db = format!("conf_sql_{precision}");
        taos.exec_many([
            format!("CREATE DATABASE {db} PRECISION '{precision}'"),
            format!("CREATE TABLE {db}.t ({ALL_TYPES})"),
            format!("INSERT INTO {db}.t VALUES ({ts}, {EXTREMES_SQL})"),
            format!("INSERT INTO {db}.t (ts) VALUES ({})", ts + 1),
        ])
        .await
        .unwrap();
        let got = rows(&taos, &format!("SELECT * FROM {db}.t ORDER BY ts")).await;
        assert_eq!(got.len(), 2, "{precision}");
        let expected_ts = match precision {
            "ms" => Timestamp::Milliseconds(ts),
            "us" => Timestamp::Microseconds(ts),
            _ => Timestamp::Nanoseconds(ts),
        };
        assert_eq!(got[0][0], Value::Timestamp(expected_ts), "{precision}");
        assert_eq!(got[0][1..], extremes()[..], "{precision}");
        assert!(got[1][1..].iter().all(|v| v.is_null()), "{precision}: {:?}", got[1]);
    }
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prepared_statement_creates_subtables_with_tags() {
    let (server, taos) = start().await;
    taos.exec_many([
        "CREATE DATABASE conf_stmt",
        "USE conf_stmt",
        "CREATE STABLE meters (ts TIMESTAMP, current FLOAT, voltage INT, phase FLOAT) TAGS (location VARCHAR(64), groupid INT)",
    ])
    .await
    .unwrap();
    let mut stmt = Stmt::init(&taos).await.unwrap();
    stmt.prepare("INSERT INTO ? USING meters TAGS(?, ?) VALUES(?, ?, ?, ?)").await.unwrap();
    for (table, group) in [("d1001", 1), ("d1002", 2)] {
        stmt.set_tbname(table).await.unwrap();
        stmt.set_tags(&[Value::VarChar(format!("California.{table}")), Value::Int(group)]).await.unwrap();
        let columns = vec![
            ColumnView::from_millis_timestamp(vec![1_700_000_000_000i64, 1_700_000_000_001]),
            ColumnView::from_floats(vec![Some(10.5f32), None]),
            ColumnView::from_ints(vec![219, 220]),
            ColumnView::from_floats(vec![0.31f32, 0.32]),
        ];
        stmt.bind(&columns).await.unwrap();
        stmt.add_batch().await.unwrap();
    }
    assert_eq!(stmt.execute().await.unwrap(), 4);

    let got = rows(&taos, "SELECT tbname, voltage, groupid, location FROM meters ORDER BY tbname, ts").await;
    assert_eq!(got.len(), 4);
    assert_eq!(got[0], vec![Value::VarChar("d1001".into()), Value::Int(219), Value::Int(1), Value::VarChar("California.d1001".into())]);
    assert_eq!(got[3][0], Value::VarChar("d1002".into()));
    let sum: Vec<Vec<Value>> = rows(&taos, "SELECT SUM(voltage) FROM meters").await;
    assert_eq!(sum[0][0], Value::BigInt(878));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_carry_tdengine_codes() {
    let (server, taos) = start().await;
    let syntax = taos.exec("CREATE DATABSE nope").await.unwrap_err();
    assert_eq!(syntax.code(), 0x2600, "{syntax}");
    taos.exec("CREATE DATABASE conf_err").await.unwrap();
    let missing = taos.query("SELECT * FROM conf_err.nothing").await.expect_err("missing table must fail");
    assert_eq!(missing.code(), 0x2603, "{missing}");
    let no_db = taos.exec("USE nothing_here").await.unwrap_err();
    assert_eq!(no_db.code(), 0x0388, "{no_db}");

    // taos 0.12 connects lazily: the refusal comes with the first statement.
    let wrong = TaosBuilder::from_dsn(format!("ws://root:wrong@{}", server.local_addr())).unwrap().build().await.unwrap();
    let refused = wrong.exec("SELECT SERVER_VERSION()").await.unwrap_err();
    assert_eq!(refused.code(), 0x0357, "{refused}");
    server.shutdown().await;
}
