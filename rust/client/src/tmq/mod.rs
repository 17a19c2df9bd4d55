//! TMQ (data subscription) over `/rest/tmq` (docs/protocol.md §10): a [`Consumer`] built
//! from the official CDC property keys ([`ConsumerConfig`]), whose messages hold their rows
//! as the server sent them ([`Message`]), and the offsets it reads and writes.

mod config;
mod consumer;
mod message;
mod offsets;

pub use config::{keys, ConsumerConfig};
pub use consumer::Consumer;
pub use message::Message;
pub use offsets::{TopicVgroupOffset, VgroupAssignment};
