//! The bytes `NativeConsumer` hands Java (docs/native-batch-layout.md, "TMQ messages"): a
//! polled message as one envelope around its blocks, each converted from the raw block the
//! server sent into a batch, and the assignment list as records. Little-endian; strings are
//! UTF-8 with a u16 length.

use crate::raw::from_raw_block;
use crate::LayoutError;
use tdflink_client::tmq::{Message, VgroupAssignment};

pub const MESSAGE_MAGIC: &[u8; 4] = b"TDFM";
pub const MESSAGE_VERSION: u16 = 2;

fn put_str(out: &mut Vec<u8>, s: &str) -> Result<(), LayoutError> {
    let len = u16::try_from(s.len()).map_err(|_| too_large(format!("a name of {} bytes", s.len())))?;
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(s.as_bytes());
    Ok(())
}

fn too_large(what: String) -> LayoutError {
    LayoutError::invalid(format!("{what} does not fit the TMQ message layout"))
}

/// One message: header (magic, version, flags, total length, vgroup, offset, next offset, block count,
/// topic, database), then per block its table name and its batch with the batch's length.
pub fn encode_message(message: &Message) -> Result<Vec<u8>, LayoutError> {
    let data = message.data();
    let mut out = Vec::with_capacity(40 + message.topic.len() + message.database.len() + message.data_len() * 2);
    out.extend_from_slice(MESSAGE_MAGIC);
    out.extend_from_slice(&MESSAGE_VERSION.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes()); // total length, set below
    out.extend_from_slice(&message.vgroup_id.to_le_bytes());
    out.extend_from_slice(&message.offset.to_le_bytes());
    out.extend_from_slice(&message.next_offset.to_le_bytes());
    let count = u32::try_from(data.blocks.len()).map_err(|_| too_large("the block count".into()))?;
    out.extend_from_slice(&count.to_le_bytes());
    put_str(&mut out, &message.topic)?;
    put_str(&mut out, &message.database)?;
    for block in &data.blocks {
        // Servers always send the schema wrapper, which names the columns.
        let names: Vec<String> = block.schema.iter().map(|c| c.name.to_owned()).collect();
        let batch = from_raw_block(&block.block, &names, block.precision)?;
        put_str(&mut out, block.table_name.unwrap_or_default())?;
        let len = u32::try_from(batch.len()).map_err(|_| too_large("a batch".into()))?;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&batch);
    }
    // Java buffers are indexed by int: a larger message cannot cross in one call.
    let total = i32::try_from(out.len()).map_err(|_| too_large(format!("a message of {} bytes", out.len())))?;
    out[8..12].copy_from_slice(&(total as u32).to_le_bytes());
    Ok(out)
}

/// Records of (topic, vgroup, begin, end, current), back to back.
pub fn encode_assignment(assignment: &[VgroupAssignment]) -> Result<Vec<u8>, LayoutError> {
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
    use tdflink_protocol::frames::FetchRawDataResponse;
    use tdflink_protocol::raw_block::{BlockField, ColumnBuilder, RawBlock, RawBlockView, VERSION_TMQ};
    use tdflink_protocol::tmq_raw::{encode_log_offsets, TmqBlock, TmqColumn, TmqRawData, RAW_TYPE_DATA};
    use tdflink_protocol::types::{DataType, Precision};

    /// A message of one table, `t1`, with one INT row.
    fn message() -> Message {
        let mut v = ColumnBuilder::new(BlockField::new(DataType::Int, 4)).unwrap();
        v.push_fixed(&7i32.to_le_bytes()).unwrap();
        let raw = RawBlock::new(VERSION_TMQ, vec![v]).encode().unwrap();
        let offsets = encode_log_offsets(1, 2);
        let schema = vec![TmqColumn { ty: DataType::Int, flags: 0, bytes: 4, col_id: 1, name: "v" }];
        let block = TmqBlock {
            precision: Precision::Millisecond,
            block: RawBlockView::parse(&raw).unwrap(),
            schema,
            schema_version: 1,
            table_name: Some("t1"),
        };
        let data = TmqRawData { offsets: &offsets, with_table_name: true, with_schema: true, blocks: vec![block], sleep_time: 0 };
        let payload = data.encode().unwrap();
        let frame = FetchRawDataResponse { timing: 0, req_id: 1, message_id: 7, outcome: Ok((RAW_TYPE_DATA, &payload)) }.encode().unwrap();
        Message::new("tp".into(), "db".into(), 3, 42, 50, frame).unwrap()
    }

    #[test]
    fn message_envelope() {
        let bytes = encode_message(&message()).unwrap();
        assert_eq!(&bytes[..4], b"TDFM");
        assert_eq!(u32::from_le_bytes(bytes[8..12].try_into().unwrap()) as usize, bytes.len());
        assert_eq!(i32::from_le_bytes(bytes[12..16].try_into().unwrap()), 3);
        assert_eq!(i64::from_le_bytes(bytes[16..24].try_into().unwrap()), 42);
        assert_eq!(i64::from_le_bytes(bytes[24..32].try_into().unwrap()), 50);
        assert_eq!(u32::from_le_bytes(bytes[32..36].try_into().unwrap()), 1);
        assert_eq!(&bytes[36..48], b"\x02\x00tp\x02\x00db\x02\x00t1");
        let length = u32::from_le_bytes(bytes[48..52].try_into().unwrap()) as usize;
        let batch = crate::batch::decode(&bytes[52..]).unwrap();
        assert_eq!((length, batch.rows, batch.columns[0].schema.name.as_str()), (bytes.len() - 52, 1, "v"));
        assert_eq!(batch.columns[0].fixed(0), 7i32.to_le_bytes());
    }

    #[test]
    fn records() {
        let a = encode_assignment(&[VgroupAssignment { topic: "a".into(), vgroup_id: 2, begin: 1, end: 9, current: 5 }]).unwrap();
        assert_eq!(a.len(), 3 + 4 + 24);
    }
}
