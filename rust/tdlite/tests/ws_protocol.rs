//! The `/ws` endpoint's protocol behaviour, driven with raw WebSocket frames: the generic
//! answers of docs/protocol.md §2.3, `conn`, and the query/fetch paths on the wire.

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tdflink_protocol::frames::{BinaryRequest, FetchOutcome, FetchRawBlockResponse};
use tdflink_protocol::raw_block::RawBlockView;
use tdlite::engine::{Engine, EngineConfig};
use tdlite::server::{Server, ServerConfig};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

async fn server() -> Server {
    let config = ServerConfig { listen: "127.0.0.1:0".parse().unwrap(), tls: None };
    Server::start(config, Engine::open(EngineConfig::default()).unwrap()).await.unwrap()
}

async fn connect(server: &Server, path: &str) -> Ws {
    let url = format!("ws://{}{path}", server.local_addr());
    tokio_tungstenite::connect_async(url).await.unwrap().0
}

async fn call(ws: &mut Ws, request: Value) -> Value {
    ws.send(Message::text(request.to_string())).await.unwrap();
    next_json(ws).await
}

async fn next_json(ws: &mut Ws) -> Value {
    loop {
        match ws.next().await.unwrap().unwrap() {
            Message::Text(t) => return serde_json::from_str(&t).unwrap(),
            Message::Ping(_) | Message::Pong(_) => continue,
            other => panic!("expected a JSON reply, got {other:?}"),
        }
    }
}

async fn login(ws: &mut Ws) {
    let reply = call(ws, json!({"action": "conn", "args": {"req_id": 1, "user": "root", "password": "taosdata", "db": ""}})).await;
    assert_eq!(reply["code"], 0, "{reply}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generic_answers_match_taosadapter() {
    let server = server().await;
    let mut ws = connect(&server, "/ws").await;

    let version = call(&mut ws, json!({"action": "version"})).await;
    assert_eq!((version["code"].as_i64(), version["version"].as_str()), (Some(0), Some("3.3.6.0")));

    let bad = call(&mut ws, json!("not an object")).await;
    assert_eq!(bad["code"], 65535);
    ws.send(Message::text("{not json")).await.unwrap();
    let unparsable = next_json(&mut ws).await;
    assert_eq!((unparsable["code"].as_i64(), unparsable["message"].as_str()), (Some(65535), Some("unmarshal request error")));

    let early = call(&mut ws, json!({"action": "query", "args": {"req_id": 7, "sql": "show databases"}})).await;
    assert_eq!((early["message"].as_str(), early["req_id"].as_u64()), (Some("server not connected"), Some(7)));

    let wrong = call(&mut ws, json!({"action": "conn", "args": {"req_id": 2, "user": "root", "password": "nope"}})).await;
    assert_eq!(wrong["code"], 0x0357, "{wrong}");
    // An unknown user gets the very same answer: a caller cannot tell which users exist.
    let stranger = call(&mut ws, json!({"action": "conn", "args": {"req_id": 2, "user": "mallory", "password": "nope"}})).await;
    assert_eq!((&stranger["code"], &stranger["message"]), (&wrong["code"], &wrong["message"]), "{stranger}");

    login(&mut ws).await;
    let again = call(&mut ws, json!({"action": "conn", "args": {"req_id": 3, "user": "root", "password": "taosdata"}})).await;
    assert_eq!(again["message"], "duplicate connections");
    let unknown = call(&mut ws, json!({"action": "frobnicate", "args": {"req_id": 4}})).await;
    assert_eq!((unknown["code"].as_i64(), unknown["message"].as_str()), (Some(65535), Some("unknown action frobnicate")));
    let no_action = call(&mut ws, json!({"args": {"req_id": 5}})).await;
    assert_eq!(no_action["message"], "request no action");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_paths_are_not_found() {
    let server = server().await;
    let err = tokio_tungstenite::connect_async(format!("ws://{}/nope", server.local_addr())).await.unwrap_err();
    assert!(err.to_string().contains("404"), "{err}");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_query_and_fetch_stream_every_row() {
    let server = server().await;
    let mut ws = connect(&server, "/ws").await;
    login(&mut ws).await;
    for sql in [
        "create database d precision 'us'",
        "create table d.t (ts timestamp, v int, s nchar(8))",
        "insert into d.t values (1700000000000000, 1, 'a') (1700000000000001, null, 'é')",
    ] {
        let reply = call(&mut ws, json!({"action": "query", "args": {"req_id": 10, "sql": sql}})).await;
        assert_eq!(reply["code"], 0, "{sql}: {reply}");
    }
    let query = BinaryRequest::Query { req_id: 11, sql: "select * from d.t" }.encode().unwrap();
    ws.send(Message::binary(query)).await.unwrap();
    let reply = next_json(&mut ws).await;
    assert_eq!((reply["action"].as_str(), reply["is_update"].as_bool()), (Some("binary_query"), Some(false)));
    assert_eq!(reply["fields_names"], json!(["ts", "v", "s"]));
    assert_eq!(reply["precision"], 1);
    let id = reply["id"].as_u64().unwrap();

    let mut rows = 0;
    loop {
        let fetch = BinaryRequest::FetchRawBlock { req_id: 12, result_id: id }.encode().unwrap();
        ws.send(Message::binary(fetch)).await.unwrap();
        let Message::Binary(frame) = ws.next().await.unwrap().unwrap() else { panic!("binary frame expected") };
        let response = FetchRawBlockResponse::parse(&frame).unwrap();
        assert_eq!(response.req_id, 12);
        match response.outcome {
            FetchOutcome::Block(block) => rows += RawBlockView::parse(block).unwrap().rows,
            FetchOutcome::Completed => break,
            FetchOutcome::Error(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(rows, 2);
    // The result was freed at completion: a further fetch is an error frame.
    let fetch = BinaryRequest::FetchRawBlock { req_id: 13, result_id: id }.encode().unwrap();
    ws.send(Message::binary(fetch)).await.unwrap();
    let Message::Binary(frame) = ws.next().await.unwrap().unwrap() else { panic!("binary frame expected") };
    assert!(matches!(FetchRawBlockResponse::parse(&frame).unwrap().outcome, FetchOutcome::Error(_)));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn permessage_deflate_is_accepted_when_offered() {
    use tdflink_ws_deflate::{DeflateStream, Role, CLIENT_OFFER};
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    use tokio_tungstenite::tungstenite::http::HeaderValue;

    let server = server().await;
    let tcp = TcpStream::connect(server.local_addr()).await.unwrap();
    let mut request = format!("ws://{}/ws", server.local_addr()).into_client_request().unwrap();
    request.headers_mut().insert("sec-websocket-extensions", HeaderValue::from_static(CLIENT_OFFER));
    let (mut ws, response) = tokio_tungstenite::client_async(request, DeflateStream::new(tcp, Role::Client)).await.unwrap();
    assert_eq!(
        response.headers().get("sec-websocket-extensions").unwrap(),
        "permessage-deflate; server_no_context_takeover; client_no_context_takeover"
    );
    assert!(ws.get_ref().is_enabled());
    // A large request, which the client compresses.
    let sql = format!("{}select server_version()", " ".repeat(100_000));
    ws.send(Message::text(json!({"action": "conn", "args": {"req_id": 1, "user": "root", "password": "taosdata"}}).to_string()))
        .await
        .unwrap();
    ws.send(Message::text(json!({"action": "query", "args": {"req_id": 2, "sql": sql}}).to_string())).await.unwrap();
    let mut replies = vec![];
    while replies.len() < 2 {
        if let Message::Text(t) = ws.next().await.unwrap().unwrap() {
            replies.push(serde_json::from_str::<Value>(&t).unwrap());
        }
    }
    assert_eq!(replies[1]["code"], 0, "{:?}", replies);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn legacy_fetch_validate_sql_and_server_status() {
    let server = server().await;
    let mut ws = connect(&server, "/ws").await;
    let status = call(&mut ws, json!({"action": "check_server_status", "args": {"req_id": 1, "fqdn": null, "port": 0}})).await;
    assert_eq!((status["code"].as_i64(), status["status"].as_i64()), (Some(0), Some(2)));
    login(&mut ws).await;

    // JSON query, then fetch + fetch_block until completed (the pre-3.3.2 client path).
    let reply = call(&mut ws, json!({"action": "query", "args": {"req_id": 2, "sql": "show databases"}})).await;
    let id = reply["id"].as_u64().unwrap();
    let fields = call(&mut ws, json!({"action": "num_fields", "args": {"req_id": 6, "result_id": id}})).await;
    assert_eq!(fields["num_fields"], reply["fields_count"]);
    let mut rows = 0;
    loop {
        let fetched = call(&mut ws, json!({"action": "fetch", "args": {"req_id": 3, "id": id}})).await;
        if fetched["completed"] == true {
            break;
        }
        ws.send(Message::text(json!({"action": "fetch_block", "args": {"req_id": 4, "id": id}}).to_string())).await.unwrap();
        let Message::Binary(frame) = ws.next().await.unwrap().unwrap() else { panic!("binary frame expected") };
        let block = tdflink_protocol::frames::FetchBlockFrame::parse(&frame).unwrap();
        assert_eq!(block.result_id, id);
        let block_rows = RawBlockView::parse(block.block).unwrap().rows;
        assert_eq!(block_rows as u64, fetched["rows"].as_u64().unwrap());
        rows += block_rows;
    }
    assert!(rows >= 2, "information_schema and performance_schema are listed");

    for (sql, valid) in [("select * from information_schema.ins_databases", true), ("selec 1", false)] {
        let request = BinaryRequest::ValidateSql { req_id: 5, sql }.encode().unwrap();
        ws.send(Message::binary(request)).await.unwrap();
        let reply = next_json(&mut ws).await;
        assert_eq!(reply["code"], 0);
        assert_eq!(reply["result_code"] == 0, valid, "{sql}: {reply}");
    }
    server.shutdown().await;
}

/// The number of rows `sql` returns on `ws`.
async fn count_rows(ws: &mut Ws, sql: &str) -> i64 {
    let reply = call(ws, json!({"action": "query", "args": {"req_id": 2, "sql": sql}})).await;
    assert_eq!(reply["code"], 0, "{sql}: {reply}");
    let fetched = call(ws, json!({"action": "fetch", "args": {"req_id": 3, "id": reply["id"]}})).await;
    fetched["rows"].as_i64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn options_connection_sets_and_clears_the_sessions_zone() {
    let timezone = tdlite::engine::Zone::named("Asia/Shanghai").unwrap();
    let engine = Engine::open(EngineConfig { timezone, ..EngineConfig::default() }).unwrap();
    let config = ServerConfig { listen: "127.0.0.1:0".parse().unwrap(), tls: None };
    let server = Server::start(config, engine).await.unwrap();
    let mut ws = connect(&server, "/ws").await;
    login(&mut ws).await;
    let options = |options: Value| json!({"action": "options_connection", "args": {"req_id": 5, "options": options}});
    for sql in ["create database d", "create table d.t (ts timestamp, v int)"] {
        assert_eq!(call(&mut ws, json!({"action": "query", "args": {"req_id": 2, "sql": sql}})).await["code"], 0);
    }

    let set = call(&mut ws, options(json!([{"option": 0, "value": "UTF-8"}, {"option": 1, "value": "UTC"}]))).await;
    assert_eq!((set["code"].as_i64(), set["action"].as_str()), (Some(0), Some("options_connection")), "{set}");
    assert!(set["timing"].is_i64());
    call(&mut ws, json!({"action": "query", "args": {"req_id": 2, "sql": "insert into d.t values ('2024-01-01 10:00:00', 1)"}})).await;
    assert_eq!(count_rows(&mut ws, "select * from d.t where ts = 1704103200000").await, 1, "10:00 UTC");

    let cleared = call(&mut ws, options(json!([{"option": -1, "value": null}]))).await;
    assert_eq!(cleared["code"], 0, "{cleared}");
    call(&mut ws, json!({"action": "query", "args": {"req_id": 2, "sql": "insert into d.t values ('2024-01-01 10:00:00', 2)"}})).await;
    assert_eq!(count_rows(&mut ws, "select * from d.t where ts = 1704074400000").await, 1, "10:00 in the server's zone");

    let refused = call(&mut ws, options(json!([{"option": 1, "value": "Nowhere/City"}]))).await;
    assert_ne!(refused["code"], 0, "{refused}");
    server.shutdown().await;
}
