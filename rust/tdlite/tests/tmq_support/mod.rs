//! Shared by the tmq_* tests: a server with a `power` database, and a consumer driven with raw
//! `/rest/tmq` frames.
#![allow(dead_code)] // each test file uses part of it

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::Duration;
use tdflink_protocol::frames::FetchRawDataResponse;
use tdflink_protocol::tmq_raw::TmqRawData;
use tdlite::engine::{Engine, EngineConfig, Session};
use tdlite::server::{Server, ServerConfig};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// The tests' rebalance interval: TDengine's 2 s would make every subscription wait for it.
pub const REBALANCE: Duration = Duration::from_millis(100);

/// The engine configuration of the tmq tests.
pub fn config() -> EngineConfig {
    EngineConfig { rebalance_interval: REBALANCE, ..EngineConfig::default() }
}

/// Returns once the rebalance after a change of membership has run.
pub async fn rebalanced() {
    tokio::time::sleep(REBALANCE * 2).await;
}

pub struct Cluster {
    pub server: Server,
    pub engine: Engine,
    session: Session,
}

impl Cluster {
    /// A server with `power.meters` (ts, v INT; tag gid INT) in `vgroups` vgroups.
    pub async fn start(config: EngineConfig, vgroups: u32) -> Cluster {
        let engine = Engine::open(config).unwrap();
        let listen = ServerConfig { listen: "127.0.0.1:0".parse().unwrap(), tls: None };
        let server = Server::start(listen, engine.clone()).await.unwrap();
        let session = engine.session("root", None, None).unwrap();
        let mut cluster = Cluster { server, engine, session };
        cluster.sql(&format!("CREATE DATABASE IF NOT EXISTS power VGROUPS {vgroups}"));
        cluster.sql("CREATE STABLE IF NOT EXISTS power.meters (ts TIMESTAMP, v INT) TAGS (gid INT)");
        cluster
    }

    pub fn sql(&mut self, sql: &str) -> tdlite::engine::Outcome {
        self.engine.execute(&mut self.session, sql).unwrap_or_else(|e| panic!("{sql}: {e:?}"))
    }

    pub fn sql_err(&mut self, sql: &str) -> i32 {
        self.engine.execute(&mut self.session, sql).unwrap_err().code
    }

    /// Rows `from..to` (v = i, ts = 1_700_000_000_000 + i) spread over `tables` subtables.
    pub fn insert(&mut self, from: i64, to: i64, tables: i64) {
        for i in from..to {
            let t = i % tables;
            self.sql(&format!("INSERT INTO power.d{t} USING power.meters TAGS ({t}) VALUES ({}, {i})", 1_700_000_000_000 + i));
        }
    }

    pub async fn consumer(&self) -> Consumer {
        let url = format!("ws://{}/rest/tmq", self.server.local_addr());
        Consumer { ws: tokio_tungstenite::connect_async(url).await.unwrap().0, req_id: 0, last_message: 0 }
    }

    /// A consumer of `group` subscribed to `topic`, starting where `reset` says.
    pub async fn subscribed(&self, group: &str, topic: &str, reset: &str) -> Consumer {
        let mut consumer = self.consumer().await;
        let reply = consumer.subscribe(group, topic, reset).await;
        assert_eq!(reply["code"], 0, "{reply}");
        consumer
    }
}

pub struct Consumer {
    pub ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    req_id: u64,
    pub last_message: u64,
}

/// One polled message: where it came from and the `v` of each row.
#[derive(Debug)]
pub struct Polled {
    pub vgroup: i64,
    pub offset: i64,
    pub values: Vec<i64>,
    pub tables: Vec<String>,
    pub columns: Vec<String>,
}

impl Consumer {
    pub async fn call(&mut self, action: &str, mut args: Value) -> Value {
        self.req_id += 1;
        args["req_id"] = json!(self.req_id);
        self.ws.send(Message::text(json!({"action": action, "args": args}).to_string())).await.unwrap();
        let reply = self.next_json().await;
        assert_eq!(reply["action"], action, "{reply}");
        reply
    }

    pub async fn next_json(&mut self) -> Value {
        loop {
            match self.ws.next().await.unwrap().unwrap() {
                Message::Text(t) => return serde_json::from_str(&t).unwrap(),
                Message::Ping(_) | Message::Pong(_) => continue,
                other => panic!("expected JSON, got {other:?}"),
            }
        }
    }

    pub async fn subscribe(&mut self, group: &str, topic: &str, reset: &str) -> Value {
        let args = json!({"user": "root", "password": "taosdata", "group_id": group, "client_id": "c",
            "offset_rest": reset, "topics": [topic], "auto_commit": "false", "with_table_name": "true"});
        self.call("subscribe", args).await
    }

    /// One poll; the rows of the message it returned, fetched with `fetch_raw_data`.
    pub async fn poll(&mut self, blocking_ms: i64) -> Option<Polled> {
        let reply = self.call("poll", json!({"blocking_time": blocking_ms, "message_id": self.last_message})).await;
        assert_eq!(reply["code"], 0, "{reply}");
        if reply["have_message"] != true {
            assert_eq!((reply["topic"].as_str(), reply["message_id"].as_u64()), (Some(""), Some(0)), "{reply}");
            return None;
        }
        let id = reply["message_id"].as_u64().unwrap();
        self.last_message = id;
        self.req_id += 1;
        let request = json!({"action": "fetch_raw_data", "args": {"req_id": self.req_id, "message_id": id}});
        self.ws.send(Message::text(request.to_string())).await.unwrap();
        let frame = loop {
            match self.ws.next().await.unwrap().unwrap() {
                Message::Binary(b) => break b,
                Message::Ping(_) | Message::Pong(_) => continue,
                other => panic!("expected the raw data frame, got {other:?}"),
            }
        };
        let response = FetchRawDataResponse::parse(&frame).unwrap();
        assert_eq!((response.req_id, response.message_id), (self.req_id, id));
        let (raw_type, payload) = response.outcome.unwrap();
        assert_eq!(raw_type, 2);
        let data = TmqRawData::decode(payload).unwrap();
        let mut polled = Polled {
            vgroup: reply["vgroup_id"].as_i64().unwrap(),
            offset: reply["offset"].as_i64().unwrap(),
            values: Vec::new(),
            tables: Vec::new(),
            columns: data.blocks[0].schema.iter().map(|c| c.name.to_owned()).collect(),
        };
        for block in &data.blocks {
            polled.tables.push(block.table_name.unwrap().to_owned());
            let v = &block.block.columns[1];
            for row in 0..block.block.rows {
                polled.values.push(i64::from(i32::from_le_bytes(v.value(row).unwrap().try_into().unwrap())));
            }
        }
        Some(polled)
    }

    /// Polls until a poll of `quiet_ms` returns nothing; every `v` seen.
    pub async fn drain(&mut self, quiet_ms: i64) -> Vec<i64> {
        let mut values = Vec::new();
        while let Some(polled) = self.poll(quiet_ms).await {
            values.extend(polled.values);
        }
        values
    }

    /// Like `drain`, committing after each message.
    pub async fn drain_committing(&mut self, quiet_ms: i64) -> Vec<i64> {
        let mut values = Vec::new();
        while let Some(polled) = self.poll(quiet_ms).await {
            values.extend(polled.values);
            self.commit().await;
        }
        values
    }

    pub async fn commit(&mut self) {
        let reply = self.call("commit", json!({"message_id": self.last_message})).await;
        assert_eq!(reply["code"], 0, "{reply}");
    }

    pub async fn close(mut self) {
        self.ws.close(None).await.unwrap();
        // Give the server a moment to see the close and rebalance.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The values `from..to` as a set, and whether `values` holds each exactly once.
pub fn exactly_once(values: &[i64], from: i64, to: i64) -> bool {
    let set: BTreeSet<i64> = values.iter().copied().collect();
    set.len() == values.len() && set == (from..to).collect()
}
