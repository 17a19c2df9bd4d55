//! `tdlite-bench [--addr HOST:PORT] [--rows N] [--tables T] [--batch B] [--data-dir DIR] [--discard-rows] [--ingest-only] [--generated-meters] [--through-stable]`
//!
//! Measures what one connection gets from tdlite: stmt2 ingest of `meters`-shaped rows (ts,
//! 3 numeric columns, 2 tags) in binds of B rows spread over T subtables (`INSERT INTO ?
//! USING meters`, or with `--through-stable` tdflink's `INSERT INTO meters (tbname, ...)`),
//! then a full scan through the binary fetch path, then a TMQ consumer draining a topic over
//! all rows and the delay from an insert to the poll that returns it. Without `--addr` it
//! starts tdlite in-process (in memory, on `--data-dir`, or in the `--discard-rows` benchmark mode, which
//! skips the reads). `--ingest-only` stops after the ingest, leaving the rows for other
//! benchmarks (benchmarks/source.sh). `--generated-meters` skips the ingest and scans the
//! same N rows over T subtables served from memory, then drains `meters_topic` (tdlite's own
//! read ceiling): in-process, or at `--addr` from a `tdlite --generated-meters N:T`. Prints one line per phase;
//! docs/benchmarks/tdlite.md records results.

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::time::Instant;
use tdflink_protocol::frames::{BinaryRequest, FetchOutcome, FetchRawBlockResponse, FetchRawDataResponse};
use tdflink_protocol::raw_block::RawBlockView;
use tdflink_protocol::stmt2::{BindColumn, Stmt2Bind, Stmt2Table, BIND_ALL_COLUMNS};
use tdflink_protocol::tmq_raw::TmqRawData;
use tdflink_protocol::types::DataType;
use tdlite::engine::{Engine, EngineConfig};
use tdlite::meters::{self, MetersSpec};
use tdlite::server::{Server, ServerConfig};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

struct Args {
    addr: Option<String>,
    rows: usize,
    tables: usize,
    batch: usize,
    data_dir: Option<std::path::PathBuf>,
    discard_rows: bool,
    ingest_only: bool,
    generated_meters: bool,
    through_stable: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        addr: None,
        rows: 2_000_000,
        tables: 1000,
        batch: meters::BIND_ROWS,
        data_dir: None,
        discard_rows: false,
        ingest_only: false,
        generated_meters: false,
        through_stable: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if ["--discard-rows", "--ingest-only", "--generated-meters", "--through-stable"].contains(&flag.as_str()) {
            a.discard_rows |= flag == "--discard-rows";
            a.through_stable |= flag == "--through-stable";
            a.ingest_only |= flag == "--ingest-only";
            a.generated_meters |= flag == "--generated-meters";
            continue;
        }
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let number = || value.parse::<usize>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--addr" => a.addr = Some(value.clone()),
            "--rows" => a.rows = number()?,
            "--tables" => a.tables = number()?.max(1),
            "--batch" => a.batch = number()?.max(1),
            "--data-dir" => a.data_dir = Some(value.clone().into()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(a)
}

async fn call(ws: &mut Ws, message: Message) -> Value {
    ws.send(message).await.unwrap();
    loop {
        match ws.next().await.unwrap().unwrap() {
            Message::Text(t) => {
                let reply: Value = serde_json::from_str(&t).unwrap();
                assert_eq!(reply["code"], 0, "{reply}");
                return reply;
            }
            Message::Binary(_) => panic!("unexpected binary reply"),
            _ => continue,
        }
    }
}

async fn query(ws: &mut Ws, sql: &str) -> Value {
    call(ws, Message::text(json!({"action": "query", "args": {"req_id": 1, "sql": sql}}).to_string())).await
}

/// The column buffers of one subtable in a bind.
struct TableData {
    name: String,
    rows: usize,
    ts: Vec<u8>,
    current: Vec<u8>,
    voltage: Vec<u8>,
    phase: Vec<u8>,
    group: [u8; 4],
    location: String,
    location_len: [u8; 4],
}

/// One stmt2 bind of rows `first_row..first_row + rows` of the data set (tdlite::meters), each
/// in its subtable.
fn bind_payload(stmt_id: u64, first_row: usize, rows: usize, tables: usize) -> Vec<u8> {
    let end = first_row + rows;
    let data: Vec<TableData> = (0..tables)
        .map(|t| {
            let rows: Vec<meters::Row> = meters::table_rows(t, tables, first_row, end).collect();
            let location = meters::location(t);
            TableData {
                name: meters::table_name(t),
                rows: rows.len(),
                ts: rows.iter().flat_map(|r| r.ts.to_le_bytes()).collect(),
                current: rows.iter().flat_map(|r| r.current.to_le_bytes()).collect(),
                voltage: rows.iter().flat_map(|r| r.voltage.to_le_bytes()).collect(),
                phase: rows.iter().flat_map(|r| r.phase.to_le_bytes()).collect(),
                group: meters::groupid(t).to_le_bytes(),
                location_len: (location.len() as i32).to_le_bytes(),
                location,
            }
        })
        .filter(|d| d.rows > 0)
        .collect();
    let zeros = vec![0u8; rows.div_ceil(tables).max(1)];
    let tables = data
        .iter()
        .map(|d| {
            let nulls = &zeros[..d.rows];
            Stmt2Table {
                name: Some(&d.name),
                tags: vec![
                    BindColumn::new(DataType::Int, &zeros[..1], None, &d.group).unwrap(),
                    BindColumn::new(DataType::VarChar, &zeros[..1], Some(&d.location_len), d.location.as_bytes()).unwrap(),
                ],
                columns: vec![
                    BindColumn::new(DataType::Timestamp, nulls, None, &d.ts).unwrap(),
                    BindColumn::new(DataType::Float, nulls, None, &d.current).unwrap(),
                    BindColumn::new(DataType::Int, nulls, None, &d.voltage).unwrap(),
                    BindColumn::new(DataType::Float, nulls, None, &d.phase).unwrap(),
                ],
            }
        })
        .collect();
    Stmt2Bind { tables }.encode_request(2, stmt_id, BIND_ALL_COLUMNS).unwrap()
}

#[tokio::main]
async fn main() {
    let args = parse_args().unwrap_or_else(|e| {
        eprintln!("{e}\nusage: tdlite-bench [--addr HOST:PORT] [--rows N] [--tables T] [--batch B] [--data-dir DIR] [--discard-rows] [--ingest-only] [--generated-meters] [--through-stable]");
        std::process::exit(2)
    });
    let _server;
    let addr = match &args.addr {
        Some(a) => a.clone(),
        None => {
            let generated_meters = args.generated_meters.then_some(MetersSpec { rows: args.rows, tables: args.tables });
            let config = EngineConfig {
                data_dir: args.data_dir.clone(),
                discard_rows: args.discard_rows,
                generated_meters,
                ..EngineConfig::default()
            };
            let started = Instant::now();
            let engine = Engine::open(config).unwrap();
            let server = Server::start(ServerConfig { listen: "127.0.0.1:0".parse().unwrap(), tls: None }, engine).await.unwrap();
            if args.generated_meters {
                println!("start-up: {} rows generated and encoded in {:.2} s", args.rows, started.elapsed().as_secs_f64());
            }
            let addr = server.local_addr().to_string();
            _server = server;
            addr
        }
    };
    let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/ws")).await.unwrap();
    call(&mut ws, Message::text(json!({"action": "conn", "args": {"req_id": 1, "user": "root", "password": "taosdata"}}).to_string()))
        .await;
    if args.generated_meters {
        // Every column (whole pre-encoded chunks), then a subset (cut from them).
        for sql in ["select * from bench.meters", "select ts, voltage from bench.meters"] {
            let scanned = scan(&mut ws, sql).await;
            assert_eq!(scanned, args.rows, "the server generates another number of rows");
        }
        let drained = drain(&addr, "meters_topic").await;
        assert_eq!(drained, args.rows, "the topic holds another number of rows");
        return;
    }
    query(&mut ws, "drop database if exists bench").await;
    query(&mut ws, "create database bench").await;
    query(&mut ws, "use bench").await;
    query(&mut ws, meters::CREATE_STABLE).await;
    let init = call(
        &mut ws,
        Message::text(
            json!({"action": "stmt2_init", "args": {"req_id": 1, "single_stb_insert": true, "single_table_bind_once": false}}).to_string(),
        ),
    )
    .await;
    let stmt_id = init["stmt_id"].as_u64().unwrap();
    // Either statement takes the same bind: a name, the tags and the columns per subtable.
    let sql = if args.through_stable {
        "insert into bench.meters (tbname, groupid, location, ts, current, voltage, phase) values (?, ?, ?, ?, ?, ?, ?)"
    } else {
        "insert into ? using bench.meters tags(?, ?) values(?, ?, ?, ?)"
    };
    call(
        &mut ws,
        Message::text(
            json!({"action": "stmt2_prepare", "args": {"req_id": 1, "stmt_id": stmt_id, "sql": sql, "get_fields": true}}).to_string(),
        ),
    )
    .await;

    let started = Instant::now();
    let (mut written, mut encode_secs) = (0usize, 0f64);
    while written < args.rows {
        let rows = args.batch.min(args.rows - written);
        let t = Instant::now();
        let payload = bind_payload(stmt_id, written, rows, args.tables);
        encode_secs += t.elapsed().as_secs_f64();
        call(&mut ws, Message::binary(payload)).await;
        let exec =
            call(&mut ws, Message::text(json!({"action": "stmt2_exec", "args": {"req_id": 3, "stmt_id": stmt_id}}).to_string())).await;
        assert_eq!(exec["affected"].as_u64(), Some(rows as u64), "{exec}");
        written += rows;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "ingest: {written} rows in {secs:.2} s = {:.0} rows/s (client encoding {encode_secs:.2} s; excluding it {:.0} rows/s)",
        written as f64 / secs,
        written as f64 / (secs - encode_secs).max(1e-9)
    );
    if args.discard_rows || args.ingest_only {
        return;
    }

    scan(&mut ws, "select * from bench.meters").await;

    query(&mut ws, "create topic bench_topic as select ts, current, voltage, phase from bench.meters").await;
    drain(&addr, "bench_topic").await;

    let mut consumer = Consumer::subscribe(&addr, "bench_topic", "latency", "latest").await;
    consumer.next(100).await; // the first poll fixes the `latest` position
    let mut delays = Vec::new();
    for i in 0..20 {
        let inserted = Instant::now();
        query(&mut ws, &format!("insert into bench.d0 values ({}, 1, 1, 1)", 1_800_000_000_000i64 + i)).await;
        assert_eq!(consumer.next(5000).await, Some(1));
        delays.push(inserted.elapsed().as_secs_f64() * 1000.0);
    }
    delays.sort_by(f64::total_cmp);
    println!(
        "tmq insert-to-poll: median {:.2} ms, max {:.2} ms over {} inserts",
        delays[delays.len() / 2],
        delays[delays.len() - 1],
        delays.len()
    );
}

/// `sql` (a scan of bench.meters) through binary fetches; the rows read.
async fn scan(ws: &mut Ws, sql: &str) -> usize {
    let started = Instant::now();
    ws.send(Message::binary(BinaryRequest::Query { req_id: 4, sql }.encode().unwrap())).await.unwrap();
    let reply = loop {
        if let Message::Text(t) = ws.next().await.unwrap().unwrap() {
            break serde_json::from_str::<Value>(&t).unwrap();
        }
    };
    let id = reply["id"].as_u64().expect("a result id");
    let mut scanned = 0usize;
    loop {
        ws.send(Message::binary(BinaryRequest::FetchRawBlock { req_id: 5, result_id: id }.encode().unwrap())).await.unwrap();
        let Message::Binary(frame) = ws.next().await.unwrap().unwrap() else { panic!("binary frame expected") };
        match FetchRawBlockResponse::parse(&frame).unwrap().outcome {
            FetchOutcome::Block(block) => scanned += RawBlockView::parse(block).unwrap().rows,
            FetchOutcome::Completed => break,
            FetchOutcome::Error(e) => panic!("{e:?}"),
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!("scan ({sql}): {scanned} rows in {secs:.2} s = {:.0} rows/s", scanned as f64 / secs);
    scanned
}

/// One consumer of a new group draining `topic` from `earliest`; the rows read.
async fn drain(addr: &str, topic: &str) -> usize {
    let group = format!("drain-{}", std::process::id());
    let mut consumer = Consumer::subscribe(addr, topic, &group, "earliest").await;
    let started = Instant::now();
    let mut drained = 0;
    while let Some(rows) = consumer.next(1000).await {
        drained += rows;
    }
    let secs = started.elapsed().as_secs_f64() - 1.0; // the final empty poll waits its full second
    println!("tmq drain ({topic}): {drained} rows in {secs:.2} s = {:.0} rows/s", drained as f64 / secs);
    drained
}

/// A TMQ consumer on `/rest/tmq`, driven with raw frames.
struct Consumer {
    ws: Ws,
    req_id: u64,
    message_id: u64,
}

impl Consumer {
    async fn subscribe(addr: &str, topic: &str, group: &str, reset: &str) -> Consumer {
        let (ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/rest/tmq")).await.unwrap();
        let mut consumer = Consumer { ws, req_id: 0, message_id: 0 };
        let args = json!({"user": "root", "password": "taosdata", "group_id": group, "offset_rest": reset, "topics": [topic]});
        consumer.call("subscribe", args).await;
        consumer
    }

    async fn call(&mut self, action: &str, mut args: Value) -> Value {
        self.req_id += 1;
        args["req_id"] = json!(self.req_id);
        call(&mut self.ws, Message::text(json!({"action": action, "args": args}).to_string())).await
    }

    /// Rows of the next message, `None` if none arrived within `wait_ms`.
    async fn next(&mut self, wait_ms: i64) -> Option<usize> {
        let poll = self.call("poll", json!({"blocking_time": wait_ms, "message_id": self.message_id})).await;
        if poll["have_message"] != true {
            return None;
        }
        self.message_id = poll["message_id"].as_u64().unwrap();
        self.req_id += 1;
        let fetch = json!({"action": "fetch_raw_data", "args": {"req_id": self.req_id, "message_id": self.message_id}});
        self.ws.send(Message::text(fetch.to_string())).await.unwrap();
        // The server pings a subscribed consumer (its heartbeat): skip those.
        let frame = loop {
            match self.ws.next().await.unwrap().unwrap() {
                Message::Binary(frame) => break frame,
                Message::Ping(_) | Message::Pong(_) => continue,
                other => panic!("binary frame expected, got {other:?}"),
            }
        };
        let (_, payload) = FetchRawDataResponse::parse(&frame).unwrap().outcome.unwrap();
        Some(TmqRawData::decode(payload).unwrap().blocks.iter().map(|b| b.block.rows).sum())
    }
}
