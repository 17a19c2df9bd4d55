//! Prepared statements through stmt2 (docs/protocol.md §9). Inserts: `stmt2_init` and
//! `stmt2_prepare` once, then binary binds (action 9) and `stmt2_exec` per batch. Queries:
//! one bind of one row, `stmt2_exec`, `stmt2_result`, then the result is read like any other.
//! `stmt2_close` on drop, or once a query's result is done with.

use crate::bind::{OwnedColumn, Rows};
use crate::client::{Client, ResultHandle};
use crate::error::{Error, Result};
use tdflink_protocol::codes;
use tdflink_protocol::columns::Batch;
use tdflink_protocol::messages::{
    action, Stmt2ExecBody, Stmt2Field, Stmt2InitArgs, Stmt2PrepareArgs, Stmt2PrepareBody, Stmt2ResultBody, StmtArgs, StmtIdBody,
};
use tdflink_protocol::stmt2::{Stmt2Bind, Stmt2Table, BIND_ALL_COLUMNS};

/// One prepared statement on a connection.
pub struct Stmt2 {
    client: Client,
    id: u64,
    fields: Vec<Stmt2Field>,
    /// The connection it was prepared on; after a reconnect its id means nothing (or another
    /// statement) on the new one.
    epoch: u64,
    /// Cleared when a query result takes the statement over (the result is the statement's:
    /// closing it first would pull the result from under its reader).
    close_on_drop: bool,
}

impl Stmt2 {
    /// Prepares `sql` (an INSERT with `?` placeholders) and learns its fields.
    pub async fn prepare(client: &Client, sql: &str) -> Result<Stmt2> {
        let (stmt, prepared) = Stmt2::open(client, sql).await?;
        if !prepared.is_insert || stmt.fields.is_empty() {
            return Err(Error::protocol(format!("not an insert with placeholders: {sql}")));
        }
        Ok(stmt)
    }

    /// `stmt2_init` and `stmt2_prepare`: the statement and what the server says of it.
    async fn open(client: &Client, sql: &str) -> Result<(Stmt2, Stmt2PrepareBody)> {
        // Read first: a reconnect in between then errs on the safe side (reported as lost).
        let epoch = client.epoch();
        let init = Stmt2InitArgs { single_stb_insert: true, single_table_bind_once: false, ..Stmt2InitArgs::default() };
        let init: StmtIdBody = client.call_json(action::STMT2_INIT, init).await?;
        // Built now so that a failed prepare still closes the statement.
        let mut stmt = Stmt2 { client: client.clone(), id: init.stmt_id, fields: Vec::new(), epoch, close_on_drop: true };
        let prepare = Stmt2PrepareArgs { stmt_id: stmt.id, sql: sql.to_owned(), get_fields: true, ..Stmt2PrepareArgs::default() };
        let mut prepared: Stmt2PrepareBody = client.call_json(action::STMT2_PREPARE, prepare).await?;
        stmt.fields = prepared.fields.take().unwrap_or_default();
        Ok((stmt, prepared))
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
        let done: Stmt2ExecBody = self.client.call_json(action::STMT2_EXEC, self.args()).await?;
        Ok(done.affected.max(0) as u64)
    }

    fn args(&self) -> StmtArgs {
        StmtArgs { stmt_id: self.id, ..StmtArgs::default() }
    }
}

impl Drop for Stmt2 {
    fn drop(&mut self) {
        // Fire and forget: the server frees the statement with the connection anyway.
        if !self.close_on_drop || self.client.epoch() != self.epoch {
            return; // taken over by a result, or gone with its connection
        }
        let (client, args) = (self.client.clone(), self.args());
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let _: Result<StmtIdBody> = client.call_json(action::STMT2_CLOSE, args).await;
            });
        }
    }
}

/// Runs `sql`, a query with `?` placeholders, with `params`: a one-row batch holding one
/// column per placeholder, in order, each bound with its own type (TIMESTAMP values as they
/// are, in the unit their column's precision names). The statement belongs to the result
/// from then on (see [`ResultHandle::statement`]); on any failure before, it is closed.
pub(crate) async fn query(client: &Client, sql: &str, params: &Batch<'_>) -> Result<ResultHandle> {
    let rows = Rows::new(params)?;
    let (count, row_count) = (rows.batch.columns.len(), rows.batch.rows);
    if row_count != 1 || count == 0 {
        let message = format!("query parameters must be one row of at least one column, got {row_count} rows of {count}");
        return Err(Error::config(codes::DRIVER_INVALID_VARIABLE, message));
    }
    let columns: Vec<OwnedColumn> =
        rows.batch.columns.iter().enumerate().map(|(i, c)| OwnedColumn::gather(&rows, i, c.schema.ty, &[0], None)).collect();
    let (mut stmt, prepared) = Stmt2::open(client, sql).await?;
    if prepared.is_insert {
        return Err(Error::config(codes::CONNECTOR_SQL_EXECUTION_NO_RESULTS, format!("not a query: {sql}")));
    }
    if prepared.fields_count as usize != count {
        let message = format!("{count} parameters for the {} placeholders of {sql}", prepared.fields_count);
        return Err(Error::config(codes::DRIVER_INVALID_VARIABLE, message));
    }
    let table = Stmt2Table { name: None, tags: Vec::new(), columns: columns.iter().map(OwnedColumn::as_bind).collect::<Result<_>>()? };
    stmt.execute(&Stmt2Bind { tables: vec![table] }).await?;
    let result: Stmt2ResultBody = client.call_json(action::STMT2_RESULT, stmt.args()).await?;
    let mut handle = crate::client::result_handle(result.id, &result.schema, stmt.epoch)?;
    handle.statement = Some(stmt.id);
    stmt.close_on_drop = false;
    Ok(handle)
}
