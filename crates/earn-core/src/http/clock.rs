//! [`ServerClock`]: local time corrected by the venue's clock offset.

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

use crate::UnixMillis;

/// The venue's clock as seen from here: local time plus a learned offset.
///
/// Shared by clones of a client; refreshed from the venue's public time endpoint.
#[derive(Debug, Default)]
pub struct ServerClock {
    offset_ms: AtomicI64,
    synced: AtomicBool,
}

impl ServerClock {
    /// The venue's current time, by our best estimate.
    pub fn now(&self) -> UnixMillis {
        UnixMillis(UnixMillis::now_local().0 + self.offset_ms.load(Ordering::Relaxed))
    }

    /// Milliseconds to add to the local clock.
    pub fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::Relaxed)
    }

    /// Whether the offset has been learned from the venue at least once.
    pub fn is_synced(&self) -> bool {
        self.synced.load(Ordering::Relaxed)
    }

    /// Records a server time observed between two local readings (round-trip midpoint).
    pub fn observe(&self, server: UnixMillis, sent_local: UnixMillis, received_local: UnixMillis) {
        let midpoint = sent_local.0 + (received_local.0 - sent_local.0) / 2;
        self.offset_ms.store(server.0 - midpoint, Ordering::Relaxed);
        self.synced.store(true, Ordering::Relaxed);
    }

    /// Sets the offset directly (tests, or a caller with its own time source).
    pub fn set_offset_ms(&self, offset: i64) {
        self.offset_ms.store(offset, Ordering::Relaxed);
        self.synced.store(true, Ordering::Relaxed);
    }
}

/// When the client learns the venue's clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClockSync {
    /// Only when the venue rejects a timestamp (then the request is re-signed and sent once more).
    #[default]
    OnRejection,
    /// Before the first signed request, and again on rejection.
    BeforeFirstRequest,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_uses_round_trip_midpoint() {
        let c = ServerClock::default();
        assert!(!c.is_synced());
        c.observe(UnixMillis(10_000), UnixMillis(1_000), UnixMillis(1_200));
        assert_eq!(c.offset_ms(), 8_900);
        assert!(c.is_synced());
        let now = c.now().0 - UnixMillis::now_local().0;
        assert!((8_890..=8_900).contains(&now));
    }
}
