//! The engine: catalog, storage and statement execution behind one cheap-to-clone handle.
//! It knows nothing about WebSocket; the server calls it with SQL text or bound values.
//! Contract: docs/tdlite.md ("Engine interface").

mod bound;
mod catalog;
mod cells;
mod codec;
mod consumers;
mod convert;
mod ddl;
mod delete;
mod error;
mod exec;
mod generated;
mod insert;
mod logins;
mod offsets;
mod replay;
mod result;
mod schema;
mod select;
mod show;
mod sqlfuncs;
mod state;
mod stmt;
mod storage;
mod system;
mod system_tmq;
mod through_stable;
mod time;
mod tmq;
mod topic;
mod value;
mod wal;
mod wal_codec;
mod wkt;
mod write;

pub use bound::{fixed_value, BoundColumn};
pub use consumers::{Consumers, Liveness, Member};
pub use generated::TOPIC as GENERATED_TOPIC;
pub use result::{Outcome, ResultColumn, ResultSet};
pub use time::Zone;
pub use tmq::{LogRead, TopicBlock, TopicInfo};
pub use value::{decode_hex, format_decimal, parse_decimal, Value};

use crate::meters::MetersSpec;
use crate::sql::SqlError;
use state::{Ctx, State};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tdflink_protocol::types::DataType;

/// How to open an engine.
#[derive(Clone, Debug)]
pub struct EngineConfig {
    /// Durable storage directory; `None` keeps everything in memory.
    pub data_dir: Option<PathBuf>,
    /// Accepted (user, password) pairs.
    pub users: Vec<(String, String)>,
    /// Failed logins in a row, from one address for one user name, that lock it there...
    pub failed_login_limit: u32,
    /// ...for this long.
    pub login_lock: Duration,
    /// Benchmark mode: inserted rows are decoded and validated like any other, counted in
    /// the affected rows, and then dropped, so a benchmark measures the protocol and the
    /// connector rather than the store. Queries see no rows. Never for real use.
    pub discard_rows: bool,
    /// How long the write log keeps an entry at least (TDengine's WAL_RETENTION_PERIOD,
    /// default 3600 s); older entries go once every consumer group committed past them.
    pub wal_retention: Duration,
    /// How often consumer groups rebalance (TDengine's mqRebalanceInterval, default 2 s):
    /// a subscribing consumer gets its vgroups, and is answered, at the next rebalance.
    pub rebalance_interval: Duration,
    /// The server's time zone (TDengine's `timezone` setting), for sessions that set none:
    /// time literals without an offset, NOW-relative calendar arithmetic, `TIMEZONE()`. UTC
    /// here; the `tdlite` binary defaults to the host's zone.
    pub timezone: Zone,
    /// Benchmark mode: `bench.meters` and its subtables exist in the catalog, and the server
    /// answers scans of it and its topic `meters_topic` from rows generated in memory
    /// ([`crate::meters`]); the catalog's own tables stay empty. Never for real use.
    pub generated_meters: Option<MetersSpec>,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            data_dir: None,
            users: vec![("root".to_owned(), "taosdata".to_owned())],
            failed_login_limit: 5,
            login_lock: Duration::from_secs(60),
            discard_rows: false,
            wal_retention: Duration::from_secs(3600),
            rebalance_interval: Duration::from_secs(2),
            timezone: Zone::utc(),
            generated_meters: None,
        }
    }
}

/// Per-connection state the engine reads and updates (`USE db` changes `current_db`).
#[derive(Clone, Debug)]
pub struct Session {
    pub user: String,
    pub current_db: Option<String>,
    /// The session's own time zone (`tz` of `conn`, or `options_connection`): an IANA name or
    /// a fixed offset; `None` uses the server's.
    pub timezone: Option<String>,
}

impl Session {
    /// Sets the session's own time zone; `None` or empty goes back to the server's.
    pub fn set_timezone(&mut self, timezone: Option<&str>) -> Result<(), SqlError> {
        let timezone = timezone.filter(|tz| !tz.trim().is_empty());
        if timezone.is_some_and(|tz| Zone::named(tz).is_none()) {
            return Err(state::invalid_timezone(timezone));
        }
        self.timezone = timezone.map(str::to_owned);
        Ok(())
    }
}

/// A placeholder of a prepared statement, as stmt2 prepare reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedField {
    /// Column or tag name; `tbname` for the table-name placeholder.
    pub name: String,
    pub ty: DataType,
    /// TIMESTAMP: the database precision; DECIMAL: total digits.
    pub precision: u8,
    pub scale: u8,
    /// Declared width as DESCRIBE shows it.
    pub bytes: i32,
    pub role: FieldRole,
}

/// stmt2 `bind_type`: what a placeholder stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldRole {
    Column = 1,
    Tag = 2,
    QueryParameter = 3,
    TableName = 4,
}

/// A statement prepared for stmt2.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub is_insert: bool,
    /// Insert: table name, then tags, then columns, in bind order. Query: empty.
    pub fields: Vec<PreparedField>,
    /// Query: the number of `?` parameters. Insert: `fields.len()`.
    pub param_count: usize,
    /// Engine-private plan.
    pub(crate) plan: std::sync::Arc<dyn std::any::Any + Send + Sync>,
}

/// The values bound for one table in a stmt2 insert.
#[derive(Clone, Debug, PartialEq)]
pub struct BoundTable {
    /// The table name when the statement has a table-name placeholder.
    pub name: Option<String>,
    /// One value per tag placeholder.
    pub tags: Vec<Value>,
    /// One per column placeholder, all of the same length (the row count).
    pub columns: Vec<BoundColumn>,
}

/// The database engine; clones share the same data.
#[derive(Clone)]
pub struct Engine {
    shared: Arc<Shared>,
}

struct Shared {
    /// One connection behind one lock: statements run one at a time, which keeps every
    /// statement atomic and the catalog consistent without finer locking.
    state: Mutex<State>,
    logins: logins::Logins,
    /// Bumped after every statement that may have written rows (see `log_changes`).
    writes: tokio::sync::watch::Sender<()>,
    wal_retention: Duration,
    /// When writes last trimmed the log (see `Engine::wrote`).
    last_trim: Mutex<Instant>,
    timezone: Zone,
    generated_meters: Option<MetersSpec>,
}

impl Engine {
    pub fn open(config: EngineConfig) -> Result<Engine, SqlError> {
        let consumers = Consumers::new(config.rebalance_interval);
        let state = State::open(config.data_dir.as_deref(), config.discard_rows, consumers)?;
        let writes = tokio::sync::watch::Sender::new(());
        let engine = Engine {
            shared: Arc::new(Shared {
                state: Mutex::new(state),
                logins: logins::Logins::new(config.users, config.failed_login_limit, config.login_lock),
                writes,
                wal_retention: config.wal_retention,
                last_trim: Mutex::new(Instant::now()),
                timezone: config.timezone,
                generated_meters: config.generated_meters,
            }),
        };
        if let Some(spec) = config.generated_meters {
            generated::create_catalog(&engine, spec)?;
        }
        Ok(engine)
    }

    /// The data set the server generates in memory, if any (`EngineConfig::generated_meters`).
    pub fn generated_meters(&self) -> Option<MetersSpec> {
        self.shared.generated_meters
    }

    /// Ok if `user` may log in from `peer` with `password`; 0x0357 for an unknown user, a
    /// wrong password or a name locked after failed logins alike (see `logins`).
    pub fn authenticate(&self, peer: IpAddr, user: &str, password: &str) -> Result<(), SqlError> {
        self.shared.logins.check(peer, user, password)
    }

    /// A session for an authenticated user; 0x0388 if `db` does not exist.
    pub fn session(&self, user: &str, db: Option<&str>, timezone: Option<&str>) -> Result<Session, SqlError> {
        let mut session = Session { user: user.to_owned(), current_db: db.map(str::to_owned), timezone: None };
        session.set_timezone(timezone)?;
        if let Some(db) = db {
            if !self.lock().has_database(db) {
                return Err(error::db_not_exist());
            }
        }
        Ok(session)
    }

    pub fn execute(&self, session: &mut Session, sql: &str) -> Result<Outcome, SqlError> {
        let statement = crate::sql::parse(sql)?;
        let outcome = exec::execute(&mut self.lock(), session, &self.shared.timezone, &statement, sql);
        if matches!(statement, crate::sql::ast::Statement::Insert(_)) {
            self.wrote();
        }
        outcome
    }

    pub fn prepare(&self, session: &Session, sql: &str) -> Result<Prepared, SqlError> {
        let ctx = Ctx::new(session, &self.shared.timezone)?;
        stmt::prepare(&self.lock(), &ctx, sql)
    }

    /// Inserts the bound rows; returns the number of rows written.
    pub fn bind_insert(&self, session: &Session, prepared: &Prepared, tables: Vec<BoundTable>) -> Result<u64, SqlError> {
        let ctx = Ctx::new(session, &self.shared.timezone)?;
        let written = stmt::bind_insert(&mut self.lock(), &ctx, prepared, tables);
        self.wrote();
        written
    }

    pub fn bind_query(&self, session: &Session, prepared: &Prepared, params: Vec<Value>) -> Result<ResultSet, SqlError> {
        let ctx = Ctx::new(session, &self.shared.timezone)?;
        stmt::bind_query(&self.lock(), &ctx, prepared, params)
    }

    /// `SELECT SERVER_VERSION()` and the `version` action report this.
    pub fn server_version(&self) -> &'static str {
        SERVER_VERSION
    }

    /// The state, recovered if a panic left it mid-statement: the transaction is rolled back
    /// and the catalog reloaded, so the next statement sees only committed data.
    fn lock(&self) -> MutexGuard<'_, State> {
        match self.shared.state.lock() {
            Ok(guard) => guard,
            Err(poisoned) => {
                let mut guard = poisoned.into_inner();
                if let Err(e) = guard.recover() {
                    log::error!("tdlite: recovering after a panic failed: {e}");
                }
                self.shared.state.clear_poison();
                guard
            }
        }
    }
}

/// A 3.3.x version at or above 3.3.2.0, so official clients take their fast paths.
pub const SERVER_VERSION: &str = "3.3.6.0";
