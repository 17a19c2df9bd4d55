//! Runs one parsed statement against the state.

use super::error::{self, Result};
use super::result::Outcome;
use super::state::{Ctx, State};
use super::time::Zone;
use super::{ddl, delete, insert, offsets, select, show, topic, Session};
use crate::sql::ast::Statement;
use crate::sql::SqlError;
use tdflink_protocol::codes;

/// `sql` is the statement's text, which CREATE TOPIC keeps; `zone` is the server's.
pub fn execute(state: &mut State, session: &mut Session, zone: &Zone, statement: &Statement, sql: &str) -> Result<Outcome> {
    if let Statement::Use(db) = statement {
        if !state.has_database(&db.name) {
            return Err(error::db_not_exist());
        }
        session.current_db = Some(db.name.clone());
        return Ok(Outcome::Affected(0));
    }
    let ctx = &Ctx::new(session, zone)?;
    let done = |rows: u64| Ok(Outcome::Affected(rows));
    match statement {
        Statement::CreateDatabase(create) => ddl::create_database(state, create).and(done(0)),
        Statement::DropDatabase { name, if_exists } => ddl::drop_database(state, name, *if_exists).and(done(0)),
        Statement::Use(_) => done(0),
        Statement::CreateTable(create) => ddl::create_table(state, ctx, create, false).and(done(0)),
        Statement::CreateStable(create) => ddl::create_table(state, ctx, create, true).and(done(0)),
        Statement::CreateSubtables(subtables) => ddl::create_subtables(state, ctx, subtables).and(done(0)),
        Statement::DropTables(targets) => ddl::drop_tables(state, ctx, targets).and(done(0)),
        Statement::DropStable(target) => ddl::drop_stable(state, ctx, target).and(done(0)),
        Statement::Describe(name) => show::describe(state, ctx, name).map(Outcome::Rows),
        Statement::Show(what) => show::show(state, ctx, what).map(Outcome::Rows),
        Statement::Insert(statement) => insert::execute(state, ctx, statement).map(Outcome::Affected),
        Statement::Delete(statement) => delete::execute(state, ctx, statement).map(Outcome::Affected),
        Statement::Select(query) => select::query(state, ctx, query).map(Outcome::Rows),
        Statement::CreateTopic(create) => topic::create(state, ctx, create, sql).and(done(0)),
        Statement::DropTopic { name, if_exists, .. } => {
            if state.consumers.subscribes(&name.name) {
                return Err(SqlError::new(codes::SERVER_TOPIC_SUBSCRIBED, "Topic subscribed cannot be dropped"));
            }
            topic::remove(state, name, *if_exists).and(done(0))
        }
        Statement::DropConsumerGroup { group, topic: name, if_exists, .. } => {
            if state.consumers.group_subscribes(&group.name, &name.name) {
                return Err(SqlError::new(codes::SERVER_CGROUP_USED, "Consumer group being used by some consumer"));
            }
            if topic::find(state, &name.name)?.is_none() && !*if_exists {
                return Err(topic::not_exist());
            }
            state.transaction(|s| offsets::delete_group(&s.conn, &group.name, &name.name)).and(done(0))
        }
    }
}
