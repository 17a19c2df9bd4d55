//! The tdflink TDengine client: connection settings, the error type, the WebSocket
//! connection to taosAdapter (or tdlite), and queries read block by block.
//!
//! Layers, bottom up: [`transport`] opens the socket (TLS and compression included),
//! [`connection`] owns it and routes replies to requests, [`reconnect`] keeps a session's
//! connection and replaces it once lost, [`client`] speaks the query protocol and [`tmq`] the subscription protocol. This crate
//! knows nothing about JNI; `tdflink-native` wraps it for Java.

mod bind;
#[cfg(test)]
mod bind_props;
pub mod client;
pub mod config;
pub mod connection;
pub mod error;
pub mod identifier;
pub mod options;
pub mod params;
pub mod reconnect;
mod reply;
pub mod stmt2;
mod tls;
pub mod tmq;
pub mod transport;
pub mod writer;

/// Lets property tests measure the largest allocation a decoder makes (docs/fuzzing.md).
#[cfg(test)]
#[global_allocator]
static ALLOC: tdflink_fuzz_support::alloc::PeakAlloc = tdflink_fuzz_support::alloc::PeakAlloc;

pub use client::{Client, Field, Outcome, ResultDescription, ResultHandle};
pub use config::ConnectionConfig;
pub use error::{Error, Result};
pub use params::Params;
