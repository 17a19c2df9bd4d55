//! Declared column and tag types, and how TDengine shows them (DESCRIBE, information_schema,
//! result metadata).

use super::result::ResultColumn;
use crate::sql::ast::DataTypeSpec;
use tdflink_protocol::types::DataType;

/// What a JSON tag reports as its width: (16384 - 2) / 4 characters, as TDengine shows it.
const JSON_WIDTH: u32 = 4095;
/// TDengine's stored size of a JSON tag.
const JSON_RAW_BYTES: i32 = 16384;
/// The header every variable-width value carries in TDengine's schema byte counts.
const VAR_HEADER: i32 = 2;

/// A column's type with its declared parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColType {
    pub ty: DataType,
    /// The declared length of VARCHAR, NCHAR (characters), VARBINARY and GEOMETRY; 0 otherwise.
    pub width: u32,
    /// DECIMAL's total digits; 0 otherwise.
    pub precision: u8,
    /// DECIMAL's digits after the point; 0 otherwise.
    pub scale: u8,
}

impl ColType {
    /// A type without parameters (numbers, BOOL, TIMESTAMP, JSON).
    pub const fn plain(ty: DataType) -> ColType {
        ColType { ty, width: 0, precision: 0, scale: 0 }
    }

    pub const fn var(ty: DataType, width: u32) -> ColType {
        ColType { ty, width, precision: 0, scale: 0 }
    }

    pub fn from_spec(spec: &DataTypeSpec) -> ColType {
        ColType { ty: spec.ty, width: spec.width.unwrap_or(0), precision: spec.precision.unwrap_or(0), scale: spec.scale.unwrap_or(0) }
    }

    pub fn is_decimal(&self) -> bool {
        matches!(self.ty, DataType::Decimal | DataType::Decimal64)
    }

    /// The width users see: the declared length of variable types, else the value size.
    pub fn bytes(&self) -> u32 {
        match self.ty {
            DataType::Json => JSON_WIDTH,
            ty => ty.fixed_size().map_or(self.width, |size| size as u32),
        }
    }

    /// TDengine's internal schema size (`SSchema.bytes`): variable types include a 2-byte
    /// length header and NCHAR counts 4 bytes a character. information_schema shows this.
    pub fn raw_bytes(&self) -> i32 {
        match self.ty {
            DataType::NChar => self.width as i32 * 4 + VAR_HEADER,
            DataType::Json => JSON_RAW_BYTES,
            ty if ty.is_var_width() => self.width as i32 + VAR_HEADER,
            _ => self.bytes() as i32,
        }
    }

    /// The type as DESCRIBE names it: the bare type name, DECIMAL with its parameters.
    pub fn describe_name(&self) -> String {
        if self.is_decimal() {
            format!("DECIMAL({}, {})", self.precision, self.scale)
        } else {
            self.ty.sql_name().to_owned()
        }
    }

    /// The type as information_schema names it: VARCHAR and NCHAR also show their length.
    pub fn catalog_name(&self) -> String {
        match self.ty {
            DataType::VarChar | DataType::NChar => format!("{}({})", self.ty.sql_name(), self.width),
            _ => self.describe_name(),
        }
    }

    pub fn result_column(&self, name: impl Into<String>) -> ResultColumn {
        ResultColumn { name: name.into(), ty: self.ty, bytes: self.bytes(), precision: self.precision, scale: self.scale }
    }
}

/// TDengine's longest table name; `tbname` is a VARCHAR of this width.
pub const TABLE_NAME_WIDTH: u32 = 192;

/// The `tbname` pseudo column.
pub fn tbname_field() -> Field {
    Field { name: "tbname".to_owned(), ty: ColType::var(DataType::VarChar, TABLE_NAME_WIDTH) }
}

/// A named column or tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub ty: ColType,
}

/// The columns (first one the timestamp key) and, for a supertable, the tags of a table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schema {
    pub columns: Vec<Field>,
    pub tags: Vec<Field>,
}

impl Schema {
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|f| f.name == name)
    }

    pub fn tag_index(&self, name: &str) -> Option<usize> {
        self.tags.iter().position(|f| f.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_and_names_follow_tdengine() {
        let nchar = ColType::var(DataType::NChar, 10);
        assert_eq!((nchar.bytes(), nchar.raw_bytes()), (10, 42));
        assert_eq!(nchar.catalog_name(), "NCHAR(10)");
        assert_eq!(nchar.describe_name(), "NCHAR");
        let varchar = ColType::var(DataType::VarChar, 24);
        assert_eq!((varchar.bytes(), varchar.raw_bytes()), (24, 26));
        let int = ColType::plain(DataType::UInt);
        assert_eq!((int.bytes(), int.raw_bytes(), int.catalog_name().as_str()), (4, 4, "INT UNSIGNED"));
        let json = ColType::plain(DataType::Json);
        assert_eq!((json.bytes(), json.raw_bytes()), (4095, 16384));
        let decimal = ColType { ty: DataType::Decimal64, width: 0, precision: 10, scale: 2 };
        assert_eq!((decimal.bytes(), decimal.describe_name().as_str()), (8, "DECIMAL(10, 2)"));
    }
}
