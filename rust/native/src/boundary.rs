//! The single way into Rust from Java: [`call`] runs an export body, catches panics and turns
//! every failure into a pending `io.tdflink.common.TDengineException(int code, String message)`.

use futures_util::FutureExt;
use jni::errors::ErrorPolicy;
use jni::objects::{JThrowable, JValue};
use jni::{jni_sig, jni_str, Env, EnvUnowned};
use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use tdflink_protocol::codes;

/// An error on its way to Java: a TDengine-style code plus a message.
#[derive(Clone, Debug)]
pub struct NativeError {
    pub code: i32,
    pub message: String,
}

impl NativeError {
    pub fn new(code: i32, message: impl Into<String>) -> NativeError {
        NativeError { code, message: message.into() }
    }

    /// A bad argument coming from Java (the caller broke the contract of the native method).
    pub fn invalid_argument(message: impl Into<String>) -> NativeError {
        NativeError::new(codes::DRIVER_INVALID_VARIABLE, message)
    }
}

pub type NativeResult<T> = Result<T, NativeError>;

impl From<jni::errors::Error> for NativeError {
    fn from(e: jni::errors::Error) -> NativeError {
        NativeError::new(codes::DRIVER_UNKNOWN, format!("JNI call failed: {e}"))
    }
}

impl From<tdflink_layout::LayoutError> for NativeError {
    fn from(e: tdflink_layout::LayoutError) -> NativeError {
        NativeError::new(e.code, e.message)
    }
}

impl From<tdflink_client::Error> for NativeError {
    fn from(e: tdflink_client::Error) -> NativeError {
        // Java formats the code itself, so the message goes without the `[0x....]` prefix.
        let message = match std::error::Error::source(&e) {
            Some(cause) => format!("{}: {cause}", e.message()),
            None => e.message().to_owned(),
        };
        NativeError::new(e.code(), message)
    }
}

/// Runs `body` for an export and resolves its outcome: `Ok` is returned as is; an error or a
/// panic leaves a `TDengineException` pending and returns `T::default()`, which Java never
/// sees because the exception is thrown on return.
pub fn call<'local, T, F>(mut env: EnvUnowned<'local>, body: F) -> T
where
    T: Default,
    F: FnOnce(&mut Env<'local>) -> NativeResult<T>,
{
    env.with_env(body).resolve::<ThrowTDengineException>()
}

/// Error policy: errors keep their code, panics become 0x2350 with the panic message.
pub struct ThrowTDengineException;

impl<T: Default> ErrorPolicy<T, NativeError> for ThrowTDengineException {
    type Captures<'unowned_env_local: 'native_method, 'native_method> = ();

    fn on_error<'unowned_env_local: 'native_method, 'native_method>(
        env: &mut Env<'unowned_env_local>,
        _cap: &mut (),
        err: NativeError,
    ) -> jni::errors::Result<T> {
        throw(env, err.code, &err.message)?;
        Ok(T::default())
    }

    fn on_panic<'unowned_env_local: 'native_method, 'native_method>(
        env: &mut Env<'unowned_env_local>,
        _cap: &mut (),
        payload: Box<dyn Any + Send + 'static>,
    ) -> jni::errors::Result<T> {
        let message = panic_message(payload.as_ref());
        log::error!(target: "tdflink_native::boundary", "native panic: {message}");
        throw(env, codes::DRIVER_UNKNOWN, &format!("native panic: {message}"))?;
        Ok(T::default())
    }
}

/// Runs the future of a spawned task (a writer's, a read-ahead's): a panic in it becomes
/// 0x2350 with its message, as one at the boundary does, instead of a silently dropped task
/// whose callers only learn that it "stopped".
pub async fn guarded<T>(task: impl Future<Output = NativeResult<T>>) -> NativeResult<T> {
    match AssertUnwindSafe(task).catch_unwind().await {
        Ok(result) => result,
        Err(payload) => {
            let message = panic_message(payload.as_ref());
            log::error!(target: "tdflink_native::boundary", "native panic in a task: {message}");
            Err(NativeError::new(codes::DRIVER_UNKNOWN, format!("native panic: {message}")))
        }
    }
}

/// The text of a panic payload (`panic!` produces `&str` or `String`).
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "non-string panic payload".to_owned()
    }
}

fn throw(env: &mut Env<'_>, code: i32, message: &str) -> jni::errors::Result<()> {
    // A Java exception raised inside a JNI call we made is more precise than ours: keep it.
    if env.exception_check() {
        return Ok(());
    }
    let text = env.new_string(message)?;
    let exception = env.new_object(
        jni_str!("io/tdflink/common/TDengineException"),
        jni_sig!("(ILjava/lang/String;)V"),
        &[JValue::Int(code), JValue::Object(&text)],
    )?;
    let exception: JThrowable = env.cast_local::<JThrowable>(exception)?;
    match env.throw(&exception) {
        // `throw` reports the now-pending exception as an error; that is the success case.
        Ok(()) | Err(jni::errors::Error::JavaException) => Ok(()),
        Err(e) => Err(e),
    }
}

/// The bytes of a direct `ByteBuffer` owned by Java, valid for the duration of the call.
///
/// # Safety
/// Java must not touch the buffer while the native call runs (the callers guarantee it: each
/// buffer belongs to one object used by one thread) and `len` must lie within its capacity,
/// which is checked here.
pub unsafe fn direct_bytes<'a>(env: &Env<'_>, buffer: &jni::objects::JByteBuffer<'_>, len: usize) -> NativeResult<&'a mut [u8]> {
    let address = env.get_direct_buffer_address(buffer)?;
    let capacity = env.get_direct_buffer_capacity(buffer)?;
    if address.is_null() {
        return Err(NativeError::invalid_argument("buffer is not a direct ByteBuffer"));
    }
    if len > capacity {
        return Err(NativeError::invalid_argument(format!("length {len} exceeds buffer capacity {capacity}")));
    }
    Ok(std::slice::from_raw_parts_mut(address, len))
}

/// Capacity of a direct `ByteBuffer`.
pub fn direct_capacity(env: &Env<'_>, buffer: &jni::objects::JByteBuffer<'_>) -> NativeResult<usize> {
    Ok(env.get_direct_buffer_capacity(buffer)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_task_arrives_as_0x2350_with_its_message() {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let failed = runtime.block_on(guarded(async {
            panic!("bind column 3 out of range");
            #[allow(unreachable_code)]
            Ok::<u64, NativeError>(0)
        }));
        let error = failed.unwrap_err();
        assert_eq!(error.code, codes::DRIVER_UNKNOWN);
        assert!(error.message.contains("native panic: bind column 3 out of range"), "{}", error.message);
        assert_eq!(runtime.block_on(guarded(async { Ok::<u64, NativeError>(7) })).unwrap(), 7);
    }
}
