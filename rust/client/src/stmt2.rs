//! Prepared inserts through stmt2 (protocol reference §9): `stmt2_init` and `stmt2_prepare`
//! once, then binary binds (action 9) and `stmt2_exec` per batch; `stmt2_close` on drop.

use crate::client::Client;
use crate::error::{Error, Result};
use serde_json::json;
use tdflink_protocol::codes;
use tdflink_protocol::messages::{action, Stmt2ExecBody, Stmt2Field, Stmt2PrepareBody, StmtIdBody};
use tdflink_protocol::stmt2::{Stmt2Bind, BIND_ALL_COLUMNS};

/// One prepared insert statement on a connection.
pub struct Stmt2 {
    client: Client,
    id: u64,
    fields: Vec<Stmt2Field>,
    /// The connection it was prepared on; after a reconnect its id means nothing (or another
    /// statement) on the new one.
    epoch: u64,
}

impl Stmt2 {
    /// Prepares `sql` (an INSERT with `?` placeholders) and learns its fields.
    pub async fn prepare(client: &Client, sql: &str) -> Result<Stmt2> {
        // Read first: a reconnect in between then errs on the safe side (reported as lost).
        let epoch = client.epoch();
        let init: StmtIdBody =
            client.call_json(action::STMT2_INIT, json!({"single_stb_insert": true, "single_table_bind_once": false})).await?;
        // Built now so that a failed prepare still closes the statement.
        let mut stmt = Stmt2 { client: client.clone(), id: init.stmt_id, fields: Vec::new(), epoch };
        let prepared: Stmt2PrepareBody =
            client.call_json(action::STMT2_PREPARE, json!({"stmt_id": stmt.id, "sql": sql, "get_fields": true})).await?;
        stmt.fields = prepared.fields.unwrap_or_default();
        if !prepared.is_insert || stmt.fields.is_empty() {
            return Err(Error::protocol(format!("not an insert with placeholders: {sql}")));
        }
        Ok(stmt)
    }

    /// The connection it was prepared on.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// The placeholders, in the server's order: tbname, then tags, then columns.
    pub fn fields(&self) -> &[Stmt2Field] {
        &self.fields
    }

    /// Binds every table of `bind` and executes; returns the rows written.
    pub async fn execute(&self, bind: &Stmt2Bind<'_>) -> Result<u64> {
        if self.client.epoch() != self.epoch {
            let message = format!("stmt2 statement {} was lost with its connection; prepare it again", self.id);
            return Err(Error::lost_with_connection(codes::DRIVER_STATEMENT_CLOSED, message));
        }
        let id = self.id;
        let _: StmtIdBody = self
            .client
            .call_binary(|req_id| {
                bind.encode_request(req_id, id, BIND_ALL_COLUMNS).map_err(|e| Error::protocol("cannot encode a stmt2 bind").with_cause(e))
            })
            .await?;
        let done: Stmt2ExecBody = self.client.call_json(action::STMT2_EXEC, json!({"stmt_id": id})).await?;
        Ok(done.affected.max(0) as u64)
    }
}

impl Drop for Stmt2 {
    fn drop(&mut self) {
        // Fire and forget: the server frees the statement with the connection anyway.
        let (client, id) = (self.client.clone(), self.id);
        if client.epoch() != self.epoch {
            return; // gone with its connection
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let _: Result<StmtIdBody> = client.call_json(action::STMT2_CLOSE, json!({"stmt_id": id})).await;
            });
        }
    }
}
