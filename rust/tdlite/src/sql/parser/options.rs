//! `NAME value[, value ...]` options of databases and tables. tdlite honours only a few of them
//! (PRECISION, VGROUPS), but it accepts every option TDengine documents so scripts written for
//! a real server run unchanged; an unknown option name ends the option list like TDengine's
//! grammar does, so it surfaces as a syntax error.

use super::{Parser, Result};
use crate::sql::ast::{OptionValue, SqlOption};
use crate::sql::lexer::TokenKind;

pub(super) const DATABASE_OPTIONS: &[&str] = &[
    "buffer",
    "cachemodel",
    "cachesize",
    "comp",
    "compact_interval",
    "compact_time_offset",
    "compact_time_range",
    "dnodes",
    "duration",
    "encrypt_algorithm",
    "keep",
    "keep_time_offset",
    "maxrows",
    "minrows",
    "pages",
    "pagesize",
    "precision",
    "replica",
    "retentions",
    "s3_chunkpages",
    "s3_chunksize",
    "s3_compact",
    "s3_keeplocal",
    "single_stable",
    "ss_chunkpages",
    "ss_compact",
    "ss_keeplocal",
    "stt_trigger",
    "table_prefix",
    "table_suffix",
    "tsdb_pagesize",
    "vgroups",
    "wal_fsync_period",
    "wal_level",
    "wal_retention_period",
    "wal_retention_size",
    "wal_roll_period",
    "wal_segment_size",
];

pub(super) const TABLE_OPTIONS: &[&str] = &["comment", "delete_mark", "keep", "max_delay", "rollup", "sma", "ttl", "watermark"];

impl Parser<'_> {
    pub(super) fn options(&mut self, allowed: &[&str]) -> Result<Vec<SqlOption>> {
        let mut options = Vec::new();
        while let TokenKind::Word(name) = self.peek() {
            if !allowed.contains(&name.as_str()) {
                break;
            }
            let name = name.clone();
            self.advance();
            let values = self.comma_separated(|p| p.option_value(false))?;
            options.push(SqlOption { name, values });
        }
        Ok(options)
    }

    /// A literal, or a parenthesised list whose items may also be names (`SMA(c1, c2)`).
    fn option_value(&mut self, in_list: bool) -> Result<OptionValue> {
        if *self.peek() == TokenKind::LParen {
            return Ok(OptionValue::List(self.parenthesized(|p| p.option_value(true))?));
        }
        if in_list && self.at_identifier() {
            return Ok(OptionValue::Identifier(self.identifier()?));
        }
        Ok(OptionValue::Literal(self.signed_literal()?))
    }
}
