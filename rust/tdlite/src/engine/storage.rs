//! The SQLite side: opening the database file, the catalog tables that make the in-memory
//! catalog durable, and the per-table data tables.
//!
//! Data tables are named after the catalog id, never the user's name, so any TDengine name
//! (backticks allow almost anything) is safe: `d<id>` holds rows (`tbname`, `c0` = the
//! timestamp, `c1`...; only supertables have `tbname`), `g<id>` a supertable's tag values
//! (`tbname`, `t0`...).

use super::catalog::{Catalog, Database, Table, TableKind};
use super::error::{self, Result};
use super::schema::{ColType, Field, Schema};
use rusqlite::{params, Connection};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use tdflink_protocol::types::{DataType, Precision};

/// The file inside `--data-dir`.
pub const FILE_NAME: &str = "tdlite.db";

const CATALOG_SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS td_databases (
        name TEXT PRIMARY KEY, precision INTEGER NOT NULL, vgroups INTEGER NOT NULL,
        first_vgroup INTEGER NOT NULL, created INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS td_tables (
        id INTEGER PRIMARY KEY AUTOINCREMENT, db TEXT NOT NULL, name TEXT NOT NULL,
        kind INTEGER NOT NULL, stable TEXT, created INTEGER NOT NULL, UNIQUE (db, name));
    CREATE TABLE IF NOT EXISTS td_columns (
        table_id INTEGER NOT NULL, is_tag INTEGER NOT NULL, position INTEGER NOT NULL,
        name TEXT NOT NULL, type INTEGER NOT NULL, width INTEGER NOT NULL,
        precision INTEGER NOT NULL, scale INTEGER NOT NULL,
        PRIMARY KEY (table_id, is_tag, position)) WITHOUT ROWID;";

const KIND_SUPER: i64 = 0;
const KIND_CHILD: i64 = 1;
const KIND_NORMAL: i64 = 2;

/// Opens (creating if needed) the store: in memory, or `dir/tdlite.db` in WAL mode with
/// `synchronous=FULL` so a write acknowledged to a client survives `kill -9`.
pub fn open(dir: Option<&Path>) -> Result<Connection> {
    let conn = match dir {
        None => Connection::open_in_memory(),
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| error::internal(format!("cannot create {}: {e}", dir.display())))?;
            Connection::open(dir.join(FILE_NAME))
        }
    }
    .map_err(error::storage)?;
    if dir.is_some() {
        conn.pragma_update(None, "journal_mode", "WAL").map_err(error::storage)?;
    }
    conn.pragma_update(None, "synchronous", "FULL").map_err(error::storage)?;
    for schema in [CATALOG_SCHEMA, super::wal::SCHEMA, super::topic::SCHEMA, super::offsets::SCHEMA] {
        conn.execute_batch(schema).map_err(error::storage)?;
    }
    Ok(conn)
}

pub fn data_table(id: i64) -> String {
    format!("d{id}")
}

pub fn tag_table(id: i64) -> String {
    format!("g{id}")
}

/// The SQLite column type (and so affinity) a TDengine type is stored with (see codec.rs).
fn storage_type(ty: DataType) -> &'static str {
    use DataType::*;
    match ty {
        Float | Double => "REAL",
        VarChar | NChar | Json => "TEXT",
        VarBinary | Geometry | Blob | MediumBlob | Decimal => "BLOB",
        _ => "INTEGER",
    }
}

fn column_list(prefix: char, fields: &[Field]) -> String {
    fields.iter().enumerate().map(|(i, f)| format!(", {prefix}{i} {}", storage_type(f.ty.ty))).collect()
}

pub fn load_catalog(conn: &Connection) -> Result<Catalog> {
    let mut databases = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT name, precision, vgroups, first_vgroup, created FROM td_databases").map_err(error::storage)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Database {
                name: r.get(0)?,
                precision: Precision::from_code(r.get(1)?).unwrap_or_default(),
                vgroups: r.get(2)?,
                first_vgroup: r.get(3)?,
                created: r.get(4)?,
                tables: BTreeMap::new(),
            })
        })
        .map_err(error::storage)?;
    for db in rows {
        let db = db.map_err(error::storage)?;
        databases.insert(db.name.clone(), db);
    }
    let schemas = load_schemas(conn)?;
    let mut stmt = conn.prepare("SELECT id, db, name, kind, stable, created FROM td_tables ORDER BY id").map_err(error::storage)?;
    let rows = stmt
        .query_map([], |r| {
            let row: (i64, String, String, i64, Option<String>, i64) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
            Ok(row)
        })
        .map_err(error::storage)?;
    for row in rows {
        let (id, db, name, kind, stable, created) = row.map_err(error::storage)?;
        let schema = || Arc::new(schemas.get(&id).cloned().unwrap_or_default());
        let kind = match kind {
            KIND_SUPER => TableKind::Super(schema()),
            KIND_CHILD => TableKind::Child { stable: stable.unwrap_or_default() },
            _ => TableKind::Normal(schema()),
        };
        if let Some(db) = databases.get_mut(&db) {
            db.tables.insert(name.clone(), Table { id, name, created, kind });
        }
    }
    Ok(Catalog { databases })
}

fn load_schemas(conn: &Connection) -> Result<BTreeMap<i64, Schema>> {
    let mut schemas: BTreeMap<i64, Schema> = BTreeMap::new();
    let mut stmt = conn
        .prepare(
            "SELECT table_id, is_tag, name, type, width, precision, scale FROM td_columns
             ORDER BY table_id, is_tag, position",
        )
        .map_err(error::storage)?;
    let rows = stmt
        .query_map([], |r| {
            let ty = DataType::from_code(r.get(3)?).unwrap_or(DataType::Null);
            let field = Field { name: r.get(2)?, ty: ColType { ty, width: r.get(4)?, precision: r.get(5)?, scale: r.get(6)? } };
            Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?, field))
        })
        .map_err(error::storage)?;
    for row in rows {
        let (id, is_tag, field) = row.map_err(error::storage)?;
        let schema = schemas.entry(id).or_default();
        if is_tag {
            schema.tags.push(field);
        } else {
            schema.columns.push(field);
        }
    }
    Ok(schemas)
}

pub fn insert_database(conn: &Connection, db: &Database) -> Result<()> {
    conn.execute(
        "INSERT INTO td_databases (name, precision, vgroups, first_vgroup, created) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![db.name, db.precision.code(), db.vgroups, db.first_vgroup, db.created],
    )
    .map_err(error::storage)?;
    Ok(())
}

pub fn delete_database(conn: &Connection, db: &Database) -> Result<()> {
    for table in db.tables.values() {
        drop_storage(conn, table)?;
    }
    conn.execute("DELETE FROM td_columns WHERE table_id IN (SELECT id FROM td_tables WHERE db = ?1)", [&db.name])
        .map_err(error::storage)?;
    conn.execute("DELETE FROM td_tables WHERE db = ?1", [&db.name]).map_err(error::storage)?;
    conn.execute("DELETE FROM td_databases WHERE name = ?1", [&db.name]).map_err(error::storage)?;
    super::wal::delete_database(conn, &db.name)
}

/// Records a table in the catalog and creates its data tables; returns its id.
pub fn create_table(conn: &Connection, db: &str, name: &str, kind: &TableKind, created: i64) -> Result<i64> {
    let (code, stable) = match kind {
        TableKind::Super(_) => (KIND_SUPER, None),
        TableKind::Child { stable } => (KIND_CHILD, Some(stable.as_str())),
        TableKind::Normal(_) => (KIND_NORMAL, None),
    };
    conn.execute(
        "INSERT INTO td_tables (db, name, kind, stable, created) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![db, name, code, stable, created],
    )
    .map_err(error::storage)?;
    let id = conn.last_insert_rowid();
    match kind {
        TableKind::Super(schema) => {
            insert_columns(conn, id, schema)?;
            let sql = format!(
                "CREATE TABLE {} (tbname TEXT NOT NULL{}, PRIMARY KEY (tbname, c0)) WITHOUT ROWID;
                 CREATE TABLE {} (tbname TEXT PRIMARY KEY{}) WITHOUT ROWID;",
                data_table(id),
                column_list('c', &schema.columns),
                tag_table(id),
                column_list('t', &schema.tags),
            );
            conn.execute_batch(&sql).map_err(error::storage)?;
        }
        TableKind::Normal(schema) => {
            insert_columns(conn, id, schema)?;
            // The first column is the timestamp key; its declared INTEGER makes it `c0 INTEGER`.
            let columns = column_list('c', &schema.columns);
            let sql = format!("CREATE TABLE {} ({}, PRIMARY KEY (c0)) WITHOUT ROWID", data_table(id), columns.trim_start_matches(", "));
            conn.execute_batch(&sql).map_err(error::storage)?;
        }
        TableKind::Child { .. } => {}
    }
    Ok(id)
}

fn insert_columns(conn: &Connection, id: i64, schema: &Schema) -> Result<()> {
    let mut stmt = conn
        .prepare_cached(
            "INSERT INTO td_columns (table_id, is_tag, position, name, type, width, precision, scale)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .map_err(error::storage)?;
    let all = schema.columns.iter().map(|f| (false, f)).chain(schema.tags.iter().map(|f| (true, f)));
    let mut positions = [0i64; 2];
    for (is_tag, field) in all {
        let position = &mut positions[usize::from(is_tag)];
        let t = field.ty;
        stmt.execute(params![id, is_tag, *position, field.name, t.ty.code(), t.width, t.precision, t.scale]).map_err(error::storage)?;
        *position += 1;
    }
    Ok(())
}

/// Removes a table from the catalog and its data (a subtable's rows and tags live in its
/// supertable's tables, identified by `stable_id`).
pub fn drop_table(conn: &Connection, table: &Table, stable_id: Option<i64>) -> Result<()> {
    drop_storage(conn, table)?;
    if let Some(stable_id) = stable_id {
        for target in [data_table(stable_id), tag_table(stable_id)] {
            conn.execute(&format!("DELETE FROM {target} WHERE tbname = ?1"), [&table.name]).map_err(error::storage)?;
        }
    }
    conn.execute("DELETE FROM td_columns WHERE table_id = ?1", [table.id]).map_err(error::storage)?;
    conn.execute("DELETE FROM td_tables WHERE id = ?1", [table.id]).map_err(error::storage)?;
    Ok(())
}

fn drop_storage(conn: &Connection, table: &Table) -> Result<()> {
    let sql = match table.kind {
        TableKind::Super(_) => {
            format!("DROP TABLE IF EXISTS {}; DROP TABLE IF EXISTS {};", data_table(table.id), tag_table(table.id))
        }
        TableKind::Normal(_) => format!("DROP TABLE IF EXISTS {};", data_table(table.id)),
        TableKind::Child { .. } => return Ok(()),
    };
    conn.execute_batch(&sql).map_err(error::storage)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tdflink_protocol::types::DataType;

    fn schema() -> Arc<Schema> {
        let field = |name: &str, ty| Field { name: name.into(), ty };
        Arc::new(Schema {
            columns: vec![field("ts", ColType::plain(DataType::Timestamp)), field("Mixed `Name`", ColType::var(DataType::NChar, 8))],
            tags: vec![field("t", ColType { ty: DataType::Decimal, width: 0, precision: 20, scale: 3 })],
        })
    }

    #[test]
    fn files_use_wal_and_full_sync() {
        let dir = std::env::temp_dir().join(format!("tdlite-storage-{}", std::process::id()));
        let conn = open(Some(&dir)).unwrap();
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        let sync: i64 = conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
        assert_eq!((mode.as_str(), sync), ("wal", 2));
        drop(conn);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn catalog_survives_a_reload() {
        let conn = open(None).unwrap();
        let db = Database {
            name: "power".into(),
            precision: Precision::Nanosecond,
            vgroups: 3,
            first_vgroup: 2,
            created: 7,
            tables: BTreeMap::new(),
        };
        insert_database(&conn, &db).unwrap();
        let stable = create_table(&conn, "power", "meters", &TableKind::Super(schema()), 8).unwrap();
        create_table(&conn, "power", "d1", &TableKind::Child { stable: "meters".into() }, 9).unwrap();
        create_table(&conn, "power", "n", &TableKind::Normal(schema()), 10).unwrap();
        let catalog = load_catalog(&conn).unwrap();
        let loaded = catalog.database("power").unwrap();
        assert_eq!((loaded.precision, loaded.vgroups, loaded.first_vgroup), (Precision::Nanosecond, 3, 2));
        let meters = loaded.table("meters").unwrap();
        assert_eq!(meters.id, stable);
        assert_eq!(loaded.schema_of(meters).unwrap(), schema());
        assert_eq!(loaded.schema_of(loaded.table("d1").unwrap()).unwrap(), schema());

        drop_table(&conn, meters, None).unwrap();
        delete_database(&conn, loaded).unwrap();
        assert!(load_catalog(&conn).unwrap().databases.is_empty());
    }
}
