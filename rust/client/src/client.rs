//! The query client: connects and logs in, runs SQL through the binary query path (or, with
//! parameters, through stmt2) and reads results block by block through binary fetch
//! (docs/protocol.md §4.3, §5.1, §9.2).

use crate::config::ConnectionConfig;
use crate::connection::{Connection, Reply};
use crate::error::{Error, Kind, Result};
use crate::reconnect::{Handshake, Link, Reconnector};
use crate::{reply, stmt2};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use tdflink_protocol::codes;
use tdflink_protocol::columns::Batch;
use tdflink_protocol::frames::{BinaryRequest, FetchOutcome, FetchRawBlockResponse};
use tdflink_protocol::messages::{action, ConnArgs, QueryBody, ResultArgs, ResultSchema, SessionOptions, StmtArgs};
use tdflink_protocol::types::{DataType, Precision};
use tokio_tungstenite::tungstenite::Message;

/// One result column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub ty: DataType,
    /// User-facing width (VARCHAR(n): n, NCHAR(n): n characters).
    pub bytes: i64,
    /// DECIMAL digits, else 0.
    pub precision: u8,
    /// DECIMAL scale, else 0.
    pub scale: u8,
}

/// What a statement produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// INSERT, DDL, USE…: rows affected.
    Affected(u64),
    /// A result to read with [`Client::fetch`].
    Rows(ResultHandle),
}

/// An open result on the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultHandle {
    pub id: u64,
    pub fields: Vec<Field>,
    /// Unit of every TIMESTAMP value in the result's blocks.
    pub precision: Precision,
    /// Epoch of the connection the result lives on (see [`crate::reconnect`]).
    pub epoch: u64,
    /// The stmt2 statement the result belongs to ([`Client::query_with_params`]): closed
    /// once the result is exhausted or freed, not before, since closing it frees the result.
    pub statement: Option<u64>,
}

/// The columns a query returns and the unit of their timestamps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultDescription {
    pub fields: Vec<Field>,
    pub precision: Precision,
}

/// A logged-in `/ws` session. Cheap to clone; clones share the connection, and a reconnect
/// made by one serves them all.
#[derive(Clone)]
pub struct Client {
    session: Arc<Reconnector<Login>>,
}

/// The `/ws` handshake: `conn` with the configured user, database and time zone.
struct Login;

impl Handshake for Login {
    async fn greet(&self, connection: &Connection, config: &ConnectionConfig) -> Result<()> {
        let conn = ConnArgs {
            user: config.user.clone(),
            password: config.password.clone(),
            db: Some(config.database.clone().unwrap_or_default()),
            session: SessionOptions {
                tz: config.session_timezone().map(str::to_owned),
                connector: Some(concat!("tdflink-", env!("CARGO_PKG_VERSION")).to_owned()),
                ..SessionOptions::default()
            },
            ..ConnArgs::default()
        };
        let _: Value = reply::json(reply::action(connection, action::CONN, &conn, Duration::ZERO).await?)?;
        Ok(())
    }
}

impl Client {
    /// Opens `/ws`, checks the server version and logs in.
    pub async fn connect(config: &ConnectionConfig) -> Result<Client> {
        Ok(Client { session: Arc::new(Reconnector::connect(config.clone(), "/ws", Login).await?) })
    }

    /// Epoch of the current connection: server state made in an older one is gone.
    pub fn epoch(&self) -> u64 {
        self.session.link().epoch
    }

    /// Whether a lost connection may be replaced (`enableAutoReconnect`), and how many times in
    /// a row (`reconnectRetryCount`).
    pub fn reconnect_attempts(&self) -> u32 {
        let config = self.session.config();
        if config.auto_reconnect {
            config.reconnect_retry_count
        } else {
            0
        }
    }

    /// Replaces the connection of `epoch` after it was lost (shared with every clone: if one
    /// already replaced it, nothing more happens).
    pub async fn reconnect_from(&self, epoch: u64) -> Result<()> {
        let link = self.session.link();
        if link.epoch == epoch {
            self.session.reconnect(&link).await?;
        }
        Ok(())
    }

    /// The version the server reported when the current connection was opened.
    pub fn server_version(&self) -> String {
        self.session.link().server_version.to_string()
    }

    /// Runs one statement through the binary query path (action 6). Repeated on a new
    /// connection when the connection is lost and auto-reconnect is on.
    pub async fn query(&self, sql: &str) -> Result<Outcome> {
        self.session.repeatable(|link| query_on(link, sql)).await
    }

    /// Runs `sql`, a query with `?` placeholders, with `params` bound to them: a one-row
    /// batch, one column per placeholder in order, each bound
    /// with its own type; TIMESTAMP values as they are (in the database's unit). Goes through
    /// stmt2, so no value ever becomes SQL text. Like [`Client::query`], repeated on a new
    /// connection when the connection is lost and auto-reconnect is on.
    pub async fn query_with_params(&self, sql: &str, params: &Batch<'_>) -> Result<ResultHandle> {
        let epoch = self.epoch();
        match stmt2::query(self, sql, params).await {
            // Also 0x2304: another user of the session reconnected while this one prepared.
            Err(e) if e.kind() == Kind::Connection && self.session.config().auto_reconnect => {
                log::warn!("{e}; reconnecting and repeating the query");
                self.reconnect_from(epoch).await?;
                stmt2::query(self, sql, params).await
            }
            outcome => outcome,
        }
    }

    /// The columns `sql` returns, without reading a row: runs `select * from (sql) limit 0`,
    /// which the server plans but never reads, and frees its result. A statement that cannot
    /// be a subquery (INSERT, DDL) is refused by the server, so it never runs.
    pub async fn describe(&self, sql: &str) -> Result<ResultDescription> {
        match self.query(&format!("select * from ({sql}) limit 0")).await? {
            Outcome::Rows(result) => {
                self.free_result(&result)?;
                Ok(ResultDescription { fields: result.fields, precision: result.precision })
            }
            Outcome::Affected(_) => Err(Error::config(codes::CONNECTOR_SQL_EXECUTION_NO_RESULTS, format!("no result set: {sql}"))),
        }
    }

    /// Runs a statement that produces no rows and returns the rows it affected.
    pub async fn exec(&self, sql: &str) -> Result<u64> {
        match self.query(sql).await? {
            Outcome::Affected(n) => Ok(n),
            Outcome::Rows(result) => {
                self.free_result(&result)?;
                Err(Error::config(codes::DRIVER_INVALID_SQL, format!("statement returns rows: {sql}")))
            }
        }
    }

    /// The next raw block of a result (docs/protocol.md §6), `None` once it is exhausted;
    /// the server frees the result then (and the result's statement is closed). Never
    /// repeated: a result lost with its connection is an error (0x2305 with auto-reconnect,
    /// else 0x2301); the query must run again.
    pub async fn fetch(&self, result: &ResultHandle) -> Result<Option<Vec<u8>>> {
        let link = self.session.link();
        if link.epoch != result.epoch {
            return Err(lost(result));
        }
        match fetch_on(&link, result.id).await {
            Err(e) if e.is_connection_lost() && self.session.config().auto_reconnect => Err(lost(result).with_cause(e)),
            Ok(None) => {
                close_statement(&link, result);
                Ok(None)
            }
            outcome => outcome,
        }
    }

    /// Sends a JSON action (`args` gets a fresh `req_id`) on the current connection and decodes
    /// its reply; an error reply becomes its server error. Never repeated after a loss: such
    /// actions name server state (statement ids) of the connection they were made on.
    pub async fn call_json<T: serde::de::DeserializeOwned>(&self, action: &str, args: impl serde::Serialize) -> Result<T> {
        reply::json(reply::action(&self.session.link().connection, action, &args, Duration::ZERO).await?)
    }

    /// Sends a binary request that `encode` builds for a fresh `req_id`, and decodes its JSON
    /// reply. Never repeated, like [`Client::call_json`].
    pub async fn call_binary<T: serde::de::DeserializeOwned>(&self, encode: impl FnOnce(u64) -> Result<Vec<u8>>) -> Result<T> {
        let connection = self.session.link().connection;
        let req_id = connection.next_req_id();
        let request = encode(req_id)?;
        reply::json(connection.call(req_id, Message::binary(request)).await?)
    }

    /// Frees a result before it was read to the end, then closes its statement (the server
    /// frees exhausted results itself, and one lost with its connection is gone already).
    pub fn free_result(&self, result: &ResultHandle) -> Result<()> {
        let link = self.session.link();
        if link.epoch != result.epoch {
            return Ok(());
        }
        let req_id = link.connection.next_req_id();
        link.connection.send(request(action::FREE_RESULT, ResultArgs { req_id, id: result.id })?)?;
        close_statement(&link, result);
        Ok(())
    }
}

/// Closes the stmt2 statement of a result that is done with. Sent without waiting, like
/// `free_result`: its reply (an error if both the end and a free closed it) is dropped, and a
/// connection that cannot send it any more took the statement with it.
fn close_statement(link: &Link, result: &ResultHandle) {
    if let Some(stmt_id) = result.statement {
        let req_id = link.connection.next_req_id();
        if let Ok(message) = request(action::STMT2_CLOSE, StmtArgs { req_id, stmt_id }) {
            let _ = link.connection.send(message);
        }
    }
}

/// A JSON request message.
fn request(action: &str, args: impl serde::Serialize) -> Result<Message> {
    let text = serde_json::to_string(&tdflink_protocol::messages::Request::new(action, args))
        .map_err(|e| Error::internal(format!("cannot encode {action}: {e}")))?;
    Ok(Message::text(text))
}

fn lost(result: &ResultHandle) -> Error {
    Error::lost_with_connection(
        codes::DRIVER_RESULTSET_CLOSED,
        format!("result {} was lost with its connection and cannot be resumed; run the query again", result.id),
    )
}

async fn query_on(link: Link, sql: &str) -> Result<Outcome> {
    let req_id = link.connection.next_req_id();
    let request = BinaryRequest::Query { req_id, sql }.encode().map_err(|e| Error::protocol("cannot encode query").with_cause(e))?;
    let body: QueryBody = reply::json(link.connection.call(req_id, Message::binary(request)).await?)?;
    if body.is_update {
        return Ok(Outcome::Affected(body.affected_rows.max(0) as u64));
    }
    Ok(Outcome::Rows(result_handle(body.id, &body.schema, link.epoch)?))
}

/// A result as a query or `stmt2_result` reply describes it.
pub(crate) fn result_handle(id: u64, schema: &ResultSchema, epoch: u64) -> Result<ResultHandle> {
    Ok(ResultHandle { id, fields: fields(schema)?, precision: precision(schema.precision)?, epoch, statement: None })
}

async fn fetch_on(link: &Link, result_id: u64) -> Result<Option<Vec<u8>>> {
    let req_id = link.connection.next_req_id();
    let request =
        BinaryRequest::FetchRawBlock { req_id, result_id }.encode().map_err(|e| Error::protocol("cannot encode fetch").with_cause(e))?;
    let frame = match link.connection.call(req_id, Message::binary(request)).await? {
        Reply::Binary(frame) => frame,
        Reply::Json(json) => {
            return Err(reply::server_error(&json).unwrap_or_else(|| Error::protocol(format!("unexpected fetch reply {json}"))))
        }
    };
    let response = FetchRawBlockResponse::parse(&frame).map_err(|e| Error::protocol("bad fetch reply").with_cause(e))?;
    match response.outcome {
        FetchOutcome::Block(block) => Ok(Some(block.to_vec())),
        FetchOutcome::Completed => Ok(None),
        FetchOutcome::Error(e) => Err(Error::server(e.code, e.message.into_owned())),
    }
}

fn precision(code: u8) -> Result<Precision> {
    Precision::from_code(code).ok_or_else(|| Error::protocol(format!("unknown timestamp precision {code}")))
}

fn fields(schema: &ResultSchema) -> Result<Vec<Field>> {
    let names = schema.fields_names.as_deref().unwrap_or_default();
    let types = schema.fields_types.as_deref().unwrap_or_default();
    let lengths = schema.fields_lengths.as_deref().unwrap_or_default();
    let precisions = schema.fields_precisions.as_deref().unwrap_or_default();
    let scales = schema.fields_scales.as_deref().unwrap_or_default();
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let code = types.get(i).copied().unwrap_or(0);
            let ty = DataType::from_code(code).ok_or_else(|| Error::protocol(format!("unknown type code {code} of column {name}")))?;
            Ok(Field {
                name: name.clone(),
                ty,
                bytes: lengths.get(i).copied().unwrap_or(0),
                precision: precisions.get(i).copied().unwrap_or(0) as u8,
                scale: scales.get(i).copied().unwrap_or(0) as u8,
            })
        })
        .collect()
}
