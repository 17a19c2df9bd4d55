use super::*;
use tdflink_protocol::codes;
use tdflink_protocol::columns::{ColumnSchema, OwnedBatch};
use tdflink_protocol::types::DataType;

fn scan(partitioning: Partitioning, with_where: bool) -> ScanSpec {
    ScanSpec {
        sql: "select `ts`, `v` from `power`.`meters`".to_owned(),
        select: "select `ts`, `v` from `power`.`meters`".to_owned(),
        where_clause: if with_where { "(`v` > ?)".to_owned() } else { String::new() },
        tail: if with_where { " limit 10".to_owned() } else { String::new() },
        partitioning,
    }
}

fn time(lower: i64, upper: i64, num: usize) -> Partitioning {
    Partitioning::Time { column: "ts".to_owned(), precision: 2, lower, upper, num }
}

/// Each parameter of a split: its type code, precision and value (i64 or text).
fn values(params: &Params) -> Vec<(DataType, u8, String)> {
    params
        .to_batch()
        .view()
        .columns
        .iter()
        .map(|c| {
            let value = match c.schema.ty {
                DataType::VarChar => String::from_utf8(c.var_values().next().unwrap().unwrap().to_vec()).unwrap(),
                _ => i64::from_le_bytes(c.fixed(0).try_into().unwrap()).to_string(),
            };
            (c.schema.ty, c.schema.precision, value)
        })
        .collect()
}

fn ts(ticks: i64) -> (DataType, u8, String) {
    (DataType::Timestamp, 2, ticks.to_string())
}

fn bigint_param(v: i64) -> Params {
    Params::from_batch(&OwnedBatch::new(1).fixed(ColumnSchema::new("p0", DataType::BigInt), &[0], &v.to_le_bytes()).view()).unwrap()
}

#[test]
fn time_splits_open_at_both_ends_and_read_nulls_first() {
    let splits = scan(time(0, 299, 3), true).plan(&bigint_param(200)).unwrap();
    let sqls: Vec<_> = splits.iter().map(|s| s.sql.as_str()).collect();
    assert_eq!(
        sqls,
        vec![
            "select `ts`, `v` from `power`.`meters` where (`v` > ?) and (`ts` < ? or `ts` is null) limit 10",
            "select `ts`, `v` from `power`.`meters` where (`v` > ?) and (`ts` >= ? and `ts` < ?) limit 10",
            "select `ts`, `v` from `power`.`meters` where (`v` > ?) and (`ts` >= ?) limit 10",
        ]
    );
    let scan_value = (DataType::BigInt, 0, "200".to_owned());
    assert_eq!(values(&splits[0].params), vec![scan_value.clone(), ts(100)], "the scan's own parameters come first");
    assert_eq!(values(&splits[1].params), vec![scan_value.clone(), ts(100), ts(200)]);
    assert_eq!(values(&splits[2].params), vec![scan_value, ts(200)]);
}

#[test]
fn time_cut_points_at_the_extremes_of_i64() {
    let splits = scan(time(i64::MIN, i64::MAX, 3), false).plan(&Params::default()).unwrap();
    // span 2^64: cuts at MIN + floor(2^64 / 3) and MIN + floor(2 * 2^64 / 3).
    let first = i64::MIN as i128;
    let span = 1i128 << 64;
    let (c1, c2) = ((first + span / 3) as i64, (first + span * 2 / 3) as i64);
    assert_eq!(values(&splits[0].params), vec![ts(c1)]);
    assert_eq!(values(&splits[1].params), vec![ts(c1), ts(c2)]);
    assert_eq!(values(&splits[2].params), vec![ts(c2)]);
    assert_eq!(splits[0].sql, "select `ts`, `v` from `power`.`meters` where (`ts` < ? or `ts` is null)");

    let most = scan(time(i64::MIN, i64::MAX, MAX_SPLITS), false).plan(&Params::default()).unwrap();
    assert_eq!(most.len(), MAX_SPLITS);
    assert_eq!(values(&most[MAX_SPLITS - 1].params), vec![ts((first + span * (MAX_SPLITS as i128 - 1) / MAX_SPLITS as i128) as i64)]);
}

#[test]
fn a_range_shorter_than_num_makes_one_split_per_tick_and_one_tick_reads_everything() {
    let splits = scan(time(5, 6, 10), false).plan(&Params::default()).unwrap();
    assert_eq!(splits.len(), 2);
    assert_eq!(values(&splits[0].params), vec![ts(6)]);
    assert_eq!(values(&splits[1].params), vec![ts(6)]);
    let whole = scan(time(5, 5, 10), true).plan(&bigint_param(1)).unwrap();
    assert_eq!(whole, vec![ScanSplit { sql: "select `ts`, `v` from `power`.`meters`".to_owned(), params: bigint_param(1) }]);
}

#[test]
fn subtables_are_dealt_round_robin_as_bound_names() {
    let spec = scan(Partitioning::Subtable { tables: "select distinct tbname from `power`.`meters`".to_owned(), num: 2 }, true);
    let groups = deal(vec!["a".to_owned(), "b".to_owned(), "c".to_owned(), "d`; drop database power".to_owned(), "e".to_owned()], 2);
    assert_eq!(groups, vec![vec!["a", "c", "e"], vec!["b", "d`; drop database power"]]);
    let params = bigint_param(7);
    let split = spec.by_tables(&params, &groups[1]);
    assert_eq!(split.sql, "select `ts`, `v` from `power`.`meters` where (`v` > ?) and (tbname in (?, ?)) limit 10");
    let text = |s: &str| (DataType::VarChar, 0, s.to_owned());
    assert_eq!(values(&split.params), vec![(DataType::BigInt, 0, "7".to_owned()), text("b"), text("d`; drop database power")]);
    assert_eq!(spec.by_tables(&params, &[]).sql, spec.sql, "no subtable: the scan as it is");
}

#[test]
fn vgroups_are_dealt_into_groups_none_empty() {
    let vgroups = vec![vec!["d1", "d4"], vec!["d2"], vec!["d3", "d5"]];
    assert_eq!(
        deal(vgroups.clone(), 2).into_iter().map(|g| g.concat()).collect::<Vec<_>>(),
        vec![vec!["d1", "d4", "d3", "d5"], vec!["d2"]]
    );
    assert_eq!(deal(vgroups.clone(), 5).len(), 3, "at most one split per vgroup");
    assert_eq!(deal(Vec::<Vec<&str>>::new(), 4), vec![Vec::<Vec<&str>>::new()], "no vgroup: the scan runs once");
}

#[test]
fn bad_partitionings_are_refused() {
    for (partitioning, text) in [
        (time(1, 0, 2), "empty"),
        (time(0, 10, 0), "between 1 and 100000"),
        (time(0, 10, MAX_SPLITS + 1), "between 1 and 100000"),
        (Partitioning::Time { column: "ts".to_owned(), precision: 7, lower: 0, upper: 1, num: 1 }, "precision code 7"),
        (Partitioning::Time { column: "t`s".to_owned(), precision: 0, lower: 0, upper: 1, num: 2 }, "invalid name"),
    ] {
        let e = scan(partitioning, false).plan(&Params::default()).unwrap_err();
        assert!(e.message().contains(text), "{}", e.message());
    }
    assert_eq!(scan(time(1, 0, 2), false).plan(&Params::default()).unwrap_err().code(), codes::DRIVER_INVALID_VARIABLE);
}

#[test]
fn the_spec_java_sends() {
    let spec: ScanSpec = serde_json::from_str(
        r#"{"sql":"s","select":"select * from `m`","where":"","tail":"","partitioning":{"by":"vgroup","database":null,"table":"Meters","num":2}}"#,
    )
    .unwrap();
    assert!(spec.needs_server());
    assert_eq!(spec.partitioning, Partitioning::Vgroup { database: None, table: "Meters".to_owned(), num: 2 });
    let none: ScanSpec = serde_json::from_str(r#"{"sql":"s","select":"x","partitioning":{"by":"none"}}"#).unwrap();
    assert_eq!(none.plan(&Params::default()).unwrap(), vec![ScanSplit { sql: "s".to_owned(), params: Params::default() }]);
}
