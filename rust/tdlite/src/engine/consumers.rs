//! Consumer groups: who subscribes what, and which vgroups of a topic each member of a group
//! owns. Membership lives in memory (a consumer is its socket); committed offsets, which must
//! outlive consumers, are in offsets.rs.
//!
//! Ownership changes only at a rebalance, as in TDengine, whose mnode rebalances every
//! `mqRebalanceInterval` (2 s): joins, leaves and evictions since the last one are applied
//! together, so consumers that subscribe at about the same time get their shares at once and
//! no vgroup is read by one of them and then handed to another. A new member owns nothing
//! (and its `subscribe` is not answered) until a rebalance included it; a leaving member's
//! vgroups stay unowned until the next one. A rebalance keeps what members owned up to their
//! fair share and deals out the rest, lowest vgroup first (TDengine's mndDoRebalance).
//!
//! A member is evicted at a rebalance when it missed either deadline of its `Liveness`:
//! nothing heard from its socket (requests, pongs: the heartbeat) for `session.timeout.ms`, or
//! no poll for `max.poll.interval.ms`.
//!
//! Rebalances are computed when next looked at (`catch_up`), which every change and read
//! does first, so the result is the same as a timer's.

use super::tmq::TopicInfo;
use std::collections::{BTreeMap, BTreeSet};
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
    pub topics: Vec<TopicInfo>,
    /// Milliseconds since the epoch.
    pub joined: i64,
    pub liveness: Liveness,
    /// A rebalance has included this member.
    ready: bool,
    last_heard: Instant,
    last_poll: Instant,
}

impl Member {
    pub fn new(group: &str, client_id: &str, topics: Vec<TopicInfo>, joined: i64, liveness: Liveness) -> Member {
        Member {
            group: group.to_owned(),
            client_id: client_id.to_owned(),
            topics,
            joined,
            liveness,
            ready: false,
            last_heard: Instant::now(),
            last_poll: Instant::now(),
        }
    }

    pub fn subscribes(&self, topic: &str) -> bool {
        self.topics.iter().any(|t| t.name == topic)
    }

    fn alive(&self, now: Instant) -> bool {
        now.duration_since(self.last_heard) <= self.liveness.session_timeout
            && now.duration_since(self.last_poll) <= self.liveness.max_poll_interval
    }
}

/// (group, topic).
type Subscription = (String, String);

#[derive(Debug)]
pub struct Consumers {
    last_id: u64,
    members: BTreeMap<u64, Member>,
    /// The vgroups each member owns, per subscription, as the last rebalance left them.
    owners: BTreeMap<Subscription, BTreeMap<u64, Vec<u32>>>,
    interval: Duration,
    next_rebalance: Instant,
}

impl Consumers {
    /// A registry that rebalances every `interval`.
    pub fn new(interval: Duration) -> Consumers {
        Consumers { last_id: 0, members: BTreeMap::new(), owners: BTreeMap::new(), interval, next_rebalance: Instant::now() + interval }
    }

    /// A new consumer id, unique for the life of the server.
    pub fn next_id(&mut self) -> u64 {
        self.last_id += 1;
        self.last_id
    }

    /// When the next rebalance is due.
    pub fn next_rebalance(&self) -> Instant {
        self.next_rebalance
    }

    /// Runs the rebalance that fell due by `now`, if one did. Every change of membership and
    /// every read of ownership calls it first, so a change made after a rebalance fell due
    /// never counts in that one.
    pub fn catch_up(&mut self, now: Instant) {
        if now < self.next_rebalance {
            return;
        }
        let missed = (now - self.next_rebalance).as_nanos() / self.interval.as_nanos().max(1);
        self.next_rebalance += self.interval * (u32::try_from(missed).unwrap_or(u32::MAX - 1) + 1);
        self.members.retain(|_, m| m.alive(now));
        self.rebalance();
    }

    fn rebalance(&mut self) {
        let mut subscriptions: BTreeMap<Subscription, (Vec<u64>, &[u32])> = BTreeMap::new();
        for (&id, member) in &self.members {
            for topic in &member.topics {
                let entry = subscriptions.entry((member.group.clone(), topic.name.clone())).or_default();
                entry.0.push(id);
                entry.1 = &topic.vgroups;
            }
        }
        let mut owners = BTreeMap::new();
        for (key, (members, vgroups)) in subscriptions {
            let previous = self.owners.remove(&key).unwrap_or_default();
            owners.insert(key, share(&members, vgroups, &previous));
        }
        self.owners = owners;
        self.members.values_mut().for_each(|m| m.ready = true);
    }

    pub fn join(&mut self, id: u64, member: Member) {
        self.catch_up(Instant::now());
        self.members.insert(id, member);
    }

    pub fn leave(&mut self, id: u64) {
        self.catch_up(Instant::now());
        self.members.remove(&id);
    }

    pub fn is_member(&self, id: u64) -> bool {
        self.members.contains_key(&id)
    }

    /// Whether a rebalance has included member `id` (TDengine's consumer status "ready").
    pub fn is_ready(&mut self, id: u64) -> bool {
        self.catch_up(Instant::now());
        self.members.get(&id).is_some_and(|m| m.ready)
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

    /// The vgroups of `topic` that member `id` owns now.
    pub fn assigned(&mut self, id: u64, topic: &str) -> Vec<u32> {
        self.catch_up(Instant::now());
        let Some(member) = self.members.get(&id) else { return Vec::new() };
        self.owners.get(&(member.group.clone(), topic.to_owned())).and_then(|owners| owners.get(&id)).cloned().unwrap_or_default()
    }

    /// The member of `group` that owns `vgroup` of `topic`, as of the last rebalance.
    pub fn owner(&self, group: &str, topic: &str, vgroup: u32) -> Option<u64> {
        let owners = self.owners.get(&(group.to_owned(), topic.to_owned()))?;
        let mut live = owners.iter().filter(|(id, _)| self.members.contains_key(id));
        live.find(|(_, vgroups)| vgroups.contains(&vgroup)).map(|(&id, _)| id)
    }

    pub fn subscribes(&self, topic: &str) -> bool {
        self.members.values().any(|m| m.subscribes(topic))
    }

    pub fn group_subscribes(&self, group: &str, topic: &str) -> bool {
        self.members.values().any(|m| m.group == group && m.subscribes(topic))
    }

    pub fn members(&self) -> impl Iterator<Item = (u64, &Member)> {
        self.members.iter().map(|(&id, m)| (id, m))
    }
}

/// TDengine's assignment of a subscription's `vgroups` to its `members` (in join order): each
/// keeps what it owned (`previous`) up to its fair share, the vgroups left over go to those
/// below it, then one more each to those at it, so shares differ by one at most.
fn share(members: &[u64], vgroups: &[u32], previous: &BTreeMap<u64, Vec<u32>>) -> BTreeMap<u64, Vec<u32>> {
    let fair = vgroups.len() / members.len().max(1);
    let mut one_more = vgroups.len() % members.len().max(1);
    let mut owned: BTreeMap<u64, Vec<u32>> = BTreeMap::new();
    for &id in members {
        let mut kept: Vec<u32> = previous.get(&id).into_iter().flatten().filter(|v| vgroups.contains(v)).copied().collect();
        let cap = if kept.len() > fair && one_more > 0 {
            one_more -= 1;
            fair + 1
        } else {
            fair
        };
        kept.truncate(cap);
        owned.insert(id, kept);
    }
    let taken: BTreeSet<u32> = owned.values().flatten().copied().collect();
    let mut pool = vgroups.iter().copied().filter(|v| !taken.contains(v));
    for kept in owned.values_mut() {
        kept.extend(pool.by_ref().take(fair.saturating_sub(kept.len())));
    }
    for kept in owned.values_mut().filter(|k| k.len() == fair) {
        kept.extend(pool.next());
    }
    owned.values_mut().for_each(|k| k.sort_unstable());
    owned
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Longer than the test takes, and than the rebalances it skips to add up to.
    const PATIENT: Liveness = Liveness { session_timeout: Duration::from_secs(60), max_poll_interval: Duration::from_secs(300) };
    const INTERVAL: Duration = Duration::from_secs(5);
    const VGROUPS: [u32; 5] = [2, 3, 4, 5, 6];

    fn member(group: &str, topics: &[&str], liveness: Liveness) -> Member {
        let topics = topics.iter().map(|t| TopicInfo { name: t.to_string(), db: "d".into(), vgroups: VGROUPS.to_vec() }).collect();
        Member::new(group, "", topics, 0, liveness)
    }

    /// Runs the rebalance that is due next (skipping ahead to it).
    fn rebalance(c: &mut Consumers) {
        let due = c.next_rebalance();
        c.catch_up(due);
    }

    #[test]
    fn members_joining_together_get_their_shares_at_the_same_rebalance() {
        let mut c = Consumers::new(INTERVAL);
        let (a, b, other) = (c.next_id(), c.next_id(), c.next_id());
        c.join(a, member("g", &["t"], PATIENT));
        c.join(b, member("g", &["t"], PATIENT));
        c.join(other, member("h", &["t"], PATIENT));
        assert!(c.assigned(a, "t").is_empty() && !c.is_ready(a), "nothing before the rebalance");
        rebalance(&mut c);
        assert!(c.is_ready(a) && c.is_ready(b));
        assert_eq!((c.assigned(a, "t"), c.assigned(b, "t")), (vec![2, 3, 6], vec![4, 5]));
        assert_eq!(c.assigned(other, "t"), VGROUPS.to_vec(), "groups are independent");
        assert_eq!(c.owner("g", "t", 5), Some(b));
        assert!(c.group_subscribes("g", "t") && !c.group_subscribes("g", "u"));
    }

    #[test]
    fn a_rebalance_moves_only_what_it_must() {
        let mut c = Consumers::new(INTERVAL);
        let (a, b, late) = (c.next_id(), c.next_id(), c.next_id());
        c.join(a, member("g", &["t"], PATIENT));
        rebalance(&mut c);
        assert_eq!(c.assigned(a, "t"), VGROUPS.to_vec());
        c.join(b, member("g", &["t"], PATIENT));
        assert_eq!(c.assigned(a, "t"), VGROUPS.to_vec(), "a keeps everything until the rebalance");
        rebalance(&mut c);
        assert_eq!((c.assigned(a, "t"), c.assigned(b, "t")), (vec![2, 3, 4], vec![5, 6]));
        c.join(late, member("g", &["t"], PATIENT));
        rebalance(&mut c);
        assert_eq!((c.assigned(a, "t"), c.assigned(b, "t"), c.assigned(late, "t")), (vec![2, 3], vec![5, 6], vec![4]));
        c.leave(a);
        assert_eq!(c.owner("g", "t", 2), None, "a leaving member's vgroups wait for the rebalance");
        rebalance(&mut c);
        assert_eq!((c.assigned(b, "t"), c.assigned(late, "t")), (vec![3, 5, 6], vec![2, 4]));
    }

    #[test]
    fn members_that_go_silent_or_stop_polling_are_evicted_at_a_rebalance() {
        let mut c = Consumers::new(Duration::from_millis(10));
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
        assert_eq!(c.assigned(alive, "t"), VGROUPS.to_vec());
        assert!(!c.is_member(silent) && !c.is_member(not_polling));
        assert!(c.is_member(alive), "a poll is a sign of life too");
    }
}
