//! The TDengine raw block (docs/protocol.md §6): the column-major unit of result data in
//! fetch responses, raw writes and TMQ raw data.
//!
//! `RawBlock` encodes columns built row by row with `ColumnBuilder`; `RawBlockView` decodes
//! without copying. The view validates every length and offset up front, so its accessors
//! cannot fail or read out of bounds afterwards.

use crate::bytes_io::{i32_at, patch_u32, Reader, WireError};
use crate::types::DataType;
use bytes::BufMut;

/// Size of the fixed header in front of the column schema.
pub const HEADER_LEN: usize = 28;
/// Header version of blocks in query results.
pub const VERSION_QUERY: i32 = 1;
/// Header version of blocks inside TMQ raw data (docs/protocol.md §10.6).
pub const VERSION_TMQ: i32 = 2;
/// The "has column segment" flag value taosd writes (readers ignore the flag).
pub const FLAG_TAOSD: u32 = 0x8000_0000;

const WHAT: &str = "raw block";
const SCHEMA_ENTRY_LEN: usize = 5;
/// Offset-array entry of a NULL variable-width value.
const NULL_OFFSET: i32 = -1;

fn err(detail: impl Into<String>) -> WireError {
    WireError::new(WHAT, detail)
}

fn is_decimal(ty: DataType) -> bool {
    matches!(ty, DataType::Decimal | DataType::Decimal64)
}

/// Width of the length prefix in front of each variable-width value: BLOBs outgrow a `u16`.
fn prefix_len(ty: DataType) -> usize {
    match ty {
        DataType::Blob | DataType::MediumBlob => 4,
        _ => 2,
    }
}

/// One entry of the block's column schema (docs/protocol.md §6.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlockField {
    pub ty: DataType,
    /// Internal byte width: the type size for fixed types, declared n + 2 for VARCHAR,
    /// 4n + 2 for NCHAR, and so on (docs/protocol.md §7). For DECIMAL types: the value width (16 or 8).
    pub bytes: i32,
    /// DECIMAL types only: number of digits.
    pub precision: u8,
    /// DECIMAL types only: digits after the point.
    pub scale: u8,
}

impl BlockField {
    pub fn new(ty: DataType, bytes: i32) -> Self {
        BlockField { ty, bytes, precision: 0, scale: 0 }
    }

    /// A DECIMAL or DECIMAL64 field; the width comes from the type.
    pub fn decimal(ty: DataType, precision: u8, scale: u8) -> Self {
        let bytes = ty.fixed_size().unwrap_or(0) as i32;
        BlockField { ty, bytes, precision, scale }
    }

    /// The 5-byte schema entry. DECIMAL types repack the `bytes` field as scale, precision,
    /// 0, width, because their schema must carry precision and scale and has no other room.
    pub fn encode(&self) -> [u8; SCHEMA_ENTRY_LEN] {
        let mut e = [self.ty.code(), 0, 0, 0, 0];
        if is_decimal(self.ty) {
            e[1] = self.scale;
            e[2] = self.precision;
            e[4] = self.bytes as u8;
        } else {
            e[1..].copy_from_slice(&self.bytes.to_le_bytes());
        }
        e
    }

    pub fn decode(entry: [u8; SCHEMA_ENTRY_LEN]) -> Result<Self, WireError> {
        let ty = DataType::from_code(entry[0]).ok_or_else(|| err(format!("unknown type code {}", entry[0])))?;
        Ok(if is_decimal(ty) {
            BlockField { ty, bytes: i32::from(entry[4]), precision: entry[2], scale: entry[1] }
        } else {
            BlockField::new(ty, i32::from_le_bytes([entry[1], entry[2], entry[3], entry[4]]))
        })
    }
}

/// NCHAR text as it travels in blocks: UCS-4 little-endian, 4 bytes per character.
pub fn utf8_to_ucs4(s: &str) -> Vec<u8> {
    s.chars().flat_map(|c| u32::from(c).to_le_bytes()).collect()
}

/// Decodes block NCHAR bytes; fails on a partial character or an invalid code point.
pub fn ucs4_to_utf8(ucs4: &[u8]) -> Result<String, WireError> {
    if ucs4.len() % 4 != 0 {
        return Err(err(format!("NCHAR value of {} bytes is not whole UCS-4 characters", ucs4.len())));
    }
    ucs4.chunks_exact(4)
        .map(|c| {
            let cp = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            char::from_u32(cp).ok_or_else(|| err(format!("invalid code point {cp:#x} in NCHAR value")))
        })
        .collect()
}

/// The values of one column being built, in block layout already.
#[derive(Clone, Debug)]
enum Values {
    Fixed { width: usize, bitmap: Vec<u8>, values: Vec<u8> },
    Var { prefix: usize, offsets: Vec<i32>, area: Vec<u8> },
}

/// One block column, appended to row by row.
#[derive(Clone, Debug)]
pub struct ColumnBuilder {
    field: BlockField,
    rows: usize,
    values: Values,
}

impl ColumnBuilder {
    /// Fails for the NULL type, which blocks must not carry (the official parser aborts on it).
    pub fn new(field: BlockField) -> Result<Self, WireError> {
        let values = match field.ty {
            DataType::Null => return Err(err("type NULL columns are not allowed in blocks")),
            ty => match ty.fixed_size() {
                Some(width) => Values::Fixed { width, bitmap: Vec::new(), values: Vec::new() },
                None => Values::Var { prefix: prefix_len(ty), offsets: Vec::new(), area: Vec::new() },
            },
        };
        Ok(ColumnBuilder { field, rows: 0, values })
    }

    pub fn field(&self) -> &BlockField {
        &self.field
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn push_null(&mut self) {
        let row = self.rows;
        match &mut self.values {
            Values::Fixed { width, bitmap, values } => {
                if row % 8 == 0 {
                    bitmap.push(0);
                }
                bitmap[row / 8] |= 0x80 >> (row % 8);
                values.resize(values.len() + *width, 0);
            }
            Values::Var { offsets, .. } => offsets.push(NULL_OFFSET),
        }
        self.rows += 1;
    }

    /// Appends a fixed-width value: exactly the type's size in little-endian bytes.
    pub fn push_fixed(&mut self, value: &[u8]) -> Result<(), WireError> {
        let Values::Fixed { width, bitmap, values } = &mut self.values else {
            return Err(err(format!("{} column takes variable-width values", self.field.ty)));
        };
        if value.len() != *width {
            return Err(err(format!("{} value of {} bytes, expected {width}", self.field.ty, value.len())));
        }
        if self.rows % 8 == 0 {
            bitmap.push(0);
        }
        values.extend_from_slice(value);
        self.rows += 1;
        Ok(())
    }

    /// Appends a variable-width value given without its length prefix (NCHAR: UCS-4 bytes).
    pub fn push_var(&mut self, payload: &[u8]) -> Result<(), WireError> {
        let Values::Var { prefix, offsets, area } = &mut self.values else {
            return Err(err(format!("{} column takes fixed-width values", self.field.ty)));
        };
        let max = if *prefix == 2 { u16::MAX as usize } else { u32::MAX as usize };
        if payload.len() > max {
            return Err(err(format!("{} value of {} bytes exceeds {max}", self.field.ty, payload.len())));
        }
        let offset = i32::try_from(area.len())
            .ok()
            .filter(|o| (*o as usize) + *prefix + payload.len() <= i32::MAX as usize)
            .ok_or_else(|| err("column value area exceeds 2 GiB"))?;
        if *prefix == 2 {
            area.put_u16_le(payload.len() as u16);
        } else {
            area.put_u32_le(payload.len() as u32);
        }
        area.extend_from_slice(payload);
        offsets.push(offset);
        self.rows += 1;
        Ok(())
    }

    /// Appends NCHAR text, converting it to the block's UCS-4.
    pub fn push_nchar(&mut self, s: &str) -> Result<(), WireError> {
        self.push_var(&utf8_to_ucs4(s))
    }

    /// The docs/protocol.md §6.3 length-array entry: the value area, bitmap or offsets excluded.
    fn data_len(&self) -> usize {
        match &self.values {
            Values::Fixed { values, .. } => values.len(),
            Values::Var { area, .. } => area.len(),
        }
    }

    fn write_data(&self, out: &mut Vec<u8>) {
        match &self.values {
            Values::Fixed { bitmap, values, .. } => {
                out.extend_from_slice(bitmap);
                out.extend_from_slice(values);
            }
            Values::Var { offsets, area, .. } => {
                offsets.iter().for_each(|o| out.put_i32_le(*o));
                out.extend_from_slice(area);
            }
        }
    }
}

/// A block to encode.
#[derive(Clone, Debug)]
pub struct RawBlock {
    /// `VERSION_QUERY` for query results, `VERSION_TMQ` inside TMQ raw data.
    pub version: i32,
    pub flag: u32,
    pub group_id: u64,
    /// Append taosd's trailing `blankFill` byte (counted in the length; readers ignore it).
    pub blank_fill: bool,
    pub columns: Vec<ColumnBuilder>,
}

impl RawBlock {
    /// A block with taosd's flag, group 0 and no trailing byte.
    pub fn new(version: i32, columns: Vec<ColumnBuilder>) -> Self {
        RawBlock { version, flag: FLAG_TAOSD, group_id: 0, blank_fill: false, columns }
    }

    pub fn encode(&self) -> Result<Vec<u8>, WireError> {
        let mut out = Vec::new();
        self.encode_into(&mut out)?;
        Ok(out)
    }

    /// Appends the block to `out`, which may already hold a frame header.
    pub fn encode_into(&self, out: &mut Vec<u8>) -> Result<(), WireError> {
        let rows = self.columns.first().map_or(0, |c| c.rows);
        if let Some((i, c)) = self.columns.iter().enumerate().find(|(_, c)| c.rows != rows) {
            return Err(err(format!("column {i} holds {} rows, column 0 holds {rows}", c.rows)));
        }
        let too_big = || err("block exceeds 2 GiB");
        let rows = i32::try_from(rows).map_err(|_| too_big())?;
        let cols = i32::try_from(self.columns.len()).map_err(|_| too_big())?;
        let start = out.len();
        out.put_i32_le(self.version);
        out.put_i32_le(0); // total length, patched below
        out.put_i32_le(rows);
        out.put_i32_le(cols);
        out.put_u32_le(self.flag);
        out.put_u64_le(self.group_id);
        for c in &self.columns {
            out.extend_from_slice(&c.field.encode());
        }
        for c in &self.columns {
            out.put_i32_le(i32::try_from(c.data_len()).map_err(|_| too_big())?);
        }
        for c in &self.columns {
            c.write_data(out);
        }
        if self.blank_fill {
            out.put_u8(0);
        }
        let len = i32::try_from(out.len() - start).map_err(|_| too_big())?;
        patch_u32(&mut out[start..], 4, len as u32);
        Ok(())
    }
}

/// Where one column's values live inside the block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ColumnData<'a> {
    Fixed { width: usize, bitmap: &'a [u8], values: &'a [u8] },
    Var { prefix: usize, offsets: &'a [u8], area: &'a [u8] },
}

/// A validated, zero-copy view of one column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColumnView<'a> {
    field: BlockField,
    rows: usize,
    data: ColumnData<'a>,
}

impl<'a> ColumnView<'a> {
    pub fn field(&self) -> &BlockField {
        &self.field
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn is_var_width(&self) -> bool {
        matches!(self.data, ColumnData::Var { .. })
    }

    /// Whether `row` is NULL. Panics if `row >= rows()`.
    pub fn is_null(&self, row: usize) -> bool {
        assert!(row < self.rows, "row {row} out of {} rows", self.rows);
        match self.data {
            ColumnData::Fixed { bitmap, .. } => bitmap[row / 8] & (0x80 >> (row % 8)) != 0,
            ColumnData::Var { offsets, .. } => i32_at(offsets, row) == NULL_OFFSET,
        }
    }

    /// The value of `row`, `None` if NULL: the little-endian bytes of a fixed-width value, or
    /// the payload of a variable-width one without its length prefix (NCHAR: UCS-4).
    /// Panics if `row >= rows()`.
    pub fn value(&self, row: usize) -> Option<&'a [u8]> {
        if self.is_null(row) {
            return None;
        }
        Some(match self.data {
            ColumnData::Fixed { width, values, .. } => &values[row * width..(row + 1) * width],
            ColumnData::Var { prefix, offsets, area } => {
                let at = i32_at(offsets, row) as usize;
                let (len, start) = read_prefix(area, at, prefix).expect("validated when parsed");
                &area[start..start + len]
            }
        })
    }

    /// All fixed-width value slots back to back (NULL rows included), for bulk copies;
    /// `None` for a variable-width column.
    pub fn fixed_values(&self) -> Option<&'a [u8]> {
        match self.data {
            ColumnData::Fixed { values, .. } => Some(values),
            ColumnData::Var { .. } => None,
        }
    }

    /// Iterates the values of all rows, as `value` returns them.
    pub fn values(&self) -> impl Iterator<Item = Option<&'a [u8]>> + '_ {
        (0..self.rows).map(|r| self.value(r))
    }
}

/// Reads the length prefix at `at` in a value area: (payload length, payload start), or `None`
/// if prefix or payload would run past the area.
fn read_prefix(area: &[u8], at: usize, prefix: usize) -> Option<(usize, usize)> {
    let p = area.get(at..at.checked_add(prefix)?)?;
    let len = if prefix == 2 { u16::from_le_bytes([p[0], p[1]]) as usize } else { u32::from_le_bytes([p[0], p[1], p[2], p[3]]) as usize };
    let start = at + prefix;
    (start.checked_add(len)? <= area.len()).then_some((len, start))
}

/// A validated, zero-copy view of one raw block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawBlockView<'a> {
    pub version: i32,
    pub flag: u32,
    pub group_id: u64,
    pub rows: usize,
    pub columns: Vec<ColumnView<'a>>,
    bytes: &'a [u8],
}

impl<'a> RawBlockView<'a> {
    /// The length a block declares in its header, checked against what `buf` holds. Use it
    /// to split a block from data that follows it in the same frame.
    pub fn declared_len(buf: &[u8]) -> Result<usize, WireError> {
        let mut r = Reader::new(buf, WHAT);
        r.take(4)?;
        let len = r.i32()?;
        match usize::try_from(len) {
            Ok(n) if (HEADER_LEN..=buf.len()).contains(&n) => Ok(n),
            _ => Err(err(format!("length field {len}, but {} bytes available", buf.len()))),
        }
    }

    /// Validates and decodes `buf`, which must hold exactly one block.
    pub fn parse(buf: &'a [u8]) -> Result<Self, WireError> {
        let len = Self::declared_len(buf)?;
        if len != buf.len() {
            return Err(err(format!("length field {len}, but buffer holds {}", buf.len())));
        }
        let mut r = Reader::new(buf, WHAT);
        let version = r.i32()?;
        r.i32()?; // length, checked above
        let (rows, cols) = (r.i32()?, r.i32()?);
        let flag = r.u32()?;
        let group_id = r.u64()?;
        let rows = usize::try_from(rows).map_err(|_| err(format!("negative row count {rows}")))?;
        let cols = usize::try_from(cols).map_err(|_| err(format!("negative column count {cols}")))?;
        // Checked before allocating, so a corrupt count cannot trigger a huge allocation.
        if cols > r.remaining() / (SCHEMA_ENTRY_LEN + 4) {
            return Err(err(format!("{cols} columns cannot fit in {} bytes", buf.len())));
        }
        // Columns bound the row count by their sizes; without any, nothing would, and a
        // reader sizing per-row arrays by it could be made to allocate gigabytes.
        if cols == 0 && rows > 0 {
            return Err(err(format!("{rows} rows without columns")));
        }
        let mut fields = Vec::with_capacity(cols);
        for i in 0..cols {
            let e = r.take(SCHEMA_ENTRY_LEN)?;
            let field = BlockField::decode([e[0], e[1], e[2], e[3], e[4]])?;
            // As for the builder: no reader (the batch layout included) has a NULL column.
            if field.ty == DataType::Null {
                return Err(err(format!("column {i} has type NULL")));
            }
            fields.push(field);
        }
        let mut lengths = Vec::with_capacity(cols);
        for _ in 0..cols {
            let l = r.i32()?;
            lengths.push(usize::try_from(l).map_err(|_| err(format!("negative column length {l}")))?);
        }
        let mut columns = Vec::with_capacity(cols);
        for (i, (field, data_len)) in fields.into_iter().zip(lengths).enumerate() {
            let data = match field.ty.fixed_size() {
                Some(width) => {
                    let expected = rows.checked_mul(width);
                    if expected != Some(data_len) {
                        return Err(err(format!("column {i} ({}): length {data_len}, expected {rows} rows × {width}", field.ty)));
                    }
                    let bitmap = r.take(rows.div_ceil(8))?;
                    ColumnData::Fixed { width, bitmap, values: r.take(data_len)? }
                }
                None => {
                    let offsets = r.take(rows.checked_mul(4).ok_or_else(|| err("row count overflows"))?)?;
                    let area = r.take(data_len)?;
                    let prefix = prefix_len(field.ty);
                    check_var_column(i, offsets, area, prefix)?;
                    ColumnData::Var { prefix, offsets, area }
                }
            };
            columns.push(ColumnView { field, rows, data });
        }
        // Anything between the last column and `length` (taosd's blankFill byte) is ignored.
        Ok(RawBlockView { version, flag, group_id, rows, columns, bytes: buf })
    }

    /// The encoded block this view reads from.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }
}

fn check_var_column(col: usize, offsets: &[u8], area: &[u8], prefix: usize) -> Result<(), WireError> {
    for row in 0..offsets.len() / 4 {
        let o = i32_at(offsets, row);
        if o == NULL_OFFSET {
            continue;
        }
        let fits = usize::try_from(o).ok().and_then(|at| read_prefix(area, at, prefix)).is_some();
        if !fits {
            return Err(err(format!("column {col} row {row}: offset {o} does not address a value inside the {}-byte area", area.len())));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TS0: i64 = 1_700_000_000_000;
    const TS1: i64 = 1_700_000_000_001;

    fn worked_example() -> RawBlock {
        let mut ts = ColumnBuilder::new(BlockField::new(DataType::Timestamp, 8)).unwrap();
        ts.push_fixed(&TS0.to_le_bytes()).unwrap();
        ts.push_fixed(&TS1.to_le_bytes()).unwrap();
        let mut v = ColumnBuilder::new(BlockField::new(DataType::NChar, 4 * 4 + 2)).unwrap();
        v.push_nchar("hi").unwrap();
        v.push_null();
        let mut block = RawBlock::new(VERSION_QUERY, vec![ts, v]);
        block.blank_fill = true;
        block
    }

    /// docs/protocol.md §6.6, byte for byte.
    #[test]
    fn encodes_the_worked_example() {
        let mut expected = vec![];
        expected.extend_from_slice(&[0x01, 0, 0, 0]); // version
        expected.extend_from_slice(&[0x52, 0, 0, 0]); // length 82
        expected.extend_from_slice(&[0x02, 0, 0, 0]); // rows
        expected.extend_from_slice(&[0x02, 0, 0, 0]); // cols
        expected.extend_from_slice(&[0, 0, 0, 0x80]); // flag
        expected.extend_from_slice(&[0; 8]); // group id
        expected.extend_from_slice(&[0x09, 0x08, 0, 0, 0]); // TIMESTAMP, 8
        expected.extend_from_slice(&[0x0A, 0x12, 0, 0, 0]); // NCHAR, 18
        expected.extend_from_slice(&[0x10, 0, 0, 0]); // col0 length 16
        expected.extend_from_slice(&[0x0A, 0, 0, 0]); // col1 length 10
        expected.push(0x00); // col0 bitmap
        expected.extend_from_slice(&TS0.to_le_bytes());
        expected.extend_from_slice(&TS1.to_le_bytes());
        expected.extend_from_slice(&[0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]); // offsets 0, NULL
        expected.extend_from_slice(&[0x08, 0x00, b'h', 0, 0, 0, b'i', 0, 0, 0]);
        expected.push(0x00); // blankFill
        assert_eq!(expected.len(), 82);
        assert_eq!(worked_example().encode().unwrap(), expected);
    }

    #[test]
    fn decodes_the_worked_example() {
        let bytes = worked_example().encode().unwrap();
        let view = RawBlockView::parse(&bytes).unwrap();
        assert_eq!((view.version, view.flag, view.group_id, view.rows), (1, FLAG_TAOSD, 0, 2));
        let (ts, v) = (&view.columns[0], &view.columns[1]);
        assert!(!ts.is_var_width() && v.is_var_width());
        assert_eq!(ts.value(1), Some(&TS1.to_le_bytes()[..]));
        assert_eq!(ts.fixed_values().unwrap().len(), 16);
        assert_eq!(v.field().bytes, 18);
        assert_eq!(ucs4_to_utf8(v.value(0).unwrap()).unwrap(), "hi");
        assert!(v.is_null(1));
        assert_eq!(v.values().collect::<Vec<_>>().len(), 2);
        assert_eq!(view.as_bytes().len(), 82);
    }

    #[test]
    fn fixed_nulls_use_an_msb_first_bitmap() {
        let mut c = ColumnBuilder::new(BlockField::new(DataType::Int, 4)).unwrap();
        for r in 0..10i32 {
            if r == 0 || r == 9 {
                c.push_null();
            } else {
                c.push_fixed(&r.to_le_bytes()).unwrap();
            }
        }
        let bytes = RawBlock::new(VERSION_TMQ, vec![c]).encode().unwrap();
        assert_eq!(&bytes[HEADER_LEN + 9..HEADER_LEN + 11], &[0x80, 0x40]);
        let view = RawBlockView::parse(&bytes).unwrap();
        let col = &view.columns[0];
        let got: Vec<bool> = (0..10).map(|r| col.is_null(r)).collect();
        assert_eq!(got, [true, false, false, false, false, false, false, false, false, true]);
        assert_eq!(col.value(0), None);
        assert_eq!(col.value(3), Some(&3i32.to_le_bytes()[..]));
        assert_eq!(col.fixed_values().unwrap()[..4], [0, 0, 0, 0]);
    }

    #[test]
    fn blob_uses_a_u32_prefix() {
        let mut c = ColumnBuilder::new(BlockField::new(DataType::Blob, 68)).unwrap();
        c.push_var(b"abc").unwrap();
        let bytes = RawBlock::new(VERSION_QUERY, vec![c]).encode().unwrap();
        let view = RawBlockView::parse(&bytes).unwrap();
        assert_eq!(view.columns[0].value(0), Some(&b"abc"[..]));
        assert_eq!(&bytes[bytes.len() - 7..bytes.len() - 3], &3u32.to_le_bytes());
    }

    #[test]
    fn decimal_schema_is_repacked() {
        let f = BlockField::decimal(DataType::Decimal, 38, 10);
        assert_eq!(f.encode(), [17, 10, 38, 0, 16]);
        assert_eq!(BlockField::decode(f.encode()).unwrap(), f);
        let f = BlockField::decimal(DataType::Decimal64, 18, 2);
        assert_eq!(f.encode(), [21, 2, 18, 0, 8]);
        assert_eq!(BlockField::decode(f.encode()).unwrap(), f);
        assert_eq!(BlockField::decode([8, 0x0c, 0x01, 0, 0]).unwrap(), BlockField::new(DataType::VarChar, 268));
    }

    #[test]
    fn ucs4_round_trip_and_errors() {
        let s = "ä€😀";
        assert_eq!(ucs4_to_utf8(&utf8_to_ucs4(s)).unwrap(), s);
        assert!(ucs4_to_utf8(&[0x41, 0, 0]).unwrap_err().to_string().contains("whole"));
        assert!(ucs4_to_utf8(&0xD800u32.to_le_bytes()).unwrap_err().to_string().contains("0xd800"));
        assert!(ucs4_to_utf8(&0x11_0000u32.to_le_bytes()).is_err());
    }

    #[test]
    fn builder_rejects_misuse() {
        assert!(ColumnBuilder::new(BlockField::new(DataType::Null, 1)).is_err());
        let mut fixed = ColumnBuilder::new(BlockField::new(DataType::BigInt, 8)).unwrap();
        assert!(fixed.push_fixed(&[1, 2]).is_err());
        assert!(fixed.push_var(b"x").is_err());
        let mut var = ColumnBuilder::new(BlockField::new(DataType::VarChar, 10)).unwrap();
        assert!(var.push_fixed(&[0; 8]).is_err());
        assert!(var.push_var(&vec![0; 70_000]).unwrap_err().to_string().contains("exceeds 65535"));
        var.push_var(b"ok").unwrap();
        fixed.push_null();
        fixed.push_null();
        let e = RawBlock::new(VERSION_QUERY, vec![fixed, var]).encode().unwrap_err();
        assert!(e.to_string().contains("column 1 holds 1 rows"), "{e}");
    }

    #[test]
    fn empty_block() {
        let bytes = RawBlock::new(VERSION_QUERY, vec![]).encode().unwrap();
        assert_eq!(bytes.len(), HEADER_LEN);
        let view = RawBlockView::parse(&bytes).unwrap();
        assert_eq!((view.rows, view.columns.len()), (0, 0));
    }

    #[test]
    fn rejects_damage_without_panicking() {
        let good = worked_example().encode().unwrap();
        // Every truncation, and every single-byte corruption, must fail or parse cleanly.
        for n in 0..good.len() {
            assert!(RawBlockView::parse(&good[..n]).is_err());
        }
        for i in 0..good.len() {
            for b in [0x00, 0x7F, 0x80, 0xFF] {
                let mut bad = good.clone();
                bad[i] = b;
                if let Ok(view) = RawBlockView::parse(&bad) {
                    for c in &view.columns {
                        c.values().for_each(drop);
                    }
                }
            }
        }
        let mut bad = good.clone();
        bad[0x3F] = 0x05; // row 0 offset now points past the value
        assert!(RawBlockView::parse(&bad).unwrap_err().to_string().contains("column 1 row 0"));
        let mut bad = good.clone();
        bad[0x26] = 0x11; // col0 length no longer rows × 8
        assert!(RawBlockView::parse(&bad).unwrap_err().to_string().contains("column 0"));
        let mut bad = good.clone();
        bad[0x1C] = 0x63; // unknown type code
        assert!(RawBlockView::parse(&bad).unwrap_err().to_string().contains("unknown type code 99"));
        let mut null_typed = good.clone();
        null_typed[0x1C] = 0; // found by raw_block_props: became a batch no reader accepts
        assert!(RawBlockView::parse(&null_typed).unwrap_err().to_string().contains("column 0 has type NULL"));
        let mut rows_only = RawBlock::new(VERSION_QUERY, vec![]).encode().unwrap();
        rows_only[8..12].copy_from_slice(&i32::MAX.to_le_bytes()); // found by raw_block_props
        assert!(RawBlockView::parse(&rows_only).unwrap_err().to_string().contains("rows without columns"));
        let mut longer = good.clone();
        longer.push(0);
        assert!(RawBlockView::parse(&longer).is_err());
        assert_eq!(RawBlockView::declared_len(&longer).unwrap(), 82);
    }
}
