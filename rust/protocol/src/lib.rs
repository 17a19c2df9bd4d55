//! Wire formats shared by the tdflink client, the JNI layer and the tdlite server, and the
//! typed column batch the client binds ([`columns`]).
//!
//! Everything here is a pure codec over byte slices: no sockets, no runtime. Keeping
//! client and server on the same definitions means they cannot drift apart.

pub mod bytes_io;
pub mod codes;
pub mod columns;
pub mod decimal;
pub mod frames;
pub mod messages;
pub mod raw_block;
pub mod secret;
pub mod stmt2;
pub mod tmq_raw;
pub mod types;
