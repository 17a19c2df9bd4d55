//! Who may log in: the configured users, checked so that a caller learns as little as possible.
//! An unknown user and a wrong password get the same answer (0x0357), the password is compared
//! in constant time, and after `limit` failures in a row from one address for one user name
//! (known or not, so a lock reveals nothing either) that name is locked there for `lock`.
//! Keyed by address too, so an attacker cannot lock a user out of other hosts.

use crate::sql::SqlError;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tdflink_protocol::codes;

/// Failure records kept at most; beyond, only locks in force are kept (a flood of names cannot grow memory).
const MAX_TRACKED: usize = 10_000;

pub struct Logins {
    users: Vec<(String, String)>,
    limit: u32,
    lock: Duration,
    failures: Mutex<HashMap<(IpAddr, String), Failures>>,
}

#[derive(Default)]
struct Failures {
    in_a_row: u32,
    locked_until: Option<Instant>,
}

impl Logins {
    pub fn new(users: Vec<(String, String)>, limit: u32, lock: Duration) -> Logins {
        Logins { users, limit, lock, failures: Mutex::new(HashMap::new()) }
    }

    /// Ok if `user` may log in from `peer` with `password`; 0x0357 otherwise.
    pub fn check(&self, peer: IpAddr, user: &str, password: &str) -> Result<(), SqlError> {
        let key = (peer, user.to_owned());
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if let Some(until) = failures.get(&key).and_then(|f| f.locked_until).filter(|until| *until > now) {
            let seconds = until.duration_since(now).as_secs() + 1;
            return Err(refused(&format!("; too many failed logins of this user from this address, retry in {seconds} s")));
        }
        // Every user is compared, each in constant time: the time taken says nothing either.
        let accepted = self.users.iter().fold(false, |found, (u, p)| found | (same(u, user) & same(p, password)));
        if accepted {
            failures.remove(&key);
            return Ok(());
        }
        if failures.len() >= MAX_TRACKED {
            failures.retain(|_, f| f.locked_until.is_some_and(|until| until > now));
        }
        let record = failures.entry(key).or_default();
        record.in_a_row += 1;
        if record.in_a_row >= self.limit {
            record.in_a_row = 0;
            record.locked_until = Some(now + self.lock);
            log::warn!("{} failed logins in a row of a user from {peer}: locked there for {:?}", self.limit, self.lock);
        }
        Err(refused(""))
    }
}

fn refused(detail: &str) -> SqlError {
    SqlError::new(codes::SERVER_AUTH_FAILURE, format!("Authentication failure{detail}"))
}

/// Byte equality whose time depends only on the lengths, not on where the texts differ.
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        diff |= usize::from(a.get(i).copied().unwrap_or(0) ^ b.get(i).copied().unwrap_or(0));
    }
    diff == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOST: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);
    const OTHER: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2));

    fn logins() -> Logins {
        Logins::new(vec![("root".into(), "taosdata".into()), ("alice".into(), "pw".into())], 3, Duration::from_millis(300))
    }

    #[test]
    fn an_unknown_user_and_a_wrong_password_get_the_same_answer() {
        let l = logins();
        let unknown = l.check(HOST, "mallory", "taosdata").unwrap_err();
        let wrong = l.check(HOST, "root", "nope").unwrap_err();
        assert_eq!((unknown.code, unknown.message.as_str()), (wrong.code, wrong.message.as_str()));
        assert_eq!(wrong.code, codes::SERVER_AUTH_FAILURE);
        assert!(l.check(HOST, "alice", "pw").is_ok() && l.check(HOST, "root", "taosdata").is_ok());
        assert!(l.check(HOST, "alice", "taosdata").is_err(), "a password of another user");
        assert!(l.check(HOST, "root", "taosdat").is_err() && l.check(HOST, "root", "taosdataa").is_err());
    }

    #[test]
    fn failures_in_a_row_lock_the_name_at_that_address_only_for_a_while() {
        let l = logins();
        for name in ["root", "ghost"] {
            for _ in 0..3 {
                assert!(!l.check(HOST, name, "wrong").unwrap_err().message.contains("retry"));
            }
            let locked = l.check(HOST, name, "taosdata").unwrap_err();
            assert!(locked.message.contains("too many failed logins"), "{name}: {}", locked.message);
        }
        assert!(l.check(OTHER, "root", "taosdata").is_ok(), "another address is not locked out");
        assert!(l.check(HOST, "alice", "pw").is_ok(), "nor another user");
        std::thread::sleep(Duration::from_millis(350));
        assert!(l.check(HOST, "root", "taosdata").is_ok(), "the lock ends");
    }

    #[test]
    fn a_success_resets_the_count() {
        let l = logins();
        for _ in 0..10 {
            assert!(l.check(HOST, "root", "wrong").is_err() && l.check(HOST, "root", "wrong").is_err());
            assert!(l.check(HOST, "root", "taosdata").is_ok());
        }
    }
}
