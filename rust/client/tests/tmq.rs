//! The TMQ consumer against an in-process tdlite: what `earliest` and `latest` deliver over
//! several vgroups, positions and commits that let another consumer resume exactly, a server
//! restart survived without losing or repeating a row, and the codes of bad settings.

mod support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use support::Tdlite;
use tdflink_client::tmq::{Consumer, ConsumerConfig, Message};
use tdflink_client::Client;
use tdflink_protocol::codes;

const TABLES: i32 = 8;
const RECONNECT: [(&str, &str); 3] = [("enableAutoReconnect", "true"), ("reconnectIntervalMs", "100"), ("reconnectRetryCount", "50")];

/// Database `cdc` over 4 vgroups, `TABLES` child tables with rows `0..rows`, topic `tp` on
/// their `v` column.
async fn setup(server: &Tdlite, rows: i32) -> Client {
    let client = Client::connect(&server.config("")).await.unwrap();
    client.exec("CREATE DATABASE cdc VGROUPS 4").await.unwrap();
    client.exec("CREATE STABLE cdc.st (ts TIMESTAMP, v INT) TAGS (g INT)").await.unwrap();
    for t in 0..TABLES {
        client.exec(&format!("CREATE TABLE cdc.t{t} USING cdc.st TAGS ({t})")).await.unwrap();
    }
    client.exec("CREATE TOPIC tp AS SELECT ts, v FROM cdc.st").await.unwrap();
    insert(&client, 0, rows).await;
    client
}

/// Writes rows `from..to` to every table; row r of table t holds v = t * 100000 + r.
async fn insert(client: &Client, from: i32, to: i32) {
    for t in 0..TABLES {
        let rows: Vec<String> = (from..to).map(|r| format!("({}, {})", 1_700_000_000_000i64 + r as i64, t * 100_000 + r)).collect();
        client.exec(&format!("INSERT INTO cdc.t{t} VALUES {}", rows.join(" "))).await.unwrap();
    }
}

fn expected(from: i32, to: i32) -> Vec<i32> {
    let mut all: Vec<i32> = (0..TABLES).flat_map(|t| (from..to).map(move |r| t * 100_000 + r)).collect();
    all.sort();
    all
}

fn properties(server: &Tdlite, group: &str, reset: &str, extra: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut p: BTreeMap<String, String> = [
        ("bootstrap.servers", server.addr.to_string().as_str()),
        ("td.connect.user", "root"),
        ("td.connect.pass", "taosdata"),
        ("group.id", group),
        ("auto.offset.reset", reset),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    p.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    p
}

async fn consumer(server: &Tdlite, group: &str, reset: &str, extra: &[(&str, &str)]) -> Consumer {
    let config = ConsumerConfig::from_properties(&properties(server, group, reset, extra)).unwrap();
    Consumer::subscribe(&config, &["tp".to_owned()]).await.unwrap()
}

/// The `v` values of a message, checking every block names its table and topic columns.
fn values(message: &Message) -> Vec<i32> {
    let mut out = Vec::new();
    for block in &message.data().blocks {
        assert!(block.table_name.is_some_and(|t| t.starts_with('t')), "{:?}", block.table_name);
        let names: Vec<&str> = block.schema.iter().map(|c| c.name).collect();
        assert_eq!(names, ["ts", "v"]);
        out.extend(block.block.columns[1].values().map(|v| i32::from_le_bytes(v.unwrap().try_into().unwrap())));
    }
    out
}

/// Polls until at least `count` values arrived (or 20 s passed), stopping after the message
/// that reaches it. Also returns the vgroups that delivered.
async fn read(consumer: &mut Consumer, count: usize) -> (Vec<i32>, Vec<i32>) {
    let (mut got, mut vgroups) = (Vec::new(), Vec::new());
    let deadline = Instant::now() + Duration::from_secs(20);
    while got.len() < count && Instant::now() < deadline {
        if let Some(message) = consumer.poll(Duration::from_millis(200)).await.unwrap() {
            assert_eq!((message.topic.as_str(), message.database.as_str()), ("tp", "cdc"));
            got.extend(values(&message));
            vgroups.push(message.vgroup_id);
        }
    }
    (got, vgroups)
}

/// Polls until nothing more comes for a while.
async fn drain(consumer: &mut Consumer) -> Vec<i32> {
    let mut got = Vec::new();
    while let Some(message) = consumer.poll(Duration::from_millis(500)).await.unwrap() {
        got.extend(values(&message));
    }
    got
}

fn sorted(mut v: Vec<i32>) -> Vec<i32> {
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn earliest_drains_every_row_of_every_vgroup() {
    let server = Tdlite::start().await;
    setup(&server, 50).await;
    let mut c = consumer(&server, "g-earliest", "earliest", &[]).await;
    let (mut got, mut vgroups) = read(&mut c, expected(0, 50).len()).await;
    got.extend(drain(&mut c).await);
    assert_eq!(sorted(got), expected(0, 50));
    vgroups.sort();
    vgroups.dedup();
    assert!(vgroups.len() > 1, "rows came from vgroups {vgroups:?}");
    // Every assigned vgroup is known, and positions never pass the end of its WAL.
    let assignment = c.assignment().await.unwrap();
    assert_eq!(assignment.len(), 4, "{assignment:?}");
    for a in &assignment {
        let tracked = c.positions().into_iter().find(|p| p.vgroup_id == a.vgroup_id).unwrap();
        assert!(a.begin <= tracked.offset && tracked.offset <= a.end + 1, "{a:?} {tracked:?}");
    }
    c.unsubscribe().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latest_sees_only_new_rows() {
    let server = Tdlite::start().await;
    let client = setup(&server, 20).await;
    let mut c = consumer(&server, "g-latest", "latest", &[]).await;
    assert!(c.poll(Duration::from_millis(300)).await.unwrap().is_none());
    insert(&client, 20, 30).await;
    let (mut got, _) = read(&mut c, expected(20, 30).len()).await;
    got.extend(drain(&mut c).await);
    assert_eq!(sorted(got), expected(20, 30));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consumer_seeking_to_saved_positions_resumes_exactly() {
    let server = Tdlite::start().await;
    setup(&server, 40).await;
    let mut first = consumer(&server, "g-a", "earliest", &[]).await;
    let before = first.positions();
    let (part, _) = read(&mut first, 100).await;
    let saved = first.positions();
    assert_ne!(before, saved, "positions advance");
    first.unsubscribe().await.unwrap();

    // Another group starts at the beginning; seeking moves it to where the first one stopped.
    let mut second = consumer(&server, "g-b", "earliest", &[]).await;
    for p in &saved {
        second.seek(&p.topic, p.vgroup_id, p.offset).await.unwrap();
    }
    assert_eq!(second.positions(), saved);
    let rest = drain(&mut second).await;
    assert_eq!(sorted([part, rest].concat()), expected(0, 40), "every row once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_consumer_of_the_group_resumes_after_the_committed_offsets() {
    let server = Tdlite::start().await;
    setup(&server, 40).await;
    let mut first = consumer(&server, "g-commit", "earliest", &[]).await;
    assert_eq!(first.committed("tp", first.positions()[0].vgroup_id).await.unwrap(), None);
    let (part, _) = read(&mut first, 100).await;
    for p in first.positions() {
        first.commit_offset(&p.topic, p.vgroup_id, p.offset).await.unwrap();
        assert_eq!(first.committed(&p.topic, p.vgroup_id).await.unwrap(), Some(p.offset));
        assert_eq!(first.position(&p.topic, p.vgroup_id).await.unwrap(), Some(p.offset));
    }
    first.unsubscribe().await.unwrap();

    let mut second = consumer(&server, "g-commit", "earliest", &[]).await;
    let rest = drain(&mut second).await;
    assert_eq!(sorted([part, rest].concat()), expected(0, 40), "every row once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_restart_loses_and_repeats_nothing() {
    let dir = std::env::temp_dir().join(format!("tdflink-client-tmq-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut server = Tdlite::start_durable(dir.clone()).await;
    setup(&server, 40).await;
    let mut c = consumer(&server, "g-restart", "earliest", &RECONNECT).await;
    let (mut got, _) = read(&mut c, 100).await;

    server.reopen().await;
    let client = Client::connect(&server.config("")).await.unwrap();
    insert(&client, 40, 60).await;
    let (more, _) = read(&mut c, expected(0, 60).len() - got.len()).await;
    got.extend(more);
    got.extend(drain(&mut c).await);
    assert_eq!(sorted(got), expected(0, 60), "every row exactly once across the restart");
    server.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_auto_reconnect_a_restart_is_0x2301() {
    let mut server = Tdlite::start().await;
    setup(&server, 5).await;
    let mut c = consumer(&server, "g-noreconnect", "earliest", &[]).await;
    server.restart().await;
    let e = c.poll(Duration::from_millis(200)).await.unwrap_err();
    assert_eq!(e.code(), codes::DRIVER_CONNECTION_CLOSED, "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_settings_and_unknown_topics_have_their_codes() {
    let server = Tdlite::start().await;
    setup(&server, 1).await;
    let subscribe = |p: BTreeMap<String, String>, topic: &'static str| async move {
        let config = ConsumerConfig::from_properties(&p)?;
        Consumer::subscribe(&config, &[topic.to_owned()]).await
    };
    let mut no_group = properties(&server, "g", "earliest", &[]);
    no_group.remove("group.id");
    assert_eq!(subscribe(no_group, "tp").await.err().unwrap().code(), codes::CONNECTOR_TMQ_GROUP_ID);
    let bad_reset = properties(&server, "g", "smallest", &[]);
    let e = subscribe(bad_reset, "tp").await.err().unwrap();
    assert_eq!(e.code(), codes::CONNECTOR_BAD_CONNECTION_PARAMETER);
    assert!(e.message().contains("auto.offset.reset"), "{e}");
    let long_group = "g".repeat(193);
    let e = subscribe(properties(&server, &long_group, "earliest", &[]), "tp").await.err().unwrap();
    assert_eq!(e.code(), codes::CONNECTOR_TMQ_GROUP_ID, "refused before TDengine would cut it: {e}");
    let e = subscribe(properties(&server, "g", "earliest", &[]), "no_such_topic").await.err().unwrap();
    assert_eq!(e.code(), codes::SERVER_TOPIC_NOT_EXIST, "{e}");
    let config = ConsumerConfig::from_properties(&properties(&server, "g", "earliest", &[])).unwrap();
    let e = Consumer::subscribe(&config, &[]).await.err().unwrap();
    assert_eq!(e.code(), codes::CONNECTOR_TMQ_TOPIC);
}

/// Auto-commit names what was delivered by position, not by a message id of the socket it came
/// on: after a reconnect, the old socket's ids mean nothing (or another message) on the new one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_commit_after_a_reconnect_commits_the_positions_delivered() {
    let mut server = Tdlite::start().await;
    setup(&server, 40).await;
    let auto_commit = [RECONNECT.as_slice(), &[("enable.auto.commit", "true"), ("auto.commit.interval.ms", "1")]].concat();
    let mut c = consumer(&server, "g-autocommit", "earliest", &auto_commit).await;
    let (mut got, _) = read(&mut c, 100).await;
    server.restart().await;
    got.extend(drain(&mut c).await);
    assert_eq!(sorted(got), expected(0, 40), "every row exactly once across the reconnect");
    // The poll that found nothing more committed first: the group is where this consumer is.
    tokio::time::sleep(Duration::from_millis(5)).await;
    assert!(c.poll(Duration::from_millis(100)).await.unwrap().is_none());
    for p in c.positions() {
        assert_eq!(c.committed(&p.topic, p.vgroup_id).await.unwrap(), Some(p.offset), "vgroup {}", p.vgroup_id);
    }
}
