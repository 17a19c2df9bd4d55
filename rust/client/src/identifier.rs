//! The one place a name becomes SQL text on the Rust side (the Java side's is
//! `io.tdflink.common.Identifiers`). A name is always written between backticks, so keywords,
//! mixed case and characters such as `;`, `'`, `--` or spaces are part of the name, never SQL;
//! TDengine has no escape for a backtick inside a quoted name, so such a name, an empty one, a
//! NUL or one longer than TDengine allows is refused with 0xa014 instead of being written.
//! `tbname`, TDengine's pseudo column, stays bare: quoted it would name a column.

use crate::error::{Error, Result};
use tdflink_protocol::codes;

/// TDengine's longest table name, in bytes (TSDB_TABLE_NAME_LEN - 1).
pub const MAX_NAME_BYTES: usize = 192;

/// `name` as SQL, exactly as given (a table name taken from data): `` `name` ``.
pub fn quote(name: &str) -> Result<String> {
    if name.is_empty() || name.contains('`') || name.contains('\0') || name.len() > MAX_NAME_BYTES {
        return Err(Error::config(
            codes::CONNECTOR_INVALID_SINK_FIELD_NAME,
            format!(
                "invalid name {name:?}: a TDengine name is 1 to {MAX_NAME_BYTES} bytes without backticks or NUL ({} bytes given)",
                name.len()
            ),
        ));
    }
    Ok(format!("`{name}`"))
}

/// A name as a user spelled it in settings, read as TDengine reads SQL: between backticks it
/// is exact; a plain unquoted identifier is case-insensitive, i.e. lower case; `tbname` stays
/// the pseudo column.
pub fn quote_spelled(spelled: &str) -> Result<String> {
    if spelled.trim().eq_ignore_ascii_case("tbname") {
        return Ok("tbname".to_owned());
    }
    quote(&stored_name(spelled)?)
}

/// The name a user's spelling denotes, as TDengine stores it (and lists it in
/// information_schema): between backticks exactly, a plain identifier in lower case. Checked
/// like [`quote`], so it can be bound as a value or quoted later.
pub fn stored_name(spelled: &str) -> Result<String> {
    let trimmed = spelled.trim();
    let name = if let Some(exact) = trimmed.strip_prefix('`').and_then(|s| s.strip_suffix('`')) {
        exact.to_owned()
    } else {
        let plain = trimmed.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && trimmed.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if plain {
            trimmed.to_ascii_lowercase()
        } else {
            trimmed.to_owned()
        }
    };
    quote(&name)?;
    Ok(name)
}

/// The table a row's `tbname` value names, as TDengine reads a bound table name: between
/// backticks exactly, else in lower case. A dot (which would name another database), a
/// backtick inside, NUL, an empty or over-long name is refused: the row names no table it may
/// write.
pub fn table_from_data(raw: &str) -> Result<String> {
    let name = match raw.strip_prefix('`').and_then(|s| s.strip_suffix('`')) {
        Some(exact) => exact.to_owned(),
        None => raw.to_ascii_lowercase(),
    };
    if name.contains('.') {
        return Err(Error::config(
            codes::CONNECTOR_INVALID_SINK_FIELD_NAME,
            format!("invalid table name {raw:?}: a row's tbname names a subtable of the target's database, without a dot"),
        ));
    }
    quote(&name)?;
    Ok(name)
}

/// `` `db`.`table` `` from names as users spell them.
pub fn qualified(database: &str, table: &str) -> Result<String> {
    Ok(format!("{}.{}", quote_spelled(database)?, quote_spelled(table)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_are_data_inside_backticks_or_refused() {
        assert_eq!(quote("d1` WHERE ts >= 0 --").unwrap_err().code(), codes::CONNECTOR_INVALID_SINK_FIELD_NAME);
        assert_eq!(quote("a;b'c -- d\ne").unwrap(), "`a;b'c -- d\ne`");
        assert!(quote("").is_err());
        assert!(quote("x\0y").is_err());
        assert!(quote(&"n".repeat(MAX_NAME_BYTES)).is_ok());
        assert!(quote(&"n".repeat(MAX_NAME_BYTES + 1)).is_err());
        assert!(quote("tbname").unwrap() == "`tbname`", "a table named tbname is a name when it comes from data");
    }

    #[test]
    fn a_rows_tbname_is_read_as_tdengine_reads_a_bound_name() {
        assert_eq!(table_from_data("D1001").unwrap(), "d1001");
        assert_eq!(table_from_data("`D1001`").unwrap(), "D1001");
        assert_eq!(table_from_data("x WHERE 1=1").unwrap(), "x where 1=1");
        for bad in ["other.t1", "d1` WHERE ts >= 0 --", "", "``", "`a`b`"] {
            assert_eq!(table_from_data(bad).unwrap_err().code(), codes::CONNECTOR_INVALID_SINK_FIELD_NAME, "{bad:?}");
        }
    }

    #[test]
    fn spelled_names_lose_the_users_quotes_only() {
        assert_eq!(quote_spelled("`Aateat`").unwrap(), "`Aateat`");
        assert_eq!(quote_spelled(" current ").unwrap(), "`current`");
        assert_eq!(quote_spelled("Meters").unwrap(), "`meters`", "unquoted names are case-insensitive in TDengine");
        assert_eq!(quote_spelled("TBNAME").unwrap(), "tbname");
        assert_eq!(quote_spelled("`tbname`").unwrap(), "`tbname`");
        assert!(quote_spelled("``").is_err());
        assert!(quote_spelled("`a`b`").is_err());
        assert_eq!(qualified("power", "`meters`").unwrap(), "`power`.`meters`");
        assert_eq!(stored_name(" Meters ").unwrap(), "meters");
        assert_eq!(stored_name("`Meters`").unwrap(), "Meters");
        assert!(stored_name("`a`b`").is_err());
    }
}
