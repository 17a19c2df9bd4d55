//! Encodes result rows as TDengine raw blocks (docs/protocol.md §6), the unit every fetch
//! path sends. The column's declared type decides the encoding, so a value of the wrong
//! storage class is an engine bug reported as an error, never silently converted.

use crate::engine::{fixed_value, ResultColumn, Value};
use tdflink_protocol::bytes_io::WireError;
use tdflink_protocol::raw_block::{BlockField, ColumnBuilder, RawBlock, VERSION_QUERY, VERSION_TMQ};
use tdflink_protocol::types::DataType;

/// Rows per block, as libtaos typically returns them.
pub const ROWS_PER_BLOCK: usize = 4096;

/// The block field (schema entry) of a result column: the internal widths of docs/protocol.md §6.2.
pub fn block_field(column: &ResultColumn) -> BlockField {
    use DataType::*;
    match column.ty {
        Decimal | Decimal64 => BlockField::decimal(column.ty, column.precision, column.scale),
        VarChar | VarBinary | Geometry => BlockField::new(column.ty, column.bytes as i32 + 2),
        NChar => BlockField::new(column.ty, column.bytes as i32 * 4 + 2),
        Json => BlockField::new(column.ty, 16384),
        Blob | MediumBlob => BlockField::new(column.ty, column.bytes as i32 + 4),
        ty => BlockField::new(ty, ty.fixed_size().unwrap_or(0) as i32),
    }
}

/// Encodes `rows` (all of the same width as `columns`) as one query-result block.
pub fn encode(columns: &[ResultColumn], rows: &[Vec<Value>]) -> Result<Vec<u8>, WireError> {
    RawBlock::new(VERSION_QUERY, builders(columns, rows)?).encode()
}

/// Encodes `rows` as a block of a TMQ data message: libtaos' TMQ header version and taosd's
/// trailing blankFill byte, which the JDBC driver skips unconditionally.
pub fn encode_tmq(columns: &[ResultColumn], rows: &[Vec<Value>]) -> Result<Vec<u8>, WireError> {
    let mut block = RawBlock::new(VERSION_TMQ, builders(columns, rows)?);
    block.blank_fill = true;
    block.encode()
}

fn builders(columns: &[ResultColumn], rows: &[Vec<Value>]) -> Result<Vec<ColumnBuilder>, WireError> {
    let mut builders = Vec::with_capacity(columns.len());
    for (c, column) in columns.iter().enumerate() {
        let mut builder = ColumnBuilder::new(block_field(column))?;
        for row in rows {
            push(&mut builder, column.ty, &row[c])?;
        }
        builders.push(builder);
    }
    Ok(builders)
}

fn push(builder: &mut ColumnBuilder, ty: DataType, value: &Value) -> Result<(), WireError> {
    use DataType::*;
    match (ty, value) {
        (_, Value::Null) => {
            builder.push_null();
            Ok(())
        }
        (Bool, Value::Bool(b)) => builder.push_fixed(&[*b as u8]),
        (TinyInt, Value::Int(v)) => builder.push_fixed(&(*v as i8).to_le_bytes()),
        (SmallInt, Value::Int(v)) => builder.push_fixed(&(*v as i16).to_le_bytes()),
        (Int, Value::Int(v)) => builder.push_fixed(&(*v as i32).to_le_bytes()),
        (BigInt, Value::Int(v)) => builder.push_fixed(&v.to_le_bytes()),
        (UTinyInt, Value::UInt(v)) => builder.push_fixed(&(*v as u8).to_le_bytes()),
        (USmallInt, Value::UInt(v)) => builder.push_fixed(&(*v as u16).to_le_bytes()),
        (UInt, Value::UInt(v)) => builder.push_fixed(&(*v as u32).to_le_bytes()),
        (UBigInt, Value::UInt(v)) => builder.push_fixed(&v.to_le_bytes()),
        (Float, Value::Float(v)) => builder.push_fixed(&(*v as f32).to_le_bytes()),
        (Double, Value::Float(v)) => builder.push_fixed(&v.to_le_bytes()),
        (Timestamp, Value::Timestamp(v)) => builder.push_fixed(&v.to_le_bytes()),
        (Decimal64, Value::Decimal { unscaled, .. }) => builder.push_fixed(&(*unscaled as i64).to_le_bytes()),
        (Decimal, Value::Decimal { unscaled, .. }) => builder.push_fixed(&unscaled.to_le_bytes()),
        (NChar, Value::Text(s)) => builder.push_nchar(s),
        (VarChar | Json, Value::Text(s)) => builder.push_var(s.as_bytes()),
        (VarChar | VarBinary | Geometry | Blob | MediumBlob, Value::Bytes(b)) => builder.push_var(b),
        (ty, value) => Err(WireError::new("result value", format!("{value:?} in a {ty} column"))),
    }
}

/// The values of every column of a raw block (column-major), for stmt v1 binary binds.
pub fn decode_columns(view: &tdflink_protocol::raw_block::RawBlockView<'_>) -> Result<Vec<Vec<Value>>, WireError> {
    view.columns
        .iter()
        .map(|column| {
            let field = column.field();
            column.values().map(|v| v.map_or(Ok(Value::Null), |b| decode_value(field.ty, field.scale, b))).collect()
        })
        .collect()
}

fn decode_value(ty: DataType, scale: u8, b: &[u8]) -> Result<Value, WireError> {
    use DataType::*;
    if let Some(value) = fixed_value(ty, b) {
        return Ok(value);
    }
    Ok(match ty {
        Decimal64 => Value::Decimal { unscaled: i128::from(i64::from_le_bytes(b.try_into().unwrap())), scale },
        Decimal => Value::Decimal { unscaled: i128::from_le_bytes(b.try_into().unwrap()), scale },
        NChar => Value::Text(tdflink_protocol::raw_block::ucs4_to_utf8(b)?),
        VarChar | Json => match std::str::from_utf8(b) {
            Ok(s) => Value::Text(s.to_owned()),
            Err(_) => Value::Bytes(b.to_vec()),
        },
        Null => Value::Null,
        _ => Value::Bytes(b.to_vec()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tdflink_protocol::raw_block::RawBlockView;

    #[test]
    fn encodes_every_storage_class() {
        let columns = vec![
            ResultColumn::new("ts", DataType::Timestamp, 8),
            ResultColumn::new("u", DataType::UBigInt, 8),
            ResultColumn::new("n", DataType::NChar, 4),
            ResultColumn::new("j", DataType::Json, 4095),
        ];
        let rows = vec![
            vec![Value::Timestamp(7), Value::UInt(u64::MAX), Value::Text("hé".into()), Value::Text("{}".into())],
            vec![Value::Timestamp(8), Value::Null, Value::Null, Value::Null],
        ];
        let bytes = encode(&columns, &rows).unwrap();
        let view = RawBlockView::parse(&bytes).unwrap();
        assert_eq!(view.rows, 2);
        assert_eq!(view.columns[1].value(0), Some(&u64::MAX.to_le_bytes()[..]));
        assert!(view.columns[2].is_null(1));
    }

    #[test]
    fn blocks_decode_back_to_values() {
        let decimal = ResultColumn { precision: 10, scale: 2, ..ResultColumn::new("d", DataType::Decimal64, 8) };
        let columns = vec![ResultColumn::new("i", DataType::SmallInt, 2), ResultColumn::new("n", DataType::NChar, 4), decimal];
        let rows = vec![
            vec![Value::Int(-5), Value::Text("電表".into()), Value::Decimal { unscaled: -1234, scale: 2 }],
            vec![Value::Null, Value::Null, Value::Null],
        ];
        let bytes = encode(&columns, &rows).unwrap();
        let decoded = decode_columns(&RawBlockView::parse(&bytes).unwrap()).unwrap();
        assert_eq!(decoded[0], vec![Value::Int(-5), Value::Null]);
        assert_eq!(decoded[1][0], Value::Text("電表".into()));
        assert_eq!(decoded[2][0], Value::Decimal { unscaled: -1234, scale: 2 });
    }

    #[test]
    fn a_wrong_storage_class_is_an_error() {
        let columns = vec![ResultColumn::new("i", DataType::Int, 4)];
        assert!(encode(&columns, &[vec![Value::Text("x".into())]]).is_err());
    }
}
