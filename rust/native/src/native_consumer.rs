//! Exports of `io.tdflink.jni.NativeConsumer`: a TMQ consumer whose polling, raw-data
//! decoding, positions and reconnects live in Rust. Each `poll` is one native call that hands
//! Java one message (its blocks already in the batch layout) in one buffer.

use crate::boundary::{call, direct_bytes, direct_capacity, NativeError, NativeResult};
use crate::{handles, runtime};
use jni::objects::{JByteArray, JByteBuffer, JClass, JString};
use jni::sys::{jint, jlong};
use jni::EnvUnowned;
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;
use tdflink_client::tmq::{Consumer, ConsumerConfig};
use tdflink_layout::tmq::{encode_assignment, encode_message};
use tdflink_protocol::codes;
use tokio::sync::Notify;

/// Returned by `poll` when no message came in time.
const NO_MESSAGE: jint = 0;
struct ConsumerState {
    inner: Mutex<Inner>,
    /// Ends a poll early, from any thread and without the lock the poll holds: how a
    /// cancelled job stops its fetch thread at once.
    wake: Notify,
}

struct Inner {
    /// `None` once closed.
    consumer: Option<Consumer>,
    /// A polled message that did not fit Java's buffer, handed out by the next `poll`.
    pending: Option<Vec<u8>>,
}

impl ConsumerState {
    /// The state, for the consumer's owning thread, and the runtime to run its calls on.
    fn lock(&self) -> NativeResult<(MutexGuard<'_, Inner>, tokio::runtime::Handle)> {
        Ok((self.inner.lock().unwrap_or_else(|p| p.into_inner()), runtime::handle()?))
    }
}

fn consumer(inner: &mut Inner) -> NativeResult<&mut Consumer> {
    inner.consumer.as_mut().ok_or_else(|| NativeError::new(codes::DRIVER_RESOURCE_FREED, "the consumer has been closed"))
}

fn config(properties_json: &str) -> NativeResult<ConsumerConfig> {
    let properties: BTreeMap<String, String> = serde_json::from_str(properties_json)
        .map_err(|e| NativeError::invalid_argument(format!("properties are not a JSON object of strings: {e}")))?;
    Ok(ConsumerConfig::from_properties(&properties)?)
}

fn open(properties_json: &str, topics_json: &str) -> NativeResult<ConsumerState> {
    let topics: Vec<String> = serde_json::from_str(topics_json)
        .map_err(|e| NativeError::invalid_argument(format!("topics are not a JSON list of strings: {e}")))?;
    let config = config(properties_json)?;
    let consumer = runtime::handle()?.block_on(Consumer::subscribe(&config, &topics))?;
    Ok(ConsumerState { inner: Mutex::new(Inner { consumer: Some(consumer), pending: None }), wake: Notify::new() })
}

/// Connects, subscribes to `topics_json` (a JSON list) with `properties_json` (the CDC
/// property keys as a JSON object of strings) and returns the consumer's handle.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeConsumer_open0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    properties_json: JString<'local>,
    topics_json: JString<'local>,
) -> jlong {
    call(env, |env| Ok(handles::register(open(&properties_json.try_to_string(env)?, &topics_json.try_to_string(env)?)?)))
}

/// Polls for up to `timeout_ms` and writes the message into `out`: its length, `0` when none
/// came, `-needed` when `out` is too small (the message is kept for the next call).
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeConsumer_poll0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    handle: jlong,
    timeout_ms: jlong,
    out: JByteBuffer<'local>,
) -> jint {
    call(env, |env| {
        let state = handles::get::<ConsumerState>(handle)?;
        let (mut inner, runtime) = state.lock()?;
        let message = match inner.pending.take() {
            Some(message) => message,
            None => {
                let timeout = Duration::from_millis(u64::try_from(timeout_ms).unwrap_or(0));
                let consumer = consumer(&mut inner)?;
                let polled = runtime.block_on(async {
                    tokio::select! {
                        polled = consumer.poll(timeout) => polled,
                        // Woken for a close: a message half-fetched is fetched again by the group's next reader.
                        _ = state.wake.notified() => Ok(None),
                    }
                })?;
                match polled {
                    Some(message) => encode_message(&message)?,
                    None => return Ok(NO_MESSAGE),
                }
            }
        };
        let len = message.len();
        if len > direct_capacity(env, &out)? {
            inner.pending = Some(message);
            return Ok(-(len as jint));
        }
        // SAFETY: `out` belongs to the thread blocked in this call, and len fits its capacity.
        unsafe { direct_bytes(env, &out, len)? }.copy_from_slice(&message);
        Ok(len as jint)
    })
}

/// Ends the poll running now (it returns no message), or else the next one: called from
/// another thread than the polling one, to stop it without waiting for its timeout.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeConsumer_wakeup0<'local>(env: EnvUnowned<'local>, _class: JClass<'local>, handle: jlong) {
    call(env, |_env| {
        handles::get::<ConsumerState>(handle)?.wake.notify_one();
        Ok(())
    })
}

/// The vgroups assigned now, as (topic, vgroup, begin, end, current) records. (Positions
/// travel with each polled message, as its next offset.)
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeConsumer_assignment0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    handle: jlong,
) -> JByteArray<'local> {
    call(env, |env| {
        let state = handles::get::<ConsumerState>(handle)?;
        let (mut inner, runtime) = state.lock()?;
        let assignment = runtime.block_on(consumer(&mut inner)?.assignment())?;
        Ok(env.byte_array_from_slice(&encode_assignment(&assignment)?)?)
    })
}

/// Times the consumer reconnected since it subscribed (for the CDC source's metrics).
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeConsumer_reconnects0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    handle: jlong,
) -> jlong {
    call(env, |_| {
        let state = handles::get::<ConsumerState>(handle)?;
        let (mut inner, _) = state.lock()?;
        Ok(consumer(&mut inner)?.reconnects() as jlong)
    })
}

/// Runs `action` on the consumer behind `handle`, for `topic`, on the runtime: the body of the
/// per-vgroup exports.
fn on_vgroup<'local>(
    env: EnvUnowned<'local>,
    handle: jlong,
    topic: JString<'local>,
    action: impl FnOnce(&mut Inner, &tokio::runtime::Handle, &str) -> NativeResult<()>,
) {
    call(env, |env| {
        let topic = topic.try_to_string(env)?;
        let state = handles::get::<ConsumerState>(handle)?;
        let (mut inner, runtime) = state.lock()?;
        action(&mut inner, &runtime, &topic)
    })
}

/// Moves the vgroup's next message to `offset`.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeConsumer_seek0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    handle: jlong,
    topic: JString<'local>,
    vgroup_id: jint,
    offset: jlong,
) {
    on_vgroup(env, handle, topic, |inner, runtime, topic| {
        // A message kept for a larger buffer was read from before the seek: it goes.
        inner.pending = None;
        Ok(runtime.block_on(consumer(inner)?.seek(topic, vgroup_id, offset))?)
    })
}

/// Commits `offset` for the vgroup in the consumer's group; returns once the server has it.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeConsumer_commit0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    handle: jlong,
    topic: JString<'local>,
    vgroup_id: jint,
    offset: jlong,
) {
    on_vgroup(env, handle, topic, |inner, runtime, topic| Ok(runtime.block_on(consumer(inner)?.commit_offset(topic, vgroup_id, offset))?))
}

/// Unsubscribes (a failure is only logged: the connection closes either way, and the server
/// then drops the consumer from its group) and releases the handle.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeConsumer_close0<'local>(env: EnvUnowned<'local>, _class: JClass<'local>, handle: jlong) {
    call(env, |_env| {
        if let Ok(state) = handles::get::<ConsumerState>(handle) {
            let consumer = state.inner.lock().unwrap_or_else(|p| p.into_inner()).consumer.take();
            if let Some(consumer) = consumer {
                if let Err(e) = runtime::handle()?.block_on(consumer.unsubscribe()) {
                    log::warn!("unsubscribe on close failed: {e}");
                }
            }
        }
        handles::release(handle);
        Ok(())
    })
}
