//! The syntax tree `parse` produces: one enum per statement, typed literals and data types,
//! names already normalised (unquoted identifiers lower-cased) so the engine can use them as-is.

mod ddl;
mod dml;
mod expr;
mod query;

pub use ddl::*;
pub use dml::*;
pub use expr::*;
pub use query::*;

/// A database, table, column, tag, topic or alias name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Identifier {
    /// Lower-cased when written bare; exactly as written between backticks.
    pub name: String,
    /// Whether it was written in backticks (TDengine treats those as case-sensitive).
    pub quoted: bool,
}

impl Identifier {
    /// A bare identifier, lower-cased as TDengine does.
    pub fn bare(name: &str) -> Identifier {
        Identifier { name: name.to_ascii_lowercase(), quoted: false }
    }

    /// A backtick identifier, kept verbatim.
    pub fn quoted(name: &str) -> Identifier {
        Identifier { name: name.to_string(), quoted: true }
    }
}

/// `[db.]name`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TableName {
    pub db: Option<Identifier>,
    pub name: Identifier,
}

/// One parsed statement.
#[derive(Clone, Debug, PartialEq)]
pub enum Statement {
    CreateDatabase(CreateDatabase),
    DropDatabase {
        name: Identifier,
        if_exists: bool,
    },
    Use(Identifier),
    /// `CREATE TABLE t (...)`: a normal table; `tags` is empty.
    CreateTable(CreateTable),
    /// `CREATE STABLE s (...) TAGS (...)`, or `CREATE TABLE` with a TAGS list; `tags` is non-empty.
    CreateStable(CreateTable),
    /// `CREATE TABLE a USING s TAGS (...) [b USING s TAGS (...)] ...`: one or more subtables.
    CreateSubtables(Vec<CreateSubtable>),
    /// `DROP TABLE [IF EXISTS] a [, [IF EXISTS] b] ...`.
    DropTables(Vec<DropTable>),
    DropStable(DropTable),
    Describe(TableName),
    Show(Show),
    Insert(Insert),
    Delete(Delete),
    Select(Box<Select>),
    CreateTopic(CreateTopic),
    DropTopic {
        name: Identifier,
        if_exists: bool,
        force: bool,
    },
    DropConsumerGroup {
        group: Identifier,
        topic: Identifier,
        if_exists: bool,
        force: bool,
    },
}

/// Which tables `SHOW NORMAL TABLES` and `SHOW CHILD TABLES` list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TablesKind {
    Normal,
    Child,
}

/// The SHOW statements tdlite answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Show {
    Databases,
    /// `SHOW [db.]STABLES [LIKE 'pattern']`; `db` is `None` for the current database.
    Stables {
        db: Option<Identifier>,
        like: Option<String>,
    },
    /// `SHOW [NORMAL | CHILD] [db.]TABLES [LIKE 'pattern']`: normal tables and subtables, or
    /// only the `kind` given.
    Tables {
        kind: Option<TablesKind>,
        db: Option<Identifier>,
        like: Option<String>,
    },
    Topics,
    Consumers,
    Subscriptions,
    /// `SHOW CLUSTER ALIVE`: the JDBC driver's `isValid` probe.
    ClusterAlive,
}
