//! Exports of `io.tdflink.jni.NativeSplits`: split planning for the bounded source.

use crate::boundary::{call, NativeError, NativeResult};
use crate::{connect, runtime};
use jni::objects::{JClass, JString};
use jni::EnvUnowned;
use tdflink_client::splits::SplitSpec;

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
        let spec = parse_spec(&spec_json.try_to_string(env)?)?;
        let (url, properties_json) = (url.try_to_string(env)?, properties_json.try_to_string(env)?);
        let tasks = runtime::handle()?.block_on(async {
            let client = connect::connect(&url, &properties_json).await?;
            Ok::<_, NativeError>(spec.plan_on(&client).await?)
        })?;
        Ok(env.new_string(tasks.join("\0"))?)
    })
}

fn parse_spec(json: &str) -> NativeResult<SplitSpec> {
    serde_json::from_str(json).map_err(|e| NativeError::invalid_argument(format!("bad split description: {e}")))
}
