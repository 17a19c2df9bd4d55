//! Helpers for the engine tests: an in-memory engine and a session, and shorthands for
//! running SQL and looking at results.
#![allow(dead_code)]

use tdlite::engine::{BoundColumn, Engine, EngineConfig, Outcome, ResultSet, Session, Value};
use tdlite::sql::SqlError;

pub struct Db {
    pub engine: Engine,
    pub session: Session,
}

impl Db {
    /// A fresh in-memory engine with a session in UTC and no current database.
    pub fn new() -> Db {
        Db::with_engine(Engine::open(EngineConfig::default()).expect("open"))
    }

    pub fn with_engine(engine: Engine) -> Db {
        let session = engine.session("root", None, None).expect("session");
        Db { engine, session }
    }

    /// Runs `sql`, panicking with the statement on failure.
    pub fn exec(&mut self, sql: &str) -> Outcome {
        self.engine.execute(&mut self.session, sql).unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Runs each statement of a `;`-separated script.
    pub fn script(&mut self, sql: &str) {
        for statement in sql.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            self.exec(statement);
        }
    }

    pub fn affected(&mut self, sql: &str) -> u64 {
        match self.exec(sql) {
            Outcome::Affected(n) => n,
            Outcome::Rows(_) => panic!("{sql} returned rows"),
        }
    }

    pub fn query(&mut self, sql: &str) -> ResultSet {
        match self.exec(sql) {
            Outcome::Rows(set) => set,
            Outcome::Affected(n) => panic!("{sql} affected {n} rows instead of returning rows"),
        }
    }

    pub fn rows(&mut self, sql: &str) -> Vec<Vec<Value>> {
        self.query(sql).rows
    }

    /// The single value of a one-row, one-column result.
    pub fn value(&mut self, sql: &str) -> Value {
        let rows = self.rows(sql);
        assert_eq!(rows.len(), 1, "{sql}: {rows:?}");
        assert_eq!(rows[0].len(), 1, "{sql}: {rows:?}");
        rows[0][0].clone()
    }

    pub fn err(&mut self, sql: &str) -> SqlError {
        match self.engine.execute(&mut self.session, sql) {
            Ok(outcome) => panic!("{sql} succeeded: {outcome:?}"),
            Err(e) => e,
        }
    }

    /// The column names of a result.
    pub fn names(&mut self, sql: &str) -> Vec<String> {
        self.query(sql).columns.into_iter().map(|c| c.name).collect()
    }
}

pub fn int(v: i64) -> Value {
    Value::Int(v)
}

pub fn uint(v: u64) -> Value {
    Value::UInt(v)
}

pub fn ts(v: i64) -> Value {
    Value::Timestamp(v)
}

pub fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

pub fn float(v: f64) -> Value {
    Value::Float(v)
}

/// Bound columns from their values.
pub fn bound(columns: Vec<Vec<Value>>) -> Vec<BoundColumn> {
    columns.into_iter().map(BoundColumn::from).collect()
}

/// A database `db` (created and used) with supertable `meters` and three subtables.
pub fn meters(precision: &str) -> Db {
    let mut db = Db::new();
    db.script(&format!(
        "CREATE DATABASE power PRECISION '{precision}' VGROUPS 2;
         USE power;
         CREATE STABLE meters (ts TIMESTAMP, current FLOAT, voltage INT, phase DOUBLE)
             TAGS (location VARCHAR(24), groupid INT);
         CREATE TABLE d1001 USING meters TAGS ('California.SanFrancisco', 2)
                      d1002 USING meters TAGS ('California.SanFrancisco', 3)
                      d1003 USING meters TAGS ('California.LosAngeles', 2)"
    ));
    db
}
