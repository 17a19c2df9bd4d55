//! `/rest/tmq` errors: their codes, and the empty defaults error replies carry so clients that
//! decode required fields see the error (docs/protocol.md §10.9).

mod tmq_support;

use futures_util::SinkExt;
use serde_json::json;
use tdflink_protocol::frames::FetchRawDataResponse;
use tmq_support::Cluster;
use tokio_tungstenite::tungstenite::Message;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscribe_errors() {
    let mut cluster = Cluster::start(tmq_support::config(), 1).await;
    cluster.sql("CREATE TOPIC tp AS DATABASE power");
    let mut c = cluster.consumer().await;
    let early = c.call("poll", json!({"blocking_time": 10})).await;
    assert_eq!((early["code"].as_i64(), early["message"].as_str()), (Some(65535), Some("tmq not init")));
    let committed = c.call("committed", json!({"topic_vgroup_ids": []})).await;
    assert_eq!((committed["code"].as_i64(), committed["committed"].clone()), (Some(65535), json!([])));

    let unknown = c.subscribe("g", "nope", "earliest").await;
    assert_eq!(unknown["code"], 0x03E1, "{unknown}");
    assert_eq!(c.subscribe("", "tp", "earliest").await["code"], 65535);
    assert_eq!(c.subscribe("g", "tp", "sometimes").await["code"], 0x0118);
    let wrong = c.call("subscribe", json!({"user": "root", "password": "x", "group_id": "g", "topics": ["tp"]})).await;
    assert_eq!(wrong["code"], 0x0357);
    assert_eq!(c.subscribe(&"g".repeat(192), "tp", "earliest").await["code"], 0);
    let twice = c.subscribe("g", "tp", "earliest").await;
    assert_eq!(twice["message"], "tmq should have unsubscribed first");

    let position = c.call("position", json!({"topic_vgroup_ids": [{"topic": "other", "vgroup_id": 2}]})).await;
    assert_eq!((position["code"].as_i64(), position["position"].clone()), (Some(0x4009), json!([])));
    let seek = c.call("seek", json!({"topic": "tp", "vgroup_id": 99, "offset": 0})).await;
    assert_eq!(seek["code"], 0x4008);
    assert_eq!(c.call("list_topics", json!({})).await["topics"], json!(["tp"]));
    assert_eq!(c.call("unsubscribe", json!({})).await["code"], 0);
    assert_eq!(c.call("list_topics", json!({})).await["message"], "tmq not init");
    assert_eq!(c.subscribe("g2", "tp", "none").await["code"], 0);
    cluster.insert(0, 1, 1);
    let none = c.call("poll", json!({"blocking_time": 100})).await;
    assert_eq!(none["code"], 0x0A0D, "auto.offset.reset none without a commit: {none}");
    cluster.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_errors_and_the_legacy_fetch_path() {
    let mut cluster = Cluster::start(tmq_support::config(), 1).await;
    cluster.sql("CREATE TOPIC tp AS DATABASE power");
    cluster.insert(0, 4, 2);
    let mut c = cluster.consumer().await;
    assert_eq!(c.subscribe("g", "tp", "earliest").await["code"], 0);
    c.ws.send(Message::text(json!({"action": "fetch_raw_data", "args": {"req_id": 50, "message_id": 9}}).to_string())).await.unwrap();
    let frame = futures_util::StreamExt::next(&mut c.ws).await.unwrap().unwrap().into_data();
    let response = FetchRawDataResponse::parse(&frame).unwrap();
    assert_eq!((response.req_id, response.outcome.unwrap_err().message.as_ref()), (50, "message has been freed"));

    let polled = c.call("poll", json!({"blocking_time": 500})).await;
    let id = polled["message_id"].as_u64().unwrap();
    let mut rows = 0;
    loop {
        let fetched = c.call("fetch", json!({"message_id": id})).await;
        if fetched["completed"] == true {
            break;
        }
        assert_eq!(fetched["fields_names"], json!(["ts", "v"]));
        c.ws.send(Message::text(json!({"action": "fetch_block", "args": {"req_id": 77, "message_id": id}}).to_string())).await.unwrap();
        let block = futures_util::StreamExt::next(&mut c.ws).await.unwrap().unwrap().into_data();
        assert_eq!(u64::from_le_bytes(block[8..16].try_into().unwrap()), 77);
        rows += fetched["rows"].as_u64().unwrap();
    }
    assert_eq!(rows, 4);
    cluster.server.shutdown().await;
}
