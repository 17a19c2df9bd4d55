//! Writes the sink's batches (docs/native-batch-layout.md, "write batches") into one target
//! through stmt2: a leading `_op` column says write (0) or delete (3) per row; consecutive
//! writes become one bind with a table section per subtable (tags from the table's first row
//! of the run), each delete one `DELETE … WHERE ts = …`, so the batch's order is kept.
//!
//! A batch whose connection is lost is written again, whole, on a new connection (with
//! `enableAutoReconnect`, up to `reconnectRetryCount` times): rows and deletes are idempotent
//! by (table, timestamp), so repeating the part that may already have landed changes nothing.

use crate::bind::{OwnedColumn, Rows};
use crate::client::Client;
use crate::error::{Error, Kind, Result};
use crate::identifier;
use crate::stmt2::Stmt2;
use serde::Deserialize;
use tdflink_protocol::codes;
use tdflink_protocol::columns::Batch;
use tdflink_protocol::stmt2::{Stmt2Bind, Stmt2Table};
use tdflink_protocol::types::{DataType, Precision};

const OP_DELETE: u8 = 3;

/// What one sink writes to, as Java describes it.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WriteTarget {
    pub database: String,
    /// The supertable, or the subtable or normal table, as the user spelled it.
    pub table: String,
    pub supertable: bool,
    /// The sink's fields in batch order (after `_op`), named as DESCRIBE reported them.
    pub fields: Vec<TargetField>,
    /// Index in `fields` of the table's primary timestamp.
    pub timestamp_field: usize,
}

#[derive(Clone, Debug, Deserialize)]
pub struct TargetField {
    pub name: String,
    /// `tbname`, `tag` or `column`.
    pub role: String,
}

impl WriteTarget {
    fn indices<'a>(&'a self, role: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.fields.iter().enumerate().filter(move |(_, f)| f.role == role).map(|(i, _)| i)
    }

    /// A field as SQL: `tbname`, or the column's name as DESCRIBE reported it.
    fn field_sql(&self, i: usize) -> Result<String> {
        if self.fields[i].role == "tbname" {
            return Ok("tbname".to_owned());
        }
        identifier::quote(&self.fields[i].name)
    }

    /// The statement: tbname first, then tags, then columns, which is also the order of the
    /// placeholders the server reports.
    fn insert_sql(&self) -> Result<(String, Vec<usize>)> {
        let order: Vec<usize> = self.indices("tbname").chain(self.indices("tag")).chain(self.indices("column")).collect();
        let names = order.iter().map(|&i| self.field_sql(i)).collect::<Result<Vec<_>>>()?;
        let marks = vec!["?"; order.len()].join(", ");
        Ok((format!("INSERT INTO {} ({}) VALUES ({marks})", identifier::qualified(&self.database, &self.table)?, names.join(", ")), order))
    }
}

/// A write batch has `_op` (TINYINT), then one column per field, the timestamp 8 bytes wide:
/// what the rest reads without checking again. Anything else is 0x2303, as the layout says.
fn check_shape(rows: &Rows<'_>, target: &WriteTarget) -> Result<()> {
    let columns = &rows.batch.columns;
    let problem = if columns.len() != target.fields.len() + 1 {
        format!("{} columns for {} fields", columns.len(), target.fields.len())
    } else if columns[0].schema.ty != DataType::TinyInt {
        format!("_op is {}, not TINYINT", columns[0].schema.ty)
    } else if columns.get(target.timestamp_field + 1).and_then(|c| c.schema.value_width()) != Some(8) {
        format!("the timestamp field {} is not 8 bytes wide", target.timestamp_field)
    } else {
        return Ok(());
    };
    Err(Error::config(codes::DRIVER_INVALID_VARIABLE, format!("invalid write batch: {problem}")))
}

/// One target's prepared insert.
pub struct TableWriter {
    client: Client,
    target: WriteTarget,
    sql: String,
    stmt: Stmt2,
    /// Batch column (after `_op`) of each placeholder, in placeholder order.
    order: Vec<usize>,
    tag_count: usize,
    precision: Precision,
}

impl TableWriter {
    pub async fn open(client: &Client, target: WriteTarget) -> Result<TableWriter> {
        let (sql, order) = target.insert_sql()?;
        let stmt = Stmt2::prepare(client, &sql).await?;
        if stmt.fields().len() != order.len() {
            return Err(Error::protocol(format!("{sql}: the server reports {} placeholders", stmt.fields().len())));
        }
        let ts = order.iter().position(|&i| i == target.timestamp_field).map(|p| &stmt.fields()[p]);
        let precision = ts.and_then(|f| Precision::from_code(f.precision)).unwrap_or(Precision::Millisecond);
        let tag_count = target.indices("tag").count();
        Ok(TableWriter { client: client.clone(), target, sql, stmt, order, tag_count, precision })
    }

    /// Times the writer's connection was replaced since it opened.
    pub fn reconnects(&self) -> u64 {
        self.client.epoch().saturating_sub(1)
    }

    /// Writes one batch in its row order; returns the rows written or deleted.
    pub async fn write(&mut self, batch: &Batch<'_>) -> Result<u64> {
        let mut retries = 0;
        loop {
            // Read first: a reconnect in between costs a retry, never skips one.
            let epoch = self.client.epoch();
            match self.write_prepared(batch).await {
                Err(e) if e.kind() == Kind::Connection && retries < self.client.reconnect_attempts() => {
                    retries += 1;
                    log::warn!("{e}; writing the batch again on a new connection (retry {retries})");
                    self.client.reconnect_from(epoch).await?;
                }
                outcome => return outcome,
            }
        }
    }

    /// Prepares the insert again if its connection was replaced, then writes. Preparing is
    /// part of the attempt: a connection lost again while preparing is retried like a write.
    async fn write_prepared(&mut self, batch: &Batch<'_>) -> Result<u64> {
        if self.stmt.epoch() != self.client.epoch() {
            self.stmt = Stmt2::prepare(&self.client, &self.sql).await?;
        }
        self.write_once(batch).await
    }

    async fn write_once(&self, batch: &Batch<'_>) -> Result<u64> {
        let rows = Rows::new(batch)?;
        check_shape(&rows, &self.target)?;
        let ops = &rows.batch.columns[0];
        let mut done = 0;
        let mut run = Vec::new();
        for row in 0..rows.batch.rows {
            if ops.fixed(row)[0] == OP_DELETE {
                done += self.insert(&rows, &std::mem::take(&mut run)).await?;
                done += self.delete(&rows, row).await?;
            } else {
                run.push(row);
            }
        }
        Ok(done + self.insert(&rows, &run).await?)
    }

    async fn insert(&self, rows: &Rows<'_>, selected: &[usize]) -> Result<u64> {
        if selected.is_empty() {
            return Ok(0);
        }
        let owned: Vec<OwnedTable> =
            self.by_table(rows, selected).iter().map(|(name, group)| self.table_section(rows, *name, group)).collect::<Result<_>>()?;
        let bind = Stmt2Bind { tables: owned.iter().map(OwnedTable::as_bind).collect::<Result<_>>()? };
        self.stmt.execute(&bind).await.map_err(|e| self.context(e, owned.iter().map(|t| t.name.as_deref())))
    }

    /// Rows grouped by subtable in order of first appearance (one group without a name when
    /// writing to one table).
    fn by_table<'a>(&self, rows: &Rows<'a>, selected: &[usize]) -> Vec<(Option<&'a [u8]>, Vec<usize>)> {
        let Some(tbname) = self.target.indices("tbname").next() else {
            return vec![(None, selected.to_vec())];
        };
        let mut groups: Vec<(Option<&'a [u8]>, Vec<usize>)> = Vec::new();
        let mut index = std::collections::HashMap::new();
        for &row in selected {
            let name = rows.var(tbname + 1, row);
            let slot = *index.entry(name).or_insert_with(|| {
                groups.push((name, Vec::new()));
                groups.len() - 1
            });
            groups[slot].1.push(row);
        }
        groups
    }

    fn table_section(&self, rows: &Rows<'_>, name: Option<&[u8]>, selected: &[usize]) -> Result<OwnedTable> {
        let name = name.map(|n| String::from_utf8_lossy(n).into_owned());
        if let Some(name) = &name {
            // Checked, then bound as given: the server reads it as the DELETE path does.
            identifier::table_from_data(name)
                .map_err(|e| Error::config(e.code(), format!("row {}: tbname {}", selected[0], e.message())))?;
        }
        let skip = usize::from(name.is_some());
        let mut tags = Vec::new();
        let mut columns = Vec::new();
        for (k, &field) in self.order.iter().enumerate().skip(skip) {
            // The server's type wins: DECIMAL(p ≤ 18) is DECIMAL64 there, bound alike as text.
            let ty = DataType::from_code(self.stmt.fields()[k].field_type as u8).unwrap_or(rows.batch.columns[field + 1].schema.ty);
            if k < skip + self.tag_count {
                tags.push(OwnedColumn::gather(rows, field + 1, ty, &selected[..1], Some(self.precision)));
            } else {
                columns.push(OwnedColumn::gather(rows, field + 1, ty, selected, Some(self.precision)));
            }
        }
        Ok(OwnedTable { name, tags, columns })
    }

    /// One row's `DELETE`: the row's `tbname` names a subtable as it does for inserts
    /// ([`identifier::table_from_data`]), written quoted (or refused); the timestamp is the
    /// batch's integer.
    async fn delete(&self, rows: &Rows<'_>, row: usize) -> Result<u64> {
        let table = match self.target.indices("tbname").next() {
            Some(i) => {
                let raw = String::from_utf8_lossy(rows.var(i + 1, row).unwrap_or_default()).into_owned();
                let name =
                    identifier::table_from_data(&raw).map_err(|e| Error::config(e.code(), format!("row {row}: tbname {}", e.message())))?;
                format!("{}.{}", identifier::quote_spelled(&self.target.database)?, identifier::quote(&name)?)
            }
            None => identifier::qualified(&self.target.database, &self.target.table)?,
        };
        let ts = rows.timestamp(self.target.timestamp_field + 1, row, self.precision);
        let field = self.target.field_sql(self.target.timestamp_field)?;
        let sql = format!("DELETE FROM {table} WHERE {field} = {ts}");
        match self.client.exec(&sql).await {
            // A subtable never written holds no row to delete: a changelog may delete a key
            // whose insert never reached this sink.
            Err(e) if e.code() == codes::SERVER_TABLE_NOT_EXIST => Ok(0),
            result => result.map_err(|e| self.context(e, std::iter::once(Some(table.as_str())))),
        }
    }

    /// Names the tables a failed write went to; server and settings errors keep their codes.
    fn context<'a>(&self, error: Error, tables: impl Iterator<Item = Option<&'a str>>) -> Error {
        let names: Vec<&str> = tables.map(|t| t.unwrap_or(&self.target.table)).take(5).collect();
        let message = format!("writing to {}.{} ({}): {}", self.target.database, self.target.table, names.join(", "), error.message());
        match error.kind() {
            Kind::Server => Error::server(error.code(), message),
            Kind::Config => Error::config(error.code(), message),
            _ => error,
        }
    }
}

/// One table's section of a bind, copied out of the batch.
struct OwnedTable {
    name: Option<String>,
    tags: Vec<OwnedColumn>,
    columns: Vec<OwnedColumn>,
}

impl OwnedTable {
    fn as_bind(&self) -> Result<Stmt2Table<'_>> {
        Ok(Stmt2Table {
            name: self.name.as_deref(),
            tags: self.tags.iter().map(OwnedColumn::as_bind).collect::<Result<_>>()?,
            columns: self.columns.iter().map(OwnedColumn::as_bind).collect::<Result<_>>()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tdflink_protocol::columns::{ColumnSchema, OwnedBatch};

    fn target() -> WriteTarget {
        let field = |name: &str| TargetField { name: name.into(), role: "column".into() };
        WriteTarget { database: "d".into(), table: "t".into(), supertable: false, fields: vec![field("ts")], timestamp_field: 0 }
    }

    fn batch(op: DataType, ts: DataType) -> OwnedBatch {
        let mut batch = OwnedBatch::new(1);
        for schema in [ColumnSchema::new("_op", op), ColumnSchema::new("ts", ts).with_precision(2)] {
            batch = match schema.ty.fixed_size() {
                Some(width) => batch.fixed(schema, &[0], &vec![0; width]),
                None => batch.var(schema, &[0], &[1], b"0"),
            }
        }
        batch
    }

    /// Found by reading the write path while fuzzing: `_op` or the timestamp of another
    /// width or kind panicked where they are read.
    #[test]
    fn write_batches_of_another_shape_fail_with_0x2303() {
        let shape =
            |op, ts| check_shape(&Rows::new(&batch(op, ts).view()).unwrap(), &target()).map_err(|e| (e.code(), e.message().to_owned()));
        assert!(shape(DataType::TinyInt, DataType::Timestamp).is_ok());
        assert!(shape(DataType::TinyInt, DataType::BigInt).is_ok());
        for (op, ts, problem) in [
            (DataType::VarChar, DataType::Timestamp, "_op is VARCHAR"),
            (DataType::Int, DataType::Timestamp, "_op is INT"),
            (DataType::TinyInt, DataType::Int, "not 8 bytes wide"),
            (DataType::TinyInt, DataType::VarChar, "not 8 bytes wide"),
        ] {
            let (code, message) = shape(op, ts).unwrap_err();
            assert_eq!(code, codes::DRIVER_INVALID_VARIABLE);
            assert!(message.contains(problem), "{message}");
        }
        let mut two_fields = target();
        two_fields.fields.push(TargetField { name: "v".into(), role: "column".into() });
        let e = check_shape(&Rows::new(&batch(DataType::TinyInt, DataType::Timestamp).view()).unwrap(), &two_fields).unwrap_err();
        assert!(e.message().contains("2 columns for 2 fields"), "{e}");
    }
}
