//! Topics: CREATE / DROP TOPIC, their durable definitions, and the rows a topic yields for one
//! write-log entry (wal.rs). A topic is stored as its CREATE statement and re-parsed when used,
//! so SHOW TOPICS can print it as written.

use super::catalog::TableKind;
use super::error::{self, Result};
use super::result::ResultSet;
use super::state::{Ctx, State};
use super::wal::Entry;
use super::{replay, select};
use crate::sql::ast::{ColumnRef, CreateTopic, Expr, FromSource, Identifier, Limit, Select, SelectItem, Statement, TableName, TopicSource};
use crate::sql::SqlError;
use rusqlite::{params, OptionalExtension};
use tdflink_protocol::codes;

pub const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS td_topics (
        name TEXT PRIMARY KEY, db TEXT NOT NULL, sql TEXT NOT NULL, created INTEGER NOT NULL);";

/// A topic as defined.
#[derive(Clone, Debug)]
pub struct Topic {
    pub name: String,
    pub db: String,
    /// The CREATE TOPIC statement as the client sent it.
    pub sql: String,
    /// Milliseconds since the epoch.
    pub created: i64,
    source: TopicSource,
}

pub fn not_exist() -> SqlError {
    SqlError::new(codes::SERVER_TOPIC_NOT_EXIST, "Topic not exist")
}

/// TDengine refuses to drop a database or supertable that a topic reads.
pub fn must_be_dropped() -> SqlError {
    SqlError::new(codes::SERVER_TOPIC_MUST_BE_DROPPED, "Topic must be dropped first")
}

pub fn create(state: &mut State, ctx: &Ctx<'_>, create: &CreateTopic, sql: &str) -> Result<()> {
    let name = &create.name.name;
    if create.with_meta {
        // TDengine sends such a topic's DDL and deletes as meta messages, which tdlite does
        // not produce: refused rather than delivered without them.
        return Err(error::invalid_operation("CREATE TOPIC ... WITH META is not supported by tdlite"));
    }
    if find(state, name)?.is_some() {
        return if create.if_not_exists { Ok(()) } else { Err(SqlError::new(codes::SERVER_TOPIC_ALREADY_EXISTS, "Topic already exists")) };
    }
    let db = match &create.source {
        TopicSource::Query(query) => match &query.from {
            Some(FromSource::Table { name, .. }) => ctx.db_name(name.db.as_ref())?,
            _ => return Err(error::invalid_operation("A topic must read a table or supertable")),
        },
        TopicSource::Stable { name, .. } => ctx.db_name(name.db.as_ref())?,
        TopicSource::Database(db) => db.name.clone(),
    };
    let topic = Topic { name: name.clone(), db, sql: sql.trim().to_owned(), created: state.now_millis(), source: create.source.clone() };
    validate(state, ctx, &topic)?;
    state.transaction(|s| {
        s.conn
            .execute(
                "INSERT INTO td_topics (name, db, sql, created) VALUES (?1, ?2, ?3, ?4)",
                params![topic.name, topic.db, topic.sql, topic.created],
            )
            .map_err(error::storage)?;
        Ok(())
    })
}

/// Only what TDengine accepts: a projection with an optional filter over one table or
/// supertable of a user database.
fn validate(state: &State, ctx: &Ctx<'_>, topic: &Topic) -> Result<()> {
    let database = state.catalog.database(&topic.db)?;
    match &topic.source {
        TopicSource::Query(query) => {
            let plain = !query.distinct
                && query.group_by.is_empty()
                && query.partition_by.is_empty()
                && query.order_by.is_empty()
                && query.limit.is_none();
            if !plain {
                return Err(error::invalid_operation("Invalid topic query"));
            }
            let mut probe = (**query).clone();
            probe.limit = Some(Limit { count: 0, offset: 0 });
            select::query(state, ctx, &probe).map(|_| ())
        }
        TopicSource::Stable { name, .. } => match database.table(&name.name.name)?.kind {
            TableKind::Super(_) => Ok(()),
            _ => Err(error::stable_not_exist()),
        },
        TopicSource::Database(_) => Ok(()),
    }
}

/// DROP TOPIC; the caller has checked that no consumer subscribes it.
pub fn remove(state: &mut State, name: &Identifier, if_exists: bool) -> Result<()> {
    if find(state, &name.name)?.is_none() {
        return if if_exists { Ok(()) } else { Err(not_exist()) };
    }
    state.transaction(|s| {
        s.conn.execute("DELETE FROM td_topics WHERE name = ?1", [&name.name]).map_err(error::storage)?;
        super::offsets::delete_topic(&s.conn, &name.name)
    })
}

pub fn find(state: &State, name: &str) -> Result<Option<Topic>> {
    state
        .conn
        .prepare_cached("SELECT name, db, sql, created FROM td_topics WHERE name = ?1")
        .map_err(error::storage)?
        .query_row([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()
        .map_err(error::storage)?
        .map(|(name, db, sql, created)| parse(name, db, sql, created))
        .transpose()
}

pub fn list(state: &State) -> Result<Vec<Topic>> {
    let mut stmt = state.conn.prepare("SELECT name, db, sql, created FROM td_topics ORDER BY name").map_err(error::storage)?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).map_err(error::storage)?;
    rows.map(|row| row.map_err(error::storage).and_then(|(name, db, sql, created)| parse(name, db, sql, created))).collect()
}

fn parse(name: String, db: String, sql: String, created: i64) -> Result<Topic> {
    match crate::sql::parse(&sql)? {
        Statement::CreateTopic(create) => Ok(Topic { name, db, sql, created, source: create.source }),
        _ => Err(error::internal(format!("topic {name} is stored as a statement that is not CREATE TOPIC"))),
    }
}

impl Topic {
    /// Whether this topic reads supertable `stable` of `db` by name (`AS SELECT ... FROM
    /// stable` or `AS STABLE stable`).
    pub fn reads_stable(&self, db: &str, stable: &str) -> bool {
        let source = match &self.source {
            TopicSource::Query(query) => match &query.from {
                Some(FromSource::Table { name, .. }) => &name.name.name,
                _ => return false,
            },
            TopicSource::Stable { name, .. } => &name.name.name,
            TopicSource::Database(_) => return false,
        };
        self.db == db && source == stable
    }

    /// The rows this topic yields for one log entry, or `None` when the entry's table is not
    /// one the topic reads (or was dropped since). `ctx` replays the log: the entry's rows are
    /// loaded where the query reads them (replay.rs).
    pub fn rows(&self, state: &State, ctx: &Ctx<'_>, entry: &Entry) -> Result<Option<ResultSet>> {
        let Some(database) = state.catalog.databases.get(&entry.db).filter(|_| entry.db == self.db) else {
            return Ok(None);
        };
        let Some(table) = database.tables.get(&entry.table).filter(|t| t.id == entry.table_id) else {
            return Ok(None);
        };
        let stable = match &table.kind {
            TableKind::Child { stable } => Some(stable.as_str()),
            _ => None,
        };
        let query = match &self.source {
            TopicSource::Query(query) => {
                let Some(FromSource::Table { name, .. }) = &query.from else { return Ok(None) };
                let source = name.name.name.as_str();
                if source != entry.table && Some(source) != stable {
                    return Ok(None);
                }
                (**query).clone()
            }
            TopicSource::Stable { name, filter } => {
                if Some(name.name.name.as_str()) != stable {
                    return Ok(None);
                }
                let columns = database.schema_of(table)?.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
                columns_of(&self.db, &name.name.name, &columns, filter.clone())
            }
            TopicSource::Database(_) => {
                let columns = database.schema_of(table)?.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
                columns_of(&self.db, &entry.table, &columns, None)
            }
        };
        replay::load(state, entry)?;
        select::query(state, ctx, &query).map(Some)
    }
}

/// `SELECT <names> FROM db.table [WHERE filter]`.
fn columns_of(db: &str, table: &str, names: &[String], filter: Option<Expr>) -> Select {
    let table = TableName { db: Some(Identifier::quoted(db)), name: Identifier::quoted(table) };
    let column = |name: &String| Expr::Column(ColumnRef { table: None, name: Identifier::quoted(name) });
    Select::from_table(table, names.iter().map(|n| SelectItem::Expr { expr: column(n), alias: None }).collect(), filter)
}
