use super::*;
use crate::sql::{parse_with_params, Param, ParamRole};

fn params(sql: &str) -> Vec<Param> {
    parse_with_params(sql).unwrap_or_else(|e| panic!("{sql}: {e}")).params
}

fn roles(sql: &str) -> Vec<ParamRole> {
    params(sql).into_iter().map(|p| p.role).collect()
}

#[test]
fn stmt2_insert_with_auto_create() {
    let sql = "INSERT INTO ? USING power.meters TAGS(?,?) VALUES(?,?,?,?)";
    let found = params(sql);
    assert_eq!(found.len(), 7);
    assert_eq!(
        found.iter().map(|p| p.role).collect::<Vec<_>>(),
        vec![
            ParamRole::TableName,
            ParamRole::Tag(0),
            ParamRole::Tag(1),
            ParamRole::Column(0),
            ParamRole::Column(1),
            ParamRole::Column(2),
            ParamRole::Column(3),
        ]
    );
    for (i, p) in found.iter().enumerate() {
        assert_eq!(p.index, i);
        assert_eq!(&sql[p.offset..p.offset + 1], "?");
    }
    assert_eq!(found[0].offset, 12);
}

#[test]
fn stmt2_insert_into_a_supertable() {
    assert_eq!(
        roles("INSERT INTO power.meters (tbname, ts, current, location) VALUES (?,?,?,?)"),
        (0..4).map(ParamRole::Column).collect::<Vec<_>>()
    );
    assert_eq!(roles("insert into power.? values (?, ?)"), vec![ParamRole::TableName, ParamRole::Column(0), ParamRole::Column(1)]);
}

#[test]
fn positions_restart_per_row_and_clause() {
    assert_eq!(
        roles("insert into a values (?, ?)(?, ?) b using s (t2) tags (?) values (?, 1)"),
        vec![
            ParamRole::Column(0),
            ParamRole::Column(1),
            ParamRole::Column(0),
            ParamRole::Column(1),
            ParamRole::Tag(0),
            ParamRole::Column(0),
        ]
    );
}

#[test]
fn query_parameters() {
    let parsed = parse_with_params("select * from t where ts > ? and c in (?, ?) and name like ?").unwrap();
    assert_eq!(parsed.params.iter().map(|p| p.role).collect::<Vec<_>>(), vec![ParamRole::Query; 4]);
    let Statement::Select(q) = parsed.statement else { panic!("not a select") };
    let Some(Expr::Binary { left, .. }) = q.filter else { panic!("no filter") };
    let Expr::Binary { left: first, .. } = *left else { panic!("unexpected shape") };
    assert_eq!(*first, binary(col("ts"), BinaryOp::Gt, Expr::Placeholder(0)));
    assert_eq!(roles("delete from t where ts < ?"), vec![ParamRole::Query]);
}

#[test]
fn statements_without_placeholders_report_none() {
    assert!(params("select * from t where a = '?'").is_empty());
    assert!(params("insert into t values (now, 1)").is_empty());
}
