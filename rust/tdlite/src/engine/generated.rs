//! The catalog side of `--generated-meters`: `bench.meters` and its subtables exist like any
//! others (DESCRIBE, SHOW, metadata queries and topics see them), but hold no rows; the server
//! serves their rows, and those of the topic `meters_topic`, from memory (server/generated).

use super::{Engine, Session};
use crate::meters::{self, MetersSpec};
use crate::sql::SqlError;

/// The topic over the generated rows, created with them; its messages come from memory too.
pub const TOPIC: &str = "meters_topic";

/// Subtables per CREATE TABLE statement.
const TABLES_PER_STATEMENT: usize = 500;

/// Creates what is missing (a durable data dir may already hold it from an earlier start).
pub fn create_catalog(engine: &Engine, spec: MetersSpec) -> Result<(), SqlError> {
    let mut session = Session { user: "root".to_owned(), current_db: None, timezone: None };
    let mut run = |sql: &str| engine.execute(&mut session, sql).map(drop);
    run(&format!("create database if not exists {}", meters::DATABASE))?;
    run(&meters::CREATE_STABLE.replacen("create stable", "create stable if not exists", 1))?;
    for first in (0..spec.tables).step_by(TABLES_PER_STATEMENT) {
        let tables: String = (first..spec.tables.min(first + TABLES_PER_STATEMENT))
            .map(|t| {
                let (db, stable, name) = (meters::DATABASE, meters::STABLE, meters::table_name(t));
                format!(" if not exists {db}.{name} using {db}.{stable} tags ({}, '{}')", meters::groupid(t), meters::location(t))
            })
            .collect();
        run(&format!("create table{tables}"))?;
    }
    run(&topic_sql())
}

/// The statement that creates the topic; it is stored as written (topic.rs).
fn topic_sql() -> String {
    format!("create topic if not exists {TOPIC} as select * from {}.{}", meters::DATABASE, meters::STABLE)
}

impl Engine {
    /// Whether `topic` is the generated topic as created at start-up (not dropped and made
    /// again over something else), whose messages then come from the generated log.
    pub fn is_generated_topic(&self, topic: &str) -> bool {
        self.shared.generated_meters.is_some()
            && topic == TOPIC
            && super::topic::find(&self.lock(), topic).ok().flatten().is_some_and(|t| t.sql == topic_sql())
    }

    /// The vgroup of table `table` of database `db` (the generated topic spreads its rows so).
    pub fn vgroup_of(&self, db: &str, table: &str) -> Option<u32> {
        self.lock().catalog.databases.get(db).map(|d| d.vgroup_of(table))
    }
}
