//! Sign-in attempts at addresses that have no (active) account, counted exactly as an account
//! counts its own: [`MAX_FAILED_LOGINS`] wrong tries, then "locked until …" for
//! [`LOCK_MINUTES`]. So the answers to a run of attempts are the same whether the address has
//! an account or not, and cannot be used to find out which addresses do.
//!
//! Addresses are kept in memory only, as a salted hash made at start-up; the cache is bounded
//! in size and forgets an address once its lock would have run out.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};
use vertelpunt_store::users::{SignIn, LOCK_MINUTES, MAX_FAILED_LOGINS};

/// The most addresses remembered at once.
const CAPACITY: u64 = 100_000;

#[derive(Default)]
struct Tries {
    failed: i32,
    locked_until: Option<NaiveDateTime>,
}

/// Failed sign-ins by address hash.
pub struct UnknownAccounts {
    salt: [u8; 32],
    tries: moka::sync::Cache<[u8; 16], Arc<Mutex<Tries>>>,
}

impl Default for UnknownAccounts {
    fn default() -> Self {
        let mut salt = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut salt);
        UnknownAccounts {
            salt,
            tries: moka::sync::Cache::builder()
                .max_capacity(CAPACITY)
                .time_to_idle(Duration::from_secs(LOCK_MINUTES as u64 * 60))
                .build(),
        }
    }
}

impl UnknownAccounts {
    fn key(&self, email: &str) -> [u8; 16] {
        let mut hasher = Sha256::new();
        hasher.update(self.salt);
        hasher.update(email.trim().to_lowercase().as_bytes());
        let mut key = [0u8; 16];
        key.copy_from_slice(&hasher.finalize()[..16]);
        key
    }

    /// A failed attempt at `email`, which has no account: the answer an account would give.
    pub fn fail(&self, email: &str, now: NaiveDateTime) -> SignIn {
        let tries = self.tries.get_with(self.key(email), Arc::default);
        let mut tries = tries.lock().unwrap_or_else(|e| e.into_inner());
        match tries.locked_until {
            Some(until) if until > now => return SignIn::Locked { until },
            Some(_) => *tries = Tries::default(),
            None => {}
        }
        tries.failed += 1;
        if tries.failed >= MAX_FAILED_LOGINS {
            let until = now + chrono::Duration::minutes(LOCK_MINUTES);
            tries.locked_until = Some(until);
            return SignIn::Locked { until };
        }
        SignIn::Refused
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_address_is_locked_like_an_account() {
        let unknown = UnknownAccounts::default();
        let now = vertelpunt_store::now();
        for _ in 1..MAX_FAILED_LOGINS {
            assert!(matches!(unknown.fail("x@y.nl", now), SignIn::Refused));
        }
        assert!(matches!(
            unknown.fail("X@y.nl ", now),
            SignIn::Locked { .. }
        ));
        assert!(matches!(unknown.fail("x@y.nl", now), SignIn::Locked { .. }));
        assert!(matches!(unknown.fail("ander@y.nl", now), SignIn::Refused));
        let later = now + chrono::Duration::minutes(LOCK_MINUTES + 1);
        assert!(matches!(unknown.fail("x@y.nl", later), SignIn::Refused));
    }
}
