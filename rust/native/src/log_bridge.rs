//! Carries Rust `log` records to SLF4J without Rust ever calling into the JVM.
//!
//! Records are queued here; a Java daemon thread pulls them in batches with
//! `NativeLog.drain` and logs each under `io.tdflink.native.<rust module path>`. Java sets the
//! maximum level, so a record below it is rejected by the `log` macros before any work is
//! done: filtered-out records cost neither a queue slot nor a JNI call.
//!
//! Drain buffer format (little-endian), repeated: `u8 level` (1 ERROR .. 5 TRACE),
//! `u16 target length`, target bytes, `u32 message length`, message bytes (UTF-8).

use log::{Level, LevelFilter, Log, Metadata, Record};
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// Records kept while Java is not draining; beyond this the oldest are counted and dropped.
const CAPACITY: usize = 10_000;
const RECORD_OVERHEAD: usize = 1 + 2 + 4;

struct Queued {
    level: Level,
    target: String,
    message: String,
}

struct State {
    records: VecDeque<Queued>,
    dropped: u64,
    closed: bool,
}

pub struct Bridge {
    state: Mutex<State>,
    ready: Condvar,
}

static BRIDGE: Bridge = Bridge { state: Mutex::new(State { records: VecDeque::new(), dropped: 0, closed: false }), ready: Condvar::new() };

/// Installs the bridge as this library copy's logger (idempotent) and sets the level.
pub fn install(level: LevelFilter) {
    let _ = log::set_logger(&BRIDGE); // already installed on a re-init: keep it
    log::set_max_level(level);
    BRIDGE.lock().closed = false;
}

/// Maps Java's level number (0 OFF, 1 ERROR .. 5 TRACE) to a filter.
pub fn level_from_java(level: i32) -> LevelFilter {
    match level {
        i32::MIN..=0 => LevelFilter::Off,
        1 => LevelFilter::Error,
        2 => LevelFilter::Warn,
        3 => LevelFilter::Info,
        4 => LevelFilter::Debug,
        _ => LevelFilter::Trace,
    }
}

/// Wakes a blocked `drain` for good: it returns -1 once the queue is empty.
pub fn close() {
    log::set_max_level(LevelFilter::Off);
    BRIDGE.lock().closed = true;
    BRIDGE.ready.notify_all();
}

/// Fills `out` with queued records, waiting up to `timeout` for the first one. Returns the
/// number of bytes written (0 on timeout) or -1 when the bridge is closed and empty.
pub fn drain(out: &mut [u8], timeout: Duration) -> i32 {
    let state = BRIDGE.lock();
    let (mut state, _) = BRIDGE
        .ready
        .wait_timeout_while(state, timeout, |s| s.records.is_empty() && s.dropped == 0 && !s.closed)
        .unwrap_or_else(|p| p.into_inner());
    if state.closed && state.records.is_empty() {
        return -1;
    }
    let mut pos = 0;
    if state.dropped > 0 {
        let note = format!("{} native log records were dropped: the queue was full", state.dropped);
        match encode(out, Level::Warn, "tdflink_native::log_bridge", &note) {
            Some(n) => {
                pos = n;
                state.dropped = 0;
            }
            None => return 0,
        }
    }
    while let Some(record) = state.records.front() {
        match encode(&mut out[pos..], record.level, &record.target, &record.message) {
            Some(n) => {
                pos += n;
                state.records.pop_front();
            }
            None if pos == 0 => {
                // A single record larger than the whole buffer: send it truncated.
                let room = out.len().saturating_sub(RECORD_OVERHEAD + record.target.len());
                let cut = floor_char_boundary(&record.message, room);
                pos = encode(out, record.level, &record.target, &record.message[..cut]).unwrap_or(0);
                state.records.pop_front();
                break;
            }
            None => break,
        }
    }
    pos as i32
}

fn encode(out: &mut [u8], level: Level, target: &str, message: &str) -> Option<usize> {
    let target = &target[..floor_char_boundary(target, u16::MAX as usize)];
    let len = RECORD_OVERHEAD + target.len() + message.len();
    if len > out.len() {
        return None;
    }
    out[0] = level as u8;
    out[1..3].copy_from_slice(&(target.len() as u16).to_le_bytes());
    out[3..3 + target.len()].copy_from_slice(target.as_bytes());
    let m = 3 + target.len();
    out[m..m + 4].copy_from_slice(&(message.len() as u32).to_le_bytes());
    out[m + 4..len].copy_from_slice(message.as_bytes());
    Some(len)
}

fn floor_char_boundary(s: &str, max: usize) -> usize {
    if max >= s.len() {
        return s.len();
    }
    (0..=max).rev().find(|i| s.is_char_boundary(*i)).unwrap_or(0)
}

impl Bridge {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Crates whose TRACE records dump WebSocket frames, the login's password among them: their
/// records pass at DEBUG and above only, whatever level Java asks for.
const FRAME_DUMPING_TARGETS: [&str; 2] = ["tungstenite", "tokio_tungstenite"];

fn dumps_frames(metadata: &Metadata<'_>) -> bool {
    metadata.level() == Level::Trace
        && FRAME_DUMPING_TARGETS.iter().any(|t| metadata.target() == *t || metadata.target().starts_with(&format!("{t}::")))
}

impl Log for Bridge {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.level() <= log::max_level() && !dumps_frames(metadata)
    }

    fn log(&self, record: &Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let mut state = self.lock();
        if state.closed {
            return;
        }
        if state.records.len() >= CAPACITY {
            state.records.pop_front();
            state.dropped += 1;
        }
        state.records.push_back(Queued { level: record.level(), target: record.target().to_owned(), message: record.args().to_string() });
        drop(state);
        self.ready.notify_one();
    }

    fn flush(&self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websocket_frame_dumps_never_pass() {
        let trace = |target| Metadata::builder().level(Level::Trace).target(target).build();
        assert!(dumps_frames(&trace("tungstenite::protocol")));
        assert!(dumps_frames(&trace("tokio_tungstenite")));
        assert!(!dumps_frames(&trace("tdflink_client::connection")));
        assert!(!dumps_frames(&Metadata::builder().level(Level::Debug).target("tungstenite::protocol").build()));
    }

    fn decode(buf: &[u8]) -> Vec<(u8, String, String)> {
        let mut out = vec![];
        let mut p = 0;
        while p < buf.len() {
            let level = buf[p];
            let tl = u16::from_le_bytes([buf[p + 1], buf[p + 2]]) as usize;
            let target = String::from_utf8(buf[p + 3..p + 3 + tl].to_vec()).unwrap();
            let m = p + 3 + tl;
            let ml = u32::from_le_bytes(buf[m..m + 4].try_into().unwrap()) as usize;
            out.push((level, target, String::from_utf8(buf[m + 4..m + 4 + ml].to_vec()).unwrap()));
            p = m + 4 + ml;
        }
        out
    }

    /// Records of this test's own targets: other tests in the process log through the same
    /// global logger while this one runs.
    fn drain_ours(buf: &mut [u8], timeout: Duration) -> Vec<(u8, String, String)> {
        let n = drain(buf, timeout);
        assert!(n >= 0, "bridge closed");
        decode(&buf[..n as usize]).into_iter().filter(|r| r.1 == "t" || r.1.starts_with("t::")).collect()
    }

    // One test touches the global logger so tests cannot race on it.
    #[test]
    fn filtering_batching_truncation_and_close() {
        install(LevelFilter::Info);
        log::debug!(target: "t::a", "filtered out");
        log::info!(target: "t::a", "first");
        log::error!(target: "t::b", "second {}", 2);
        let mut buf = vec![0u8; 4096];
        assert_eq!(
            drain_ours(&mut buf, Duration::from_millis(10)),
            vec![(3, "t::a".into(), "first".into()), (1, "t::b".into(), "second 2".into())]
        );
        assert!(drain_ours(&mut buf, Duration::from_millis(10)).is_empty(), "nothing of ours queued");

        log::warn!(target: "t", "{}", "é".repeat(100));
        let mut small = vec![0u8; 40];
        let ours = (0..100).find_map(|_| drain_ours(&mut small, Duration::from_millis(10)).pop()).expect("record");
        assert_eq!(ours.0, 2);
        assert!(ours.2.chars().all(|c| c == 'é') && !ours.2.is_empty(), "truncated on a char boundary");

        close();
        assert_eq!(drain(&mut buf, Duration::from_secs(5)), -1);
        log::error!("after close");
        assert_eq!(drain(&mut buf, Duration::from_millis(10)), -1);
    }
}
