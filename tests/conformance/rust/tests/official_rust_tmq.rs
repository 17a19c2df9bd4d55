//! TDengine's official Rust client (`taos` 0.12.3) consuming a topic from tdlite over
//! `/rest/tmq`: subscribe, poll with `fetch_raw_data`, commit, assignments, committed offsets,
//! and resuming after a reconnect.

use std::time::Duration;
use taos::*;
use tdlite::engine::{Engine, EngineConfig};
use tdlite::server::{Server, ServerConfig};

async fn start() -> (Server, Taos) {
    let config = ServerConfig { listen: "127.0.0.1:0".parse().unwrap(), tls: None };
    let server = Server::start(config, Engine::open(EngineConfig::default()).unwrap()).await.unwrap();
    let taos = TaosBuilder::from_dsn(format!("ws://root:taosdata@{}", server.local_addr())).unwrap().build().await.unwrap();
    (server, taos)
}

async fn insert(taos: &Taos, from: i64, to: i64) {
    for i in from..to {
        let sql = format!("INSERT INTO tmqc.d{} USING tmqc.meters TAGS ({}) VALUES ({}, {i})", i % 4, i % 4, 1_700_000_000_000 + i);
        taos.exec(sql).await.unwrap();
    }
}

/// Every `v` the consumer reads until a poll comes back empty, committing each message.
async fn drain(consumer: &Consumer) -> Vec<i32> {
    let mut values = Vec::new();
    while let Some((offset, message)) = consumer.recv_timeout(Timeout::from_millis(600)).await.unwrap() {
        if let Some(data) = message.into_data() {
            while let Some(block) = data.fetch_block().await.unwrap() {
                assert_eq!(block.field_names(), ["ts", "v"]);
                assert!(block.table_name().is_some_and(|t| t.starts_with('d')));
                for row in block.to_values() {
                    let Value::Int(v) = &row[1] else { panic!("v is an INT: {row:?}") };
                    values.push(*v);
                }
            }
        }
        consumer.commit(offset).await.unwrap();
    }
    values.sort_unstable();
    values
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consumer_reads_commits_and_resumes() {
    let (server, taos) = start().await;
    taos.exec_many([
        "CREATE DATABASE tmqc VGROUPS 2",
        "CREATE STABLE tmqc.meters (ts TIMESTAMP, v INT) TAGS (gid INT)",
        "CREATE TOPIC tp AS SELECT ts, v FROM tmqc.meters",
    ])
    .await
    .unwrap();
    insert(&taos, 0, 20).await;
    let dsn = format!("ws://root:taosdata@{}?group.id=g1&client.id=c1&auto.offset.reset=earliest", server.local_addr());

    let mut consumer = TmqBuilder::from_dsn(&dsn).unwrap().build().await.unwrap();
    consumer.subscribe(["tp"]).await.unwrap();
    assert_eq!(drain(&consumer).await, (0..20).collect::<Vec<_>>());
    let assignments = consumer.assignments().await.unwrap();
    assert_eq!(assignments[0].0, "tp");
    assert_eq!(assignments[0].1.len(), 2, "one consumer owns both vgroups");
    for a in &assignments[0].1 {
        assert_eq!(consumer.committed("tp", a.vgroup_id()).await.unwrap(), a.current_offset());
        assert_eq!(consumer.position("tp", a.vgroup_id()).await.unwrap(), a.current_offset());
    }
    drop(consumer);
    tokio::time::sleep(Duration::from_millis(200)).await;

    insert(&taos, 20, 30).await;
    let mut again = TmqBuilder::from_dsn(&dsn).unwrap().build().await.unwrap();
    again.subscribe(["tp"]).await.unwrap();
    assert_eq!(drain(&again).await, (20..30).collect::<Vec<_>>(), "resumes after the committed offsets");
    again.unsubscribe().await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscribing_an_unknown_topic_fails() {
    let (server, taos) = start().await;
    taos.exec("CREATE DATABASE tmqe").await.unwrap();
    let dsn = format!("ws://root:taosdata@{}?group.id=g1", server.local_addr());
    let mut consumer = TmqBuilder::from_dsn(&dsn).unwrap().build().await.unwrap();
    let err = consumer.subscribe(["missing"]).await.unwrap_err();
    assert_eq!(err.code(), 0x03E1, "{err}");
    server.shutdown().await;
}
