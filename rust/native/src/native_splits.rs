//! Exports of `io.tdflink.jni.NativeSplits`: split planning for the bounded source, both for
//! the DataStream source's split descriptions and for SQL tables' scans.

use crate::boundary::{call, NativeError, NativeResult};
use crate::splits::scan::ScanSpec;
use crate::splits::SplitSpec;
use crate::{connect, runtime};
use jni::objects::{JByteArray, JClass, JString};
use jni::EnvUnowned;
use serde::de::DeserializeOwned;
use tdflink_layout::splits::{decode_params, encode_splits};

/// Plans the SQL tasks of a split description against the server (which checks the query and
/// learns the database precision); returns them joined by NUL characters.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeSplits_planOnServer0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    url: JString<'local>,
    properties_json: JString<'local>,
    spec_json: JString<'local>,
) -> JString<'local> {
    call(env, |env| {
        let spec: SplitSpec = parse_spec(&spec_json.try_to_string(env)?)?;
        let (url, properties_json) = (url.try_to_string(env)?, properties_json.try_to_string(env)?);
        let tasks = runtime::handle()?.block_on(async {
            let client = connect::connect(&url, &properties_json).await?;
            Ok::<_, NativeError>(spec.plan_on(&client).await?)
        })?;
        Ok(env.new_string(tasks.join("\0"))?)
    })
}

/// Plans the splits of a SQL table's scan (`spec_json`, a [`ScanSpec`]; `params` the scan's
/// parameter batch, empty for none). Connects only when the partitioning lists tables on the
/// server. Returns the splits in the layout of docs/jni-conventions.md, "Scan splits".
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeSplits_planScan0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    url: JString<'local>,
    properties_json: JString<'local>,
    spec_json: JString<'local>,
    params: JByteArray<'local>,
) -> JByteArray<'local> {
    call(env, |env| {
        let spec: ScanSpec = parse_spec(&spec_json.try_to_string(env)?)?;
        let params = decode_params(&env.convert_byte_array(&params)?)?;
        let splits = if spec.needs_server() {
            let (url, properties_json) = (url.try_to_string(env)?, properties_json.try_to_string(env)?);
            runtime::handle()?.block_on(async {
                let client = connect::connect(&url, &properties_json).await?;
                Ok::<_, NativeError>(spec.plan_on(&client, &params).await?)
            })?
        } else {
            spec.plan(&params)?
        };
        Ok(env.byte_array_from_slice(&encode_splits(splits.iter().map(|s| (s.sql.as_str(), &s.params)))?)?)
    })
}

fn parse_spec<T: DeserializeOwned>(json: &str) -> NativeResult<T> {
    serde_json::from_str(json).map_err(|e| NativeError::invalid_argument(format!("bad split description: {e}")))
}
