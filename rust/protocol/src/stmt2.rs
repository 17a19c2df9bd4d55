//! stmt2 binary payloads (docs/protocol.md §9.3–§9.5): the bind payload of action 9, the
//! column payload of action 11, the bind column both are made of, and their request framing.
//!
//! Decoding mirrors taosAdapter's checks and reports its messages (`Stmt2Error`'s Display),
//! so a server can answer exactly as taosAdapter would.

use crate::bytes_io::{i32_at, patch_u32, to_u32, Reader, WireError};
use crate::frames::{write_request_prefix, ACTION_STMT2_BIND, ACTION_STMT2_BIND_EXEC};
use crate::types::DataType;
use bytes::BufMut;
use std::fmt;

/// Size of the bind payload header (docs/protocol.md §9.3).
pub const BIND_HEADER_LEN: usize = 28;
/// Size of the bind_exec payload header (docs/protocol.md §9.5).
pub const BIND_EXEC_HEADER_LEN: usize = 20;
/// `col_idx` meaning "bind every column", what clients send.
pub const BIND_ALL_COLUMNS: i32 = -1;
/// taosAdapter's limit on the fields of one bind_exec payload.
pub const MAX_BIND_EXEC_FIELDS: usize = 4096;

const WHAT: &str = "stmt2 bind";
/// Size of a bind column of no rows: total length, type, row count, lengths flag, buffer length.
const BIND_COLUMN_MIN_LEN: usize = 17;

/// Why a stmt2 payload cannot be encoded or decoded. The variants taosAdapter distinguishes
/// display its wording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stmt2Error {
    /// Shorter than the payload header.
    TooShort {
        min: usize,
    },
    /// The payload's total_length field disagrees with its real length.
    TotalLength {
        declared: u32,
        actual: usize,
    },
    TableNameLengthZero {
        table: usize,
    },
    TagLengthZero {
        table: usize,
    },
    ColLengthZero {
        table: usize,
    },
    /// A bind column's total_length disagrees with its contents; `table` is `None` in
    /// bind_exec payloads, which have no tables.
    BindDataLength {
        table: Option<usize>,
        field: usize,
    },
    /// Anything else: truncation, bad type codes, inconsistent counts or values.
    Invalid(WireError),
}

impl fmt::Display for Stmt2Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stmt2Error::TooShort { min } => write!(f, "data length is less than {min}"),
            Stmt2Error::TotalLength { declared, actual } => {
                write!(f, "total length not match, expect {actual}, but get {declared}")
            }
            Stmt2Error::TableNameLengthZero { table } => {
                write!(f, "table name length is 0, tableIndex: {table}")
            }
            Stmt2Error::TagLengthZero { table } => write!(f, "tag length is 0, tableIndex: {table}"),
            Stmt2Error::ColLengthZero { table } => write!(f, "col length is 0, tableIndex: {table}"),
            Stmt2Error::BindDataLength { table: Some(t), field } => {
                write!(f, "bind data length error, tableIndex: {t}, fieldIndex: {field}")
            }
            Stmt2Error::BindDataLength { table: None, field } => {
                write!(f, "bind data length error, fieldIndex: {field}")
            }
            Stmt2Error::Invalid(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Stmt2Error {}

impl From<WireError> for Stmt2Error {
    fn from(e: WireError) -> Self {
        Stmt2Error::Invalid(e)
    }
}

fn invalid(detail: impl Into<String>) -> Stmt2Error {
    Stmt2Error::Invalid(WireError::new(WHAT, detail))
}

/// Whether a bind column of type `ty` carries a length array: variable-width types, and
/// DECIMAL types, which bind as decimal strings.
pub fn has_lengths(ty: DataType) -> bool {
    ty.is_var_width() || matches!(ty, DataType::Decimal | DataType::Decimal64)
}

/// One bind column (docs/protocol.md §9.4), borrowed. Constructed only through `new`, which validates, so
/// the accessors cannot fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BindColumn<'a> {
    ty: DataType,
    is_null: &'a [u8],
    lengths: Option<&'a [u8]>,
    buffer: &'a [u8],
}

impl<'a> BindColumn<'a> {
    /// `is_null`: one byte per row, 1 = NULL. `lengths`: one little-endian `i32` per row,
    /// required exactly when `has_lengths(ty)`. `buffer`: for fixed-width types every row's
    /// slot (or nothing when all rows are NULL); otherwise the non-NULL values back to back
    /// (NCHAR as UTF-8, DECIMAL as decimal text).
    pub fn new(ty: DataType, is_null: &'a [u8], lengths: Option<&'a [u8]>, buffer: &'a [u8]) -> Result<Self, WireError> {
        let err = |detail: String| WireError::new(WHAT, detail);
        let rows = is_null.len();
        match (has_lengths(ty), lengths) {
            (true, Some(l)) => {
                if l.len() != rows * 4 {
                    return Err(err(format!("{} bytes of lengths for {rows} rows", l.len())));
                }
                let mut sum = 0usize;
                for row in (0..rows).filter(|r| is_null[*r] == 0) {
                    let len = usize::try_from(i32_at(l, row)).map_err(|_| err(format!("negative length at row {row}")))?;
                    sum += len;
                }
                if sum != buffer.len() {
                    return Err(err(format!("lengths add up to {sum}, buffer holds {}", buffer.len())));
                }
            }
            (false, None) => {
                let width = ty.fixed_size().unwrap_or(0);
                let all_null = is_null.iter().all(|n| *n != 0);
                if buffer.len() != rows * width && !(buffer.is_empty() && all_null) {
                    return Err(err(format!("{ty} buffer of {} bytes for {rows} rows of {width}", buffer.len())));
                }
            }
            (needed, _) => {
                let what = if needed { "needs" } else { "takes no" };
                return Err(err(format!("{ty} column {what} lengths")));
            }
        }
        Ok(BindColumn { ty, is_null, lengths, buffer })
    }

    pub fn ty(&self) -> DataType {
        self.ty
    }

    pub fn rows(&self) -> usize {
        self.is_null.len()
    }

    /// The per-row NULL flags, 1 = NULL.
    pub fn null_flags(&self) -> &'a [u8] {
        self.is_null
    }

    /// The per-row little-endian `i32` lengths, if the type has them.
    pub fn lengths(&self) -> Option<&'a [u8]> {
        self.lengths
    }

    pub fn buffer(&self) -> &'a [u8] {
        self.buffer
    }

    /// Each row's value bytes, `None` for NULL.
    pub fn values(&self) -> impl Iterator<Item = Option<&'a [u8]>> + 'a {
        let BindColumn { ty, is_null, lengths, buffer } = *self;
        let width = ty.fixed_size().unwrap_or(0);
        let mut offset = 0usize;
        (0..is_null.len()).map(move |row| {
            if is_null[row] != 0 {
                return None;
            }
            Some(match lengths {
                Some(l) => {
                    let len = i32_at(l, row) as usize;
                    offset += len;
                    &buffer[offset - len..offset]
                }
                None => &buffer[row * width..(row + 1) * width],
            })
        })
    }

    fn write(&self, out: &mut Vec<u8>) -> Result<(), WireError> {
        let start = out.len();
        out.put_u32_le(0); // total length, patched below
        out.put_i32_le(i32::from(self.ty.code()));
        out.put_u32_le(to_u32(self.rows(), WHAT, "row count")?);
        out.extend_from_slice(self.is_null);
        out.put_u8(u8::from(self.lengths.is_some()));
        if let Some(l) = self.lengths {
            out.extend_from_slice(l);
        }
        out.put_u32_le(to_u32(self.buffer.len(), WHAT, "buffer length")?);
        out.extend_from_slice(self.buffer);
        let total = to_u32(out.len() - start, WHAT, "column length")?;
        patch_u32(&mut out[start..], 0, total);
        Ok(())
    }

    /// Reads one column; `table` and `field` locate it for error messages.
    fn read(r: &mut Reader<'a>, table: Option<usize>, field: usize) -> Result<Self, Stmt2Error> {
        let at = |e: WireError| {
            let place = table.map_or(String::new(), |t| format!("table {t}, "));
            invalid(format!("{place}field {field}: {}", e.detail()))
        };
        let start = r.pos();
        let total = r.u32().map_err(at)? as usize;
        let code = r.i32().map_err(at)?;
        let ty = u8::try_from(code).ok().and_then(DataType::from_code).ok_or_else(|| at(r.error(format!("unknown type code {code}"))))?;
        let rows = r.u32().map_err(at)? as usize;
        let is_null = r.take(rows).map_err(at)?;
        let lengths = match r.u8().map_err(at)? {
            0 => None,
            _ => Some(r.take(rows * 4).map_err(at)?),
        };
        let buffer_len = r.u32().map_err(at)? as usize;
        let buffer = r.take(buffer_len).map_err(at)?;
        if r.pos() - start != total {
            return Err(Stmt2Error::BindDataLength { table, field });
        }
        BindColumn::new(ty, is_null, lengths, buffer).map_err(at)
    }
}

/// One table's share of a bind (docs/protocol.md §9.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stmt2Table<'a> {
    /// Child table name for `INSERT INTO ? …`; `None` when the payload has no names section.
    pub name: Option<&'a str>,
    /// One single-row column per tag.
    pub tags: Vec<BindColumn<'a>>,
    /// One column per value placeholder, all with this table's row count.
    pub columns: Vec<BindColumn<'a>>,
}

/// The bind payload of binary action 9.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stmt2Bind<'a> {
    pub tables: Vec<Stmt2Table<'a>>,
}

impl<'a> Stmt2Bind<'a> {
    /// The payload alone. The names section is written if any table has a name (the others
    /// get an empty one), tags and columns if tables have any; every table must have as many
    /// tags, and as many columns, as the first.
    pub fn encode(&self) -> Result<Vec<u8>, Stmt2Error> {
        let mut out = Vec::new();
        self.encode_into(&mut out)?;
        Ok(out)
    }

    /// The whole action-9 message: request header, version, `col_idx`, payload.
    pub fn encode_request(&self, req_id: u64, stmt_id: u64, col_idx: i32) -> Result<Vec<u8>, Stmt2Error> {
        let mut out = Vec::new();
        write_request_prefix(&mut out, req_id, stmt_id, ACTION_STMT2_BIND);
        out.put_i32_le(col_idx);
        self.encode_into(&mut out)?;
        Ok(out)
    }

    fn encode_into(&self, out: &mut Vec<u8>) -> Result<(), Stmt2Error> {
        let first = self.tables.first().ok_or_else(|| invalid("no tables to bind"))?;
        let (tag_count, col_count) = (first.tags.len(), first.columns.len());
        if let Some(i) = self.tables.iter().position(|t| t.tags.len() != tag_count || t.columns.len() != col_count) {
            return Err(invalid(format!("table {i} differs from table 0 in its tag or column count")));
        }
        let with_names = self.tables.iter().any(|t| t.name.is_some());
        if !with_names && tag_count == 0 && col_count == 0 {
            return Err(invalid("nothing to bind"));
        }
        let base = out.len();
        let header = |field: usize| base + field * 4;
        out.put_u32_le(0); // total length, patched last
        out.put_u32_le(to_u32(self.tables.len(), WHAT, "table count")?);
        out.put_u32_le(to_u32(tag_count, WHAT, "tag count")?);
        out.put_u32_le(to_u32(col_count, WHAT, "column count")?);
        out.put_bytes(0, 12); // section offsets, patched as the sections are written
        let offset_here = |out: &Vec<u8>| to_u32(out.len() - base, WHAT, "payload length");
        if with_names {
            let at = offset_here(out)?;
            patch_u32(out, header(4), at);
            for t in &self.tables {
                let len = u16::try_from(t.name.unwrap_or("").len() + 1).map_err(|_| invalid("table name longer than 65534 bytes"))?;
                out.put_u16_le(len);
            }
            for t in &self.tables {
                out.extend_from_slice(t.name.unwrap_or("").as_bytes());
                out.put_u8(0);
            }
        }
        if tag_count > 0 {
            let at = offset_here(out)?;
            patch_u32(out, header(5), at);
            write_section(out, self.tables.iter().map(|t| &t.tags[..]))?;
        }
        if col_count > 0 {
            let at = offset_here(out)?;
            patch_u32(out, header(6), at);
            write_section(out, self.tables.iter().map(|t| &t.columns[..]))?;
        }
        let total = offset_here(out)?;
        patch_u32(out, base, total);
        Ok(())
    }

    /// Decodes and validates a payload (the message from offset 30 on).
    pub fn decode(payload: &'a [u8]) -> Result<Self, Stmt2Error> {
        if payload.len() < BIND_HEADER_LEN {
            return Err(Stmt2Error::TooShort { min: BIND_HEADER_LEN });
        }
        let mut r = Reader::new(payload, WHAT);
        let total = r.u32()?;
        if total as usize != payload.len() {
            return Err(Stmt2Error::TotalLength { declared: total, actual: payload.len() });
        }
        let count = r.u32()? as usize;
        let (tag_count, col_count) = (r.u32()? as usize, r.u32()? as usize);
        let (names_at, tags_at, cols_at) = (r.u32()? as usize, r.u32()? as usize, r.u32()? as usize);
        // Every table needs bytes in some section: this bounds the loops below.
        if count == 0 || count > payload.len() {
            return Err(invalid(format!("table count {count}")));
        }
        if names_at == 0 && tags_at == 0 && cols_at == 0 {
            return Err(invalid("no table names, tags or columns"));
        }
        let mut tables = vec![Stmt2Table { name: None, tags: Vec::new(), columns: Vec::new() }; count];
        if names_at > 0 {
            let mut r = section(payload, names_at)?;
            let mut lens = Vec::with_capacity(count);
            for table in 0..count {
                match r.u16()? {
                    0 => return Err(Stmt2Error::TableNameLengthZero { table }),
                    n => lens.push(n as usize),
                }
            }
            for (table, len) in tables.iter_mut().zip(lens) {
                let raw = r.take(len)?;
                let (nul, name) = raw.split_last().expect("length is never 0");
                if *nul != 0 {
                    return Err(invalid("table name is not NUL-terminated"));
                }
                table.name = Some(std::str::from_utf8(name).map_err(|_| invalid("table name is not UTF-8"))?);
            }
        }
        if tags_at > 0 {
            if tag_count == 0 {
                return Err(invalid("tag count is 0, but tags offset is not 0"));
            }
            let tags = read_section(payload, tags_at, count, tag_count, |table| Stmt2Error::TagLengthZero { table })?;
            tables.iter_mut().zip(tags).for_each(|(t, tags)| t.tags = tags);
        }
        if cols_at > 0 {
            if col_count == 0 {
                return Err(invalid("col count is 0, but cols offset is not 0"));
            }
            let cols = read_section(payload, cols_at, count, col_count, |table| Stmt2Error::ColLengthZero { table })?;
            tables.iter_mut().zip(cols).for_each(|(t, cols)| t.columns = cols);
        }
        Ok(Stmt2Bind { tables })
    }
}

/// Writes a tags or columns section: per-table byte sizes, then each table's columns.
fn write_section<'c, 'a: 'c>(out: &mut Vec<u8>, tables: impl ExactSizeIterator<Item = &'c [BindColumn<'a>]>) -> Result<(), WireError> {
    let sizes_at = out.len();
    out.put_bytes(0, tables.len() * 4);
    for (i, columns) in tables.enumerate() {
        let start = out.len();
        for c in columns {
            c.write(out)?;
        }
        let size = to_u32(out.len() - start, WHAT, "table data length")?;
        patch_u32(out, sizes_at + i * 4, size);
    }
    Ok(())
}

/// A reader positioned at a section offset inside the payload.
fn section(payload: &[u8], at: usize) -> Result<Reader<'_>, Stmt2Error> {
    let mut r = Reader::new(payload, WHAT);
    r.take(at).map_err(|_| invalid(format!("section offset {at} beyond the payload")))?;
    Ok(r)
}

/// Reads a tags or columns section. `zero` makes the error for a table whose size is 0.
fn read_section<'a>(
    payload: &'a [u8],
    at: usize,
    count: usize,
    per_table: usize,
    zero: fn(usize) -> Stmt2Error,
) -> Result<Vec<Vec<BindColumn<'a>>>, Stmt2Error> {
    let mut r = section(payload, at)?;
    let mut sizes = Vec::with_capacity(count);
    for table in 0..count {
        match r.u32()? {
            0 => return Err(zero(table)),
            n => sizes.push(n as usize),
        }
    }
    let mut tables = Vec::with_capacity(count);
    for (table, size) in sizes.into_iter().enumerate() {
        let start = r.pos();
        let columns = (0..per_table).map(|field| BindColumn::read(&mut r, Some(table), field)).collect::<Result<Vec<_>, _>>()?;
        if r.pos() - start != size {
            return Err(invalid(format!("table {table}: data of {} bytes, size field says {size}", r.pos() - start)));
        }
        tables.push(columns);
    }
    Ok(tables)
}

/// The column payload of binary action 11: one column per prepared field (table name and
/// tags included), each holding every row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stmt2BindExec<'a> {
    pub row_count: u32,
    /// Runs of consecutive equal table names; 1 without a table-name column.
    pub table_count: u32,
    pub fields: Vec<BindColumn<'a>>,
}

impl<'a> Stmt2BindExec<'a> {
    /// Takes the row count from the columns and the table count from the runs of equal
    /// values in the table-name column `tbname`, if any.
    pub fn new(fields: Vec<BindColumn<'a>>, tbname: Option<usize>) -> Result<Self, Stmt2Error> {
        let rows = fields.first().ok_or_else(|| invalid("no fields to bind"))?.rows();
        let table_count = match tbname {
            None => 1,
            Some(i) => {
                let names = fields.get(i).ok_or_else(|| invalid(format!("no field {i} for the table name")))?;
                let names: Vec<_> = names.values().collect();
                1 + names.windows(2).filter(|w| w[0] != w[1]).count()
            }
        };
        Ok(Stmt2BindExec { row_count: to_u32(rows, WHAT, "row count")?, table_count: to_u32(table_count, WHAT, "table count")?, fields })
    }

    pub fn encode(&self) -> Result<Vec<u8>, Stmt2Error> {
        let mut out = Vec::new();
        self.encode_into(&mut out)?;
        Ok(out)
    }

    /// The whole action-11 message: request header, version, payload.
    pub fn encode_request(&self, req_id: u64, stmt_id: u64) -> Result<Vec<u8>, Stmt2Error> {
        let mut out = Vec::new();
        write_request_prefix(&mut out, req_id, stmt_id, ACTION_STMT2_BIND_EXEC);
        self.encode_into(&mut out)?;
        Ok(out)
    }

    fn encode_into(&self, out: &mut Vec<u8>) -> Result<(), Stmt2Error> {
        self.check_counts()?;
        if let Some(i) = self.fields.iter().position(|f| f.rows() != self.row_count as usize) {
            return Err(invalid(format!("field {i} holds {} rows, expected {}", self.fields[i].rows(), self.row_count)));
        }
        let base = out.len();
        out.put_u32_le(0); // total length, patched last
        out.put_u32_le(self.row_count);
        out.put_u32_le(self.table_count);
        out.put_u32_le(self.fields.len() as u32); // at most MAX_BIND_EXEC_FIELDS, checked above
        out.put_u32_le(BIND_EXEC_HEADER_LEN as u32);
        for f in &self.fields {
            f.write(out)?;
        }
        let total = to_u32(out.len() - base, WHAT, "payload length")?;
        patch_u32(out, base, total);
        Ok(())
    }

    fn check_counts(&self) -> Result<(), Stmt2Error> {
        if self.fields.is_empty() || self.fields.len() > MAX_BIND_EXEC_FIELDS {
            return Err(invalid(format!("{} fields, expected 1 to {MAX_BIND_EXEC_FIELDS}", self.fields.len())));
        }
        if self.row_count == 0 || self.table_count == 0 || self.table_count > self.row_count {
            return Err(invalid(format!("{} tables in {} rows", self.table_count, self.row_count)));
        }
        Ok(())
    }

    /// Decodes and validates a payload (the message from offset 26 on).
    pub fn decode(payload: &'a [u8]) -> Result<Self, Stmt2Error> {
        if payload.len() < BIND_EXEC_HEADER_LEN {
            return Err(Stmt2Error::TooShort { min: BIND_EXEC_HEADER_LEN });
        }
        let mut r = Reader::new(payload, WHAT);
        let total = r.u32()?;
        if total as usize != payload.len() {
            return Err(Stmt2Error::TotalLength { declared: total, actual: payload.len() });
        }
        let (row_count, table_count, field_count) = (r.u32()?, r.u32()?, r.u32()? as usize);
        if field_count > MAX_BIND_EXEC_FIELDS {
            return Err(invalid(format!("field count {field_count} exceeds {MAX_BIND_EXEC_FIELDS}")));
        }
        let field_offset = r.u32()? as usize;
        if field_offset < BIND_EXEC_HEADER_LEN {
            return Err(invalid(format!("field offset {field_offset} inside the header")));
        }
        let mut r = section(payload, field_offset)?;
        // Sized by what the payload can hold, not by the count alone (up to 4096 × 56 bytes).
        let mut fields = Vec::with_capacity(field_count.min(r.remaining() / BIND_COLUMN_MIN_LEN));
        for field in 0..field_count {
            let column = BindColumn::read(&mut r, None, field)?;
            if column.rows() != row_count as usize {
                return Err(invalid(format!("field {field} holds {} rows, expected {row_count}", column.rows())));
            }
            fields.push(column);
        }
        if r.remaining() != 0 {
            return Err(invalid(format!("{} bytes after the last field", r.remaining())));
        }
        let exec = Stmt2BindExec { row_count, table_count, fields };
        exec.check_counts()?;
        Ok(exec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frames::BinaryRequest;

    fn le(values: &[i32]) -> Vec<u8> {
        values.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    struct Data {
        ts: Vec<u8>,
        names_len: Vec<u8>,
        price_len: Vec<u8>,
        gid: Vec<u8>,
    }

    fn data() -> Data {
        Data {
            ts: [1_700_000_000_000i64, 1_700_000_000_001].iter().flat_map(|v| v.to_le_bytes()).collect(),
            names_len: le(&[3, 0]),
            price_len: le(&[5, 0]),
            gid: le(&[42]),
        }
    }

    fn insert_bind(d: &Data) -> Stmt2Bind<'_> {
        let t0 = Stmt2Table {
            name: Some("d01"),
            tags: vec![BindColumn::new(DataType::Int, &[0], None, &d.gid).unwrap()],
            columns: vec![
                BindColumn::new(DataType::Timestamp, &[0, 0], None, &d.ts).unwrap(),
                BindColumn::new(DataType::NChar, &[0, 1], Some(&d.names_len), "äb".as_bytes()).unwrap(),
                BindColumn::new(DataType::Decimal, &[0, 1], Some(&d.price_len), b"-1.25").unwrap(),
            ],
        };
        let t1 = Stmt2Table {
            name: Some("d02"),
            tags: vec![BindColumn::new(DataType::Int, &[1], None, &[]).unwrap()],
            columns: vec![
                BindColumn::new(DataType::Timestamp, &[0], None, &d.ts[..8]).unwrap(),
                BindColumn::new(DataType::NChar, &[1], Some(&[0, 0, 0, 0]), &[]).unwrap(),
                BindColumn::new(DataType::Decimal, &[1], Some(&[0, 0, 0, 0]), &[]).unwrap(),
            ],
        };
        Stmt2Bind { tables: vec![t0, t1] }
    }

    #[test]
    fn query_bind_layout() {
        let ints = le(&[7]);
        let bind = Stmt2Bind {
            tables: vec![Stmt2Table {
                name: None,
                tags: vec![],
                columns: vec![BindColumn::new(DataType::Int, &[0], None, &ints).unwrap()],
            }],
        };
        let mut expected = le(&[54, 1, 0, 1, 0, 0, 28]); // header
        expected.extend(le(&[22])); // table 0's column data
        expected.extend(le(&[22, 4, 1])); // column: total, INT, 1 row
        expected.extend([0, 0]); // not null, no lengths
        expected.extend(le(&[4, 7])); // buffer length, value
        assert_eq!(bind.encode().unwrap(), expected);
        assert_eq!(Stmt2Bind::decode(&expected).unwrap(), bind);
    }

    #[test]
    fn insert_bind_round_trips() {
        let d = data();
        let bind = insert_bind(&d);
        let payload = bind.encode().unwrap();
        let back = Stmt2Bind::decode(&payload).unwrap();
        assert_eq!(back, bind);
        let names: Vec<_> = back.tables[0].columns[1].values().collect();
        assert_eq!(names, [Some("äb".as_bytes()), None]);
        assert_eq!(back.tables[1].tags[0].values().collect::<Vec<_>>(), [None]);
        assert_eq!(back.tables[0].tags[0].values().next(), Some(Some(&42i32.to_le_bytes()[..])));
        // The names section: lengths including the NUL, then the NUL-terminated names.
        assert_eq!(&payload[28..40], b"\x04\x00\x04\x00d01\0d02\0");
        assert_eq!(u32::from_le_bytes(payload[20..24].try_into().unwrap()), 40);
    }

    #[test]
    fn bind_request_framing() {
        let d = data();
        let bind = insert_bind(&d);
        let msg = bind.encode_request(5, 9, BIND_ALL_COLUMNS).unwrap();
        match BinaryRequest::parse(&msg).unwrap() {
            BinaryRequest::Stmt2Bind { req_id: 5, stmt_id: 9, col_idx: -1, payload } => {
                assert_eq!(payload.len(), msg.len() - 30);
                assert_eq!(Stmt2Bind::decode(payload).unwrap(), bind);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn bind_reports_taosadapter_errors() {
        let d = data();
        let payload = insert_bind(&d).encode().unwrap();
        let decode = |p: &[u8]| Stmt2Bind::decode(p).unwrap_err();
        assert_eq!(decode(&payload[..27]).to_string(), "data length is less than 28");
        let e = decode(&payload[..payload.len() - 1]);
        assert!(matches!(e, Stmt2Error::TotalLength { .. }), "{e}");
        assert!(e.to_string().starts_with("total length not match"));
        let mut bad = payload.clone();
        bad[30] = 0;
        bad[31] = 0; // table 1's name length
        assert_eq!(decode(&bad), Stmt2Error::TableNameLengthZero { table: 1 });
        assert_eq!(decode(&bad).to_string(), "table name length is 0, tableIndex: 1");
        let tags_at = u32::from_le_bytes(payload[20..24].try_into().unwrap()) as usize;
        let mut bad = payload.clone();
        bad[tags_at..tags_at + 4].fill(0);
        assert_eq!(decode(&bad), Stmt2Error::TagLengthZero { table: 0 });
        let cols_at = u32::from_le_bytes(payload[24..28].try_into().unwrap()) as usize;
        let mut bad = payload.clone();
        bad[cols_at + 4..cols_at + 8].fill(0);
        assert_eq!(decode(&bad), Stmt2Error::ColLengthZero { table: 1 });
        let first_col = cols_at + 8;
        let mut bad = payload.clone();
        bad[first_col] += 1; // column total_length now wrong
        assert_eq!(decode(&bad), Stmt2Error::BindDataLength { table: Some(0), field: 0 });
        assert_eq!(decode(&bad).to_string(), "bind data length error, tableIndex: 0, fieldIndex: 0");
        let mut bad = payload.clone();
        bad[first_col + 4] = 99; // type code
        assert!(decode(&bad).to_string().contains("table 0, field 0: unknown type code 99"));
    }

    #[test]
    fn bind_never_panics_on_damage() {
        let d = data();
        let payload = insert_bind(&d).encode().unwrap();
        for i in 0..payload.len() {
            for b in [0x00, 0x01, 0x7F, 0xFF] {
                let mut bad = payload.clone();
                bad[i] = b;
                if let Ok(bind) = Stmt2Bind::decode(&bad) {
                    for t in &bind.tables {
                        t.tags.iter().chain(&t.columns).for_each(|c| c.values().for_each(drop));
                    }
                }
            }
        }
    }

    #[test]
    fn columns_are_validated() {
        assert!(BindColumn::new(DataType::VarChar, &[0], None, b"x").is_err());
        assert!(BindColumn::new(DataType::Int, &[0], Some(&[1, 0, 0, 0]), b"x").is_err());
        assert!(BindColumn::new(DataType::Int, &[0, 0], None, &[0; 4]).is_err());
        assert!(BindColumn::new(DataType::Int, &[0, 1], None, &[]).is_err());
        assert!(BindColumn::new(DataType::Int, &[1, 1], None, &[]).is_ok());
        assert!(BindColumn::new(DataType::VarChar, &[0], Some(&le(&[2])), b"x").is_err());
        assert!(BindColumn::new(DataType::VarChar, &[0], Some(&le(&[-1])), b"").is_err());
        assert!(has_lengths(DataType::Decimal64) && !has_lengths(DataType::Timestamp));
    }

    #[test]
    fn encoder_rejects_inconsistent_tables() {
        let d = data();
        let mut bind = insert_bind(&d);
        bind.tables[1].tags.clear();
        assert!(bind.encode().is_err());
        assert!(Stmt2Bind { tables: vec![] }.encode().is_err());
        let empty = Stmt2Table { name: None, tags: vec![], columns: vec![] };
        assert!(Stmt2Bind { tables: vec![empty] }.encode().is_err());
    }

    #[test]
    fn bind_exec_round_trips() {
        let names = b"d01d01d02";
        let name_lens = le(&[3, 3, 3]);
        let ts: Vec<u8> = [1i64, 2, 3].iter().flat_map(|v| v.to_le_bytes()).collect();
        let fields = vec![
            BindColumn::new(DataType::VarChar, &[0, 0, 0], Some(&name_lens), names).unwrap(),
            BindColumn::new(DataType::Timestamp, &[0, 0, 0], None, &ts).unwrap(),
        ];
        let exec = Stmt2BindExec::new(fields, Some(0)).unwrap();
        assert_eq!((exec.row_count, exec.table_count), (3, 2));
        let msg = exec.encode_request(1, 2).unwrap();
        let BinaryRequest::Stmt2BindExec { req_id: 1, stmt_id: 2, payload } = BinaryRequest::parse(&msg).unwrap() else {
            panic!("not a bind_exec request");
        };
        assert_eq!(&payload[..20], &le(&[payload.len() as i32, 3, 2, 2, 20])[..]);
        assert_eq!(Stmt2BindExec::decode(payload).unwrap(), exec);
        assert_eq!(Stmt2BindExec::new(exec.fields.clone(), None).unwrap().table_count, 1);
    }

    #[test]
    fn bind_exec_reports_errors() {
        let ints = le(&[1, 2]);
        let exec = Stmt2BindExec::new(vec![BindColumn::new(DataType::Int, &[0, 0], None, &ints).unwrap()], None);
        let payload = exec.unwrap().encode().unwrap();
        let decode = |p: &[u8]| Stmt2BindExec::decode(p).unwrap_err();
        assert_eq!(decode(&payload[..19]).to_string(), "data length is less than 20");
        assert!(matches!(decode(&payload[..25]), Stmt2Error::TotalLength { .. }));
        let mut bad = payload.clone();
        bad[20] += 1;
        assert_eq!(decode(&bad).to_string(), "bind data length error, fieldIndex: 0");
        let mut bad = payload.clone();
        bad[4] = 3; // row_count no longer matches the column
        assert!(decode(&bad).to_string().contains("field 0 holds 2 rows, expected 3"));
        let mut bad = payload.clone();
        bad[12..16].copy_from_slice(&5000u32.to_le_bytes());
        assert!(decode(&bad).to_string().contains("exceeds 4096"));
        let mismatched =
            vec![BindColumn::new(DataType::Int, &[0, 0], None, &ints).unwrap(), BindColumn::new(DataType::Int, &[1], None, &[]).unwrap()];
        assert!(Stmt2BindExec::new(mismatched, None).unwrap().encode().is_err());
        for i in 0..payload.len() {
            let mut bad = payload.clone();
            bad[i] ^= 0xFF;
            let _ = Stmt2BindExec::decode(&bad);
        }
        // Found by stmt2_props: a field count of up to 4096 sized the field vector before
        // any field was read; it still fails, now without the allocation.
        let mut bad = payload.clone();
        bad[12..16].copy_from_slice(&4096u32.to_le_bytes());
        assert!(decode(&bad).to_string().contains("field 1: truncated"), "{}", decode(&bad));
    }
}
