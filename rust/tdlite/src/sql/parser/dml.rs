//! INSERT and DELETE.

use super::{Parser, Result};
use crate::sql::ast::{Delete, Insert, InsertClause, Statement, TableName, TableRef};
use crate::sql::error::SqlError;
use crate::sql::lexer::TokenKind;
use crate::sql::params::ParamRole;

impl Parser<'_> {
    /// `INSERT INTO clause [clause ...]`.
    pub(super) fn insert(&mut self) -> Result<Statement> {
        self.expect_word("insert")?;
        self.expect_word("into")?;
        let mut clauses = vec![self.insert_clause()?];
        while !self.at_statement_end() {
            clauses.push(self.insert_clause()?);
        }
        Ok(Statement::Insert(Insert { clauses }))
    }

    /// `table [USING ...] [(columns)] VALUES (...) [[,] (...) ...]`.
    fn insert_clause(&mut self) -> Result<InsertClause> {
        let table = self.insert_target()?;
        let using = if self.at_word("using") { Some(self.using_clause()?) } else { None };
        let columns = if *self.peek() == TokenKind::LParen { self.parenthesized(Self::identifier)? } else { Vec::new() };
        if self.at_word("file") {
            return Err(SqlError::not_supported("INSERT ... FILE"));
        }
        if self.at_word("select") {
            return Err(SqlError::not_supported("INSERT ... SELECT"));
        }
        self.expect_word("values")?;
        let mut rows = vec![self.value_list(ParamRole::Column)?];
        while self.eat(&TokenKind::Comma) || *self.peek() == TokenKind::LParen {
            rows.push(self.value_list(ParamRole::Column)?);
        }
        Ok(InsertClause { table, using, columns, rows })
    }

    /// `?`, `db.?` or `[db.]table`.
    fn insert_target(&mut self) -> Result<TableRef> {
        if *self.peek() == TokenKind::Question {
            return Ok(TableRef::Placeholder { db: None, index: self.placeholder(ParamRole::TableName) });
        }
        let first = self.identifier()?;
        if !self.eat(&TokenKind::Dot) {
            return Ok(TableRef::Named(TableName { db: None, name: first }));
        }
        if *self.peek() == TokenKind::Question {
            let index = self.placeholder(ParamRole::TableName);
            return Ok(TableRef::Placeholder { db: Some(first), index });
        }
        Ok(TableRef::Named(TableName { db: Some(first), name: self.identifier()? }))
    }

    /// `DELETE FROM table [WHERE cond]`.
    pub(super) fn delete(&mut self) -> Result<Statement> {
        self.expect_word("delete")?;
        self.expect_word("from")?;
        let table = self.table_name()?;
        let filter = if self.eat_word("where") { Some(self.expr()?) } else { None };
        Ok(Statement::Delete(Delete { table, filter }))
    }
}
