//! TMQ (data subscription) over `/rest/tmq` (docs/protocol.md §10): a [`Consumer`] built
//! from the official CDC property keys ([`ConsumerConfig`]), whose messages arrive with their
//! rows already in the batch layout ([`Message`]), and the offsets it reads and writes.

mod config;
mod consumer;
mod message;
#[cfg(test)]
mod message_props;
mod offsets;

pub use config::{keys, ConsumerConfig};
pub use consumer::Consumer;
pub use message::{Block, Message};
pub use offsets::{TopicVgroupOffset, VgroupAssignment};
