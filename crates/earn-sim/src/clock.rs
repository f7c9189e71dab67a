//! [`SimClock`]: the simulator's own clock, which tests can skew and advance.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The simulated venues' clock: the local clock plus an adjustable skew, and a separate
/// offset by which the venues' ledgers run ahead.
///
/// * Skewing ([`SimClock::set_skew_ms`]) moves the server clock: the time endpoints report
///   it and client timestamps are checked against it, so a skew beyond the venue's window
///   makes every signature stale until the client resyncs, as a venue with a drifting clock
///   would.
/// * Advancing ([`SimClock::advance_ms`]) moves only the ledgers' time: orders settle,
///   positions mature and yields accrue as if that time had passed, while signatures made
///   with the server clock stay valid.
#[derive(Debug, Default)]
pub struct SimClock {
    skew_ms: AtomicI64,
    advanced_ms: AtomicI64,
}

impl SimClock {
    /// Server time now, Unix milliseconds: local time plus the skew. Sign requests with it.
    pub fn now_ms(&self) -> i64 {
        let local = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0);
        local + self.skew_ms.load(Ordering::Relaxed)
    }

    /// Ledger time now, Unix milliseconds: server time plus everything advanced so far.
    pub fn ledger_now_ms(&self) -> i64 {
        self.now_ms().saturating_add(self.advanced_ms.load(Ordering::Relaxed))
    }

    /// Sets the skew: server time = local time + `ms`.
    pub fn set_skew_ms(&self, ms: i64) {
        self.skew_ms.store(ms, Ordering::Relaxed);
    }

    /// The current skew in milliseconds.
    pub fn skew_ms(&self) -> i64 {
        self.skew_ms.load(Ordering::Relaxed)
    }

    /// Moves the ledgers' time `ms` further (negative values are ignored: venue time never
    /// runs backwards). Returns the total advanced so far.
    pub fn advance_ms(&self, ms: i64) -> i64 {
        let ms = ms.max(0);
        self.advanced_ms.fetch_add(ms, Ordering::Relaxed).saturating_add(ms)
    }

    /// How far the ledgers' time runs ahead of the server clock, in milliseconds.
    pub fn advanced_ms(&self) -> i64 {
        self.advanced_ms.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_the_ledger_not_the_server_clock() {
        let clock = SimClock::default();
        clock.set_skew_ms(10_000);
        assert_eq!(clock.advance_ms(5_000), 5_000);
        assert_eq!(clock.advance_ms(-1), 5_000, "time never runs backwards");
        let (server, ledger) = (clock.now_ms(), clock.ledger_now_ms());
        assert!((ledger - server - 5_000).abs() < 1_000, "{ledger} vs {server}");
        assert_eq!(clock.skew_ms(), 10_000);
    }
}
