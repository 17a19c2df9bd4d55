//! tdlite: a TDengine-compatible server that tdflink's tests and demos run against.
//!
//! [`sql`] parses the TDengine dialect connectors send, [`engine`] executes it over an
//! embedded store, and [`server`] speaks taosAdapter's WebSocket protocol. [`meters`] defines the
//! benchmark data set (`tdlite-bench`, `--generated-meters`). Design: docs/tdlite.md.

pub mod engine;
pub mod meters;
pub mod server;
pub mod sql;
