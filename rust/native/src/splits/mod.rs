//! Splitting a bounded query into SQL tasks, as the official connector's `SourceSplitSql`
//! describes it (docs/source.md, "Splits", has the SQL templates), with its bugs fixed: time bounds are written
//! in the database's own precision (not always milliseconds), every table of a TABLE split is
//! read, and a configuration that can read nothing is an error instead of an empty job.

use serde::Deserialize;
use tdflink_client::{identifier, Client, Error, Result};
use tdflink_protocol::codes;
use tdflink_protocol::types::Precision;

pub mod scan;
mod tables;

/// How to split, with the official connector's names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum SplitType {
    #[serde(rename = "SPLIT_TYPE_SQL")]
    Sql,
    #[serde(rename = "SPLIT_TYPE_TIMESTAMP")]
    Timestamp,
    #[serde(rename = "SPLIT_TYPE_TAG")]
    Tag,
    #[serde(rename = "SPLIT_TYPE_TABLE")]
    Table,
}

/// `TimestampSplitInfo`: a time range `[start, end)` in epoch milliseconds cut into intervals.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimestampSplit {
    pub start_time: i64,
    pub end_time: i64,
    pub field_name: String,
    pub interval: i64,
}

/// `SourceSplitSql`, as Java sends it (JSON, field names as the official getters).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SplitSpec {
    pub split_type: Option<SplitType>,
    #[serde(default)]
    pub sql: String,
    #[serde(default)]
    pub select: String,
    #[serde(default)]
    pub table_name: String,
    #[serde(default, rename = "where")]
    pub where_clause: String,
    #[serde(default)]
    pub other: Option<String>,
    #[serde(default)]
    pub table_list: Vec<String>,
    #[serde(default)]
    pub tag_list: Vec<String>,
    #[serde(default)]
    pub timestamp_split_info: Option<TimestampSplit>,
}

/// The most splits one query is cut into: more is a mistake (an interval of 1 ms over years),
/// and planning them would take the job manager's memory and time.
pub const MAX_SPLITS: usize = 100_000;

pub(crate) fn invalid(message: impl Into<String>) -> Error {
    Error::config(codes::DRIVER_INVALID_VARIABLE, message)
}

impl SplitSpec {
    /// The SQL tasks, in the order they should run. `precision` is that of the database the
    /// query reads, which decides the unit of time-split bounds.
    pub fn plan(&self, precision: Precision) -> Result<Vec<String>> {
        match self.split_type.unwrap_or(SplitType::Sql) {
            SplitType::Sql => Ok(vec![self.base_query()?]),
            SplitType::Timestamp => self.time_tasks(precision),
            SplitType::Tag => {
                let base = self.base_query()?;
                nonempty(&self.tag_list, "tagList")?;
                Ok(self.tag_list.iter().map(|tag| format!("select * from ({base}) where {tag}")).collect())
            }
            SplitType::Table => {
                nonempty(&self.table_list, "tableList")?;
                self.table_list.iter().map(|table| self.assemble(table)).collect()
            }
        }
    }

    /// Plans against the server. The first task is probed as an empty query, which checks the
    /// SQL, the tables and the credentials before any reader starts (a typo fails the job
    /// with its server code instead of restarting readers), and tells the precision of the
    /// database read, the unit of time-split bounds.
    pub async fn plan_on(&self, client: &Client) -> Result<Vec<String>> {
        let tasks = self.plan(Precision::Millisecond)?;
        let precision = client.describe(&tasks[0]).await?.precision;
        match self.split_type {
            Some(SplitType::Timestamp) if precision != Precision::Millisecond => self.plan(precision),
            _ => Ok(tasks),
        }
    }

    /// `sql` when given, else `select <select> from `<tableName>` [where ...] [other]`.
    fn base_query(&self) -> Result<String> {
        if !self.sql.trim().is_empty() {
            return Ok(self.sql.clone());
        }
        self.assemble(&self.table_name)
    }

    fn assemble(&self, table: &str) -> Result<String> {
        if table.trim().is_empty() || self.select.trim().is_empty() {
            return Err(invalid("the query needs sql, or select and a table name"));
        }
        let mut sql = format!("select {} from {} ", self.select, identifier::quote_spelled(table)?);
        if !self.where_clause.trim().is_empty() {
            sql.push_str(&format!("where {}", self.where_clause));
        }
        if let Some(other) = self.other.as_deref().filter(|o| !o.trim().is_empty()) {
            sql.push(' ');
            sql.push_str(other);
        }
        Ok(sql)
    }

    fn time_tasks(&self, precision: Precision) -> Result<Vec<String>> {
        let info = self.timestamp_split_info.as_ref().ok_or_else(|| invalid("SPLIT_TYPE_TIMESTAMP needs a TimestampSplitInfo"))?;
        if info.field_name.trim().is_empty() {
            return Err(invalid("TimestampSplitInfo needs the name of the timestamp field"));
        }
        if info.end_time <= info.start_time {
            return Err(invalid(format!("empty time range: end {} is not after start {}", info.end_time, info.start_time)));
        }
        let base = self.base_query()?;
        // i128: the span of extreme bounds, and bounds in µs or ns, do not fit an i64.
        let span = i128::from(info.end_time) - i128::from(info.start_time);
        let interval = if info.interval > 0 { i128::from(info.interval) } else { span };
        let count = (span + interval - 1) / interval;
        if count > MAX_SPLITS as i128 {
            return Err(invalid(format!(
                "the time range {}..{} ms in steps of {interval} ms makes {count} splits; at most {MAX_SPLITS} are allowed: widen the interval",
                info.start_time, info.end_time
            )));
        }
        let ticks_per_ms = i128::from(precision.ticks_per_second() / 1000);
        // A bound beyond what the database's precision can hold reads as that edge.
        let ticks = |ms: i128| (ms * ticks_per_ms).clamp(i128::from(i64::MIN), i128::from(i64::MAX));
        let field = identifier::quote_spelled(&info.field_name)?;
        let mut tasks = Vec::with_capacity(count as usize);
        let mut lo = i128::from(info.start_time);
        let end = i128::from(info.end_time);
        while lo < end {
            let hi = (lo + interval).min(end);
            tasks.push(format!("select * from ({base}) where {field} >= {} and {field} < {}", ticks(lo), ticks(hi)));
            lo = hi;
        }
        Ok(tasks)
    }
}

fn nonempty(list: &[String], name: &str) -> Result<()> {
    if list.is_empty() {
        return Err(invalid(format!("{name} is empty: the job would read nothing")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(json: &str) -> SplitSpec {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn time_bounds_follow_the_database_precision() {
        let s = spec(
            r#"{"splitType":"SPLIT_TYPE_TIMESTAMP","sql":"select * from meters",
                "timestampSplitInfo":{"startTime":1000,"endTime":3500,"fieldName":"ts","interval":1000}}"#,
        );
        assert_eq!(
            s.plan(Precision::Millisecond).unwrap(),
            vec![
                "select * from (select * from meters) where `ts` >= 1000 and `ts` < 2000",
                "select * from (select * from meters) where `ts` >= 2000 and `ts` < 3000",
                "select * from (select * from meters) where `ts` >= 3000 and `ts` < 3500",
            ]
        );
        assert_eq!(
            s.plan(Precision::Nanosecond).unwrap()[2],
            "select * from (select * from meters) where `ts` >= 3000000000 and `ts` < 3500000000"
        );
        assert_eq!(s.plan(Precision::Microsecond).unwrap().len(), 3);
    }

    #[test]
    fn assembled_queries_and_every_table() {
        let s = spec(
            r#"{"splitType":"SPLIT_TYPE_TABLE","select":"ts, voltage","where":"voltage > 200",
                "other":"order by ts limit 100","tableList":["d1","d2","d3","d4","d5"]}"#,
        );
        let tasks = s.plan(Precision::Millisecond).unwrap();
        assert_eq!(tasks.len(), 5, "no table is dropped, whatever the parallelism");
        assert_eq!(tasks[0], "select ts, voltage from `d1` where voltage > 200 order by ts limit 100");
        let tags = spec(r#"{"splitType":"SPLIT_TYPE_TAG","select":"*","tableName":"meters","tagList":["groupid = 1","groupid = 2"]}"#);
        assert_eq!(tags.plan(Precision::Millisecond).unwrap()[1], "select * from (select * from `meters` ) where groupid = 2");
        let plain = spec(r#"{"sql":"select * from meters"}"#);
        assert_eq!(plain.plan(Precision::Millisecond).unwrap(), vec!["select * from meters"]);
    }

    #[test]
    fn extreme_time_ranges_are_planned_with_checked_arithmetic_or_refused() {
        let whole = spec(&format!(
            r#"{{"splitType":"SPLIT_TYPE_TIMESTAMP","sql":"s","timestampSplitInfo":{{"startTime":{},"endTime":{},"fieldName":"ts","interval":0}}}}"#,
            i64::MIN,
            i64::MAX
        ));
        let tasks = whole.plan(Precision::Nanosecond).unwrap();
        assert_eq!(
            tasks,
            vec![format!("select * from (s) where `ts` >= {} and `ts` < {}", i64::MIN, i64::MAX)],
            "clamped to the precision's range"
        );
        let fine = spec(&format!(
            r#"{{"splitType":"SPLIT_TYPE_TIMESTAMP","sql":"s","timestampSplitInfo":{{"startTime":{},"endTime":{},"fieldName":"ts","interval":1}}}}"#,
            i64::MIN,
            i64::MAX
        ));
        let e = fine.plan(Precision::Millisecond).unwrap_err();
        assert_eq!(e.code(), codes::DRIVER_INVALID_VARIABLE);
        assert!(e.message().contains("18446744073709551615 splits") && e.message().contains("at most 100000"), "{}", e.message());
        let just_enough = spec(
            r#"{"splitType":"SPLIT_TYPE_TIMESTAMP","sql":"s","timestampSplitInfo":{"startTime":0,"endTime":100000,"fieldName":"ts","interval":1}}"#,
        );
        assert_eq!(just_enough.plan(Precision::Microsecond).unwrap().len(), MAX_SPLITS);
    }

    #[test]
    fn configurations_that_read_nothing_are_errors() {
        for json in [
            r#"{"splitType":"SPLIT_TYPE_TIMESTAMP","sql":"select 1"}"#,
            r#"{"splitType":"SPLIT_TYPE_TIMESTAMP","sql":"s","timestampSplitInfo":{"startTime":5,"endTime":5,"fieldName":"ts","interval":1}}"#,
            r#"{"splitType":"SPLIT_TYPE_TIMESTAMP","sql":"s","timestampSplitInfo":{"startTime":1,"endTime":5,"fieldName":"","interval":1}}"#,
            r#"{"splitType":"SPLIT_TYPE_TAG","sql":"select 1","tagList":[]}"#,
            r#"{"splitType":"SPLIT_TYPE_TABLE","select":"*","tableList":[]}"#,
            r#"{"splitType":"SPLIT_TYPE_SQL"}"#,
        ] {
            let e = spec(json).plan(Precision::Millisecond).unwrap_err();
            assert_eq!(e.code(), codes::DRIVER_INVALID_VARIABLE, "{json}");
        }
    }
}
