//! The JNI layouts, in one place: the batch layout rows cross the boundary in
//! (docs/native-batch-layout.md), the raw block → batch conversion of the read path, the TMQ
//! message envelope and the records of assignments and scan splits. The client deals in
//! typed data (raw blocks, [`tdflink_protocol::columns::Batch`], [`tdflink_client::tmq::Message`]);
//! this crate turns it into bytes for Java and back, and only `tdflink-native` uses it.

pub mod batch;
mod error;
pub mod raw;
pub mod splits;
pub mod tmq;

pub use error::LayoutError;
