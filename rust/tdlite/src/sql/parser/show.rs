//! SHOW statements.

use super::{Parser, Result};
use crate::sql::ast::{Show, Statement, TablesKind};
use crate::sql::lexer::TokenKind;

impl Parser<'_> {
    /// `SHOW DATABASES | TOPICS | CONSUMERS | SUBSCRIPTIONS`, or
    /// `SHOW [db.]STABLES | [NORMAL | CHILD] [db.]TABLES [LIKE 'pattern']`.
    pub(super) fn show(&mut self) -> Result<Statement> {
        self.expect_word("show")?;
        // NORMAL and CHILD qualify TABLES; followed by a dot they are a database's name.
        let kind = if *self.peek_nth(1) == TokenKind::Dot {
            None
        } else if self.eat_word("normal") {
            Some(TablesKind::Normal)
        } else if self.eat_word("child") {
            Some(TablesKind::Child)
        } else {
            None
        };
        let db = if self.at_identifier() && *self.peek_nth(1) == TokenKind::Dot {
            let db = self.identifier()?;
            self.advance();
            Some(db)
        } else {
            None
        };
        let show = if kind.is_some() {
            self.expect_word("tables")?;
            Show::Tables { kind, db, like: self.like_pattern()? }
        } else if self.eat_word("stables") {
            Show::Stables { db, like: self.like_pattern()? }
        } else if self.eat_word("tables") {
            Show::Tables { kind: None, db, like: self.like_pattern()? }
        } else if db.is_some() {
            return Err(self.unsupported_object("SHOW"));
        } else if self.eat_word("databases") {
            Show::Databases
        } else if self.eat_word("topics") {
            Show::Topics
        } else if self.eat_word("consumers") {
            Show::Consumers
        } else if self.eat_word("subscriptions") {
            Show::Subscriptions
        } else if self.at_word("cluster") && matches!(self.peek_nth(1), TokenKind::Word(w) if w == "alive") {
            self.advance();
            self.advance();
            Show::ClusterAlive
        } else {
            return Err(self.unsupported_object("SHOW"));
        };
        Ok(Statement::Show(show))
    }

    fn like_pattern(&mut self) -> Result<Option<String>> {
        if !self.eat_word("like") {
            return Ok(None);
        }
        Ok(Some(self.string()?))
    }
}
