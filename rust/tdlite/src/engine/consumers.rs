//! Consumer groups: who subscribes what, and which vgroups of a topic each member of a group
//! owns. Membership lives in memory (a consumer is its socket); committed offsets, which must
//! outlive consumers, are in offsets.rs.
//!
//! The vgroups of a topic are split among the group's members that subscribe it, in id order,
//! round robin; any join, leave or eviction changes the split, and each member sees its new
//! share at its next poll (TDengine's rebalance, which clients observe only that way).
//!
//! A member is evicted when it misses either deadline of its `Liveness`: nothing heard from
//! its socket (requests, pongs: the heartbeat) for `session.timeout.ms`, or no poll for
//! `max.poll.interval.ms`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// How long a member may stay silent, and how long it may go without polling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Liveness {
    pub session_timeout: Duration,
    pub max_poll_interval: Duration,
}

#[derive(Clone, Debug)]
pub struct Member {
    pub group: String,
    pub client_id: String,
    pub topics: Vec<String>,
    /// Milliseconds since the epoch.
    pub joined: i64,
    pub liveness: Liveness,
    last_heard: Instant,
    last_poll: Instant,
}

impl Member {
    pub fn new(group: &str, client_id: &str, topics: Vec<String>, joined: i64, liveness: Liveness) -> Member {
        Member {
            group: group.to_owned(),
            client_id: client_id.to_owned(),
            topics,
            joined,
            liveness,
            last_heard: Instant::now(),
            last_poll: Instant::now(),
        }
    }

    fn alive(&self, now: Instant) -> bool {
        now.duration_since(self.last_heard) <= self.liveness.session_timeout
            && now.duration_since(self.last_poll) <= self.liveness.max_poll_interval
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

    /// Records a poll, which is also a sign of life.
    pub fn polled(&mut self, id: u64) {
        if let Some(member) = self.members.get_mut(&id) {
            member.last_poll = Instant::now();
            member.last_heard = member.last_poll;
        }
    }

    /// Records a sign of life: any frame from the member's socket.
    pub fn heard(&mut self, id: u64) {
        if let Some(member) = self.members.get_mut(&id) {
            member.last_heard = Instant::now();
        }
    }

    /// Drops members that missed their session timeout or max poll interval.
    pub fn evict_idle(&mut self) {
        let now = Instant::now();
        self.members.retain(|_, m| m.alive(now));
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

    const PATIENT: Liveness =
        Liveness { session_timeout: Duration::from_secs(12), max_poll_interval: Duration::from_secs(300) };

    fn member(group: &str, topics: &[&str], liveness: Liveness) -> Member {
        Member::new(group, "", topics.iter().map(|t| t.to_string()).collect(), 0, liveness)
    }

    #[test]
    fn members_of_a_group_split_the_vgroups() {
        let mut c = Consumers::default();
        let (a, b, other) = (c.next_id(), c.next_id(), c.next_id());
        c.join(a, member("g", &["t"], PATIENT));
        let vgroups = [2, 3, 4];
        assert_eq!(c.assigned(a, "t", &vgroups), vec![2, 3, 4]);
        c.join(b, member("g", &["t"], PATIENT));
        c.join(other, member("h", &["t"], PATIENT));
        assert_eq!(c.assigned(a, "t", &vgroups), vec![2, 4]);
        assert_eq!(c.assigned(b, "t", &vgroups), vec![3]);
        assert_eq!(c.assigned(other, "t", &vgroups), vec![2, 3, 4], "groups are independent");
        c.leave(a);
        assert_eq!(c.assigned(b, "t", &vgroups), vec![2, 3, 4]);
        assert!(c.group_subscribes("g", "t") && !c.group_subscribes("g", "u"));
    }

    #[test]
    fn members_that_go_silent_or_stop_polling_are_evicted() {
        let mut c = Consumers::default();
        let short = Duration::from_millis(30);
        let (silent, not_polling, alive) = (c.next_id(), c.next_id(), c.next_id());
        c.join(silent, member("g", &["t"], Liveness { session_timeout: short, ..PATIENT }));
        c.join(not_polling, member("g", &["t"], Liveness { max_poll_interval: short, ..PATIENT }));
        c.join(alive, member("g", &["t"], Liveness { session_timeout: short, max_poll_interval: short }));
        for _ in 0..3 {
            std::thread::sleep(Duration::from_millis(15));
            c.heard(not_polling);
            c.polled(alive);
        }
        c.evict_idle();
        assert!(!c.is_member(silent) && !c.is_member(not_polling));
        assert!(c.is_member(alive), "a poll is a sign of life too");
    }
}
