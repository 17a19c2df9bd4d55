//! The query client: connects and logs in, runs SQL through the binary query path and reads
//! results block by block through binary fetch (protocol reference §4.5, §5.1).

use crate::config::ConnectionConfig;
use crate::connection::{Connection, Reply};
use crate::error::{Error, Result};
use crate::transport;
use serde_json::{json, Value};
use tdflink_protocol::codes;
use tdflink_protocol::frames::{BinaryRequest, FetchOutcome, FetchRawBlockResponse};
use tdflink_protocol::messages::{QueryBody, ResultSchema, VersionBody};
use tdflink_protocol::types::{DataType, Precision};
use tokio_tungstenite::tungstenite::Message;

/// The oldest server whose binary query and fetch paths we use.
const MIN_SERVER_VERSION: [u32; 4] = [3, 3, 2, 0];

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
}

/// A logged-in `/ws` connection. Cheap to clone; clones share the connection.
#[derive(Clone)]
pub struct Client {
    connection: Connection,
    server_version: String,
}

impl Client {
    /// Opens `/ws`, checks the server version and logs in.
    pub async fn connect(config: &ConnectionConfig) -> Result<Client> {
        let socket = transport::open(config, "/ws").await?;
        let connection = Connection::start(socket, config.message_timeout);
        // `version` travels without args, so its reply carries req_id 0.
        let version: VersionBody = json_reply(connection.call(0, Message::text(r#"{"action":"version"}"#)).await?)?;
        check_version(&version.version)?;
        let req_id = connection.next_req_id();
        let conn = json!({"action": "conn", "args": {
            "req_id": req_id,
            "user": config.user,
            "password": config.password,
            "db": config.database.as_deref().unwrap_or(""),
            "tz": config.session_timezone(),
            "connector": concat!("tdflink-", env!("CARGO_PKG_VERSION")),
        }});
        let _: Value = json_reply(connection.call(req_id, Message::text(conn.to_string())).await?)?;
        Ok(Client { connection, server_version: version.version })
    }

    pub fn server_version(&self) -> &str {
        &self.server_version
    }

    /// Runs one statement through the binary query path (action 6).
    pub async fn query(&self, sql: &str) -> Result<Outcome> {
        let req_id = self.connection.next_req_id();
        let request = BinaryRequest::Query { req_id, sql }.encode().map_err(|e| Error::protocol("cannot encode query").with_cause(e))?;
        let body: QueryBody = json_reply(self.connection.call(req_id, Message::binary(request)).await?)?;
        if body.is_update {
            return Ok(Outcome::Affected(body.affected_rows.max(0) as u64));
        }
        Ok(Outcome::Rows(ResultHandle { id: body.id, fields: fields(&body.schema)?, precision: precision(body.schema.precision)? }))
    }

    /// Runs a statement that produces no rows and returns the rows it affected.
    pub async fn exec(&self, sql: &str) -> Result<u64> {
        match self.query(sql).await? {
            Outcome::Affected(n) => Ok(n),
            Outcome::Rows(result) => {
                self.free_result(result.id)?;
                Err(Error::config(codes::DRIVER_INVALID_SQL, format!("statement returns rows: {sql}")))
            }
        }
    }

    /// The next raw block of a result (protocol reference §6), `None` once it is exhausted;
    /// the server frees the result then.
    pub async fn fetch(&self, result_id: u64) -> Result<Option<Vec<u8>>> {
        let req_id = self.connection.next_req_id();
        let request = BinaryRequest::FetchRawBlock { req_id, result_id }.encode().map_err(|e| Error::protocol("cannot encode fetch").with_cause(e))?;
        let frame = match self.connection.call(req_id, Message::binary(request)).await? {
            Reply::Binary(frame) => frame,
            Reply::Json(json) => return Err(server_error(&json).unwrap_or_else(|| Error::protocol(format!("unexpected fetch reply {json}")))),
        };
        let response = FetchRawBlockResponse::parse(&frame).map_err(|e| Error::protocol("bad fetch reply").with_cause(e))?;
        match response.outcome {
            FetchOutcome::Block(block) => Ok(Some(block.to_vec())),
            FetchOutcome::Completed => Ok(None),
            FetchOutcome::Error(e) => Err(Error::server(e.code, e.message.into_owned())),
        }
    }

    /// Sends a JSON action (`args` gets a fresh `req_id`) and decodes its reply; an error reply
    /// becomes its server error.
    pub async fn call_json<T: serde::de::DeserializeOwned>(&self, action: &str, mut args: Value) -> Result<T> {
        let req_id = self.connection.next_req_id();
        args["req_id"] = json!(req_id);
        json_reply(self.connection.call(req_id, Message::text(json!({"action": action, "args": args}).to_string())).await?)
    }

    /// Sends a binary request that `encode` builds for a fresh `req_id`, and decodes its JSON reply.
    pub async fn call_binary<T: serde::de::DeserializeOwned>(&self, encode: impl FnOnce(u64) -> Result<Vec<u8>>) -> Result<T> {
        let req_id = self.connection.next_req_id();
        let request = encode(req_id)?;
        json_reply(self.connection.call(req_id, Message::binary(request)).await?)
    }

    /// Frees a result before it was read to the end (the server frees exhausted ones itself).
    pub fn free_result(&self, result_id: u64) -> Result<()> {
        let req_id = self.connection.next_req_id();
        self.connection.send(Message::text(json!({"action": "free_result", "args": {"req_id": req_id, "id": result_id}}).to_string()))
    }
}

/// Decodes a JSON reply into `T`, or the server's error.
fn json_reply<T: serde::de::DeserializeOwned>(reply: Reply) -> Result<T> {
    let json = match reply {
        Reply::Json(json) => json,
        Reply::Binary(_) => return Err(Error::protocol("binary frame where a JSON reply was expected")),
    };
    if let Some(error) = server_error(&json) {
        return Err(error);
    }
    serde_json::from_value(json).map_err(|e| Error::protocol("reply does not match the protocol").with_cause(e))
}

fn server_error(json: &Value) -> Option<Error> {
    let code = json.get("code").and_then(Value::as_i64).unwrap_or(0);
    (code != 0).then(|| {
        let message = json.get("message").and_then(Value::as_str).unwrap_or("");
        let message = if message.is_empty() { codes::canonical_message(code as i32).unwrap_or("server error") } else { message };
        Error::server(code as i32, message)
    })
}

fn check_version(version: &str) -> Result<()> {
    let parts: Vec<u32> = version.split(['.', '-']).take(4).map(|p| p.parse().unwrap_or(0)).collect();
    if parts.as_slice() < &MIN_SERVER_VERSION[..] {
        return Err(Error::config(
            codes::DRIVER_VERSION_INCOMPATIBLE,
            format!("TDengine version incompatible: server {version}, tdflink needs 3.3.2.0 or later"),
        ));
    }
    Ok(())
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
