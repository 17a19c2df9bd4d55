//! The client against an in-process tdlite: login, statements, results read block by block,
//! compression, and the coded errors for bad settings, wrong credentials and timeouts.

mod support;

use std::time::Duration;
use support::Tdlite;
use tdflink_client::{Client, ConnectionConfig, Outcome};
use tdflink_protocol::codes;
use tdflink_protocol::raw_block::RawBlockView;
use tdflink_protocol::types::{DataType, Precision};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_every_row_block_by_block_with_and_without_compression() {
    let mut server = Tdlite::start().await;
    for extra in ["", "&enableCompression=true"] {
        let client = Client::connect(&server.config(extra)).await.unwrap();
        assert_eq!(client.server_version(), "3.3.6.0");
        let db = if extra.is_empty() { "q_plain" } else { "q_deflate" };
        client.exec(&format!("CREATE DATABASE {db} PRECISION 'us'")).await.unwrap();
        client.exec(&format!("CREATE TABLE {db}.t (ts TIMESTAMP, v INT, s NCHAR(8))")).await.unwrap();
        let values: Vec<String> = (0..10_000).map(|i| format!("({}, {i}, 'n{}')", 1_700_000_000_000_000i64 + i, i % 7)).collect();
        assert_eq!(client.exec(&format!("INSERT INTO {db}.t VALUES {}", values.join(" "))).await.unwrap(), 10_000);

        let Outcome::Rows(result) = client.query(&format!("SELECT ts, v, s FROM {db}.t")).await.unwrap() else {
            panic!("a query returns rows")
        };
        assert_eq!(result.precision, Precision::Microsecond);
        assert_eq!(result.fields.iter().map(|f| f.ty).collect::<Vec<_>>(), [DataType::Timestamp, DataType::Int, DataType::NChar]);
        let (mut rows, mut sum, mut blocks) = (0usize, 0i64, 0);
        while let Some(block) = client.fetch(&result).await.unwrap() {
            let view = RawBlockView::parse(&block).unwrap();
            rows += view.rows;
            sum += view.columns[1].values().map(|v| i64::from(i32::from_le_bytes(v.unwrap().try_into().unwrap()))).sum::<i64>();
            blocks += 1;
        }
        assert_eq!((rows, sum), (10_000, (0..10_000).sum()));
        assert!(blocks > 1, "{extra}: results stream in several blocks");
        // The server freed the exhausted result.
        assert!(client.fetch(&result).await.is_err());
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_carry_their_codes() {
    let mut server = Tdlite::start().await;
    let client = Client::connect(&server.config("")).await.unwrap();
    assert_eq!(client.exec("SELECT * FROM nowhere.nothing").await.unwrap_err().code(), codes::SERVER_DB_NOT_EXIST);
    assert_eq!(client.exec("SELEC 1").await.unwrap_err().code(), codes::SERVER_SYNTAX_ERROR);
    assert_eq!(client.exec("SELECT SERVER_VERSION()").await.unwrap_err().code(), codes::DRIVER_INVALID_SQL);

    let wrong = ConnectionConfig { password: "wrong".into(), ..server.config("") };
    assert_eq!(Client::connect(&wrong).await.err().unwrap().code(), codes::SERVER_AUTH_FAILURE);

    // Nothing listens on a closed port; a silent server runs into the message timeout.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let closed = ConnectionConfig { port: listener.local_addr().unwrap().port(), ..server.config("") };
    drop(listener);
    // Like the JDBC driver, every failed connect is 0x231d, not only a timeout.
    assert_eq!(Client::connect(&closed).await.err().unwrap().code(), codes::DRIVER_CONNECTION_TIMEOUT);
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hanging =
        ConnectionConfig { port: silent.local_addr().unwrap().port(), connect_timeout: Duration::from_millis(300), ..server.config("") };
    assert_eq!(Client::connect(&hanging).await.err().unwrap().code(), codes::DRIVER_CONNECTION_TIMEOUT);
    server.stop().await;
}
