//! The write log of `meters_topic` over the generated rows, encoded at start-up: what the log
//! of a TDengine vgroup holds after `tdlite-bench` wrote the rows in binds of `BIND_ROWS`,
//! one version per bind and vgroup, each carrying one block per subtable of that vgroup.
//! A version is one TMQ message (raw data, docs/protocol.md §10.6); versions run from 0.

use crate::engine::{ResultColumn, ResultSet, TopicBlock, Value};
use crate::meters::{self, MetersSpec, BIND_ROWS};
use crate::server::block::block_field;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use tdflink_protocol::bytes_io::WireError;
use tdflink_protocol::raw_block::{ColumnBuilder, RawBlock, RawBlockView, VERSION_TMQ};
use tdflink_protocol::tmq_raw::{self, TmqBlock, TmqColumn, TmqRawData};
use tdflink_protocol::types::Precision;

/// One version of one vgroup.
pub struct Entry {
    /// The rows of the data set it covers.
    rows: std::ops::Range<usize>,
    /// The raw data with table names (`msg.with.table.name`, tdflink's default)...
    with_names: Vec<u8>,
    /// ...and without them, made from it the first time a consumer asks.
    without_names: OnceLock<Vec<u8>>,
}

/// Every vgroup's versions.
pub struct Log {
    spec: MetersSpec,
    columns: Vec<ResultColumn>,
    /// Subtables (numbers) of each vgroup, and its versions.
    vgroups: BTreeMap<u32, (Vec<usize>, Vec<Entry>)>,
}

impl Log {
    /// `columns`: the topic's (those of `SELECT * FROM meters`); `vgroup_of`: each subtable's vgroup.
    pub fn encode(spec: MetersSpec, columns: &[ResultColumn], vgroup_of: impl Fn(usize) -> u32) -> Result<Log, WireError> {
        let mut tables: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for t in 0..spec.tables {
            tables.entry(vgroup_of(t)).or_default().push(t);
        }
        let mut vgroups = BTreeMap::new();
        for (vgroup, tables) in tables {
            let mut entries = Vec::new();
            for first in (0..spec.rows).step_by(BIND_ROWS) {
                let rows = first..spec.rows.min(first + BIND_ROWS);
                let with_names = raw_data(spec, columns, &tables, rows.clone(), entries.len() as i64)?;
                if !with_names.is_empty() {
                    entries.push(Entry { rows, with_names, without_names: OnceLock::new() });
                }
            }
            vgroups.insert(vgroup, (tables, entries));
        }
        Ok(Log { spec, columns: columns.to_vec(), vgroups })
    }

    /// The first version of `vgroup` and the one after its last.
    pub fn range(&self, vgroup: u32) -> (i64, i64) {
        (0, self.vgroups.get(&vgroup).map_or(0, |(_, entries)| entries.len() as i64))
    }

    /// The raw data of `version` of `vgroup`, if it has that version.
    pub fn raw_data(&self, vgroup: u32, version: i64, with_table_name: bool) -> Option<Result<&[u8], WireError>> {
        let entry = self.entry(vgroup, version)?;
        if with_table_name {
            return Some(Ok(&entry.with_names));
        }
        if let Some(bytes) = entry.without_names.get() {
            return Some(Ok(bytes));
        }
        Some(without_names(&entry.with_names).map(|bytes| entry.without_names.get_or_init(|| bytes).as_slice()))
    }

    /// The blocks of `version` of `vgroup` as rows (the legacy fetch path).
    pub fn blocks(&self, vgroup: u32, version: i64) -> Vec<TopicBlock> {
        let (Some((tables, _)), Some(entry)) = (self.vgroups.get(&vgroup), self.entry(vgroup, version)) else { return Vec::new() };
        tables
            .iter()
            .map(|&t| {
                let rows = meters::table_rows(t, self.spec.tables, entry.rows.start, entry.rows.end)
                    .map(|r| {
                        vec![
                            Value::Timestamp(r.ts),
                            Value::Float(f64::from(r.current)),
                            Value::Int(i64::from(r.voltage)),
                            Value::Float(f64::from(r.phase)),
                            Value::Int(i64::from(meters::groupid(t))),
                            Value::Text(meters::location(t)),
                        ]
                    })
                    .collect();
                let rows = ResultSet { columns: self.columns.clone(), precision: Precision::Millisecond, rows };
                TopicBlock { table: meters::table_name(t), rows }
            })
            .filter(|b| !b.rows.rows.is_empty())
            .collect()
    }

    fn entry(&self, vgroup: u32, version: i64) -> Option<&Entry> {
        self.vgroups.get(&vgroup)?.1.get(usize::try_from(version).ok()?)
    }
}

/// The raw data of `rows` of `tables` as version `version`; empty when they hold none.
fn raw_data(
    spec: MetersSpec,
    columns: &[ResultColumn],
    tables: &[usize],
    rows: std::ops::Range<usize>,
    version: i64,
) -> Result<Vec<u8>, WireError> {
    let mut encoded = Vec::new();
    for &t in tables {
        let rows: Vec<meters::Row> = meters::table_rows(t, spec.tables, rows.start, rows.end).collect();
        if rows.is_empty() {
            continue;
        }
        let mut builders: Vec<ColumnBuilder> = columns.iter().map(|c| ColumnBuilder::new(block_field(c))).collect::<Result<_, _>>()?;
        let location = meters::location(t);
        for r in &rows {
            builders[0].push_fixed(&r.ts.to_le_bytes())?;
            builders[1].push_fixed(&r.current.to_le_bytes())?;
            builders[2].push_fixed(&r.voltage.to_le_bytes())?;
            builders[3].push_fixed(&r.phase.to_le_bytes())?;
            builders[4].push_fixed(&meters::groupid(t).to_le_bytes())?;
            builders[5].push_var(location.as_bytes())?;
        }
        // libtaos' TMQ header version and taosd's trailing blankFill byte, as block::encode_tmq.
        let mut block = RawBlock::new(VERSION_TMQ, builders);
        block.blank_fill = true;
        encoded.push((meters::table_name(t), block.encode()?));
    }
    if encoded.is_empty() {
        return Ok(Vec::new());
    }
    let mut blocks = Vec::with_capacity(encoded.len());
    for (name, bytes) in &encoded {
        let view = RawBlockView::parse(bytes)?;
        let schema = columns
            .iter()
            .zip(&view.columns)
            .enumerate()
            .map(|(i, (c, v))| TmqColumn { ty: c.ty, flags: 0, bytes: v.field().bytes, col_id: i as i32 + 1, name: &c.name })
            .collect();
        blocks.push(TmqBlock { precision: Precision::Millisecond, block: view, schema, schema_version: 1, table_name: Some(name) });
    }
    let offsets = tmq_raw::encode_log_offsets(version, version);
    TmqRawData { offsets: &offsets, with_table_name: true, with_schema: true, blocks, sleep_time: 0 }.encode()
}

/// The same raw data without the table names.
fn without_names(with_names: &[u8]) -> Result<Vec<u8>, WireError> {
    let mut data = TmqRawData::decode(with_names)?;
    data.with_table_name = false;
    data.blocks.iter_mut().for_each(|b| b.table_name = None);
    data.encode()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_blocks_hold_the_rows_of_the_raw_data() {
        let columns = crate::server::generated::chunks::meters_columns();
        let spec = MetersSpec { rows: BIND_ROWS + 10, tables: 5 };
        let log = Log::encode(spec, &columns, |t| 2 + (t % 2) as u32).unwrap();
        assert_eq!((log.range(2), log.range(3), log.range(4)), ((0, 2), (0, 2), (0, 0)));
        for (vgroup, version) in [(2, 0), (3, 1)] {
            let raw = log.raw_data(vgroup, version, true).unwrap().unwrap();
            let data = TmqRawData::decode(raw).unwrap();
            let without = TmqRawData::decode(log.raw_data(vgroup, version, false).unwrap().unwrap()).unwrap();
            assert_eq!(without.blocks.len(), data.blocks.len());
            assert!(without.blocks.iter().all(|b| b.table_name.is_none()));
            let blocks = log.blocks(vgroup, version);
            assert_eq!(blocks.len(), data.blocks.len());
            for (b, d) in blocks.iter().zip(&data.blocks) {
                assert_eq!(Some(b.table.as_str()), d.table_name);
                assert_eq!(b.rows.rows.len(), d.block.rows);
                assert_eq!(
                    b.rows.rows[0][0],
                    Value::Timestamp(i64::from_le_bytes(d.block.columns[0].value(0).unwrap().try_into().unwrap()))
                );
            }
        }
        assert!(log.raw_data(2, 2, true).is_none());
    }
}
