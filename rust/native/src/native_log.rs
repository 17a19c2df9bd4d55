//! Exports of `io.tdflink.jni.NativeLog`: the Java side pulls queued log records.

use crate::boundary::{call, direct_bytes, direct_capacity};
use crate::log_bridge;
use jni::objects::{JByteBuffer, JClass};
use jni::sys::jint;
use jni::EnvUnowned;
use std::time::Duration;

/// Blocks up to `timeout_ms` for records and writes them into `out` (format in
/// `log_bridge`). Returns bytes written, 0 on timeout, -1 once the library was shut down.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeLog_drain0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    out: JByteBuffer<'local>,
    timeout_ms: jint,
) -> jint {
    call(env, |env| {
        let capacity = direct_capacity(env, &out)?;
        // SAFETY: `out` belongs to the single log-forwarding thread that is blocked in this call.
        let out = unsafe { direct_bytes(env, &out, capacity)? };
        Ok(log_bridge::drain(out, Duration::from_millis(timeout_ms.max(0) as u64)))
    })
}
