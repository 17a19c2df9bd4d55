//! The SQL front end: TDengine's dialect, as connectors and their users send it, parsed into
//! [`ast`] for the engine. Statements outside tdlite's subset are refused with a TDengine-style
//! code rather than half-understood.

pub mod ast;
mod error;
mod lexer;
mod params;
mod parser;
#[cfg(test)]
mod tests;

pub use error::{SqlError, INVALID_DB_OPTION, INVALID_TYPE_LENGTH, NOT_SUPPORTED};
pub use params::{Param, ParamRole};

use ast::Statement;

/// A statement together with its `?` placeholders, in order of appearance.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub statement: Statement,
    pub params: Vec<Param>,
}

/// Parses one statement; a trailing semicolon is allowed, a second statement is not.
pub fn parse(sql: &str) -> Result<Statement, SqlError> {
    parse_with_params(sql).map(|parsed| parsed.statement)
}

/// Like [`parse`], also reporting each `?` with its position and role, for stmt2 prepare.
pub fn parse_with_params(sql: &str) -> Result<Parsed, SqlError> {
    let (statement, params) = parser::Parser::new(sql)?.parse_statement()?;
    Ok(Parsed { statement, params })
}
