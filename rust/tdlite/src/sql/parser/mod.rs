//! Recursive-descent parser over the token list: the cursor helpers and the statement
//! dispatch live here, each statement family in its own file.

mod ddl;
mod dml;
mod expr;
mod keywords;
mod options;
mod query;
mod show;
mod types;
mod values;

use super::ast::{Identifier, Statement, TableName};
use super::error::SqlError;
use super::lexer::{tokenize, Token, TokenKind};
use super::params::{Param, ParamRole};

type Result<T> = std::result::Result<T, SqlError>;

pub(crate) struct Parser<'a> {
    sql: &'a str,
    /// Never empty: the last token is always `Eof`, and `pos` never moves past it.
    tokens: Vec<Token>,
    pos: usize,
    params: Vec<Param>,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(sql: &'a str) -> Result<Parser<'a>> {
        Ok(Parser { sql, tokens: tokenize(sql)?, pos: 0, params: Vec::new() })
    }

    /// Parses exactly one statement, optionally followed by semicolons, and returns it with its
    /// `?` parameters. Anything after the semicolon is an error: TDengine would silently drop it,
    /// but executing half of what the user sent is worse than refusing.
    pub(crate) fn parse_statement(mut self) -> Result<(Statement, Vec<Param>)> {
        let statement = self.statement()?;
        while self.eat(&TokenKind::Semicolon) {}
        if *self.peek() != TokenKind::Eof {
            return Err(self.leftover());
        }
        Ok((statement, self.params))
    }

    fn statement(&mut self) -> Result<Statement> {
        let word = match self.peek() {
            TokenKind::Word(w) => w.clone(),
            _ => return Err(self.unexpected()),
        };
        match word.as_str() {
            "create" => self.create(),
            "drop" => self.drop(),
            "use" => {
                self.advance();
                Ok(Statement::Use(self.identifier()?))
            }
            "describe" | "desc" => {
                self.advance();
                Ok(Statement::Describe(self.table_name()?))
            }
            "show" => self.show(),
            "insert" => self.insert(),
            "delete" => self.delete(),
            "select" => Ok(Statement::Select(Box::new(self.select()?))),
            other if keywords::is_unsupported_statement(other) => {
                Err(SqlError::not_supported(&format!("{} statement", other.to_uppercase())))
            }
            _ => Err(self.unexpected()),
        }
    }

    /// `verb` followed by an object tdlite does not handle: named when TDengine has it
    /// (`CREATE STREAM`, `SHOW VGROUPS`), a syntax error otherwise (`CREATE DATABSE`).
    fn unsupported_object(&self, verb: &str) -> SqlError {
        match self.peek() {
            TokenKind::Word(object) if keywords::is_unsupported_object(object) => {
                SqlError::not_supported(&format!("{verb} {} statement", object.to_uppercase()))
            }
            _ => self.unexpected(),
        }
    }

    // --- cursor ---------------------------------------------------------------------------

    fn peek(&self) -> &TokenKind {
        &self.tokens[self.pos].kind
    }

    fn peek_nth(&self, n: usize) -> &TokenKind {
        &self.tokens[(self.pos + n).min(self.tokens.len() - 1)].kind
    }

    fn advance(&mut self) -> TokenKind {
        let kind = self.peek().clone();
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        kind
    }

    /// The error for the current token: TDengine's "syntax error near" quoting the SQL from
    /// here on, or "Incomplete SQL statement" when the text ran out.
    fn unexpected(&self) -> SqlError {
        match self.peek() {
            TokenKind::Eof => SqlError::incomplete(),
            _ => SqlError::syntax_near(&self.sql[self.tokens[self.pos].start..]),
        }
    }

    /// The error for tokens left where a statement or subquery should end: it names the
    /// TDengine feature tdlite lacks (`INTERVAL`, `JOIN`, ...) when one starts here.
    fn leftover(&self) -> SqlError {
        match self.peek() {
            TokenKind::Word(w) => match keywords::unsupported_query_feature(w) {
                Some(feature) => SqlError::not_supported(feature),
                None => self.unexpected(),
            },
            _ => self.unexpected(),
        }
    }

    fn at_word(&self, keyword: &str) -> bool {
        matches!(self.peek(), TokenKind::Word(w) if w == keyword)
    }

    fn eat_word(&mut self, keyword: &str) -> bool {
        let found = self.at_word(keyword);
        if found {
            self.advance();
        }
        found
    }

    fn expect_word(&mut self, keyword: &str) -> Result<()> {
        if self.eat_word(keyword) {
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn eat(&mut self, kind: &TokenKind) -> bool {
        let found = self.peek() == kind;
        if found {
            self.advance();
        }
        found
    }

    fn expect(&mut self, kind: &TokenKind) -> Result<()> {
        if self.eat(kind) {
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn at_statement_end(&self) -> bool {
        matches!(self.peek(), TokenKind::Eof | TokenKind::Semicolon)
    }

    // --- shared grammar pieces ------------------------------------------------------------

    fn at_identifier(&self) -> bool {
        match self.peek() {
            TokenKind::Word(w) => !keywords::is_reserved(w),
            TokenKind::QuotedIdent(_) => true,
            _ => false,
        }
    }

    fn identifier(&mut self) -> Result<Identifier> {
        let id = match self.peek() {
            TokenKind::Word(w) if !keywords::is_reserved(w) => Identifier::bare(w),
            TokenKind::QuotedIdent(name) => Identifier::quoted(name),
            _ => return Err(self.unexpected()),
        };
        self.advance();
        Ok(id)
    }

    fn table_name(&mut self) -> Result<TableName> {
        let first = self.identifier()?;
        if self.eat(&TokenKind::Dot) {
            Ok(TableName { db: Some(first), name: self.identifier()? })
        } else {
            Ok(TableName { db: None, name: first })
        }
    }

    fn if_not_exists(&mut self) -> Result<bool> {
        if !self.eat_word("if") {
            return Ok(false);
        }
        self.expect_word("not")?;
        self.expect_word("exists")?;
        Ok(true)
    }

    fn if_exists(&mut self) -> Result<bool> {
        if !self.eat_word("if") {
            return Ok(false);
        }
        self.expect_word("exists")?;
        Ok(true)
    }

    fn comma_separated<T>(&mut self, mut item: impl FnMut(&mut Self) -> Result<T>) -> Result<Vec<T>> {
        let mut items = vec![item(self)?];
        while self.eat(&TokenKind::Comma) {
            items.push(item(self)?);
        }
        Ok(items)
    }

    /// `( item, ... )` with at least one item.
    fn parenthesized<T>(&mut self, item: impl FnMut(&mut Self) -> Result<T>) -> Result<Vec<T>> {
        self.expect(&TokenKind::LParen)?;
        let items = self.comma_separated(item)?;
        self.expect(&TokenKind::RParen)?;
        Ok(items)
    }

    fn string(&mut self) -> Result<String> {
        match self.peek() {
            TokenKind::Str(s) => {
                let s = s.clone();
                self.advance();
                Ok(s)
            }
            _ => Err(self.unexpected()),
        }
    }

    /// A non-negative integer that fits a u64 (LIMIT, OFFSET).
    fn unsigned(&mut self) -> Result<u64> {
        match self.peek() {
            TokenKind::Integer(v) if u64::try_from(*v).is_ok() => {
                let v = *v as u64;
                self.advance();
                Ok(v)
            }
            _ => Err(self.unexpected()),
        }
    }

    /// Records the `?` under the cursor with its role and consumes it.
    fn placeholder(&mut self, role: ParamRole) -> usize {
        let index = self.params.len();
        self.params.push(Param { index, offset: self.tokens[self.pos].start, role });
        self.advance();
        index
    }
}
