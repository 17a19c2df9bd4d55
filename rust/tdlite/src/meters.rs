//! The one definition of the benchmark's `meters` rows: what `tdlite-bench` writes and what
//! `--generated-meters` serves, so the two can never disagree. Every value is a function of
//! the row number k and the number of subtables.

/// The database and supertable the rows live in.
pub const DATABASE: &str = "bench";
pub const STABLE: &str = "meters";
/// The supertable's schema (millisecond precision, the database default).
pub const CREATE_STABLE: &str =
    "create stable bench.meters (ts timestamp, current float, voltage int, phase float) tags (groupid int, location varchar(24))";
/// The timestamp of row 0, in milliseconds; row k is `FIRST_TS + k`.
pub const FIRST_TS: i64 = 1_700_000_000_000;

/// How many rows and subtables: `--generated-meters ROWS[:TABLES]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MetersSpec {
    pub rows: usize,
    pub tables: usize,
}

impl MetersSpec {
    /// Subtables when `--generated-meters` names none, as `tdlite-bench --tables`.
    pub const DEFAULT_TABLES: usize = 1000;

    /// `ROWS[:TABLES]`; TABLES at least 1.
    pub fn parse(text: &str) -> Result<MetersSpec, String> {
        let (rows, tables) = match text.split_once(':') {
            Some((rows, tables)) => (rows, Some(tables)),
            None => (text, None),
        };
        let number = |s: &str| s.parse::<usize>().map_err(|e| format!("--generated-meters {text}: {e}"));
        let tables = tables.map(number).transpose()?.unwrap_or(Self::DEFAULT_TABLES);
        if tables == 0 {
            return Err("--generated-meters: TABLES must be positive".to_owned());
        }
        Ok(MetersSpec { rows: number(rows)?, tables })
    }

    pub fn row(&self, k: usize) -> Row {
        row(k, self.tables)
    }
}

/// Rows per stmt2 bind of `tdlite-bench` (its default `--batch`): one write-log version per
/// vgroup in TDengine, so the generated topic makes one message of each.
pub const BIND_ROWS: usize = 100_000;

/// Row k of the data set: in subtable `d{k % tables}` at `FIRST_TS + k` ms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Row {
    pub table: usize,
    pub ts: i64,
    pub current: f32,
    pub voltage: i32,
    pub phase: f32,
}

pub fn row(k: usize, tables: usize) -> Row {
    Row {
        table: k % tables,
        ts: FIRST_TS + k as i64,
        current: 10.0 + (k % 10) as f32,
        voltage: 200 + (k % 20) as i32,
        phase: (k % 360) as f32,
    }
}

/// The name of subtable t.
pub fn table_name(t: usize) -> String {
    format!("d{t}")
}

/// The `groupid` tag of subtable t.
pub fn groupid(t: usize) -> i32 {
    t as i32
}

/// The `location` tag of subtable t.
pub fn location(t: usize) -> String {
    format!("California.{}", t % 10)
}

/// The rows of subtable t among rows `first..end`, in ts order.
pub fn table_rows(t: usize, tables: usize, first: usize, end: usize) -> impl Iterator<Item = Row> {
    let start = first + (t + tables - first % tables) % tables;
    (start..end).step_by(tables).map(move |k| row(k, tables))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse() {
        assert_eq!(MetersSpec::parse("5000"), Ok(MetersSpec { rows: 5000, tables: 1000 }));
        assert_eq!(MetersSpec::parse("5000:7"), Ok(MetersSpec { rows: 5000, tables: 7 }));
        assert!(MetersSpec::parse("5000:0").is_err());
        assert!(MetersSpec::parse("x").is_err());
    }

    #[test]
    fn table_rows_are_the_rows_of_that_table() {
        for (first, end) in [(0, 50), (7, 43), (13, 14), (20, 20)] {
            for t in 0..7 {
                let expected: Vec<Row> = (first..end).map(|k| row(k, 7)).filter(|r| r.table == t).collect();
                assert_eq!(table_rows(t, 7, first, end).collect::<Vec<_>>(), expected, "{first}..{end} table {t}");
            }
        }
    }
}
