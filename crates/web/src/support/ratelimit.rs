//! A per-client rate limit kept only in memory. Clients are known by a salted hash of their
//! address; the salt is made at start-up and never written anywhere, and neither the address
//! nor the hash is ever logged or stored, so nothing here can trace a story to a person.
//!
//! The buckets live in a bounded cache: a client unseen for as long as its bucket takes to
//! refill is forgotten (it is as good as new), and at most [`MAX_CLIENTS`] are kept, so a flood
//! of addresses cannot grow memory.

use sha2::{Digest, Sha256};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The most clients remembered at once.
pub const MAX_CLIENTS: u64 = 100_000;

/// A token bucket per client: `burst` requests at once, refilled at `per_hour`.
pub struct RateLimiter {
    per_hour: u32,
    burst: u32,
    salt: [u8; 32],
    buckets: moka::sync::Cache<[u8; 16], Arc<Mutex<Bucket>>>,
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl RateLimiter {
    /// `per_hour` = 0 switches the limit off.
    pub fn new(per_hour: u32, burst: u32) -> Self {
        let mut salt = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut salt);
        let burst = burst.max(1);
        // A bucket left alone this long is full again: forgetting it changes nothing.
        let refill = if per_hour == 0 {
            Duration::from_secs(1)
        } else {
            Duration::from_secs_f64(f64::from(burst) * 3600.0 / f64::from(per_hour))
        };
        RateLimiter {
            per_hour,
            burst,
            salt,
            buckets: moka::sync::Cache::builder()
                .max_capacity(MAX_CLIENTS)
                .time_to_idle(refill)
                .build(),
        }
    }

    fn key(&self, client: IpAddr) -> [u8; 16] {
        let mut hasher = Sha256::new();
        hasher.update(self.salt);
        match client {
            IpAddr::V4(a) => hasher.update(a.octets()),
            // One IPv6 client usually owns a whole /64.
            IpAddr::V6(a) => hasher.update(&a.octets()[..8]),
        }
        let digest = hasher.finalize();
        let mut key = [0u8; 16];
        key.copy_from_slice(&digest[..16]);
        key
    }

    /// Takes one request from the client's allowance; `false` means over the limit.
    pub fn allow(&self, client: Option<IpAddr>) -> bool {
        if self.per_hour == 0 {
            return true;
        }
        let Some(client) = client else { return true };
        let key = self.key(client);
        let now = Instant::now();
        let rate = f64::from(self.per_hour) / 3600.0;
        let burst = f64::from(self.burst);
        let bucket = self.buckets.get_with(key, || {
            Arc::new(Mutex::new(Bucket {
                tokens: burst,
                updated: now,
            }))
        });
        let mut bucket = bucket.lock().unwrap_or_else(|e| e.into_inner());
        let elapsed = now.duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(burst);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Whether the client has an allowance left, without taking from it (for limits that count
    /// only failures, such as wrong join codes).
    pub fn has_allowance(&self, client: Option<IpAddr>) -> bool {
        if self.per_hour == 0 {
            return true;
        }
        let Some(client) = client else { return true };
        let Some(bucket) = self.buckets.get(&self.key(client)) else {
            return true;
        };
        let bucket = bucket.lock().unwrap_or_else(|e| e.into_inner());
        let rate = f64::from(self.per_hour) / 3600.0;
        let elapsed = Instant::now().duration_since(bucket.updated).as_secs_f64();
        (bucket.tokens + elapsed * rate).min(f64::from(self.burst)) >= 1.0
    }

    /// How many clients are remembered now (after pending evictions are done).
    pub fn clients(&self) -> u64 {
        self.buckets.run_pending_tasks();
        self.buckets.entry_count()
    }

    /// How long until a client that was refused may try again (for `Retry-After`).
    pub fn retry_after(&self) -> Duration {
        if self.per_hour == 0 {
            return Duration::ZERO;
        }
        Duration::from_secs_f64((3600.0 / f64::from(self.per_hour)).ceil())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_over_its_burst_is_refused_and_others_are_not() {
        let limiter = RateLimiter::new(60, 3);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        assert!(limiter.allow(Some(a)));
        assert!(limiter.allow(Some(a)));
        assert!(limiter.allow(Some(a)));
        assert!(!limiter.allow(Some(a)));
        assert!(limiter.allow(Some(b)));
    }

    #[test]
    fn a_flood_of_addresses_is_remembered_only_up_to_the_bound() {
        let limiter = RateLimiter::new(60, 3);
        for n in 0..(MAX_CLIENTS + 20_000) {
            let ip = IpAddr::V6(std::net::Ipv6Addr::from((u128::from(n)) << 64));
            limiter.allow(Some(ip));
        }
        assert!(
            limiter.clients() <= MAX_CLIENTS,
            "{} clients kept",
            limiter.clients()
        );
    }

    #[test]
    fn zero_switches_the_limit_off() {
        let limiter = RateLimiter::new(0, 1);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        assert!((0..100).all(|_| limiter.allow(Some(a))));
    }
}
