//! Connection settings as Java hands them over: the URL plus the properties as a JSON object
//! of strings (`io.tdflink.jni.NativeJson`), and logging in with them.

use crate::boundary::{NativeError, NativeResult};
use std::collections::BTreeMap;
use tdflink_client::{Client, ConnectionConfig};

/// Parses `url` overlaid on `properties_json`; URL parameters win, as in the JDBC driver.
pub fn config(url: &str, properties_json: &str) -> NativeResult<ConnectionConfig> {
    let properties: BTreeMap<String, String> = serde_json::from_str(properties_json)
        .map_err(|e| NativeError::invalid_argument(format!("properties are not a JSON object of strings: {e}")))?;
    Ok(ConnectionConfig::from_url(url, &properties)?)
}

/// Connects and logs in.
pub async fn connect(url: &str, properties_json: &str) -> NativeResult<Client> {
    let config = config(url, properties_json)?;
    Ok(Client::connect(&config).await?)
}
