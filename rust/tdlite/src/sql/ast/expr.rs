//! Expressions and literals, shared by WHERE clauses, projections and VALUES rows.

use super::Identifier;

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Literal(Literal),
    Column(ColumnRef),
    /// A `?` parameter; the number is its position among the statement's parameters.
    Placeholder(usize),
    Unary {
        op: UnaryOp,
        expr: Box<Expr>,
    },
    Binary {
        left: Box<Expr>,
        op: BinaryOp,
        right: Box<Expr>,
    },
    /// Any function call, including `NOW`/`TODAY` written without parentheses.
    Function(FunctionCall),
    InList {
        expr: Box<Expr>,
        list: Vec<Expr>,
        negated: bool,
    },
    Between {
        expr: Box<Expr>,
        low: Box<Expr>,
        high: Box<Expr>,
        negated: bool,
    },
    Like {
        expr: Box<Expr>,
        pattern: Box<Expr>,
        negated: bool,
    },
    IsNull {
        expr: Box<Expr>,
        negated: bool,
    },
}

/// A constant as written in the SQL. Negative numbers are folded into the literal.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    /// Wide enough for BIGINT UNSIGNED and for DECIMAL(38) digits.
    Integer(i128),
    /// A number with a fraction or exponent, or an integer too large for `Integer`. `text` is
    /// the exact spelling (sign included) so DECIMAL columns can convert without rounding.
    Float {
        value: f64,
        text: String,
    },
    /// A quoted string with escapes resolved; also how timestamps are written.
    String(String),
    /// A time interval such as `10m`, used as `NOW - 10m`.
    Duration(Duration),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Duration {
    pub value: i64,
    pub unit: TimeUnit,
}

/// TDengine's interval units, named after what they measure rather than their one-letter suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeUnit {
    /// `b`
    Nanosecond,
    /// `u`
    Microsecond,
    /// `a`
    Millisecond,
    /// `s`
    Second,
    /// `m`
    Minute,
    /// `h`
    Hour,
    /// `d`
    Day,
    /// `w`
    Week,
    /// `n`: a calendar month.
    Month,
    /// `y`: a calendar year.
    Year,
}

impl TimeUnit {
    /// The unit for a duration suffix letter (case-insensitive).
    pub fn from_suffix(c: char) -> Option<TimeUnit> {
        Some(match c.to_ascii_lowercase() {
            'b' => TimeUnit::Nanosecond,
            'u' => TimeUnit::Microsecond,
            'a' => TimeUnit::Millisecond,
            's' => TimeUnit::Second,
            'm' => TimeUnit::Minute,
            'h' => TimeUnit::Hour,
            'd' => TimeUnit::Day,
            'w' => TimeUnit::Week,
            'n' => TimeUnit::Month,
            'y' => TimeUnit::Year,
            _ => return None,
        })
    }
}

/// `[table.]column`; also pseudo columns such as `tbname` and `_wstart`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnRef {
    pub table: Option<Identifier>,
    pub name: Identifier,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunctionCall {
    /// Lower-cased.
    pub name: String,
    pub args: FunctionArgs,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FunctionArgs {
    /// `f(*)`, as in `COUNT(*)` or `LAST(*)`.
    Star,
    List(Vec<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Not,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    And,
    Or,
}
