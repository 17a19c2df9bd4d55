//! Raw blocks of the generated rows: chunks of `ROWS_PER_BLOCK` consecutive rows (in ts
//! order, every column of `SELECT * FROM meters`) encoded once at start-up, so a scan sends
//! them by copy. Any column subset is cut from the same bytes (each column's section is
//! contiguous in a block), so only the chunks at the edges of a time range are encoded per
//! query.

use crate::engine::ResultColumn;
use crate::meters::MetersSpec;
use crate::server::block::{block_field, ROWS_PER_BLOCK};
use std::ops::Range;
use tdflink_protocol::bytes_io::WireError;
use tdflink_protocol::raw_block::{BlockField, ColumnBuilder, RawBlock, HEADER_LEN, VERSION_QUERY};

/// The columns of `SELECT * FROM meters`, in that order: the index space of every column list here.
pub const TS: usize = 0;
const CURRENT: usize = 1;
const VOLTAGE: usize = 2;
const PHASE: usize = 3;
const GROUPID: usize = 4;
const LOCATION: usize = 5;
pub const COLUMNS: usize = 6;

const SCHEMA_ENTRY_LEN: usize = 5;

/// The columns of `SELECT * FROM meters` as meters::CREATE_STABLE declares them: what the
/// encoders here write.
pub fn meters_columns() -> Vec<ResultColumn> {
    use tdflink_protocol::types::DataType;
    vec![
        ResultColumn::new("ts", DataType::Timestamp, 8),
        ResultColumn::new("current", DataType::Float, 4),
        ResultColumn::new("voltage", DataType::Int, 4),
        ResultColumn::new("phase", DataType::Float, 4),
        ResultColumn::new("groupid", DataType::Int, 4),
        ResultColumn::new("location", DataType::VarChar, 24),
    ]
}

/// One pre-encoded block and where each column's section lies in it.
struct Chunk {
    bytes: Vec<u8>,
    sections: Vec<Range<usize>>,
}

/// Every row of the data set as pre-encoded chunks.
pub struct Chunks {
    spec: MetersSpec,
    fields: Vec<BlockField>,
    chunks: Vec<Chunk>,
}

impl Chunks {
    /// Encodes all rows; `columns` are the engine's columns of `SELECT * FROM meters`.
    pub fn encode(spec: MetersSpec, columns: &[ResultColumn]) -> Result<Chunks, WireError> {
        let fields: Vec<BlockField> = columns.iter().map(block_field).collect();
        if fields.len() != COLUMNS {
            return Err(WireError::new("generated meters", format!("{} columns in SELECT * FROM meters", fields.len())));
        }
        let all: Vec<usize> = (0..COLUMNS).collect();
        let mut chunks = Vec::with_capacity(spec.rows.div_ceil(ROWS_PER_BLOCK));
        for first in (0..spec.rows).step_by(ROWS_PER_BLOCK) {
            let bytes = encode_rows(spec, &fields, &all, first..spec.rows.min(first + ROWS_PER_BLOCK))?;
            let sections = sections(&bytes, &fields);
            chunks.push(Chunk { bytes, sections });
        }
        Ok(Chunks { spec, fields, chunks })
    }

    pub fn rows(&self) -> usize {
        self.spec.rows
    }

    /// The block holding `columns` of the rows from `first` to the end of `first`'s chunk or
    /// `end`, whichever comes first; the number of rows it holds.
    pub fn block(&self, columns: &[usize], first: usize, end: usize) -> Result<(Vec<u8>, usize), WireError> {
        let chunk_end = (first / ROWS_PER_BLOCK + 1) * ROWS_PER_BLOCK;
        let last = end.min(chunk_end).min(self.spec.rows);
        if first % ROWS_PER_BLOCK == 0 && (last == chunk_end || last == self.spec.rows) {
            let chunk = &self.chunks[first / ROWS_PER_BLOCK];
            return Ok((project(chunk, columns), last - first));
        }
        Ok((encode_rows(self.spec, &self.fields, columns, first..last)?, last - first))
    }
}

/// Encodes `columns` of rows `rows` as one query-result block.
fn encode_rows(spec: MetersSpec, fields: &[BlockField], columns: &[usize], rows: Range<usize>) -> Result<Vec<u8>, WireError> {
    let mut builders = Vec::with_capacity(columns.len());
    for &c in columns {
        let mut builder = ColumnBuilder::new(fields[c])?;
        for k in rows.clone() {
            let row = spec.row(k);
            match c {
                TS => builder.push_fixed(&row.ts.to_le_bytes())?,
                CURRENT => builder.push_fixed(&row.current.to_le_bytes())?,
                VOLTAGE => builder.push_fixed(&row.voltage.to_le_bytes())?,
                PHASE => builder.push_fixed(&row.phase.to_le_bytes())?,
                GROUPID => builder.push_fixed(&crate::meters::groupid(row.table).to_le_bytes())?,
                LOCATION => builder.push_var(crate::meters::location(row.table).as_bytes())?,
                _ => unreachable!("column {c} of meters"),
            }
        }
        builders.push(builder);
    }
    RawBlock::new(VERSION_QUERY, builders).encode()
}

/// The byte range of each column's section (bitmap or offsets, then values) in `block`.
fn sections(block: &[u8], fields: &[BlockField]) -> Vec<Range<usize>> {
    let rows = i32::from_le_bytes(block[8..12].try_into().unwrap()) as usize;
    let lengths = HEADER_LEN + SCHEMA_ENTRY_LEN * fields.len();
    let mut at = lengths + 4 * fields.len();
    let mut sections = Vec::with_capacity(fields.len());
    for (i, field) in fields.iter().enumerate() {
        let data_len = i32::from_le_bytes(block[lengths + 4 * i..lengths + 4 * i + 4].try_into().unwrap()) as usize;
        let head = if field.ty.fixed_size().is_some() { rows.div_ceil(8) } else { 4 * rows };
        sections.push(at..at + head + data_len);
        at += head + data_len;
    }
    sections
}

/// The chunk's block reduced to `columns`, in that order: header, schema entries, lengths and
/// sections copied, the column count and total length rewritten.
fn project(chunk: &Chunk, columns: &[usize]) -> Vec<u8> {
    let bytes = &chunk.bytes;
    if columns.len() == COLUMNS && columns.iter().enumerate().all(|(i, c)| i == *c) {
        return bytes.clone();
    }
    let lengths = HEADER_LEN + SCHEMA_ENTRY_LEN * COLUMNS;
    let size: usize = columns.iter().map(|&c| SCHEMA_ENTRY_LEN + 4 + chunk.sections[c].len()).sum();
    let mut out = Vec::with_capacity(HEADER_LEN + size);
    out.extend_from_slice(&bytes[..HEADER_LEN]);
    for &c in columns {
        out.extend_from_slice(&bytes[HEADER_LEN + SCHEMA_ENTRY_LEN * c..HEADER_LEN + SCHEMA_ENTRY_LEN * (c + 1)]);
    }
    for &c in columns {
        out.extend_from_slice(&bytes[lengths + 4 * c..lengths + 4 * (c + 1)]);
    }
    for &c in columns {
        out.extend_from_slice(&bytes[chunk.sections[c].clone()]);
    }
    let total = out.len() as i32;
    out[4..8].copy_from_slice(&total.to_le_bytes());
    out[12..16].copy_from_slice(&(columns.len() as i32).to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tdflink_protocol::raw_block::RawBlockView;

    #[test]
    fn a_projected_chunk_is_the_block_encoded_with_those_columns() {
        let spec = MetersSpec { rows: ROWS_PER_BLOCK + 10, tables: 3 };
        let chunks = Chunks::encode(spec, &meters_columns()).unwrap();
        for subset in [vec![5, 0], vec![0, 1, 2, 3, 4, 5], vec![3], vec![4, 5, 1]] {
            let (block, rows) = chunks.block(&subset, 0, spec.rows).unwrap();
            assert_eq!(rows, ROWS_PER_BLOCK);
            assert_eq!(block, encode_rows(spec, &chunks.fields, &subset, 0..ROWS_PER_BLOCK).unwrap(), "{subset:?}");
            let (tail, rows) = chunks.block(&subset, ROWS_PER_BLOCK, spec.rows).unwrap();
            assert_eq!(rows, 10);
            assert_eq!(RawBlockView::parse(&tail).unwrap().columns.len(), subset.len());
        }
    }
}
