//! Which queries the generated rows answer: a plain scan of `bench.meters`,
//! `SELECT <columns> FROM [bench.]meters [WHERE <ts bounds>]`, possibly wrapped as
//! `SELECT * FROM (<that>) [alias] [WHERE <ts bounds>]` (TDengine's Flink connector and
//! tdflink's time splits). Anything else (aggregates, other filters, ORDER BY, LIMIT, tbname,
//! string timestamps) is not recognised and goes to the engine, whose `meters` is empty.

use super::chunks::{COLUMNS, TS};
use crate::meters::{self, MetersSpec};
use crate::sql::ast::{BinaryOp, Expr, FromSource, Literal, Select, SelectItem, Statement};
use std::ops::Range;

/// The names of `SELECT * FROM meters`, in order.
const NAMES: [&str; COLUMNS] = ["ts", "current", "voltage", "phase", "groupid", "location"];

/// A recognised scan: which columns (indices into `NAMES`) of which rows (row numbers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scan {
    pub columns: Vec<usize>,
    pub rows: Range<usize>,
}

/// The scan `sql` asks for, `None` if it is not one (see the module comment).
pub fn recognize(sql: &str, current_db: Option<&str>, spec: MetersSpec) -> Option<Scan> {
    let Ok(Statement::Select(select)) = crate::sql::parse(sql) else { return None };
    let (columns, ts) = select_scan(&select, current_db)?;
    let row = |ts: i128| ts.saturating_sub(i128::from(meters::FIRST_TS)).clamp(0, spec.rows as i128) as usize;
    let first = row(ts.start);
    Some(Scan { columns: columns.into_iter().map(|(c, _)| c).collect(), rows: first..row(ts.end).max(first) })
}

/// Whether `sql` is a query whose rows come from `bench.meters` (at any depth) and that does
/// not just describe its columns (`LIMIT 0`).
pub fn reads_meters_rows(sql: &str, current_db: Option<&str>) -> bool {
    let Ok(Statement::Select(select)) = crate::sql::parse(sql) else { return false };
    let mut level = &*select;
    loop {
        if level.limit.is_some_and(|l| l.count == 0) {
            return false;
        }
        match &level.from {
            Some(FromSource::Subquery { query, .. }) => level = query,
            Some(FromSource::Table { name, .. }) => {
                let db = name.db.as_ref().map(|d| d.name.as_str()).or(current_db);
                return db == Some(meters::DATABASE) && name.name.name == meters::STABLE;
            }
            None => return false,
        }
    }
}

/// The output columns (index and name) and ts bounds [start, end) of one level of the query.
type Level = (Vec<(usize, String)>, Range<i128>);

fn select_scan(select: &Select, current_db: Option<&str>) -> Option<Level> {
    let plain = !select.distinct && select.partition_by.is_empty() && select.group_by.is_empty() && select.order_by.is_empty();
    if !plain || select.limit.is_some() {
        return None;
    }
    let (available, ts): Level = match select.from.as_ref()? {
        FromSource::Table { name, .. } => {
            let db = name.db.as_ref().map(|d| d.name.as_str()).or(current_db);
            if db != Some(meters::DATABASE) || name.name.name != meters::STABLE {
                return None;
            }
            (NAMES.iter().enumerate().map(|(i, n)| (i, n.to_string())).collect(), i128::MIN..i128::MAX)
        }
        FromSource::Subquery { query, .. } => select_scan(query, current_db)?,
    };
    let mut columns = Vec::new();
    for item in &select.items {
        match item {
            SelectItem::Wildcard { .. } => columns.extend(available.iter().cloned()),
            SelectItem::Expr { expr: Expr::Column(column), alias } => {
                let (index, name) = available.iter().find(|(_, n)| *n == column.name.name)?;
                columns.push((*index, alias.as_ref().map_or_else(|| name.clone(), |a| a.name.clone())));
            }
            SelectItem::Expr { .. } => return None,
        }
    }
    // The filter may only name ts as it is visible at this level.
    let ts_visible = available.iter().any(|(i, n)| *i == TS && n == NAMES[TS]);
    let ts = match &select.filter {
        None => ts,
        Some(filter) if ts_visible => intersect(ts, bounds(filter)?),
        Some(_) => return None,
    };
    Some((columns, ts))
}

fn intersect(a: Range<i128>, b: Range<i128>) -> Range<i128> {
    a.start.max(b.start)..a.end.min(b.end)
}

/// The ts range a conjunction of comparisons of `ts` with integers keeps.
fn bounds(filter: &Expr) -> Option<Range<i128>> {
    match filter {
        Expr::Binary { left, op: BinaryOp::And, right } => Some(intersect(bounds(left)?, bounds(right)?)),
        Expr::Binary { left, op, right } => match (is_ts(left), integer(right), integer(left), is_ts(right)) {
            (true, Some(v), _, _) => compare(*op, v),
            (_, _, Some(v), true) => compare(flip(*op)?, v),
            _ => None,
        },
        Expr::Between { expr, low, high, negated: false } if is_ts(expr) => Some(integer(low)?..integer(high)?.saturating_add(1)),
        _ => None,
    }
}

/// `ts <op> v` as a range.
fn compare(op: BinaryOp, v: i128) -> Option<Range<i128>> {
    Some(match op {
        BinaryOp::GtEq => v..i128::MAX,
        BinaryOp::Gt => v.saturating_add(1)..i128::MAX,
        BinaryOp::Lt => i128::MIN..v,
        BinaryOp::LtEq => i128::MIN..v.saturating_add(1),
        BinaryOp::Eq => v..v.saturating_add(1),
        _ => return None,
    })
}

/// `v <op> ts` as `ts <flipped op> v`.
fn flip(op: BinaryOp) -> Option<BinaryOp> {
    Some(match op {
        BinaryOp::Lt => BinaryOp::Gt,
        BinaryOp::LtEq => BinaryOp::GtEq,
        BinaryOp::Gt => BinaryOp::Lt,
        BinaryOp::GtEq => BinaryOp::LtEq,
        BinaryOp::Eq => BinaryOp::Eq,
        _ => return None,
    })
}

fn is_ts(e: &Expr) -> bool {
    matches!(e, Expr::Column(c) if c.name.name == NAMES[TS])
}

fn integer(e: &Expr) -> Option<i128> {
    match e {
        Expr::Literal(Literal::Integer(v)) => Some(*v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: MetersSpec = MetersSpec { rows: 100, tables: 7 };
    const T0: i64 = meters::FIRST_TS;

    fn scan(sql: &str) -> Option<Scan> {
        recognize(sql, Some("bench"), SPEC)
    }

    #[test]
    fn plain_and_wrapped_scans_are_recognised() {
        let all = Some(Scan { columns: (0..COLUMNS).collect(), rows: 0..100 });
        assert_eq!(scan("select * from meters"), all);
        assert_eq!(recognize("select * from `bench`.`meters`", None, SPEC), all);
        assert_eq!(recognize("select * from meters", None, SPEC), None);
        assert_eq!(recognize("select * from meters", Some("other"), SPEC), None);
        let sql = format!("select location, ts from bench.meters where ts >= {} and ts < {}", T0 + 10, T0 + 20);
        assert_eq!(scan(&sql), Some(Scan { columns: vec![5, 0], rows: 10..20 }));
        let wrapped = format!("select * from ({sql}) t where ts >= {} and ts < {}", T0 + 15, T0 + 50);
        assert_eq!(scan(&wrapped), Some(Scan { columns: vec![5, 0], rows: 15..20 }));
        let reversed = format!("select * from meters where {} <= ts and ts <= {}", T0 + 99, T0 + 1000);
        assert_eq!(scan(&reversed).unwrap().rows, 99..100);
        // tdflink's time splits: backquoted names, the base query wrapped.
        let split = format!("select * from (select * from `meters` ) where `ts` >= {} and `ts` < {}", T0 + 3, T0 + 7);
        assert_eq!(scan(&split).unwrap().rows, 3..7);
        let between = format!("select * from meters where ts between {} and {}", T0 + 3, T0 + 7);
        assert_eq!(scan(&between).unwrap().rows, 3..8);
        let empty = format!("select ts from meters where ts >= {} and ts < {}", T0 + 50, T0 + 10);
        assert_eq!(scan(&empty).unwrap().rows, 50..50);
    }

    #[test]
    fn other_queries_are_left_to_the_engine() {
        for sql in [
            "select count(*) from meters",
            "select * from meters limit 10",
            "select * from (select * from meters) limit 0",
            "select * from meters where voltage > 3",
            "select * from meters where ts > '2023-01-01 00:00:00'",
            "select * from meters order by ts",
            "select tbname, ts from meters",
            "select * from d1",
            "select ts from (select current from meters)",
            "show stables",
        ] {
            assert_eq!(scan(sql), None, "{sql}");
        }
        assert!(reads_meters_rows("select count(*) from (select * from meters)", Some("bench")));
        assert!(!reads_meters_rows("select * from (select * from meters) limit 0", Some("bench")));
        assert!(!reads_meters_rows("select * from d1", Some("bench")));
    }
}
