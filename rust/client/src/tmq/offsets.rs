//! Where a consumer is and what its group committed, per (topic, vgroup): the offset actions
//! of docs/protocol.md §10.7. Offsets are WAL versions: increasing per vgroup, not contiguous.

use super::consumer::Consumer;
use crate::error::Result;
use serde_json::Value;
use tdflink_protocol::messages::{
    action, AssignmentBody, CommittedBody, PositionBody, TopicArgs, TopicVgroup, TopicVgroupsArgs, VgroupOffsetArgs, NO_COMMITTED_OFFSET,
};

/// An offset of one vgroup of one topic.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TopicVgroupOffset {
    pub topic: String,
    pub vgroup_id: i32,
    pub offset: i64,
}

/// A vgroup assigned to this consumer: its retained WAL range and the consumer's position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VgroupAssignment {
    pub topic: String,
    pub vgroup_id: i32,
    /// First retained WAL version.
    pub begin: i64,
    /// Last WAL version.
    pub end: i64,
    /// The server's position: next version to consume.
    pub current: i64,
}

impl Consumer {
    /// The positions kept here: per (topic, vgroup), the offset after the last message
    /// delivered from it. A consumer seeking to these resumes exactly after what was delivered.
    pub fn positions(&self) -> Vec<TopicVgroupOffset> {
        self.positions
            .iter()
            .map(|((topic, vgroup_id), offset)| TopicVgroupOffset { topic: topic.clone(), vgroup_id: *vgroup_id, offset: *offset })
            .collect()
    }

    /// The vgroups of every subscribed topic the group assigns to this consumer now.
    pub async fn assignment(&mut self) -> Result<Vec<VgroupAssignment>> {
        let mut all = Vec::new();
        for topic in self.topics.clone() {
            let body: AssignmentBody =
                self.request(action::ASSIGNMENT, &TopicArgs { topic: topic.clone(), ..TopicArgs::default() }).await?;
            all.extend(body.assignment.into_iter().map(|a| VgroupAssignment {
                topic: topic.clone(),
                vgroup_id: a.vgroup_id,
                begin: a.begin,
                end: a.end,
                current: a.offset,
            }));
        }
        Ok(all)
    }

    /// Makes the next message of the vgroup start at `offset` (0x4008 if the vgroup is not
    /// assigned to this consumer, 0x4009 for a topic not subscribed).
    pub async fn seek(&mut self, topic: &str, vgroup_id: i32, offset: i64) -> Result<()> {
        let _: Value = self.request(action::SEEK, &vgroup_offset(topic, vgroup_id, offset)).await?;
        self.positions.insert((topic.to_owned(), vgroup_id), offset);
        Ok(())
    }

    /// Commits `offset` for the vgroup in the consumer's group: a consumer of the group that
    /// starts on the vgroup later begins there.
    pub async fn commit_offset(&mut self, topic: &str, vgroup_id: i32, offset: i64) -> Result<()> {
        let _: Value = self.request(action::COMMIT_OFFSET, &vgroup_offset(topic, vgroup_id, offset)).await?;
        Ok(())
    }

    /// What the group committed for the vgroup; `None` if nothing yet.
    pub async fn committed(&mut self, topic: &str, vgroup_id: i32) -> Result<Option<i64>> {
        let body: CommittedBody = self.request(action::COMMITTED, &topic_vgroup(topic, vgroup_id)).await?;
        Ok(body.committed.first().copied().filter(|o| *o != NO_COMMITTED_OFFSET))
    }

    /// The server's position of the vgroup: the next version it delivers.
    pub async fn position(&mut self, topic: &str, vgroup_id: i32) -> Result<Option<i64>> {
        let body: PositionBody = self.request(action::POSITION, &topic_vgroup(topic, vgroup_id)).await?;
        Ok(body.position.first().copied())
    }
}

/// `committed` and `position` args for one vgroup.
pub(super) fn topic_vgroup(topic: &str, vgroup_id: i32) -> TopicVgroupsArgs {
    TopicVgroupsArgs { topic_vgroup_ids: vec![TopicVgroup { topic: topic.to_owned(), vgroup_id }], ..TopicVgroupsArgs::default() }
}

/// `seek` and `commit_offset` args.
fn vgroup_offset(topic: &str, vgroup_id: i32, offset: i64) -> VgroupOffsetArgs {
    VgroupOffsetArgs { topic: topic.to_owned(), vgroup_id, offset, ..VgroupOffsetArgs::default() }
}
