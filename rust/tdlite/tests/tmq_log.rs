//! The write log as consumers see it: every write delivered with the values it wrote, deletes
//! delivering nothing to data topics (TDengine sends a delete as a meta message, which only a
//! topic WITH META receives), and trimming once the retention period passed and every group
//! committed past an entry.

mod tmq_support;

use std::time::Duration;
use tdlite::engine::{EngineConfig, Outcome, Value};
use tmq_support::{exactly_once, Cluster, Consumer};

const T: i64 = 1_700_000_000_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_write_is_delivered_as_written_and_deletes_deliver_nothing() {
    let mut cluster = Cluster::start(tmq_support::config(), 1).await;
    cluster.sql("CREATE TOPIC tq AS SELECT ts, v FROM power.meters WHERE v < 100");
    cluster.sql("CREATE TOPIC tstable AS STABLE power.meters");
    cluster.sql("CREATE TOPIC tdb AS DATABASE power");
    for sql in [
        format!("INSERT INTO power.d0 USING power.meters TAGS (0) VALUES ({T}, 1)"),
        format!("INSERT INTO power.d0 VALUES ({T}, 2)"),
        format!("DELETE FROM power.d0 WHERE ts = {T}"),
        format!("INSERT INTO power.d1 USING power.meters TAGS (1) VALUES ({T}, 5)"),
        format!("DELETE FROM power.meters WHERE ts >= {T}"),
        format!("INSERT INTO power.d0 VALUES ({}, 150)", T + 1),
    ] {
        cluster.sql(&sql);
    }
    let Outcome::Rows(left) = cluster.sql("SELECT v FROM power.meters") else { panic!("rows") };
    assert_eq!(left.rows, vec![vec![Value::Int(150)]], "the store holds only the last write");

    for (topic, expected) in [("tq", vec![1, 2, 5]), ("tstable", vec![1, 2, 5, 150]), ("tdb", vec![1, 2, 5, 150])] {
        let mut c = cluster.subscribed(&format!("g_{topic}"), topic, "earliest").await;
        assert_eq!(c.drain(300).await, expected, "{topic}: each write in order, with the values it wrote");
        c.close().await;
    }
    let refused = cluster.sql_err("CREATE TOPIC tmeta WITH META AS STABLE power.meters");
    assert_ne!(refused, 0, "tdlite produces no meta messages, so a topic WITH META is refused");
    cluster.server.shutdown().await;
}

/// A server keeping log entries for `retention`, with rows 0..10 in two vgroups read through
/// topic `tp` by group g1, which committed every message; returns it and g1's consumer.
async fn committed_by_g1(retention: Duration) -> (Cluster, Consumer) {
    let config = EngineConfig { wal_retention: retention, ..tmq_support::config() };
    let mut cluster = Cluster::start(config, 2).await;
    cluster.sql("CREATE TOPIC tp AS SELECT ts, v FROM power.meters");
    cluster.insert(0, 10, 4);
    let mut g1 = cluster.subscribed("g1", "tp", "earliest").await;
    let values = g1.drain_committing(300).await;
    assert!(exactly_once(&values, 0, 10), "{values:?}");
    (cluster, g1)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn entries_every_group_committed_are_trimmed_after_the_retention() {
    let retention = Duration::from_secs(2);
    let (mut cluster, mut g1) = committed_by_g1(retention).await;
    tokio::time::sleep(retention).await;
    g1.commit().await; // trims: the entries are old enough now, and g1 is past them
    cluster.insert(10, 13, 4);
    let kept = cluster.subscribed("g2", "tp", "earliest").await.drain(300).await;
    assert!(exactly_once(&kept, 10, 13), "earliest starts at the oldest entry kept: {kept:?}");
    cluster.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn entries_are_kept_for_the_retention_period_even_when_committed() {
    let (cluster, _g1) = committed_by_g1(EngineConfig::default().wal_retention).await;
    let all = cluster.subscribed("g2", "tp", "earliest").await.drain(300).await;
    assert!(exactly_once(&all, 0, 10), "{all:?}");
    cluster.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_of_a_dropped_table_are_not_mistaken_for_its_successor() {
    let mut cluster = Cluster::start(tmq_support::config(), 1).await;
    cluster.sql("CREATE TOPIC tdb AS DATABASE power");
    cluster.sql("CREATE TABLE power.plain (ts TIMESTAMP, v INT, extra DOUBLE)");
    cluster.sql(&format!("INSERT INTO power.plain VALUES ({T}, 1, 0.5)"));
    cluster.sql("DROP TABLE power.plain");
    cluster.sql("CREATE TABLE power.plain (ts TIMESTAMP, v INT)");
    cluster.sql(&format!("INSERT INTO power.plain VALUES ({T}, 2)"));
    let values = cluster.subscribed("g", "tdb", "earliest").await.drain(300).await;
    assert_eq!(values, [2], "the first table's write went with it");
    cluster.server.shutdown().await;
}
