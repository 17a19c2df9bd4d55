//! Connection settings from a `jdbc:TAOS-WS://` URL plus the official property keys.
//!
//! Precedence follows the JDBC driver: a parameter in the URL wins over the same key in the
//! properties. Errors use the codes the official driver uses (0x2319 user required, 0x231a
//! password required) or 0xa000 for anything else malformed, and always name the culprit.

use crate::error::{Error, Result};
use crate::options::setting;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;
use tdflink_protocol::codes;
use tdflink_protocol::secret::Secret;

/// The only URL scheme we serve: WebSocket to taosAdapter (or tdlite).
pub const URL_PREFIX: &str = "jdbc:TAOS-WS://";
pub const DEFAULT_PORT: u16 = 6041;

/// Property keys, spelled exactly as `TSDBDriver`/`TDengineConfigParams` spell them; their
/// defaults are the option registry's ([`crate::options`]).
pub mod keys {
    pub const USER: &str = "user";
    pub const PASSWORD: &str = "password";
    pub const DBNAME: &str = "dbname";
    pub const TIME_ZONE: &str = "timezone";
    pub const USE_SSL: &str = "useSSL";
    pub const DISABLE_SSL_CERT_VALIDATION: &str = "disableSSLCertValidation";
    pub const SSL_CA_FILE: &str = "sslCaFile";
    pub const ENABLE_COMPRESSION: &str = "enableCompression";
    pub const ENABLE_AUTO_RECONNECT: &str = "enableAutoReconnect";
    pub const RECONNECT_INTERVAL_MS: &str = "reconnectIntervalMs";
    pub const RECONNECT_RETRY_COUNT: &str = "reconnectRetryCount";
    pub const MESSAGE_WAIT_TIMEOUT: &str = "messageWaitTimeout";
    pub const HTTP_CONNECT_TIMEOUT: &str = "httpConnectTimeout";
    /// The URL itself: given to [`super::ConnectionConfig::from_url`] apart, or as a CDC property.
    pub const URL: &str = "url";

    /// Every key above: the registry must list exactly these (and the CDC keys) as parsed by Rust.
    pub const ALL: &[&str] = &[
        USER,
        PASSWORD,
        DBNAME,
        TIME_ZONE,
        USE_SSL,
        DISABLE_SSL_CERT_VALIDATION,
        SSL_CA_FILE,
        ENABLE_COMPRESSION,
        ENABLE_AUTO_RECONNECT,
        RECONNECT_INTERVAL_MS,
        RECONNECT_RETRY_COUNT,
        MESSAGE_WAIT_TIMEOUT,
        HTTP_CONNECT_TIMEOUT,
        URL,
    ];
}

/// Everything needed to open and keep a connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionConfig {
    pub host: String,
    pub port: u16,
    pub database: Option<String>,
    pub user: String,
    pub password: Secret,
    /// IANA zone the session reads time literals in; `None` keeps the server's.
    pub timezone: Option<String>,
    pub use_ssl: bool,
    pub disable_ssl_cert_validation: bool,
    /// PEM file of CAs trusted besides the system's (`sslCaFile`).
    pub ssl_ca_file: Option<PathBuf>,
    pub compression: bool,
    pub auto_reconnect: bool,
    pub reconnect_interval: Duration,
    pub reconnect_retry_count: u32,
    pub connect_timeout: Duration,
    pub message_timeout: Duration,
}

impl ConnectionConfig {
    /// Parses `url` and overlays it on `properties` (URL parameters win). Keys this client does
    /// not use (`batchfetch`, `wsKeepAlive`, connector keys...) are ignored: users pass whole
    /// driver property sets through.
    pub fn from_url(url: &str, properties: &BTreeMap<String, String>) -> Result<ConnectionConfig> {
        let rest = strip_prefix_ignore_case(url.trim(), URL_PREFIX)
            .ok_or_else(|| bad_param(format!("unsupported URL '{}': expected {URL_PREFIX}host:port/db?...", redact(url))))?;
        let (address_and_db, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (address, db) = address_and_db.split_once('/').unwrap_or((address_and_db, ""));
        // `user:password@host` is not TDengine's form; say so rather than "user is required",
        // and never echo it: it holds a password.
        if address.contains('@') {
            return Err(bad_param("the URL names credentials before its host (user:password@host): give them as the user and password parameters or properties"));
        }
        let (host, port) = parse_address(address)?;

        let mut settings = properties.clone();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let key = percent_decode(k, "a URL parameter's name")?;
            let value = percent_decode(v, &format!("the value of URL parameter {key}"))?;
            settings.insert(key, value);
        }
        if !db.is_empty() {
            settings.insert(keys::DBNAME.to_owned(), percent_decode(db, "the URL's database")?);
        }
        Self::from_settings(host, port, &settings)
    }

    fn from_settings(host: String, port: u16, s: &BTreeMap<String, String>) -> Result<ConnectionConfig> {
        let user =
            setting(s, keys::USER).map(str::to_owned).ok_or_else(|| Error::config(codes::DRIVER_USER_IS_REQUIRED, "user is required"))?;
        let password = setting(s, keys::PASSWORD)
            .map(Secret::new)
            .ok_or_else(|| Error::config(codes::DRIVER_PASSWORD_IS_REQUIRED, "password is required"))?;
        Ok(ConnectionConfig {
            host,
            port,
            database: setting(s, keys::DBNAME).map(str::to_owned),
            user,
            password,
            timezone: setting(s, keys::TIME_ZONE).map(str::to_owned),
            use_ssl: flag(s, keys::USE_SSL)?,
            disable_ssl_cert_validation: flag(s, keys::DISABLE_SSL_CERT_VALIDATION)?,
            ssl_ca_file: setting(s, keys::SSL_CA_FILE).map(|f| PathBuf::from(f.trim())),
            compression: flag(s, keys::ENABLE_COMPRESSION)?,
            auto_reconnect: flag(s, keys::ENABLE_AUTO_RECONNECT)?,
            reconnect_interval: Duration::from_millis(number(s, keys::RECONNECT_INTERVAL_MS)?),
            reconnect_retry_count: number(s, keys::RECONNECT_RETRY_COUNT)?,
            connect_timeout: Duration::from_millis(number(s, keys::HTTP_CONNECT_TIMEOUT)?),
            message_timeout: Duration::from_millis(number(s, keys::MESSAGE_WAIT_TIMEOUT)?),
        })
    }

    /// The zone sent to the server for the session: IANA names only, as the JDBC driver does,
    /// because taosAdapter loads it by name. POSIX-style `UTC-8` or offsets are still honoured
    /// for the values shown in Flink (Java side) but not sent.
    pub fn session_timezone(&self) -> Option<&str> {
        self.timezone.as_deref().filter(|z| z.contains('/') || z.eq_ignore_ascii_case("UTC"))
    }

    /// The WebSocket URL of an endpoint such as `/ws` or `/rest/tmq`.
    pub fn ws_url(&self, path: &str) -> String {
        let scheme = if self.use_ssl { "wss" } else { "ws" };
        format!("{scheme}://{}:{}{path}", self.host, self.port)
    }
}

pub(crate) fn bad_param(message: impl Into<String>) -> Error {
    Error::config(codes::CONNECTOR_BAD_CONNECTION_PARAMETER, message)
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

/// Hides the password when a URL is echoed in an error: a `password` parameter, and anything
/// before an `@` in the authority.
fn redact(url: &str) -> String {
    let url = match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}***{}", &url[..scheme + 3], &url[at..]),
        _ => url.to_owned(),
    };
    match url.find("password=") {
        Some(i) => {
            let end = url[i..].find('&').map(|e| i + e).unwrap_or(url.len());
            format!("{}password=***{}", &url[..i], &url[end..])
        }
        None => url,
    }
}

fn parse_address(address: &str) -> Result<(String, u16)> {
    if address.is_empty() {
        return Ok(("localhost".to_owned(), DEFAULT_PORT));
    }
    // Bracketed IPv6 literal: [::1]:6041
    let (host, port) = if let Some(rest) = address.strip_prefix('[') {
        let (h, after) = rest.split_once(']').ok_or_else(|| bad_param(format!("bad host '{address}'")))?;
        (format!("[{h}]"), after.strip_prefix(':'))
    } else {
        match address.rsplit_once(':') {
            Some((h, p)) => (h.to_owned(), Some(p)),
            None => (address.to_owned(), None),
        }
    };
    if host.is_empty() {
        return Err(bad_param(format!("bad host in '{address}'")));
    }
    let port = match port {
        None => DEFAULT_PORT,
        Some(p) => p.parse::<u16>().ok().filter(|p| *p != 0).ok_or_else(|| bad_param(format!("bad port '{p}'")))?,
    };
    Ok((host, port))
}

/// A boolean setting, or its registry default.
pub(crate) fn flag(s: &BTreeMap<String, String>, key: &str) -> Result<bool> {
    match setting(s, key).map(str::trim) {
        None => Ok(false),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
        Some(v) => Err(bad_param(format!("{key} must be true or false, got '{v}'"))),
    }
}

/// A numeric setting, or its registry default; `None` when neither is there.
pub(crate) fn optional_number<T: std::str::FromStr>(s: &BTreeMap<String, String>, key: &str) -> Result<Option<T>> {
    match setting(s, key).map(str::trim) {
        None => Ok(None),
        Some(v) => v.parse::<T>().map(Some).map_err(|_| bad_param(format!("{key} must be a non-negative integer in range, got '{v}'"))),
    }
}

/// A numeric setting whose key has a registry default (so it is never missing).
pub(crate) fn number<T: std::str::FromStr>(s: &BTreeMap<String, String>, key: &str) -> Result<T> {
    optional_number(s, key)?.ok_or_else(|| bad_param(format!("{key} is required")))
}

/// Decodes `%XX` escapes. `what` names the text in errors, which never show it: it may be a password.
fn percent_decode(s: &str, what: &str) -> Result<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok());
                out.push(hex.ok_or_else(|| bad_param(format!("bad percent-escape in {what}: % must be followed by two hex digits")))?);
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| bad_param(format!("{what} does not decode to UTF-8")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn full_url() {
        let c = ConnectionConfig::from_url(
            "jdbc:TAOS-WS://db.example:6042/power?user=root&password=p%40ss&timezone=Asia/Shanghai&httpConnectTimeout=500&messageWaitTimeout=700&useSSL=true",
            &BTreeMap::new(),
        )
        .unwrap();
        assert_eq!((c.host.as_str(), c.port), ("db.example", 6042));
        assert_eq!(c.database.as_deref(), Some("power"));
        assert_eq!(c.password.expose(), "p@ss");
        assert!(!format!("{c:?}").contains("p@ss"), "Debug hides the password");
        assert_eq!(c.timezone.as_deref(), Some("Asia/Shanghai"));
        assert_eq!(c.session_timezone(), Some("Asia/Shanghai"));
        assert_eq!(c.connect_timeout, Duration::from_millis(500));
        assert_eq!(c.message_timeout, Duration::from_millis(700));
        assert_eq!(c.ws_url("/ws"), "wss://db.example:6042/ws");
    }

    #[test]
    fn url_parameters_win_over_properties() {
        let p = props(&[("user", "alice"), ("password", "x"), ("enableCompression", "true")]);
        let c = ConnectionConfig::from_url("jdbc:TAOS-WS://h?user=bob", &p).unwrap();
        assert_eq!(c.user, "bob");
        assert!(c.compression);
        assert_eq!(c.port, DEFAULT_PORT);
        assert_eq!(c.reconnect_retry_count, 3);
        assert_eq!(c.session_timezone(), None);
    }

    #[test]
    fn posix_zones_are_not_sent_to_the_server() {
        let c = ConnectionConfig::from_url("jdbc:TAOS-WS://h?user=u&password=p&timezone=UTC-8", &BTreeMap::new()).unwrap();
        assert_eq!(c.session_timezone(), None);
    }

    #[test]
    fn missing_credentials_use_the_driver_codes() {
        let e = ConnectionConfig::from_url("jdbc:TAOS-WS://h:6041", &BTreeMap::new()).unwrap_err();
        assert_eq!(e.code(), codes::DRIVER_USER_IS_REQUIRED);
        let e = ConnectionConfig::from_url("jdbc:TAOS-WS://h:6041?user=root", &BTreeMap::new()).unwrap_err();
        assert_eq!(e.code(), codes::DRIVER_PASSWORD_IS_REQUIRED);
    }

    #[test]
    fn malformed_input_is_0xa000_and_hides_the_password() {
        for url in [
            "jdbc:TAOS-RS://h:6041?user=root&password=secret",
            "jdbc:TAOS-RS://root:secret@h:6041",
            "jdbc:TAOS-WS://h:notaport?user=root&password=secret",
            "jdbc:TAOS-WS://h:6041?user=root&password=secret&useSSL=maybe",
            "jdbc:TAOS-WS://h:6041?user=root&password=secret%zz",
            "jdbc:TAOS-WS://h:6041?user=root&password=secret%ff",
        ] {
            let e = ConnectionConfig::from_url(url, &BTreeMap::new()).unwrap_err();
            assert_eq!(e.code(), codes::CONNECTOR_BAD_CONNECTION_PARAMETER, "{url}");
            assert!(!e.to_string().contains("secret"), "{e}");
        }
    }

    #[test]
    fn defaults_follow_the_driver() {
        let c = ConnectionConfig::from_url("jdbc:TAOS-WS://h?user=u&password=p", &BTreeMap::new()).unwrap();
        assert_eq!(c.message_timeout, Duration::from_millis(60_000));
        assert_eq!(c.connect_timeout, Duration::from_millis(60_000));
        assert!(!c.compression && !c.auto_reconnect && !c.use_ssl && !c.disable_ssl_cert_validation);
        assert_eq!((c.reconnect_interval, c.reconnect_retry_count), (Duration::from_millis(2000), 3));
        assert_eq!((c.timezone.as_deref(), c.database.as_deref()), (None, None));
        assert_eq!(c.ws_url("/ws"), "ws://h:6041/ws");
    }

    #[test]
    fn every_key_from_properties_and_unknown_keys_ignored() {
        let p = props(&[
            ("user", "u"),
            ("password", "p"),
            ("dbname", "power"),
            ("timezone", "UTC"),
            ("useSSL", "TRUE"),
            ("disableSSLCertValidation", "true"),
            ("enableCompression", "true"),
            ("enableAutoReconnect", "true"),
            ("reconnectIntervalMs", "150"),
            ("reconnectRetryCount", "7"),
            ("messageWaitTimeout", "1000"),
            ("httpConnectTimeout", "2000"),
            // Driver and connector keys this client has no use for pass through untouched.
            ("batchfetch", "true"),
            ("wsKeepAlive", "not-a-number"),
            ("value.deserializer", "RowData"),
            ("td.batch.mode", "maybe"),
        ]);
        let c = ConnectionConfig::from_url("jdbc:TAOS-WS://h:1", &p).unwrap();
        assert_eq!((c.database.as_deref(), c.timezone.as_deref()), (Some("power"), Some("UTC")));
        assert!(c.use_ssl && c.disable_ssl_cert_validation && c.compression && c.auto_reconnect);
        assert_eq!((c.reconnect_interval, c.reconnect_retry_count), (Duration::from_millis(150), 7));
        assert_eq!((c.message_timeout, c.connect_timeout), (Duration::from_millis(1000), Duration::from_millis(2000)));
    }

    #[test]
    fn a_bad_value_of_a_known_key_is_0xa000_naming_the_key() {
        for (key, value) in [
            (keys::ENABLE_AUTO_RECONNECT, "yes"),
            (keys::RECONNECT_INTERVAL_MS, "-5"),
            (keys::RECONNECT_RETRY_COUNT, "99999999999"),
            (keys::MESSAGE_WAIT_TIMEOUT, "1s"),
            (keys::HTTP_CONNECT_TIMEOUT, "x"),
            (keys::DISABLE_SSL_CERT_VALIDATION, "1"),
        ] {
            let p = props(&[("user", "u"), ("password", "p"), (key, value)]);
            let e = ConnectionConfig::from_url("jdbc:TAOS-WS://h", &p).unwrap_err();
            assert_eq!(e.code(), codes::CONNECTOR_BAD_CONNECTION_PARAMETER, "{key}");
            assert!(e.message().contains(key) && e.message().contains(value), "{e}");
        }
    }

    #[test]
    fn credentials_before_the_host_are_refused_without_echoing_them() {
        let e = ConnectionConfig::from_url("jdbc:TAOS-WS://root:s3cret@h:6041/db", &BTreeMap::new()).unwrap_err();
        assert_eq!(e.code(), codes::CONNECTOR_BAD_CONNECTION_PARAMETER);
        assert!(e.message().contains("user:password@host") && !e.message().contains("s3cret"), "{e}");
    }

    #[test]
    fn ipv6_host() {
        let c = ConnectionConfig::from_url("jdbc:TAOS-WS://[::1]:7000?user=u&password=p", &BTreeMap::new()).unwrap();
        assert_eq!(c.ws_url("/rest/tmq"), "ws://[::1]:7000/rest/tmq");
    }
}
