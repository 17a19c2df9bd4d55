//! Cutting a SQL table's scan into splits (the Flink SQL source; docs/sql.md, "Source"). Java
//! sends the scan as SQL with `?` placeholders in parts, its parameter batch and how to
//! partition it; each split is the scan with one more condition and that condition's values
//! appended to the scan's parameters. Values are bound, names are quoted by [`identifier`].

use super::{invalid, tables, MAX_SPLITS};
use serde::Deserialize;
use tdflink_client::{identifier, Client, Error, Params, Result};
use tdflink_protocol::types::Precision;

/// A scan as Java describes it (JSON).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ScanSpec {
    /// The whole scan, read as it is by a split that adds no condition.
    pub sql: String,
    /// `select <columns> from <relation>`: the scan up to its WHERE.
    pub select: String,
    /// The scan's own conditions, `(a) and (b)`, or empty.
    #[serde(default, rename = "where")]
    pub where_clause: String,
    /// What follows the WHERE (` limit 10`), or empty.
    #[serde(default)]
    pub tail: String,
    pub partitioning: Partitioning,
}

/// How a scan is cut (`scan.partition.*`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = "by", rename_all = "lowercase")]
pub enum Partitioning {
    /// One split.
    None,
    /// `num` equal ranges of `[lower, upper]` (ticks in `precision`, a TIMESTAMP precision
    /// code) of TIMESTAMP column `column` (its exact name); the first split also reads
    /// everything before and NULLs, the last everything after, so no row is left out.
    Time { column: String, precision: u8, lower: i64, upper: i64, num: usize },
    /// The subtables `tables` (a query listing them) returns when the job starts, dealt
    /// round-robin into `num` splits.
    Subtable { tables: String, num: usize },
    /// The vgroups holding the subtables of supertable `table` (as the user spelled it) of
    /// `database` (the session's when absent), dealt round-robin into `num` splits, each
    /// reading the subtables of its vgroups.
    Vgroup { database: Option<String>, table: String, num: usize },
}

/// One split: SQL with `?` placeholders and the values bound to them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScanSplit {
    pub sql: String,
    pub params: Params,
}

impl ScanSpec {
    /// Whether planning asks the server (listing subtables or vgroups).
    pub fn needs_server(&self) -> bool {
        matches!(self.partitioning, Partitioning::Subtable { .. } | Partitioning::Vgroup { .. })
    }

    /// Plans a scan that needs no server; `params` are the scan's own.
    pub fn plan(&self, params: &Params) -> Result<Vec<ScanSplit>> {
        match self.partitioning {
            Partitioning::None => Ok(vec![self.whole(params)]),
            Partitioning::Time { ref column, precision, lower, upper, num } => {
                let precision =
                    Precision::from_code(precision).ok_or_else(|| invalid(format!("unknown TIMESTAMP precision code {precision}")))?;
                self.by_time(params, column, precision, lower, upper, num)
            }
            Partitioning::Subtable { .. } | Partitioning::Vgroup { .. } => {
                Err(Error::internal("this partitioning is planned on the server"))
            }
        }
    }

    /// Plans against the server when the partitioning lists tables there, else as [`Self::plan`].
    pub async fn plan_on(&self, client: &Client, params: &Params) -> Result<Vec<ScanSplit>> {
        let groups = match &self.partitioning {
            Partitioning::Subtable { tables, num } => deal(tables::subtables(client, tables).await?.into_iter().collect(), checked(*num)?),
            Partitioning::Vgroup { database, table, num } => {
                let num = checked(*num)?;
                let (db, stable) = self.supertable(client, database.as_deref(), table).await?;
                let vgroups: Vec<Vec<String>> = tables::by_vgroup(client, &db, &stable).await?.into_values().collect();
                deal(vgroups, num).into_iter().map(|group| group.concat()).collect()
            }
            _ => return self.plan(params),
        };
        Ok(groups.iter().map(|tables| self.by_tables(params, tables)).collect())
    }

    /// The database and supertable a vgroup-partitioned scan reads, as TDengine stores their
    /// names; anything else is refused, naming the option.
    async fn supertable(&self, client: &Client, database: Option<&str>, table: &str) -> Result<(String, String)> {
        let db = match database {
            Some(db) => identifier::stored_name(db)?,
            None => tables::current_database(client).await?.ok_or_else(|| {
                invalid("'scan.partition.strategy' = 'vgroup' needs the database of 'table.name': set 'dbname' or name it in the URL")
            })?,
        };
        let stable = identifier::stored_name(table)?;
        if !tables::is_supertable(client, &db, &stable).await? {
            return Err(invalid(format!(
                "'scan.partition.strategy' = 'vgroup' reads the subtables of a supertable by vgroup, and {}.{} is not a supertable: \
                 partition a normal table by time ('scan.partition.column')",
                identifier::quote(&db)?,
                identifier::quote(&stable)?
            )));
        }
        Ok((db, stable))
    }

    fn by_time(&self, params: &Params, column: &str, precision: Precision, lower: i64, upper: i64, num: usize) -> Result<Vec<ScanSplit>> {
        let num = checked(num)?;
        if upper < lower {
            return Err(invalid(format!("the time range {lower}..{upper} is empty: the upper bound is before the lower")));
        }
        let name = identifier::quote(column)?;
        // i128: the span of extreme bounds does not fit an i64; each cut point does.
        let first = i128::from(lower);
        let span = i128::from(upper) - first + 1;
        let parts = span.min(num as i128) as usize;
        let cut = |i: usize| i64::try_from(first + span * i as i128 / parts as i128).expect("a cut point lies within [lower, upper]");
        let mut splits = Vec::with_capacity(parts);
        for i in 0..parts {
            let (mut bounds, mut split_params) = (Vec::new(), params.clone());
            if i > 0 {
                bounds.push(format!("{name} >= ?"));
                split_params = split_params.timestamp(cut(i), precision);
            }
            if i < parts - 1 {
                bounds.push(format!("{name} < ?"));
                split_params = split_params.timestamp(cut(i + 1), precision);
            }
            if bounds.is_empty() {
                splits.push(self.whole(params));
                continue;
            }
            let nulls = if i == 0 { format!(" or {name} is null") } else { String::new() };
            splits.push(self.with_condition(&format!("{}{nulls}", bounds.join(" and ")), &split_params));
        }
        Ok(splits)
    }

    /// `tbname in (?, ...)` of `tables`; the whole scan when there are none (it reads nothing
    /// more than they would: the listing found no subtable).
    fn by_tables(&self, params: &Params, tables: &[String]) -> ScanSplit {
        if tables.is_empty() {
            return self.whole(params);
        }
        let placeholders = vec!["?"; tables.len()].join(", ");
        let params = tables.iter().fold(params.clone(), |p, t| p.varchar(t));
        self.with_condition(&format!("tbname in ({placeholders})"), &params)
    }

    fn whole(&self, params: &Params) -> ScanSplit {
        ScanSplit { sql: self.sql.clone(), params: params.clone() }
    }

    /// The scan with `condition` added to its own, as Java's `ScanQuery` writes conditions.
    fn with_condition(&self, condition: &str, params: &Params) -> ScanSplit {
        let conditions =
            if self.where_clause.trim().is_empty() { format!("({condition})") } else { format!("{} and ({condition})", self.where_clause) };
        ScanSplit { sql: format!("{} where {conditions}{}", self.select, self.tail), params: params.clone() }
    }
}

fn checked(num: usize) -> Result<usize> {
    if num == 0 || num > MAX_SPLITS {
        return Err(invalid(format!("'scan.partition.num' is {num}: it must be between 1 and {MAX_SPLITS}")));
    }
    Ok(num)
}

/// `items` dealt round-robin into at most `num` groups, none empty (one empty group when
/// there are no items, so the scan still runs once).
fn deal<T>(items: Vec<T>, num: usize) -> Vec<Vec<T>> {
    let parts = num.min(items.len()).max(1);
    let mut groups: Vec<Vec<T>> = (0..parts).map(|_| Vec::new()).collect();
    for (i, item) in items.into_iter().enumerate() {
        groups[i % parts].push(item);
    }
    groups
}

#[cfg(test)]
#[path = "scan_tests.rs"]
mod tests;
