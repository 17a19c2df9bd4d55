//! The network side of tdlite: accepts TCP (optionally TLS) connections, upgrades them to
//! WebSocket and routes each to the endpoint its path names, as taosAdapter does.

mod block;
mod generated;
mod tls;
mod tmq;
mod ws;

use crate::engine::Engine;
use generated::Generated;
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tdflink_ws_deflate::{mentions_deflate, DeflateStream, Role, SERVER_ACCEPT};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::{HeaderValue, StatusCode};

const EXTENSIONS: &str = "sec-websocket-extensions";
/// How long `shutdown` lets connections close cleanly before cutting them.
const CLOSE_GRACE: Duration = Duration::from_secs(2);

/// Where and how to listen.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    pub listen: SocketAddr,
    /// Serve `wss://` with this certificate chain and key (PEM files).
    pub tls: Option<TlsFiles>,
}

#[derive(Clone, Debug)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// The WebSocket endpoints tdlite serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Endpoint {
    /// `/ws`: connection, SQL, fetch, stmt v1 and stmt2. The legacy `/rest/ws` (queries)
    /// and `/rest/stmt` (stmt v1) endpoints, which older official clients use, speak subsets
    /// of the same actions and are served by the same code.
    Ws,
    /// `/rest/tmq`: one TMQ consumer per socket.
    Tmq,
}

/// A running server; dropping it does not stop it, `shutdown` does.
pub struct Server {
    local_addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Server {
    /// Binds and starts accepting connections in the background on the current runtime.
    pub async fn start(config: ServerConfig, engine: Engine) -> io::Result<Server> {
        let acceptor = config.tls.as_ref().map(tls::acceptor).transpose()?;
        // Encoded before the first connection, so no scan waits for it or sees part of it.
        let generated = tokio::task::block_in_place(|| generated::Generated::build(&engine)).map_err(io::Error::other)?;
        let listener = TcpListener::bind(config.listen).await?;
        let local_addr = listener.local_addr()?;
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(accept_loop(listener, acceptor, engine, generated, stopped));
        Ok(Server { local_addr, stop, task })
    }

    /// The bound address (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Stops accepting, closes every connection and waits until they are closed.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

async fn accept_loop(
    listener: TcpListener,
    acceptor: Option<tokio_rustls::TlsAcceptor>,
    engine: Engine,
    generated: Option<Generated>,
    mut stopped: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    log::warn!("accept failed: {e}");
                    continue;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
            _ = stopped.changed() => break,
        };
        let _ = tcp.set_nodelay(true);
        let engine = engine.clone();
        let generated = generated.clone();
        let stopped = stopped.clone();
        let acceptor = acceptor.clone();
        connections.spawn(async move {
            let result = match acceptor {
                Some(acceptor) => match acceptor.accept(tcp).await {
                    Ok(tls) => serve(tls, engine, generated, stopped, peer).await,
                    Err(e) => Err(format!("TLS handshake: {e}")),
                },
                None => serve(tcp, engine, generated, stopped, peer).await,
            };
            if let Err(e) = result {
                log::debug!("connection from {peer} ended: {e}");
            }
        });
    }
    // Every connection saw the stop and closes itself; one stuck (a peer silent during the
    // upgrade) is cut after a grace period. Once `shutdown` returns, no socket is left open,
    // so a test can restart the server on the same port and know every client saw the loss.
    drop(listener);
    let _ = tokio::time::timeout(CLOSE_GRACE, async { while connections.join_next().await.is_some() {} }).await;
    connections.shutdown().await;
}

/// Upgrades one connection and runs the endpoint its path names. permessage-deflate is
/// accepted when offered, answered as taosAdapter does (no context takeover either way).
// The callback's error type is tungstenite's HTTP response, large by its nature.
#[allow(clippy::result_large_err)]
async fn serve<S>(
    stream: S,
    engine: Engine,
    generated: Option<Generated>,
    stopped: watch::Receiver<bool>,
    peer: SocketAddr,
) -> Result<(), String>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let stream = DeflateStream::new(stream, Role::Server);
    let deflate = stream.switch();
    let mut endpoint = None;
    let route = |request: &Request, mut response: Response| -> Result<Response, ErrorResponse> {
        let offered = request.headers().get(EXTENSIONS).and_then(|v| v.to_str().ok()).is_some_and(mentions_deflate);
        if offered {
            response.headers_mut().insert(EXTENSIONS, HeaderValue::from_static(SERVER_ACCEPT));
            deflate.store(true, Ordering::Release);
        }
        endpoint = match request.uri().path() {
            "/ws" | "/rest/ws" | "/rest/stmt" => Some(Endpoint::Ws),
            "/rest/tmq" => Some(Endpoint::Tmq),
            _ => None,
        };
        match endpoint {
            Some(_) => Ok(response),
            None => {
                let mut not_found = ErrorResponse::new(Some("not found".to_owned()));
                *not_found.status_mut() = StatusCode::NOT_FOUND;
                Err(not_found)
            }
        }
    };
    let ws = tokio_tungstenite::accept_hdr_async(stream, route).await.map_err(|e| e.to_string())?;
    match endpoint {
        Some(Endpoint::Ws) => ws::run(ws, engine, generated, stopped, peer.ip()).await,
        Some(Endpoint::Tmq) => tmq::run(ws, engine, generated, stopped, peer.ip()).await,
        None => Ok(()),
    }
}
