//! stmt v1 (docs/protocol.md §8), on `/ws` and on the legacy `/rest/stmt` endpoint that
//! the `taos` crate 0.12 and `taos-ws-py`'s `statement()` use: init, prepare,
//! set_table_name, set_tags (JSON or binary action 1), bind (JSON or binary action 2),
//! add_batch, exec, close, use_result and the field helpers.

use super::reply::ReplyTo;
use super::results::schema;
use super::Connection;
use crate::engine::{decode_hex, parse_decimal, BoundColumn, BoundTable, FieldRole, Outcome, Prepared, PreparedField, ResultSet, Value};
use crate::server::block;
use serde::Deserialize;
use serde_json::{json, Value as JsonValue};
use tdflink_protocol::codes;
use tdflink_protocol::raw_block::RawBlockView;
use tdflink_protocol::types::DataType;
use tokio_tungstenite::tungstenite::Message;

/// A stmt v1 statement: what was set since the last `add_batch`, and the batches since `exec`.
#[derive(Default)]
pub struct Stmt1 {
    prepared: Option<Prepared>,
    table_name: Option<String>,
    tags: Vec<Value>,
    columns: Vec<Vec<Value>>,
    batches: Vec<BoundTable>,
    result: Option<ResultSet>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Stmt1Args {
    pub req_id: u64,
    pub stmt_id: u64,
    pub sql: String,
    pub name: String,
    pub tags: Vec<JsonValue>,
    pub columns: Vec<JsonValue>,
    pub index: i64,
}

/// What a stmt v1 action does once its statement was found.
enum Step<'a> {
    Prepare(&'a str),
    SetTableName(&'a str),
    SetTags(Vec<Value>),
    Bind(Vec<Vec<Value>>),
    AddBatch,
    Exec,
    Close,
    TagFields,
    ColFields,
    UseResult,
    NumParams,
    GetParam(i64),
}

impl Connection {
    pub(super) fn stmt1_init(&mut self, reply: &ReplyTo<'_>) -> Message {
        let stmt_id = self.next_stmt_id();
        self.stmt1.insert(stmt_id, Stmt1::default());
        reply.ok(json!({ "stmt_id": stmt_id }))
    }

    /// A JSON stmt v1 action other than `init`.
    pub(super) fn stmt1_json(&mut self, reply: &ReplyTo<'_>, args: Stmt1Args) -> Option<Message> {
        let stmt_id = args.stmt_id;
        let step = match reply.action {
            "prepare" => Step::Prepare(&args.sql),
            "set_table_name" => Step::SetTableName(&args.name),
            "set_tags" => match self.typed_json(stmt_id, FieldRole::Tag, &args.tags, false) {
                Ok(mut tags) => Step::SetTags(tags.drain(..).map(|mut c| c.pop().unwrap_or(Value::Null)).collect()),
                Err(e) => return Some(reply.stmt_error(stmt_id, codes::SERVER_STMT_API_ERROR, &e)),
            },
            "bind" => match self.typed_json(stmt_id, FieldRole::Column, &args.columns, true) {
                Ok(columns) => Step::Bind(columns),
                Err(e) => return Some(reply.stmt_error(stmt_id, codes::SERVER_STMT_API_ERROR, &e)),
            },
            "add_batch" => Step::AddBatch,
            "exec" => Step::Exec,
            "close" => Step::Close,
            "get_tag_fields" => Step::TagFields,
            "get_col_fields" => Step::ColFields,
            "use_result" => Step::UseResult,
            "stmt_num_params" => Step::NumParams,
            _ => Step::GetParam(args.index),
        };
        self.stmt1_step(reply, stmt_id, step)
    }

    /// Binary action 1 (set_tags, one row) or 2 (bind) carrying a raw block.
    pub(super) fn stmt1_binary(&mut self, reply: &ReplyTo<'_>, stmt_id: u64, set_tags: bool, block: &[u8]) -> Message {
        let columns = RawBlockView::parse(block).and_then(|view| block::decode_columns(&view));
        let columns = match columns {
            Ok(c) => c,
            Err(e) => return reply.stmt_error(stmt_id, codes::ADAPTER_GENERIC, &e.to_string()),
        };
        let step = if set_tags {
            if columns.iter().any(|c| c.len() != 1) {
                return reply.stmt_error(stmt_id, codes::ADAPTER_GENERIC, "rows not equal 1");
            }
            Step::SetTags(columns.into_iter().map(|mut c| c.pop().unwrap_or(Value::Null)).collect())
        } else {
            Step::Bind(columns)
        };
        self.stmt1_step(reply, stmt_id, step).unwrap_or_else(|| reply.ok(json!({ "stmt_id": stmt_id })))
    }

    fn stmt1_step(&mut self, reply: &ReplyTo<'_>, stmt_id: u64, step: Step<'_>) -> Option<Message> {
        let session = self.session.as_mut().expect("checked by dispatch");
        let Some(stmt) = self.stmt1.get_mut(&stmt_id) else {
            return Some(reply.stmt_error(stmt_id, codes::ADAPTER_GENERIC, "stmt is nil"));
        };
        let ok = |extra: JsonValue| {
            let mut body = json!({ "stmt_id": stmt_id });
            if let (Some(b), JsonValue::Object(e)) = (body.as_object_mut(), extra) {
                b.extend(e);
            }
            Some(reply.ok(body))
        };
        let usage = || Some(reply.stmt_error(stmt_id, codes::SERVER_STMT_API_ERROR, "Stmt API usage error"));
        match step {
            Step::Prepare(sql) => match self.engine.prepare(session, sql) {
                Ok(prepared) => {
                    let is_insert = prepared.is_insert;
                    *stmt = Stmt1 { prepared: Some(prepared), ..Stmt1::default() };
                    ok(json!({ "is_insert": is_insert }))
                }
                Err(e) => Some(reply.stmt_error(stmt_id, e.code, &e.message)),
            },
            Step::SetTableName(name) => {
                stmt.table_name = Some(name.to_owned());
                ok(json!({}))
            }
            Step::SetTags(tags) => {
                stmt.tags = tags;
                ok(json!({}))
            }
            Step::Bind(columns) => {
                stmt.columns = columns;
                ok(json!({}))
            }
            Step::AddBatch => {
                let columns = std::mem::take(&mut stmt.columns).into_iter().map(Into::into).collect();
                stmt.batches.push(BoundTable { name: stmt.table_name.clone(), tags: stmt.tags.clone(), columns });
                ok(json!({}))
            }
            Step::Exec => {
                let Some(prepared) = &stmt.prepared else { return usage() };
                let batches = std::mem::take(&mut stmt.batches);
                let outcome = if prepared.is_insert {
                    self.engine.bind_insert(session, prepared, batches).map(Outcome::Affected)
                } else {
                    let params = batches.into_iter().next().map(|t| t.columns.into_iter().flat_map(BoundColumn::into_values).collect());
                    self.engine.bind_query(session, prepared, params.unwrap_or_default()).map(Outcome::Rows)
                };
                match outcome {
                    Ok(Outcome::Affected(n)) => ok(json!({ "affected": n })),
                    Ok(Outcome::Rows(set)) => {
                        stmt.result = Some(set);
                        ok(json!({ "affected": 0 }))
                    }
                    Err(e) => Some(reply.stmt_error(stmt_id, e.code, &e.message)),
                }
            }
            // taosAdapter answers a successful close with nothing.
            Step::Close => self.stmt1.remove(&stmt_id).and(None),
            Step::TagFields | Step::ColFields => {
                let Some(prepared) = &stmt.prepared else { return usage() };
                let role = if matches!(step, Step::TagFields) { FieldRole::Tag } else { FieldRole::Column };
                let fields: Vec<JsonValue> = prepared.fields.iter().filter(|f| f.role == role).map(field_json).collect();
                ok(if fields.is_empty() { json!({}) } else { json!({ "fields": fields }) })
            }
            Step::UseResult => match stmt.result.take() {
                Some(set) => {
                    let schema = serde_json::to_value(schema(&set)).unwrap_or(JsonValue::Null);
                    let result_id = self.results.open(set, None);
                    let mut extra = json!({ "result_id": result_id });
                    if let (Some(e), JsonValue::Object(s)) = (extra.as_object_mut(), schema) {
                        e.extend(s);
                    }
                    ok(extra)
                }
                None => usage(),
            },
            Step::NumParams => {
                let Some(prepared) = &stmt.prepared else { return usage() };
                ok(json!({ "num_params": prepared.param_count }))
            }
            Step::GetParam(index) => {
                let Some(prepared) = &stmt.prepared else { return usage() };
                let params: Vec<&PreparedField> = prepared.fields.iter().filter(|f| f.role != FieldRole::TableName).collect();
                match usize::try_from(index).ok().and_then(|i| params.get(i)) {
                    Some(f) => ok(json!({ "index": index, "data_type": f.ty.code(), "length": f.bytes })),
                    None => usage(),
                }
            }
        }
    }

    /// JSON tag values (one per tag) or bind columns (one array per column), typed by the
    /// prepared statement's fields of `role`.
    fn typed_json(&self, stmt_id: u64, role: FieldRole, values: &[JsonValue], columns: bool) -> Result<Vec<Vec<Value>>, String> {
        let stmt = self.stmt1.get(&stmt_id).ok_or("stmt is nil")?;
        let prepared = stmt.prepared.as_ref().ok_or("Stmt API usage error")?;
        let fields: Vec<&PreparedField> =
            prepared.fields.iter().filter(|f| f.role == role || (columns && f.role == FieldRole::QueryParameter)).collect();
        let query = !prepared.is_insert;
        if !query && fields.len() != values.len() {
            return Err(format!("{} values for {} placeholders", values.len(), fields.len()));
        }
        values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let (ty, scale) = fields.get(i).map_or((None, 0), |f| (Some(f.ty), f.scale));
                match (columns, v) {
                    (true, JsonValue::Array(rows)) => rows.iter().map(|r| json_value(ty, scale, r)).collect(),
                    (true, _) => Err("bind columns must be arrays".to_owned()),
                    (false, v) => Ok(vec![json_value(ty, scale, v)?]),
                }
            })
            .collect()
    }
}

fn field_json(f: &PreparedField) -> JsonValue {
    json!({ "name": f.name, "field_type": f.ty.code(), "precision": f.precision, "scale": f.scale, "bytes": f.bytes })
}

/// A JSON value as the target type wants it (docs/protocol.md §8 JSON value rules); `None` type (query
/// parameters) keeps the JSON value's own kind.
fn json_value(ty: Option<DataType>, scale: u8, v: &JsonValue) -> Result<Value, String> {
    use DataType::*;
    let bad = || format!("value {v} does not fit a {} placeholder", ty.map_or("query".to_owned(), |t| t.to_string()));
    if v.is_null() {
        return Ok(Value::Null);
    }
    Ok(match (ty, v) {
        (Some(Bool), JsonValue::Bool(b)) | (None, JsonValue::Bool(b)) => Value::Bool(*b),
        (Some(Bool), JsonValue::Number(n)) => Value::Bool(n.as_f64().is_some_and(|f| f != 0.0)),
        (Some(TinyInt | SmallInt | Int | BigInt), JsonValue::Number(n)) => Value::Int(n.as_i64().ok_or_else(bad)?),
        (Some(UTinyInt | USmallInt | UInt | UBigInt), JsonValue::Number(n)) => Value::UInt(n.as_u64().ok_or_else(bad)?),
        (Some(Float | Double), JsonValue::Number(n)) => Value::Float(n.as_f64().ok_or_else(bad)?),
        (Some(Timestamp), JsonValue::Number(n)) => Value::Timestamp(n.as_i64().ok_or_else(bad)?),
        (Some(Timestamp), JsonValue::String(s)) => Value::Text(s.clone()), // the engine parses time text
        (Some(VarChar | NChar), JsonValue::String(s)) | (None, JsonValue::String(s)) => Value::Text(s.clone()),
        (Some(Json), JsonValue::String(s)) => Value::Text(s.clone()),
        (Some(Json), other) => Value::Text(other.to_string()),
        (Some(VarBinary | Geometry | Blob), JsonValue::String(hex)) => Value::Bytes(decode_hex(hex).ok_or_else(bad)?),
        (Some(Decimal | Decimal64), JsonValue::String(s)) => Value::Decimal { unscaled: parse_decimal(s, scale).ok_or_else(bad)?, scale },
        (Some(Decimal | Decimal64), JsonValue::Number(n)) => {
            Value::Decimal { unscaled: parse_decimal(&n.to_string(), scale).ok_or_else(bad)?, scale }
        }
        (None, JsonValue::Number(n)) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Value::Int(i),
            (None, Some(u)) => Value::UInt(u),
            _ => Value::Float(n.as_f64().ok_or_else(bad)?),
        },
        _ => return Err(bad()),
    })
}
