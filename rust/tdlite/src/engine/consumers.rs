//! Consumer groups: who subscribes what, and which vgroups of a topic each member of a group
//! owns. Membership lives in memory (a consumer is its socket); committed offsets, which must
//! outlive consumers, are in offsets.rs.
//!
//! The vgroups of a topic are split among the group's members that subscribe it, in id order,
//! round robin; any join, leave or eviction changes the split, and each member sees its new
//! share at its next poll (TDengine's rebalance, which clients observe only that way).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

#[derive(Clone, Debug)]
pub struct Member {
    pub group: String,
    pub client_id: String,
    pub topics: Vec<String>,
    /// Milliseconds since the epoch.
    pub joined: i64,
    /// `max.poll.interval.ms`: a member that does not poll for this long leaves the group.
    pub max_poll_interval: Duration,
    last_poll: Instant,
}

impl Member {
    pub fn new(group: &str, client_id: &str, topics: Vec<String>, joined: i64, max_poll_interval: Duration) -> Member {
        Member {
            group: group.to_owned(),
            client_id: client_id.to_owned(),
            topics,
            joined,
            max_poll_interval,
            last_poll: Instant::now(),
        }
    }
}

#[derive(Debug, Default)]
pub struct Consumers {
    last_id: u64,
    members: BTreeMap<u64, Member>,
}

impl Consumers {
    /// A new consumer id, unique for the life of the server.
    pub fn next_id(&mut self) -> u64 {
        self.last_id += 1;
        self.last_id
    }

    pub fn join(&mut self, id: u64, member: Member) {
        self.members.insert(id, member);
    }

    pub fn leave(&mut self, id: u64) {
        self.members.remove(&id);
    }

    pub fn is_member(&self, id: u64) -> bool {
        self.members.contains_key(&id)
    }

    /// Records a poll.
    pub fn touch(&mut self, id: u64) {
        if let Some(member) = self.members.get_mut(&id) {
            member.last_poll = Instant::now();
        }
    }

    /// Drops members that stopped polling for longer than their `max.poll.interval.ms`.
    pub fn evict_idle(&mut self) {
        let now = Instant::now();
        self.members.retain(|_, m| now.duration_since(m.last_poll) <= m.max_poll_interval);
    }

    /// The vgroups of `topic` (given in order) that member `id` owns now.
    pub fn assigned(&self, id: u64, topic: &str, vgroups: &[u32]) -> Vec<u32> {
        let Some(me) = self.members.get(&id) else { return Vec::new() };
        let peers: Vec<u64> = self
            .members
            .iter()
            .filter(|(_, m)| m.group == me.group && m.topics.iter().any(|t| t == topic))
            .map(|(&id, _)| id)
            .collect();
        let Some(slot) = peers.iter().position(|&p| p == id) else { return Vec::new() };
        vgroups.iter().enumerate().filter(|(i, _)| i % peers.len() == slot).map(|(_, &v)| v).collect()
    }

    pub fn subscribes(&self, topic: &str) -> bool {
        self.members.values().any(|m| m.topics.iter().any(|t| t == topic))
    }

    pub fn group_subscribes(&self, group: &str, topic: &str) -> bool {
        self.members.values().any(|m| m.group == group && m.topics.iter().any(|t| t == topic))
    }

    pub fn members(&self) -> impl Iterator<Item = (u64, &Member)> {
        self.members.iter().map(|(&id, m)| (id, m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(group: &str, topics: &[&str]) -> Member {
        Member::new(group, "", topics.iter().map(|t| t.to_string()).collect(), 0, Duration::from_secs(300))
    }

    #[test]
    fn members_of_a_group_split_the_vgroups() {
        let mut c = Consumers::default();
        let (a, b, other) = (c.next_id(), c.next_id(), c.next_id());
        c.join(a, member("g", &["t"]));
        let vgroups = [2, 3, 4];
        assert_eq!(c.assigned(a, "t", &vgroups), vec![2, 3, 4]);
        c.join(b, member("g", &["t"]));
        c.join(other, member("h", &["t"]));
        assert_eq!(c.assigned(a, "t", &vgroups), vec![2, 4]);
        assert_eq!(c.assigned(b, "t", &vgroups), vec![3]);
        assert_eq!(c.assigned(other, "t", &vgroups), vec![2, 3, 4], "groups are independent");
        c.leave(a);
        assert_eq!(c.assigned(b, "t", &vgroups), vec![2, 3, 4]);
        assert!(c.group_subscribes("g", "t") && !c.group_subscribes("g", "u"));
    }

    #[test]
    fn idle_members_are_evicted() {
        let mut c = Consumers::default();
        let id = c.next_id();
        c.join(id, Member { max_poll_interval: Duration::ZERO, ..member("g", &["t"]) });
        std::thread::sleep(Duration::from_millis(2));
        c.evict_idle();
        assert!(!c.is_member(id));
    }
}
