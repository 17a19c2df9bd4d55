//! The parser's error: a TDengine parser code plus the message TDengine would show, so a
//! client talking to tdlite sees the same code and wording as against a real server.

use std::fmt;
use tdflink_protocol::codes;

/// `TSDB_CODE_PAR_EXPRIE_STATEMENT` ("This statement is no longer supported"): the parser's
/// own code for a statement it refuses. tdlite uses it for everything outside its subset so
/// callers get one recognisable "not supported" code instead of a misleading syntax error.
pub const NOT_SUPPORTED: i32 = 0x2614;
/// `TSDB_CODE_PAR_INVALID_DB_OPTION`: a database option with an unusable value.
pub const INVALID_DB_OPTION: i32 = 0x2619;
/// `TSDB_CODE_PAR_INVALID_VAR_COLUMN_LEN`: a type length, precision or scale out of range.
pub const INVALID_TYPE_LENGTH: i32 = 0x2642;

/// How much of the SQL text an error quotes. TDengine cuts its message buffer too; without a
/// cap a bad value early in a megabyte-long INSERT would echo the whole batch.
const MAX_QUOTED_CHARS: usize = 256;

/// A parse failure with a TDengine parser code (16-bit wire form) and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqlError {
    pub code: i32,
    pub message: String,
}

impl SqlError {
    pub fn new(code: i32, message: impl Into<String>) -> SqlError {
        SqlError { code, message: message.into() }
    }

    /// 0x2600 quoting the SQL from the offending token to the end, as TDengine does.
    pub fn syntax_near(rest: &str) -> SqlError {
        SqlError::new(codes::SERVER_SYNTAX_ERROR, format!("syntax error near \"{}\"", quote(rest)))
    }

    /// 0x2600 for text the tokenizer cannot read (stray character, unterminated string).
    pub fn unrecognized_token(rest: &str) -> SqlError {
        SqlError::new(codes::SERVER_SYNTAX_ERROR, format!("unrecognized token: \"{}\"", quote(rest)))
    }

    /// 0x2601: the statement ended where more was required.
    pub fn incomplete() -> SqlError {
        SqlError::new(codes::SERVER_INCOMPLETE_SQL, "Incomplete SQL statement")
    }

    /// A TDengine feature tdlite does not implement, named so the user knows what to avoid.
    pub fn not_supported(what: &str) -> SqlError {
        SqlError::new(NOT_SUPPORTED, format!("{what} is not supported by tdlite"))
    }
}

fn quote(rest: &str) -> &str {
    match rest.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((cut, _)) => &rest[..cut],
        None => rest,
    }
}

impl fmt::Display for SqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[0x{:04x}] {}", self.code, self.message)
    }
}

impl std::error::Error for SqlError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_capped_on_a_char_boundary() {
        let long = "é".repeat(MAX_QUOTED_CHARS + 10);
        let e = SqlError::syntax_near(&long);
        assert_eq!(e.message, format!("syntax error near \"{}\"", "é".repeat(MAX_QUOTED_CHARS)));
    }

    #[test]
    fn display_shows_hex_code() {
        assert_eq!(SqlError::incomplete().to_string(), "[0x2601] Incomplete SQL statement");
    }
}
