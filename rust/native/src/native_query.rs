//! Exports of `io.tdflink.jni.NativeQuery`: one SQL query read as a stream of batches.
//! The connection, the query and the fetches run in Rust; Java receives each result block
//! converted to the batch layout, one native call per block.

use crate::boundary::{call, direct_bytes, direct_capacity, NativeError, NativeResult};
use crate::{connect, handles, runtime};
use jni::objects::{JByteBuffer, JClass, JString};
use jni::sys::{jint, jlong};
use jni::EnvUnowned;
use std::sync::Mutex;
use tdflink_client::{Client, Outcome, ResultHandle};
use tdflink_protocol::batch;
use tdflink_protocol::codes;
use tdflink_protocol::raw_block::RawBlockView;

/// Returned by `next` once every row was delivered.
const END: jint = -1;

struct QueryState {
    client: Client,
    result: ResultHandle,
    names: Vec<String>,
    /// The next batch, kept when Java's buffer was too small for it.
    pending: Mutex<Option<Vec<u8>>>,
    done: Mutex<bool>,
}

impl Drop for QueryState {
    fn drop(&mut self) {
        // A result abandoned before its end is freed on the server; an exhausted one already is.
        if !*self.done.get_mut().unwrap_or_else(|p| p.into_inner()) {
            let _ = self.client.free_result(&self.result);
        }
    }
}

fn open(url: &str, properties_json: &str, sql: &str) -> NativeResult<QueryState> {
    let (client, outcome) = runtime::handle()?.block_on(async {
        let client = connect::connect(url, properties_json).await?;
        let outcome = client.query(sql).await?;
        Ok::<_, NativeError>((client, outcome))
    })?;
    match outcome {
        Outcome::Rows(result) => {
            let names = result.fields.iter().map(|f| f.name.clone()).collect();
            Ok(QueryState { client, result, names, pending: Mutex::new(None), done: Mutex::new(false) })
        }
        Outcome::Affected(_) => Err(NativeError::new(codes::CONNECTOR_SQL_EXECUTION_NO_RESULTS, format!("no result set: {sql}"))),
    }
}

/// Connects with `url` and `properties` (a JSON object of strings: the connector's property
/// keys), runs `sql` and returns the handle of its result.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeQuery_open<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    url: JString<'local>,
    properties_json: JString<'local>,
    sql: JString<'local>,
) -> jlong {
    call(env, |env| {
        let state = open(&url.try_to_string(env)?, &properties_json.try_to_string(env)?, &sql.try_to_string(env)?)?;
        Ok(handles::register(state))
    })
}

/// Writes the next batch into `out` and returns its length; `-1` at the end of the result;
/// `-needed` when `out` is smaller than the batch (call again with a larger buffer).
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeQuery_next<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    handle: jlong,
    out: JByteBuffer<'local>,
) -> jint {
    call(env, |env| {
        let state = handles::get::<QueryState>(handle)?;
        let mut pending = state.pending.lock().unwrap_or_else(|p| p.into_inner());
        if pending.is_none() {
            let mut done = state.done.lock().unwrap_or_else(|p| p.into_inner());
            if *done {
                return Ok(END);
            }
            match runtime::handle()?.block_on(state.client.fetch(&state.result))? {
                None => {
                    *done = true;
                    return Ok(END);
                }
                Some(raw) => {
                    let view = RawBlockView::parse(&raw).map_err(|e| NativeError::new(codes::DRIVER_UNKNOWN, e.to_string()))?;
                    let converted = batch::from_raw_block(&view, &state.names, state.result.precision)
                        .map_err(|e| NativeError::new(codes::DRIVER_UNKNOWN, e.to_string()))?;
                    *pending = Some(converted);
                }
            }
        }
        let len = pending.as_ref().map_or(0, Vec::len);
        if len > direct_capacity(env, &out)? {
            return Ok(-(len as jint));
        }
        // SAFETY: `out` belongs to the thread blocked in this call, and len fits its capacity.
        let target = unsafe { direct_bytes(env, &out, len)? };
        target.copy_from_slice(&pending.take().expect("checked above"));
        Ok(len as jint)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeQuery_release0<'local>(env: EnvUnowned<'local>, _class: JClass<'local>, handle: jlong) {
    handles::release_export(env, handle)
}
