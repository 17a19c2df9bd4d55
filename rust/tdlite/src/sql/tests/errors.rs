use super::*;
use crate::sql::NOT_SUPPORTED;

const SYNTAX: i32 = 0x2600;
const INCOMPLETE: i32 = 0x2601;

fn assert_error(sql: &str, code: i32, message: &str) {
    let e = err(sql);
    assert_eq!((e.code, e.message.as_str()), (code, message), "{sql}");
}

#[test]
fn syntax_errors_quote_the_rest_of_the_statement() {
    assert_error("select * form meters", SYNTAX, "syntax error near \"form meters\"");
    assert_error("creat table t (ts timestamp)", SYNTAX, "syntax error near \"creat table t (ts timestamp)\"");
    assert_error("select * from meters where", INCOMPLETE, "Incomplete SQL statement");
    assert_error("select * from meters where ts >", INCOMPLETE, "Incomplete SQL statement");
    assert_error("select * from;", SYNTAX, "syntax error near \";\"");
    assert_error("insert into t values (1,", INCOMPLETE, "Incomplete SQL statement");
    assert_error("create table t (ts timestamp, v int", INCOMPLETE, "Incomplete SQL statement");
    assert_error("select a b c from t", SYNTAX, "syntax error near \"c from t\"");
    assert_error("select * from t where a = = 1", SYNTAX, "syntax error near \"= 1\"");
    assert_error("select * from t where a in ()", SYNTAX, "syntax error near \")\"");
    assert_error("select * from t limit -1", SYNTAX, "syntax error near \"-1\"");
    assert_error("drop table", INCOMPLETE, "Incomplete SQL statement");
    assert_error("select from t", SYNTAX, "syntax error near \"from t\"");
    // A misspelt object is a syntax error, not an unsupported statement.
    assert_error("create databse d", SYNTAX, "syntax error near \"databse d\"");
    assert_error("show tabels", SYNTAX, "syntax error near \"tabels\"");
}

#[test]
fn empty_input_is_incomplete() {
    for sql in ["", "   ", "-- only a comment", "/* hint */"] {
        assert_error(sql, INCOMPLETE, "Incomplete SQL statement");
    }
    assert_error(";", SYNTAX, "syntax error near \";\"");
}

#[test]
fn unreadable_tokens() {
    assert_error("select 'abc from t", SYNTAX, "unrecognized token: \"'abc from t\"");
    assert_error("select a & b from t", SYNTAX, "unrecognized token: \"& b from t\"");
    assert_error("select 北京 from t", SYNTAX, "unrecognized token: \"北京 from t\"");
}

#[test]
fn one_statement_per_call() {
    assert!(matches!(ok("select 1;"), Statement::Select(_)));
    assert!(matches!(ok("select 1 ; ; "), Statement::Select(_)));
    assert_error("select 1; select 2", SYNTAX, "syntax error near \"select 2\"");
}

#[test]
fn statements_outside_the_subset_are_named() {
    let cases = [
        ("alter table t add column c int", "ALTER statement is not supported by tdlite"),
        ("ALTER DATABASE d KEEP 10", "ALTER statement is not supported by tdlite"),
        ("explain select * from t", "EXPLAIN statement is not supported by tdlite"),
        ("create stream s into t as select * from u", "CREATE STREAM statement is not supported by tdlite"),
        ("create user u pass 'x'", "CREATE USER statement is not supported by tdlite"),
        ("drop user u", "DROP USER statement is not supported by tdlite"),
        ("show vgroups", "SHOW VGROUPS statement is not supported by tdlite"),
        ("show power.vgroups", "SHOW VGROUPS statement is not supported by tdlite"),
        ("show create table t", "SHOW CREATE statement is not supported by tdlite"),
    ];
    for (sql, message) in cases {
        assert_error(sql, NOT_SUPPORTED, message);
    }
}

#[test]
fn query_features_outside_the_subset_are_named() {
    let cases = [
        ("select _wstart, avg(v) from t interval(1m)", "INTERVAL is not supported by tdlite"),
        ("select * from t where ts > 0 interval(1m) fill(prev)", "INTERVAL is not supported by tdlite"),
        ("select count(*) from t group by a having count(*) > 1", "HAVING is not supported by tdlite"),
        ("select * from a join b on a.ts = b.ts", "JOIN is not supported by tdlite"),
        ("select * from a left join b on a.ts = b.ts", "JOIN is not supported by tdlite"),
        ("select * from a union all select * from b", "UNION is not supported by tdlite"),
        ("select * from (select * from t interval(1s))", "INTERVAL is not supported by tdlite"),
        ("select * from t where name match '^d'", "MATCH/NMATCH is not supported by tdlite"),
        ("select case when a > 1 then 1 else 0 end from t", "CASE expression is not supported by tdlite"),
        ("select cast(a as bigint) from t", "CAST is not supported by tdlite"),
        ("select * from t where a in (select a from u)", "A subquery inside an expression is not supported by tdlite"),
        ("select (select 1) from t", "A subquery inside an expression is not supported by tdlite"),
    ];
    for (sql, message) in cases {
        assert_error(sql, NOT_SUPPORTED, message);
    }
}

#[test]
fn reserved_words_need_backticks() {
    assert_error("select * from order", SYNTAX, "syntax error near \"order\"");
    assert_error("create table select (ts timestamp)", SYNTAX, "syntax error near \"select (ts timestamp)\"");
    assert!(matches!(ok("create table `select` (ts timestamp)"), Statement::CreateTable(_)));
}
