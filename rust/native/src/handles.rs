//! Native handles: Rust state owned by a Java object and named by a `long`.
//!
//! A handle is an id into a registry rather than a raw pointer. The cost is one mutex lookup
//! per call (calls are per batch, never per row); the gain is that a stale, doubled or
//! forged handle can only produce error 0x2322 "resource has been freed", never a crash of
//! the TaskManager. State is kept in an `Arc`, so a call in flight on one thread (a blocking
//! poll) keeps its state alive while another thread releases the handle; the state is
//! dropped when the last of them finishes.

use crate::boundary::{NativeError, NativeResult};
use std::any::Any;
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use tdflink_protocol::codes;

type Entry = Arc<dyn Any + Send + Sync>;

// One registry per loaded copy of the library (each Flink job's classloader gets its own copy).
static REGISTRY: Mutex<Option<HashMap<i64, Entry>>> = Mutex::new(None);
static NEXT_ID: AtomicI64 = AtomicI64::new(1);

/// Registers `state` and returns its handle (never 0, so 0 can mean "no handle" in Java).
pub fn register<T: Send + Sync + 'static>(state: T) -> i64 {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let mut registry = REGISTRY.lock().unwrap_or_else(|p| p.into_inner());
    registry.get_or_insert_with(HashMap::new).insert(id, Arc::new(state));
    id
}

/// The state behind `handle`, if it is live and of type `T`.
pub fn get<T: Send + Sync + 'static>(handle: i64) -> NativeResult<Arc<T>> {
    let registry = REGISTRY.lock().unwrap_or_else(|p| p.into_inner());
    let entry = registry.as_ref().and_then(|r| r.get(&handle)).cloned();
    let entry = entry.ok_or_else(|| NativeError::new(codes::DRIVER_RESOURCE_FREED, format!("native handle {handle} has been released")))?;
    entry
        .downcast::<T>()
        .map_err(|_| NativeError::invalid_argument(format!("native handle {handle} is not a {}", std::any::type_name::<T>())))
}

/// Releases `handle`. Releasing an unknown or already released handle does nothing.
/// Returns whether something was released.
pub fn release(handle: i64) -> bool {
    let removed = {
        let mut registry = REGISTRY.lock().unwrap_or_else(|p| p.into_inner());
        registry.as_mut().and_then(|r| r.remove(&handle))
    };
    // Dropped outside the lock: a state's Drop may block (closing a connection).
    removed.is_some()
}

/// The body of every handle type's release export: releasing twice, or a handle that was
/// never issued, does nothing.
pub fn release_export(env: jni::EnvUnowned<'_>, handle: i64) {
    crate::boundary::call(env, |_| {
        release(handle);
        Ok(())
    })
}

/// Number of live handles (for leak checks in tests and diagnostics).
pub fn live_count() -> usize {
    let registry = REGISTRY.lock().unwrap_or_else(|p| p.into_inner());
    registry.as_ref().map_or(0, HashMap::len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifecycle() {
        let h = register(String::from("state"));
        assert_ne!(h, 0);
        assert_eq!(get::<String>(h).unwrap().as_str(), "state");
        assert_eq!(get::<u32>(h).unwrap_err().code, codes::DRIVER_INVALID_VARIABLE);
        assert!(release(h));
        assert!(!release(h), "second release is a no-op");
        assert_eq!(get::<String>(h).unwrap_err().code, codes::DRIVER_RESOURCE_FREED);
    }

    #[test]
    fn in_flight_state_outlives_release() {
        let h = register(vec![1, 2, 3]);
        let in_flight = get::<Vec<i32>>(h).unwrap();
        release(h);
        assert_eq!(*in_flight, vec![1, 2, 3]);
    }
}
