//! Column and tag definitions: a name, a TDengine type and the per-column options.

use super::{Parser, Result};
use crate::sql::ast::{ColumnDef, DataTypeSpec};
use crate::sql::error::{SqlError, INVALID_TYPE_LENGTH};
use crate::sql::lexer::TokenKind;
use tdflink_protocol::types::DataType;

/// DECIMAL's widest precision; up to `DECIMAL64_MAX_PRECISION` digits fit the 8-byte form.
const DECIMAL_MAX_PRECISION: i128 = 38;
const DECIMAL64_MAX_PRECISION: u8 = 18;

fn type_for_name(name: &str) -> Option<DataType> {
    Some(match name {
        "timestamp" => DataType::Timestamp,
        "bool" => DataType::Bool,
        "tinyint" => DataType::TinyInt,
        "smallint" => DataType::SmallInt,
        "int" | "integer" => DataType::Int,
        "bigint" => DataType::BigInt,
        "float" => DataType::Float,
        "double" => DataType::Double,
        "binary" | "varchar" => DataType::VarChar,
        "nchar" => DataType::NChar,
        "json" => DataType::Json,
        "varbinary" => DataType::VarBinary,
        "geometry" => DataType::Geometry,
        "decimal" => DataType::Decimal,
        "blob" => DataType::Blob,
        "mediumblob" => DataType::MediumBlob,
        _ => return None,
    })
}

fn unsigned_of(ty: DataType) -> DataType {
    match ty {
        DataType::TinyInt => DataType::UTinyInt,
        DataType::SmallInt => DataType::USmallInt,
        DataType::Int => DataType::UInt,
        DataType::BigInt => DataType::UBigInt,
        other => other,
    }
}

impl Parser<'_> {
    /// `name type [PRIMARY KEY] [ENCODE '...'] [COMPRESS '...'] [LEVEL '...']`, the options in
    /// any order.
    pub(super) fn column_def(&mut self) -> Result<ColumnDef> {
        let name = self.identifier()?;
        let ty = self.data_type()?;
        let mut column = ColumnDef { name, ty, primary_key: false, encode: None, compress: None, level: None };
        loop {
            if self.eat_word("primary") {
                self.expect_word("key")?;
                column.primary_key = true;
            } else if self.eat_word("encode") {
                column.encode = Some(self.string()?);
            } else if self.eat_word("compress") {
                column.compress = Some(self.string()?);
            } else if self.eat_word("level") {
                column.level = Some(self.string()?);
            } else {
                return Ok(column);
            }
        }
    }

    fn data_type(&mut self) -> Result<DataTypeSpec> {
        let ty = match self.peek() {
            TokenKind::Word(name) => type_for_name(name),
            _ => None,
        }
        .ok_or_else(|| self.unexpected())?;
        self.advance();
        match ty {
            DataType::TinyInt | DataType::SmallInt | DataType::Int | DataType::BigInt => {
                let unsigned = self.eat_word("unsigned");
                Ok(DataTypeSpec::plain(if unsigned { unsigned_of(ty) } else { ty }))
            }
            DataType::VarChar | DataType::NChar | DataType::VarBinary | DataType::Geometry => {
                self.expect(&TokenKind::LParen)?;
                let width = self.type_argument("length", 1, u32::MAX.into(), ty)?;
                self.expect(&TokenKind::RParen)?;
                Ok(DataTypeSpec { width: Some(width as u32), ..DataTypeSpec::plain(ty) })
            }
            DataType::Decimal => self.decimal(),
            _ => Ok(DataTypeSpec::plain(ty)),
        }
    }

    /// `(precision[, scale])` after DECIMAL.
    fn decimal(&mut self) -> Result<DataTypeSpec> {
        self.expect(&TokenKind::LParen)?;
        let precision = self.type_argument("precision", 1, DECIMAL_MAX_PRECISION, DataType::Decimal)? as u8;
        let scale =
            if self.eat(&TokenKind::Comma) { self.type_argument("scale", 0, precision.into(), DataType::Decimal)? as u8 } else { 0 };
        self.expect(&TokenKind::RParen)?;
        let ty = if precision <= DECIMAL64_MAX_PRECISION { DataType::Decimal64 } else { DataType::Decimal };
        Ok(DataTypeSpec { ty, width: None, precision: Some(precision), scale: Some(scale) })
    }

    /// The integer `what` of type `ty`, within `min..=max`; a non-integer is a syntax error.
    fn type_argument(&mut self, what: &str, min: i128, max: i128, ty: DataType) -> Result<i128> {
        let TokenKind::Integer(value) = *self.peek() else {
            return Err(self.unexpected());
        };
        if !(min..=max).contains(&value) {
            return Err(SqlError::new(
                INVALID_TYPE_LENGTH,
                format!("Invalid {} {what}: {value}, valid range: [{min}, {max}]", ty.sql_name()),
            ));
        }
        self.advance();
        Ok(value)
    }
}
