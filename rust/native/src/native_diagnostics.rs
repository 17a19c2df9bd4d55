//! Exports of `io.tdflink.jni.NativeDiagnostics`: self-checks of the boundary conventions,
//! used by the test suite and available to operators for support ("does the native library
//! work in this TaskManager?"). They exercise the same code paths every feature uses.

use crate::boundary::{call, direct_bytes, NativeError};
use crate::{handles, log_bridge, runtime};
use jni::objects::{JByteBuffer, JClass, JString};
use jni::sys::{jint, jlong};
use jni::EnvUnowned;
use tdflink_layout::batch;

/// Fails with a coded error, as any failing native call does.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeDiagnostics_raiseError0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    code: jint,
    message: JString<'local>,
) {
    call(env, |env| Err(NativeError::new(code, message.try_to_string(env)?)))
}

/// Panics inside Rust; the boundary must turn this into a Java exception, not an abort.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeDiagnostics_panic0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    message: JString<'local>,
) {
    call(env, |env| -> Result<(), NativeError> {
        let message = message.try_to_string(env)?;
        panic!("{message}")
    })
}

/// Emits one `log` record from Rust with the given level (1 ERROR .. 5 TRACE) and target.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeDiagnostics_log0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    level: jint,
    target: JString<'local>,
    message: JString<'local>,
) {
    call(env, |env| {
        if let Some(level) = log_bridge::level_from_java(level).to_level() {
            let target = target.try_to_string(env)?;
            let message = message.try_to_string(env)?;
            log::log!(target: &target, level, "{message}");
        }
        Ok(())
    })
}

/// Decodes the batch in `input[..length]` in Rust and encodes it again into `output`.
/// Returns the bytes written, or `-needed` if `output` is too small. Proves that the Java and
/// Rust implementations of the batch layout agree.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeDiagnostics_roundTripBatch0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    input: JByteBuffer<'local>,
    length: jint,
    output: JByteBuffer<'local>,
) -> jint {
    call(env, |env| {
        // SAFETY: both buffers belong to the calling thread for the duration of the call.
        let input = unsafe { direct_bytes(env, &input, length.max(0) as usize)? };
        let encoded = batch::encode(&batch::decode(input)?);
        let capacity = crate::boundary::direct_capacity(env, &output)?;
        if encoded.len() > capacity {
            return Ok(-(encoded.len() as jint));
        }
        let out = unsafe { direct_bytes(env, &output, encoded.len())? };
        out.copy_from_slice(&encoded);
        Ok(encoded.len() as jint)
    })
}

/// Runs a task on the native runtime and returns the name of the thread that ran it.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeDiagnostics_runtimeThreadName0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
) -> JString<'local> {
    call(env, |env| {
        let task = runtime::handle()?.spawn(async { std::thread::current().name().unwrap_or("").to_owned() });
        let name =
            runtime::handle()?.block_on(task).map_err(|e| NativeError::new(tdflink_protocol::codes::DRIVER_UNKNOWN, e.to_string()))?;
        Ok(env.new_string(name)?)
    })
}

/// A probe handle holding a label: the smallest native handle, for lifecycle checks.
struct Probe {
    label: String,
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeDiagnostics_openProbe0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    label: JString<'local>,
) -> jlong {
    call(env, |env| Ok(handles::register(Probe { label: label.try_to_string(env)? })))
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeDiagnostics_probeLabel0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    handle: jlong,
) -> JString<'local> {
    call(env, |env| {
        let probe = handles::get::<Probe>(handle)?;
        Ok(env.new_string(&probe.label)?)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeDiagnostics_releaseProbe0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    handle: jlong,
) {
    handles::release_export(env, handle)
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeDiagnostics_liveHandles0<'local>(env: EnvUnowned<'local>, _class: JClass<'local>) -> jint {
    call(env, |_| Ok(handles::live_count() as jint))
}

/// An address inside this copy of the library's statics: two classloaders that each loaded
/// their own copy see different values.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeDiagnostics_instanceId0<'local>(env: EnvUnowned<'local>, _class: JClass<'local>) -> jlong {
    static MARKER: u8 = 0;
    call(env, |_| Ok(&MARKER as *const u8 as jlong))
}
