//! The stmt2 table writer against an in-process tdlite: subtables created from tbname and
//! tags, rows and deletes applied in batch order, timestamps rescaled to the database
//! precision, a normal table, coded errors that name the target, and a batch written again
//! after its connection was lost, even when the new one is lost too while preparing.

mod support;

use std::collections::{BTreeMap, HashMap};
use support::cutting_proxy::CuttingProxy;
use support::rows;
use tdflink_client::writer::{TableWriter, TargetField, WriteTarget};
use tdflink_client::{Client, ConnectionConfig};
use tdflink_protocol::columns::{ColumnSchema, OwnedBatch};
use tdflink_protocol::types::DataType;
use tdlite::engine::{Engine, EngineConfig};
use tdlite::server::{Server, ServerConfig};

async fn connect() -> (Server, Client) {
    let config = ServerConfig { listen: "127.0.0.1:0".parse().unwrap(), tls: None };
    let server = Server::start(config, Engine::open(EngineConfig::default()).unwrap()).await.unwrap();
    let url = format!("jdbc:TAOS-WS://{}/?user=root&password=taosdata", server.local_addr());
    let client = Client::connect(&ConnectionConfig::from_url(&url, &BTreeMap::new()).unwrap()).await.unwrap();
    (server, client)
}

fn field(name: &str, role: &str) -> TargetField {
    TargetField { name: name.to_owned(), role: role.to_owned() }
}

/// Rows of (op, tbname, ts ns, voltage, location tag).
fn batch(rows: &[(u8, &str, i64, i32, &str)]) -> OwnedBatch {
    let nulls = vec![0u8; rows.len()];
    let text = |values: Vec<&str>| {
        let lengths: Vec<i32> = values.iter().map(|v| v.len() as i32).collect();
        (lengths, values.concat().into_bytes())
    };
    let (table_lengths, tables) = text(rows.iter().map(|r| r.1).collect());
    let (location_lengths, locations) = text(rows.iter().map(|r| r.4).collect());
    OwnedBatch::new(rows.len())
        .fixed(ColumnSchema::new("_op", DataType::TinyInt), &nulls, &rows.iter().map(|r| r.0).collect::<Vec<_>>())
        .var(ColumnSchema::new("tbname", DataType::VarChar), &nulls, &table_lengths, &tables)
        .fixed(
            ColumnSchema::new("ts", DataType::Timestamp).with_precision(2),
            &nulls,
            &rows.iter().flat_map(|r| r.2.to_le_bytes()).collect::<Vec<_>>(),
        )
        .fixed(ColumnSchema::new("voltage", DataType::Int), &nulls, &rows.iter().flat_map(|r| r.3.to_le_bytes()).collect::<Vec<_>>())
        .var(ColumnSchema::new("location", DataType::VarChar), &nulls, &location_lengths, &locations)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_and_deletes_into_subtables_in_batch_order() {
    let (_server, client) = connect().await;
    client.exec("CREATE DATABASE w PRECISION 'us'").await.unwrap();
    client.exec("CREATE STABLE w.meters (ts TIMESTAMP, voltage INT) TAGS (location VARCHAR(16))").await.unwrap();
    let target = WriteTarget {
        database: "w".into(),
        table: "meters".into(),
        supertable: true,
        fields: vec![field("tbname", "tbname"), field("ts", "column"), field("voltage", "column"), field("location", "tag")],
        timestamp_field: 1,
    };
    let mut writer = TableWriter::open(&client, target).await.unwrap();
    let t1 = 1_700_000_000_000_000_123i64; // ns; the database keeps µs
    let t2 = t1 + 1_000_000;
    let done = writer
        .write(
            &batch(&[
                (0, "d1", t1, 220, "SF"),
                (0, "d2", t1, 221, "LA"),
                (0, "d1", t2, 222, "SF"),
                (3, "d1", t1, 0, "SF"),
                (0, "d2", t2, 223, "LA"),
            ])
            .view(),
        )
        .await
        .unwrap();
    assert_eq!(done, 5);
    assert_eq!(
        rows(&client, "SELECT tbname, ts, voltage, location FROM w.meters").await,
        ["d1 1700000000001000 222 SF", "d2 1700000000000000 221 LA", "d2 1700000000001000 223 LA"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_normal_table_and_errors_that_name_the_target() {
    let (_server, client) = connect().await;
    client.exec("CREATE DATABASE n").await.unwrap();
    client.exec("CREATE TABLE n.plain (ts TIMESTAMP, voltage INT)").await.unwrap();
    let target = |table: &str| WriteTarget {
        database: "n".into(),
        table: table.into(),
        supertable: false,
        fields: vec![field("ts", "column"), field("voltage", "column")],
        timestamp_field: 0,
    };
    let mut writer = TableWriter::open(&client, target("plain")).await.unwrap();
    let batch = OwnedBatch::new(2)
        .fixed(ColumnSchema::new("_op", DataType::TinyInt), &[0, 0], &[0, 0])
        .fixed(
            ColumnSchema::new("ts", DataType::Timestamp).with_precision(2),
            &[0, 0],
            &[1_000_000_000i64, 2_000_000_000].iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<_>>(),
        )
        .fixed(ColumnSchema::new("voltage", DataType::Int), &[0, 1], &[7i32, 0].iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<_>>());
    assert_eq!(writer.write(&batch.view()).await.unwrap(), 2);
    assert_eq!(rows(&client, "SELECT ts, voltage FROM n.plain").await, ["1000 7", "2000 NULL"]);

    let error = TableWriter::open(&client, target("missing")).await.err().expect("no such table");
    assert_eq!(error.code(), 0x2603, "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_is_written_when_the_connection_is_lost_again_while_preparing() {
    let (server, setup) = connect().await;
    setup.exec("CREATE DATABASE again").await.unwrap();
    setup.exec("CREATE TABLE again.plain (ts TIMESTAMP, voltage INT)").await.unwrap();
    // Connection 1, the first reconnect, is cut at its client's 4th chunk: after the upgrade,
    // `version` and `conn`, the `stmt2_init` of preparing the insert again.
    let proxy = CuttingProxy::start(server.local_addr(), HashMap::from([(1, 4)])).await;
    let url = format!(
        "jdbc:TAOS-WS://{}/?user=root&password=taosdata&enableAutoReconnect=true&reconnectIntervalMs=50&reconnectRetryCount=3",
        proxy.addr
    );
    let client = Client::connect(&ConnectionConfig::from_url(&url, &BTreeMap::new()).unwrap()).await.unwrap();
    let target = WriteTarget {
        database: "again".into(),
        table: "plain".into(),
        supertable: false,
        fields: vec![field("ts", "column"), field("voltage", "column")],
        timestamp_field: 0,
    };
    let mut writer = TableWriter::open(&client, target).await.unwrap();
    proxy.cut_all();

    let batch = OwnedBatch::new(1)
        .fixed(ColumnSchema::new("_op", DataType::TinyInt), &[0], &[0])
        .fixed(ColumnSchema::new("ts", DataType::Timestamp), &[0], &1_000i64.to_le_bytes())
        .fixed(ColumnSchema::new("voltage", DataType::Int), &[0], &7i32.to_le_bytes());
    assert_eq!(writer.write(&batch.view()).await.unwrap(), 1);
    assert_eq!(rows(&setup, "SELECT ts, voltage FROM again.plain").await, ["1000 7"]);
    assert_eq!(client.epoch(), 3, "the cut reconnect and the one that wrote");
}
