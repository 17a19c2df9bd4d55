//! tdflink's batch layout: how rows cross the JNI boundary, one buffer per call.
//!
//! The layout is columnar and deliberately close to a stmt2 bind column (docs/protocol.md
//! §9.4), so the write path turns a batch into a stmt2 bind with little more than copies,
//! while Java reads it with bulk `ByteBuffer` gets. The byte-level definition is in
//! `docs/native-batch-layout.md`; `java/.../jni/NativeBatchReader` and `NativeBatchWriter`
//! implement the same layout on the Java side.

use crate::bytes_io::{Reader, WireError};
use crate::decimal::format_decimal;
use crate::raw_block::{ucs4_to_utf8, RawBlockView};
use crate::types::{DataType, Precision};
use std::fmt;

/// The four bytes every batch starts with.
pub const MAGIC: [u8; 4] = *b"TDFB";
/// The layout version this code writes and reads.
pub const VERSION: u16 = 1;
/// Size of the fixed header in front of the schema.
pub const HEADER_LEN: usize = 24;
/// Size of a schema entry with an empty name.
const SCHEMA_ENTRY_MIN: usize = 10;

/// One column of a batch schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnSchema {
    pub name: String,
    pub ty: DataType,
    /// TIMESTAMP: precision code (0 ms, 1 µs, 2 ns). DECIMAL: number of digits. Else 0.
    pub precision: u8,
    /// DECIMAL: digits after the point. Else 0.
    pub scale: u8,
    /// Declared width in bytes (as DESCRIBE shows it); informational.
    pub bytes: u32,
}

impl ColumnSchema {
    pub fn new(name: impl Into<String>, ty: DataType) -> Self {
        let bytes = ty.fixed_size().unwrap_or(0) as u32;
        ColumnSchema { name: name.into(), ty, precision: 0, scale: 0, bytes }
    }

    pub fn with_precision(mut self, precision: u8) -> Self {
        self.precision = precision;
        self
    }

    pub fn with_scale(mut self, scale: u8) -> Self {
        self.scale = scale;
        self
    }

    pub fn with_bytes(mut self, bytes: u32) -> Self {
        self.bytes = bytes;
        self
    }

    /// Width of one value in the batch, `None` if the column is variable-width. DECIMAL
    /// travels as a decimal string, so it is variable-width here although not on the wire.
    pub fn value_width(&self) -> Option<usize> {
        match self.ty {
            DataType::Decimal | DataType::Decimal64 => None,
            ty => ty.fixed_size(),
        }
    }
}

/// Why a buffer is not a valid batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchError(String);

impl BatchError {
    fn new(msg: impl Into<String>) -> Self {
        BatchError(msg.into())
    }
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid batch: {}", self.0)
    }
}

impl std::error::Error for BatchError {}

impl From<WireError> for BatchError {
    fn from(e: WireError) -> Self {
        BatchError(e.detail().to_owned())
    }
}

/// The values of one column inside a batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnData<'a> {
    /// `rows × width` little-endian values; NULL rows hold zeros.
    Fixed { width: usize, values: &'a [u8] },
    /// `lengths` holds `rows` little-endian i32 (0 for NULL); `data` the non-null values back to back.
    Var { lengths: &'a [u8], data: &'a [u8] },
}

/// A read-only view of one column.
#[derive(Clone, Debug)]
pub struct ColumnView<'a> {
    pub schema: ColumnSchema,
    /// One byte per row, 1 = NULL.
    pub nulls: &'a [u8],
    pub data: ColumnData<'a>,
}

impl<'a> ColumnView<'a> {
    pub fn is_null(&self, row: usize) -> bool {
        self.nulls[row] != 0
    }

    /// Fixed-width value bytes of `row`. Panics on a variable-width column.
    pub fn fixed(&self, row: usize) -> &'a [u8] {
        match self.data {
            ColumnData::Fixed { width, values } => &values[row * width..(row + 1) * width],
            ColumnData::Var { .. } => panic!("column {} is variable-width", self.schema.name),
        }
    }

    /// Iterates the variable-width values, `None` for NULL rows. Panics on a fixed-width column.
    pub fn var_values(&self) -> impl Iterator<Item = Option<&'a [u8]>> + '_ {
        let (lengths, data) = match self.data {
            ColumnData::Var { lengths, data } => (lengths, data),
            ColumnData::Fixed { .. } => panic!("column {} is fixed-width", self.schema.name),
        };
        let mut offset = 0usize;
        lengths.chunks_exact(4).zip(self.nulls).map(move |(len, &null)| {
            if null != 0 {
                return None;
            }
            let len = i32::from_le_bytes(len.try_into().unwrap()) as usize;
            let value = &data[offset..offset + len];
            offset += len;
            Some(value)
        })
    }
}

/// A decoded batch: a zero-copy view over the buffer it was read from.
#[derive(Clone, Debug)]
pub struct Batch<'a> {
    pub rows: usize,
    pub columns: Vec<ColumnView<'a>>,
}

impl<'a> Batch<'a> {
    /// Validates and decodes `buf`, which must hold exactly one batch.
    pub fn decode(buf: &'a [u8]) -> Result<Batch<'a>, BatchError> {
        let mut r = Reader::new(buf, "batch");
        if r.take(4)? != MAGIC {
            return Err(BatchError::new("bad magic"));
        }
        let version = r.u16()?;
        if version != VERSION {
            return Err(BatchError::new(format!("unsupported layout version {version}")));
        }
        let _flags = r.u16()?;
        let total = r.u32()? as usize;
        if total != buf.len() {
            return Err(BatchError::new(format!("length field {total} but buffer holds {}", buf.len())));
        }
        let rows = r.u32()? as usize;
        let cols = r.u32()? as usize;
        let _reserved = r.u32()?;
        // Checked before allocating: a schema entry takes at least SCHEMA_ENTRY_MIN bytes.
        if cols > r.remaining() / SCHEMA_ENTRY_MIN {
            return Err(BatchError::new(format!("{cols} columns cannot fit in {} bytes", buf.len())));
        }
        // Columns bound the row count by their sizes; without any, nothing would.
        if cols == 0 && rows > 0 {
            return Err(BatchError::new(format!("{rows} rows without columns")));
        }
        let mut schemas = Vec::with_capacity(cols);
        for _ in 0..cols {
            let code = r.u8()?;
            let ty = DataType::from_code(code)
                .filter(|t| *t != DataType::Null)
                .ok_or_else(|| BatchError::new(format!("unknown type code {code}")))?;
            let precision = r.u8()?;
            let scale = r.u8()?;
            let _flags = r.u8()?;
            let bytes = r.u32()?;
            let name_len = r.u16()? as usize;
            let name = std::str::from_utf8(r.take(name_len)?).map_err(|_| BatchError::new("column name is not UTF-8"))?.to_owned();
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
                        return Err(BatchError::new(format!("column {}: lengths add up to {sum}, data holds {data_len}", schema.name)));
                    }
                    ColumnData::Var { lengths, data: r.take(data_len)? }
                }
            };
            columns.push(ColumnView { schema, nulls, data });
        }
        if r.remaining() != 0 {
            return Err(BatchError::new(format!("{} trailing bytes", r.remaining())));
        }
        Ok(Batch { rows, columns })
    }
}

/// The sum of a variable-width column's lengths, each checked: readers slice the data by
/// them, so a negative length, or one on a NULL row (the layout says 0), must not get through.
fn length_sum(column: &str, nulls: &[u8], lengths: &[u8]) -> Result<usize, BatchError> {
    let mut sum = 0usize;
    for (row, (length, null)) in lengths.chunks_exact(4).zip(nulls).enumerate() {
        let length = i32::from_le_bytes(length.try_into().expect("chunks of 4"));
        if length < 0 || (*null != 0 && length != 0) {
            return Err(BatchError::new(format!("column {column}: length {length} at row {row}")));
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

/// Re-encodes a decoded batch. Used by the JNI self-test that proves Java and Rust agree on
/// the layout, and handy for tests.
pub fn encode_copy(batch: &Batch<'_>) -> Vec<u8> {
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

/// Converts one raw block of a query result (docs/protocol.md §6) into a batch: the read
/// path's only transformation. NCHAR turns from UCS-4 into UTF-8, DECIMAL into decimal text,
/// bitmaps and offsets into per-row flags and lengths; fixed-width values are copied in bulk.
/// `names` are the result's column names, `precision` the unit of its timestamps.
pub fn from_raw_block(block: &RawBlockView<'_>, names: &[String], precision: Precision) -> Result<Vec<u8>, WireError> {
    if names.len() != block.columns.len() {
        let detail = format!("{} names for {} columns", names.len(), block.columns.len());
        return Err(WireError::new("raw block", detail));
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
                let texts = column.values().map(|v| v.map(ucs4_to_utf8).transpose()).collect::<Result<Vec<_>, _>>()?;
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
        let batch = Batch::decode(&bytes).unwrap();
        assert_eq!(batch.rows, 3);
        assert_eq!(batch.columns[0].schema.precision, 2);
        assert_eq!(batch.columns[0].fixed(1), &2i64.to_le_bytes());
        assert!(batch.columns[0].is_null(2));
        let names: Vec<_> = batch.columns[1].var_values().collect();
        assert_eq!(names, vec![Some("héllo".as_bytes()), None, Some("€€".as_bytes())]);
        assert_eq!(encode_copy(&batch), bytes);
    }

    #[test]
    fn rejects_damage() {
        let mut bytes = sample();
        assert!(Batch::decode(&bytes[..bytes.len() - 1]).is_err());
        bytes[0] = b'X';
        assert!(Batch::decode(&bytes).unwrap_err().to_string().contains("magic"));
        let mut bytes = sample();
        bytes[4] = 9;
        assert!(Batch::decode(&bytes).unwrap_err().to_string().contains("version"));
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
        assert!(Batch::decode(&var_batch([0, 0], [2, 1], b"abc")).is_ok());
        let e = Batch::decode(&var_batch([0, 0], [-1, 1], b"x")).unwrap_err().to_string();
        assert!(e.contains("length -1 at row 0"), "{e}");
        let e = Batch::decode(&var_batch([1, 0], [1, 0], b"x")).unwrap_err().to_string();
        assert!(e.contains("length 1 at row 0"), "{e}");
    }

    /// Found by batch_props: a huge column count sized the schema vector before any check.
    #[test]
    fn counts_are_bounded_by_the_buffer() {
        let mut bytes = BatchEncoder::new(0, vec![]).finish();
        bytes[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Batch::decode(&bytes).unwrap_err().to_string().contains("columns cannot fit"));
        bytes[16..20].copy_from_slice(&0u32.to_le_bytes());
        bytes[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Batch::decode(&bytes).unwrap_err().to_string().contains("rows without columns"));
    }

    #[test]
    fn empty_batch() {
        let bytes = BatchEncoder::new(0, vec![]).finish();
        assert_eq!(bytes.len(), HEADER_LEN);
        assert_eq!(Batch::decode(&bytes).unwrap().rows, 0);
    }

    #[test]
    fn raw_blocks_convert_with_nchar_decimal_and_nulls() {
        use crate::raw_block::{BlockField, ColumnBuilder, RawBlock, VERSION_QUERY};
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

        let batch = Batch::decode(&bytes).unwrap();
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
        let raw = crate::raw_block::RawBlock::new(crate::raw_block::VERSION_QUERY, vec![]).encode().unwrap();
        let view = RawBlockView::parse(&raw).unwrap();
        assert!(from_raw_block(&view, &["x".to_owned()], Precision::Millisecond).is_err());
    }
}
