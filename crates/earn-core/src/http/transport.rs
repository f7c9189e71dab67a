//! [`TransportOptions`]: the transport settings every venue client shares.

use std::sync::Arc;
use std::time::Duration;

use super::{ClockSync, RateBudget, RetryPolicy};

/// Timeouts, retries, clock sync and rate limiting: the settings of the shared executor.
///
/// Every venue client builder takes them whole through `.transport(options)`, so they are
/// written once:
///
/// ```
/// use std::time::Duration;
/// use earn_core::http::{RetryPolicy, TransportOptions};
/// let t = TransportOptions::default().timeout(Duration::from_secs(5)).retry_policy(RetryPolicy::none());
/// assert_eq!(t.timeout, Duration::from_secs(5));
/// assert_eq!(t.retry.max_retries, 0);
/// ```
#[derive(Clone, Debug)]
pub struct TransportOptions {
    /// Time allowed for a whole request, body included (default 15 s).
    pub timeout: Duration,
    /// Time allowed to open a connection (default 5 s).
    pub connect_timeout: Duration,
    /// Retry policy for safe repeats (default [`RetryPolicy::default`]).
    pub retry: RetryPolicy,
    /// When to learn the venue's clock (default [`ClockSync::OnRejection`]).
    pub clock_sync: ClockSync,
    /// Whether requests first wait for the published rate limits (default `true`).
    pub enforce_rate_limits: bool,
    /// Where rate limits are counted (default: an in-process [`LocalBudget`](super::LocalBudget)
    /// per client, shared by its clones).
    pub budget: Option<Arc<dyn RateBudget>>,
}

impl Default for TransportOptions {
    fn default() -> Self {
        TransportOptions {
            timeout: Duration::from_secs(15),
            connect_timeout: Duration::from_secs(5),
            retry: RetryPolicy::default(),
            clock_sync: ClockSync::default(),
            enforce_rate_limits: true,
            budget: None,
        }
    }
}

impl TransportOptions {
    /// Time allowed for a whole request, body included (default 15 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time allowed to open a connection (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Retry policy for safe repeats: reads, writes that never left, and writes carrying
    /// an idempotency key after a definite rejection.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// When to learn the venue's clock (default: when a timestamp is rejected).
    pub fn clock_sync(mut self, sync: ClockSync) -> Self {
        self.clock_sync = sync;
        self
    }

    /// Whether requests first wait for the published rate limits (default `true`).
    ///
    /// Turn it off only where something else keeps within the venue's limits (a shared
    /// budget across processes, a local test server).
    pub fn enforce_rate_limits(mut self, enforce: bool) -> Self {
        self.enforce_rate_limits = enforce;
        self
    }

    /// Counts the rate limits in `budget`: a [`LocalBudget`](super::LocalBudget) shared by
    /// several clients of one process, or a [`RedisBudget`](super::RedisBudget) (feature
    /// `redis`) shared by every process using the key.
    pub fn budget(mut self, budget: Arc<dyn RateBudget>) -> Self {
        self.budget = Some(budget);
        self
    }
}
