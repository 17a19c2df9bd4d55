//! Auto-reconnect against an in-process tdlite stopped and restarted on the same port:
//! statements (queries with parameters too) are repeated on the new connection, results and
//! prepared statements are not
//! resumed, a server that stays away fails after the configured attempts, and without the
//! option a loss is 0x2301.

mod support;

use std::time::{Duration, Instant};
use support::Tdlite;
use tdflink_client::stmt2::Stmt2;
use tdflink_client::{Client, Outcome};
use tdflink_protocol::codes;
use tdflink_protocol::columns::{ColumnSchema, OwnedBatch};
use tdflink_protocol::stmt2::Stmt2Bind;
use tdflink_protocol::types::DataType;

const RECONNECT: &str = "&enableAutoReconnect=true&reconnectIntervalMs=100&reconnectRetryCount=50";

async fn with_table(client: &Client, db: &str) {
    client.exec(&format!("CREATE DATABASE {db}")).await.unwrap();
    client.exec(&format!("CREATE TABLE {db}.t (ts TIMESTAMP, v INT)")).await.unwrap();
    let values: Vec<String> = (0..5_000).map(|i| format!("({}, {i})", 1_700_000_000_000i64 + i)).collect();
    client.exec(&format!("INSERT INTO {db}.t VALUES {}", values.join(" "))).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statements_are_repeated_after_a_restart_and_open_results_are_lost() {
    let mut server = Tdlite::start().await;
    // The session database is logged in again on the new connection.
    let setup = Client::connect(&server.config("")).await.unwrap();
    with_table(&setup, "rc").await;
    let client = Client::connect(&server.config(&format!("{RECONNECT}&dbname=rc"))).await.unwrap();
    let Outcome::Rows(open) = client.query("SELECT v FROM t").await.unwrap() else { panic!("rows expected") };
    assert!(client.fetch(&open).await.unwrap().is_some());

    let stmt = Stmt2::prepare(&client, "INSERT INTO t VALUES (?, ?)").await.unwrap();

    server.restart().await;
    assert_eq!(client.exec("INSERT INTO t VALUES (1800000000000, -1)").await.unwrap(), 1);
    let e = client.fetch(&open).await.unwrap_err();
    assert_eq!(e.code(), codes::DRIVER_RESULTSET_CLOSED, "{e}");
    client.free_result(&open).unwrap();
    // A prepared statement is not carried over either.
    let e = stmt.execute(&Stmt2Bind { tables: Vec::new() }).await.unwrap_err();
    assert_eq!(e.code(), codes::DRIVER_STATEMENT_CLOSED, "{e}");

    // Queries started after the restart read everything, clones share the new connection.
    let clone = client.clone();
    let Outcome::Rows(result) = clone.query("SELECT COUNT(*) FROM t").await.unwrap() else { panic!("rows expected") };
    assert!(clone.fetch(&result).await.unwrap().is_some());
    assert!(client.fetch(&result).await.unwrap().is_none());

    // A second loss, met by two clones at once, is recovered by one shared reconnect.
    server.restart().await;
    let (a, b) = tokio::join!(client.query("SELECT v FROM t"), clone.exec("INSERT INTO t VALUES (1800000000001, -2)"));
    let Outcome::Rows(a) = a.unwrap() else { panic!("rows expected") };
    assert_eq!(b.unwrap(), 1);
    assert_eq!(a.epoch, result.epoch + 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_query_with_parameters_is_repeated_after_a_restart() {
    let mut server = Tdlite::start().await;
    let setup = Client::connect(&server.config("")).await.unwrap();
    with_table(&setup, "rp").await;
    let client = Client::connect(&server.config(&format!("{RECONNECT}&dbname=rp"))).await.unwrap();
    let params = OwnedBatch::new(1).fixed(ColumnSchema::new("min", DataType::Int), &[0], &4_990i32.to_le_bytes());
    let params = params.view();
    let sql = "SELECT v FROM t WHERE v >= ?";
    let open = client.query_with_params(sql, &params).await.unwrap();

    server.restart().await;
    let result = client.query_with_params(sql, &params).await.unwrap();
    assert_eq!(result.epoch, open.epoch + 1);
    assert_eq!(support::read(&client, &result).await.len(), 10);
    assert_eq!(client.fetch(&open).await.unwrap_err().code(), codes::DRIVER_RESULTSET_CLOSED);
    client.free_result(&open).unwrap();
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_waits_for_a_server_that_comes_back_within_the_attempts() {
    let mut server = Tdlite::start().await;
    let client = Client::connect(&server.config(RECONNECT)).await.unwrap();
    client.exec("CREATE DATABASE back").await.unwrap();
    server.stop().await;
    let comeback = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(500)).await;
        server.restart().await;
        server
    });
    client.exec("CREATE TABLE back.t (ts TIMESTAMP, v INT)").await.unwrap();
    comeback.await.unwrap().stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_stays_away_fails_after_the_attempts() {
    let mut server = Tdlite::start().await;
    let client = Client::connect(&server.config("&enableAutoReconnect=true&reconnectIntervalMs=200&reconnectRetryCount=3")).await.unwrap();
    server.stop().await;
    let started = Instant::now();
    let e = client.exec("CREATE DATABASE never").await.unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(e.code(), codes::DRIVER_CONNECTION_CLOSED, "{e}");
    assert!(e.to_string().contains("3 reconnect attempts"), "{e}");
    // Three attempts are two intervals apart; refused connects are quick.
    assert!(elapsed >= Duration::from_millis(400) && elapsed < Duration::from_secs(30), "{elapsed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_auto_reconnect_a_lost_connection_is_0x2301_at_once() {
    let mut server = Tdlite::start().await;
    let client = Client::connect(&server.config("")).await.unwrap();
    server.restart().await;
    for _ in 0..2 {
        let e = client.exec("CREATE DATABASE nope").await.unwrap_err();
        assert_eq!(e.code(), codes::DRIVER_CONNECTION_CLOSED, "{e}");
    }
    // The server is back: a new client connects.
    Client::connect(&server.config("")).await.unwrap().exec("CREATE DATABASE yes").await.unwrap();
    server.stop().await;
}
