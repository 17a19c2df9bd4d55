//! The catalog in memory: databases, supertables, tables and their schemas. It mirrors the
//! catalog tables in SQLite (storage.rs), which are its durable copy.

use super::error::{self, Result};
use super::schema::Schema;
use std::collections::BTreeMap;
use std::sync::Arc;
use tdflink_protocol::types::Precision;

/// TDengine's two built-in databases, listed by SHOW DATABASES and never user-writable.
pub const INFORMATION_SCHEMA: &str = "information_schema";
pub const PERFORMANCE_SCHEMA: &str = "performance_schema";

pub fn is_system_db(name: &str) -> bool {
    name == INFORMATION_SCHEMA || name == PERFORMANCE_SCHEMA
}

#[derive(Clone, Debug, Default)]
pub struct Catalog {
    pub databases: BTreeMap<String, Database>,
}

#[derive(Clone, Debug)]
pub struct Database {
    pub name: String,
    pub precision: Precision,
    pub vgroups: u32,
    /// Vgroup ids are unique across databases, as in TDengine: this database has
    /// `first_vgroup .. first_vgroup + vgroups`.
    pub first_vgroup: u32,
    /// Milliseconds since the epoch.
    pub created: i64,
    pub tables: BTreeMap<String, Table>,
}

#[derive(Clone, Debug)]
pub struct Table {
    /// Unique for the life of the store; names the SQLite tables holding the data.
    pub id: i64,
    pub name: String,
    /// Milliseconds since the epoch.
    pub created: i64,
    pub kind: TableKind,
}

#[derive(Clone, Debug)]
pub enum TableKind {
    Super(Arc<Schema>),
    /// A subtable; its rows live in the supertable's data table.
    Child {
        stable: String,
    },
    Normal(Arc<Schema>),
}

impl Catalog {
    pub fn database(&self, name: &str) -> Result<&Database> {
        self.databases.get(name).ok_or_else(error::db_not_exist)
    }

    pub fn database_mut(&mut self, name: &str) -> Result<&mut Database> {
        self.databases.get_mut(name).ok_or_else(error::db_not_exist)
    }

    /// The next free vgroup id: TDengine numbers vgroups from 2 across the cluster.
    pub fn next_vgroup(&self) -> u32 {
        self.databases.values().map(|db| db.first_vgroup + db.vgroups).max().unwrap_or(2)
    }
}

impl Database {
    pub fn table(&self, name: &str) -> Result<&Table> {
        self.tables.get(name).ok_or_else(|| error::table_not_exist(name))
    }

    /// The schema a table's rows and tags follow (a subtable's is its supertable's).
    pub fn schema_of(&self, table: &Table) -> Result<Arc<Schema>> {
        match &table.kind {
            TableKind::Super(schema) | TableKind::Normal(schema) => Ok(schema.clone()),
            TableKind::Child { stable } => match self.table(stable)?.kind {
                TableKind::Super(ref schema) => Ok(schema.clone()),
                _ => Err(error::stable_not_exist()),
            },
        }
    }

    pub fn children_of<'a>(&'a self, stable: &'a str) -> impl Iterator<Item = &'a Table> + 'a {
        self.tables.values().filter(move |t| matches!(&t.kind, TableKind::Child { stable: s } if s == stable))
    }

    /// The vgroup a table belongs to: a stable hash of its name, so a table keeps its vgroup
    /// across restarts (TMQ assignments depend on it).
    pub fn vgroup_of(&self, table: &str) -> u32 {
        self.first_vgroup + fnv1a(table.as_bytes()) % self.vgroups.max(1)
    }
}

/// 32-bit FNV-1a: tiny, stable across platforms and releases, unlike std's hasher.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db(vgroups: u32) -> Database {
        Database { name: "d".into(), precision: Precision::Millisecond, vgroups, first_vgroup: 5, created: 0, tables: BTreeMap::new() }
    }

    #[test]
    fn vgroups_are_stable_and_in_range() {
        let d = db(4);
        let names = ["d1001", "d1002", "meters", "t", "日本"];
        for name in names {
            let v = d.vgroup_of(name);
            assert!((5..9).contains(&v), "{name} -> {v}");
            assert_eq!(v, d.vgroup_of(name));
        }
        assert_eq!(fnv1a(b"a"), 0xe40c292c, "the published FNV-1a test vector");
        let spread: std::collections::BTreeSet<_> = (0..100).map(|i| d.vgroup_of(&format!("t{i}"))).collect();
        assert_eq!(spread.len(), 4, "100 tables land in every vgroup");
        assert_eq!(db(1).vgroup_of("x"), 5);
    }
}
