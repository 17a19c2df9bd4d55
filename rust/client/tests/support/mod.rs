//! tdlite in-process for the client's tests: plain or `wss://` with a fresh self-signed
//! certificate, stopped and restarted on the same port, and settings pointing at it; and
//! results read as text.

#![allow(dead_code)] // each test binary uses part of it

pub mod cutting_proxy;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use tdflink_client::{Client, ConnectionConfig, Outcome, ResultHandle};
use tdflink_protocol::raw_block::RawBlockView;
use tdflink_protocol::types::DataType;
use tdlite::engine::{Engine, EngineConfig};
use tdlite::server::{Server, ServerConfig, TlsFiles};

/// A running tdlite plus what it takes to start it again where it was.
pub struct Tdlite {
    pub server: Option<Server>,
    pub addr: SocketAddr,
    engine: Engine,
    engine_config: EngineConfig,
    tls: Option<TlsFiles>,
}

impl Tdlite {
    pub async fn start() -> Tdlite {
        Tdlite::start_with(None).await
    }

    /// Serves `wss://` with `cert` (see [`self_signed`]).
    pub async fn start_tls(cert: &Certificate) -> Tdlite {
        Tdlite::start_with(Some(TlsFiles { cert: cert.cert_file.clone(), key: cert.key_file.clone() })).await
    }

    /// Keeps its data in `dir`, so [`Tdlite::reopen`] can start it from disk.
    pub async fn start_durable(dir: PathBuf) -> Tdlite {
        Tdlite::start_engine(EngineConfig { data_dir: Some(dir), ..EngineConfig::default() }, None).await
    }

    async fn start_with(tls: Option<TlsFiles>) -> Tdlite {
        Tdlite::start_engine(EngineConfig::default(), tls).await
    }

    async fn start_engine(engine_config: EngineConfig, tls: Option<TlsFiles>) -> Tdlite {
        let engine = Engine::open(engine_config.clone()).unwrap();
        let config = ServerConfig { listen: "127.0.0.1:0".parse().unwrap(), tls: tls.clone() };
        let server = Server::start(config, engine.clone()).await.unwrap();
        Tdlite { addr: server.local_addr(), server: Some(server), engine, engine_config, tls }
    }

    /// Stops the server, drops its engine and starts both again from the data directory, on
    /// the same port: a server process restart.
    pub async fn reopen(&mut self) {
        self.stop().await;
        self.engine = Engine::open(self.engine_config.clone()).unwrap();
        let config = ServerConfig { listen: self.addr, tls: self.tls.clone() };
        self.server = Some(Server::start(config, self.engine.clone()).await.unwrap());
    }

    /// Stops the server; every connection is closed when this returns.
    pub async fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.shutdown().await;
        }
    }

    /// Starts it again on the same port with the same data.
    pub async fn restart(&mut self) {
        self.stop().await;
        let config = ServerConfig { listen: self.addr, tls: self.tls.clone() };
        self.server = Some(Server::start(config, self.engine.clone()).await.unwrap());
    }

    /// Settings for this server; `extra` is appended to the URL's parameters.
    pub fn config(&self, extra: &str) -> ConnectionConfig {
        let url = format!("jdbc:TAOS-WS://{}/?user=root&password=taosdata{extra}", self.addr);
        ConnectionConfig::from_url(&url, &BTreeMap::new()).unwrap()
    }
}

/// A self-signed certificate for `localhost` and 127.0.0.1, written as PEM files.
pub struct Certificate {
    pub cert_file: PathBuf,
    pub key_file: PathBuf,
}

impl Drop for Certificate {
    fn drop(&mut self) {
        if let Some(dir) = self.cert_file.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

pub fn self_signed(name: &str) -> Certificate {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
    let dir = std::env::temp_dir().join(format!("tdflink-client-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (cert_file, key_file) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert_file, cert.cert.pem()).unwrap();
    std::fs::write(&key_file, cert.signing_key.serialize_pem()).unwrap();
    Certificate { cert_file, key_file }
}

/// Every row `sql` returns as text (see [`read`]).
pub async fn rows(client: &Client, sql: &str) -> Vec<String> {
    let Outcome::Rows(result) = client.query(sql).await.unwrap() else { panic!("{sql} returns rows") };
    read(client, &result).await
}

/// Every row of `result`, cells separated by spaces, sorted.
pub async fn read(client: &Client, result: &ResultHandle) -> Vec<String> {
    let mut out = Vec::new();
    while let Some(block) = client.fetch(result).await.unwrap() {
        let view = RawBlockView::parse(&block).unwrap();
        for row in 0..view.rows {
            let cells: Vec<String> = view.columns.iter().map(|c| cell(c.field().ty, c.value(row))).collect();
            out.push(cells.join(" "));
        }
    }
    out.sort();
    out
}

/// TIMESTAMP (raw ticks), BIGINT, INT and text cells as text.
fn cell(ty: DataType, value: Option<&[u8]>) -> String {
    match (ty, value) {
        (_, None) => "NULL".into(),
        (DataType::BigInt | DataType::Timestamp, Some(v)) => i64::from_le_bytes(v.try_into().unwrap()).to_string(),
        (DataType::Int, Some(v)) => i32::from_le_bytes(v.try_into().unwrap()).to_string(),
        (_, Some(v)) => String::from_utf8_lossy(v).into_owned(),
    }
}
