//! Splits SQL text into tokens the way TDengine's tokenizer does where clients can tell:
//! bare words are case-insensitive, backtick identifiers are kept verbatim, strings take either
//! quote with backslash escapes, and a number glued to a unit letter (`10m`) is one duration.

use super::ast::TimeUnit;
use super::error::SqlError;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TokenKind {
    /// A bare identifier or keyword, lower-cased.
    Word(String),
    /// A backtick identifier without the backticks.
    QuotedIdent(String),
    /// A string literal with the quotes removed and escapes resolved.
    Str(String),
    /// A decimal, hex (`0x1f`) or binary (`0b101`) integer.
    Integer(i128),
    /// A number with a fraction or exponent, or an integer too big for i128: its value and
    /// its spelling.
    Float(f64, String),
    Duration(i64, TimeUnit),
    Question,
    LParen,
    RParen,
    Comma,
    Dot,
    Semicolon,
    Star,
    Plus,
    Minus,
    Slash,
    Percent,
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    Eof,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    /// Byte offset in the SQL text; errors quote the text from here on.
    pub start: usize,
}

/// Tokenizes the whole statement up front; the list always ends with `Eof`.
pub(crate) fn tokenize(sql: &str) -> Result<Vec<Token>, SqlError> {
    let mut lexer = Lexer { sql, bytes: sql.as_bytes(), pos: 0 };
    let mut tokens = Vec::new();
    loop {
        lexer.skip_blanks_and_comments()?;
        let start = lexer.pos;
        let Some(&first) = lexer.bytes.get(start) else {
            tokens.push(Token { kind: TokenKind::Eof, start });
            return Ok(tokens);
        };
        let kind = lexer.token(first)?;
        tokens.push(Token { kind, start });
    }
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

struct Lexer<'a> {
    sql: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Lexer<'_> {
    /// The byte `ahead` positions on, or 0 past the end (0 never starts or continues a token).
    fn byte(&self, ahead: usize) -> u8 {
        self.bytes.get(self.pos + ahead).copied().unwrap_or(0)
    }

    fn unrecognized(&self, start: usize) -> SqlError {
        SqlError::unrecognized_token(&self.sql[start..])
    }

    fn skip_blanks_and_comments(&mut self) -> Result<(), SqlError> {
        loop {
            match (self.byte(0), self.byte(1)) {
                (b, _) if b.is_ascii_whitespace() => self.pos += 1,
                (b'-', b'-') => {
                    self.pos = match self.sql[self.pos..].find('\n') {
                        Some(end) => self.pos + end + 1,
                        None => self.bytes.len(),
                    };
                }
                (b'/', b'*') => match self.sql[self.pos + 2..].find("*/") {
                    Some(end) => self.pos += 2 + end + 2,
                    None => return Err(self.unrecognized(self.pos)),
                },
                _ => return Ok(()),
            }
        }
    }

    fn token(&mut self, first: u8) -> Result<TokenKind, SqlError> {
        match first {
            b'0'..=b'9' => self.number(),
            b'.' if self.byte(1).is_ascii_digit() => self.number(),
            b if b.is_ascii_alphabetic() || b == b'_' => Ok(self.word()),
            b'`' => self.quoted_identifier(),
            b'\'' | b'"' => self.string(first as char),
            _ => self.symbol(),
        }
    }

    fn word(&mut self) -> TokenKind {
        let start = self.pos;
        self.skip_while(is_ident_byte);
        TokenKind::Word(self.sql[start..self.pos].to_ascii_lowercase())
    }

    fn skip_while(&mut self, accept: impl Fn(u8) -> bool) {
        while accept(self.byte(0)) {
            self.pos += 1;
        }
    }

    fn number(&mut self) -> Result<TokenKind, SqlError> {
        let start = self.pos;
        if self.byte(0) == b'0' {
            let radix = match (self.byte(1), self.byte(2)) {
                (b'x' | b'X', d) if d.is_ascii_hexdigit() => Some(16),
                // `0b` alone is a zero-nanosecond duration; only `0b0`/`0b1` start a binary number.
                (b'b' | b'B', b'0' | b'1') => Some(2),
                _ => None,
            };
            if let Some(radix) = radix {
                return self.radix_integer(start, radix);
            }
        }
        self.skip_while(|b| b.is_ascii_digit());
        let mut fractional = false;
        // `1.5` and `1.`; but in `1.x` the dot is not part of the number.
        if self.byte(0) == b'.' && (self.byte(1).is_ascii_digit() || !is_ident_byte(self.byte(1))) {
            fractional = true;
            self.pos += 1;
            self.skip_while(|b| b.is_ascii_digit());
        }
        let exponent_digits = match (self.byte(1), self.byte(2)) {
            (b'+' | b'-', d) if d.is_ascii_digit() => Some(2),
            (d, _) if d.is_ascii_digit() => Some(1),
            _ => None,
        };
        if let (b'e' | b'E', Some(skip)) = (self.byte(0), exponent_digits) {
            fractional = true;
            self.pos += skip;
            self.skip_while(|b| b.is_ascii_digit());
        }
        let text = &self.sql[start..self.pos];
        if is_ident_byte(self.byte(0)) {
            return self.duration(start, text, fractional);
        }
        if !fractional {
            if let Ok(v) = text.parse::<i128>() {
                return Ok(TokenKind::Integer(v));
            }
        }
        text.parse::<f64>().map(|v| TokenKind::Float(v, text.to_string())).map_err(|_| self.unrecognized(start))
    }

    /// `10m`: an integer with exactly one unit letter after it and nothing else glued on.
    fn duration(&mut self, start: usize, digits: &str, fractional: bool) -> Result<TokenKind, SqlError> {
        let unit = TimeUnit::from_suffix(self.byte(0) as char);
        match (fractional, unit, digits.parse::<i64>()) {
            (false, Some(unit), Ok(value)) if !is_ident_byte(self.byte(1)) => {
                self.pos += 1;
                Ok(TokenKind::Duration(value, unit))
            }
            _ => Err(self.unrecognized(start)),
        }
    }

    fn radix_integer(&mut self, start: usize, radix: u32) -> Result<TokenKind, SqlError> {
        self.pos += 2;
        let digits_start = self.pos;
        self.skip_while(is_ident_byte);
        i128::from_str_radix(&self.sql[digits_start..self.pos], radix).map(TokenKind::Integer).map_err(|_| self.unrecognized(start))
    }

    fn quoted_identifier(&mut self) -> Result<TokenKind, SqlError> {
        let start = self.pos;
        match self.sql[start + 1..].find('`') {
            Some(len) if len > 0 => {
                self.pos = start + 1 + len + 1;
                Ok(TokenKind::QuotedIdent(self.sql[start + 1..start + 1 + len].to_string()))
            }
            _ => Err(self.unrecognized(start)),
        }
    }

    /// A string in `quote`: a doubled quote stands for itself and backslash escapes follow
    /// TDengine's table (`\'`, `\"`, `\\`, `\n`, `\r`, `\t`). Any other backslash pair stays
    /// as written, as TDengine documents: `\%` and `\_` for LIKE, `\x` for VARBINARY hex.
    fn string(&mut self, quote: char) -> Result<TokenKind, SqlError> {
        let start = self.pos;
        let mut value = String::new();
        let mut chars = self.sql[start + 1..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == quote {
                if chars.next_if(|&(_, next)| next == quote).is_some() {
                    value.push(quote);
                    continue;
                }
                self.pos = start + 1 + i + 1;
                return Ok(TokenKind::Str(value));
            }
            if c != '\\' {
                value.push(c);
                continue;
            }
            let Some((_, escaped)) = chars.next() else {
                break;
            };
            match escaped {
                'n' => value.push('\n'),
                'r' => value.push('\r'),
                't' => value.push('\t'),
                '\\' | '\'' | '"' => value.push(escaped),
                other => {
                    value.push('\\');
                    value.push(other);
                }
            }
        }
        Err(self.unrecognized(start))
    }

    fn symbol(&mut self) -> Result<TokenKind, SqlError> {
        use TokenKind::*;
        let (kind, len) = match (self.byte(0), self.byte(1)) {
            (b'<', b'=') => (LtEq, 2),
            (b'<', b'>') | (b'!', b'=') => (NotEq, 2),
            (b'>', b'=') => (GtEq, 2),
            (b'=', b'=') => (Eq, 2),
            (b'<', _) => (Lt, 1),
            (b'>', _) => (Gt, 1),
            (b'=', _) => (Eq, 1),
            (b'?', _) => (Question, 1),
            (b'(', _) => (LParen, 1),
            (b')', _) => (RParen, 1),
            (b',', _) => (Comma, 1),
            (b'.', _) => (Dot, 1),
            (b';', _) => (Semicolon, 1),
            (b'*', _) => (Star, 1),
            (b'+', _) => (Plus, 1),
            (b'-', _) => (Minus, 1),
            (b'/', _) => (Slash, 1),
            (b'%', _) => (Percent, 1),
            _ => return Err(self.unrecognized(self.pos)),
        };
        self.pos += len;
        Ok(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::TokenKind::*;
    use super::*;

    fn kinds(sql: &str) -> Vec<TokenKind> {
        tokenize(sql).unwrap().into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn words_are_lower_cased_and_backticks_kept() {
        assert_eq!(
            kinds("SeLeCt `Mixed Case` FROM x_1"),
            vec![Word("select".into()), QuotedIdent("Mixed Case".into()), Word("from".into()), Word("x_1".into()), Eof]
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(
            kinds("42 1.5 1. .5 1e3 2.5E-2 0x1F 0b101 340282366920938463463374607431768211456"),
            vec![
                Integer(42),
                Float(1.5, "1.5".into()),
                Float(1.0, "1.".into()),
                Float(0.5, ".5".into()),
                Float(1000.0, "1e3".into()),
                Float(0.025, "2.5E-2".into()),
                Integer(31),
                Integer(5),
                Float(3.402823669209385e38, "340282366920938463463374607431768211456".into()),
                Eof
            ]
        );
    }

    #[test]
    fn durations_cover_every_unit() {
        let units = [
            ("1b", TimeUnit::Nanosecond),
            ("1u", TimeUnit::Microsecond),
            ("1a", TimeUnit::Millisecond),
            ("1s", TimeUnit::Second),
            ("1m", TimeUnit::Minute),
            ("1H", TimeUnit::Hour),
            ("1d", TimeUnit::Day),
            ("1w", TimeUnit::Week),
            ("1n", TimeUnit::Month),
            ("1y", TimeUnit::Year),
            ("0b", TimeUnit::Nanosecond),
        ];
        for (text, unit) in units {
            let expected = if text == "0b" { 0 } else { 1 };
            assert_eq!(kinds(text), vec![Duration(expected, unit), Eof], "{text}");
        }
        assert_eq!(kinds("now-10m"), vec![Word("now".into()), Minus, Duration(10, TimeUnit::Minute), Eof]);
    }

    #[test]
    fn numbers_glued_to_letters_are_rejected() {
        for sql in ["1abc", "10ms", "1.5h", "0xZZ", "1x"] {
            let e = tokenize(sql).unwrap_err();
            assert_eq!(e.message, format!("unrecognized token: \"{sql}\""), "{sql}");
        }
    }

    #[test]
    fn string_escapes() {
        let sql = r#"'a\'b' "c\"d" 'it''s' 'x\ny\tz\\' 'p\%q\_r' '\x0aff' 'héllo 世界'"#;
        assert_eq!(
            kinds(sql),
            vec![
                Str("a'b".into()),
                Str("c\"d".into()),
                Str("it's".into()),
                Str("x\ny\tz\\".into()),
                Str("p\\%q\\_r".into()),
                Str("\\x0aff".into()),
                Str("héllo 世界".into()),
                Eof
            ]
        );
    }

    #[test]
    fn operators_and_comments() {
        assert_eq!(
            kinds("a<=b -- note\n<> != == >= /* block */ < > = ?;"),
            vec![Word("a".into()), LtEq, Word("b".into()), NotEq, NotEq, Eq, GtEq, Lt, Gt, Eq, Question, Semicolon, Eof]
        );
    }

    #[test]
    fn token_offsets_are_byte_positions() {
        let tokens = tokenize("é = ?").err();
        assert!(tokens.is_some(), "non-ASCII outside quotes is not a token");
        let tokens = tokenize("'é' = ?").unwrap();
        assert_eq!(tokens.iter().map(|t| t.start).collect::<Vec<_>>(), vec![0, 5, 7, 8]);
    }

    #[test]
    fn unterminated_things_are_unrecognized() {
        for (sql, rest) in [("select 'abc", "'abc"), ("x `ab", "`ab"), ("x ``", "``"), ("a /* b", "/* b"), ("a # b", "# b")] {
            assert_eq!(tokenize(sql).unwrap_err().message, format!("unrecognized token: \"{rest}\""), "{sql}");
        }
    }
}
