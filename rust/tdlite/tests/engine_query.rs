//! Queries: supertable scans, the official connector's split shapes, filters, aggregates,
//! grouping, ordering and the result types TDengine gives them.

mod engine_support;

use engine_support::*;
use tdflink_protocol::types::{DataType, Precision};
use tdlite::engine::Value;

/// `meters` with data: d1001 (SF, group 2), d1002 (SF, group 3), d1003 (LA, group 2).
fn loaded(precision: &str) -> Db {
    let mut db = meters(precision);
    db.exec(
        "INSERT INTO d1001 VALUES (1000, 10.0, 219, 0.31) (2000, 12.0, 220, 0.33) (3000, NULL, 221, NULL)
                     d1002 VALUES (1000, 11.0, 218, 0.25) (2000, 13.0, 217, 0.26)
                     d1003 VALUES (1500, 9.0, 230, 0.40)",
    );
    db
}

fn column(rows: Vec<Vec<Value>>, i: usize) -> Vec<Value> {
    rows.into_iter().map(|r| r[i].clone()).collect()
}

#[test]
fn select_star_on_a_supertable_returns_columns_then_tags() {
    let mut db = loaded("ms");
    assert_eq!(db.names("SELECT * FROM meters"), vec!["ts", "current", "voltage", "phase", "location", "groupid"]);
    assert_eq!(db.names("SELECT * FROM d1001"), vec!["ts", "current", "voltage", "phase"]);
    let rows = db.rows("SELECT * FROM meters WHERE tbname = 'd1003'");
    assert_eq!(rows, vec![vec![ts(1500), float(9.0), int(230), float(0.4), text("California.LosAngeles"), int(2)]]);
    assert_eq!(db.rows("SELECT * FROM meters").len(), 6);
}

#[test]
fn pseudo_columns_and_projections() {
    let mut db = loaded("ms");
    let set = db.query("SELECT tbname, location AS loc, voltage * 2 double_v, ts FROM meters WHERE ts = 1500");
    assert_eq!(set.rows, vec![vec![text("d1003"), text("California.LosAngeles"), float(460.0), ts(1500)]]);
    let columns: Vec<(String, DataType, u32)> = set.columns.iter().map(|c| (c.name.clone(), c.ty, c.bytes)).collect();
    assert_eq!(
        columns,
        vec![
            ("tbname".to_owned(), DataType::VarChar, 192),
            ("loc".to_owned(), DataType::VarChar, 24),
            ("double_v".to_owned(), DataType::Double, 8),
            ("ts".to_owned(), DataType::Timestamp, 8),
        ]
    );
    assert_eq!(db.value("SELECT tbname FROM d1002 LIMIT 1"), text("d1002"));
    assert_eq!(db.value("SELECT _rowts FROM d1002 LIMIT 1"), ts(1000));
    assert_eq!(db.value("SELECT ts + 1s FROM d1003"), ts(2500));
    assert_eq!(db.value("SELECT 7 / 2"), float(3.5));
    assert_eq!(db.value("SELECT 7.5 % 2"), float(1.5));
    assert_eq!(db.err("SELECT nope FROM meters").code, 0x2602);
    assert_eq!(db.err("SELECT x.ts FROM meters m").code, 0x2602);
    assert_eq!(db.rows("SELECT m.ts FROM meters m WHERE m.voltage = 230"), vec![vec![ts(1500)]]);
}

#[test]
fn filters_on_columns_tags_and_time() {
    let mut db = loaded("ms");
    let names = |db: &mut Db, filter: &str| -> Vec<Value> {
        column(db.rows(&format!("SELECT ts FROM meters WHERE {filter} ORDER BY ts, tbname")), 0)
    };
    assert_eq!(names(&mut db, "groupid IN (3)"), vec![ts(1000), ts(2000)]);
    assert_eq!(names(&mut db, "groupid NOT IN (2, 5)"), vec![ts(1000), ts(2000)]);
    assert_eq!(names(&mut db, "location LIKE '%Los%'"), vec![ts(1500)]);
    assert_eq!(names(&mut db, "location LIKE 'california%'"), vec![], "LIKE is case-sensitive");
    assert_eq!(names(&mut db, "tbname LIKE 'd100_' AND voltage BETWEEN 219 AND 220"), vec![ts(1000), ts(2000)]);
    assert_eq!(names(&mut db, "voltage NOT BETWEEN 218 AND 229"), vec![ts(1500), ts(2000)]);
    assert_eq!(names(&mut db, "current IS NULL"), vec![ts(3000)]);
    assert_eq!(names(&mut db, "NOT (current IS NOT NULL) OR phase > 0.39"), vec![ts(1500), ts(3000)]);
    assert_eq!(names(&mut db, "ts >= '1970-01-01 00:00:02' AND ts < '1970-01-01T00:00:03Z'"), vec![ts(2000), ts(2000)]);
    assert_eq!(names(&mut db, "ts > 1000 AND ts <= 1500"), vec![ts(1500)]);
    assert_eq!(names(&mut db, "ts > '1970-01-01 00:00:01' - 1a AND ts < 1000 + 1a"), vec![ts(1000), ts(1000)]);
    assert_eq!(db.err("SELECT * FROM meters WHERE ts > 'yesterday'").code, 0x2635);
    assert_eq!(db.err("SELECT * FROM meters WHERE count(*) > 1").code, 0x2608);
}

#[test]
fn official_connector_split_queries() {
    let mut db = loaded("ms");
    let inner = "select ts, current, voltage, tbname from power.meters where voltage > 218";
    let rows = db.rows(&format!("select * from ({inner}) where ts >= 1000 and ts < 2000"));
    assert_eq!(rows, vec![vec![ts(1000), float(10.0), int(219), text("d1001")], vec![ts(1500), float(9.0), int(230), text("d1003")]]);
    let names = db.names(&format!("select * from ({inner}) where ts >= 1000 and ts < 2000"));
    assert_eq!(names, vec!["ts", "current", "voltage", "tbname"]);
    let tag_split = db.rows("select * from (select * from meters) where groupid = 2 and location = 'California.LosAngeles'");
    assert_eq!(tag_split.len(), 1);
    let set = db.query("SELECT * FROM (SELECT ts, voltage FROM d1001) AS sub ORDER BY ts DESC LIMIT 2");
    assert_eq!(set.rows, vec![vec![ts(3000), int(221)], vec![ts(2000), int(220)]]);
    assert_eq!(set.precision, Precision::Millisecond);
    let ordered = db.rows("select ts from (select ts from d1001 order by ts desc) where ts > 1000");
    assert_eq!(ordered, vec![vec![ts(3000)], vec![ts(2000)]], "the subquery's order survives");
}

#[test]
fn aggregates_and_their_types() {
    let mut db = loaded("us");
    let set = db.query(
        "SELECT count(*), count(current), sum(voltage), avg(current), min(ts), max(phase), first(current),
                last(current), last_row(current), sum(phase) FROM meters",
    );
    let types: Vec<DataType> = set.columns.iter().map(|c| c.ty).collect();
    use DataType::*;
    assert_eq!(types, vec![BigInt, BigInt, BigInt, Double, Timestamp, Double, Float, Float, Float, Double]);
    assert_eq!(db.names("SELECT count(*), avg(current) FROM meters"), vec!["count(*)", "avg(current)"]);
    let row = &set.rows[0];
    assert_eq!(row[..5], [int(6), int(5), int(1325), float(11.0), ts(1000)]);
    assert_eq!(row[5], float(0.4));
    assert_eq!(row[6], float(10.0), "first non-NULL current by time");
    assert_eq!(row[7], float(12.0), "last non-NULL current by time");
    assert_eq!(row[8], Value::Null, "last_row keeps the latest row's NULL");
    assert_eq!(set.precision, Precision::Microsecond);
    assert_eq!(db.value("SELECT count(*) FROM meters WHERE voltage > 1000"), int(0));
    assert_eq!(db.value("SELECT sum(voltage) FROM meters WHERE voltage > 1000"), Value::Null);
}

#[test]
fn group_by_and_partition_by() {
    let mut db = loaded("ms");
    let rows = db.rows("SELECT tbname, count(*), max(voltage) FROM meters GROUP BY tbname ORDER BY tbname");
    assert_eq!(
        rows,
        vec![vec![text("d1001"), int(3), int(221)], vec![text("d1002"), int(2), int(218)], vec![text("d1003"), int(1), int(230)],]
    );
    let by_tag = db.rows("SELECT groupid, count(*) c FROM meters GROUP BY groupid ORDER BY c DESC");
    assert_eq!(by_tag, vec![vec![int(2), int(4)], vec![int(3), int(2)]]);
    let partitioned = db.rows("SELECT tbname, location, last(ts) FROM meters PARTITION BY tbname ORDER BY 1");
    assert_eq!(partitioned[2], vec![text("d1003"), text("California.LosAngeles"), ts(1500)]);
    let star = db.query("SELECT last(*) FROM d1001");
    assert_eq!(
        star.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        vec!["last(ts)", "last(current)", "last(voltage)", "last(phase)"]
    );
    assert_eq!(star.rows, vec![vec![ts(3000), float(12.0), int(221), float(0.33)]]);
    let raw = db.rows("SELECT tbname, ts FROM meters PARTITION BY tbname");
    assert_eq!(raw.len(), 6);
    assert_eq!(db.value("SELECT location FROM meters WHERE voltage = (230)"), text("California.LosAngeles"));
    assert_eq!(db.rows("SELECT ts, max(voltage) FROM meters"), vec![vec![ts(1500), int(230)]], "a lone max() selects its row");
    assert_eq!(db.err("SELECT ts, count(*) FROM meters").code, 0x260C);
    assert_eq!(db.err("SELECT voltage, count(*) FROM meters GROUP BY tbname").code, 0x260A);
    assert_eq!(db.err("SELECT sum(location) FROM meters").code, 0x2802);
    assert_eq!(db.err("SELECT max(count(*)) FROM meters").code, 0x2627);
}

#[test]
fn order_limit_offset_distinct() {
    let mut db = loaded("ms");
    let voltages = column(db.rows("SELECT voltage FROM meters ORDER BY voltage DESC LIMIT 2 OFFSET 1"), 0);
    assert_eq!(voltages, vec![int(221), int(220)]);
    assert_eq!(column(db.rows("SELECT voltage v FROM meters ORDER BY v LIMIT 1, 1"), 0), vec![int(218)]);
    assert_eq!(db.rows("SELECT DISTINCT location FROM meters ORDER BY location").len(), 2);
    let nulls = column(db.rows("SELECT current FROM d1001 ORDER BY current NULLS FIRST"), 0);
    assert_eq!(nulls[0], Value::Null);
    let default_order = column(db.rows("SELECT ts FROM d1001"), 0);
    assert_eq!(default_order, vec![ts(1000), ts(2000), ts(3000)]);
    assert_eq!(db.err("SELECT ts FROM meters ORDER BY 5").code, 0x2609);
}

#[test]
fn unsupported_queries_are_refused_not_misanswered() {
    let mut db = loaded("ms");
    for sql in [
        "SELECT _wstart, avg(current) FROM meters INTERVAL(1s)",
        "SELECT abs(voltage) FROM meters",
        "SELECT * FROM meters a JOIN meters b ON a.ts = b.ts",
    ] {
        assert_eq!(db.err(sql).code, 0x2614, "{sql}");
    }
}
