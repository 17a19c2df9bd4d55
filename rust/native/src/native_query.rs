//! Exports of `io.tdflink.jni.NativeQuery`: one SQL query read as a stream of batches.
//! The connection, the query and the fetches run in Rust; Java receives each result block
//! converted to the batch layout, one native call per block, while the next block is
//! already being fetched ([`ReadAhead`]). A query may take `?` parameters (a one-row batch
//! bound through stmt2); `describe` tells a query's columns without reading a row.

use crate::boundary::{call, direct_bytes, direct_capacity, NativeError, NativeResult};
use crate::read_ahead::{Next, ReadAhead};
use crate::{connect, handles, runtime};
use jni::objects::{JByteArray, JByteBuffer, JClass, JString};
use jni::sys::{jint, jlong};
use jni::EnvUnowned;
use std::sync::Mutex;
use tdflink_client::{Outcome, ResultDescription};
use tdflink_layout::batch::{self, BatchEncoder};
use tdflink_protocol::codes;
use tdflink_protocol::columns::ColumnSchema;
use tdflink_protocol::types::DataType;
use tokio::sync::Notify;

/// Returned by `next` once every row was delivered.
const END: jint = -1;
/// Returned by `next` when `wakeup` ended its wait before a batch was ready.
const WOKEN: jint = 0;

struct QueryState {
    reader: Mutex<Reader>,
    /// Ends a `next` early, from any thread and without the lock `next` holds: how a cancelled
    /// source stops its fetch at once (`SplitReader.wakeUp`).
    wake: Notify,
}

struct Reader {
    batches: ReadAhead,
    /// The next batch, kept when Java's buffer was too small for it.
    pending: Option<Vec<u8>>,
}

/// Connects, runs `sql` (with `params` bound to its placeholders, if given) and starts
/// reading its result.
fn open(url: &str, properties_json: &str, sql: &str, params: Option<&[u8]>) -> NativeResult<QueryState> {
    let runtime = runtime::handle()?;
    let (client, result) = runtime.block_on(async {
        let client = connect::connect(url, properties_json).await?;
        let result = match params {
            Some(params) => client.query_with_params(sql, &batch::decode(params)?).await?,
            None => match client.query(sql).await? {
                Outcome::Rows(result) => result,
                Outcome::Affected(_) => {
                    return Err(NativeError::new(codes::CONNECTOR_SQL_EXECUTION_NO_RESULTS, format!("no result set: {sql}")))
                }
            },
        };
        Ok::<_, NativeError>((client, result))
    })?;
    Ok(QueryState {
        reader: Mutex::new(Reader { batches: ReadAhead::start(&runtime, client, result), pending: None }),
        wake: Notify::new(),
    })
}

/// Connects with `url` and `properties` (a JSON object of strings: the connector's property
/// keys), runs `sql` and returns the handle of its result.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeQuery_open0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    url: JString<'local>,
    properties_json: JString<'local>,
    sql: JString<'local>,
) -> jlong {
    call(env, |env| {
        let state = open(&url.try_to_string(env)?, &properties_json.try_to_string(env)?, &sql.try_to_string(env)?, None)?;
        Ok(handles::register(state))
    })
}

/// Like `open`, with `params[0, params_length)` (a one-row batch, one column per `?`) bound
/// to the placeholders of `sql`.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeQuery_openWithParams0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    url: JString<'local>,
    properties_json: JString<'local>,
    sql: JString<'local>,
    params: JByteBuffer<'local>,
    params_length: jint,
) -> jlong {
    call(env, |env| {
        let length = usize::try_from(params_length).map_err(|_| NativeError::invalid_argument("negative parameter batch length"))?;
        // SAFETY: the buffer belongs to the Java thread blocked in this call, and Rust is done
        // with it (the bind is sent) before the call returns.
        let params = unsafe { direct_bytes(env, &params, length)? };
        let state = open(&url.try_to_string(env)?, &properties_json.try_to_string(env)?, &sql.try_to_string(env)?, Some(params))?;
        Ok(handles::register(state))
    })
}

/// The columns `sql` returns, as a batch of no rows (its schema is the point), learned
/// without reading a row.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeQuery_describe0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    url: JString<'local>,
    properties_json: JString<'local>,
    sql: JString<'local>,
) -> JByteArray<'local> {
    call(env, |env| {
        let (url, properties_json, sql) = (url.try_to_string(env)?, properties_json.try_to_string(env)?, sql.try_to_string(env)?);
        let description = runtime::handle()?.block_on(async {
            let client = connect::connect(&url, &properties_json).await?;
            Ok::<_, NativeError>(client.describe(&sql).await?)
        })?;
        Ok(env.byte_array_from_slice(&schema_batch(&description))?)
    })
}

/// A batch of no rows whose schema is the result's: TIMESTAMP columns carry the result's
/// precision, DECIMAL columns their digits and scale, every column its declared width.
fn schema_batch(description: &ResultDescription) -> Vec<u8> {
    let schema: Vec<ColumnSchema> = description
        .fields
        .iter()
        .map(|f| {
            let precision = if f.ty == DataType::Timestamp { description.precision.code() } else { f.precision };
            ColumnSchema::new(f.name.clone(), f.ty).with_precision(precision).with_scale(f.scale).with_bytes(f.bytes.max(0) as u32)
        })
        .collect();
    let mut encoder = BatchEncoder::new(0, schema.clone());
    for column in &schema {
        match column.value_width() {
            Some(_) => encoder.fixed_column(&[], &[]),
            None => encoder.var_column(&[], &[], &[]),
        }
    }
    encoder.finish()
}

/// Writes the next batch into `out` and returns its length; `-1` at the end of the result;
/// `-needed` when `out` is smaller than the batch (call again with a larger buffer).
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeQuery_next0<'local>(
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
            None => match batches.next(&state.wake)? {
                Next::Batch(batch) => pending.insert(batch),
                Next::End => return Ok(END),
                Next::Woken => return Ok(WOKEN),
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

/// Ends the `next` running on another thread now (it answers `WOKEN`), or else the next one.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeQuery_wakeup0<'local>(env: EnvUnowned<'local>, _class: JClass<'local>, handle: jlong) {
    call(env, |_env| {
        handles::get::<QueryState>(handle)?.wake.notify_one();
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeQuery_release0<'local>(env: EnvUnowned<'local>, _class: JClass<'local>, handle: jlong) {
    handles::release_export(env, handle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tdflink_client::Field;
    use tdflink_protocol::types::Precision;

    #[test]
    fn a_description_is_a_batch_of_no_rows() {
        let field = |name: &str, ty, bytes, precision, scale| Field { name: name.to_owned(), ty, bytes, precision, scale };
        let description = ResultDescription {
            fields: vec![
                field("ts", DataType::Timestamp, 8, 0, 0),
                field("name", DataType::VarChar, 20, 0, 0),
                field("price", DataType::Decimal, 16, 20, 4),
            ],
            precision: Precision::Nanosecond,
        };
        let bytes = schema_batch(&description);
        let batch = batch::decode(&bytes).unwrap();
        assert_eq!(batch.rows, 0);
        let schema: Vec<ColumnSchema> = batch.columns.into_iter().map(|c| c.schema).collect();
        assert_eq!(
            schema,
            [
                ColumnSchema::new("ts", DataType::Timestamp).with_precision(2),
                ColumnSchema::new("name", DataType::VarChar).with_bytes(20),
                ColumnSchema::new("price", DataType::Decimal).with_precision(20).with_scale(4),
            ]
        );
    }
}
