//! TMQ raw data of a data message, raw_type 2 (docs/protocol.md §10.6): what
//! `fetch_raw_data` returns. Each block carries its rows (a raw block), its column names
//! (the schema wrapper), its timestamp precision and its table name.
//!
//! TDengine's encoder mixes fixed little-endian integers with unsigned LEB128 varints,
//! zigzag varints and length-prefixed C strings; those primitives live here, the only
//! place that needs them.

use crate::bytes_io::{Reader, WireError};
use crate::raw_block::RawBlockView;
use crate::types::{DataType, Precision};
use bytes::BufMut;

/// `raw_type` of a data message's raw data.
pub const RAW_TYPE_DATA: u16 = 2;
/// The payload layout version we write; older layouts lack the offsets length prefix.
pub const FORMAT_VERSION: u8 = 100;
/// Offset type of a WAL log offset: type 1 with offset-format version 1 in the high nibble.
pub const LOG_OFFSET_TYPE: i8 = 0x11;

const WHAT: &str = "tmq raw data";
const BLOCK_HEADER_LEN: usize = 18;
/// The TMQ block header's own version field.
const BLOCK_HEADER_VERSION: i64 = 1;

fn err(detail: impl Into<String>) -> WireError {
    WireError::new(WHAT, detail)
}

// --- encoding primitives ----------------------------------------------------------------

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.put_u8(v as u8 | 0x80);
        v >>= 7;
    }
    out.put_u8(v as u8);
}

fn read_varint(r: &mut Reader<'_>) -> Result<u64, WireError> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = r.u8()?;
        // The tenth byte may only hold the top bit of a u64.
        if shift == 63 && b > 1 {
            break;
        }
        v |= u64::from(b & 0x7F) << shift;
        if b & 0x80 == 0 {
            return Ok(v);
        }
    }
    Err(r.error(format!("varint overflows 64 bits before byte {}", r.pos())))
}

fn zigzag(n: i32) -> u32 {
    ((n << 1) ^ (n >> 31)) as u32
}

fn unzigzag(z: u32) -> i32 {
    (z >> 1) as i32 ^ -((z & 1) as i32)
}

fn put_zigzag(out: &mut Vec<u8>, n: i32) {
    put_varint(out, u64::from(zigzag(n)));
}

fn read_zigzag(r: &mut Reader<'_>) -> Result<i32, WireError> {
    let v = read_varint(r)?;
    let v = u32::try_from(v).map_err(|_| r.error(format!("zigzag varint {v} exceeds 32 bits")))?;
    Ok(unzigzag(v))
}

/// varint(len + 1), the bytes, a NUL.
fn put_cstr(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64 + 1);
    out.extend_from_slice(s.as_bytes());
    out.put_u8(0);
}

fn read_cstr<'a>(r: &mut Reader<'a>) -> Result<&'a str, WireError> {
    let n = read_varint(r)?;
    let n = usize::try_from(n).ok().filter(|n| *n > 0).ok_or_else(|| r.error(format!("string length {n}")))?;
    let (nul, s) = r.take(n)?.split_last().expect("n > 0");
    if *nul != 0 {
        return Err(r.error("string is not NUL-terminated"));
    }
    std::str::from_utf8(s).map_err(|_| r.error("string is not UTF-8"))
}

// --- the payload ------------------------------------------------------------------------

/// The `reqOffset` and `rspOffset` pair for a message read from WAL versions `req`..`rsp`.
pub fn encode_log_offsets(req: i64, rsp: i64) -> [u8; 18] {
    let mut out = [0u8; 18];
    out[0] = LOG_OFFSET_TYPE as u8;
    out[1..9].copy_from_slice(&req.to_le_bytes());
    out[9] = LOG_OFFSET_TYPE as u8;
    out[10..].copy_from_slice(&rsp.to_le_bytes());
    out
}

/// One column of a block's schema wrapper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TmqColumn<'a> {
    pub ty: DataType,
    pub flags: i8,
    /// The docs/protocol.md §6.2 width.
    pub bytes: i32,
    pub col_id: i32,
    pub name: &'a str,
}

/// One block of a data message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TmqBlock<'a> {
    /// Unit of this block's timestamps.
    pub precision: Precision,
    /// The rows; header version 2 (`raw_block::VERSION_TMQ`), as libtaos hands them out.
    pub block: RawBlockView<'a>,
    /// Column names and ids, one per block column; empty when the payload has no schemas.
    pub schema: Vec<TmqColumn<'a>>,
    pub schema_version: i32,
    /// Child or normal table name without database; `None` when the payload has no names.
    pub table_name: Option<&'a str>,
}

/// Whether the schema wrapper describes the block's columns, type by type.
fn schema_matches(b: &TmqBlock<'_>) -> bool {
    b.schema.iter().map(|c| c.ty).eq(b.block.columns.iter().map(|c| c.field().ty))
}

/// A raw_type 2 payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TmqRawData<'a> {
    /// `reqOffset` then `rspOffset`, opaque to clients; see `encode_log_offsets`.
    pub offsets: &'a [u8],
    /// Every block carries a table name (always true since TDengine 3.2).
    pub with_table_name: bool,
    /// Every block carries a schema wrapper (always true in what libtaos hands out).
    pub with_schema: bool,
    pub blocks: Vec<TmqBlock<'a>>,
    pub sleep_time: i64,
}

impl<'a> TmqRawData<'a> {
    pub fn encode(&self) -> Result<Vec<u8>, WireError> {
        let too_big = || err("payload part exceeds 2 GiB");
        let mut out = Vec::new();
        out.put_u8(FORMAT_VERSION);
        out.put_i32_le(i32::try_from(self.offsets.len()).map_err(|_| too_big())?);
        out.extend_from_slice(self.offsets);
        out.put_i32_le(i32::try_from(self.blocks.len()).map_err(|_| too_big())?);
        out.put_i8(i8::from(self.with_table_name));
        out.put_i8(i8::from(self.with_schema));
        for (i, b) in self.blocks.iter().enumerate() {
            self.check_block(i, b)?;
            let raw = b.block.as_bytes();
            put_varint(&mut out, (BLOCK_HEADER_LEN + raw.len()) as u64);
            out.put_i64_le(BLOCK_HEADER_VERSION);
            out.put_i64(b.block.rows as i64); // big-endian, unlike everything around it
            out.put_i8(0); // not compressed
            out.put_u8(b.precision.code());
            out.extend_from_slice(raw);
            if self.with_schema {
                put_zigzag(&mut out, i32::try_from(b.schema.len()).map_err(|_| too_big())?);
                put_zigzag(&mut out, b.schema_version);
                for c in &b.schema {
                    out.put_u8(c.ty.code());
                    out.put_i8(c.flags);
                    put_zigzag(&mut out, c.bytes);
                    put_zigzag(&mut out, c.col_id);
                    put_cstr(&mut out, c.name);
                }
            }
            if let Some(name) = b.table_name {
                put_cstr(&mut out, name);
            }
        }
        out.put_i64_le(self.sleep_time);
        Ok(out)
    }

    /// The presence flags hold for every block, and schemas describe their blocks.
    fn check_block(&self, i: usize, b: &TmqBlock<'_>) -> Result<(), WireError> {
        if self.with_table_name != b.table_name.is_some() {
            return Err(err(format!("block {i}: table name presence disagrees with with_table_name")));
        }
        if self.with_schema {
            if !schema_matches(b) {
                return Err(err(format!("block {i}: schema wrapper does not match the block's columns")));
            }
        } else if !b.schema.is_empty() {
            return Err(err(format!("block {i}: schema given but with_schema is false")));
        }
        Ok(())
    }

    /// Decodes and validates a payload, including every raw block in it.
    pub fn decode(payload: &'a [u8]) -> Result<Self, WireError> {
        let mut r = Reader::new(payload, WHAT);
        let version = r.u8()?;
        if version < FORMAT_VERSION {
            return Err(err(format!("format version {version}: layouts before {FORMAT_VERSION} are not supported")));
        }
        let n = r.i32()?;
        let offsets = r.take(usize::try_from(n).map_err(|_| err(format!("offsets length {n}")))?)?;
        let count = r.i32()?;
        let with_table_name = r.i8()? != 0;
        let with_schema = r.i8()? != 0;
        // Each block takes at least its header: this bounds the loop and the allocation.
        let count = usize::try_from(count)
            .ok()
            .filter(|c| *c <= r.remaining() / BLOCK_HEADER_LEN)
            .ok_or_else(|| err(format!("block count {count} for {} bytes", r.remaining())))?;
        let mut blocks = Vec::with_capacity(count);
        for i in 0..count {
            let len = read_varint(&mut r)?;
            let len =
                usize::try_from(len).ok().filter(|l| *l >= BLOCK_HEADER_LEN).ok_or_else(|| err(format!("block {i}: length {len}")))?;
            let mut h = Reader::new(r.take(len)?, WHAT);
            h.i64()?; // header version: no reader depends on it
            let rows = h.i64_be()?;
            if h.i8()? != 0 {
                return Err(err(format!("block {i} is compressed")));
            }
            let p = h.u8()?;
            let precision = Precision::from_code(p).ok_or_else(|| err(format!("block {i}: precision {p}")))?;
            let block = RawBlockView::parse(h.rest()).map_err(|e| err(format!("block {i}: {e}")))?;
            if usize::try_from(rows).ok() != Some(block.rows) {
                return Err(err(format!("block {i}: header says {rows} rows, raw block holds {}", block.rows)));
            }
            let (mut schema, mut schema_version) = (Vec::new(), 0);
            if with_schema {
                let cols = read_zigzag(&mut r)?;
                if usize::try_from(cols).ok() != Some(block.columns.len()) {
                    return Err(err(format!("block {i}: schema of {cols} columns for {}", block.columns.len())));
                }
                schema_version = read_zigzag(&mut r)?;
                for _ in 0..cols {
                    let code = r.u8()?;
                    let ty = DataType::from_code(code).ok_or_else(|| err(format!("unknown type code {code}")))?;
                    let (flags, bytes, col_id) = (r.i8()?, read_zigzag(&mut r)?, read_zigzag(&mut r)?);
                    schema.push(TmqColumn { ty, flags, bytes, col_id, name: read_cstr(&mut r)? });
                }
            }
            let table_name = if with_table_name { Some(read_cstr(&mut r)?) } else { None };
            let b = TmqBlock { precision, block, schema, schema_version, table_name };
            if with_schema && !schema_matches(&b) {
                return Err(err(format!("block {i}: schema wrapper does not match the block's columns")));
            }
            blocks.push(b);
        }
        let sleep_time = r.i64()?;
        // Newer libtaos versions may append fields; what we know is complete here.
        Ok(TmqRawData { offsets, with_table_name, with_schema, blocks, sleep_time })
    }

    /// The (req, rsp) WAL versions when both offsets are log offsets, as `encode_log_offsets`
    /// writes them; `None` for snapshot or reset offsets.
    pub fn log_offsets(&self) -> Option<(i64, i64)> {
        let mut r = Reader::new(self.offsets, WHAT);
        let mut log = || -> Option<i64> { (r.i8().ok()? & 0x0F == 1).then(|| r.i64().ok()).flatten() };
        Some((log()?, log()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw_block::{BlockField, ColumnBuilder, RawBlock, VERSION_TMQ};

    fn varint(v: u64) -> Vec<u8> {
        let mut out = vec![];
        put_varint(&mut out, v);
        out
    }

    #[test]
    fn varint_zigzag_and_cstr() {
        assert_eq!(varint(0), [0]);
        assert_eq!(varint(127), [0x7F]);
        assert_eq!(varint(128), [0x80, 0x01]);
        assert_eq!(varint(300), [0xAC, 0x02]);
        for v in [0, 1, 127, 128, 300, 1 << 35, u64::MAX] {
            let bytes = varint(v);
            assert_eq!(read_varint(&mut Reader::new(&bytes, "t")).unwrap(), v);
        }
        assert_eq!(varint(u64::MAX).len(), 10);
        let mut too_long = varint(u64::MAX);
        too_long[9] = 0x02;
        assert!(read_varint(&mut Reader::new(&too_long, "t")).is_err());
        assert!(read_varint(&mut Reader::new(&[0x80], "t")).is_err());

        let pairs = [(0, 0), (-1, 1), (1, 2), (-2, 3), (i32::MAX, u32::MAX - 1), (i32::MIN, u32::MAX)];
        for (n, z) in pairs {
            assert_eq!((zigzag(n), unzigzag(z)), (z, n));
        }
        let mut out = vec![];
        put_zigzag(&mut out, -3);
        assert_eq!(out, [5]);
        assert_eq!(read_zigzag(&mut Reader::new(&out, "t")).unwrap(), -3);
        assert!(read_zigzag(&mut Reader::new(&varint(1 << 32), "t")).is_err());

        let mut out = vec![];
        put_cstr(&mut out, "ab");
        assert_eq!(out, [3, b'a', b'b', 0]);
        assert_eq!(read_cstr(&mut Reader::new(&out, "t")).unwrap(), "ab");
        assert!(read_cstr(&mut Reader::new(&[3, b'a', b'b', b'c'], "t")).is_err());
        assert!(read_cstr(&mut Reader::new(&[0], "t")).is_err());
    }

    fn block(rows: &[(i64, Option<&str>)]) -> Vec<u8> {
        let mut ts = ColumnBuilder::new(BlockField::new(DataType::Timestamp, 8)).unwrap();
        let mut v = ColumnBuilder::new(BlockField::new(DataType::NChar, 4 * 10 + 2)).unwrap();
        for (t, s) in rows {
            ts.push_fixed(&t.to_le_bytes()).unwrap();
            match s {
                Some(s) => v.push_nchar(s).unwrap(),
                None => v.push_null(),
            }
        }
        RawBlock::new(VERSION_TMQ, vec![ts, v]).encode().unwrap()
    }

    fn schema() -> Vec<TmqColumn<'static>> {
        vec![
            TmqColumn { ty: DataType::Timestamp, flags: 0, bytes: 8, col_id: 1, name: "ts" },
            TmqColumn { ty: DataType::NChar, flags: 0, bytes: 42, col_id: 2, name: "v" },
        ]
    }

    fn message<'a>(offsets: &'a [u8], b0: &'a [u8], b1: &'a [u8]) -> TmqRawData<'a> {
        let blocks = [(b0, "d01", Precision::Nanosecond), (b1, "d02", Precision::Millisecond)]
            .into_iter()
            .map(|(b, name, precision)| TmqBlock {
                precision,
                block: RawBlockView::parse(b).unwrap(),
                schema: schema(),
                schema_version: 1,
                table_name: Some(name),
            })
            .collect();
        TmqRawData { offsets, with_table_name: true, with_schema: true, blocks, sleep_time: 0 }
    }

    #[test]
    fn round_trip() {
        let offsets = encode_log_offsets(1042, 1050);
        let (b0, b1) = (block(&[(1, Some("hi")), (2, None)]), block(&[(3, Some("ü"))]));
        let msg = message(&offsets, &b0, &b1);
        let bytes = msg.encode().unwrap();
        let back = TmqRawData::decode(&bytes).unwrap();
        assert_eq!(back, msg);
        assert_eq!(back.log_offsets(), Some((1042, 1050)));
        assert_eq!(back.blocks[1].table_name, Some("d02"));
        assert_eq!(back.blocks[0].block.columns[1].value(1), None);
    }

    #[test]
    fn layout() {
        let offsets = encode_log_offsets(7, 8);
        let b0 = block(&[(1, Some("hi")), (2, None)]);
        let mut msg = message(&offsets, &b0, &b0);
        msg.blocks.truncate(1);
        let bytes = msg.encode().unwrap();
        assert_eq!(bytes[0], 100);
        assert_eq!(&bytes[1..5], &18i32.to_le_bytes());
        assert_eq!(bytes[5], 0x11);
        assert_eq!(&bytes[6..14], &7i64.to_le_bytes());
        assert_eq!(&bytes[23..29], &[1, 0, 0, 0, 1, 1]); // 1 block, with names, with schemas
        let len = BLOCK_HEADER_LEN + b0.len();
        assert!(len < 128);
        assert_eq!(bytes[29] as usize, len);
        assert_eq!(&bytes[30..38], &1i64.to_le_bytes());
        assert_eq!(&bytes[38..46], &[0, 0, 0, 0, 0, 0, 0, 2]); // row count, big-endian
        assert_eq!(&bytes[46..48], &[0, 2]); // uncompressed, ns
        assert_eq!(&bytes[48..48 + b0.len()], &b0[..]);
        let after = 48 + b0.len();
        // 2 columns, schema version 1, TIMESTAMP flags 0 bytes 8 id 1 "ts", …
        assert_eq!(&bytes[after..after + 9], &[4, 2, 9, 0, 16, 2, 3, b't', b's']);
        assert_eq!(&bytes[bytes.len() - 13..], &[4, b'd', b'0', b'1', 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn without_names_or_schemas() {
        let b0 = block(&[(1, Some("a"))]);
        let mut msg = message(&[], &b0, &b0);
        msg.with_table_name = false;
        msg.with_schema = false;
        assert!(msg.encode().is_err()); // blocks still carry names and schemas
        for b in &mut msg.blocks {
            b.table_name = None;
            b.schema.clear();
            b.schema_version = 0;
        }
        let bytes = msg.encode().unwrap();
        let back = TmqRawData::decode(&bytes).unwrap();
        assert_eq!(back, msg);
        assert_eq!(back.log_offsets(), None);
    }

    #[test]
    fn rejects_damage() {
        let offsets = encode_log_offsets(1, 2);
        let b0 = block(&[(1, Some("hi")), (2, None)]);
        let bytes = message(&offsets, &b0, &b0).encode().unwrap();
        for n in 0..bytes.len() {
            assert!(TmqRawData::decode(&bytes[..n]).is_err(), "prefix of {n} bytes");
        }
        for i in 0..bytes.len() {
            for b in [0x00, 0x7F, 0x80, 0xFF] {
                let mut bad = bytes.clone();
                bad[i] = b;
                let _ = TmqRawData::decode(&bad);
            }
        }
        let mut old = bytes.clone();
        old[0] = 1;
        assert!(TmqRawData::decode(&old).unwrap_err().to_string().contains("format version 1"));
        let mut rows = bytes.clone();
        rows[45] = 3; // header row count
        assert!(TmqRawData::decode(&rows).unwrap_err().to_string().contains("header says 3 rows"));
        let mut compressed = bytes.clone();
        compressed[46] = 1;
        assert!(TmqRawData::decode(&compressed).unwrap_err().to_string().contains("compressed"));
        let mut mismatch = message(&offsets, &b0, &b0);
        mismatch.blocks[0].schema.pop();
        assert!(mismatch.encode().is_err());
    }
}
