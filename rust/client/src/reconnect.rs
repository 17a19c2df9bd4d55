//! Keeping a connection to one endpoint: the current link and, once it is lost, a new one
//! opened, greeted and swapped in for every user of the session (`enableAutoReconnect`,
//! `reconnectRetryCount` attempts `reconnectIntervalMs` apart).
//!
//! Each link has an epoch. Server-side state (results, statements, subscriptions) belongs to
//! the epoch it was created in and dies with it; callers compare epochs to tell. The query
//! client uses this with a login handshake; the sink and the TMQ consumer bring their own.

use crate::config::ConnectionConfig;
use crate::connection::Connection;
use crate::error::{Error, Result};
use crate::{reply, transport};
use std::future::Future;
use std::sync::{Arc, Mutex};
use tdflink_protocol::codes;
use tdflink_protocol::messages::VersionBody;
use tokio_tungstenite::tungstenite::Message;

/// The oldest server whose binary query and fetch paths we use.
const MIN_SERVER_VERSION: [u32; 4] = [3, 3, 2, 0];

/// What a fresh connection needs before requests use it (after `version`, which every
/// endpoint answers): log in, subscribe... Runs on the first connect and on every reconnect.
pub trait Handshake: Send + Sync + 'static {
    fn greet(&self, connection: &Connection, config: &ConnectionConfig) -> impl Future<Output = Result<()>> + Send;
}

/// One opened and greeted connection.
#[derive(Clone)]
pub struct Link {
    pub connection: Connection,
    /// 1 for the first connection, one more for each reconnect.
    pub epoch: u64,
    pub server_version: Arc<str>,
}

/// The current link of a session and the means to replace it.
pub struct Reconnector<H> {
    config: ConnectionConfig,
    path: &'static str,
    handshake: H,
    current: Mutex<Link>,
    /// Held while reconnecting, so callers that lost the same link share one reconnect.
    reconnecting: tokio::sync::Mutex<()>,
}

impl<H: Handshake> Reconnector<H> {
    /// Opens `path` of the configured server and greets it. The first connection is not
    /// retried: a wrong address or password must fail at once.
    pub async fn connect(config: ConnectionConfig, path: &'static str, handshake: H) -> Result<Reconnector<H>> {
        let link = open(&config, path, &handshake, 1).await?;
        Ok(Reconnector { config, path, handshake, current: Mutex::new(link), reconnecting: tokio::sync::Mutex::new(()) })
    }

    pub fn config(&self) -> &ConnectionConfig {
        &self.config
    }

    /// The current link (possibly lost; requests on it then fail with 0x2301).
    pub fn link(&self) -> Link {
        self.current.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Runs `request` on the current link. If the link turns out lost and auto-reconnect is
    /// on, reconnects and runs it once more on the new link. Only for requests that are safe
    /// to repeat: the lost one may or may not have reached the server.
    pub async fn repeatable<T, F, Fut>(&self, request: F) -> Result<T>
    where
        F: Fn(Link) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let link = self.link();
        match request(link.clone()).await {
            Err(e) if e.is_connection_lost() && self.config.auto_reconnect => {
                log::warn!("{e}; reconnecting and repeating the request");
                request(self.reconnect(&link).await?).await
            }
            outcome => outcome,
        }
    }

    /// Replaces `lost` by a new link: up to `reconnectRetryCount` attempts, `reconnectIntervalMs`
    /// apart, each logged. If another caller already replaced `lost`, returns its link at once.
    pub async fn reconnect(&self, lost: &Link) -> Result<Link> {
        let _one_at_a_time = self.reconnecting.lock().await;
        let current = self.link();
        if current.epoch != lost.epoch {
            return Ok(current);
        }
        let (url, attempts, interval) = (self.config.ws_url(self.path), self.config.reconnect_retry_count, self.config.reconnect_interval);
        let mut last_error = None;
        for attempt in 1..=attempts {
            if attempt > 1 {
                tokio::time::sleep(interval).await;
            }
            log::info!("reconnecting to {url}: attempt {attempt} of {attempts}");
            match open(&self.config, self.path, &self.handshake, lost.epoch + 1).await {
                Ok(link) => {
                    log::info!("reconnected to {url} at attempt {attempt}");
                    *self.current.lock().unwrap_or_else(|p| p.into_inner()) = link.clone();
                    return Ok(link);
                }
                Err(e) => {
                    log::warn!("reconnect attempt {attempt} of {attempts} to {url} failed: {e}");
                    last_error = Some(e);
                }
            }
        }
        let error = Error::connection(format!(
            "connection to {url} lost; {attempts} reconnect attempts {interval:?} apart failed (reconnectRetryCount, reconnectIntervalMs)"
        ));
        Err(match last_error {
            Some(cause) => error.with_cause(cause),
            None => error,
        })
    }
}

/// Opens the socket, checks the server version and runs the handshake.
async fn open<H: Handshake>(config: &ConnectionConfig, path: &str, handshake: &H, epoch: u64) -> Result<Link> {
    let socket = transport::open(config, path).await?;
    let connection = Connection::start(socket, config.message_timeout);
    // `version` travels without args, so its reply carries req_id 0.
    let version: VersionBody = reply::json(connection.call(0, Message::text(r#"{"action":"version"}"#)).await?)?;
    check_version(&version.version)?;
    handshake.greet(&connection, config).await?;
    Ok(Link { connection, epoch, server_version: version.version.into() })
}

fn check_version(version: &str) -> Result<()> {
    let parts: Vec<u32> = version.split(['.', '-']).take(4).map(|p| p.parse().unwrap_or(0)).collect();
    if parts.as_slice() < &MIN_SERVER_VERSION[..] {
        return Err(Error::config(
            codes::DRIVER_VERSION_INCOMPATIBLE,
            format!("TDengine version incompatible: server {version}, tdflink needs 3.3.2.0 or later"),
        ));
    }
    Ok(())
}
