//! JNI glue for tdflink. Conventions (docs/jni-conventions.md):
//!
//! * every export runs through [`boundary::call`], so a Rust error or panic reaches Java as
//!   `io.tdflink.common.TDengineException` carrying an error code, never as an abort;
//! * native state lives behind handles ([`handles`]), released exactly once;
//! * rows cross in one buffer per call, in the layouts of `tdflink_layout`;
//! * `log` records are queued and pulled by Java in batches ([`log_bridge`]).
//!
//! Each `native_*` module holds the exports of the Java class with the same name.

pub mod alloc;
pub mod boundary;
pub mod handles;
pub mod log_bridge;
pub mod runtime;

mod connect;
mod native_consumer;
mod native_diagnostics;
mod native_log;
mod native_query;
mod native_runtime;
mod native_splits;
mod native_statement;
mod native_writer;
mod read_ahead;
mod splits;
