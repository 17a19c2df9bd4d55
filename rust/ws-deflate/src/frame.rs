//! WebSocket frame headers (RFC 6455 §5.2): just enough to find message boundaries, the RSV1
//! bit and the masking key.

pub const OP_CONTINUATION: u8 = 0x0;
pub const OP_TEXT: u8 = 0x1;
pub const OP_BINARY: u8 = 0x2;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    pub fin: bool,
    pub rsv1: bool,
    pub opcode: u8,
    pub mask: Option<[u8; 4]>,
    pub len: usize,
}

impl Header {
    /// Parses a header from the start of `buf`: `Some((header, header_len))`, or `None` if
    /// more bytes are needed.
    pub fn parse(buf: &[u8]) -> Option<(Header, usize)> {
        let (b0, b1) = (*buf.first()?, *buf.get(1)?);
        let masked = b1 & 0x80 != 0;
        let (len, mut at) = match b1 & 0x7f {
            126 => (u16::from_be_bytes(buf.get(2..4)?.try_into().ok()?) as usize, 4),
            127 => (u64::from_be_bytes(buf.get(2..10)?.try_into().ok()?) as usize, 10),
            n => (n as usize, 2),
        };
        let mask = if masked {
            let key = buf.get(at..at + 4)?.try_into().ok()?;
            at += 4;
            Some(key)
        } else {
            None
        };
        Some((Header { fin: b0 & 0x80 != 0, rsv1: b0 & 0x40 != 0, opcode: b0 & 0x0f, mask, len }, at))
    }

    pub fn is_control(&self) -> bool {
        self.opcode & 0x08 != 0
    }

    pub fn write(&self, out: &mut Vec<u8>) {
        out.push(u8::from(self.fin) << 7 | u8::from(self.rsv1) << 6 | self.opcode);
        let mask_bit = if self.mask.is_some() { 0x80 } else { 0 };
        match self.len {
            n if n < 126 => out.push(mask_bit | n as u8),
            n if n <= u16::MAX as usize => {
                out.push(mask_bit | 126);
                out.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                out.push(mask_bit | 127);
                out.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        if let Some(key) = self.mask {
            out.extend_from_slice(&key);
        }
    }
}

/// Masks or unmasks in place (the operation is its own inverse).
pub fn apply_mask(payload: &mut [u8], key: [u8; 4]) {
    for (i, b) in payload.iter_mut().enumerate() {
        *b ^= key[i % 4];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_round_trip_at_every_length_form() {
        for (len, mask) in [(0, None), (125, Some([1, 2, 3, 4])), (126, None), (70_000, Some([9, 9, 9, 9]))] {
            let header = Header { fin: true, rsv1: true, opcode: OP_BINARY, mask, len };
            let mut bytes = vec![];
            header.write(&mut bytes);
            assert_eq!(Header::parse(&bytes), Some((header, bytes.len())));
            assert_eq!(Header::parse(&bytes[..bytes.len() - 1]), None);
        }
    }
}
