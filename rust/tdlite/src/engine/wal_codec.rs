//! The compact encodings of a write-log entry (wal.rs): its timestamps as runs of equal steps,
//! and the other values it wrote in their stored SQLite form (codec.rs), tagged, row after row.
//! Both are built while the write runs, so logging a write adds little to what it stores.

use rusqlite::types::Value as SqlValue;

/// Timestamps as the first one, then runs of equal steps: `(step, count)` pairs, all zigzag
/// varints. A regular series of any length takes a few bytes.
pub fn encode_timestamps(timestamps: &[i64]) -> Vec<u8> {
    let mut out = Vec::new();
    let Some(&first) = timestamps.first() else { return out };
    put_varint(&mut out, zigzag(first));
    let mut steps = timestamps.windows(2).map(|w| w[1].wrapping_sub(w[0])).peekable();
    while let Some(step) = steps.next() {
        let mut count = 1u64;
        while steps.next_if_eq(&step).is_some() {
            count += 1;
        }
        put_varint(&mut out, zigzag(step));
        put_varint(&mut out, count);
    }
    out
}

pub fn decode_timestamps(mut blob: &[u8]) -> Option<Vec<i64>> {
    let mut out = Vec::new();
    if blob.is_empty() {
        return Some(out);
    }
    let mut ts = unzigzag(read_varint(&mut blob)?);
    out.push(ts);
    while !blob.is_empty() {
        let step = unzigzag(read_varint(&mut blob)?);
        for _ in 0..read_varint(&mut blob)? {
            ts = ts.wrapping_add(step);
            out.push(ts);
        }
    }
    Some(out)
}

/// Column numbers as varints.
pub fn encode_columns(columns: &[usize]) -> Vec<u8> {
    let mut out = Vec::new();
    for &c in columns {
        put_varint(&mut out, c as u64);
    }
    out
}

pub fn decode_columns(mut blob: &[u8]) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    while !blob.is_empty() {
        out.push(usize::try_from(read_varint(&mut blob)?).ok()?);
    }
    Some(out)
}

const NULL: u8 = 0;
const INTEGER: u8 = 1;
const REAL: u8 = 2;
const TEXT: u8 = 3;
const BLOB: u8 = 4;

/// Appends one stored value: a tag byte, then a zigzag varint, 8 bytes of f64, or a
/// varint length and the bytes.
pub fn put_value(out: &mut Vec<u8>, value: &SqlValue) {
    match value {
        SqlValue::Null => out.push(NULL),
        SqlValue::Integer(v) => {
            out.push(INTEGER);
            put_varint(out, zigzag(*v));
        }
        SqlValue::Real(v) => {
            out.push(REAL);
            out.extend_from_slice(&v.to_le_bytes());
        }
        SqlValue::Text(s) => put_bytes(out, TEXT, s.as_bytes()),
        SqlValue::Blob(b) => put_bytes(out, BLOB, b),
    }
}

fn put_bytes(out: &mut Vec<u8>, tag: u8, bytes: &[u8]) {
    out.push(tag);
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// The next value of `blob`, advancing it.
pub fn read_value(blob: &mut &[u8]) -> Option<SqlValue> {
    let (&tag, rest) = blob.split_first()?;
    *blob = rest;
    Some(match tag {
        NULL => SqlValue::Null,
        INTEGER => SqlValue::Integer(unzigzag(read_varint(blob)?)),
        REAL => SqlValue::Real(f64::from_le_bytes(take(blob, 8)?.try_into().ok()?)),
        TEXT => {
            let len = usize::try_from(read_varint(blob)?).ok()?;
            SqlValue::Text(String::from_utf8(take(blob, len)?.to_vec()).ok()?)
        }
        BLOB => {
            let len = usize::try_from(read_varint(blob)?).ok()?;
            SqlValue::Blob(take(blob, len)?.to_vec())
        }
        _ => return None,
    })
}

fn take<'a>(blob: &mut &'a [u8], len: usize) -> Option<&'a [u8]> {
    if blob.len() < len {
        return None;
    }
    let (head, rest) = blob.split_at(len);
    *blob = rest;
    Some(head)
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    (v >> 1) as i64 ^ -((v & 1) as i64)
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_varint(blob: &mut &[u8]) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = blob.split_first()?;
        *blob = rest;
        v |= u64::from(b & 0x7F) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip_compactly() {
        let regular: Vec<i64> = (0..10_000).map(|i| 1_700_000_000_000 + i * 1000).collect();
        assert!(encode_timestamps(&regular).len() < 16);
        let odd = vec![i64::MIN, i64::MAX, 0, -5, -5, 7, 3, 3, 3];
        for series in [regular, odd, vec![42], vec![]] {
            assert_eq!(decode_timestamps(&encode_timestamps(&series)), Some(series));
        }
        assert_eq!(decode_timestamps(&[0x80]), None);
    }

    #[test]
    fn values_and_columns_round_trip() {
        let values = [
            SqlValue::Null,
            SqlValue::Integer(i64::MIN),
            SqlValue::Integer(-1),
            SqlValue::Real(-0.5),
            SqlValue::Text("涛思 'x'".into()),
            SqlValue::Blob(vec![0, 255]),
        ];
        let mut blob = Vec::new();
        values.iter().for_each(|v| put_value(&mut blob, v));
        assert_eq!(blob.len(), 1 + 11 + 2 + 9 + 12 + 4, "small numbers take one or two bytes");
        let mut rest = blob.as_slice();
        for v in &values {
            assert_eq!(read_value(&mut rest).as_ref(), Some(v));
        }
        assert!(rest.is_empty());
        assert_eq!(read_value(&mut &[BLOB, 5, 1][..]), None, "a truncated value is refused");
        assert_eq!(decode_columns(&encode_columns(&[1, 3, 200])), Some(vec![1, 3, 200]));
    }
}
