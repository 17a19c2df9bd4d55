//! The `tdlite` binary: ready line, acknowledged writes surviving `kill -9` with a data dir,
//! clean exit on SIGTERM, the server's time zone from `--timezone` or the host.

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use tokio_tungstenite::tungstenite::Message;

/// Starts the binary in UTC and returns it with the address from its ready line.
fn spawn(args: &[&str]) -> (Child, String) {
    let (child, line) = start(Command::new(env!("CARGO_BIN_EXE_tdlite")).args(["--timezone", "UTC"]).args(args));
    let addr = line.split("listen=").nth(1).and_then(|r| r.split_whitespace().next()).expect(&line).to_owned();
    (child, addr)
}

/// Starts `command` and returns it with its ready line.
fn start(command: &mut Command) -> (Child, String) {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap()).read_line(&mut line).unwrap();
    (child, line)
}

async fn sql(addr: &str, statements: &[&str]) -> Vec<Value> {
    sql_as(addr, ("root", "taosdata"), statements).await
}

async fn sql_as(addr: &str, (user, password): (&str, &str), statements: &[&str]) -> Vec<Value> {
    let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/ws")).await.unwrap();
    let mut replies = vec![];
    let conn = json!({"action": "conn", "args": {"req_id": 1, "user": user, "password": password}});
    for request in std::iter::once(conn).chain(statements.iter().map(|s| json!({"action": "query", "args": {"req_id": 2, "sql": s}}))) {
        ws.send(Message::text(request.to_string())).await.unwrap();
        let Message::Text(reply) = ws.next().await.unwrap().unwrap() else { panic!("text reply expected") };
        let reply: Value = serde_json::from_str(&reply).unwrap();
        assert_eq!(reply["code"], 0, "{request}: {reply}");
        if reply["id"].as_u64().unwrap_or(0) > 0 {
            let fetch = json!({"action": "fetch", "args": {"req_id": 3, "id": reply["id"]}});
            ws.send(Message::text(fetch.to_string())).await.unwrap();
            let Message::Text(fetched) = ws.next().await.unwrap().unwrap() else { panic!("text reply expected") };
            replies.push(serde_json::from_str(&fetched).unwrap());
        } else {
            replies.push(reply);
        }
    }
    replies
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_kill_9() {
    let dir = std::env::temp_dir().join(format!("tdlite-durable-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let data_dir = dir.to_str().unwrap();

    let (mut first, addr) = spawn(&["--listen", "127.0.0.1:0", "--data-dir", data_dir]);
    sql(&addr, &["create database d", "create table d.t (ts timestamp, v int)", "insert into d.t values (1, 10) (2, 20)"]).await;
    first.kill().unwrap(); // SIGKILL: no chance to flush anything not yet durable
    first.wait().unwrap();

    let (mut second, addr) = spawn(&["--listen", "127.0.0.1:0", "--data-dir", data_dir]);
    let replies = sql(&addr, &["select count(*) from d.t"]).await;
    assert_eq!(replies.last().unwrap()["rows"], 1, "{replies:?}");
    let replies = sql(&addr, &["select * from d.t"]).await;
    assert_eq!(replies.last().unwrap()["rows"], 2, "{replies:?}");
    second.kill().unwrap();
    second.wait().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_are_configurable() {
    let (mut child, addr) = spawn(&["--listen", "127.0.0.1:0", "--user", "alice:s3cret"]);
    let replies = sql_as(&addr, ("alice", "s3cret"), &["select server_version()"]).await;
    assert_eq!(replies.len(), 2);
    let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/ws")).await.unwrap();
    let conn = json!({"action": "conn", "args": {"req_id": 1, "user": "root", "password": "taosdata"}});
    ws.send(Message::text(conn.to_string())).await.unwrap();
    let Message::Text(reply) = ws.next().await.unwrap().unwrap() else { panic!("text reply expected") };
    assert_ne!(serde_json::from_str::<Value>(&reply).unwrap()["code"], 0, "root is not a user any more: {reply}");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn sigterm_stops_cleanly() {
    let (child, _) = spawn(&["--listen", "127.0.0.1:0"]);
    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{:?}", output.status);
}

/// The ready line's zone of a server started with `args` on a host whose `TZ` is `host`.
fn zone_of(args: &[&str], host: &str) -> String {
    let (mut child, line) = start(Command::new(env!("CARGO_BIN_EXE_tdlite")).args(["--listen", "127.0.0.1:0"]).args(args).env("TZ", host));
    child.kill().unwrap();
    child.wait().unwrap();
    line.split("timezone=").nth(1).expect(&line).trim().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_zone_is_the_hosts_unless_given() {
    assert_eq!(zone_of(&[], "Asia/Tokyo"), "Asia/Tokyo", "TZ, as TDengine's timezone setting");
    assert_eq!(zone_of(&["--timezone", "Asia/Shanghai"], "Asia/Tokyo"), "Asia/Shanghai");
    assert_eq!(zone_of(&[], "Nowhere/City"), "UTC", "UTC when the host's zone cannot be told");
    let refused = Command::new(env!("CARGO_BIN_EXE_tdlite")).args(["--timezone", "Nowhere/City"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));

    // A session that sets no zone reads time literals in the server's.
    let (mut child, addr) = spawn(&["--listen", "127.0.0.1:0", "--timezone", "Asia/Shanghai"]);
    let setup = ["create database d", "create table d.t (ts timestamp, v int)", "insert into d.t values ('2024-01-01 10:00:00', 1)"];
    sql(&addr, &setup).await;
    let found = sql(&addr, &["select * from d.t where ts = 1704074400000"]).await;
    assert_eq!(found.last().unwrap()["rows"], 1, "10:00 in Shanghai is 02:00 UTC: {found:?}");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn bad_arguments_exit_with_usage() {
    let output = Command::new(env!("CARGO_BIN_EXE_tdlite")).arg("--bogus").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("usage: tdlite"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_meters_are_served_from_start() {
    let (mut child, line) =
        start(Command::new(env!("CARGO_BIN_EXE_tdlite")).args(["--listen", "127.0.0.1:0", "--generated-meters", "5000:3"]));
    assert!(line.contains("generated-meters=5000:3"), "{line}");
    let addr = line.split("listen=").nth(1).and_then(|r| r.split_whitespace().next()).unwrap();
    // The legacy fetch path: the first block is one whole chunk.
    let replies = sql(addr, &["select * from bench.meters where ts < 1700000004097"]).await;
    assert_eq!((replies[1]["code"].as_i64(), replies[1]["rows"].as_u64()), (Some(0), Some(4096)), "{}", replies[1]);
    child.kill().unwrap();
    child.wait().unwrap();

    let output =
        Command::new(env!("CARGO_BIN_EXE_tdlite")).args(["--listen", "127.0.0.1:0", "--generated-meters", "10:0"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}
