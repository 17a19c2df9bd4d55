//! information_schema: the system tables clients read, with TDengine 3.3's columns, built
//! from the catalog when a query reads them.

use super::catalog::{self, Database, Table, TableKind};
use super::codec;
use super::error::{self, Result};
use super::schema::{ColType, Field, Schema, TABLE_NAME_WIDTH};
use super::state::State;
use super::storage;
use super::system_tmq;
use super::value::{format_decimal, Value};
use tdflink_protocol::types::DataType;

pub struct SystemTable {
    pub columns: Vec<Field>,
    pub rows: Vec<Vec<Value>>,
}

/// Widths TDengine declares for names (`TSDB_DB_NAME_LEN - 1` and so on).
const DB_NAME: u32 = 64;
const COLUMN_NAME: u32 = 64;
const COMMENT: u32 = 1024;
const TYPE_NAME: u32 = 32;
const TABLE_TYPE: u32 = 21;
const TAG_VALUE: u32 = 16384;

const TABLES: [&str; 5] = ["ins_databases", "ins_stables", "ins_tables", "ins_columns", "ins_tags"];

/// The columns of system table `name`, if tdlite has it.
pub fn columns_of(name: &str) -> Option<Vec<Field>> {
    let var = |n| ColType::var(DataType::VarChar, n);
    let plain = ColType::plain;
    let spec: Vec<(&str, ColType)> = match name {
        "ins_databases" => vec![
            ("name", var(DB_NAME)),
            ("create_time", plain(DataType::Timestamp)),
            ("vgroups", plain(DataType::Int)),
            ("ntables", plain(DataType::BigInt)),
            ("replica", plain(DataType::TinyInt)),
            ("strict", var(4)),
            ("duration", var(10)),
            ("keep", var(32)),
            ("buffer", plain(DataType::Int)),
            ("pagesize", plain(DataType::Int)),
            ("pages", plain(DataType::Int)),
            ("minrows", plain(DataType::Int)),
            ("maxrows", plain(DataType::Int)),
            ("comp", plain(DataType::TinyInt)),
            ("precision", var(2)),
            ("status", var(10)),
            ("retentions", var(60)),
            ("single_stable", plain(DataType::Bool)),
            ("cachemodel", var(11)),
            ("cachesize", plain(DataType::Int)),
            ("wal_level", plain(DataType::TinyInt)),
            ("wal_fsync_period", plain(DataType::Int)),
            ("wal_retention_period", plain(DataType::Int)),
            ("wal_retention_size", plain(DataType::BigInt)),
            ("stt_trigger", plain(DataType::SmallInt)),
            ("table_prefix", plain(DataType::SmallInt)),
            ("table_suffix", plain(DataType::SmallInt)),
            ("tsdb_pagesize", plain(DataType::Int)),
            ("keep_time_offset", plain(DataType::Int)),
            ("s3_chunkpages", plain(DataType::Int)),
            ("s3_keeplocal", var(10)),
            ("s3_compact", plain(DataType::TinyInt)),
            ("with_arbitrator", plain(DataType::TinyInt)),
            ("encrypt_algorithm", var(16)),
        ],
        "ins_stables" => vec![
            ("stable_name", var(TABLE_NAME_WIDTH)),
            ("db_name", var(DB_NAME)),
            ("create_time", plain(DataType::Timestamp)),
            ("columns", plain(DataType::Int)),
            ("tags", plain(DataType::Int)),
            ("last_update", plain(DataType::Timestamp)),
            ("table_comment", var(COMMENT)),
            ("watermark", var(64)),
            ("max_delay", var(64)),
            ("rollup", var(128)),
            ("uid", plain(DataType::BigInt)),
        ],
        "ins_tables" => vec![
            ("table_name", var(TABLE_NAME_WIDTH)),
            ("db_name", var(DB_NAME)),
            ("create_time", plain(DataType::Timestamp)),
            ("columns", plain(DataType::Int)),
            ("stable_name", var(TABLE_NAME_WIDTH)),
            ("uid", plain(DataType::BigInt)),
            ("vgroup_id", plain(DataType::Int)),
            ("ttl", plain(DataType::Int)),
            ("table_comment", var(COMMENT)),
            ("type", var(TABLE_TYPE)),
        ],
        "ins_columns" => vec![
            ("table_name", var(TABLE_NAME_WIDTH)),
            ("db_name", var(DB_NAME)),
            ("table_type", var(TABLE_TYPE)),
            ("col_name", var(COLUMN_NAME)),
            ("col_type", var(TYPE_NAME)),
            ("col_length", plain(DataType::Int)),
            ("col_precision", plain(DataType::Int)),
            ("col_scale", plain(DataType::Int)),
            ("col_nullable", plain(DataType::Int)),
        ],
        "ins_tags" => vec![
            ("table_name", var(TABLE_NAME_WIDTH)),
            ("db_name", var(DB_NAME)),
            ("stable_name", var(TABLE_NAME_WIDTH)),
            ("tag_name", var(COLUMN_NAME)),
            ("tag_type", var(TYPE_NAME)),
            ("tag_value", var(TAG_VALUE)),
        ],
        _ => return system_tmq::columns_of(name),
    };
    Some(spec.into_iter().map(|(name, ty)| Field { name: name.to_owned(), ty }).collect())
}

/// System table `name` with its current rows.
pub fn table(state: &State, name: &str) -> Result<Option<SystemTable>> {
    let Some(columns) = columns_of(name) else {
        return Ok(None);
    };
    let databases = state.catalog.databases.values();
    let rows = match name {
        "ins_databases" => system_databases().into_iter().chain(databases.map(database_row)).collect(),
        "ins_stables" => user_tables(state, true).map(|(db, t, schema)| stable_row(db, t, &schema)).collect(),
        "ins_tables" => system_tables().chain(user_tables(state, false).map(|(db, t, s)| table_row(db, t, &s))).collect(),
        "ins_columns" => column_rows(state),
        "ins_tags" => tag_rows(state)?,
        _ => system_tmq::rows(state, name)?,
    };
    Ok(Some(SystemTable { columns, rows }))
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

fn int(v: impl Into<i64>) -> Value {
    Value::Int(v.into())
}

/// A row of `table` with the named columns set and the rest NULL.
fn sparse_row(table: &str, values: Vec<(&str, Value)>) -> Vec<Value> {
    let columns = columns_of(table).unwrap_or_default();
    let mut row = vec![Value::Null; columns.len()];
    for (name, value) in values {
        if let Some(i) = columns.iter().position(|c| c.name == name) {
            row[i] = value;
        }
    }
    row
}

/// information_schema and performance_schema, which TDengine lists with few details.
fn system_databases() -> Vec<Vec<Value>> {
    [(catalog::INFORMATION_SCHEMA, TABLES.len() + system_tmq::TABLES.len()), (catalog::PERFORMANCE_SCHEMA, 0)]
        .into_iter()
        .map(|(name, tables)| {
            sparse_row("ins_databases", vec![("name", text(name)), ("ntables", int(tables as i64)), ("status", text("ready"))])
        })
        .collect()
}

/// A user database with TDengine's defaults for the options tdlite does not model.
fn database_row(db: &Database) -> Vec<Value> {
    let tables = db.tables.values().filter(|t| !matches!(t.kind, TableKind::Super(_))).count();
    vec![
        text(&db.name),
        Value::Timestamp(db.created),
        int(db.vgroups),
        int(tables as i64),
        int(1),
        text("on"),
        text("10d"),
        text("3650d,3650d,3650d"),
        int(256),
        int(4),
        int(256),
        int(100),
        int(4096),
        int(2),
        text(db.precision.sql_name()),
        text("ready"),
        Value::Null,
        Value::Bool(false),
        text("none"),
        int(1),
        int(1),
        int(3000),
        int(3600),
        int(0),
        int(2),
        int(0),
        int(0),
        int(4),
        int(0),
        int(131072),
        text("525600m"),
        int(1),
        int(0),
        text("none"),
    ]
}

/// Supertables (or, with `stables` false, normal tables and subtables) of every database.
fn user_tables(state: &State, stables: bool) -> impl Iterator<Item = (&Database, &Table, std::sync::Arc<Schema>)> {
    state.catalog.databases.values().flat_map(move |db| {
        db.tables
            .values()
            .filter(move |t| matches!(t.kind, TableKind::Super(_)) == stables)
            .filter_map(move |t| db.schema_of(t).ok().map(|schema| (db, t, schema)))
    })
}

fn stable_row(db: &Database, table: &Table, schema: &Schema) -> Vec<Value> {
    vec![
        text(&table.name),
        text(&db.name),
        Value::Timestamp(table.created),
        int(schema.columns.len() as i64),
        int(schema.tags.len() as i64),
        Value::Timestamp(table.created),
        Value::Null,
        text("5000a,5000a"),
        text("-1a,-1a"),
        text(""),
        int(table.id),
    ]
}

fn table_row(db: &Database, table: &Table, schema: &Schema) -> Vec<Value> {
    let (stable, kind) = match &table.kind {
        TableKind::Child { stable } => (text(stable), "CHILD_TABLE"),
        _ => (Value::Null, "NORMAL_TABLE"),
    };
    vec![
        text(&table.name),
        text(&db.name),
        Value::Timestamp(table.created),
        int(schema.columns.len() as i64),
        stable,
        int(table.id),
        int(db.vgroup_of(&table.name)),
        int(0),
        Value::Null,
        text(kind),
    ]
}

/// information_schema's own tables, listed in ins_tables as TDengine does.
fn system_tables() -> impl Iterator<Item = Vec<Value>> {
    TABLES.into_iter().chain(system_tmq::TABLES).map(|name| {
        let columns = columns_of(name).map_or(0, |c| c.len());
        sparse_row(
            "ins_tables",
            vec![
                ("table_name", text(name)),
                ("db_name", text(catalog::INFORMATION_SCHEMA)),
                ("columns", int(columns as i64)),
                ("type", text("SYSTEM_TABLE")),
            ],
        )
    })
}

fn column_rows(state: &State) -> Vec<Vec<Value>> {
    let mut rows = Vec::new();
    let mut push = |table: &str, db: &str, kind: &str, fields: &[Field]| {
        for field in fields {
            let decimal = field.ty.is_decimal();
            let detail = |v: u8| if decimal { int(v) } else { Value::Null };
            rows.push(vec![
                text(table),
                text(db),
                text(kind),
                text(&field.name),
                text(&field.ty.catalog_name()),
                int(field.ty.raw_bytes()),
                detail(field.ty.precision),
                detail(field.ty.scale),
                Value::Null,
            ]);
        }
    };
    for name in TABLES.into_iter().chain(system_tmq::TABLES) {
        push(name, catalog::INFORMATION_SCHEMA, "SYSTEM_TABLE", &columns_of(name).unwrap_or_default());
    }
    for db in state.catalog.databases.values() {
        for table in db.tables.values() {
            let kind = match table.kind {
                TableKind::Super(_) => "SUPER_TABLE",
                TableKind::Child { .. } => "CHILD_TABLE",
                TableKind::Normal(_) => "NORMAL_TABLE",
            };
            if let Ok(schema) = db.schema_of(table) {
                push(&table.name, &db.name, kind, &schema.columns);
            }
        }
    }
    rows
}

/// One row per tag of every subtable, the value rendered as text.
fn tag_rows(state: &State) -> Result<Vec<Vec<Value>>> {
    let mut rows = Vec::new();
    for (db, stable, schema) in user_tables(state, true) {
        let columns: String = (0..schema.tags.len()).map(|i| format!(", t{i}")).collect();
        let sql = format!("SELECT tbname{columns} FROM {} ORDER BY tbname", storage::tag_table(stable.id));
        let mut stmt = state.conn.prepare(&sql).map_err(error::storage)?;
        let mut found = stmt.query([]).map_err(error::storage)?;
        while let Some(row) = found.next().map_err(error::storage)? {
            let table: String = row.get(0).map_err(error::storage)?;
            for (i, tag) in schema.tags.iter().enumerate() {
                let stored = row.get_ref(i + 1).map_err(error::storage)?;
                let value = codec::from_sql(stored, tag.ty.ty, tag.ty.scale).map_err(error::internal)?;
                rows.push(vec![
                    text(&table),
                    text(&db.name),
                    text(&stable.name),
                    text(&tag.name),
                    text(&tag.ty.catalog_name()),
                    display(&value).map_or(Value::Null, Value::Text),
                ]);
            }
        }
    }
    Ok(rows)
}

/// A tag value as ins_tags shows it; `None` for NULL.
fn display(value: &Value) -> Option<String> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(b) => b.to_string(),
        Value::Int(v) | Value::Timestamp(v) => v.to_string(),
        Value::UInt(v) => v.to_string(),
        Value::Float(v) => v.to_string(),
        Value::Text(s) => s.clone(),
        Value::Bytes(b) => format!("\\x{}", b.iter().map(|byte| format!("{byte:02X}")).collect::<String>()),
        Value::Decimal { unscaled, scale } => format_decimal(*unscaled, *scale),
    })
}
