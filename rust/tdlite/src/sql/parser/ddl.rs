//! CREATE and DROP of databases, tables, supertables, subtables, topics and consumer groups.

use super::options::{DATABASE_OPTIONS, TABLE_OPTIONS};
use super::{Parser, Result};
use crate::sql::ast::{
    CreateDatabase, CreateSubtable, CreateTable, CreateTopic, DropTable, Literal, OptionValue, SqlOption, Statement, TableName,
    TopicSource, UsingClause,
};
use crate::sql::error::{SqlError, INVALID_DB_OPTION};
use crate::sql::params::ParamRole;
use tdflink_protocol::types::Precision;

impl Parser<'_> {
    pub(super) fn create(&mut self) -> Result<Statement> {
        self.expect_word("create")?;
        if self.eat_word("database") {
            self.create_database()
        } else if self.eat_word("stable") {
            let if_not_exists = self.if_not_exists()?;
            let name = self.table_name()?;
            Ok(Statement::CreateStable(self.table_definition(if_not_exists, name, true)?))
        } else if self.eat_word("table") {
            self.create_table()
        } else if self.eat_word("topic") {
            self.create_topic()
        } else {
            Err(self.unsupported_object("CREATE"))
        }
    }

    fn create_database(&mut self) -> Result<Statement> {
        let if_not_exists = self.if_not_exists()?;
        let name = self.identifier()?;
        let mut database = CreateDatabase { name, if_not_exists, precision: None, vgroups: None, options: Vec::new() };
        for option in self.options(DATABASE_OPTIONS)? {
            match option.name.as_str() {
                "precision" => database.precision = Some(precision_option(&option)?),
                "vgroups" => database.vgroups = Some(vgroups_option(&option)?),
                _ => database.options.push(option),
            }
        }
        Ok(Statement::CreateDatabase(database))
    }

    /// After CREATE TABLE: a normal table, a supertable (when TAGS follow the columns, as
    /// TDengine allows), or one or more subtables.
    fn create_table(&mut self) -> Result<Statement> {
        let if_not_exists = self.if_not_exists()?;
        let name = self.table_name()?;
        if !self.at_word("using") {
            let table = self.table_definition(if_not_exists, name, false)?;
            return Ok(if table.tags.is_empty() { Statement::CreateTable(table) } else { Statement::CreateStable(table) });
        }
        let mut tables = vec![self.subtable(if_not_exists, name)?];
        while !self.at_statement_end() {
            let if_not_exists = self.if_not_exists()?;
            let name = self.table_name()?;
            tables.push(self.subtable(if_not_exists, name)?);
        }
        Ok(Statement::CreateSubtables(tables))
    }

    /// `(columns) [TAGS (tags)] [options]`; TAGS is mandatory for CREATE STABLE.
    fn table_definition(&mut self, if_not_exists: bool, name: TableName, tags_required: bool) -> Result<CreateTable> {
        let columns = self.parenthesized(Self::column_def)?;
        let tags = if tags_required || self.at_word("tags") {
            self.expect_word("tags")?;
            self.parenthesized(Self::column_def)?
        } else {
            Vec::new()
        };
        let options = self.options(TABLE_OPTIONS)?;
        Ok(CreateTable { name, if_not_exists, columns, tags, options })
    }

    fn subtable(&mut self, if_not_exists: bool, name: TableName) -> Result<CreateSubtable> {
        let using = self.using_clause()?;
        let options = self.options(TABLE_OPTIONS)?;
        Ok(CreateSubtable { name, if_not_exists, using, options })
    }

    /// `USING stable [(tag, ...)] TAGS (value, ...)`.
    pub(super) fn using_clause(&mut self) -> Result<UsingClause> {
        self.expect_word("using")?;
        let stable = self.table_name()?;
        let tag_names = if self.at_word("tags") { Vec::new() } else { self.parenthesized(Self::identifier)? };
        self.expect_word("tags")?;
        let tags = self.value_list(ParamRole::Tag)?;
        Ok(UsingClause { stable, tag_names, tags })
    }

    /// `[IF NOT EXISTS] name [WITH META] AS {SELECT ... | STABLE s [WHERE ...] | DATABASE d}`.
    fn create_topic(&mut self) -> Result<Statement> {
        let if_not_exists = self.if_not_exists()?;
        let name = self.identifier()?;
        let with_meta = self.eat_word("with");
        if with_meta {
            self.expect_word("meta")?;
        }
        self.expect_word("as")?;
        let source = if self.at_word("select") {
            TopicSource::Query(Box::new(self.select()?))
        } else if self.eat_word("stable") {
            let name = self.table_name()?;
            let filter = if self.eat_word("where") { Some(self.expr()?) } else { None };
            TopicSource::Stable { name, filter }
        } else if self.eat_word("database") {
            TopicSource::Database(self.identifier()?)
        } else {
            return Err(self.unexpected());
        };
        Ok(Statement::CreateTopic(CreateTopic { name, if_not_exists, with_meta, source }))
    }

    pub(super) fn drop(&mut self) -> Result<Statement> {
        self.expect_word("drop")?;
        if self.eat_word("database") {
            let if_exists = self.if_exists()?;
            Ok(Statement::DropDatabase { if_exists, name: self.identifier()? })
        } else if self.eat_word("table") {
            Ok(Statement::DropTables(self.comma_separated(Self::drop_target)?))
        } else if self.eat_word("stable") {
            Ok(Statement::DropStable(self.drop_target()?))
        } else if self.eat_word("topic") {
            let if_exists = self.if_exists()?;
            let force = self.eat_word("force");
            Ok(Statement::DropTopic { if_exists, force, name: self.identifier()? })
        } else if self.eat_word("consumer") {
            self.expect_word("group")?;
            let if_exists = self.if_exists()?;
            let force = self.eat_word("force");
            let group = self.identifier()?;
            self.expect_word("on")?;
            Ok(Statement::DropConsumerGroup { group, topic: self.identifier()?, if_exists, force })
        } else {
            Err(self.unsupported_object("DROP"))
        }
    }

    fn drop_target(&mut self) -> Result<DropTable> {
        let if_exists = self.if_exists()?;
        Ok(DropTable { if_exists, name: self.table_name()? })
    }
}

fn invalid_option(name: &str, expected: &str) -> SqlError {
    SqlError::new(INVALID_DB_OPTION, format!("Invalid option {name}, {expected}"))
}

fn single_literal(option: &SqlOption) -> Option<&Literal> {
    match option.values.as_slice() {
        [OptionValue::Literal(literal)] => Some(literal),
        _ => None,
    }
}

fn precision_option(option: &SqlOption) -> Result<Precision> {
    match single_literal(option) {
        Some(Literal::String(unit)) => match unit.to_ascii_lowercase().as_str() {
            "ms" => Some(Precision::Millisecond),
            "us" => Some(Precision::Microsecond),
            "ns" => Some(Precision::Nanosecond),
            _ => None,
        },
        _ => None,
    }
    .ok_or_else(|| invalid_option("precision", "only 'ms', 'us' or 'ns' allowed"))
}

fn vgroups_option(option: &SqlOption) -> Result<u32> {
    match single_literal(option) {
        Some(Literal::Integer(n)) => u32::try_from(*n).ok().filter(|&n| n > 0),
        _ => None,
    }
    .ok_or_else(|| invalid_option("vgroups", "must be a positive integer"))
}
