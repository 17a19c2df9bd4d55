//! Constant values: INSERT rows and TAGS lists, plus the literal pieces expressions and options
//! share. Like TDengine's insert parser, a value is only a literal, a `?`, or a timestamp base
//! (NOW, TODAY, a number or a string) shifted by durations; anything else is a syntax error
//! rather than an expression left for the engine to misread.

use super::{Parser, Result};
use crate::sql::ast::{BinaryOp, Duration, Expr, FunctionArgs, FunctionCall, Literal};
use crate::sql::lexer::TokenKind;
use crate::sql::params::ParamRole;

/// NULL, TRUE and FALSE.
pub(super) fn keyword_literal(word: &str) -> Option<Literal> {
    match word {
        "null" => Some(Literal::Null),
        "true" => Some(Literal::Bool(true)),
        "false" => Some(Literal::Bool(false)),
        _ => None,
    }
}

/// The literal a string, number or duration token stands for.
pub(super) fn token_literal(kind: &TokenKind) -> Option<Literal> {
    Some(match kind {
        TokenKind::Str(s) => Literal::String(s.clone()),
        TokenKind::Integer(v) => Literal::Integer(*v),
        TokenKind::Float(value, text) => Literal::Float { value: *value, text: text.clone() },
        TokenKind::Duration(value, unit) => Literal::Duration(Duration { value: *value, unit: *unit }),
        _ => return None,
    })
}

/// `-literal` for numbers and durations; `None` for anything that has no negative.
pub(super) fn negate(literal: &Literal) -> Option<Literal> {
    match literal {
        Literal::Integer(v) => v.checked_neg().map(Literal::Integer),
        Literal::Float { value, text } => {
            let text = match text.strip_prefix('-') {
                Some(positive) => positive.to_string(),
                None => format!("-{text}"),
            };
            Some(Literal::Float { value: -value, text })
        }
        Literal::Duration(d) => d.value.checked_neg().map(|value| Literal::Duration(Duration { value, unit: d.unit })),
        _ => None,
    }
}

impl Parser<'_> {
    /// `( value, ... )`; `role` turns each value's position into the role of a `?` there.
    pub(super) fn value_list(&mut self, role: fn(usize) -> ParamRole) -> Result<Vec<Expr>> {
        let mut position = 0;
        self.parenthesized(|p| {
            let value = p.value(role(position));
            position += 1;
            value
        })
    }

    fn value(&mut self, role: ParamRole) -> Result<Expr> {
        let base = match self.peek() {
            TokenKind::Question => return Ok(Expr::Placeholder(self.placeholder(role))),
            TokenKind::Word(w) if w == "now" || w == "today" => {
                let name = w.clone();
                self.time_function(name)?
            }
            TokenKind::Word(w) => match keyword_literal(w) {
                Some(literal) => {
                    self.advance();
                    return Ok(Expr::Literal(literal));
                }
                None => return Err(self.unexpected()),
            },
            // A bare interval is not a value of any column type.
            TokenKind::Duration(..) => return Err(self.unexpected()),
            TokenKind::Plus | TokenKind::Minus if matches!(self.peek_nth(1), TokenKind::Duration(..)) => return Err(self.unexpected()),
            _ => Expr::Literal(self.signed_literal()?),
        };
        self.shifted_by_durations(base)
    }

    /// A number (optionally signed), duration or string.
    pub(super) fn signed_literal(&mut self) -> Result<Literal> {
        let negative = match self.peek() {
            TokenKind::Minus => Some(true),
            TokenKind::Plus => Some(false),
            _ => None,
        };
        if negative.is_some() {
            self.advance();
        }
        let literal = match (self.peek(), negative) {
            (TokenKind::Str(_), Some(_)) => None,
            (kind, _) => token_literal(kind),
        }
        .ok_or_else(|| self.unexpected())?;
        self.advance();
        match negative {
            // Only numbers reach here with a sign, and the lexer never yields the one
            // integer (i128::MIN) whose negation overflows.
            Some(true) => negate(&literal).ok_or_else(|| self.unexpected()),
            _ => Ok(literal),
        }
    }

    /// `NOW`, `NOW()`, `TODAY` or `TODAY()` (the cursor is on `name`) as a call of the
    /// same-named function.
    pub(super) fn time_function(&mut self, name: String) -> Result<Expr> {
        self.advance();
        if self.eat(&TokenKind::LParen) {
            self.expect(&TokenKind::RParen)?;
        }
        Ok(Expr::Function(FunctionCall { name, args: FunctionArgs::List(Vec::new()) }))
    }

    /// `base [+|- duration] ...`, as in `NOW - 1h` or `'2024-01-01 00:00:00' + 10s`.
    fn shifted_by_durations(&mut self, mut base: Expr) -> Result<Expr> {
        loop {
            let op = match self.peek() {
                TokenKind::Plus => BinaryOp::Add,
                TokenKind::Minus => BinaryOp::Sub,
                _ => return Ok(base),
            };
            let interval = match self.peek_nth(1) {
                TokenKind::Duration(value, unit) => Duration { value: *value, unit: *unit },
                _ => return Ok(base),
            };
            self.advance();
            self.advance();
            let right = Box::new(Expr::Literal(Literal::Duration(interval)));
            base = Expr::Binary { left: Box::new(base), op, right };
        }
    }
}
