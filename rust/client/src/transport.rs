//! Opening the WebSocket: TCP (and TLS for `useSSL=true`) within the connect timeout, the HTTP
//! upgrade, and permessage-deflate when the settings ask for compression.

use crate::config::ConnectionConfig;
use crate::error::{Error, Result};
use crate::tls;
use tdflink_protocol::codes;
use tdflink_ws_deflate::{DeflateStream, Role, CLIENT_OFFER};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::WebSocketStream;

/// A byte stream the WebSocket runs over: plain TCP or TLS over TCP.
pub trait Io: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Io for T {}

pub type Socket = WebSocketStream<DeflateStream<Box<dyn Io>>>;

/// Connects to `path` (`/ws`, `/rest/tmq`) of the configured server.
pub async fn open(config: &ConnectionConfig, path: &str) -> Result<Socket> {
    let url = config.ws_url(path);
    let upgrade = async {
        let tcp = TcpStream::connect((config.host.trim_matches(['[', ']']), config.port))
            .await
            .map_err(|e| Error::connect_failed(format!("can't create connection with server {url}")).with_cause(e))?;
        let _ = tcp.set_nodelay(true);
        let stream: Box<dyn Io> = if config.use_ssl { Box::new(tls::handshake(config, tcp).await?) } else { Box::new(tcp) };
        let mut request = url.as_str().into_client_request().map_err(|e| Error::connect_failed(format!("bad URL {url}")).with_cause(e))?;
        if config.compression {
            request.headers_mut().insert("sec-websocket-extensions", HeaderValue::from_static(CLIENT_OFFER));
        }
        let (socket, _) = tokio_tungstenite::client_async(request, DeflateStream::new(stream, Role::Client))
            .await
            .map_err(|e| Error::connect_failed(format!("WebSocket upgrade of {url} failed")).with_cause(e))?;
        Ok(socket)
    };
    tokio::time::timeout(config.connect_timeout, upgrade).await.map_err(|_| {
        Error::timeout(
            codes::DRIVER_CONNECTION_TIMEOUT,
            format!(
                "create connection with server timeout: no connection to {url} within {:?} (raise httpConnectTimeout)",
                config.connect_timeout
            ),
        )
    })?
}
