//! Expressions (WHERE, projections, ORDER BY, ...), one function per precedence level from
//! loosest to tightest: OR, AND, NOT, predicates (comparison, IS NULL, IN, LIKE, BETWEEN),
//! `+ -`, `* / %`, unary minus, then primaries.

use super::values::{keyword_literal, negate, token_literal};
use super::{keywords, Parser, Result};
use crate::sql::ast::{BinaryOp, ColumnRef, Expr, FunctionArgs, FunctionCall, TableName, UnaryOp};
use crate::sql::error::SqlError;
use crate::sql::lexer::TokenKind;
use crate::sql::params::ParamRole;

fn binary(left: Expr, op: BinaryOp, right: Expr) -> Expr {
    Expr::Binary { left: Box::new(left), op, right: Box::new(right) }
}

fn comparison(kind: &TokenKind) -> Option<BinaryOp> {
    Some(match kind {
        TokenKind::Eq => BinaryOp::Eq,
        TokenKind::NotEq => BinaryOp::NotEq,
        TokenKind::Lt => BinaryOp::Lt,
        TokenKind::LtEq => BinaryOp::LtEq,
        TokenKind::Gt => BinaryOp::Gt,
        TokenKind::GtEq => BinaryOp::GtEq,
        _ => return None,
    })
}

impl Parser<'_> {
    pub(super) fn expr(&mut self) -> Result<Expr> {
        let mut left = self.and_expr()?;
        while self.eat_word("or") {
            left = binary(left, BinaryOp::Or, self.and_expr()?);
        }
        Ok(left)
    }

    fn and_expr(&mut self) -> Result<Expr> {
        let mut left = self.not_expr()?;
        while self.eat_word("and") {
            left = binary(left, BinaryOp::And, self.not_expr()?);
        }
        Ok(left)
    }

    fn not_expr(&mut self) -> Result<Expr> {
        if self.eat_word("not") {
            return Ok(Expr::Unary { op: UnaryOp::Not, expr: Box::new(self.not_expr()?) });
        }
        self.predicate()
    }

    /// An additive expression with at most one predicate after it (they do not chain).
    fn predicate(&mut self) -> Result<Expr> {
        let left = self.additive()?;
        if let Some(op) = comparison(self.peek()) {
            self.advance();
            return Ok(binary(left, op, self.additive()?));
        }
        if self.eat_word("is") {
            let negated = self.eat_word("not");
            self.expect_word("null")?;
            return Ok(Expr::IsNull { expr: Box::new(left), negated });
        }
        let negatable = |w: &str| matches!(w, "in" | "like" | "between");
        let negated = self.at_word("not") && matches!(self.peek_nth(1), TokenKind::Word(w) if negatable(w));
        if negated {
            self.advance();
        }
        let expr = Box::new(left);
        if self.eat_word("in") {
            self.reject_subquery()?;
            return Ok(Expr::InList { expr, list: self.parenthesized(Self::expr)?, negated });
        }
        if self.eat_word("like") {
            return Ok(Expr::Like { expr, pattern: Box::new(self.additive()?), negated });
        }
        if self.eat_word("between") {
            // The bounds are additive expressions, so the AND here is BETWEEN's own.
            let low = Box::new(self.additive()?);
            self.expect_word("and")?;
            let high = Box::new(self.additive()?);
            return Ok(Expr::Between { expr, low, high, negated });
        }
        Ok(*expr)
    }

    fn additive(&mut self) -> Result<Expr> {
        let mut left = self.multiplicative()?;
        loop {
            let op = match self.peek() {
                TokenKind::Plus => BinaryOp::Add,
                TokenKind::Minus => BinaryOp::Sub,
                _ => return Ok(left),
            };
            self.advance();
            left = binary(left, op, self.multiplicative()?);
        }
    }

    fn multiplicative(&mut self) -> Result<Expr> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek() {
                TokenKind::Star => BinaryOp::Mul,
                TokenKind::Slash => BinaryOp::Div,
                TokenKind::Percent => BinaryOp::Mod,
                _ => return Ok(left),
            };
            self.advance();
            left = binary(left, op, self.unary()?);
        }
    }

    /// Unary minus folds into number literals so `-5` is the constant -5, as in VALUES.
    fn unary(&mut self) -> Result<Expr> {
        if self.eat(&TokenKind::Plus) {
            return self.unary();
        }
        if !self.eat(&TokenKind::Minus) {
            return self.primary();
        }
        Ok(match self.unary()? {
            Expr::Literal(literal) => match negate(&literal) {
                Some(negative) => Expr::Literal(negative),
                None => Expr::Unary { op: UnaryOp::Neg, expr: Box::new(Expr::Literal(literal)) },
            },
            other => Expr::Unary { op: UnaryOp::Neg, expr: Box::new(other) },
        })
    }

    fn primary(&mut self) -> Result<Expr> {
        if let Some(literal) = token_literal(self.peek()) {
            self.advance();
            return Ok(Expr::Literal(literal));
        }
        let word = match self.peek() {
            TokenKind::Question => return Ok(Expr::Placeholder(self.placeholder(ParamRole::Query))),
            TokenKind::LParen => {
                self.advance();
                self.reject_subquery()?;
                let inner = self.expr()?;
                self.expect(&TokenKind::RParen)?;
                return Ok(inner);
            }
            TokenKind::QuotedIdent(_) => return self.column_ref(),
            TokenKind::Word(w) => w.clone(),
            _ => return Err(self.unexpected()),
        };
        let followed_by_paren = *self.peek_nth(1) == TokenKind::LParen;
        if let Some(literal) = keyword_literal(&word) {
            self.advance();
            return Ok(Expr::Literal(literal));
        }
        match word.as_str() {
            "now" | "today" => self.time_function(word),
            "case" => Err(SqlError::not_supported("CASE expression")),
            "cast" if followed_by_paren => Err(SqlError::not_supported("CAST")),
            "exists" if followed_by_paren => Err(SqlError::not_supported("EXISTS")),
            _ if keywords::is_reserved(&word) => Err(self.unexpected()),
            _ if followed_by_paren => self.function_call(word),
            _ => self.column_ref(),
        }
    }

    /// `name(...)` with the cursor on `name`: no arguments, `*`, or expressions.
    fn function_call(&mut self, name: String) -> Result<Expr> {
        self.advance();
        self.expect(&TokenKind::LParen)?;
        let args = if *self.peek() == TokenKind::RParen {
            FunctionArgs::List(Vec::new())
        } else if self.eat(&TokenKind::Star) {
            FunctionArgs::Star
        } else {
            FunctionArgs::List(self.comma_separated(Self::expr)?)
        };
        self.expect(&TokenKind::RParen)?;
        Ok(Expr::Function(FunctionCall { name, args }))
    }

    /// `[table.]column`: the same shape as `[db.]table`, so it reuses that grammar.
    fn column_ref(&mut self) -> Result<Expr> {
        let TableName { db, name } = self.table_name()?;
        Ok(Expr::Column(ColumnRef { table: db, name }))
    }

    /// tdlite evaluates no subqueries inside expressions; say so instead of a syntax error.
    fn reject_subquery(&self) -> Result<()> {
        let opens_subquery = match self.peek() {
            TokenKind::LParen => matches!(self.peek_nth(1), TokenKind::Word(w) if w == "select"),
            TokenKind::Word(w) => w == "select",
            _ => false,
        };
        if opens_subquery {
            return Err(SqlError::not_supported("A subquery inside an expression"));
        }
        Ok(())
    }
}
