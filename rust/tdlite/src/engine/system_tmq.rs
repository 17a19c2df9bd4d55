//! information_schema's TMQ tables (ins_topics, ins_consumers, ins_subscriptions), with
//! TDengine 3.3's columns; SHOW TOPICS, CONSUMERS and SUBSCRIPTIONS read them.

use super::error::Result;
use super::schema::{ColType, Field};
use super::state::State;
use super::value::Value;
use super::{offsets, topic};
use tdflink_protocol::types::DataType;

pub const TABLES: [&str; 3] = ["ins_topics", "ins_consumers", "ins_subscriptions"];

/// TDengine's widths: topic and group names are at most 192 characters.
const TOPIC_NAME: u32 = 192;
const GROUP_NAME: u32 = 192;

pub fn columns_of(name: &str) -> Option<Vec<Field>> {
    let var = |n| ColType::var(DataType::VarChar, n);
    let plain = ColType::plain;
    let spec: Vec<(&str, ColType)> = match name {
        "ins_topics" => vec![
            ("topic_name", var(TOPIC_NAME)),
            ("db_name", var(64)),
            ("create_time", plain(DataType::Timestamp)),
            ("sql", var(1024)),
            ("schema", var(4096)),
            ("meta", var(4)),
            ("type", var(8)),
        ],
        "ins_consumers" => vec![
            ("consumer_id", plain(DataType::BigInt)),
            ("consumer_group", var(GROUP_NAME)),
            ("client_id", var(256)),
            ("user", var(24)),
            ("fqdn", var(128)),
            ("status", var(20)),
            ("topics", var(TOPIC_NAME)),
            ("up_time", plain(DataType::Timestamp)),
            ("subscribe_time", plain(DataType::Timestamp)),
            ("rebalance_time", plain(DataType::Timestamp)),
            ("parameters", var(64)),
        ],
        "ins_subscriptions" => vec![
            ("topic_name", var(TOPIC_NAME)),
            ("consumer_group", var(GROUP_NAME)),
            ("vgroup_id", plain(DataType::Int)),
            ("consumer_id", plain(DataType::BigInt)),
            ("offset", var(64)),
            ("rows", plain(DataType::BigInt)),
        ],
        _ => return None,
    };
    Some(spec.into_iter().map(|(name, ty)| Field { name: name.to_owned(), ty }).collect())
}

pub fn rows(state: &State, name: &str) -> Result<Vec<Vec<Value>>> {
    let text = |s: &str| Value::Text(s.to_owned());
    let topics = topic::list(state)?;
    let rows = match name {
        "ins_topics" => topics
            .iter()
            .map(|t| {
                let kind = if t.sql.to_ascii_lowercase().contains(" as select") { "column" } else { "db" };
                vec![text(&t.name), text(&t.db), Value::Timestamp(t.created), text(&t.sql), Value::Null, text("no"), text(kind)]
            })
            .collect(),
        "ins_consumers" => state
            .consumers
            .members()
            .map(|(id, m)| {
                vec![
                    Value::Int(id as i64),
                    text(&m.group),
                    text(&m.client_id),
                    text("root"),
                    text("localhost"),
                    text("ready"),
                    text(&m.topics.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(",")),
                    Value::Timestamp(m.joined),
                    Value::Timestamp(m.joined),
                    Value::Timestamp(m.joined),
                    Value::Null,
                ]
            })
            .collect(),
        _ => {
            // One row per (topic, group, vgroup) that a group consumes or has committed.
            let mut rows = Vec::new();
            for t in &topics {
                let Some(db) = state.catalog.databases.get(&t.db) else { continue };
                let vgroups: Vec<u32> = (db.first_vgroup..db.first_vgroup + db.vgroups).collect();
                let mut groups: Vec<&str> =
                    state.consumers.members().filter(|(_, m)| m.subscribes(&t.name)).map(|(_, m)| m.group.as_str()).collect();
                groups.sort_unstable();
                groups.dedup();
                for group in groups {
                    for &vgroup in &vgroups {
                        let owner = state.consumers.owner(group, &t.name, vgroup).map_or(Value::Null, |id| Value::Int(id as i64));
                        let offset = offsets::committed(&state.conn, group, &t.name, vgroup)?
                            .map_or_else(|| text("none"), |o| text(&format!("log:{o}")));
                        rows.push(vec![text(&t.name), text(group), Value::Int(i64::from(vgroup)), owner, offset, Value::Int(0)]);
                    }
                }
            }
            rows
        }
    };
    Ok(rows)
}
