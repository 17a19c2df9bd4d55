//! SHOW and DESCRIBE. SHOW statements are queries of information_schema, as in TDengine, so
//! they are answered by running the equivalent SELECT.

use super::catalog::{self, TableKind};
use super::error::{self, Result};
use super::result::{ResultColumn, ResultSet};
use super::schema::{ColType, Field};
use super::select;
use super::state::{Ctx, State};
use super::system;
use super::value::Value;
use crate::sql::ast::{BinaryOp, ColumnRef, Expr, Identifier, Literal, Select, SelectItem, Show, TableName, TablesKind};
use tdflink_protocol::types::{DataType, Precision};

/// DESCRIBE's widths (TDengine's DESCRIBE_RESULT_*_LEN less the length header).
const FIELD_WIDTH: u32 = 64;
const TYPE_WIDTH: u32 = 20;
const NOTE_WIDTH: u32 = 16;
const COMPRESS_WIDTH: u32 = 12;

pub fn show(state: &State, ctx: &Ctx<'_>, show: &Show) -> Result<ResultSet> {
    let query = match show {
        Show::Databases => system_query("ins_databases", None, None),
        Show::Stables { db, like } => {
            let db = existing_db(state, ctx, db.as_ref())?;
            system_query("ins_stables", Some(Listing { name: "stable_name", db, kind: None }), like.as_deref())
        }
        Show::Tables { kind, db, like } => {
            let db = existing_db(state, ctx, db.as_ref())?;
            let kind = kind.map(|k| match k {
                TablesKind::Normal => "NORMAL_TABLE",
                TablesKind::Child => "CHILD_TABLE",
            });
            system_query("ins_tables", Some(Listing { name: "table_name", db, kind }), like.as_deref())
        }
        Show::Topics => system_query("ins_topics", None, None),
        Show::Consumers => system_query("ins_consumers", None, None),
        Show::Subscriptions => system_query("ins_subscriptions", None, None),
        // One server, always up: TDengine's 1 = "available".
        Show::ClusterAlive => {
            let status = ResultColumn::new("status", DataType::Int, 4);
            return Ok(ResultSet { columns: vec![status], precision: Precision::Millisecond, rows: vec![vec![Value::Int(1)]] });
        }
    };
    select::query(state, ctx, &query)
}

fn existing_db(state: &State, ctx: &Ctx<'_>, db: Option<&Identifier>) -> Result<String> {
    let name = ctx.db_name(db)?;
    if !state.has_database(&name) {
        return Err(error::db_not_exist());
    }
    Ok(name)
}

/// One database's objects of a system table: the name column listed, the database, and
/// the `type` they must have (`None`: any).
struct Listing {
    name: &'static str,
    db: String,
    kind: Option<&'static str>,
}

/// `SELECT * FROM information_schema.<table>`, or `SELECT <name> ... WHERE db_name = <db>
/// [AND type = <kind>] [AND <name> LIKE <pattern>]` when listing one database's objects.
fn system_query(table: &str, listing: Option<Listing>, like: Option<&str>) -> Select {
    let column = |name: &str| Expr::Column(ColumnRef { table: None, name: Identifier::bare(name) });
    let string = |s: &str| Expr::Literal(Literal::String(s.to_owned()));
    let and = |left: Expr, right: Expr| Expr::Binary { left: Box::new(left), op: BinaryOp::And, right: Box::new(right) };
    let (items, filter) = match listing {
        None => (vec![SelectItem::Wildcard { qualifier: None }], None),
        Some(Listing { name, db, kind }) => {
            let mut filter = Expr::Binary { left: Box::new(column("db_name")), op: BinaryOp::Eq, right: Box::new(string(&db)) };
            if let Some(kind) = kind {
                let of_kind = Expr::Binary { left: Box::new(column("type")), op: BinaryOp::Eq, right: Box::new(string(kind)) };
                filter = and(filter, of_kind);
            }
            if let Some(pattern) = like {
                let matches = Expr::Like { expr: Box::new(column(name)), pattern: Box::new(string(pattern)), negated: false };
                filter = and(filter, matches);
            }
            (vec![SelectItem::Expr { expr: column(name), alias: None }], Some(filter))
        }
    };
    let table = TableName { db: Some(Identifier::bare(catalog::INFORMATION_SCHEMA)), name: Identifier::bare(table) };
    Select::from_table(table, items, filter)
}

/// DESCRIBE: one row per column, then per tag (noted `TAG`). User tables also show each
/// column's encoding, compression and level, as TDengine 3.3 does.
pub fn describe(state: &State, ctx: &Ctx<'_>, name: &TableName) -> Result<ResultSet> {
    let db = ctx.db_name(name.db.as_ref())?;
    let table = name.name.name.as_str();
    let var = |n| ColType::var(DataType::VarChar, n);
    let mut columns = vec![
        var(FIELD_WIDTH).result_column("field"),
        var(TYPE_WIDTH).result_column("type"),
        ColType::plain(DataType::Int).result_column("length"),
        var(NOTE_WIDTH).result_column("note"),
    ];
    let row = |field: &Field, note: &str| {
        vec![
            Value::Text(field.name.clone()),
            Value::Text(field.ty.describe_name()),
            Value::Int(i64::from(field.ty.bytes())),
            Value::Text(note.to_owned()),
        ]
    };
    if db == catalog::INFORMATION_SCHEMA {
        let fields = system::columns_of(table).ok_or_else(|| error::table_not_exist(table))?;
        let rows = fields.iter().map(|f| row(f, "")).collect();
        return Ok(ResultSet { columns, precision: Precision::Millisecond, rows });
    }
    let database = state.catalog.database(&db)?;
    let entry = database.table(table)?;
    let schema = database.schema_of(entry)?;
    columns.extend(["encode", "compress", "level"].map(|n| var(COMPRESS_WIDTH).result_column(n)));
    let mut rows: Vec<Vec<Value>> = schema
        .columns
        .iter()
        .map(|f| {
            let mut r = row(f, "");
            r.extend(compression(f.ty.ty).map(|s| Value::Text(s.to_owned())));
            r
        })
        .collect();
    // A normal table has no tags; a subtable shows its supertable's.
    if !matches!(entry.kind, TableKind::Normal(_)) {
        rows.extend(schema.tags.iter().map(|f| {
            let mut r = row(f, "TAG");
            r.extend(["disabled"; 3].map(|s| Value::Text(s.to_owned())));
            r
        }));
    }
    // DESCRIBE holds no timestamps; TDengine reports it in milliseconds.
    Ok(ResultSet { columns, precision: Precision::Millisecond, rows })
}

/// TDengine 3.3's default (encode, compress, level) for a column of type `ty`.
fn compression(ty: DataType) -> [&'static str; 3] {
    use DataType::*;
    match ty {
        Timestamp => ["delta-i", "lz4", "medium"],
        Bool => ["bit-packing", "lz4", "medium"],
        TinyInt | SmallInt | Int | BigInt | UTinyInt | USmallInt | UInt | UBigInt => ["simple8b", "lz4", "medium"],
        Float | Double => ["delta-d", "lz4", "medium"],
        _ => ["disabled", "zstd", "medium"],
    }
}
