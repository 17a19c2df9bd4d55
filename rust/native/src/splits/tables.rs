//! What split planning learns from the server when the job starts: the subtables a scan
//! reads, and which vgroup holds each subtable of a supertable. Names and values are bound
//! parameters or come back as data; none is written into SQL here.

use std::collections::{BTreeMap, BTreeSet};
use tdflink_client::{Client, Error, Outcome, Params, Result, ResultHandle};
use tdflink_protocol::raw_block::RawBlockView;

/// TDengine's listing of tables and the vgroup each lives in (TDengine 3 information_schema).
const VGROUPS_OF_SUBTABLES: &str = "select table_name, vgroup_id from information_schema.ins_tables where db_name = ? and stable_name = ?";
const SUPERTABLE: &str = "select stable_name from information_schema.ins_stables where db_name = ? and stable_name = ?";

/// One cell as the server sent it, `None` for NULL.
type Row = Vec<Option<Vec<u8>>>;

/// The distinct names in the first column of `sql`'s result, sorted (the scan's subtables).
pub async fn subtables(client: &Client, sql: &str) -> Result<BTreeSet<String>> {
    let result = match client.query(sql).await? {
        Outcome::Rows(result) => result,
        Outcome::Affected(_) => return Err(Error::protocol("listing the subtables returned no rows")),
    };
    Ok(read(client, &result).await?.into_iter().filter_map(|row| text(&row[0])).collect())
}

/// The subtables of supertable `stable` of database `db` by vgroup id, each list sorted.
pub async fn by_vgroup(client: &Client, db: &str, stable: &str) -> Result<BTreeMap<i32, Vec<String>>> {
    let params = Params::default().varchar(db).varchar(stable).to_batch();
    let result = client.query_with_params(VGROUPS_OF_SUBTABLES, &params.view()).await?;
    let mut vgroups: BTreeMap<i32, Vec<String>> = BTreeMap::new();
    for row in read(client, &result).await? {
        if let (Some(table), Some(vgroup)) = (text(&row[0]), int(&row[1])) {
            vgroups.entry(vgroup).or_default().push(table);
        }
    }
    vgroups.values_mut().for_each(|tables| tables.sort());
    Ok(vgroups)
}

/// Whether `stable` is a supertable of database `db`.
pub async fn is_supertable(client: &Client, db: &str, stable: &str) -> Result<bool> {
    let params = Params::default().varchar(db).varchar(stable).to_batch();
    let result = client.query_with_params(SUPERTABLE, &params.view()).await?;
    Ok(!read(client, &result).await?.is_empty())
}

/// The session's current database (the one the URL names), if any.
pub async fn current_database(client: &Client) -> Result<Option<String>> {
    let result = match client.query("select database()").await? {
        Outcome::Rows(result) => result,
        Outcome::Affected(_) => return Err(Error::protocol("select database() returned no rows")),
    };
    Ok(read(client, &result).await?.first().and_then(|row| text(&row[0])).filter(|db| !db.is_empty()))
}

/// Every row of a (small) result.
async fn read(client: &Client, result: &ResultHandle) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    while let Some(raw) = client.fetch(result).await? {
        let block = RawBlockView::parse(&raw).map_err(|e| Error::protocol("bad result block").with_cause(e))?;
        for r in 0..block.rows {
            rows.push(block.columns.iter().map(|c| c.value(r).map(<[u8]>::to_vec)).collect());
        }
    }
    Ok(rows)
}

fn text(cell: &Option<Vec<u8>>) -> Option<String> {
    cell.as_deref().map(|bytes| String::from_utf8_lossy(bytes).into_owned())
}

fn int(cell: &Option<Vec<u8>>) -> Option<i32> {
    cell.as_deref().and_then(|bytes| bytes.try_into().ok()).map(i32::from_le_bytes)
}
