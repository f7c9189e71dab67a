//! [`RetryPolicy`]: exponential backoff with jitter, for requests that are safe to repeat.

use std::time::Duration;

/// How often and how patiently safe requests are repeated.
///
/// Only reads, writes that provably never left, and writes carrying an idempotency key
/// after a definite rejection are ever repeated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Repeats after the first attempt (0 disables retries).
    pub max_retries: u32,
    /// Backoff before the first repeat.
    pub initial_backoff: Duration,
    /// Upper bound of any single backoff, `Retry-After` included.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..Self::default() }
    }

    /// Backoff before repeat number `retry` (0-based): `initial * 2^retry`, capped, with
    /// "equal jitter" (between half and all of it), never less than `at_least`.
    pub fn backoff(&self, retry: u32, at_least: Option<Duration>) -> Duration {
        let exp = self.initial_backoff.saturating_mul(1u32 << retry.min(16)).min(self.max_backoff);
        let half = exp / 2;
        let jitter = Duration::from_nanos(fastrand::u64(0..=u64::try_from(half.as_nanos()).unwrap_or(u64::MAX)));
        (half + jitter).max(at_least.unwrap_or_default()).min(self.max_backoff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy {
            max_retries: 5,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
        };
        for _ in 0..100 {
            let b0 = p.backoff(0, None);
            assert!(b0 >= Duration::from_millis(50) && b0 <= Duration::from_millis(100));
            let b3 = p.backoff(3, None);
            assert!(b3 >= Duration::from_millis(400) && b3 <= Duration::from_millis(800));
            assert!(p.backoff(10, None) <= Duration::from_secs(1));
            assert_eq!(p.backoff(0, Some(Duration::from_millis(700))), Duration::from_millis(700));
            assert_eq!(p.backoff(0, Some(Duration::from_secs(30))), Duration::from_secs(1));
        }
    }
}
