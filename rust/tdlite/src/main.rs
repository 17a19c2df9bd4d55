//! `tdlite --listen 127.0.0.1:6041 [--data-dir DIR] [--tls-cert F --tls-key F] [--user U:P]...`
//!
//! Prints one line `tdlite ready: listen=<addr> ...` once it accepts connections (with
//! `--listen 127.0.0.1:0` the line tells the chosen port), and shuts down cleanly on SIGTERM
//! or Ctrl-C. Log level: `TDLITE_LOG=error|warn|info|debug|trace` (default warn).
//! `--discard-rows` is a benchmark mode: rows are validated and counted but not stored.
//! `--wal-retention SECONDS` (default 3600, TDengine's WAL_RETENTION_PERIOD) is how long the
//! TMQ write log keeps an entry at least. `--rebalance-interval SECONDS` (default 2, TDengine's
//! mqRebalanceInterval; fractions allowed) is how often consumer groups rebalance.
//! `--timezone ZONE` (an IANA name or a fixed offset such as `+08:00`) is the server's time zone
//! for sessions that set none; by default the host's (`TZ`, else /etc/localtime, else UTC), as
//! TDengine's `timezone` setting. `--failed-login-limit N` (default 5) failed logins in a row of
//! one user name from one address lock it there for `--login-lock SECONDS` (default 60).
//! `--generated-meters ROWS[:TABLES]` (TABLES default 1000) is a benchmark mode for reads: the
//! database `bench`, supertable `meters` and subtables `d0`.. are created, and scans of
//! `bench.meters` (`SELECT <columns> FROM meters [WHERE ts bounds]`, also wrapped in
//! `SELECT * FROM (...) WHERE ts bounds`) are answered from ROWS rows generated in memory,
//! exactly those `tdlite-bench --ingest-only --rows ROWS --tables TABLES` writes (rust/tdlite/src/meters.rs);
//! the topic `meters_topic` (`AS SELECT * FROM bench.meters`) delivers the same rows, one
//! message per 100 000-row bind and vgroup. Other statements, and other queries of `meters`
//! (which then has no rows), go to the store.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use tdlite::engine::{Engine, EngineConfig, Zone};
use tdlite::meters::MetersSpec;
use tdlite::server::{Server, ServerConfig, TlsFiles};
use tokio::signal::unix::{signal, SignalKind};

const USAGE: &str =
    "usage: tdlite --listen ADDR [--data-dir DIR] [--tls-cert FILE --tls-key FILE] [--user NAME:PASSWORD]... [--discard-rows] [--wal-retention SECONDS] [--rebalance-interval SECONDS] [--timezone ZONE] [--failed-login-limit N] [--login-lock SECONDS] [--generated-meters ROWS[:TABLES]]";

struct Args {
    server: ServerConfig,
    engine: EngineConfig,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut listen, mut data_dir, mut cert, mut key, mut users) = (None, None, None, None, Vec::new());
    let mut discard_rows = false;
    let defaults = EngineConfig::default();
    let (mut wal_retention, mut rebalance_interval) = (defaults.wal_retention, defaults.rebalance_interval);
    let (mut failed_login_limit, mut login_lock) = (defaults.failed_login_limit, defaults.login_lock);
    let mut timezone = None;
    let mut generated_meters = None;
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--listen" => listen = Some(value()?.parse::<SocketAddr>().map_err(|e| format!("--listen: {e}"))?),
            "--data-dir" => data_dir = Some(PathBuf::from(value()?)),
            "--tls-cert" => cert = Some(PathBuf::from(value()?)),
            "--tls-key" => key = Some(PathBuf::from(value()?)),
            "--user" => {
                let v = value()?;
                let (user, password) = v.split_once(':').ok_or("--user takes NAME:PASSWORD")?;
                users.push((user.to_owned(), password.to_owned()));
            }
            "--discard-rows" => discard_rows = true,
            "--generated-meters" => generated_meters = Some(MetersSpec::parse(&value()?)?),
            "--failed-login-limit" => {
                failed_login_limit =
                    value()?.parse::<u32>().ok().filter(|n| *n > 0).ok_or("--failed-login-limit takes a positive number")?
            }
            "--login-lock" => {
                let seconds = value()?.parse::<u64>().map_err(|e| format!("--login-lock: {e}"))?;
                login_lock = std::time::Duration::from_secs(seconds);
            }
            "--wal-retention" => {
                let seconds = value()?.parse::<u64>().map_err(|e| format!("--wal-retention: {e}"))?;
                wal_retention = std::time::Duration::from_secs(seconds);
            }
            "--rebalance-interval" => {
                let seconds = value()?.parse::<f64>().map_err(|e| format!("--rebalance-interval: {e}"))?;
                rebalance_interval = std::time::Duration::try_from_secs_f64(seconds)
                    .ok()
                    .filter(|d| !d.is_zero())
                    .ok_or("--rebalance-interval takes a positive number of seconds")?;
            }
            "--timezone" => {
                let name = value()?;
                timezone = Some(Zone::named(&name).ok_or_else(|| format!("--timezone: unknown time zone {name}"))?);
            }
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    let tls = match (cert, key) {
        (Some(cert), Some(key)) => Some(TlsFiles { cert, key }),
        (None, None) => None,
        _ => return Err("--tls-cert and --tls-key go together".to_owned()),
    };
    let timezone = timezone.unwrap_or_else(Zone::host);
    let mut engine = EngineConfig {
        data_dir,
        discard_rows,
        wal_retention,
        rebalance_interval,
        timezone,
        failed_login_limit,
        login_lock,
        generated_meters,
        ..defaults
    };
    if !users.is_empty() {
        engine.users = users;
    }
    Ok(Args { server: ServerConfig { listen: listen.ok_or(USAGE)?, tls }, engine })
}

/// A minimal stderr logger: tdlite has no other log sink.
struct StderrLogger;

impl log::Log for StderrLogger {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::max_level()
    }
    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            eprintln!("[{} {}] {}", record.level(), record.target(), record.args());
        }
    }
    fn flush(&self) {}
}

#[tokio::main]
async fn main() -> ExitCode {
    let level = std::env::var("TDLITE_LOG").ok().and_then(|l| l.parse().ok()).unwrap_or(log::LevelFilter::Warn);
    let _ = log::set_logger(&StderrLogger);
    log::set_max_level(level);

    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let data = match (&args.engine.data_dir, args.engine.discard_rows) {
        (_, true) => "discarded".to_owned(),
        (Some(d), false) => d.display().to_string(),
        (None, false) => "memory".to_owned(),
    };
    let data = match args.engine.generated_meters {
        Some(spec) => format!("{data} generated-meters={}:{}", spec.rows, spec.tables),
        None => data,
    };
    let tls = if args.server.tls.is_some() { "on" } else { "off" };
    let timezone = args.engine.timezone.name.clone();
    let engine = match Engine::open(args.engine) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("tdlite: cannot open storage: {e}");
            return ExitCode::FAILURE;
        }
    };
    let server = match Server::start(args.server, engine).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("tdlite: cannot listen: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Handlers first, ready line second: a supervisor may send SIGTERM as soon as it reads it.
    let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
    println!("tdlite ready: listen={} data={data} tls={tls} timezone={timezone}", server.local_addr());
    tokio::select! {
        _ = term.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    server.shutdown().await;
    eprintln!("tdlite stopped");
    ExitCode::SUCCESS
}
