//! The model's rows in each wire form, and the bytes each decoder must hand back per value.

use crate::model::{Cell, Column, Table};
use tdflink_protocol::columns::{ColumnSchema, OwnedBatch};
use tdflink_protocol::decimal::format_decimal;
use tdflink_protocol::raw_block::{utf8_to_ucs4, BlockField, ColumnBuilder, RawBlock};
use tdflink_protocol::stmt2::{has_lengths, BindColumn};
use tdflink_protocol::types::DataType;

/// A value as a raw block holds it: fixed-width bytes (DECIMAL unscaled, 8 or 16 bytes),
/// NCHAR as UCS-4, other text as UTF-8.
pub fn raw_value(ty: DataType, cell: &Cell) -> Vec<u8> {
    match cell {
        Cell::Fixed(b) | Cell::Bytes(b) => b.clone(),
        Cell::Text(s) if ty == DataType::NChar => utf8_to_ucs4(s),
        Cell::Text(s) => s.as_bytes().to_vec(),
        Cell::Decimal(v) if ty == DataType::Decimal64 => (*v as i64).to_le_bytes().to_vec(),
        Cell::Decimal(v) => v.to_le_bytes().to_vec(),
    }
}

/// A value as a batch (and a stmt2 bind) holds it: text as UTF-8, DECIMAL as decimal text.
pub fn batch_value(column: &Column, cell: &Cell) -> Vec<u8> {
    match cell {
        Cell::Fixed(b) | Cell::Bytes(b) => b.clone(),
        Cell::Text(s) => s.as_bytes().to_vec(),
        Cell::Decimal(v) => format_decimal(*v, column.scale).into_bytes(),
    }
}

fn block_field(c: &Column) -> BlockField {
    match (c.ty, c.ty.fixed_size()) {
        (DataType::Decimal | DataType::Decimal64, _) => BlockField::decimal(c.ty, c.precision, c.scale),
        (_, Some(width)) => BlockField::new(c.ty, width as i32),
        // A declared width the values fit in, as VARCHAR(n) gives n + 2.
        (_, None) => BlockField::new(c.ty, 4 * 64 + 2),
    }
}

/// The table as one raw block of header `version`.
pub fn raw_block(table: &Table, version: i32) -> Vec<u8> {
    let columns = table
        .columns
        .iter()
        .map(|c| {
            let mut builder = ColumnBuilder::new(block_field(c)).expect("model columns are never NULL-typed");
            for cell in &c.cells {
                let pushed = match cell {
                    None => {
                        builder.push_null();
                        Ok(())
                    }
                    Some(cell) if c.ty.is_var_width() => builder.push_var(&raw_value(c.ty, cell)),
                    Some(cell) => builder.push_fixed(&raw_value(c.ty, cell)),
                };
                pushed.expect("model values fit their columns");
            }
            builder
        })
        .collect();
    RawBlock::new(version, columns).encode().expect("model tables are small")
}

pub fn batch_schema(c: &Column) -> ColumnSchema {
    ColumnSchema::new(c.name.clone(), c.ty).with_precision(c.precision).with_scale(c.scale)
}

/// The table as one batch (the JNI layout encodes it as docs/native-batch-layout.md says).
pub fn batch(table: &Table) -> OwnedBatch {
    table.columns.iter().fold(OwnedBatch::new(table.rows), |batch, c| {
        let nulls: Vec<u8> = c.cells.iter().map(|v| u8::from(v.is_none())).collect();
        match batch_schema(c).value_width() {
            Some(width) => {
                let values: Vec<u8> = c.cells.iter().flat_map(|v| v.as_ref().map_or(vec![0; width], |v| batch_value(c, v))).collect();
                batch.fixed(batch_schema(c), &nulls, &values)
            }
            None => {
                let values: Vec<Vec<u8>> = c.cells.iter().map(|v| v.as_ref().map_or(vec![], |v| batch_value(c, v))).collect();
                let lengths: Vec<i32> = values.iter().map(|v| v.len() as i32).collect();
                batch.var(batch_schema(c), &nulls, &lengths, &values.concat())
            }
        }
    })
}

/// One column as a stmt2 bind column holds it (docs/protocol.md §9.4): NULL flags, lengths for the types that
/// have them, and the values (fixed-width: every row's slot, NULL rows zeroed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindParts {
    pub ty: DataType,
    pub nulls: Vec<u8>,
    pub lengths: Option<Vec<u8>>,
    pub buffer: Vec<u8>,
}

impl BindParts {
    pub fn of(c: &Column) -> BindParts {
        let nulls = c.cells.iter().map(|v| u8::from(v.is_none())).collect();
        if !has_lengths(c.ty) {
            let width = c.ty.fixed_size().expect("types without lengths are fixed-width");
            let buffer = c.cells.iter().flat_map(|v| v.as_ref().map_or(vec![0; width], |v| batch_value(c, v))).collect();
            return BindParts { ty: c.ty, nulls, lengths: None, buffer };
        }
        let values: Vec<Vec<u8>> = c.cells.iter().map(|v| v.as_ref().map_or(vec![], |v| batch_value(c, v))).collect();
        let lengths = values.iter().flat_map(|v| (v.len() as i32).to_le_bytes()).collect();
        BindParts { ty: c.ty, nulls, lengths: Some(lengths), buffer: values.concat() }
    }

    pub fn column(&self) -> BindColumn<'_> {
        BindColumn::new(self.ty, &self.nulls, self.lengths.as_deref(), &self.buffer).expect("consistent by construction")
    }
}
