//! The tokio runtime of the library: created on first use, shut down when the last
//! classloader using the library is released. Every classloader that loads the connector
//! (one per job when jobs bring the jar) shares this one copy of the library
//! (`io.tdflink.jni.NativeLibrary`); each attaches when it initialises the library and
//! detaches when Flink releases it (`NativeRuntime.shutdown()`), so worker threads neither pile
//! up across jobs in one TaskManager nor outlive the last job that used them.

use crate::boundary::{NativeError, NativeResult};
use std::sync::Mutex;
use std::time::Duration;
use tdflink_protocol::codes;
use tokio::runtime::{Builder, Handle, Runtime};

/// Name prefix of every runtime thread (tests count them).
pub const THREAD_NAME: &str = "tdflink-rt";

// The runtime is the one process-wide object we keep: one per loaded library copy.
static RUNTIME: Mutex<Option<Runtime>> = Mutex::new(None);
/// The runtime's worker count (`-Dtdflink.native.workers`), a setting of the JVM, not of a job.
static WORKERS: Mutex<usize> = Mutex::new(2);
/// Classloaders attached to this copy of the library.
static USERS: Mutex<usize> = Mutex::new(0);

/// A classloader starts using the library.
pub fn attach() {
    *USERS.lock().unwrap_or_else(|p| p.into_inner()) += 1;
}

/// A classloader stops using the library; true when it was the last one.
pub fn detach() -> bool {
    let mut users = USERS.lock().unwrap_or_else(|p| p.into_inner());
    *users = users.saturating_sub(1);
    *users == 0
}

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
