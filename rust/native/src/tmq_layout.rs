//! The bytes `NativeConsumer` hands Java (docs/native-batch-layout.md, "TMQ messages"): a
//! polled message as one envelope around its blocks' batches, and the assignment list as
//! records. Little-endian; strings are UTF-8 with a u16 length.

use crate::boundary::{NativeError, NativeResult};
use tdflink_client::tmq::{Message, VgroupAssignment};
use tdflink_protocol::codes;

pub const MESSAGE_MAGIC: &[u8; 4] = b"TDFM";
pub const MESSAGE_VERSION: u16 = 2;

fn put_str(out: &mut Vec<u8>, s: &str) -> NativeResult<()> {
    let len = u16::try_from(s.len()).map_err(|_| too_large(format!("a name of {} bytes", s.len())))?;
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(s.as_bytes());
    Ok(())
}

fn too_large(what: String) -> NativeError {
    NativeError::new(codes::DRIVER_INVALID_VARIABLE, format!("{what} does not fit the TMQ message layout"))
}

/// One message: header (magic, version, flags, total length, vgroup, offset, next offset, block count,
/// topic, database), then per block its table name and its batch with the batch's length.
pub fn encode_message(message: &Message) -> NativeResult<Vec<u8>> {
    let batches: usize = message.blocks.iter().map(|b| b.batch.len() + b.table_name.len() + 6).sum();
    let mut out = Vec::with_capacity(40 + message.topic.len() + message.database.len() + batches);
    out.extend_from_slice(MESSAGE_MAGIC);
    out.extend_from_slice(&MESSAGE_VERSION.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes()); // total length, set below
    out.extend_from_slice(&message.vgroup_id.to_le_bytes());
    out.extend_from_slice(&message.offset.to_le_bytes());
    out.extend_from_slice(&message.next_offset.to_le_bytes());
    let count = u32::try_from(message.blocks.len()).map_err(|_| too_large("the block count".into()))?;
    out.extend_from_slice(&count.to_le_bytes());
    put_str(&mut out, &message.topic)?;
    put_str(&mut out, &message.database)?;
    for block in &message.blocks {
        put_str(&mut out, &block.table_name)?;
        let len = u32::try_from(block.batch.len()).map_err(|_| too_large("a batch".into()))?;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&block.batch);
    }
    // Java buffers are indexed by int: a larger message cannot cross in one call.
    let total = i32::try_from(out.len()).map_err(|_| too_large(format!("a message of {} bytes", out.len())))?;
    out[8..12].copy_from_slice(&(total as u32).to_le_bytes());
    Ok(out)
}

/// Records of (topic, vgroup, begin, end, current), back to back.
pub fn encode_assignment(assignment: &[VgroupAssignment]) -> NativeResult<Vec<u8>> {
    let mut out = Vec::with_capacity(assignment.len() * 40);
    for a in assignment {
        put_str(&mut out, &a.topic)?;
        out.extend_from_slice(&a.vgroup_id.to_le_bytes());
        for value in [a.begin, a.end, a.current] {
            out.extend_from_slice(&value.to_le_bytes());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tdflink_client::tmq::Block;

    #[test]
    fn message_envelope() {
        let message = Message {
            topic: "tp".into(),
            database: "db".into(),
            vgroup_id: 3,
            offset: 42,
            next_offset: 50,
            blocks: vec![Block { table_name: "t1".into(), batch: vec![9; 5] }],
        };
        let bytes = encode_message(&message).unwrap();
        assert_eq!(&bytes[..4], b"TDFM");
        assert_eq!(u32::from_le_bytes(bytes[8..12].try_into().unwrap()) as usize, bytes.len());
        assert_eq!(i32::from_le_bytes(bytes[12..16].try_into().unwrap()), 3);
        assert_eq!(i64::from_le_bytes(bytes[16..24].try_into().unwrap()), 42);
        assert_eq!(i64::from_le_bytes(bytes[24..32].try_into().unwrap()), 50);
        assert_eq!(u32::from_le_bytes(bytes[32..36].try_into().unwrap()), 1);
        assert_eq!(&bytes[36..48], b"\x02\x00tp\x02\x00db\x02\x00t1");
        assert_eq!(&bytes[48..], b"\x05\x00\x00\x00\x09\x09\x09\x09\x09");
    }

    #[test]
    fn records() {
        let a = encode_assignment(&[VgroupAssignment { topic: "a".into(), vgroup_id: 2, begin: 1, end: 9, current: 5 }]).unwrap();
        assert_eq!(a.len(), 3 + 4 + 24);
    }
}
