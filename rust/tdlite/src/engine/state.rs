//! The engine's state behind its mutex: the SQLite connection and the catalog it mirrors,
//! plus the per-statement context (time zone, NOW, current database).

use super::catalog::{self, Catalog};
use super::consumers::Consumers;
use super::convert::Clock;
use super::error::{self, Result};
use super::time::{self, Zone};
use super::{sqlfuncs, storage, Session};
use crate::sql::ast::Identifier;
use jiff::tz::TimeZone;
use rusqlite::Connection;
use std::path::Path;
use tdflink_protocol::codes;
use tdflink_protocol::types::Precision;

pub struct State {
    pub conn: Connection,
    pub catalog: Catalog,
    /// Benchmark mode: rows are decoded and validated, counted, and not stored.
    pub discard_rows: bool,
    /// TMQ consumer groups; here so DROP TOPIC and SHOW CONSUMERS see them.
    pub consumers: Consumers,
}

impl State {
    pub fn open(dir: Option<&Path>, discard_rows: bool, consumers: Consumers) -> Result<State> {
        let conn = storage::open(dir)?;
        sqlfuncs::register(&conn).map_err(error::storage)?;
        let catalog = storage::load_catalog(&conn)?;
        Ok(State { conn, catalog, discard_rows, consumers })
    }

    pub fn now_millis(&self) -> i64 {
        time::ticks_from_nanos(time::now_nanos(), Precision::Millisecond)
    }

    /// Runs `f` as one transaction: all of a statement's writes land, or none do. On failure
    /// the catalog is reloaded, dropping whatever `f` changed in memory.
    pub fn transaction<T>(&mut self, f: impl FnOnce(&mut State) -> Result<T>) -> Result<T> {
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(error::storage)?;
        let result = f(self).and_then(|v| self.conn.execute_batch("COMMIT").map(|_| v).map_err(error::storage));
        if result.is_err() {
            self.recover()?;
        }
        result
    }

    /// Brings memory back in line with the store after a failed (or abandoned) transaction.
    pub fn recover(&mut self) -> Result<()> {
        if !self.conn.is_autocommit() {
            self.conn.execute_batch("ROLLBACK").map_err(error::storage)?;
        }
        self.catalog = storage::load_catalog(&self.conn)?;
        Ok(())
    }

    /// Whether `name` is a database a session can use: a user database or a system one.
    pub fn has_database(&self, name: &str) -> bool {
        catalog::is_system_db(name) || self.catalog.databases.contains_key(name)
    }
}

/// What one statement runs with.
pub struct Ctx<'a> {
    pub session: &'a Session,
    /// The session's zone, else the server's.
    pub tz: TimeZone,
    /// What `TIMEZONE()` reports.
    pub tz_name: String,
    /// NOW for the whole statement, in nanoseconds since the epoch.
    pub now: i128,
    /// Replaying the write log for a topic: data tables are read from their copies holding
    /// one log entry's rows (replay.rs).
    pub replay: bool,
}

impl<'a> Ctx<'a> {
    /// A statement of `session`, in its own time zone if it set one, else in `server`'s.
    pub fn new(session: &'a Session, server: &Zone) -> Result<Ctx<'a>> {
        let zone = match session.timezone.as_deref() {
            Some(name) => Zone::named(name).ok_or_else(|| invalid_timezone(Some(name)))?,
            None => server.clone(),
        };
        Ok(Ctx { session, tz: zone.tz, tz_name: zone.name, now: time::now_nanos(), replay: false })
    }

    /// The database a name refers to: its own qualifier, else the session's current one.
    pub fn db_name(&self, qualifier: Option<&Identifier>) -> Result<String> {
        match qualifier {
            Some(db) => Ok(db.name.clone()),
            None => self.session.current_db.clone().ok_or_else(error::db_not_specified),
        }
    }

    pub fn clock(&self, precision: Precision) -> Clock<'_> {
        Clock { precision, tz: &self.tz, now: self.now }
    }
}

pub fn invalid_timezone(name: Option<&str>) -> crate::sql::SqlError {
    crate::sql::SqlError::new(codes::SERVER_INVALID_PARAMETERS, format!("Invalid timezone: {}", name.unwrap_or("")))
}
