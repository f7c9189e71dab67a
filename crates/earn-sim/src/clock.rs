//! [`SimClock`]: the simulator's own clock, which tests can skew.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The simulated venues' clock: the local clock plus an adjustable skew.
///
/// Skewing it makes every client timestamp look stale, as a venue with a drifting clock
/// would; clients must resync from the venues' time endpoints (which report this clock).
#[derive(Debug, Default)]
pub struct SimClock {
    skew_ms: AtomicI64,
}

impl SimClock {
    /// Venue time now, Unix milliseconds.
    pub fn now_ms(&self) -> i64 {
        let local = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0);
        local + self.skew_ms.load(Ordering::Relaxed)
    }

    /// Sets the skew: venue time = local time + `ms`.
    pub fn set_skew_ms(&self, ms: i64) {
        self.skew_ms.store(ms, Ordering::Relaxed);
    }

    /// The current skew in milliseconds.
    pub fn skew_ms(&self) -> i64 {
        self.skew_ms.load(Ordering::Relaxed)
    }
}
