//! A per-client rate limit kept only in memory. Clients are known by a salted hash of their
//! address; the salt is made at start-up and never written anywhere, and neither the address
//! nor the hash is ever logged or stored, so nothing here can trace a story to a person.

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A token bucket per client: `burst` requests at once, refilled at `per_hour`.
pub struct RateLimiter {
    per_hour: u32,
    burst: u32,
    salt: [u8; 32],
    buckets: Mutex<HashMap<[u8; 16], Bucket>>,
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
        RateLimiter {
            per_hour,
            burst: burst.max(1),
            salt,
            buckets: Mutex::new(HashMap::new()),
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
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() > 100_000 {
            // Forget clients whose bucket has refilled: they are as good as new.
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.updated).as_secs_f64() * rate < burst
            });
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: burst,
            updated: now,
        });
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
    fn zero_switches_the_limit_off() {
        let limiter = RateLimiter::new(0, 1);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        assert!((0..100).all(|_| limiter.allow(Some(a))));
    }
}
