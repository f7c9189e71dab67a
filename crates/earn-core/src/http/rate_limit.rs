//! Client-side rate limiting, one budget per limit group, shared by clones.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

use super::RateLimit;

/// Spacing kept above the published rate so a venue counting in fixed or sliding
/// windows never sees one request too many (2 % of the period).
const SAFETY_MARGIN_PERCENT: u32 = 2;

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

/// One request every `per / requests` (plus margin), no burst: at most `requests` in any
/// window of length `per`, whether the venue counts fixed or sliding windows.
fn quota(limit: &RateLimit) -> Quota {
    let n = limit.requests.max(1);
    let spacing = limit.per / n;
    let spacing = spacing + spacing * SAFETY_MARGIN_PERCENT / 100;
    Quota::with_period(spacing.max(Duration::from_micros(1))).expect("period is non-zero").allow_burst(NonZeroU32::MIN)
}

impl std::fmt::Debug for RateLimiters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.limiters.lock().map(|m| m.len()).unwrap_or(0);
        write!(f, "RateLimiters({n} groups)")
    }
}
