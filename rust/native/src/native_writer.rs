//! Exports of `io.tdflink.jni.NativeWriter`: the sink's write path. Java hands over one
//! columnar batch per call and goes on building the next while Rust writes this one through
//! stmt2 (at most one batch queued behind the one in flight); `flush` waits for all of them.
//! After a failed write nothing more is written: the failure is reported by the next call, and
//! the job restarts from its last checkpoint, so no row is lost.

use crate::boundary::{call, direct_bytes, guarded, NativeError, NativeResult};
use crate::{connect, handles, runtime};
use jni::objects::{JByteBuffer, JClass, JLongArray, JString};
use jni::sys::{jint, jlong};
use jni::EnvUnowned;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;
use tdflink_client::writer::{TableWriter, WriteTarget};
use tdflink_layout::batch;
use tokio::sync::{mpsc, watch};

#[derive(Clone, Default)]
struct Progress {
    /// Batches written (or abandoned after a failure).
    finished: u64,
    rows: u64,
    failure: Option<NativeError>,
    /// How long the last batch took to write, retries included.
    last_batch_nanos: u64,
    reconnects: u64,
}

struct WriterState {
    batches: mpsc::Sender<Vec<u8>>,
    progress: watch::Receiver<Progress>,
    submitted: AtomicU64,
}

impl WriterState {
    fn check(&self) -> NativeResult<()> {
        match &self.progress.borrow().failure {
            Some(failure) => Err(failure.clone()),
            None => Ok(()),
        }
    }
}

fn open(url: &str, properties_json: &str, target_json: &str) -> NativeResult<WriterState> {
    let target: WriteTarget =
        serde_json::from_str(target_json).map_err(|e| NativeError::invalid_argument(format!("bad write target: {e}")))?;
    let handle = runtime::handle()?;
    let mut writer = handle.block_on(async {
        let client = connect::connect(url, properties_json).await?;
        Ok::<_, NativeError>(TableWriter::open(&client, target).await?)
    })?;
    let (batches, mut queue) = mpsc::channel::<Vec<u8>>(1);
    let (report, progress) = watch::channel(Progress::default());
    handle.spawn(async move {
        while let Some(bytes) = queue.recv().await {
            let failed = report.borrow().failure.is_some();
            let started = Instant::now();
            let result = if failed { Ok(0) } else { guarded(async { Ok(writer.write(&batch::decode(&bytes)?).await?) }).await };
            let reconnects = writer.reconnects();
            report.send_modify(|p| {
                p.finished += 1;
                p.last_batch_nanos = started.elapsed().as_nanos() as u64;
                p.reconnects = reconnects;
                match result {
                    Ok(rows) => p.rows += rows,
                    Err(e) => p.failure = Some(e),
                }
            });
        }
    });
    Ok(WriterState { batches, progress, submitted: AtomicU64::new(0) })
}

/// Connects, prepares the insert for `target_json` (`WriteTarget`) and starts the writer.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeWriter_open0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    url: JString<'local>,
    properties_json: JString<'local>,
    target_json: JString<'local>,
) -> jlong {
    call(env, |env| {
        let state = open(&url.try_to_string(env)?, &properties_json.try_to_string(env)?, &target_json.try_to_string(env)?)?;
        Ok(handles::register(state))
    })
}

/// Queues a copy of the batch in `buffer[0, length)`; waits while another batch is queued.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeWriter_submit0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    handle: jlong,
    buffer: JByteBuffer<'local>,
    length: jint,
) {
    call(env, |env| {
        let state = handles::get::<WriterState>(handle)?;
        state.check()?;
        let length = usize::try_from(length).map_err(|_| NativeError::invalid_argument("negative batch length"))?;
        // SAFETY: the buffer belongs to the Java thread blocked in this call.
        let batch = unsafe { direct_bytes(env, &buffer, length)? }.to_vec();
        state.submitted.fetch_add(1, Ordering::SeqCst);
        state
            .batches
            .blocking_send(batch)
            .map_err(|_| NativeError::new(tdflink_protocol::codes::DRIVER_CONNECTION_CLOSED, "the writer stopped"))?;
        Ok(())
    })
}

/// Waits until every queued batch is written; returns the rows written so far, or throws the
/// first failure.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeWriter_flush0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    handle: jlong,
) -> jlong {
    call(env, |_env| {
        let state = handles::get::<WriterState>(handle)?;
        let submitted = state.submitted.load(Ordering::SeqCst);
        let mut progress = state.progress.clone();
        let done = runtime::handle()?
            .block_on(async move { progress.wait_for(|p| p.finished >= submitted || p.failure.is_some()).await.map(|p| p.clone()) });
        let done = done.map_err(|_| NativeError::new(tdflink_protocol::codes::DRIVER_CONNECTION_CLOSED, "the writer stopped"))?;
        match done.failure {
            Some(failure) => Err(failure),
            None => Ok(done.rows as jlong),
        }
    })
}

/// Figures for the sink's metrics, in the order `NativeWriter.Stats` reads them: rows written,
/// batches written, reconnects, nanoseconds the last batch took.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeWriter_stats0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    handle: jlong,
) -> JLongArray<'local> {
    call(env, |env| {
        let state = handles::get::<WriterState>(handle)?;
        let p = state.progress.borrow().clone();
        let stats = [p.rows, p.finished, p.reconnects, p.last_batch_nanos].map(|v| v as jlong);
        let array = env.new_long_array(stats.len())?;
        array.set_region(env, 0, &stats)?;
        Ok(array)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeWriter_release0<'local>(env: EnvUnowned<'local>, _class: JClass<'local>, handle: jlong) {
    handles::release_export(env, handle)
}
