//! JSON messages of `/ws` and `/rest/tmq` (docs/protocol.md §2, §4, §5, §9, §10): the
//! request and response envelopes, and the `args` / response fields of each action.
//!
//! Plain data both sides share. Conventions, following taosAdapter:
//! * request args default missing fields (Go decodes a missing field as its zero value) and
//!   use `Option` where clients send `null`; `None` is left out when we serialise;
//! * response bodies are flattened into the envelope and default every field, because error
//!   replies carry the envelope alone; `Option` marks fields that are `null` on success.

use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Action names, as they appear in requests and in the `action` field of replies.
pub mod action {
    pub const VERSION: &str = "version";
    pub const CONN: &str = "conn";
    pub const QUERY: &str = "query";
    pub const BINARY_QUERY: &str = "binary_query";
    pub const VALIDATE_SQL: &str = "validate_sql";
    pub const FETCH: &str = "fetch";
    pub const FETCH_BLOCK: &str = "fetch_block";
    pub const FETCH_RAW_BLOCK: &str = "fetch_raw_block";
    pub const FREE_RESULT: &str = "free_result";
    pub const SET_TAGS: &str = "set_tags";
    pub const BIND: &str = "bind";
    pub const WRITE_RAW: &str = "write_raw";
    pub const WRITE_RAW_BLOCK: &str = "write_raw_block";
    pub const WRITE_RAW_BLOCK_WITH_FIELDS: &str = "write_raw_block_with_fields";
    pub const STMT2_INIT: &str = "stmt2_init";
    pub const STMT2_PREPARE: &str = "stmt2_prepare";
    pub const STMT2_BIND: &str = "stmt2_bind";
    pub const STMT2_EXEC: &str = "stmt2_exec";
    pub const STMT2_BIND_EXEC: &str = "stmt2_bind_exec";
    pub const STMT2_RESULT: &str = "stmt2_result";
    pub const STMT2_CLOSE: &str = "stmt2_close";
    pub const SUBSCRIBE: &str = "subscribe";
    pub const POLL: &str = "poll";
    pub const FETCH_RAW_DATA: &str = "fetch_raw_data";
    pub const COMMIT: &str = "commit";
    pub const COMMIT_OFFSET: &str = "commit_offset";
    pub const COMMITTED: &str = "committed";
    pub const POSITION: &str = "position";
    pub const ASSIGNMENT: &str = "assignment";
    pub const SEEK: &str = "seek";
    pub const UNSUBSCRIBE: &str = "unsubscribe";
    pub const LIST_TOPICS: &str = "list_topics";
    /// What taosAdapter names an unknown binary action in its error reply.
    pub const UNKNOWN: &str = "unknown";
}

/// `committed` value meaning "nothing committed yet" (`0x80004011` as i32, docs/protocol.md §10.7).
pub const NO_COMMITTED_OFFSET: i64 = -2_147_467_247;

/// `bind_type` of a stmt2 field (docs/protocol.md §9.1).
pub const BIND_TYPE_COLUMN: i8 = 1;
pub const BIND_TYPE_TAG: i8 = 2;
pub const BIND_TYPE_QUERY: i8 = 3;
pub const BIND_TYPE_TABLE_NAME: i8 = 4;

/// A JSON request: `{"action": …, "args": {…}}`. `version` is sent without `args`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request<A> {
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub args: Option<A>,
}

impl<A> Request<A> {
    pub fn new(action: &str, args: A) -> Self {
        Request { action: action.to_owned(), args: Some(args) }
    }
}

/// A JSON reply: the five envelope fields plus the action's own fields in `body`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Response<B> {
    /// 0 on success, else `TDengine code & 0xFFFF`.
    pub code: i32,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub req_id: u64,
    /// Server-side handling time in nanoseconds.
    #[serde(default)]
    pub timing: i64,
    #[serde(flatten)]
    pub body: B,
}

/// Body of replies without fields of their own (`seek`, `unsubscribe`, plain errors).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Empty {}

/// Args of actions that name nothing but the request (`unsubscribe`, `list_topics`, and
/// `version` when a client sends args at all).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReqIdArgs {
    pub req_id: u64,
}

// --- connection -------------------------------------------------------------------------

/// Reply to `version`, `conn` and `subscribe`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VersionBody {
    pub version: String,
    /// Only when the request asked for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list_instances: Option<Vec<String>>,
}

/// `conn` args (docs/protocol.md §4.1).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnArgs {
    pub req_id: u64,
    pub user: String,
    pub password: Secret,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub db: Option<String>,
    #[serde(flatten)]
    pub session: SessionOptions,
}

/// `options_connection`: connection options applied in order (docs/protocol.md §4.2).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OptionsConnectionArgs {
    pub req_id: u64,
    pub options: Vec<ConnectionOption>,
}

/// One option of `options_connection`; a `null` value resets it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectionOption {
    pub option: i32,
    pub value: Option<String>,
}

/// `options_connection` option ids (taosAdapter's driver/common/const.go).
pub const CONNECTION_OPTION_CLEAR: i32 = -1;
pub const CONNECTION_OPTION_TIMEZONE: i32 = 1;

/// Session options `conn` carries and `subscribe` repeats (the official client sends its whole
/// `conn` argument set with `subscribe`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionOptions {
    /// Only 0 (BI mode) is accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tz: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub totp_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bearer_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list_instances: Option<bool>,
}

// --- queries and results ----------------------------------------------------------------

/// `query` args (docs/protocol.md §4.3); `binary_query` carries the same in binary form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryArgs {
    pub req_id: u64,
    pub sql: String,
}

/// The column description shared by `query`/`binary_query` and `stmt2_result` replies.
/// The lists are `null` when the statement produced no columns.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResultSchema {
    pub fields_count: i32,
    pub fields_names: Option<Vec<String>>,
    /// Type codes (docs/protocol.md §7) as numbers.
    pub fields_types: Option<Vec<u8>>,
    /// User-facing widths (docs/protocol.md §7 "fields_lengths").
    pub fields_lengths: Option<Vec<i64>>,
    /// Timestamp precision of the result: 0 ms, 1 µs, 2 ns.
    pub precision: u8,
    /// DECIMAL digits per column, else 0.
    pub fields_precisions: Option<Vec<i64>>,
    /// DECIMAL scale per column, else 0.
    pub fields_scales: Option<Vec<i64>>,
}

/// Reply to `query` and `binary_query`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryBody {
    /// Result id for fetching; 0 when `is_update`.
    pub id: u64,
    /// The statement produced no result columns (INSERT, DDL, USE…).
    pub is_update: bool,
    pub affected_rows: i64,
    #[serde(flatten)]
    pub schema: ResultSchema,
}

/// Args of `fetch`, `fetch_block` and `free_result`: a result id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResultArgs {
    pub req_id: u64,
    pub id: u64,
}

/// Reply to the legacy JSON `fetch` (docs/protocol.md §5.2).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FetchBody {
    pub id: u64,
    /// No more rows; the server has freed the result.
    pub completed: bool,
    pub lengths: Option<Vec<u32>>,
    pub rows: u32,
}

// --- stmt2 ------------------------------------------------------------------------------

/// `stmt2_init` args.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Stmt2InitArgs {
    pub req_id: u64,
    pub single_stb_insert: bool,
    pub single_table_bind_once: bool,
}

/// `stmt2_prepare` args.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Stmt2PrepareArgs {
    pub req_id: u64,
    pub stmt_id: u64,
    pub sql: String,
    pub get_fields: bool,
}

/// Args of `stmt2_exec`, `stmt2_result` and `stmt2_close`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StmtArgs {
    pub req_id: u64,
    pub stmt_id: u64,
}

/// Reply to `stmt2_init`, `stmt2_bind` and `stmt2_close`, and the error body of every stmt2
/// action after init.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StmtIdBody {
    pub stmt_id: u64,
}

/// One placeholder of a prepared stmt2 statement. The official client requires all six
/// fields, so none has a default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stmt2Field {
    /// Column or tag name; `"tbname"` for the table-name placeholder.
    pub name: String,
    pub field_type: i8,
    /// TIMESTAMP: database precision 0/1/2. DECIMAL: digits.
    pub precision: u8,
    pub scale: u8,
    pub bytes: i32,
    /// One of the `BIND_TYPE_*` constants.
    pub bind_type: i8,
}

/// Reply to `stmt2_prepare`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Stmt2PrepareBody {
    pub stmt_id: u64,
    pub is_insert: bool,
    /// `null` for queries.
    pub fields: Option<Vec<Stmt2Field>>,
    /// Placeholders; for queries the number of `?` parameters.
    pub fields_count: i32,
}

/// Reply to `stmt2_exec` and `stmt2_bind_exec`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Stmt2ExecBody {
    pub stmt_id: u64,
    pub affected: i64,
}

/// Reply to `stmt2_result`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Stmt2ResultBody {
    pub stmt_id: u64,
    /// Result id for fetching.
    pub id: u64,
    #[serde(flatten)]
    pub schema: ResultSchema,
}

// --- TMQ --------------------------------------------------------------------------------

/// `subscribe` args (docs/protocol.md §10.2). Option values travel as strings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscribeArgs {
    pub req_id: u64,
    pub user: String,
    pub password: Secret,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub db: Option<String>,
    pub group_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// `auto.offset.reset` under its historic misspelling, which the official clients send.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset_rest: Option<String>,
    /// `auto.offset.reset`, correctly spelt; wins over `offset_rest` when non-empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset_reset: Option<String>,
    pub topics: Vec<String>,
    /// `"true"` enables server-side auto-commit; libtaos itself never auto-commits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_commit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_commit_interval_ms: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot_enable: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with_table_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_batch_meta: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub msg_consume_excluded: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub msg_consume_rawdata: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_timeout_ms: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_poll_interval_ms: Option<String>,
    /// Further consumer keys, applied last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<BTreeMap<String, String>>,
    #[serde(flatten)]
    pub session: SessionOptions,
    /// Its shape is unspecified (clients send `null`), so any JSON is accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset_seek: Option<serde_json::Value>,
}

impl SubscribeArgs {
    /// The effective `auto.offset.reset`: `offset_reset` if non-empty, else `offset_rest`.
    pub fn auto_offset_reset(&self) -> Option<&str> {
        fn non_empty(s: &Option<String>) -> Option<&str> {
            s.as_deref().filter(|s| !s.is_empty())
        }
        non_empty(&self.offset_reset).or(non_empty(&self.offset_rest))
    }
}

/// `poll` args (docs/protocol.md §10.3).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PollArgs {
    pub req_id: u64,
    /// Milliseconds to wait; negative waits until a message arrives.
    pub blocking_time: i64,
    /// Id of the last message the client received.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<u64>,
}

/// Reply to `poll`; with `have_message: false` every other field is empty or 0.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PollBody {
    pub have_message: bool,
    pub topic: String,
    pub database: String,
    pub vgroup_id: i32,
    /// 1 data, 2 table meta, 3 meta + data, 4 raw data (docs/protocol.md §10.8).
    pub message_type: i32,
    pub message_id: u64,
    /// WAL version at which the message starts.
    pub offset: i64,
}

/// Args of `fetch_raw_data` and `commit` (and the other per-message fetches).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MessageArgs {
    pub req_id: u64,
    pub message_id: u64,
}

/// Reply to `commit`; also the error body of TMQ fetch actions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MessageIdBody {
    pub message_id: u64,
}

/// Args of `commit_offset` and `seek`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VgroupOffsetArgs {
    pub req_id: u64,
    pub topic: String,
    pub vgroup_id: i32,
    pub offset: i64,
}

/// Reply to `commit_offset`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VgroupOffsetBody {
    pub topic: String,
    pub vgroup_id: i32,
    pub offset: i64,
}

/// One (topic, vgroup) pair of a `committed` or `position` request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TopicVgroup {
    pub topic: String,
    pub vgroup_id: i32,
}

/// Args of `committed` and `position`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TopicVgroupsArgs {
    pub req_id: u64,
    pub topic_vgroup_ids: Vec<TopicVgroup>,
}

/// Reply to `committed`, in request order; `NO_COMMITTED_OFFSET` where nothing is committed.
/// Error replies should carry `[]` too: the official client requires the field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CommittedBody {
    pub committed: Vec<i64>,
}

/// Reply to `position`, in request order. Error replies should carry `[]` too.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PositionBody {
    pub position: Vec<i64>,
}

/// `assignment` args.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TopicArgs {
    pub req_id: u64,
    pub topic: String,
}

/// One vgroup assigned to the consumer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Assignment {
    pub vgroup_id: i32,
    /// Current position.
    pub offset: i64,
    /// First retained WAL version.
    pub begin: i64,
    /// Last WAL version.
    pub end: i64,
}

/// Reply to `assignment`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssignmentBody {
    pub assignment: Vec<Assignment>,
}

/// Reply to `list_topics`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListTopicsBody {
    pub topics: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn reply<B: Serialize>(action: &str, req_id: u64, body: B) -> Value {
        let r = Response { code: 0, message: String::new(), action: action.into(), req_id, timing: 1, body };
        serde_json::to_value(r).unwrap()
    }

    #[test]
    fn version_request_has_no_args() {
        let req: Request<ReqIdArgs> = Request { action: action::VERSION.into(), args: None };
        assert_eq!(serde_json::to_string(&req).unwrap(), r#"{"action":"version"}"#);
        let back: Request<ReqIdArgs> = serde_json::from_str(r#"{"action":"version"}"#).unwrap();
        assert_eq!(back, req);
        let with_null: Request<ReqIdArgs> = serde_json::from_str(r#"{"action":"version","args":null}"#).unwrap();
        assert_eq!(with_null.args, None);
    }

    #[test]
    fn server_reads_the_args_after_the_action() {
        let text = r#"{"action":"conn","args":{"req_id":77,"user":"root","password":"taosdata","db":"power",
                      "connector":"rust-ws-v0.12.4-abc","tz":null,"unknown_field":1}}"#;
        let req: Request<Value> = serde_json::from_str(text).unwrap();
        assert_eq!(req.action, action::CONN);
        let args: ConnArgs = serde_json::from_value(req.args.unwrap()).unwrap();
        assert_eq!((args.req_id, args.db.as_deref(), args.session.tz), (77, Some("power"), None));
    }

    #[test]
    fn update_query_reply_matches_appendix_a2() {
        let body = QueryBody { is_update: true, affected_rows: 3, ..Default::default() };
        let v = reply(action::BINARY_QUERY, 80, body.clone());
        assert_eq!(
            v,
            json!({"code":0,"message":"","action":"binary_query","req_id":80,"timing":1,"id":0,
                   "is_update":true,"affected_rows":3,"fields_count":0,"fields_names":null,
                   "fields_types":null,"fields_lengths":null,"precision":0,
                   "fields_precisions":null,"fields_scales":null})
        );
        let back: Response<QueryBody> = serde_json::from_value(v).unwrap();
        assert_eq!(back.body, body);
    }

    #[test]
    fn select_reply_matches_appendix_a1() {
        let text = r#"{"code":0,"message":"","action":"binary_query","req_id":77,"timing":3011200,"id":1,
         "is_update":false,"affected_rows":0,"fields_count":2,"fields_names":["ts","v"],
         "fields_types":[9,10],"fields_lengths":[8,4],"precision":0,
         "fields_precisions":[0,0],"fields_scales":[0,0]}"#;
        let r: Response<QueryBody> = serde_json::from_str(text).unwrap();
        assert_eq!((r.req_id, r.body.id, r.body.schema.fields_count), (77, 1, 2));
        assert_eq!(r.body.schema.fields_types, Some(vec![9, 10]));
    }

    #[test]
    fn error_replies_decode_into_any_body() {
        let text = r#"{"code":9731,"message":"Table does not exist","action":"binary_query","req_id":81,"timing":5}"#;
        let r: Response<QueryBody> = serde_json::from_str(text).unwrap();
        assert_eq!((r.code, r.body), (0x2603, QueryBody::default()));
        let r: Response<Empty> = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_value(&r).unwrap(), serde_json::from_str::<Value>(text).unwrap());
        let r: Response<CommittedBody> = serde_json::from_str(r#"{"code":1,"action":"committed"}"#).unwrap();
        assert_eq!(serde_json::to_value(&r.body).unwrap(), json!({"committed":[]}));
    }

    #[test]
    fn stmt2_prepare_reply_matches_appendix_a4() {
        let text = r#"{"code":0,"message":"","action":"stmt2_prepare","req_id":90,"timing":1,"stmt_id":1,"is_insert":true,
           "fields":[{"name":"tbname","field_type":8,"precision":0,"scale":0,"bytes":194,"bind_type":4},
                     {"name":"gid","field_type":4,"precision":0,"scale":0,"bytes":4,"bind_type":2},
                     {"name":"ts","field_type":9,"precision":0,"scale":0,"bytes":8,"bind_type":1},
                     {"name":"v","field_type":6,"precision":0,"scale":0,"bytes":4,"bind_type":1}],
           "fields_count":4}"#;
        let r: Response<Stmt2PrepareBody> = serde_json::from_str(text).unwrap();
        let fields = r.body.fields.as_ref().unwrap();
        assert_eq!(fields[0].bind_type, BIND_TYPE_TABLE_NAME);
        assert_eq!(fields[1].bind_type, BIND_TYPE_TAG);
        assert_eq!(serde_json::to_value(&r).unwrap(), serde_json::from_str::<Value>(text).unwrap());
        // A field missing one of its six members is rejected, as by the official client.
        let partial = r#"{"code":0,"fields":[{"name":"ts","field_type":9}]}"#;
        assert!(serde_json::from_str::<Response<Stmt2PrepareBody>>(partial).is_err());
    }

    #[test]
    fn stmt2_result_flattens_the_schema() {
        let body = Stmt2ResultBody { stmt_id: 2, id: 5, schema: ResultSchema { fields_count: 1, precision: 2, ..Default::default() } };
        let v = reply(action::STMT2_RESULT, 1, body.clone());
        assert_eq!((&v["stmt_id"], &v["id"], &v["precision"]), (&json!(2), &json!(5), &json!(2)));
        assert_eq!(serde_json::from_value::<Response<Stmt2ResultBody>>(v).unwrap().body, body);
    }

    #[test]
    fn subscribe_accepts_both_spellings_and_nulls() {
        let text = r#"{"req_id":1,"user":"root","password":"taosdata","db":"","connector":"x",
           "group_id":"g1","client_id":null,"offset_rest":"earliest","snapshot_enable":"false",
           "with_table_name":"true","auto_commit":"false","offset_seek":null,"enable_batch_meta":"1",
           "topics":["tp"],"config":{"session.timeout.ms":"12000"}}"#;
        let args: SubscribeArgs = serde_json::from_str(text).unwrap();
        assert_eq!(args.auto_offset_reset(), Some("earliest"));
        assert_eq!((args.client_id, args.offset_seek), (None, None));
        assert_eq!(args.config.unwrap()["session.timeout.ms"], "12000");
        let args: SubscribeArgs = serde_json::from_str(r#"{"offset_rest":"earliest","offset_reset":"latest"}"#).unwrap();
        assert_eq!(args.auto_offset_reset(), Some("latest"));
        let args: SubscribeArgs = serde_json::from_str(r#"{"offset_rest":null,"offset_reset":""}"#).unwrap();
        assert_eq!(args.auto_offset_reset(), None);
        let sent = serde_json::to_value(SubscribeArgs { group_id: "g".into(), ..Default::default() }).unwrap();
        assert!(sent.get("client_id").is_none());
    }

    #[test]
    fn tmq_replies_round_trip() {
        let poll = PollBody {
            have_message: true,
            topic: "tp".into(),
            database: "power".into(),
            vgroup_id: 3,
            message_type: 1,
            message_id: 1,
            offset: 1042,
        };
        let v = reply(action::POLL, 2, poll.clone());
        assert_eq!(v["offset"], json!(1042));
        assert_eq!(serde_json::from_value::<Response<PollBody>>(v).unwrap().body, poll);
        let assignment = AssignmentBody { assignment: vec![Assignment { vgroup_id: 3, offset: 5, begin: 0, end: 9 }] };
        let v = reply(action::ASSIGNMENT, 3, assignment.clone());
        assert_eq!(v["assignment"][0]["end"], json!(9));
        assert_eq!(serde_json::from_value::<Response<AssignmentBody>>(v).unwrap().body, assignment);
        let committed = CommittedBody { committed: vec![NO_COMMITTED_OFFSET, 7] };
        let v = reply(action::COMMITTED, 4, committed.clone());
        assert_eq!(v["committed"][0], json!(-2147467247));
        let args: TopicVgroupsArgs = serde_json::from_str(r#"{"req_id":4,"topic_vgroup_ids":[{"topic":"tp","vgroup_id":3}]}"#).unwrap();
        assert_eq!(args.topic_vgroup_ids[0].vgroup_id, 3);
        let poll: PollArgs = serde_json::from_str(r#"{"req_id":5,"blocking_time":-1}"#).unwrap();
        assert_eq!((poll.blocking_time, poll.message_id), (-1, None));
    }
}
