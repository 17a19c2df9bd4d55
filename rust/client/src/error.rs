//! The one error type of the client. Every error carries a TDengine-style numeric code so
//! the JNI layer can hand Java a `TDengineException` with the same code users already know.

use std::fmt;
use tdflink_protocol::codes;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, in the terms callers branch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Bad settings or arguments, detected before anything was sent.
    Config,
    /// The server answered with an error code.
    Server,
    /// The server did not answer in time.
    Timeout,
    /// The connection failed or was closed.
    Connection,
    /// Bytes from the server did not follow the protocol.
    Protocol,
    /// A bug on our side (for example a caught panic).
    Internal,
}

/// An error with a TDengine-style code and a human-readable message.
pub struct Error(Box<Inner>);

struct Inner {
    kind: Kind,
    code: i32,
    message: String,
    cause: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    fn new(kind: Kind, code: i32, message: impl Into<String>) -> Error {
        Error(Box::new(Inner { kind, code, message: message.into(), cause: None }))
    }

    /// A settings error with one of the connector or driver codes.
    pub fn config(code: i32, message: impl Into<String>) -> Error {
        Error::new(Kind::Config, code, message)
    }

    /// An error the server reported, code passed through unchanged.
    pub fn server(code: i32, message: impl Into<String>) -> Error {
        Error::new(Kind::Server, code, message)
    }

    pub fn timeout(code: i32, message: impl Into<String>) -> Error {
        Error::new(Kind::Timeout, code, message)
    }

    /// The connection is gone (0x2301); with auto-reconnect, requests safe to repeat retry.
    pub fn connection(message: impl Into<String>) -> Error {
        Error::new(Kind::Connection, codes::DRIVER_CONNECTION_CLOSED, message)
    }

    /// No connection could be opened (refused, TLS handshake or certificate, upgrade): 0x231d,
    /// the code the JDBC driver reports for every failed connect, not only for timeouts.
    pub fn connect_failed(message: impl Into<String>) -> Error {
        Error::new(Kind::Connection, codes::DRIVER_CONNECTION_TIMEOUT, message)
    }

    /// Server state used after its connection was lost: a result (0x2305) or a prepared
    /// statement (0x2304). Neither is resumed on a new connection.
    pub fn lost_with_connection(code: i32, message: impl Into<String>) -> Error {
        Error::new(Kind::Connection, code, message)
    }

    pub fn protocol(message: impl Into<String>) -> Error {
        Error::new(Kind::Protocol, codes::DRIVER_UNKNOWN, message)
    }

    pub fn internal(message: impl Into<String>) -> Error {
        Error::new(Kind::Internal, codes::DRIVER_UNKNOWN, message)
    }

    /// Attaches the underlying cause, shown after the message and returned by `source()`.
    pub fn with_cause(mut self, cause: impl std::error::Error + Send + Sync + 'static) -> Error {
        self.0.cause = Some(Box::new(cause));
        self
    }

    pub fn kind(&self) -> Kind {
        self.0.kind
    }

    /// Whether the request failed because its connection was lost (not refused or timed out).
    pub fn is_connection_lost(&self) -> bool {
        self.0.kind == Kind::Connection && self.0.code == codes::DRIVER_CONNECTION_CLOSED
    }

    /// The TDengine-style code: 0xa0xx connector, 0x23xx driver, anything else the server's.
    pub fn code(&self) -> i32 {
        self.0.code
    }

    pub fn message(&self) -> &str {
        &self.0.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[0x{:04x}] {}", self.0.code, self.0.message)?;
        if let Some(cause) = &self.0.cause {
            write!(f, ": {cause}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.0.kind)
            .field("code", &format_args!("0x{:04x}", self.0.code))
            .field("message", &self.0.message)
            .field("cause", &self.0.cause)
            .finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.cause.as_deref().map(|c| c as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_shows_code_message_and_cause() {
        let io = std::io::Error::other("boom");
        let e = Error::server(0x2603, "Table does not exist").with_cause(io);
        assert_eq!(e.to_string(), "[0x2603] Table does not exist: boom");
        assert_eq!(e.kind(), Kind::Server);
        assert!(std::error::Error::source(&e).is_some());
    }
}
