//! TDengine's official Rust client (`taos` 0.12.3) consuming a topic from tdlite over
//! `/rest/tmq`: subscribe, poll with `fetch_raw_data`, commit, assignments, committed offsets,
//! resuming after a reconnect, seek, and two consumers of one group sharing the vgroups.

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
    read(consumer, true).await
}

/// Every `v` until a poll comes back empty, sorted; commits each message when `commit`.
async fn read(consumer: &Consumer, commit: bool) -> Vec<i32> {
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
        if commit {
            consumer.commit(offset).await.unwrap();
        }
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

    // A group id longer than TDengine's 192 bytes is not refused (libtaos cuts it): only the topic is.
    let long = format!("ws://root:taosdata@{}?group.id={}", server.local_addr(), "g".repeat(193));
    let mut consumer = TmqBuilder::from_dsn(&long).unwrap().build().await.unwrap();
    let err = consumer.subscribe(["missing"]).await.unwrap_err();
    assert_eq!(err.code(), 0x03E1, "{err}");
    server.shutdown().await;
}

/// A database with 4 vgroups, a topic over its supertable and rows `0..20`.
async fn four_vgroups(taos: &Taos, db: &str) {
    taos.exec_many([
        format!("CREATE DATABASE {db} VGROUPS 4"),
        format!("CREATE STABLE {db}.meters (ts TIMESTAMP, v INT) TAGS (gid INT)"),
        format!("CREATE TOPIC tp_{db} AS SELECT ts, v FROM {db}.meters"),
    ])
    .await
    .unwrap();
    for i in 0..20 {
        let sql = format!("INSERT INTO {db}.d{} USING {db}.meters TAGS ({}) VALUES ({}, {i})", i % 8, i % 8, 1_700_000_000_000i64 + i);
        taos.exec(sql).await.unwrap();
    }
}

async fn subscribed(server: &Server, group: &str, client: &str, topic: &str) -> Consumer {
    let dsn = format!("ws://root:taosdata@{}?group.id={group}&client.id={client}&auto.offset.reset=earliest", server.local_addr());
    let mut consumer = TmqBuilder::from_dsn(&dsn).unwrap().build().await.unwrap();
    consumer.subscribe([topic]).await.unwrap();
    consumer
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seek_replays_from_an_offset() {
    let (server, taos) = start().await;
    four_vgroups(&taos, "tmqs").await;
    let mut consumer = subscribed(&server, "g1", "c1", "tp_tmqs").await;
    let all: Vec<i32> = (0..20).collect();
    assert_eq!(read(&consumer, false).await, all);
    for (topic, assignments) in consumer.assignments().await.unwrap() {
        for a in assignments {
            consumer.offset_seek(&topic, a.vgroup_id(), a.begin()).await.unwrap();
        }
    }
    assert_eq!(read(&consumer, false).await, all, "every vgroup replays from its beginning");
    consumer.unsubscribe().await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_group_splits_the_vgroups_and_a_survivor_takes_over() {
    let (server, taos) = start().await;
    four_vgroups(&taos, "tmqg").await;
    let first = subscribed(&server, "g1", "c1", "tp_tmqg").await;
    let second = subscribed(&server, "g1", "c2", "tp_tmqg").await;
    assert_eq!((owned(&first).await, owned(&second).await), (2, 2));

    let mut values = drain(&first).await;
    values.extend(drain(&second).await);
    values.sort_unstable();
    assert_eq!(values, (0..20).collect::<Vec<_>>(), "no row lost, none twice");

    drop(first);
    tokio::time::sleep(Duration::from_millis(300)).await;
    for i in 20..30 {
        let sql = format!("INSERT INTO tmqg.d{} USING tmqg.meters TAGS ({}) VALUES ({}, {i})", i % 8, i % 8, 1_700_000_000_000i64 + i);
        taos.exec(sql).await.unwrap();
    }
    assert_eq!(drain(&second).await, (20..30).collect::<Vec<_>>(), "the survivor owns every vgroup now");
    assert_eq!(owned(&second).await, 4);
    server.shutdown().await;
}

/// How many vgroups of its topics `consumer` owns.
async fn owned(consumer: &Consumer) -> usize {
    consumer.assignments().await.unwrap().into_iter().map(|(_, a)| a.len()).sum()
}
