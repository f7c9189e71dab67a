//! Client-side rate limiting, one budget per limit group, shared by clones.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

use super::RateLimit;

/// Budgets for every limit group a client has used.
#[derive(Default)]
pub(crate) struct RateLimiters {
    limiters: Mutex<HashMap<&'static str, Arc<DefaultDirectRateLimiter>>>,
}

impl RateLimiters {
    /// Waits until one request of `limit` may be sent.
    pub(crate) async fn acquire(&self, limit: &RateLimit) {
        let limiter = self.limiter(limit);
        limiter.until_ready().await;
    }

    fn limiter(&self, limit: &RateLimit) -> Arc<DefaultDirectRateLimiter> {
        let mut map = self.limiters.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(limit.group).or_insert_with(|| Arc::new(RateLimiter::direct(quota(limit)))).clone()
    }
}

/// One request every [`RateLimit::spacing`], no burst: at most `requests` in any window of
/// length `per`, whether the venue counts fixed or sliding windows.
fn quota(limit: &RateLimit) -> Quota {
    Quota::with_period(limit.spacing()).expect("spacing is at least 1 µs").allow_burst(NonZeroU32::MIN)
}

impl std::fmt::Debug for RateLimiters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.limiters.lock().map(|m| m.len()).unwrap_or(0);
        write!(f, "RateLimiters({n} groups)")
    }
}
