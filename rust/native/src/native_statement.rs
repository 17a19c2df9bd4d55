//! Exports of `io.tdflink.jni.NativeStatement`: one statement that returns no rows (DDL),
//! run on a connection of its own.

use crate::boundary::{call, NativeError};
use crate::{connect, runtime};
use jni::objects::{JClass, JString};
use jni::sys::jlong;
use jni::EnvUnowned;

/// Connects with `url` and `properties` (a JSON object of strings), runs `sql` and returns the
/// rows it affected. A statement that returns rows fails with 0x2313 (its result is freed).
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeStatement_execute0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    url: JString<'local>,
    properties_json: JString<'local>,
    sql: JString<'local>,
) -> jlong {
    call(env, |env| {
        let (url, properties_json, sql) = (url.try_to_string(env)?, properties_json.try_to_string(env)?, sql.try_to_string(env)?);
        let affected = runtime::handle()?.block_on(async {
            let client = connect::connect(&url, &properties_json).await?;
            Ok::<_, NativeError>(client.exec(&sql).await?)
        })?;
        Ok(jlong::try_from(affected).unwrap_or(jlong::MAX))
    })
}
