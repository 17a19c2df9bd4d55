//! `--generated-meters`: scans of `bench.meters` answered from memory return exactly what a
//! normal tdlite returns for the same rows ingested, and `meters_topic` delivers every row once
//! to a consumer group, over real sockets.

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::Duration;
use tdflink_protocol::frames::{BinaryRequest, FetchOutcome, FetchRawBlockResponse, FetchRawDataResponse};
use tdflink_protocol::raw_block::RawBlockView;
use tdflink_protocol::tmq_raw::TmqRawData;
use tdlite::engine::{Engine, EngineConfig};
use tdlite::meters::{self, MetersSpec, FIRST_TS};
use tdlite::server::{Server, ServerConfig};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Crosses two chunk boundaries (4096 rows) and ends in the middle of a chunk.
const SPEC: MetersSpec = MetersSpec { rows: 10_000, tables: 7 };

/// The tests' rebalance interval: TDengine's 2 s would make every subscription wait for it.
const REBALANCE: Duration = Duration::from_millis(100);

async fn server(generated_meters: Option<MetersSpec>) -> Server {
    let config = ServerConfig { listen: "127.0.0.1:0".parse().unwrap(), tls: None };
    let engine = EngineConfig { generated_meters, rebalance_interval: REBALANCE, ..EngineConfig::default() };
    Server::start(config, Engine::open(engine).unwrap()).await.unwrap()
}

async fn connect(server: &Server) -> Ws {
    let mut ws = tokio_tungstenite::connect_async(format!("ws://{}/ws", server.local_addr())).await.unwrap().0;
    let reply = call(&mut ws, json!({"action": "conn", "args": {"req_id": 1, "user": "root", "password": "taosdata"}})).await;
    assert_eq!(reply["code"], 0, "{reply}");
    ws
}

async fn call(ws: &mut Ws, request: Value) -> Value {
    ws.send(Message::text(request.to_string())).await.unwrap();
    loop {
        if let Message::Text(t) = ws.next().await.unwrap().unwrap() {
            return serde_json::from_str(&t).unwrap();
        }
    }
}

async fn sql(ws: &mut Ws, sql: &str) -> Value {
    let reply = call(ws, json!({"action": "query", "args": {"req_id": 2, "sql": sql}})).await;
    assert_eq!(reply["code"], 0, "{sql}: {reply}");
    reply
}

/// A normal tdlite holding the rows `tdlite-bench --ingest-only` would write.
async fn ingested() -> Server {
    let server = server(None).await;
    let mut ws = connect(&server).await;
    sql(&mut ws, "create database bench").await;
    sql(&mut ws, meters::CREATE_STABLE).await;
    for t in 0..SPEC.tables {
        let rows: Vec<_> = meters::table_rows(t, SPEC.tables, 0, SPEC.rows).collect();
        for part in rows.chunks(500) {
            let values: String = part.iter().map(|r| format!("({}, {}, {}, {})", r.ts, r.current, r.voltage, r.phase)).collect();
            let (name, group, location) = (meters::table_name(t), meters::groupid(t), meters::location(t));
            sql(&mut ws, &format!("insert into bench.{name} using bench.meters tags ({group}, '{location}') values {values}")).await;
        }
    }
    server
}

/// The query reply's schema and every row (cells as raw bytes), sorted: scans promise no order.
async fn scan(ws: &mut Ws, query: &str) -> (Value, Vec<Vec<Option<Vec<u8>>>>) {
    ws.send(Message::binary(BinaryRequest::Query { req_id: 3, sql: query }.encode().unwrap())).await.unwrap();
    let reply = loop {
        if let Message::Text(t) = ws.next().await.unwrap().unwrap() {
            break serde_json::from_str::<Value>(&t).unwrap();
        }
    };
    assert_eq!(reply["code"], 0, "{query}: {reply}");
    let schema = json!([reply["fields_names"], reply["fields_types"], reply["fields_lengths"], reply["precision"]]);
    let id = reply["id"].as_u64().unwrap();
    let mut rows = Vec::new();
    for req_id in 4.. {
        ws.send(Message::binary(BinaryRequest::FetchRawBlock { req_id, result_id: id }.encode().unwrap())).await.unwrap();
        let Message::Binary(frame) = ws.next().await.unwrap().unwrap() else { panic!("binary frame expected") };
        let response = FetchRawBlockResponse::parse(&frame).unwrap();
        // Clients route a reply by the req_id it echoes (the JDBC driver: to the result set that asked).
        assert_eq!((response.req_id, response.result_id), (req_id, id), "{query}");
        match response.outcome {
            FetchOutcome::Block(block) => {
                let view = RawBlockView::parse(block).unwrap();
                assert!(view.rows <= 4096);
                for r in 0..view.rows {
                    rows.push(view.columns.iter().map(|c| c.value(r).map(<[u8]>::to_vec)).collect());
                }
            }
            FetchOutcome::Completed => break,
            FetchOutcome::Error(e) => panic!("{query}: {e:?}"),
        }
    }
    rows.sort();
    (schema, rows)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scans_return_what_the_stored_rows_would() {
    let (stored, generated) = (ingested().await, server(Some(SPEC)).await);
    let (mut expected, mut actual) = (connect(&stored).await, connect(&generated).await);
    let at = |k: i64| FIRST_TS + k;
    let range =
        |columns: &str, from: i64, to: i64| format!("select {columns} from bench.meters where ts >= {} and ts < {}", at(from), at(to));
    let queries = vec![
        ("the whole table", "select * from bench.meters".to_owned(), SPEC.rows),
        ("backquotes", "select * from `bench`.`meters`".to_owned(), SPEC.rows),
        ("cutting chunks", range("*", 100, 9000), 8900),
        ("exactly one chunk", range("*", 4096, 8192), 4096),
        ("inside one chunk", range("ts, current", 4000, 4090), 90),
        ("across one boundary", range("*", 4000, 4100), 100),
        ("empty", range("*", 50, 50), 0),
        ("reversed", range("*", 60, 50), 0),
        ("past the end", range("*", 20_000, 30_000), 0),
        ("a subset in another order", range("location, ts, voltage", 10, 9999), 9989),
        ("one column", "select phase from bench.meters".to_owned(), SPEC.rows),
        ("the tags", "select groupid, location from bench.meters where ts <= 1700000005000".to_owned(), 5001),
        (
            "wrapped",
            format!("select * from ({}) where ts >= {} and ts < {}", range("ts, voltage, location", 0, 6000), at(3000), at(7000)),
            3000,
        ),
        (
            "wrapped with an alias",
            format!("select * from (select * from bench.meters) t where ts >= {} and ts < {}", at(5), at(4200)),
            4195,
        ),
    ];
    for (what, query, rows) in &queries {
        let (schema, got) = scan(&mut actual, query).await;
        let want = scan(&mut expected, query).await;
        assert_eq!(got.len(), *rows, "{what}: {query}");
        assert_eq!(schema, want.0, "{what}: {query}");
        assert!(got == want.1, "{what}: {query}: rows differ");
    }
    // Without the database prefix, in `bench`.
    sql(&mut actual, "use bench").await;
    sql(&mut expected, "use bench").await;
    let query = range("*", 1, 4097).replace("bench.meters", "meters");
    let (got, want) = (scan(&mut actual, &query).await, scan(&mut expected, &query).await);
    assert_eq!((got.1.len(), &got), (4096, &want));
    stored.shutdown().await;
    generated.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limit_0_describes_the_columns() {
    let server = server(Some(SPEC)).await;
    let mut ws = connect(&server).await;
    let (schema, rows) = scan(&mut ws, "select * from (select ts, current, location from bench.meters) limit 0").await;
    assert_eq!(rows.len(), 0);
    assert_eq!(schema, json!([["ts", "current", "location"], [9, 6, 8], [8, 4, 24], 0]));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_catalog_and_other_tables_work_beside_it() {
    let server = server(Some(SPEC)).await;
    let mut ws = connect(&server).await;
    let (_, stables) = scan(&mut ws, "show bench.stables").await;
    assert_eq!(stables, vec![vec![Some(b"meters".to_vec())]]);
    let (_, described) = scan(&mut ws, "describe bench.meters").await;
    assert_eq!(described.len(), 6);
    let (_, tables) = scan(&mut ws, "select count(*) from information_schema.ins_tables where db_name = 'bench'").await;
    assert_eq!(tables[0][0], Some((SPEC.tables as i64).to_le_bytes().to_vec()));
    sql(&mut ws, "create table bench.copy (ts timestamp, v int)").await;
    sql(&mut ws, "insert into bench.copy values (1700000000000, 1) (1700000000001, 2)").await;
    let (_, rows) = scan(&mut ws, "select * from bench.copy").await;
    assert_eq!(rows.len(), 2);
    server.shutdown().await;
}

/// A consumer on `/rest/tmq`, driven with raw frames.
struct Consumer {
    ws: Ws,
    req_id: u64,
    last_message: u64,
}

impl Consumer {
    async fn subscribe(server: &Server, group: &str, reset: &str, with_table_name: bool) -> Consumer {
        let url = format!("ws://{}/rest/tmq", server.local_addr());
        let mut consumer = Consumer { ws: tokio_tungstenite::connect_async(url).await.unwrap().0, req_id: 0, last_message: 0 };
        let args = json!({"user": "root", "password": "taosdata", "group_id": group, "offset_rest": reset,
            "topics": ["meters_topic"], "auto_commit": "false", "with_table_name": with_table_name.to_string()});
        let reply = consumer.call("subscribe", args).await;
        assert_eq!(reply["code"], 0, "{reply}");
        consumer
    }

    async fn call(&mut self, action: &str, mut args: Value) -> Value {
        self.req_id += 1;
        args["req_id"] = json!(self.req_id);
        let reply = call(&mut self.ws, json!({"action": action, "args": args})).await;
        assert_eq!(reply["action"], action, "{reply}");
        reply
    }

    /// The next message's rows, each checked against the generator: their row numbers and the
    /// vgroup and offset of the message; `None` when a poll of `wait_ms` found nothing.
    async fn poll(&mut self, wait_ms: i64, with_table_name: bool) -> Option<(Vec<usize>, i64, i64)> {
        let reply = self.call("poll", json!({"blocking_time": wait_ms, "message_id": self.last_message})).await;
        assert_eq!(reply["code"], 0, "{reply}");
        if reply["have_message"] != true {
            return None;
        }
        let id = reply["message_id"].as_u64().unwrap();
        self.last_message = id;
        self.req_id += 1;
        self.ws
            .send(Message::text(json!({"action": "fetch_raw_data", "args": {"req_id": self.req_id, "message_id": id}}).to_string()))
            .await
            .unwrap();
        let frame = loop {
            if let Message::Binary(b) = self.ws.next().await.unwrap().unwrap() {
                break b;
            }
        };
        let (_, payload) = FetchRawDataResponse::parse(&frame).unwrap().outcome.unwrap();
        let data = TmqRawData::decode(payload).unwrap();
        assert!(data.blocks.len() > 1, "several subtables per message");
        let mut rows = Vec::new();
        for block in &data.blocks {
            let names: Vec<&str> = block.schema.iter().map(|c| c.name).collect();
            assert_eq!(names, ["ts", "current", "voltage", "phase", "groupid", "location"]);
            assert!(block.block.rows > 1, "many rows per block");
            let value = |c: usize, r: usize| block.block.columns[c].value(r).unwrap();
            for r in 0..block.block.rows {
                let k = (i64::from_le_bytes(value(0, r).try_into().unwrap()) - FIRST_TS) as usize;
                let row = meters::row(k, SPEC.tables);
                assert_eq!(block.table_name.is_some(), with_table_name);
                if let Some(name) = block.table_name {
                    assert_eq!(name, meters::table_name(row.table));
                }
                assert_eq!(value(1, r), row.current.to_le_bytes());
                assert_eq!(value(2, r), row.voltage.to_le_bytes());
                assert_eq!(value(3, r), row.phase.to_le_bytes());
                assert_eq!(value(4, r), meters::groupid(row.table).to_le_bytes());
                assert_eq!(value(5, r), meters::location(row.table).as_bytes());
                rows.push(k);
            }
        }
        Some((rows, reply["vgroup_id"].as_i64().unwrap(), reply["offset"].as_i64().unwrap()))
    }

    async fn commit(&mut self) {
        let reply = self.call("commit", json!({"message_id": self.last_message})).await;
        assert_eq!(reply["code"], 0, "{reply}");
    }
}

/// Every row number of `rows` exactly once.
fn exactly_once(rows: &[usize], count: usize) -> bool {
    let set: BTreeSet<usize> = rows.iter().copied().collect();
    set.len() == rows.len() && set == (0..count).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consumer_group_drains_the_topic_once() {
    // More rows than one bind: several versions per vgroup.
    let spec = MetersSpec { rows: 2 * meters::BIND_ROWS + 1000, ..SPEC };
    let server = server(Some(spec)).await;
    let mut a = Consumer::subscribe(&server, "g", "earliest", true).await;
    let mut b = Consumer::subscribe(&server, "g", "earliest", true).await;
    tokio::time::sleep(REBALANCE * 3).await;
    let (mut rows, mut vgroups) = (Vec::new(), BTreeSet::new());
    let (mut a_done, mut b_done) = (false, false);
    while !(a_done && b_done) {
        for (consumer, done) in [(&mut a, &mut a_done), (&mut b, &mut b_done)] {
            match consumer.poll(200, true).await {
                Some((polled, vgroup, _)) => {
                    rows.extend(polled);
                    vgroups.insert(vgroup);
                    consumer.commit().await;
                }
                None => *done = true,
            }
        }
    }
    assert!(exactly_once(&rows, spec.rows), "{} rows polled", rows.len());
    assert_eq!(vgroups.len(), 2, "spread over the database's vgroups");

    // Committed: the group has nothing left, a new group from `latest` nothing yet; `earliest`
    // in a new group starts over, with the positions `assignment` reports.
    drop((a, b));
    tokio::time::sleep(REBALANCE * 3).await;
    let mut again = Consumer::subscribe(&server, "g", "earliest", false).await;
    assert!(again.poll(300, false).await.is_none());
    let mut latest = Consumer::subscribe(&server, "late", "latest", false).await;
    assert!(latest.poll(300, false).await.is_none());
    let mut fresh = Consumer::subscribe(&server, "fresh", "earliest", false).await;
    let assignment = fresh.call("assignment", json!({"topic": "meters_topic"})).await;
    let assignment = assignment["assignment"].as_array().unwrap().clone();
    assert_eq!(assignment.len(), 2, "{assignment:?}");
    for a in &assignment {
        assert_eq!((a["offset"].as_i64(), a["begin"].as_i64(), a["end"].as_i64()), (Some(0), Some(0), Some(3)), "{a}");
    }
    let (first, vgroup, offset) = fresh.poll(300, false).await.unwrap();
    assert_eq!(offset, 0);
    // seek goes back: the same message again.
    let reply = fresh.call("seek", json!({"topic": "meters_topic", "vgroup_id": vgroup, "offset": 0})).await;
    assert_eq!(reply["code"], 0, "{reply}");
    let position = fresh.call("position", json!({"topic_vgroup_ids": [{"topic": "meters_topic", "vgroup_id": vgroup}]})).await;
    assert_eq!(position["position"], json!([0]));
    let mut repeated = None;
    while let Some((rows, v, o)) = fresh.poll(300, false).await {
        if v == vgroup {
            repeated = Some((rows, o));
            break;
        }
    }
    assert_eq!(repeated, Some((first, 0)));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_topic_made_again_under_the_name_reads_the_store() {
    let server = server(Some(SPEC)).await;
    let mut ws = connect(&server).await;
    sql(&mut ws, "drop topic meters_topic").await;
    sql(&mut ws, "create topic meters_topic as select ts, voltage from bench.meters").await;
    sql(&mut ws, "insert into bench.d0 values (1800000000000, 1, 2, 3)").await;
    let mut consumer = Consumer::subscribe(&server, "g", "earliest", true).await;
    let reply = consumer.call("poll", json!({"blocking_time": 500, "message_id": 0})).await;
    assert_eq!(reply["have_message"], true, "{reply}");
    let reply = consumer.call("poll", json!({"blocking_time": 300, "message_id": reply["message_id"]})).await;
    assert_eq!(reply["have_message"], false, "only the row written: {reply}");
    server.shutdown().await;
}
