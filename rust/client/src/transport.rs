//! Opening the WebSocket: TCP within the connect timeout, the HTTP upgrade, and
//! permessage-deflate when the settings ask for compression.

use crate::config::ConnectionConfig;
use crate::error::{Error, Result};
use tdflink_protocol::codes;
use tdflink_ws_deflate::{DeflateStream, Role, CLIENT_OFFER};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::WebSocketStream;

pub type Socket = WebSocketStream<DeflateStream<TcpStream>>;

/// Connects to `path` (`/ws`, `/rest/tmq`) of the configured server.
pub async fn open(config: &ConnectionConfig, path: &str) -> Result<Socket> {
    if config.use_ssl {
        // The settings are parsed and kept; the TLS transport comes with the connector's
        // TLS support. Refuse clearly rather than connect in plain text.
        return Err(Error::config(codes::CONNECTOR_BAD_CONNECTION_PARAMETER, "useSSL=true is not supported yet"));
    }
    let url = config.ws_url(path);
    let upgrade = async {
        let tcp = TcpStream::connect((config.host.trim_matches(['[', ']']), config.port))
            .await
            .map_err(|e| Error::connection(format!("cannot connect to {url}")).with_cause(e))?;
        let _ = tcp.set_nodelay(true);
        let mut request = url.as_str().into_client_request().map_err(|e| Error::connection(format!("bad URL {url}")).with_cause(e))?;
        if config.compression {
            request.headers_mut().insert("sec-websocket-extensions", HeaderValue::from_static(CLIENT_OFFER));
        }
        let (socket, _) = tokio_tungstenite::client_async(request, DeflateStream::new(tcp, Role::Client))
            .await
            .map_err(|e| Error::connection(format!("WebSocket upgrade of {url} failed")).with_cause(e))?;
        Ok(socket)
    };
    tokio::time::timeout(config.connect_timeout, upgrade).await.map_err(|_| {
        Error::timeout(
            codes::DRIVER_CONNECTION_TIMEOUT,
            format!("create connection with server timeout: no connection to {url} within {:?} (raise httpConnectTimeout)", config.connect_timeout),
        )
    })?
}
