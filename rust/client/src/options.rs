//! The connector's option registry, compiled in: the same `options.tsv` the Java shim reads,
//! so a key this client parses takes its default and aliases from the one line that also
//! documents it (docs/options.md is rendered from it). Only the `[properties]` rows marked
//! `rust` matter here; the file's header says what each column means.

use std::collections::BTreeMap;
use std::sync::LazyLock;

const REGISTRY: &str = include_str!("../../../java/src/main/resources/io/tdflink/common/options/options.tsv");

/// One `[properties]` row that this client parses.
#[derive(Debug)]
struct Row {
    key: &'static str,
    aliases: Vec<&'static str>,
    default: Option<&'static str>,
}

static ROWS: LazyLock<Vec<Row>> = LazyLock::new(|| parse(REGISTRY));

fn parse(text: &'static str) -> Vec<Row> {
    let mut section = "";
    let mut rows = Vec::new();
    for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
        if line.starts_with('[') {
            section = line;
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        if section != "[properties]" || cells.len() != 7 || !cells[4].split(", ").any(|p| p == "rust") {
            continue;
        }
        rows.push(Row {
            key: cells[0],
            aliases: if cells[1] == "-" { Vec::new() } else { cells[1].split(", ").collect() },
            default: match cells[3] {
                "-" | "required" => None,
                "\"\"" => Some(""),
                value => Some(value),
            },
        });
    }
    rows
}

/// The registry's row of `key`. A key missing there is a defect of this crate, caught by the
/// tests below, so it panics (the JNI boundary would still turn that into 0x2350).
fn row(key: &str) -> &'static Row {
    ROWS.iter().find(|r| r.key == key).unwrap_or_else(|| panic!("options.tsv has no property '{key}' parsed by rust"))
}

/// The value of `key` in `settings`, as given: the key's own if set and not blank, else its
/// aliases' (in order), else the registry's default.
pub fn setting<'a>(settings: &'a BTreeMap<String, String>, key: &str) -> Option<&'a str> {
    let row = row(key);
    std::iter::once(key)
        .chain(row.aliases.iter().copied())
        .find_map(|k| settings.get(k).map(String::as_str).filter(|v| !v.trim().is_empty()))
        .or(row.default)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::keys as connection;
    use crate::tmq::keys as tmq;

    #[test]
    fn every_key_this_client_parses_is_in_the_registry_and_nothing_else_is_marked_rust() {
        let mut ours: Vec<&str> = connection::ALL.iter().chain(tmq::ALL).copied().collect();
        ours.sort_unstable();
        ours.dedup();
        let mut registry: Vec<&str> = ROWS.iter().map(|r| r.key).collect();
        registry.sort_unstable();
        registry.dedup();
        assert_eq!(ours, registry);
    }

    #[test]
    fn rows_of_one_key_agree_on_default_and_aliases() {
        for a in ROWS.iter() {
            for b in ROWS.iter().filter(|b| b.key == a.key) {
                assert_eq!((a.default, &a.aliases), (b.default, &b.aliases), "{}", a.key);
            }
        }
    }

    #[test]
    fn a_set_value_wins_then_aliases_then_the_default() {
        let given =
            |pairs: &[(&str, &str)]| -> BTreeMap<String, String> { pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() };
        assert_eq!(setting(&given(&[]), tmq::CONNECT_USER), Some("root"));
        assert_eq!(setting(&given(&[("user", "bob")]), tmq::CONNECT_USER), Some("bob"));
        assert_eq!(setting(&given(&[("user", "bob"), ("td.connect.user", " al ")]), tmq::CONNECT_USER), Some(" al "));
        assert_eq!(setting(&given(&[("td.connect.user", "  ")]), tmq::CONNECT_USER), Some("root"));
        assert_eq!(setting(&given(&[]), connection::RECONNECT_INTERVAL_MS), Some("2000"));
        assert_eq!(setting(&given(&[]), connection::USER), None);
    }
}
