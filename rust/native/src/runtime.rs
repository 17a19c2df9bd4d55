//! The tokio runtime of this copy of the library: created on first use, shut down by
//! `NativeRuntime.shutdown()` when Flink releases the job's classloader, so worker threads
//! never pile up across jobs in one TaskManager.

use crate::boundary::{NativeError, NativeResult};
use std::sync::Mutex;
use std::time::Duration;
use tdflink_protocol::codes;
use tokio::runtime::{Builder, Handle, Runtime};

/// Name prefix of every runtime thread (tests count them).
pub const THREAD_NAME: &str = "tdflink-rt";

// The runtime is the one process-wide object we keep: one per loaded library copy.
static RUNTIME: Mutex<Option<Runtime>> = Mutex::new(None);
static WORKERS: Mutex<usize> = Mutex::new(2);

/// Sets the worker count used when the runtime is next created.
pub fn configure(worker_threads: usize) {
    *WORKERS.lock().unwrap_or_else(|p| p.into_inner()) = worker_threads.max(1);
}

/// A handle to the runtime, creating it if needed.
pub fn handle() -> NativeResult<Handle> {
    let mut slot = RUNTIME.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(rt) = slot.as_ref() {
        return Ok(rt.handle().clone());
    }
    let workers = *WORKERS.lock().unwrap_or_else(|p| p.into_inner());
    let rt = Builder::new_multi_thread()
        .worker_threads(workers)
        .thread_name(THREAD_NAME)
        .enable_all()
        .build()
        .map_err(|e| NativeError::new(codes::DRIVER_UNKNOWN, format!("cannot start the native runtime: {e}")))?;
    let handle = rt.handle().clone();
    *slot = Some(rt);
    Ok(handle)
}

/// Stops the runtime and joins its threads (bounded wait). Safe to call repeatedly; a later
/// `handle()` starts a fresh runtime.
pub fn shutdown() {
    let rt = RUNTIME.lock().unwrap_or_else(|p| p.into_inner()).take();
    if let Some(rt) = rt {
        rt.shutdown_timeout(Duration::from_secs(5));
    }
}
