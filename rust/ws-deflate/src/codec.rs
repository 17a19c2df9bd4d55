//! Compressing and inflating one message (RFC 7692 §7.2.1, §7.2.2) with fresh state each time.

use flate2::write::{DeflateDecoder, DeflateEncoder};
use flate2::Compression;
use std::io::{self, Write};

/// The empty stored block a sync flush ends with; the sender drops it, the receiver adds it.
const TAIL: [u8; 4] = [0x00, 0x00, 0xff, 0xff];

pub fn compress(payload: &[u8]) -> Vec<u8> {
    let mut encoder = DeflateEncoder::new(Vec::with_capacity(payload.len() / 2 + 64), Compression::fast());
    // Writing to a Vec cannot fail; a sync flush ends the message on a byte boundary.
    encoder.write_all(payload).and_then(|()| encoder.flush()).expect("deflate into memory");
    let mut out = std::mem::take(encoder.get_mut());
    if out.ends_with(&TAIL) {
        out.truncate(out.len() - TAIL.len());
    }
    out
}

/// Inflates one message, refusing to produce more than `max_len` bytes (a small compressed
/// message must not be able to exhaust memory).
pub fn decompress(payload: &[u8], max_len: usize) -> io::Result<Vec<u8>> {
    let mut decoder = DeflateDecoder::new(Capped { buf: Vec::with_capacity(payload.len() * 4), max: max_len });
    decoder.write_all(payload)?;
    decoder.write_all(&TAIL)?;
    decoder.flush()?;
    Ok(std::mem::take(&mut decoder.get_mut().buf))
}

struct Capped {
    buf: Vec<u8>,
    max: usize,
}

impl Write for Capped {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.buf.len() + data.len() > self.max {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "permessage-deflate: message too large"));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_small_empty_and_large_messages() {
        let big: Vec<u8> = (0..1_000_000u32).flat_map(|i| (i % 251).to_le_bytes()).collect();
        for message in [&b""[..], b"{\"action\":\"version\"}", &big] {
            let compressed = compress(message);
            assert!(!compressed.ends_with(&TAIL));
            assert_eq!(decompress(&compressed, usize::MAX).unwrap(), message);
        }
        assert!(compress(&big).len() < big.len() / 10);
    }

    #[test]
    fn rejects_garbage_and_oversized_output() {
        assert!(decompress(&[0xff, 0xff, 0xff], usize::MAX).is_err());
        let zeros = vec![0u8; 100_000];
        assert!(decompress(&compress(&zeros), 1000).is_err());
    }
}
