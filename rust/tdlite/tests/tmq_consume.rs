//! One consumer on `/rest/tmq`, driven with raw frames: what it reads with `earliest` and
//! `latest`, the raw data it fetches, and how commits, reconnects and seeks move it.

mod tmq_support;

use serde_json::json;
use tdlite::engine::EngineConfig;
use tmq_support::{exactly_once, Cluster};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn earliest_drains_every_row_written_before_and_after_the_topic() {
    let mut cluster = Cluster::start(tmq_support::config(), 3).await;
    cluster.insert(0, 30, 6);
    cluster.sql("CREATE TOPIC tp AS SELECT ts, v, gid, tbname FROM power.meters");
    let mut c = cluster.consumer().await;
    let version = c.call("version", json!({})).await;
    assert_eq!(version["version"], "3.3.6.0");
    let subscribed = c.subscribe("g", "tp", "earliest").await;
    assert_eq!((subscribed["code"].as_i64(), subscribed["version"].as_str()), (Some(0), Some("3.3.6.0")), "{subscribed}");

    let first = c.poll(500).await.expect("a message");
    assert_eq!(first.columns, ["ts", "v", "gid", "tbname"], "the topic's output columns name the schema");
    assert!(first.tables.iter().all(|t| t.starts_with('d')), "{:?}", first.tables);
    let mut values = first.values;
    values.extend(c.drain(200).await);
    assert!(exactly_once(&values, 0, 30), "{values:?}");

    cluster.insert(30, 40, 6);
    let later = c.drain(300).await;
    assert!(exactly_once(&later, 30, 40), "{later:?}");
    cluster.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latest_sees_only_new_rows_and_filters_apply() {
    let mut cluster = Cluster::start(tmq_support::config(), 2).await;
    cluster.insert(0, 10, 2);
    cluster.sql("CREATE TOPIC odd AS SELECT ts, v FROM power.meters WHERE gid = 1");
    let mut c = cluster.consumer().await;
    assert_eq!(c.subscribe("g", "odd", "latest").await["code"], 0);
    assert!(c.poll(100).await.is_none(), "nothing new yet");
    cluster.insert(10, 20, 2);
    let mut values = c.drain(300).await;
    values.sort_unstable();
    assert_eq!(values, [11, 13, 15, 17, 19]);
    cluster.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocking_poll_is_answered_when_rows_arrive() {
    let mut cluster = Cluster::start(tmq_support::config(), 1).await;
    cluster.sql("CREATE TOPIC tp AS STABLE power.meters");
    let mut c = cluster.consumer().await;
    assert_eq!(c.subscribe("g", "tp", "latest").await["code"], 0);
    let engine = cluster.engine.clone();
    let writer = tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let mut session = engine.session("root", Some("power"), None).unwrap();
        engine.execute(&mut session, "INSERT INTO d0 USING meters TAGS (0) VALUES (1700000000000, 7)").unwrap();
    });
    let polled = c.poll(-1).await.expect("waits until the write");
    assert_eq!((polled.values, polled.columns), (vec![7], vec!["ts".to_owned(), "v".to_owned()]));
    writer.await.unwrap();
    cluster.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commit_then_reconnect_resumes_and_seek_replays() {
    let mut cluster = Cluster::start(tmq_support::config(), 1).await;
    cluster.sql("CREATE TOPIC tp AS DATABASE power");
    cluster.insert(0, 10, 1);
    let mut c = cluster.consumer().await;
    assert_eq!(c.subscribe("g", "tp", "earliest").await["code"], 0);
    let first = c.drain(200).await;
    assert!(exactly_once(&first, 0, 10), "{first:?}");
    c.commit().await;
    let vgroup = c.call("assignment", json!({"topic": "tp"})).await["assignment"][0].clone();
    let (vg, end) = (vgroup["vgroup_id"].as_i64().unwrap(), vgroup["end"].as_i64().unwrap());
    // Ten writes of one row each are versions 1..=10 (the database's only vgroup).
    assert_eq!((vgroup["offset"].as_i64(), vgroup["begin"].as_i64(), end), (Some(11), Some(1), 11), "{vgroup}");
    let committed = c.call("committed", json!({"topic_vgroup_ids": [{"topic": "tp", "vgroup_id": vg}]})).await;
    assert_eq!(committed["committed"], json!([11]));
    c.close().await;

    cluster.insert(10, 15, 1);
    let mut again = cluster.consumer().await;
    assert_eq!(again.subscribe("g", "tp", "earliest").await["code"], 0);
    let resumed = again.drain(200).await;
    assert!(exactly_once(&resumed, 10, 15), "{resumed:?}");
    let position = again.call("position", json!({"topic_vgroup_ids": [{"topic": "tp", "vgroup_id": vg}]})).await;
    assert_eq!(position["position"], json!([16]));

    // Version 6 holds row 5.
    let seek = again.call("seek", json!({"topic": "tp", "vgroup_id": vg, "offset": 6})).await;
    assert_eq!(seek["code"], 0, "{seek}");
    let replayed = again.drain(200).await;
    assert!(exactly_once(&replayed, 5, 15), "{replayed:?}");
    let explicit = again.call("commit_offset", json!({"topic": "tp", "vgroup_id": vg, "offset": 3})).await;
    assert_eq!((explicit["code"].as_i64(), explicit["offset"].as_i64()), (Some(0), Some(3)), "{explicit}");

    // Another group has its own offsets.
    let mut other = cluster.consumer().await;
    assert_eq!(other.subscribe("h", "tp", "earliest").await["code"], 0);
    let fresh = other.call("committed", json!({"topic_vgroup_ids": [{"topic": "tp", "vgroup_id": vg}]})).await;
    assert_eq!(fresh["committed"], json!([-2147467247]));
    assert!(exactly_once(&other.drain(200).await, 0, 15));
    cluster.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missed_message_is_sent_again() {
    let mut cluster = Cluster::start(tmq_support::config(), 1).await;
    cluster.sql("CREATE TOPIC tp AS DATABASE power");
    cluster.insert(0, 3, 1);
    let mut c = cluster.consumer().await;
    assert_eq!(c.subscribe("g", "tp", "earliest").await["code"], 0);
    let first = c.call("poll", json!({"blocking_time": 500, "message_id": 0})).await;
    assert_eq!((first["have_message"].as_bool(), first["message_id"].as_u64()), (Some(true), Some(1)), "{first}");
    // The client says it never got message 1 (it still names message 0): the same message.
    let again = c.call("poll", json!({"blocking_time": 500, "message_id": 0})).await;
    assert_eq!((again["message_id"].as_u64(), again["offset"].as_i64()), (Some(1), first["offset"].as_i64()));
    cluster.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_waiting_poll_is_answered_before_the_next() {
    let mut cluster = Cluster::start(tmq_support::config(), 1).await;
    cluster.sql("CREATE TOPIC tp AS DATABASE power");
    let mut c = cluster.consumer().await;
    assert_eq!(c.subscribe("g", "tp", "latest").await["code"], 0);
    let forever = json!({"action": "poll", "args": {"req_id": 41, "blocking_time": -1}});
    futures_util::SinkExt::send(&mut c.ws, tokio_tungstenite::tungstenite::Message::text(forever.to_string())).await.unwrap();
    // Other requests are answered while it waits.
    assert_eq!(c.call("list_topics", json!({})).await["topics"], json!(["tp"]));
    let next = json!({"action": "poll", "args": {"req_id": 42, "blocking_time": 10}});
    futures_util::SinkExt::send(&mut c.ws, tokio_tungstenite::tungstenite::Message::text(next.to_string())).await.unwrap();
    for req_id in [41, 42] {
        let reply = c.next_json().await;
        assert_eq!((reply["req_id"].as_u64(), reply["have_message"].as_bool()), (Some(req_id), Some(false)), "{reply}");
    }
    cluster.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_topics_and_commits_survive_a_restart() {
    let dir = std::env::temp_dir().join(format!("tdlite-tmq-restart-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let config = EngineConfig { data_dir: Some(dir.clone()), ..tmq_support::config() };
    {
        let mut cluster = Cluster::start(config.clone(), 2).await;
        cluster.sql("CREATE TOPIC tp AS SELECT ts, v FROM power.meters");
        cluster.insert(0, 10, 4);
        let mut c = cluster.consumer().await;
        assert_eq!(c.subscribe("g", "tp", "earliest").await["code"], 0);
        assert!(exactly_once(&c.drain(200).await, 0, 10));
        c.commit().await;
        c.close().await;
        cluster.insert(10, 20, 4);
        cluster.server.shutdown().await;
    }
    let cluster = Cluster::start(config, 2).await;
    let mut c = cluster.consumer().await;
    assert_eq!(c.subscribe("g", "tp", "earliest").await["code"], 0);
    assert!(exactly_once(&c.drain(200).await, 10, 20), "resumes after the committed offsets");
    let mut fresh = cluster.consumer().await;
    assert_eq!(fresh.subscribe("new", "tp", "earliest").await["code"], 0);
    assert!(exactly_once(&fresh.drain(200).await, 0, 20), "the whole log is still there");
    cluster.server.shutdown().await;
    std::fs::remove_dir_all(&dir).unwrap();
}
