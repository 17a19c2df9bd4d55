//! Result column names for unaliased expressions. TDengine names them by their SQL text; the
//! AST keeps no source spans, so the text is rebuilt in a canonical spelling: lower-case
//! function names, `count(*)`, `a + b`.

use crate::sql::ast::{BinaryOp, Expr, FunctionArgs, Literal, TimeUnit, UnaryOp};

pub fn expr_name(expr: &Expr) -> String {
    match expr {
        Expr::Literal(literal) => literal_name(literal),
        Expr::Column(column) => column.name.name.clone(),
        Expr::Placeholder(_) => "?".to_owned(),
        Expr::Unary { op: UnaryOp::Neg, expr } => format!("-{}", expr_name(expr)),
        Expr::Unary { op: UnaryOp::Not, expr } => format!("not {}", expr_name(expr)),
        Expr::Binary { left, op, right } => format!("{} {} {}", expr_name(left), op_name(*op), expr_name(right)),
        Expr::Function(call) => match &call.args {
            FunctionArgs::Star => format!("{}(*)", call.name),
            FunctionArgs::List(args) => {
                let args: Vec<String> = args.iter().map(expr_name).collect();
                format!("{}({})", call.name, args.join(", "))
            }
        },
        Expr::InList { expr, list, negated } => {
            let items: Vec<String> = list.iter().map(expr_name).collect();
            format!("{}{} in ({})", expr_name(expr), not(*negated), items.join(", "))
        }
        Expr::Between { expr, low, high, negated } => {
            format!("{}{} between {} and {}", expr_name(expr), not(*negated), expr_name(low), expr_name(high))
        }
        Expr::Like { expr, pattern, negated } => {
            format!("{}{} like {}", expr_name(expr), not(*negated), expr_name(pattern))
        }
        Expr::IsNull { expr, negated } => {
            format!("{} is{} null", expr_name(expr), not(*negated))
        }
    }
}

fn not(negated: bool) -> &'static str {
    if negated {
        " not"
    } else {
        ""
    }
}

fn literal_name(literal: &Literal) -> String {
    match literal {
        Literal::Null => "null".to_owned(),
        Literal::Bool(b) => b.to_string(),
        Literal::Integer(v) => v.to_string(),
        Literal::Float { text, .. } => text.clone(),
        Literal::String(s) => format!("'{s}'"),
        Literal::Duration(d) => format!("{}{}", d.value, unit_suffix(d.unit)),
    }
}

fn unit_suffix(unit: TimeUnit) -> char {
    match unit {
        TimeUnit::Nanosecond => 'b',
        TimeUnit::Microsecond => 'u',
        TimeUnit::Millisecond => 'a',
        TimeUnit::Second => 's',
        TimeUnit::Minute => 'm',
        TimeUnit::Hour => 'h',
        TimeUnit::Day => 'd',
        TimeUnit::Week => 'w',
        TimeUnit::Month => 'n',
        TimeUnit::Year => 'y',
    }
}

fn op_name(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Add => "+",
        BinaryOp::Sub => "-",
        BinaryOp::Mul => "*",
        BinaryOp::Div => "/",
        BinaryOp::Mod => "%",
        BinaryOp::Eq => "=",
        BinaryOp::NotEq => "<>",
        BinaryOp::Lt => "<",
        BinaryOp::LtEq => "<=",
        BinaryOp::Gt => ">",
        BinaryOp::GtEq => ">=",
        BinaryOp::And => "and",
        BinaryOp::Or => "or",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::{ast::Statement, parse};

    fn first_item(sql: &str) -> String {
        let Ok(Statement::Select(select)) = parse(sql) else { panic!("{sql}") };
        match &select.items[0] {
            crate::sql::ast::SelectItem::Expr { expr, .. } => expr_name(expr),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn names_are_canonical_sql() {
        assert_eq!(first_item("select COUNT(*) from t"), "count(*)");
        assert_eq!(first_item("select avg(Voltage) from t"), "avg(voltage)");
        assert_eq!(first_item("select `Current` * 2 from t"), "Current * 2");
        assert_eq!(first_item("select 'x'"), "'x'");
        assert_eq!(first_item("select now - 1h"), "now() - 1h");
        assert_eq!(first_item("select c is not null from t"), "c is not null");
    }
}
