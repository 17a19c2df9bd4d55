//! Consumer settings from the official CDC property keys (`TDengineCdcParams`): where the
//! server is, who logs in, and the consumer options `subscribe` carries (docs/protocol.md §10.2).
//!
//! Connection keys shared with the query client (`useSSL`, `enableCompression`,
//! `enableAutoReconnect`, timeouts...) are parsed by [`ConnectionConfig`], so both accept the
//! same values. Unknown keys are ignored: users pass whole property sets through.

use crate::config::{bad_param, flag, keys as connection, number, optional_number, ConnectionConfig, URL_PREFIX};
use crate::error::{Error, Result};
use crate::options::setting;
use std::collections::BTreeMap;
use std::time::Duration;
use tdflink_protocol::codes;
use tdflink_protocol::messages::{SessionOptions, SubscribeArgs};

/// Property keys, spelled as `TDengineCdcParams` spells them; their defaults and aliases are the
/// option registry's ([`crate::options`]).
pub mod keys {
    pub const BOOTSTRAP_SERVERS: &str = "bootstrap.servers";
    pub const CONNECT_USER: &str = "td.connect.user";
    pub const CONNECT_PASS: &str = "td.connect.pass";
    pub const CONNECT_IP: &str = "td.connect.ip";
    pub const CONNECT_PORT: &str = "td.connect.port";
    pub const URL: &str = super::connection::URL;
    pub const GROUP_ID: &str = "group.id";
    pub const CLIENT_ID: &str = "client.id";
    pub const AUTO_OFFSET_RESET: &str = "auto.offset.reset";
    pub const ENABLE_AUTO_COMMIT: &str = "enable.auto.commit";
    pub const AUTO_COMMIT_INTERVAL_MS: &str = "auto.commit.interval.ms";
    pub const MSG_WITH_TABLE_NAME: &str = "msg.with.table.name";
    pub const SESSION_TIMEOUT_MS: &str = "session.timeout.ms";
    pub const MAX_POLL_INTERVAL_MS: &str = "max.poll.interval.ms";

    /// Every key above: the registry must list exactly these (and the connection keys) as parsed by Rust.
    pub const ALL: &[&str] = &[
        BOOTSTRAP_SERVERS,
        CONNECT_USER,
        CONNECT_PASS,
        CONNECT_IP,
        CONNECT_PORT,
        URL,
        GROUP_ID,
        CLIENT_ID,
        AUTO_OFFSET_RESET,
        ENABLE_AUTO_COMMIT,
        AUTO_COMMIT_INTERVAL_MS,
        MSG_WITH_TABLE_NAME,
        SESSION_TIMEOUT_MS,
        MAX_POLL_INTERVAL_MS,
    ];
}

/// TDengine's limit on a consumer group id (TSDB_CGROUP_LEN - 1).
const MAX_GROUP_ID_BYTES: usize = 192;

/// Everything a consumer needs: the connection and its subscribe options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsumerConfig {
    pub connection: ConnectionConfig,
    pub group_id: String,
    pub client_id: Option<String>,
    /// `earliest`, `latest` or `none` (the registry default, `latest`, when not given).
    pub offset_reset: Option<String>,
    /// Client-side auto-commit interval (`enable.auto.commit=true`), as the official clients
    /// do it: the server-side flag is always sent as `false`.
    pub auto_commit: Option<Duration>,
    pub with_table_name: bool,
    pub session_timeout_ms: Option<u64>,
    pub max_poll_interval_ms: Option<u64>,
}

impl ConsumerConfig {
    /// Parses the CDC properties. The server is `url` (`jdbc:TAOS-WS://...`) if given, else
    /// `bootstrap.servers` (the first `host:port`), else `td.connect.ip` and `td.connect.port`.
    pub fn from_properties(p: &BTreeMap<String, String>) -> Result<ConsumerConfig> {
        let group_id = setting(p, keys::GROUP_ID)
            .map(str::trim)
            .ok_or_else(|| Error::config(codes::CONNECTOR_TMQ_GROUP_ID, format!("{} is required and must not be empty", keys::GROUP_ID)))?;
        // TDengine would silently cut a longer id, merging groups that differ only past it.
        if group_id.len() > MAX_GROUP_ID_BYTES {
            return Err(Error::config(
                codes::CONNECTOR_TMQ_GROUP_ID,
                format!("{} is {} bytes; TDengine keeps only {MAX_GROUP_ID_BYTES}", keys::GROUP_ID, group_id.len()),
            ));
        }
        // libtaos compares the value ignoring case (tmq_conf_set); the server gets it in lower case.
        let reset = setting(p, keys::AUTO_OFFSET_RESET).map_or("", str::trim);
        let offset_reset = match reset.to_ascii_lowercase().as_str() {
            "" => None,
            v @ ("earliest" | "latest" | "none") => Some(v.to_owned()),
            _ => return Err(bad_param(format!("{} must be earliest, latest or none, got '{reset}'", keys::AUTO_OFFSET_RESET))),
        };
        let auto_commit = flag(p, keys::ENABLE_AUTO_COMMIT)?;
        let interval = Duration::from_millis(number(p, keys::AUTO_COMMIT_INTERVAL_MS)?);
        Ok(ConsumerConfig {
            connection: ConnectionConfig::from_url(&url(p)?, &credentials(p))?,
            group_id: group_id.to_owned(),
            client_id: setting(p, keys::CLIENT_ID).map(str::to_owned),
            offset_reset,
            auto_commit: auto_commit.then_some(interval),
            with_table_name: flag(p, keys::MSG_WITH_TABLE_NAME)?,
            session_timeout_ms: optional_number(p, keys::SESSION_TIMEOUT_MS)?,
            max_poll_interval_ms: optional_number(p, keys::MAX_POLL_INTERVAL_MS)?,
        })
    }

    /// The `subscribe` args for `topics` (the request gets its `req_id` when sent). Range checks of the options (session timeout,
    /// group id length) are the server's: its code reaches the caller unchanged.
    pub(crate) fn subscribe_args(&self, topics: &[String]) -> SubscribeArgs {
        let c = &self.connection;
        SubscribeArgs {
            user: c.user.clone(),
            password: c.password.clone(),
            db: c.database.clone(),
            group_id: self.group_id.clone(),
            client_id: self.client_id.clone(),
            offset_rest: self.offset_reset.clone(),
            topics: topics.to_vec(),
            auto_commit: Some("false".to_owned()),
            with_table_name: Some(self.with_table_name.to_string()),
            session_timeout_ms: self.session_timeout_ms.map(|ms| ms.to_string()),
            max_poll_interval_ms: self.max_poll_interval_ms.map(|ms| ms.to_string()),
            session: SessionOptions {
                tz: c.session_timezone().map(str::to_owned),
                connector: Some(concat!("tdflink-", env!("CARGO_PKG_VERSION")).to_owned()),
                ..Default::default()
            },
            ..Default::default()
        }
    }
}

fn url(p: &BTreeMap<String, String>) -> Result<String> {
    if let Some(url) = setting(p, keys::URL) {
        return Ok(url.to_owned());
    }
    let address = match setting(p, keys::BOOTSTRAP_SERVERS) {
        // The official driver connects to the first of a list.
        Some(servers) => servers.split(',').next().unwrap_or(servers).trim().to_owned(),
        None => format!(
            "{}:{}",
            setting(p, keys::CONNECT_IP).unwrap_or_default().trim(),
            setting(p, keys::CONNECT_PORT).unwrap_or_default().trim()
        ),
    };
    Ok(format!("{URL_PREFIX}{address}/"))
}

/// The connection properties with `td.connect.user`/`td.connect.pass` (or their aliases, the
/// driver keys `user`/`password`, or the registry's defaults) as the login.
fn credentials(p: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut properties = p.clone();
    for (key, login) in [(keys::CONNECT_USER, connection::USER), (keys::CONNECT_PASS, connection::PASSWORD)] {
        if let Some(value) = setting(p, key) {
            properties.insert(login.to_owned(), value.to_owned());
        }
    }
    properties
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn cdc_keys() {
        let c = ConsumerConfig::from_properties(&props(&[
            ("bootstrap.servers", "db.example:6042"),
            ("td.connect.user", "alice"),
            ("td.connect.pass", "secret"),
            ("group.id", "g1"),
            ("client.id", "c1"),
            ("auto.offset.reset", "earliest"),
            ("enable.auto.commit", "true"),
            ("auto.commit.interval.ms", "250"),
            ("msg.with.table.name", "true"),
            ("session.timeout.ms", "6000"),
            ("max.poll.interval.ms", "1000"),
            ("enableAutoReconnect", "true"),
            ("value.deserializer", "RowData"),
        ]))
        .unwrap();
        assert_eq!((c.connection.host.as_str(), c.connection.port), ("db.example", 6042));
        assert_eq!((c.connection.user.as_str(), c.connection.password.expose()), ("alice", "secret"));
        assert!(c.connection.auto_reconnect);
        assert_eq!(c.auto_commit, Some(Duration::from_millis(250)));
        let args = c.subscribe_args(&["t".to_owned()]);
        assert_eq!((args.group_id.as_str(), args.client_id.as_deref()), ("g1", Some("c1")));
        assert_eq!((args.auto_offset_reset(), args.auto_commit.as_deref()), (Some("earliest"), Some("false")));
        assert_eq!((args.session_timeout_ms.as_deref(), args.max_poll_interval_ms.as_deref()), (Some("6000"), Some("1000")));
    }

    #[test]
    fn offset_reset_ignores_case_as_libtaos_does() {
        for (given, sent) in [("Earliest", "earliest"), (" LATEST ", "latest"), ("None", "none")] {
            let c = ConsumerConfig::from_properties(&props(&[("group.id", "g"), ("auto.offset.reset", given)])).unwrap();
            assert_eq!(c.offset_reset.as_deref(), Some(sent), "{given}");
        }
    }

    #[test]
    fn where_the_server_is() {
        let base = [("group.id", "g")];
        let at = |extra: &[(&str, &str)]| {
            let mut p = props(&base);
            p.extend(props(extra));
            let c = ConsumerConfig::from_properties(&p).unwrap().connection;
            (c.host, c.port, c.user)
        };
        assert_eq!(at(&[]), ("localhost".into(), 6041, "root".into()));
        assert_eq!(at(&[("td.connect.ip", "h"), ("td.connect.port", "7")]), ("h".into(), 7, "root".into()));
        assert_eq!(at(&[("bootstrap.servers", "a:1,b:2"), ("td.connect.ip", "h")]), ("a".into(), 1, "root".into()));
        assert_eq!(at(&[("url", "jdbc:TAOS-WS://u:9?user=bob&password=x"), ("bootstrap.servers", "a:1")]), ("u".into(), 9, "bob".into()));
    }

    #[test]
    fn bad_settings_name_their_key() {
        let too_long = "g".repeat(193);
        for group in [None, Some(""), Some("  "), Some(too_long.as_str())] {
            let mut p = props(&[]);
            if let Some(g) = group {
                p.insert("group.id".into(), g.into());
            }
            let e = ConsumerConfig::from_properties(&p).unwrap_err();
            assert_eq!(e.code(), codes::CONNECTOR_TMQ_GROUP_ID);
            assert!(e.message().contains("group.id"), "{e}");
        }
        for (key, value) in [("auto.offset.reset", "smallest"), ("enable.auto.commit", "yes"), ("session.timeout.ms", "soon")] {
            let e = ConsumerConfig::from_properties(&props(&[("group.id", "g"), (key, value)])).unwrap_err();
            assert_eq!(e.code(), codes::CONNECTOR_BAD_CONNECTION_PARAMETER, "{key}");
            assert!(e.message().contains(key), "{e}");
        }
    }
}
