//! Read-ahead for one query result: a task on the runtime fetches block k+1 and converts it to
//! the batch layout while Java consumes block k, so the network round trip and the conversion
//! overlap with Java's work instead of adding to it.

use crate::boundary::{guarded, NativeError, NativeResult};
use tdflink_client::{Client, ResultHandle};
use tdflink_layout::raw::from_raw_block;
use tdflink_protocol::codes;
use tdflink_protocol::raw_block::RawBlockView;
use tokio::runtime::Handle;
use tokio::sync::{mpsc, Notify};

/// Batches ready before Java asks: one waiting in the channel plus one the task holds.
const DEPTH: usize = 1;

/// One step of the stream: a batch, the end (`None`), or the error that ended it.
type Step = NativeResult<Option<Vec<u8>>>;

/// What [`ReadAhead::next`] answers.
#[derive(Debug)]
pub enum Next {
    Batch(Vec<u8>),
    /// Every row was delivered.
    End,
    /// Woken before a batch was ready (`NativeQuery.wakeup`): ask again.
    Woken,
}

/// The consuming side. Dropping it stops the task, which then frees the server's result.
pub struct ReadAhead {
    runtime: Handle,
    steps: mpsc::Receiver<Step>,
    /// The end or the error once reported, repeated by every later call.
    finished: Option<NativeResult<()>>,
}

impl ReadAhead {
    /// Starts reading `result` of `client` on `runtime`.
    pub fn start(runtime: &Handle, client: Client, result: ResultHandle) -> ReadAhead {
        let (sender, steps) = mpsc::channel(DEPTH);
        runtime.spawn(read(client, result, sender));
        ReadAhead { runtime: runtime.clone(), steps, finished: None }
    }

    /// The next batch, the end, or `Woken` once `wake` is notified (now, or before this call)
    /// while no batch is ready. Blocks the calling (Java) thread until one of them.
    pub fn next(&mut self, wake: &Notify) -> NativeResult<Next> {
        if let Some(finished) = &self.finished {
            return finished.clone().map(|()| Next::End);
        }
        let steps = &mut self.steps;
        let received = self.runtime.block_on(async {
            tokio::select! {
                biased;
                step = steps.recv() => Some(step),
                _ = wake.notified() => None,
            }
        });
        let Some(step) = received else { return Ok(Next::Woken) };
        let step = step.unwrap_or_else(|| {
            Err(NativeError::new(codes::DRIVER_UNKNOWN, "the query's reader stopped: the native runtime was shut down"))
        });
        match step {
            Ok(Some(batch)) => Ok(Next::Batch(batch)),
            Ok(None) => {
                self.finished = Some(Ok(()));
                Ok(Next::End)
            }
            Err(e) => {
                self.finished = Some(Err(e.clone()));
                Err(e)
            }
        }
    }
}

async fn read(client: Client, result: ResultHandle, steps: mpsc::Sender<Step>) {
    let names: Vec<String> = result.fields.iter().map(|f| f.name.clone()).collect();
    loop {
        let step = tokio::select! {
            // Java released the query early: stop waiting for the server.
            _ = steps.closed() => break,
            step = guarded(next_batch(&client, &result, &names)) => step,
        };
        let (exhausted, failed) = (matches!(step, Ok(None)), step.is_err());
        if steps.send(step).await.is_err() || failed {
            break;
        }
        if exhausted {
            return; // the server frees an exhausted result itself
        }
    }
    let _ = client.free_result(&result);
}

async fn next_batch(client: &Client, result: &ResultHandle, names: &[String]) -> Step {
    let Some(raw) = client.fetch(result).await? else { return Ok(None) };
    let view = RawBlockView::parse(&raw).map_err(|e| NativeError::new(codes::DRIVER_UNKNOWN, e.to_string()))?;
    Ok(Some(from_raw_block(&view, names, result.precision)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::time::Duration;
    use tdflink_client::{ConnectionConfig, Outcome};
    use tdflink_layout::batch::decode;
    use tdlite::engine::{Engine, EngineConfig};
    use tdlite::server::{Server, ServerConfig};

    const ROWS: i64 = 20_000;

    /// A tdlite with `ra.t` of ROWS rows, a client and a started query on it.
    fn query(runtime: &tokio::runtime::Runtime) -> (Server, Client, ResultHandle) {
        runtime.block_on(async {
            let config = ServerConfig { listen: "127.0.0.1:0".parse().unwrap(), tls: None };
            let server = Server::start(config, Engine::open(EngineConfig::default()).unwrap()).await.unwrap();
            let url = format!("jdbc:TAOS-WS://{}/?user=root&password=taosdata", server.local_addr());
            let client = Client::connect(&ConnectionConfig::from_url(&url, &BTreeMap::new()).unwrap()).await.unwrap();
            client.exec("CREATE DATABASE ra").await.unwrap();
            client.exec("CREATE TABLE ra.t (ts TIMESTAMP, v BIGINT)").await.unwrap();
            let values: Vec<String> = (0..ROWS).map(|i| format!("({}, {i})", 1_700_000_000_000 + i)).collect();
            client.exec(&format!("INSERT INTO ra.t VALUES {}", values.join(" "))).await.unwrap();
            let Outcome::Rows(result) = client.query("SELECT ts, v FROM ra.t").await.unwrap() else { panic!("rows expected") };
            (server, client, result)
        })
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
    }

    #[test]
    fn every_batch_arrives_in_order_then_the_end_stays() {
        let runtime = runtime();
        let (server, client, result) = query(&runtime);
        let mut reader = ReadAhead::start(runtime.handle(), client, result);
        let wake = Notify::new();
        let (mut rows, mut sum, mut batches) = (0usize, 0i64, 0);
        while let Next::Batch(batch) = reader.next(&wake).unwrap() {
            let view = decode(&batch).unwrap();
            rows += view.rows;
            sum += (0..view.rows).map(|r| i64::from_le_bytes(view.columns[1].fixed(r).try_into().unwrap())).sum::<i64>();
            batches += 1;
        }
        assert_eq!((rows as i64, sum), (ROWS, (0..ROWS).sum()));
        assert!(batches > 1);
        assert!(matches!(reader.next(&wake).unwrap(), Next::End));
        runtime.block_on(server.shutdown());
    }

    #[test]
    fn releasing_early_frees_the_server_result() {
        let runtime = runtime();
        let (server, client, result) = query(&runtime);
        let mut reader = ReadAhead::start(runtime.handle(), client.clone(), result.clone());
        assert!(matches!(reader.next(&Notify::new()).unwrap(), Next::Batch(_)));
        drop(reader);
        // The task frees the result on its own time; the server then no longer knows it. Had
        // it not, these probes would read the rest of the result and reach its end.
        let freed = runtime.block_on(async {
            loop {
                match client.fetch(&result).await {
                    Err(_) => return true,
                    Ok(None) => return false,
                    Ok(Some(_)) => tokio::time::sleep(Duration::from_millis(20)).await,
                }
            }
        });
        assert!(freed, "the result is freed after the reader is dropped");
        runtime.block_on(server.shutdown());
    }

    #[test]
    fn an_error_keeps_its_code_and_is_repeated() {
        let runtime = runtime();
        let (server, client, result) = query(&runtime);
        let lost = ResultHandle { id: result.id + 1000, ..result };
        let mut reader = ReadAhead::start(runtime.handle(), client, lost);
        let wake = Notify::new();
        let first = reader.next(&wake).unwrap_err();
        assert_ne!(first.code, codes::DRIVER_UNKNOWN, "{first:?}");
        assert_eq!(reader.next(&wake).unwrap_err().code, first.code);
        runtime.block_on(server.shutdown());
    }

    #[test]
    fn a_wakeup_ends_one_wait_and_loses_no_batch() {
        let runtime = runtime();
        // No batch ever comes: a notification from another thread ends the wait.
        let (_sender, steps) = mpsc::channel(DEPTH);
        let mut waiting = ReadAhead { runtime: runtime.handle().clone(), steps, finished: None };
        let wake = std::sync::Arc::new(Notify::new());
        let notifier = std::thread::spawn({
            let wake = wake.clone();
            move || {
                std::thread::sleep(Duration::from_millis(50));
                wake.notify_one();
            }
        });
        assert!(matches!(waiting.next(&wake).unwrap(), Next::Woken));
        notifier.join().unwrap();

        // Woken before a read: every batch still arrives, and one notification wakes at most once.
        let (server, client, result) = query(&runtime);
        let mut reader = ReadAhead::start(runtime.handle(), client, result);
        wake.notify_one();
        let (mut rows, mut woken) = (0usize, 0);
        loop {
            match reader.next(&wake).unwrap() {
                Next::Batch(batch) => rows += decode(&batch).unwrap().rows,
                Next::Woken => woken += 1,
                Next::End => break,
            }
        }
        assert_eq!((rows as i64, woken <= 1), (ROWS, true));
        runtime.block_on(server.shutdown());
    }
}
