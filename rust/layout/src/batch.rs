//! tdflink's batch layout: how rows cross the JNI boundary, one buffer per call.
//!
//! The layout is columnar and deliberately close to a stmt2 bind column (docs/protocol.md
//! §9.4), so a decoded batch is a [`Batch`] view over the buffer, which the client binds with
//! little more than copies, while Java reads it with bulk `ByteBuffer` gets. The byte-level
//! definition is in `docs/native-batch-layout.md`; `java/.../jni/NativeBatchReader` and
//! `NativeBatchWriter` implement the same layout on the Java side.

use crate::LayoutError;
use tdflink_protocol::bytes_io::Reader;
use tdflink_protocol::columns::{Batch, ColumnData, ColumnSchema, ColumnView};
use tdflink_protocol::types::DataType;

/// The four bytes every batch starts with.
pub const MAGIC: [u8; 4] = *b"TDFB";
/// The layout version this code writes and reads.
pub const VERSION: u16 = 1;
/// Size of the fixed header in front of the schema.
pub const HEADER_LEN: usize = 24;
/// Size of a schema entry with an empty name.
const SCHEMA_ENTRY_MIN: usize = 10;

/// Validates and decodes `buf`, which must hold exactly one batch; the batch borrows it.
pub fn decode(buf: &[u8]) -> Result<Batch<'_>, LayoutError> {
    let mut r = Reader::new(buf, "batch");
    if r.take(4)? != MAGIC {
        return Err(LayoutError::invalid("bad magic"));
    }
    let version = r.u16()?;
    if version != VERSION {
        return Err(LayoutError::invalid(format!("unsupported layout version {version}")));
    }
    let _flags = r.u16()?;
    let total = r.u32()? as usize;
    if total != buf.len() {
        return Err(LayoutError::invalid(format!("length field {total} but buffer holds {}", buf.len())));
    }
    let rows = r.u32()? as usize;
    let cols = r.u32()? as usize;
    let _reserved = r.u32()?;
    // Checked before allocating: a schema entry takes at least SCHEMA_ENTRY_MIN bytes.
    if cols > r.remaining() / SCHEMA_ENTRY_MIN {
        return Err(LayoutError::invalid(format!("{cols} columns cannot fit in {} bytes", buf.len())));
    }
    // Columns bound the row count by their sizes; without any, nothing would.
    if cols == 0 && rows > 0 {
        return Err(LayoutError::invalid(format!("{rows} rows without columns")));
    }
    let mut schemas = Vec::with_capacity(cols);
    for _ in 0..cols {
        let code = r.u8()?;
        let ty = DataType::from_code(code)
            .filter(|t| *t != DataType::Null)
            .ok_or_else(|| LayoutError::invalid(format!("unknown type code {code}")))?;
        let precision = r.u8()?;
        let scale = r.u8()?;
        let _flags = r.u8()?;
        let bytes = r.u32()?;
        let name_len = r.u16()? as usize;
        let name = std::str::from_utf8(r.take(name_len)?).map_err(|_| LayoutError::invalid("column name is not UTF-8"))?.to_owned();
        schemas.push(ColumnSchema { name, ty, precision, scale, bytes });
    }
    let mut columns = Vec::with_capacity(cols);
    for schema in schemas {
        let nulls = r.take(rows)?;
        let data = match schema.value_width() {
            Some(width) => ColumnData::Fixed { width, values: r.take(rows * width)? },
            None => {
                let lengths = r.take(rows * 4)?;
                let data_len = r.u32()? as usize;
                let sum = length_sum(&schema.name, nulls, lengths)?;
                if sum != data_len {
                    return Err(LayoutError::invalid(format!("column {}: lengths add up to {sum}, data holds {data_len}", schema.name)));
                }
                ColumnData::Var { lengths, data: r.take(data_len)? }
            }
        };
        columns.push(ColumnView { schema, nulls, data });
    }
    if r.remaining() != 0 {
        return Err(LayoutError::invalid(format!("{} trailing bytes", r.remaining())));
    }
    Ok(Batch { rows, columns })
}

/// The sum of a variable-width column's lengths, each checked: readers slice the data by
/// them, so a negative length, or one on a NULL row (the layout says 0), must not get through.
fn length_sum(column: &str, nulls: &[u8], lengths: &[u8]) -> Result<usize, LayoutError> {
    let mut sum = 0usize;
    for (row, (length, null)) in lengths.chunks_exact(4).zip(nulls).enumerate() {
        let length = i32::from_le_bytes(length.try_into().expect("chunks of 4"));
        if length < 0 || (*null != 0 && length != 0) {
            return Err(LayoutError::invalid(format!("column {column}: length {length} at row {row}")));
        }
        sum += length as usize;
    }
    Ok(sum)
}

/// Builds one batch column by column, in schema order.
pub struct BatchEncoder {
    buf: Vec<u8>,
    rows: usize,
    schema: Vec<ColumnSchema>,
    next_column: usize,
}

impl BatchEncoder {
    /// Writes the header and schema; the columns follow through `fixed_column`/`var_column`.
    pub fn new(rows: usize, schema: Vec<ColumnSchema>) -> Self {
        let mut buf = Vec::with_capacity(HEADER_LEN + schema.len() * 32);
        buf.extend_from_slice(&MAGIC);
        buf.extend_from_slice(&VERSION.to_le_bytes());
        buf.extend_from_slice(&0u16.to_le_bytes());
        buf.extend_from_slice(&0u32.to_le_bytes()); // total length, patched in finish()
        buf.extend_from_slice(&(rows as u32).to_le_bytes());
        buf.extend_from_slice(&(schema.len() as u32).to_le_bytes());
        buf.extend_from_slice(&0u32.to_le_bytes());
        for c in &schema {
            buf.push(c.ty.code());
            buf.push(c.precision);
            buf.push(c.scale);
            buf.push(0);
            buf.extend_from_slice(&c.bytes.to_le_bytes());
            buf.extend_from_slice(&(c.name.len() as u16).to_le_bytes());
            buf.extend_from_slice(c.name.as_bytes());
        }
        BatchEncoder { buf, rows, schema, next_column: 0 }
    }

    fn begin_column(&mut self, nulls: &[u8], fixed: bool) -> &ColumnSchema {
        let schema = self.schema.get(self.next_column).expect("more columns than the schema declares");
        assert_eq!(nulls.len(), self.rows, "column {}: null flags for every row", schema.name);
        assert_eq!(schema.value_width().is_some(), fixed, "column {}: wrong width kind", schema.name);
        self.next_column += 1;
        self.buf.extend_from_slice(nulls);
        &self.schema[self.next_column - 1]
    }

    /// Appends a fixed-width column: one null flag and one `width`-byte value per row.
    pub fn fixed_column(&mut self, nulls: &[u8], values: &[u8]) {
        let width = self.begin_column(nulls, true).value_width().unwrap();
        assert_eq!(values.len(), self.rows * width);
        self.buf.extend_from_slice(values);
    }

    /// Appends a variable-width column: per row a null flag and a byte length, then the data.
    pub fn var_column(&mut self, nulls: &[u8], lengths: &[i32], data: &[u8]) {
        self.begin_column(nulls, false);
        assert_eq!(lengths.len(), self.rows);
        debug_assert_eq!(lengths.iter().map(|l| *l as usize).sum::<usize>(), data.len());
        for l in lengths {
            self.buf.extend_from_slice(&l.to_le_bytes());
        }
        self.buf.extend_from_slice(&(data.len() as u32).to_le_bytes());
        self.buf.extend_from_slice(data);
    }

    /// Completes the batch. Panics if a column is missing.
    pub fn finish(mut self) -> Vec<u8> {
        assert_eq!(self.next_column, self.schema.len(), "every schema column must be written");
        let total = self.buf.len() as u32;
        self.buf[8..12].copy_from_slice(&total.to_le_bytes());
        self.buf
    }
}

/// Encodes a batch: what a parameter batch and the JNI self-test (which proves Java and Rust
/// agree on the layout) send to Java.
pub fn encode(batch: &Batch<'_>) -> Vec<u8> {
    let schema = batch.columns.iter().map(|c| c.schema.clone()).collect();
    let mut enc = BatchEncoder::new(batch.rows, schema);
    for c in &batch.columns {
        match c.data {
            ColumnData::Fixed { values, .. } => enc.fixed_column(c.nulls, values),
            ColumnData::Var { lengths, data } => {
                let lengths: Vec<i32> = lengths.chunks_exact(4).map(|l| i32::from_le_bytes(l.try_into().unwrap())).collect();
                enc.var_column(c.nulls, &lengths, data)
            }
        }
    }
    enc.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let schema = vec![
            ColumnSchema::new("ts", DataType::Timestamp).with_precision(2),
            ColumnSchema::new("name", DataType::NChar).with_bytes(20),
            ColumnSchema::new("price", DataType::Decimal).with_precision(10).with_scale(2),
        ];
        let mut enc = BatchEncoder::new(3, schema);
        let ts: Vec<u8> = [1i64, 2, 0].iter().flat_map(|v| v.to_le_bytes()).collect();
        enc.fixed_column(&[0, 0, 1], &ts);
        enc.var_column(&[0, 1, 0], &[6, 0, 6], "héllo€€".as_bytes());
        enc.var_column(&[1, 0, 0], &[0, 4, 5], b"1.50-2.25");
        enc.finish()
    }

    #[test]
    fn round_trip() {
        let bytes = sample();
        let batch = decode(&bytes).unwrap();
        assert_eq!(batch.rows, 3);
        assert_eq!(batch.columns[0].schema.precision, 2);
        assert_eq!(batch.columns[0].fixed(1), &2i64.to_le_bytes());
        assert!(batch.columns[0].is_null(2));
        let names: Vec<_> = batch.columns[1].var_values().collect();
        assert_eq!(names, vec![Some("héllo".as_bytes()), None, Some("€€".as_bytes())]);
        assert_eq!(encode(&batch), bytes);
    }

    #[test]
    fn rejects_damage() {
        let mut bytes = sample();
        assert!(decode(&bytes[..bytes.len() - 1]).is_err());
        bytes[0] = b'X';
        assert!(decode(&bytes).unwrap_err().to_string().contains("magic"));
        let mut bytes = sample();
        bytes[4] = 9;
        assert!(decode(&bytes).unwrap_err().to_string().contains("version"));
    }

    /// A two-row VARCHAR batch with the lengths and data given, consistent or not.
    fn var_batch(nulls: [u8; 2], lengths: [i32; 2], data: &[u8]) -> Vec<u8> {
        let mut enc = BatchEncoder::new(2, vec![ColumnSchema::new("v", DataType::VarChar)]);
        enc.var_column(&[1, 1], &[0, 0], &[]);
        let mut bytes = enc.finish();
        bytes.truncate(bytes.len() - 2 - 8 - 4); // the column goes; header and schema stay
        bytes.extend(nulls);
        lengths.iter().for_each(|l| bytes.extend(l.to_le_bytes()));
        bytes.extend((data.len() as u32).to_le_bytes());
        bytes.extend(data);
        let total = bytes.len() as u32;
        bytes[8..12].copy_from_slice(&total.to_le_bytes());
        bytes
    }

    /// Found by batch_props: a negative length passed as 0 in the sum, then was sliced as a
    /// huge one; a NULL row's length shifted the next rows' values.
    #[test]
    fn rejects_negative_and_null_lengths() {
        assert!(decode(&var_batch([0, 0], [2, 1], b"abc")).is_ok());
        let e = decode(&var_batch([0, 0], [-1, 1], b"x")).unwrap_err().to_string();
        assert!(e.contains("length -1 at row 0"), "{e}");
        let e = decode(&var_batch([1, 0], [1, 0], b"x")).unwrap_err().to_string();
        assert!(e.contains("length 1 at row 0"), "{e}");
    }

    /// Found by batch_props: a huge column count sized the schema vector before any check.
    #[test]
    fn counts_are_bounded_by_the_buffer() {
        let mut bytes = BatchEncoder::new(0, vec![]).finish();
        bytes[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode(&bytes).unwrap_err().to_string().contains("columns cannot fit"));
        bytes[16..20].copy_from_slice(&0u32.to_le_bytes());
        bytes[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode(&bytes).unwrap_err().to_string().contains("rows without columns"));
    }

    #[test]
    fn empty_batch() {
        let bytes = BatchEncoder::new(0, vec![]).finish();
        assert_eq!(bytes.len(), HEADER_LEN);
        assert_eq!(decode(&bytes).unwrap().rows, 0);
    }
}
