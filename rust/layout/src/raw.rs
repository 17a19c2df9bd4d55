//! Raw block → batch: the one transformation rows take on the read path, for query results
//! and TMQ messages alike.

use crate::batch::BatchEncoder;
use crate::LayoutError;
use tdflink_protocol::bytes_io::WireError;
use tdflink_protocol::columns::ColumnSchema;
use tdflink_protocol::decimal::format_decimal;
use tdflink_protocol::raw_block::{ucs4_to_utf8, RawBlockView};
use tdflink_protocol::types::{DataType, Precision};

/// Converts one raw block of a query result (docs/protocol.md §6) into a batch: the read
/// path's only transformation. NCHAR turns from UCS-4 into UTF-8, DECIMAL into decimal text,
/// bitmaps and offsets into per-row flags and lengths; fixed-width values are copied in bulk.
/// `names` are the result's column names, `precision` the unit of its timestamps.
pub fn from_raw_block(block: &RawBlockView<'_>, names: &[String], precision: Precision) -> Result<Vec<u8>, LayoutError> {
    if names.len() != block.columns.len() {
        let detail = format!("{} names for {} columns", names.len(), block.columns.len());
        return Err(LayoutError::server_data(WireError::new("raw block", detail)));
    }
    let rows = block.rows;
    let schema = block
        .columns
        .iter()
        .zip(names)
        .map(|(c, name)| {
            let field = c.field();
            let precision = match field.ty {
                DataType::Timestamp => precision.code(),
                _ => field.precision,
            };
            ColumnSchema { name: name.clone(), ty: field.ty, precision, scale: field.scale, bytes: field.bytes.max(0) as u32 }
        })
        .collect::<Vec<_>>();
    let mut encoder = BatchEncoder::new(rows, schema);
    let mut nulls = vec![0u8; rows];
    for column in &block.columns {
        for (row, flag) in nulls.iter_mut().enumerate() {
            *flag = u8::from(column.is_null(row));
        }
        let ty = column.field().ty;
        match (ty, column.fixed_values()) {
            (DataType::Decimal | DataType::Decimal64, _) => {
                let scale = column.field().scale;
                let texts: Vec<Option<String>> = column.values().map(|v| v.map(|b| format_decimal(unscaled(b), scale))).collect();
                let (lengths, data) = concat(texts.iter().map(|t| t.as_deref().map(str::as_bytes)));
                encoder.var_column(&nulls, &lengths, &data);
            }
            (_, Some(values)) => {
                let mut values = values.to_vec();
                let width = values.len() / rows.max(1);
                // NULL slots carry whatever the server left there; the batch layout says zeros.
                for row in (0..rows).filter(|r| nulls[*r] != 0) {
                    values[row * width..(row + 1) * width].fill(0);
                }
                encoder.fixed_column(&nulls, &values);
            }
            (DataType::NChar, None) => {
                let texts = column
                    .values()
                    .map(|v| v.map(ucs4_to_utf8).transpose())
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(LayoutError::server_data)?;
                let (lengths, data) = concat(texts.iter().map(|t| t.as_deref().map(str::as_bytes)));
                encoder.var_column(&nulls, &lengths, &data);
            }
            (_, None) => {
                let (lengths, data) = concat(column.values());
                encoder.var_column(&nulls, &lengths, &data);
            }
        }
    }
    Ok(encoder.finish())
}

/// A DECIMAL64 (8 bytes) or DECIMAL (16 bytes) little-endian unscaled value.
fn unscaled(bytes: &[u8]) -> i128 {
    match bytes.len() {
        8 => i128::from(i64::from_le_bytes(bytes.try_into().expect("8 bytes"))),
        _ => i128::from_le_bytes(bytes.try_into().expect("16 bytes")),
    }
}

/// Per-row lengths (0 for NULL) and the non-NULL values back to back.
fn concat<'b>(values: impl Iterator<Item = Option<&'b [u8]>>) -> (Vec<i32>, Vec<u8>) {
    let (mut lengths, mut data) = (Vec::new(), Vec::new());
    for value in values {
        let value = value.unwrap_or_default();
        lengths.push(value.len() as i32);
        data.extend_from_slice(value);
    }
    (lengths, data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_blocks_convert_with_nchar_decimal_and_nulls() {
        use tdflink_protocol::raw_block::{BlockField, ColumnBuilder, RawBlock, VERSION_QUERY};
        let mut ts = ColumnBuilder::new(BlockField::new(DataType::Timestamp, 8)).unwrap();
        let mut name = ColumnBuilder::new(BlockField::new(DataType::NChar, 18)).unwrap();
        let mut price = ColumnBuilder::new(BlockField::decimal(DataType::Decimal64, 10, 2)).unwrap();
        let mut big = ColumnBuilder::new(BlockField::decimal(DataType::Decimal, 30, 4)).unwrap();
        ts.push_fixed(&7i64.to_le_bytes()).unwrap();
        ts.push_null();
        name.push_nchar("電表é").unwrap();
        name.push_null();
        price.push_fixed(&(-1234i64).to_le_bytes()).unwrap();
        price.push_null();
        big.push_fixed(&(123_456_789_012_345_678_901_234i128).to_le_bytes()).unwrap();
        big.push_null();
        let raw = RawBlock::new(VERSION_QUERY, vec![ts, name, price, big]).encode().unwrap();
        let names: Vec<String> = ["ts", "name", "price", "big"].iter().map(|s| s.to_string()).collect();
        let bytes = from_raw_block(&RawBlockView::parse(&raw).unwrap(), &names, Precision::Nanosecond).unwrap();

        let batch = crate::batch::decode(&bytes).unwrap();
        assert_eq!(batch.rows, 2);
        assert_eq!(batch.columns[0].schema.precision, 2);
        assert_eq!(batch.columns[0].fixed(0), &7i64.to_le_bytes());
        assert_eq!(batch.columns[0].fixed(1), &[0u8; 8], "NULL slots are zeroed");
        let name_values: Vec<_> = batch.columns[1].var_values().collect();
        assert_eq!(name_values, vec![Some("電表é".as_bytes()), None]);
        assert_eq!(batch.columns[2].var_values().next().unwrap(), Some(&b"-12.34"[..]));
        assert_eq!((batch.columns[2].schema.precision, batch.columns[2].schema.scale), (10, 2));
        assert_eq!(batch.columns[3].var_values().next().unwrap(), Some(&b"12345678901234567890.1234"[..]));
        assert!(batch.columns[3].is_null(1));
    }

    #[test]
    fn names_must_match_the_columns() {
        let raw = tdflink_protocol::raw_block::RawBlock::new(tdflink_protocol::raw_block::VERSION_QUERY, vec![]).encode().unwrap();
        let view = RawBlockView::parse(&raw).unwrap();
        assert!(from_raw_block(&view, &["x".to_owned()], Precision::Millisecond).is_err());
    }
}
