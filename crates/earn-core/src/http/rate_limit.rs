//! Rate budgets: where the executor waits before a request so that the venue's published
//! limits are never exceeded.
//!
//! Venue limits are counted per account (OKX per User ID, Bybit per UID), not per process.
//! [`LocalBudget`] (the default) keeps one budget per limit group inside the process,
//! shared by every clone of a client. [`RedisBudget`](super::RedisBudget) (feature `redis`)
//! keeps it in Redis, so every process and machine using one key draws from one budget.

use std::collections::HashMap;
use std::fmt;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

use super::RateLimit;
use crate::Result;

/// Whose budget one request draws from: the venue, the account and the limit group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BudgetKey<'a> {
    /// The venue (`"okx-staking"`).
    pub venue: &'a str,
    /// The account: a digest of the API key (never the key or the secret), or `"public"`
    /// for unsigned requests.
    pub account: &'a str,
    /// The published limit and its group.
    pub limit: &'a RateLimit,
}

/// Where the executor waits for permission to send one request.
///
/// An implementation either returns once the request may be sent without exceeding
/// `key.limit` (counted across everything that shares the budget), or fails with a typed
/// error, in which case the request is not sent. It must never wait unboundedly on an
/// unavailable backend.
#[async_trait]
pub trait RateBudget: Send + Sync + fmt::Debug {
    /// Waits until one request under `key` may be sent.
    async fn acquire(&self, key: &BudgetKey<'_>) -> Result<()>;
}

/// The in-process budget: one request every [`RateLimit::spacing`] per (venue, account,
/// group), no burst, shared by every client holding the same `LocalBudget`.
///
/// With [`LocalBudget::with_share`] it keeps only `1/n` of each limit, for `n` replicas
/// that cannot coordinate (the documented fallback of a shared budget whose backend is down).
#[derive(Default)]
pub struct LocalBudget {
    share: u32,
    limiters: Mutex<HashMap<LimiterKey, Arc<DefaultDirectRateLimiter>>>,
}

/// (venue, account, limit group).
type LimiterKey = (String, String, &'static str);

impl LocalBudget {
    /// A full in-process budget.
    pub fn new() -> Self {
        Self::default()
    }

    /// A budget that keeps `1/replicas` of every limit: each request waits `replicas` times
    /// the spacing, so `replicas` processes together stay within the limit.
    pub fn with_share(replicas: NonZeroU32) -> Self {
        LocalBudget { share: replicas.get(), limiters: Mutex::default() }
    }

    /// The gap this budget keeps between two requests of `limit`.
    pub fn spacing(&self, limit: &RateLimit) -> Duration {
        limit.spacing() * self.share.max(1)
    }

    fn limiter(&self, key: &BudgetKey<'_>) -> Arc<DefaultDirectRateLimiter> {
        let mut map = self.limiters.lock().unwrap_or_else(|p| p.into_inner());
        map.entry((key.venue.to_owned(), key.account.to_owned(), key.limit.group))
            .or_insert_with(|| {
                let quota = Quota::with_period(self.spacing(key.limit))
                    .expect("spacing is at least 1 µs")
                    .allow_burst(NonZeroU32::MIN);
                Arc::new(RateLimiter::direct(quota))
            })
            .clone()
    }
}

#[async_trait]
impl RateBudget for LocalBudget {
    async fn acquire(&self, key: &BudgetKey<'_>) -> Result<()> {
        self.limiter(key).until_ready().await;
        Ok(())
    }
}

impl fmt::Debug for LocalBudget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.limiters.lock().map(|m| m.len()).unwrap_or(0);
        f.debug_struct("LocalBudget").field("share", &self.share.max(1)).field("groups", &n).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_share_stretches_the_spacing() {
        let limit = RateLimit::per_second("g", 10);
        let full = LocalBudget::new();
        let half = LocalBudget::with_share(NonZeroU32::new(2).unwrap());
        assert_eq!(full.spacing(&limit), Duration::from_millis(102));
        assert_eq!(half.spacing(&limit), Duration::from_millis(204));
        let key = BudgetKey { venue: "v", account: "a", limit: &limit };
        let other = BudgetKey { venue: "v", account: "b", limit: &limit };
        full.acquire(&key).await.unwrap();
        full.acquire(&other).await.unwrap();
        assert_eq!(full.limiters.lock().unwrap().len(), 2, "accounts have separate budgets");
    }
}
