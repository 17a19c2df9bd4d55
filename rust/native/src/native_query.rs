//! Exports of `io.tdflink.jni.NativeQuery`: one SQL query read as a stream of batches.
//! The connection, the query and the fetches run in Rust; Java receives each result block
//! converted to the batch layout, one native call per block, while the next block is
//! already being fetched ([`ReadAhead`]).

use crate::boundary::{call, direct_bytes, direct_capacity, NativeError, NativeResult};
use crate::read_ahead::ReadAhead;
use crate::{connect, handles, runtime};
use jni::objects::{JByteBuffer, JClass, JString};
use jni::sys::{jint, jlong};
use jni::EnvUnowned;
use std::sync::Mutex;
use tdflink_client::Outcome;
use tdflink_protocol::codes;

/// Returned by `next` once every row was delivered.
const END: jint = -1;

struct QueryState {
    reader: Mutex<Reader>,
}

struct Reader {
    batches: ReadAhead,
    /// The next batch, kept when Java's buffer was too small for it.
    pending: Option<Vec<u8>>,
}

fn open(url: &str, properties_json: &str, sql: &str) -> NativeResult<QueryState> {
    let runtime = runtime::handle()?;
    let (client, outcome) = runtime.block_on(async {
        let client = connect::connect(url, properties_json).await?;
        let outcome = client.query(sql).await?;
        Ok::<_, NativeError>((client, outcome))
    })?;
    match outcome {
        Outcome::Rows(result) => Ok(QueryState { reader: Mutex::new(Reader { batches: ReadAhead::start(&runtime, client, result), pending: None }) }),
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
        let mut reader = state.reader.lock().unwrap_or_else(|p| p.into_inner());
        let Reader { batches, pending } = &mut *reader;
        let batch = match pending {
            Some(batch) => batch,
            None => match batches.next()? {
                Some(batch) => pending.insert(batch),
                None => return Ok(END),
            },
        };
        let len = batch.len();
        if len > direct_capacity(env, &out)? {
            return Ok(-(len as jint));
        }
        // SAFETY: `out` belongs to the thread blocked in this call, and len fits its capacity.
        let target = unsafe { direct_bytes(env, &out, len)? };
        target.copy_from_slice(batch);
        *pending = None;
        Ok(len as jint)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeQuery_release0<'local>(env: EnvUnowned<'local>, _class: JClass<'local>, handle: jlong) {
    handles::release_export(env, handle)
}
