//! Decoding JSON replies: the server's error code first, then the expected body.

use crate::connection::{Connection, Reply};
use crate::error::{Error, Result};
use serde::Serialize;
use serde_json::{json, Value};
use std::time::Duration;
use tdflink_protocol::codes;
use tokio_tungstenite::tungstenite::Message;

/// Sends JSON action `action` with `args`, one of the typed `*Args` of
/// `tdflink_protocol::messages` that tdlite reads too (its `req_id` is set here, fresh), and
/// returns its reply, which may take `extra` beyond the message timeout (see
/// [`Connection::call_within`]).
pub async fn action(connection: &Connection, action: &str, args: &impl Serialize, extra: Duration) -> Result<Reply> {
    let req_id = connection.next_req_id();
    let mut args = serde_json::to_value(args).map_err(|e| Error::protocol("request args do not serialize").with_cause(e))?;
    args["req_id"] = json!(req_id);
    connection.call_within(req_id, Message::text(json!({"action": action, "args": args}).to_string()), extra).await
}

/// Decodes a JSON reply into `T`, or the server's error.
pub fn json<T: serde::de::DeserializeOwned>(reply: Reply) -> Result<T> {
    let json = match reply {
        Reply::Json(json) => json,
        Reply::Binary(_) => return Err(Error::protocol("binary frame where a JSON reply was expected")),
    };
    if let Some(error) = server_error(&json) {
        return Err(error);
    }
    serde_json::from_value(json).map_err(|e| Error::protocol("reply does not match the protocol").with_cause(e))
}

/// The error a JSON reply reports, if its code is not 0.
pub fn server_error(json: &Value) -> Option<Error> {
    let code = json.get("code").and_then(Value::as_i64).unwrap_or(0);
    (code != 0).then(|| {
        let message = json.get("message").and_then(Value::as_str).unwrap_or("");
        let message = if message.is_empty() { codes::canonical_message(code as i32).unwrap_or("server error") } else { message };
        Error::server(code as i32, message)
    })
}
