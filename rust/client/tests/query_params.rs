//! Queries with `?` parameters through stmt2 against an in-process tdlite: the forms the SQL
//! layer sends (filters, time ranges, IN lists, tbname, LIKE, IS NULL, a subquery, LIMIT),
//! parameter types, the statement closed once its result is done with, and coded errors.

mod support;

use std::time::Duration;
use support::{read, Tdlite};
use tdflink_client::{Client, ResultHandle};
use tdflink_protocol::codes;
use tdflink_protocol::columns::{ColumnSchema, OwnedBatch};
use tdflink_protocol::messages::{action, StmtArgs};
use tdflink_protocol::types::{DataType, Precision};

/// One query parameter.
enum P<'a> {
    /// A fixed-width value: its little-endian bytes.
    Fixed(DataType, Vec<u8>),
    /// TIMESTAMP ticks and the precision code naming their unit.
    Ts(i64, u8),
    Text(DataType, &'a str),
    Null(DataType),
}

fn int(v: i32) -> P<'static> {
    P::Fixed(DataType::Int, v.to_le_bytes().to_vec())
}

fn text(v: &str) -> P<'_> {
    P::Text(DataType::VarChar, v)
}

/// A one-row batch of `params`.
fn batch(params: &[P<'_>]) -> OwnedBatch {
    params.iter().enumerate().fold(OwnedBatch::new(1), |batch, (i, p)| {
        let name = format!("p{i}");
        match p {
            P::Fixed(ty, bytes) => batch.fixed(ColumnSchema::new(name, *ty), &[0], bytes),
            P::Ts(v, precision) => {
                batch.fixed(ColumnSchema::new(name, DataType::Timestamp).with_precision(*precision), &[0], &v.to_le_bytes())
            }
            P::Text(ty, v) => batch.var(ColumnSchema::new(name, *ty), &[0], &[v.len() as i32], v.as_bytes()),
            P::Null(ty) => match ColumnSchema::new(name, *ty) {
                schema if schema.value_width().is_some() => batch.fixed(schema, &[1], &vec![0; ty.fixed_size().unwrap()]),
                schema => batch.var(schema, &[1], &[0], &[]),
            },
        }
    })
}

const T0: i64 = 1_700_000_000_000;

/// `power.meters` (ms) with three subtables: d1001 (SanFrancisco, group 2), d1002
/// (LosAngeles, group 3), d1003 (SanDiego, group 2), 4 rows each; voltage = 200 + 10·table +
/// row, `current` NULL on every row 3.
async fn meters(server: &Tdlite) -> Client {
    let client = Client::connect(&server.config("")).await.unwrap();
    client.exec("CREATE DATABASE power").await.unwrap();
    client
        .exec("CREATE STABLE power.meters (ts TIMESTAMP, current FLOAT, voltage INT, phase FLOAT) TAGS (location VARCHAR(64), groupid INT)")
        .await
        .unwrap();
    for (t, location, group) in [(1, "California.SanFrancisco", 2), (2, "California.LosAngeles", 3), (3, "California.SanDiego", 2)] {
        let values: Vec<String> = (0..4)
            .map(|r| {
                let current = if r == 3 { "NULL".to_owned() } else { format!("{}.5", 10 + r) };
                format!("({}, {current}, {}, 0.3)", T0 + r, 200 + 10 * t + r)
            })
            .collect();
        let sql = format!("INSERT INTO power.d100{t} USING power.meters TAGS ('{location}', {group}) VALUES {}", values.join(" "));
        client.exec(&sql).await.unwrap();
    }
    client
}

async fn query(client: &Client, sql: &str, params: &[P<'_>]) -> Vec<String> {
    let result = client.query_with_params(sql, &batch(params).view()).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    read(client, &result).await
}

fn ts_voltage(pairs: &[(i64, i32)]) -> Vec<String> {
    let mut rows: Vec<String> = pairs.iter().map(|(r, v)| format!("{} {v}", T0 + r)).collect();
    rows.sort();
    rows
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_forms_the_sql_layer_sends() {
    let mut server = Tdlite::start().await;
    let client = meters(&server).await;
    let q = |sql: &'static str| format!("select ts, voltage from power.meters where {sql}");

    let la = text("California.LosAngeles");
    assert_eq!(query(&client, &q("voltage > ? and location = ?"), &[int(221), la]).await, ts_voltage(&[(2, 222), (3, 223)]));
    assert_eq!(
        query(&client, &q("ts >= ? and ts < ?"), &[P::Ts(T0 + 1, 0), P::Ts(T0 + 2, 0)]).await,
        ts_voltage(&[(1, 211), (1, 221), (1, 231)])
    );
    assert_eq!(query(&client, &q("groupid in (?, ?)"), &[int(3), int(7)]).await, ts_voltage(&[(0, 220), (1, 221), (2, 222), (3, 223)]));
    let d1003 = text("d1003");
    assert_eq!(query(&client, &q("tbname = ?"), &[d1003]).await, ts_voltage(&[(0, 230), (1, 231), (2, 232), (3, 233)]));
    let san = text("California.San%");
    assert_eq!(query(&client, &q("location like ? and voltage < ?"), &[san, int(212)]).await, ts_voltage(&[(0, 210), (1, 211)]));
    assert_eq!(
        query(&client, &q("current is null or voltage <= ?"), &[int(210)]).await,
        ts_voltage(&[(0, 210), (3, 213), (3, 223), (3, 233)])
    );
    let subquery = "select * from (select ts, voltage, tbname from power.meters) where voltage > ? and tbname = ?";
    let d1002 = text("d1002");
    assert_eq!(query(&client, subquery, &[int(221), d1002]).await, [format!("{} 222 d1002", T0 + 2), format!("{} 223 d1002", T0 + 3)]);
    let limited = query(&client, "select ts, voltage from power.meters where voltage > ? order by voltage limit 2", &[int(0)]).await;
    assert_eq!(limited, ts_voltage(&[(0, 210), (1, 211)]));
    assert_eq!(query(&client, &q("voltage > ? limit 10"), &[int(0)]).await.len(), 10);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parameters_of_every_type() {
    let mut server = Tdlite::start().await;
    let client = Client::connect(&server.config("")).await.unwrap();
    client.exec("CREATE DATABASE k").await.unwrap();
    let columns = "b BOOL, i8 TINYINT, i16 SMALLINT, i32 INT, i64 BIGINT, u8 TINYINT UNSIGNED, u16 SMALLINT UNSIGNED, \
                   u32 INT UNSIGNED, u64 BIGINT UNSIGNED, f FLOAT, d DOUBLE, s VARCHAR(10), n NCHAR(10), vb VARBINARY(10)";
    client.exec(&format!("CREATE TABLE k.t (ts TIMESTAMP, {columns})")).await.unwrap();
    client.exec("INSERT INTO k.t VALUES (1, true, -8, -16, -32, -64, 8, 16, 32, 64, 1.5, 2.25, 'sä', 'nä', '\\x0102')").await.unwrap();
    client.exec("INSERT INTO k.t VALUES (2, false, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 'x', 'y', '\\x03')").await.unwrap();
    let le = |v: i64, width: usize| v.to_le_bytes()[..width].to_vec();
    let cases = [
        ("b", P::Fixed(DataType::Bool, vec![1])),
        ("i8", P::Fixed(DataType::TinyInt, le(-8, 1))),
        ("i16", P::Fixed(DataType::SmallInt, le(-16, 2))),
        ("i32", int(-32)),
        ("i64", P::Fixed(DataType::BigInt, le(-64, 8))),
        ("u8", P::Fixed(DataType::UTinyInt, le(8, 1))),
        ("u16", P::Fixed(DataType::USmallInt, le(16, 2))),
        ("u32", P::Fixed(DataType::UInt, le(32, 4))),
        ("u64", P::Fixed(DataType::UBigInt, le(64, 8))),
        ("f", P::Fixed(DataType::Float, 1.5f32.to_le_bytes().to_vec())),
        ("d", P::Fixed(DataType::Double, 2.25f64.to_le_bytes().to_vec())),
        ("s", text("sä")),
        ("n", P::Text(DataType::NChar, "nä")),
        ("vb", P::Text(DataType::VarBinary, "\u{1}\u{2}")),
        // A column compared with a parameter of a wider type.
        ("i8", P::Fixed(DataType::BigInt, le(-8, 8))),
    ];
    for (column, param) in cases {
        let sql = format!("select ts from k.t where {column} = ?");
        assert_eq!(query(&client, &sql, &[param]).await, ["1"], "{sql}");
    }
    // A NULL parameter compares as NULL: no row.
    assert!(query(&client, "select ts from k.t where i32 > ?", &[P::Null(DataType::Int)]).await.is_empty());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timestamps_are_bound_in_the_database_unit() {
    let mut server = Tdlite::start().await;
    let client = Client::connect(&server.config("")).await.unwrap();
    client.exec("CREATE DATABASE micro PRECISION 'us'").await.unwrap();
    client.exec("CREATE TABLE micro.t (ts TIMESTAMP, v INT)").await.unwrap();
    client.exec("INSERT INTO micro.t VALUES (1700000000000000, 1) (1700000000000001, 2) (1700000000000002, 3)").await.unwrap();
    let result = client
        .query_with_params("select ts, v from micro.t where ts > ?", &batch(&[P::Ts(1_700_000_000_000_000, 1)]).view())
        .await
        .unwrap();
    assert_eq!(result.precision, Precision::Microsecond);
    assert_eq!(read(&client, &result).await, ["1700000000000001 2", "1700000000000002 3"]);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decimal_parameters_bind_as_text() {
    let mut server = Tdlite::start().await;
    let client = Client::connect(&server.config("")).await.unwrap();
    client.exec("CREATE DATABASE dec").await.unwrap();
    client.exec("CREATE TABLE dec.t (ts TIMESTAMP, price DECIMAL(10, 2))").await.unwrap();
    client.exec("INSERT INTO dec.t VALUES (1, 1.25) (2, 12.50) (3, -3.75)").await.unwrap();
    let params = batch(&[P::Text(DataType::Decimal, "1.30")]);
    let result = client.query_with_params("select ts from dec.t where price < ?", &params.view()).await.unwrap();
    assert_eq!(read(&client, &result).await, ["1", "3"]);
    server.stop().await;
}

/// Whether statement `id` of this connection is gone: the server then answers "stmt2 is nil"
/// (an open one answers `stmt2_result` otherwise). Waits a little for a close sent without
/// waiting for its reply.
async fn closed(client: &Client, id: u64) -> bool {
    for _ in 0..50 {
        let probe: Result<serde_json::Value, _> =
            client.call_json(action::STMT2_RESULT, StmtArgs { stmt_id: id, ..StmtArgs::default() }).await;
        if probe.is_err_and(|e| e.message().contains("stmt2 is nil")) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

fn statement(result: &ResultHandle) -> u64 {
    result.statement.expect("a parameterized result belongs to its statement")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_statement_is_closed_once_its_result_is_done_with() {
    let mut server = Tdlite::start().await;
    let client = meters(&server).await;
    let sql = "select ts, voltage from power.meters where voltage > ?";

    let exhausted = client.query_with_params(sql, &batch(&[int(0)]).view()).await.unwrap();
    assert_eq!(read(&client, &exhausted).await.len(), 12);
    let id = statement(&exhausted);
    assert!(closed(&client, id).await, "closed after the last block");

    let freed = client.query_with_params(sql, &batch(&[int(0)]).view()).await.unwrap();
    client.free_result(&freed).unwrap();
    assert!(closed(&client, statement(&freed)).await, "closed after an early free");

    // Statement ids count up per connection: a failed query's statement is the next one.
    let e = client
        .query_with_params("select ts from power.meters where voltage > ? and groupid = ?", &batch(&[int(0)]).view())
        .await
        .unwrap_err();
    assert_eq!(e.code(), codes::DRIVER_INVALID_VARIABLE, "{e}");
    assert!(e.message().contains("1 parameters for the 2 placeholders"), "{e}");
    let e = client.query_with_params("select ts from power.nowhere where voltage > ?", &batch(&[int(0)]).view()).await.unwrap_err();
    assert_eq!(e.code(), codes::SERVER_TABLE_NOT_EXIST, "{e}");
    let e = client.query_with_params("insert into power.d1001 values (?, ?, ?, ?)", &batch(&[int(0)]).view()).await.unwrap_err();
    assert_eq!(e.code(), codes::CONNECTOR_SQL_EXECUTION_NO_RESULTS, "{e}");
    for failed in statement(&freed) + 1..=statement(&freed) + 3 {
        assert!(closed(&client, failed).await, "statement {failed} of a failed query is closed");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_parameter_batches_are_refused_before_anything_is_sent() {
    let mut server = Tdlite::start().await;
    let client = Client::connect(&server.config("")).await.unwrap();
    let two_rows = OwnedBatch::new(2).fixed(ColumnSchema::new("p0", DataType::Int), &[0, 0], &[0; 8]);
    for params in [two_rows, batch(&[])] {
        let e = client.query_with_params("select 1", &params.view()).await.unwrap_err();
        assert_eq!(e.code(), codes::DRIVER_INVALID_VARIABLE, "{e}");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn describe_tells_the_columns_without_reading() {
    let mut server = Tdlite::start().await;
    let client = Client::connect(&server.config("")).await.unwrap();
    client.exec("CREATE DATABASE d PRECISION 'us'").await.unwrap();
    client.exec("CREATE TABLE d.t (ts TIMESTAMP, name VARCHAR(20), note NCHAR(8), price DECIMAL(10, 2), n INT UNSIGNED)").await.unwrap();
    let description = client.describe("select ts, name, note, price, n from d.t").await.unwrap();
    assert_eq!(description.precision, Precision::Microsecond);
    let columns: Vec<_> = description.fields.iter().map(|f| (f.name.as_str(), f.ty, f.bytes, f.precision, f.scale)).collect();
    assert_eq!(
        columns,
        [
            ("ts", DataType::Timestamp, 8, 0, 0),
            ("name", DataType::VarChar, 20, 0, 0),
            ("note", DataType::NChar, 8, 0, 0),
            ("price", DataType::Decimal64, 8, 10, 2),
            ("n", DataType::UInt, 4, 0, 0),
        ]
    );
    assert_eq!(client.describe("select * from d.nothing").await.unwrap_err().code(), codes::SERVER_TABLE_NOT_EXIST);
    // Not a query: the server refuses it as a subquery, so it never runs.
    let e = client.describe("create table d.u (ts timestamp, v int)").await.unwrap_err();
    assert_eq!(e.code(), codes::SERVER_SYNTAX_ERROR, "{e}");
    assert!(client.describe("select * from d.u").await.is_err(), "the table was not created");
    server.stop().await;
}
