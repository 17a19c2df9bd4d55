//! Consumer groups on `/rest/tmq`: members split a topic's vgroups, a leaving member's share
//! moves to the others from the committed offsets at the next rebalance, members that
//! subscribe together read every row once, a member that stops polling or goes silent is
//! evicted, groups are independent, and DROP TOPIC waits for the consumers to go.

mod tmq_support;

use futures_util::StreamExt;
use serde_json::json;
use std::collections::BTreeSet;
use std::time::Duration;
use tdlite::engine::EngineConfig;
use tdlite::engine::{Outcome, Value};
use tmq_support::{exactly_once, rebalanced, Cluster};

fn assigned(reply: &serde_json::Value) -> BTreeSet<i64> {
    reply["assignment"].as_array().unwrap().iter().map(|a| a["vgroup_id"].as_i64().unwrap()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_members_split_the_vgroups_and_one_takes_over() {
    let mut cluster = Cluster::start(tmq_support::config(), 4).await;
    cluster.sql("CREATE TOPIC tp AS SELECT ts, v FROM power.meters");
    cluster.insert(0, 40, 8);
    let mut a = cluster.consumer().await;
    let mut b = cluster.consumer().await;
    assert_eq!(a.subscribe("g", "tp", "earliest").await["code"], 0);
    assert_eq!(b.subscribe("g", "tp", "earliest").await["code"], 0);
    let (va, vb) =
        (assigned(&a.call("assignment", json!({"topic": "tp"})).await), assigned(&b.call("assignment", json!({"topic": "tp"})).await));
    assert_eq!((va.len(), vb.len()), (2, 2));
    assert!(va.is_disjoint(&vb));

    let mut seen = a.drain(200).await;
    let from_b = b.drain(200).await;
    assert!(!seen.is_empty() && !from_b.is_empty());
    seen.extend(from_b);
    assert!(exactly_once(&seen, 0, 40), "no row lost, none twice: {seen:?}");
    a.commit().await;
    b.commit().await;

    let Outcome::Rows(subs) = cluster.sql("SHOW SUBSCRIPTIONS") else { panic!() };
    assert_eq!(subs.rows.len(), 4);
    let Outcome::Rows(consumers) = cluster.sql("SELECT consumer_group FROM information_schema.ins_consumers") else { panic!() };
    assert_eq!(consumers.rows, vec![vec![Value::Text("g".into())]; 2]);
    assert_eq!(cluster.sql_err("DROP TOPIC tp"), 0x03EB);
    assert_eq!(cluster.sql_err("DROP CONSUMER GROUP g ON tp"), 0x03EC);

    // b leaves: after the next rebalance a owns every vgroup and reads b's share from b's
    // commits on.
    b.close().await;
    cluster.insert(40, 60, 8);
    rebalanced().await;
    assert_eq!(assigned(&a.call("assignment", json!({"topic": "tp"})).await).len(), 4);
    let rest = a.drain(300).await;
    assert!(exactly_once(&rest, 40, 60), "{rest:?}");

    // Another group reads everything on its own.
    let mut other = cluster.consumer().await;
    assert_eq!(other.subscribe("h", "tp", "earliest").await["code"], 0);
    assert!(exactly_once(&other.drain(200).await, 0, 60));
    a.close().await;
    other.close().await;
    cluster.sql("DROP TOPIC tp");
    cluster.server.shutdown().await;
}

/// The official Flink connector's CDC test: a job's readers subscribe one group at about the
/// same time, from `earliest`, and must read each row once. TDengine rebalances them together
/// (every 2 s), so no reader reads a vgroup before it has its final owner.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_subscribing_together_read_every_row_once() {
    // TDengine's interval: the readers subscribe within milliseconds, far from its edges.
    let mut cluster = Cluster::start(EngineConfig::default(), 5).await;
    cluster.sql("CREATE TOPIC tp AS SELECT ts, v FROM power.meters");
    cluster.insert(0, 18, 2);
    let mut readers = Vec::new();
    for _ in 0..3 {
        let mut consumer = cluster.consumer().await;
        readers.push(tokio::spawn(async move {
            let reply = consumer.subscribe("g", "tp", "earliest").await;
            assert_eq!(reply["code"], 0, "{reply}");
            let share = assigned(&consumer.call("assignment", json!({"topic": "tp"})).await);
            (share, consumer.drain(300).await, consumer)
        }));
    }
    let mut shares = Vec::new();
    let mut seen = Vec::new();
    for reader in readers {
        let (share, read, consumer) = reader.await.unwrap();
        shares.push(share.len());
        seen.extend(read);
        consumer.close().await;
    }
    shares.sort_unstable();
    assert_eq!(shares, vec![1, 2, 2], "answered with their shares, split at one rebalance");
    assert!(exactly_once(&seen, 0, 18), "no row lost, none twice: {seen:?}");
    cluster.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_that_stops_polling_loses_its_share() {
    let mut cluster = Cluster::start(tmq_support::config(), 2).await;
    cluster.sql("CREATE TOPIC tp AS DATABASE power");
    cluster.insert(0, 20, 4);
    let mut idle = cluster.consumer().await;
    let args = json!({"user": "root", "password": "taosdata", "group_id": "g", "offset_rest": "earliest",
        "topics": ["tp"], "config": {"max.poll.interval.ms": "1000"}});
    assert_eq!(idle.call("subscribe", args).await["code"], 0);
    let mut busy = cluster.consumer().await;
    assert_eq!(busy.subscribe("g", "tp", "earliest").await["code"], 0);
    assert_eq!(assigned(&busy.call("assignment", json!({"topic": "tp"})).await).len(), 1);
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    assert!(exactly_once(&busy.drain(300).await, 0, 20), "the idle member was evicted");
    cluster.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_that_stops_heartbeating_loses_its_share() {
    let mut cluster = Cluster::start(tmq_support::config(), 2).await;
    cluster.sql("CREATE TOPIC tp AS SELECT ts, v FROM power.meters");
    cluster.insert(0, 20, 4);
    let session = Duration::from_millis(6000); // TDengine's minimum session.timeout.ms
    let args = json!({"user": "root", "password": "taosdata", "group_id": "g", "offset_rest": "earliest",
        "topics": ["tp"], "config": {"session.timeout.ms": "6000"}});
    let mut quiet = cluster.consumer().await;
    assert_eq!(quiet.call("subscribe", args).await["code"], 0);
    let mut busy = cluster.subscribed("g", "tp", "earliest").await;

    // Reading its socket, `quiet` answers the server's pings: alive without polling.
    let reader = tokio::spawn(async move {
        let until = tokio::time::Instant::now() + session + Duration::from_millis(1000);
        while let Ok(Some(frame)) = tokio::time::timeout_at(until, quiet.ws.next()).await {
            assert!(frame.unwrap().is_ping(), "only pings arrive unasked");
        }
        quiet
    });
    let quiet = reader.await.unwrap();
    assert_eq!(assigned(&busy.call("assignment", json!({"topic": "tp"})).await).len(), 1, "pongs are heartbeats");

    // Not reading it any more, `quiet` sends nothing: gone after session.timeout.ms.
    tokio::time::sleep(session + Duration::from_millis(500)).await;
    assert!(exactly_once(&busy.drain(300).await, 0, 20), "the silent member was evicted");
    assert_eq!(assigned(&busy.call("assignment", json!({"topic": "tp"})).await).len(), 2);
    drop(quiet);
    cluster.server.shutdown().await;
}
