//! Bounds-checked little-endian reading, and the error every binary codec here reports.
//!
//! Writing needs no helper of ours: `bytes::BufMut` on `Vec<u8>` already has `put_u32_le` & co.
//! Reading gets its own small cursor because every read must fail cleanly on short input
//! (the bytes come off the network) and say where.

use std::fmt;

/// Why bytes are not (or values cannot become) a valid instance of some wire structure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireError {
    what: &'static str,
    detail: String,
}

impl WireError {
    /// `what` names the structure ("raw block", "tmq raw data"…), `detail` the problem.
    pub fn new(what: &'static str, detail: impl Into<String>) -> Self {
        WireError { what, detail: detail.into() }
    }

    pub fn what(&self) -> &'static str {
        self.what
    }

    pub fn detail(&self) -> &str {
        &self.detail
    }
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}: {}", self.what, self.detail)
    }
}

impl std::error::Error for WireError {}

/// A cursor over a byte slice; every read is bounds-checked.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    what: &'static str,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8], what: &'static str) -> Self {
        Reader { buf, pos: 0, what }
    }

    /// An error about the structure this reader decodes.
    pub fn error(&self, detail: impl Into<String>) -> WireError {
        WireError::new(self.what, detail)
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// Everything not read yet; the reader is then exhausted.
    pub fn rest(&mut self) -> &'a [u8] {
        let s = &self.buf[self.pos..];
        self.pos = self.buf.len();
        s
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.buf.len());
        let end = end.ok_or_else(|| self.error(format!("truncated at byte {} (wanted {n} more, {} left)", self.pos, self.remaining())))?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], WireError> {
        // `take(N)` returned exactly N bytes, so the conversion cannot fail.
        Ok(self.take(N)?.try_into().expect("take returns the requested length"))
    }

    pub fn u8(&mut self) -> Result<u8, WireError> {
        Ok(self.take(1)?[0])
    }
    pub fn i8(&mut self) -> Result<i8, WireError> {
        Ok(self.u8()? as i8)
    }
    pub fn u16(&mut self) -> Result<u16, WireError> {
        Ok(u16::from_le_bytes(self.array()?))
    }
    pub fn u32(&mut self) -> Result<u32, WireError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    pub fn i32(&mut self) -> Result<i32, WireError> {
        Ok(i32::from_le_bytes(self.array()?))
    }
    pub fn u64(&mut self) -> Result<u64, WireError> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    pub fn i64(&mut self) -> Result<i64, WireError> {
        Ok(i64::from_le_bytes(self.array()?))
    }
    /// The one big-endian field we meet: the TMQ block header's row count (docs/protocol.md §10.6).
    pub fn i64_be(&mut self) -> Result<i64, WireError> {
        Ok(i64::from_be_bytes(self.array()?))
    }
}

/// The `index`-th little-endian `i32` of an array of them (offset and length arrays).
/// Panics if the array is too short; callers check lengths when they take the array.
pub(crate) fn i32_at(array: &[u8], index: usize) -> i32 {
    let b = &array[index * 4..index * 4 + 4];
    i32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

/// Overwrites a little-endian `u32` written earlier as a placeholder (total-length fields).
pub(crate) fn patch_u32(buf: &mut [u8], at: usize, value: u32) {
    buf[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

/// `n` as a `u32` wire field, or an error naming the field when it does not fit.
pub(crate) fn to_u32(n: usize, what: &'static str, field: &str) -> Result<u32, WireError> {
    u32::try_from(n).map_err(|_| WireError::new(what, format!("{field} {n} does not fit in 32 bits")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_little_endian_and_reports_truncation() {
        let bytes = [1, 0, 2, 0, 0, 0, 0xff];
        let mut r = Reader::new(&bytes, "thing");
        assert_eq!(r.u16().unwrap(), 1);
        assert_eq!(r.u32().unwrap(), 2);
        assert_eq!(r.remaining(), 1);
        let err = r.u16().unwrap_err();
        assert_eq!(err.what(), "thing");
        assert!(err.to_string().starts_with("invalid thing: truncated at byte 6"), "{err}");
        assert_eq!(r.i8().unwrap(), -1);
        assert_eq!(r.rest(), &[] as &[u8]);
    }

    #[test]
    fn big_endian_row_count() {
        let bytes = 5i64.to_be_bytes();
        assert_eq!(Reader::new(&bytes, "x").i64_be().unwrap(), 5);
    }

    #[test]
    fn huge_take_does_not_overflow() {
        let mut r = Reader::new(&[0u8; 4], "x");
        r.take(1).unwrap();
        assert!(r.take(usize::MAX).is_err());
    }

    #[test]
    fn patch_narrow_and_index() {
        let mut buf = vec![0u8; 6];
        patch_u32(&mut buf, 1, 0x0403_0201);
        assert_eq!(buf, [0, 1, 2, 3, 4, 0]);
        assert_eq!(to_u32(7, "x", "len").unwrap(), 7);
        assert!(to_u32(usize::MAX, "x", "len").is_err());
        assert_eq!(i32_at(&[0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF], 1), -1);
    }
}
