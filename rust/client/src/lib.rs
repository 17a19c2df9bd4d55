//! The tdflink TDengine client: connection settings, the error type, and (as the features
//! land) the WebSocket connection, queries, stmt2 writes and TMQ consumption.
//!
//! This crate knows nothing about JNI; `tdflink-native` wraps it for Java.

pub mod config;
pub mod error;

pub use config::ConnectionConfig;
pub use error::{Error, Result};
