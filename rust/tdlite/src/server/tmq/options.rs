//! The consumer options of `subscribe` (docs/protocol.md §10.2): top-level fields and the `config` map, checked
//! as libtaos checks them (unknown keys and bad values are 0x0118).

use crate::engine::Liveness;
use crate::sql::SqlError;
use std::time::Duration;
use tdflink_protocol::codes;
use tdflink_protocol::messages::SubscribeArgs;

/// TDengine's limit on `group.id` (TSDB_CGROUP_LEN - 1).
const MAX_GROUP_ID: usize = 192;

/// `value` cut to at most `max` bytes, at a character boundary.
fn truncate(mut value: String, max: usize) -> String {
    let mut end = value.len().min(max);
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    value.truncate(end);
    value
}

/// Where to start a vgroup that the group has not committed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reset {
    Earliest,
    Latest,
    /// Fail the poll with 0x0A0D.
    None,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub group: String,
    pub client_id: String,
    pub reset: Reset,
    /// taosAdapter-side auto-commit interval; `None` when off (what official clients send).
    pub auto_commit: Option<Duration>,
    pub with_table_name: bool,
    /// `session.timeout.ms` (default 12 s) and `max.poll.interval.ms` (default 300 s).
    pub liveness: Liveness,
}

/// libtaos consumer keys tdlite accepts in `config` besides those it acts on; they change
/// nothing here (connection keys, batching and snapshot knobs).
const IGNORED_KEYS: [&str; 13] = [
    "td.connect.ip",
    "td.connect.port",
    "td.connect.user",
    "td.connect.pass",
    "td.connect.db",
    "experimental.snapshot.enable",
    "msg.enable.batchmeta",
    "msg.consume.excluded",
    "msg.consume.rawdata",
    "enable.replay",
    "fetch.max.wait.ms",
    "min.poll.rows",
    "td.connect.type",
];

fn invalid(key: &str, value: &str) -> SqlError {
    SqlError::new(codes::SERVER_INVALID_PARAMETERS, format!("invalid value for key '{key}': {value}"))
}

fn millis(key: &str, value: &str, range: std::ops::RangeInclusive<u64>) -> Result<Duration, SqlError> {
    match value.parse::<u64>() {
        Ok(ms) if range.contains(&ms) => Ok(Duration::from_millis(ms)),
        _ => Err(invalid(key, value)),
    }
}

fn boolean(key: &str, value: &str) -> Result<bool, SqlError> {
    match value {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(invalid(key, value)),
    }
}

impl Options {
    pub fn parse(args: &SubscribeArgs) -> Result<Options, SqlError> {
        let mut options = Options {
            group: String::new(),
            client_id: String::new(),
            reset: Reset::Latest,
            auto_commit: None,
            with_table_name: true,
            liveness: Liveness { session_timeout: Duration::from_millis(12_000), max_poll_interval: Duration::from_millis(300_000) },
        };
        let mut auto_commit = false;
        let mut interval = Duration::from_millis(5000);
        // Top-level fields first, then `config`, which is applied last (docs/protocol.md §10.2).
        let top = [
            ("group.id", Some(args.group_id.clone())),
            ("client.id", args.client_id.clone()),
            ("auto.offset.reset", args.auto_offset_reset().map(str::to_owned)),
            ("msg.with.table.name", args.with_table_name.clone()),
            ("session.timeout.ms", args.session_timeout_ms.clone()),
            ("max.poll.interval.ms", args.max_poll_interval_ms.clone()),
            ("experimental.snapshot.enable", args.snapshot_enable.clone()),
        ];
        let config = args.config.iter().flatten().map(|(k, v)| (k.as_str(), Some(v.clone())));
        for (key, value) in top.into_iter().chain(config) {
            let Some(value) = value else { continue };
            match key {
                // libtaos copies the id into a TSDB_CGROUP_LEN buffer: a longer one is cut, not refused.
                "group.id" => options.group = truncate(value, MAX_GROUP_ID),
                "client.id" => options.client_id = value,
                "auto.offset.reset" => {
                    options.reset = match value.as_str() {
                        "earliest" => Reset::Earliest,
                        "latest" => Reset::Latest,
                        "none" => Reset::None,
                        _ => return Err(invalid(key, &value)),
                    }
                }
                "msg.with.table.name" => options.with_table_name = boolean(key, &value)?,
                "session.timeout.ms" => options.liveness.session_timeout = millis(key, &value, 6000..=1_800_000)?,
                "max.poll.interval.ms" => options.liveness.max_poll_interval = millis(key, &value, 1000..=i32::MAX as u64)?,
                "enable.auto.commit" => auto_commit = boolean(key, &value)?,
                "auto.commit.interval.ms" => interval = millis(key, &value, 0..=i32::MAX as u64)?,
                _ if IGNORED_KEYS.contains(&key) => {}
                _ => return Err(SqlError::new(codes::SERVER_INVALID_PARAMETERS, format!("unknown configuration key: {key}"))),
            }
        }
        // Adapter-side auto-commit comes from `auto_commit`, never from libtaos' key (docs/protocol.md §10.2).
        if let Some(flag) = &args.auto_commit {
            auto_commit = flag == "true";
        }
        if let Some(ms) = &args.auto_commit_interval_ms {
            interval = millis("auto.commit.interval.ms", ms, 0..=i32::MAX as u64)?;
        }
        options.auto_commit = auto_commit.then_some(interval);
        if options.group.is_empty() {
            return Err(SqlError::new(codes::ADAPTER_GENERIC, "create consumer error: group id is empty"));
        }
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(group: &str) -> SubscribeArgs {
        SubscribeArgs { group_id: group.into(), ..Default::default() }
    }

    #[test]
    fn defaults_and_overrides() {
        let o = Options::parse(&args("g")).unwrap();
        assert_eq!((o.reset, o.with_table_name, o.auto_commit), (Reset::Latest, true, None));
        let mut a = args("g");
        a.offset_rest = Some("earliest".into());
        let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
        a.config = Some([pair("max.poll.interval.ms", "2000"), pair("session.timeout.ms", "6000")].into());
        let o = Options::parse(&a).unwrap();
        let liveness = Liveness { session_timeout: Duration::from_secs(6), max_poll_interval: Duration::from_secs(2) };
        assert_eq!((o.reset, o.liveness), (Reset::Earliest, liveness));
    }

    #[test]
    fn a_long_group_id_is_cut_as_libtaos_cuts_it() {
        assert_eq!(Options::parse(&args(&"g".repeat(200))).unwrap().group, "g".repeat(192));
        // Cut at a character boundary: 97 two-byte characters are 194 bytes.
        assert_eq!(Options::parse(&args(&"é".repeat(97))).unwrap().group, "é".repeat(96));
    }

    #[test]
    fn bad_options_are_refused() {
        assert_eq!(Options::parse(&args("")).unwrap_err().code, codes::ADAPTER_GENERIC);
        let mut a = args("g");
        a.config = Some([("no.such.key".to_owned(), "1".to_owned())].into());
        assert!(Options::parse(&a).unwrap_err().message.contains("unknown configuration key"));
        a.config = Some([("session.timeout.ms".to_owned(), "10".to_owned())].into());
        assert_eq!(Options::parse(&a).unwrap_err().code, codes::SERVER_INVALID_PARAMETERS);
    }
}
