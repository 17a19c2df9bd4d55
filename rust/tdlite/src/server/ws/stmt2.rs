//! stmt2 on `/ws` (docs/protocol.md §9): init, prepare, bind (action 9), exec, result,
//! close, and bind_exec (action 11).

use super::bind;
use super::reply::ReplyTo;
use super::results::schema;
use super::Connection;
use crate::engine::{BoundColumn, BoundTable, Outcome, Prepared, ResultSet};
use tdflink_protocol::codes;
use tdflink_protocol::messages::{
    Stmt2ExecBody, Stmt2Field, Stmt2InitArgs, Stmt2PrepareArgs, Stmt2PrepareBody, Stmt2ResultBody, StmtArgs, StmtIdBody,
};
use tdflink_protocol::stmt2::{Stmt2Bind, Stmt2BindExec};
use tokio_tungstenite::tungstenite::Message;

/// Scale used to read DECIMAL query parameters, whose target scale is unknown.
const QUERY_DECIMAL_SCALE: u8 = 18;

/// A stmt2 statement of a connection.
#[derive(Default)]
pub struct Stmt2 {
    prepared: Option<Prepared>,
    /// Insert: tables bound since the last exec. Query: one table of parameters.
    bound: Vec<BoundTable>,
    result: Option<ResultSet>,
}

impl Connection {
    pub(super) fn stmt2_init(&mut self, reply: &ReplyTo<'_>, _args: Stmt2InitArgs) -> Message {
        let stmt_id = self.next_stmt_id();
        self.stmt2.insert(stmt_id, Stmt2::default());
        reply.ok(StmtIdBody { stmt_id })
    }

    pub(super) fn stmt2_prepare(&mut self, reply: &ReplyTo<'_>, args: Stmt2PrepareArgs) -> Message {
        let session = self.session.as_ref().expect("checked by dispatch");
        let Some(stmt) = self.stmt2.get_mut(&args.stmt_id) else {
            return reply.stmt_error(args.stmt_id, codes::ADAPTER_GENERIC, "stmt2 is nil");
        };
        match self.engine.prepare(session, &args.sql) {
            Ok(prepared) => {
                let fields: Vec<Stmt2Field> = prepared
                    .fields
                    .iter()
                    .map(|f| Stmt2Field {
                        name: f.name.clone(),
                        field_type: f.ty.code() as i8,
                        precision: f.precision,
                        scale: f.scale,
                        bytes: f.bytes,
                        bind_type: f.role as i8,
                    })
                    .collect();
                let body = Stmt2PrepareBody {
                    stmt_id: args.stmt_id,
                    is_insert: prepared.is_insert,
                    fields_count: if prepared.is_insert { fields.len() } else { prepared.param_count } as i32,
                    fields: prepared.is_insert.then_some(fields),
                };
                *stmt = Stmt2 { prepared: Some(prepared), ..Stmt2::default() };
                reply.ok(body)
            }
            Err(e) => reply.stmt_error(args.stmt_id, e.code, &e.message),
        }
    }

    /// Binary action 9.
    pub(super) fn stmt2_bind(&mut self, reply: &ReplyTo<'_>, stmt_id: u64, col_idx: i32, payload: &[u8]) -> Message {
        let Some(stmt) = self.stmt2.get_mut(&stmt_id) else {
            return reply.stmt_error(stmt_id, codes::ADAPTER_GENERIC, "stmt2 is nil");
        };
        let Some(prepared) = &stmt.prepared else {
            return reply.stmt_error(stmt_id, codes::SERVER_STMT_API_ERROR, "Stmt API usage error");
        };
        if col_idx != tdflink_protocol::stmt2::BIND_ALL_COLUMNS {
            return reply.stmt_error(stmt_id, codes::ADAPTER_GENERIC, "binding a single column is not supported");
        }
        let decoded = match Stmt2Bind::decode(payload) {
            Ok(b) => b,
            Err(e) => return reply.stmt_error(stmt_id, codes::ADAPTER_GENERIC, &e.to_string()),
        };
        let tables = if prepared.is_insert { bind::bound_tables(&decoded, &prepared.fields) } else { query_parameters(&decoded) };
        match tables {
            Ok(tables) => {
                stmt.bound.extend(tables);
                reply.ok(StmtIdBody { stmt_id })
            }
            Err(message) => reply.stmt_error(stmt_id, codes::SERVER_STMT_API_ERROR, &message),
        }
    }

    pub(super) fn stmt2_exec(&mut self, reply: &ReplyTo<'_>, args: StmtArgs) -> Message {
        let stmt_id = args.stmt_id;
        match self.execute_bound(stmt_id) {
            Ok(affected) => reply.ok(Stmt2ExecBody { stmt_id, affected: affected as i64 }),
            Err((code, message)) => reply.stmt_error(stmt_id, code, &message),
        }
    }

    /// Binary action 11: bind and exec in one round trip.
    pub(super) fn stmt2_bind_exec(&mut self, reply: &ReplyTo<'_>, stmt_id: u64, payload: &[u8]) -> Message {
        let tables = match self.stmt2.get(&stmt_id).map(|s| &s.prepared) {
            None => return reply.stmt_error(stmt_id, codes::ADAPTER_GENERIC, "stmt2 is nil"),
            Some(None) => return reply.stmt_error(stmt_id, codes::SERVER_STMT_API_ERROR, "Stmt API usage error"),
            Some(Some(prepared)) => match Stmt2BindExec::decode(payload) {
                Ok(decoded) if prepared.is_insert => bind::bound_tables_exec(&decoded, &prepared.fields),
                Ok(decoded) => query_parameters_exec(&decoded),
                Err(e) => return reply.stmt_error(stmt_id, codes::ADAPTER_GENERIC, &e.to_string()),
            },
        };
        let tables = match tables {
            Ok(t) => t,
            Err(message) => return reply.stmt_error(stmt_id, codes::SERVER_STMT_API_ERROR, &message),
        };
        if let Some(stmt) = self.stmt2.get_mut(&stmt_id) {
            stmt.bound = tables;
        }
        match self.execute_bound(stmt_id) {
            Ok(affected) => reply.ok(Stmt2ExecBody { stmt_id, affected: affected as i64 }),
            Err((code, message)) => reply.stmt_error(stmt_id, code, &message),
        }
    }

    fn execute_bound(&mut self, stmt_id: u64) -> Result<u64, (i32, String)> {
        let session = self.session.as_ref().expect("checked by dispatch");
        let stmt = self.stmt2.get_mut(&stmt_id).ok_or((codes::ADAPTER_GENERIC, "stmt2 is nil".to_owned()))?;
        let prepared = stmt.prepared.as_ref().ok_or((codes::SERVER_STMT_API_ERROR, "Stmt API usage error".to_owned()))?;
        let bound = std::mem::take(&mut stmt.bound);
        if prepared.is_insert {
            return self.engine.bind_insert(session, prepared, bound).map_err(|e| (e.code, e.message));
        }
        let params =
            bound.into_iter().next().map(|t| t.columns.into_iter().flat_map(BoundColumn::into_values).collect()).unwrap_or_default();
        let set = self.engine.bind_query(session, prepared, params).map_err(|e| (e.code, e.message))?;
        stmt.result = Some(set);
        Ok(0)
    }

    pub(super) fn stmt2_result(&mut self, reply: &ReplyTo<'_>, args: StmtArgs) -> Message {
        let stmt_id = args.stmt_id;
        let Some(stmt) = self.stmt2.get_mut(&stmt_id) else {
            return reply.stmt_error(stmt_id, codes::ADAPTER_GENERIC, "stmt2 is nil");
        };
        if stmt.prepared.as_ref().is_some_and(|p| p.is_insert) {
            return reply.stmt_error(stmt_id, codes::ADAPTER_GENERIC, "stmt is insert, no result set");
        }
        match stmt.result.take() {
            Some(set) => {
                let schema = schema(&set);
                let id = self.results.open(set, None);
                reply.ok(Stmt2ResultBody { stmt_id, id, schema })
            }
            None => reply.stmt_error(stmt_id, codes::ADAPTER_GENERIC, "stmt has no result set"),
        }
    }

    pub(super) fn stmt2_close(&mut self, reply: &ReplyTo<'_>, args: StmtArgs) -> Message {
        match self.stmt2.remove(&args.stmt_id) {
            Some(_) => reply.ok(StmtIdBody { stmt_id: args.stmt_id }),
            None => reply.stmt_error(args.stmt_id, codes::ADAPTER_GENERIC, "stmt2 is nil"),
        }
    }

    /// Runs a statement given as SQL text (query, binary query).
    pub(super) fn run_sql(&mut self, reply: &ReplyTo<'_>, sql: &str) -> Message {
        use tdflink_protocol::messages::QueryBody;
        let session = self.session.as_mut().expect("checked by dispatch");
        match self.engine.execute(session, sql) {
            Ok(Outcome::Affected(n)) => reply.ok(QueryBody { id: 0, is_update: true, affected_rows: n as i64, schema: Default::default() }),
            Ok(Outcome::Rows(set)) => {
                let schema = schema(&set);
                let generated = self.generated.as_ref().and_then(|g| g.cursor(sql, session.current_db.as_deref(), &set.columns));
                let id = self.results.open(set, generated);
                reply.ok(QueryBody { id, is_update: false, affected_rows: 0, schema })
            }
            Err(e) => reply.error(e.code, &e.message, None),
        }
    }
}

/// Query parameters of a stmt2 bind: one single-row column per `?`.
fn query_parameters(bind: &Stmt2Bind<'_>) -> Result<Vec<BoundTable>, String> {
    let table = bind.tables.first().ok_or("no parameters bound")?;
    parameters(table.columns.iter())
}

fn query_parameters_exec(bind: &Stmt2BindExec<'_>) -> Result<Vec<BoundTable>, String> {
    parameters(bind.fields.iter())
}

fn parameters<'a, 'b: 'a>(columns: impl Iterator<Item = &'a tdflink_protocol::stmt2::BindColumn<'b>>) -> Result<Vec<BoundTable>, String> {
    let mut values: Vec<BoundColumn> = vec![];
    for c in columns {
        values.push(bind::column_values(c, QUERY_DECIMAL_SCALE)?.into());
    }
    Ok(vec![BoundTable { name: None, tags: vec![], columns: values }])
}
