//! The official Rust client's side of the CDC benchmark (benchmarks/cdc.sh): `taos` 0.12.3's
//! TMQ consumer over WebSocket (`/rest/tmq`), as its examples use it (poll, then each block).
//!
//! - `official_tmq_bench drain DSN TOPIC GROUP CONSUMERS ROWS`: CONSUMERS consumers of the new
//!   group GROUP (`earliest`) share TOPIC until ROWS rows arrived, touching every value; prints
//!   rows, seconds and process CPU seconds, up to the row that reached ROWS, as one JSON line;
//!   then drains 2 s more and warns of rows beyond ROWS (duplicates, when ROWS is the topic).
//! - `official_tmq_bench latency DSN TOPIC GROUP ROWS READY_FILE`: one consumer (`latest`) takes
//!   ROWS rows stamped by io.tdflink.bench.CdcInserter (inserted at ts ms + voltage µs, wall
//!   clock), or fewer if none comes for 15 s, and prints each one's insert-to-emit delay in µs
//!   as one JSON line; CdcInserter's probe rows (current -1) are not measured, the first one
//!   creates READY_FILE.

mod common;

use common::{cpu_seconds, touch};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use taos::*;

/// The poll timeout: `stream()`'s default (the DSN's `timeout`, 5 s). taos 0.12.3 polls with
/// `blocking_time` 0 and sleeps 500 ms between empty polls whatever it is; a timeout of 500 ms
/// loses messages (docs/benchmarks/cdc.md), as the timeout then drops a poll in flight.
const POLL_MS: u64 = 5000;
/// How long, after ROWS rows, the consumers keep draining to show rows delivered twice.
const SETTLE: Duration = Duration::from_secs(2);
/// How long without a new row before a run gives up on the rows it misses (rows lost).
const IDLE: Duration = Duration::from_secs(15);

async fn subscribe(dsn: &str, topic: &str, group: &str, reset: &str) -> Consumer {
    let mut consumer = TmqBuilder::from_dsn(format!("{dsn}?group.id={group}&auto.offset.reset={reset}")).unwrap().build().await.unwrap();
    consumer.subscribe([topic]).await.unwrap();
    consumer
}

/// Drains for good (the process exits); the consumer that passes `goal` rows wakes `done`.
async fn drain(consumer: Consumer, rows: Arc<AtomicU64>, goal: u64, done: Arc<tokio::sync::Notify>) {
    loop {
        let Some((_, message)) = consumer.recv_timeout(Timeout::from_millis(POLL_MS)).await.unwrap() else { continue };
        let Some(data) = message.into_data() else { continue };
        while let Some(block) = data.fetch_block().await.unwrap() {
            std::hint::black_box(touch(&block));
            let before = rows.fetch_add(block.nrows() as u64, Ordering::Relaxed);
            if before < goal && before + block.nrows() as u64 >= goal {
                done.notify_one();
            }
        }
    }
}

fn drain_main(dsn: &str, topic: &str, group: &str, args: &[String]) {
    let consumers: usize = args[0].parse().expect("CONSUMERS is a number");
    let goal: u64 = args[1].parse().expect("ROWS is a number");
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(consumers).enable_all().build().unwrap();
    let (cpu, started) = (cpu_seconds(), Instant::now());
    let rows = Arc::new(AtomicU64::new(0));
    runtime.block_on(async {
        let done = Arc::new(tokio::sync::Notify::new());
        let mut subscribed = Vec::new();
        for _ in 0..consumers {
            subscribed.push(subscribe(dsn, topic, group, "earliest").await);
        }
        for consumer in subscribed {
            tokio::spawn(drain(consumer, rows.clone(), goal, done.clone()));
        }
        let (mut seen, mut progress) = (0, Instant::now());
        while tokio::time::timeout(Duration::from_secs(1), done.notified()).await.is_err() {
            let now = rows.load(Ordering::Relaxed);
            if now != seen {
                (seen, progress) = (now, Instant::now());
            } else if progress.elapsed() > IDLE {
                eprintln!("error: only {now} of {goal} rows arrived, none in the last {IDLE:?}");
                std::process::exit(1);
            }
        }
    });
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    println!(r#"{{"rows": {goal}, "seconds": {seconds:.3}, "cpu_seconds": {cpu:.2}}}"#);
    use std::io::Write;
    std::io::stdout().flush().unwrap();
    // The topic holds exactly ROWS rows (when ROWS is all of it): any arriving later were delivered twice.
    std::thread::sleep(SETTLE);
    let extra = rows.load(Ordering::Relaxed).saturating_sub(goal);
    if extra > 0 {
        eprintln!("note: {extra} rows beyond ROWS arrived (rows delivered twice, if ROWS is the whole topic)");
    }
    std::process::exit(0); // the other consumers may be waiting in a poll
}

fn now_micros() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_micros() as i64
}

fn latency_main(dsn: &str, topic: &str, group: &str, args: &[String]) {
    let goal: usize = args[0].parse().expect("ROWS is a number");
    let ready_file = &args[1];
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let delays = runtime.block_on(async {
        let consumer = subscribe(dsn, topic, group, "latest").await;
        let (mut delays, mut progress) = (Vec::with_capacity(goal), Instant::now());
        while delays.len() < goal && progress.elapsed() < IDLE {
            let Some((_, message)) = consumer.recv_timeout(Timeout::from_millis(POLL_MS)).await.unwrap() else { continue };
            progress = Instant::now();
            let Some(data) = message.into_data() else { continue };
            while let Some(block) = data.fetch_block().await.unwrap() {
                for row in 0..block.nrows() {
                    let emitted = now_micros();
                    if let Some(BorrowedValue::Float(current)) = block.get_ref(row, 1) {
                        if current == -1.0 {
                            std::fs::write(ready_file, b"").expect("the ready file can be written");
                            continue;
                        }
                    }
                    let (Some(BorrowedValue::Timestamp(ts)), Some(BorrowedValue::Int(micros))) = (block.get_ref(row, 0), block.get_ref(row, 2)) else {
                        panic!("row {row}: ts and voltage expected")
                    };
                    delays.push(emitted - (ts.as_raw_i64() * 1000 + i64::from(micros)));
                }
            }
        }
        delays
    });
    println!(r#"{{"expected": {goal}, "latencies_us": {delays:?}}}"#);
    std::process::exit(0);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, dsn, topic, group) = (&args[0], &args[1], &args[2], &args[3]);
    match mode.as_str() {
        "drain" => drain_main(dsn, topic, group, &args[4..]),
        "latency" => latency_main(dsn, topic, group, &args[4..]),
        other => panic!("unknown mode {other}: drain or latency"),
    }
}
