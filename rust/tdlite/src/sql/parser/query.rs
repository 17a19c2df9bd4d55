//! SELECT, including the subqueries the official Flink connector wraps its splits in.

use super::{Parser, Result};
use crate::sql::ast::{FromSource, Identifier, Limit, OrderBy, Select, SelectItem};
use crate::sql::lexer::TokenKind;

impl Parser<'_> {
    pub(super) fn select(&mut self) -> Result<Select> {
        self.expect_word("select")?;
        let distinct = self.eat_word("distinct");
        let items = self.comma_separated(Self::select_item)?;
        let from = if self.eat_word("from") { Some(self.source()?) } else { None };
        let filter = if self.eat_word("where") { Some(self.expr()?) } else { None };
        let partition_by = self.by_clause("partition", Self::expr)?;
        let group_by = self.by_clause("group", Self::expr)?;
        let order_by = self.by_clause("order", Self::order_item)?;
        let limit = if self.eat_word("limit") { Some(self.limit()?) } else { None };
        Ok(Select { distinct, items, from, filter, partition_by, group_by, order_by, limit })
    }

    fn select_item(&mut self) -> Result<SelectItem> {
        if self.eat(&TokenKind::Star) {
            return Ok(SelectItem::Wildcard { qualifier: None });
        }
        if self.at_identifier() && *self.peek_nth(1) == TokenKind::Dot && *self.peek_nth(2) == TokenKind::Star {
            let qualifier = Some(self.identifier()?);
            self.advance();
            self.advance();
            return Ok(SelectItem::Wildcard { qualifier });
        }
        let expr = self.expr()?;
        Ok(SelectItem::Expr { expr, alias: self.alias()? })
    }

    /// `[AS] alias`; without AS any non-reserved name that follows is the alias.
    fn alias(&mut self) -> Result<Option<Identifier>> {
        if self.eat_word("as") || self.at_identifier() {
            return Ok(Some(self.identifier()?));
        }
        Ok(None)
    }

    fn source(&mut self) -> Result<FromSource> {
        if !self.eat(&TokenKind::LParen) {
            let name = self.table_name()?;
            return Ok(FromSource::Table { name, alias: self.alias()? });
        }
        let query = Box::new(self.select()?);
        if !self.eat(&TokenKind::RParen) {
            return Err(self.leftover());
        }
        Ok(FromSource::Subquery { query, alias: self.alias()? })
    }

    /// `keyword BY item, ...`, or nothing when `keyword` is absent.
    fn by_clause<T>(&mut self, keyword: &str, item: impl FnMut(&mut Self) -> Result<T>) -> Result<Vec<T>> {
        if !self.eat_word(keyword) {
            return Ok(Vec::new());
        }
        self.expect_word("by")?;
        self.comma_separated(item)
    }

    fn order_item(&mut self) -> Result<OrderBy> {
        let expr = self.expr()?;
        let descending = self.eat_word("desc");
        if !descending {
            self.eat_word("asc");
        }
        let nulls_first = if !self.eat_word("nulls") {
            None
        } else if self.eat_word("first") {
            Some(true)
        } else {
            self.expect_word("last")?;
            Some(false)
        };
        Ok(OrderBy { expr, descending, nulls_first })
    }

    /// `LIMIT count [OFFSET offset]` or MySQL's `LIMIT offset, count`.
    fn limit(&mut self) -> Result<Limit> {
        let first = self.unsigned()?;
        if self.eat(&TokenKind::Comma) {
            return Ok(Limit { count: self.unsigned()?, offset: first });
        }
        let offset = if self.eat_word("offset") { self.unsigned()? } else { 0 };
        Ok(Limit { count: first, offset })
    }
}
