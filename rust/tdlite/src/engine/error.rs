//! The engine's errors, each with the code and wording TDengine uses for the same case, so a
//! client cannot tell tdlite's refusal from a real server's.

use crate::sql::SqlError;
use tdflink_protocol::codes;

pub type Result<T> = std::result::Result<T, SqlError>;

pub fn db_not_exist() -> SqlError {
    SqlError::new(codes::SERVER_DB_NOT_EXIST, "Database not exist")
}

pub fn db_not_specified() -> SqlError {
    SqlError::new(codes::SERVER_DB_NOT_SPECIFIED, "Database not specified")
}

pub fn db_already_exists() -> SqlError {
    SqlError::new(codes::SERVER_DB_ALREADY_EXISTS, "Database already exists")
}

pub fn table_not_exist(name: &str) -> SqlError {
    SqlError::new(codes::SERVER_TABLE_NOT_EXIST, format!("Table does not exist: {name}"))
}

pub fn table_already_exists() -> SqlError {
    SqlError::new(codes::SERVER_TABLE_ALREADY_EXISTS, "Table already exists")
}

pub fn stable_already_exists() -> SqlError {
    SqlError::new(codes::SERVER_STABLE_ALREADY_EXISTS, "STable already exists")
}

pub fn stable_not_exist() -> SqlError {
    SqlError::new(codes::SERVER_STABLE_NOT_EXIST, "STable not exist")
}

pub fn invalid_column(name: &str) -> SqlError {
    SqlError::new(codes::SERVER_INVALID_COLUMN, format!("Invalid column name: {name}"))
}

pub fn value_too_long(column: &str) -> SqlError {
    SqlError::new(codes::SERVER_VALUE_TOO_LONG, format!("Value too long for column/tag: {column}"))
}

pub fn duplicated_column() -> SqlError {
    SqlError::new(codes::SERVER_DUPLICATED_COLUMN, "Duplicated column names")
}

/// TDengine's INSERT parser reports every bad value as a syntax error quoting the value and
/// saying what is wrong with it ("tinyint data overflow", "invalid bool data", ...).
pub fn bad_value(token: &str, problem: &str) -> SqlError {
    let quoted: String = token.chars().take(63).collect();
    SqlError::new(codes::SERVER_INSERT_SYNTAX_ERROR, format!("syntax error near '{quoted}' ({problem})"))
}

pub fn invalid_operation(message: impl Into<String>) -> SqlError {
    SqlError::new(codes::SERVER_INVALID_OPERATION, message)
}

/// A bound stmt value that does not fit its column.
pub fn out_of_range(column: &str) -> SqlError {
    SqlError::new(codes::SERVER_VALUE_OUT_OF_RANGE, format!("Value out of range for column/tag: {column}"))
}

pub fn wrong_value_type(what: &str) -> SqlError {
    SqlError::new(codes::SERVER_WRONG_VALUE_TYPE, format!("Invalid value type: {what}"))
}

pub fn function_param_type(function: &str) -> SqlError {
    SqlError::new(codes::SERVER_FUNCTION_PARAM_TYPE, format!("Invalid parameter data type : {function}"))
}

pub fn function_param_num(function: &str) -> SqlError {
    SqlError::new(codes::SERVER_FUNCTION_PARAM_NUM, format!("Invalid number of parameters : {function}"))
}

pub fn incorrect_timestamp(text: &str) -> SqlError {
    SqlError::new(codes::SERVER_INCORRECT_TIMESTAMP_VALUE, format!("Incorrect TIMESTAMP value: {text}"))
}

/// A storage failure: tdlite's own fault or the disk's, never the statement's.
pub fn storage(e: rusqlite::Error) -> SqlError {
    internal(e)
}

pub fn internal(problem: impl std::fmt::Display) -> SqlError {
    SqlError::new(codes::SERVER_INTERNAL_ERROR, format!("Internal error: {problem}"))
}
