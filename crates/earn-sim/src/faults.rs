//! Programmable faults: [`Fault`], built with [`Fault::on`].
//!
//! A fault matches one exact request path and a selection of requests counted from the
//! moment it is injected (`nth`, `times`, `always`). The first injected fault that selects a
//! request decides what happens to it; requests on the path are counted by every fault on it.

use std::sync::Mutex;
use std::time::Duration;

/// What a fault does to the request it selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FaultKind {
    /// Apply the request, then wait before answering.
    Latency(Duration),
    /// Answer this HTTP status with a non-JSON body; the ledger is not touched.
    Status(u16),
    /// Answer the venue's own rate-limit error; the ledger is not touched.
    RateLimit,
    /// Apply the request, then answer 200 with a body that is not JSON.
    MalformedBody,
    /// Apply the request, then answer 200 with the JSON body cut in half.
    TruncatedBody,
    /// Apply the request, then close the connection without any response.
    DropAfterApply,
}

/// Which requests to the path a fault selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Selection {
    Nth(usize),
    Times(usize),
    Always,
}

/// A fault to inject with `Simulator::inject`.
///
/// ```
/// use std::time::Duration;
/// use earn_sim::Fault;
///
/// let slow = Fault::on("/v5/earn/position").times(2).latency(Duration::from_millis(300));
/// let lost = Fault::on("/api/v5/finance/staking-defi/eth/purchase").nth(1).drop_after_apply();
/// # let _ = (slow, lost);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    path: String,
    selection: Selection,
    kind: FaultKind,
}

/// Chooses which requests a [`Fault`] selects, then what it does.
#[derive(Debug, Clone)]
#[must_use = "a FaultBuilder does nothing until a fault kind turns it into a Fault"]
pub struct FaultBuilder {
    path: String,
    selection: Selection,
}

impl Fault {
    /// A fault on requests whose path is exactly `path` (no query), e.g. `"/v5/earn/place-order"`.
    ///
    /// Without `nth`/`times`/`always` the fault selects the next request only.
    pub fn on(path: &str) -> FaultBuilder {
        FaultBuilder { path: path.to_owned(), selection: Selection::Times(1) }
    }
}

impl FaultBuilder {
    /// Only the `n`-th request to the path (1-based), counted from injection.
    pub fn nth(mut self, n: usize) -> Self {
        self.selection = Selection::Nth(n.max(1));
        self
    }

    /// The next `k` requests to the path.
    pub fn times(mut self, k: usize) -> Self {
        self.selection = Selection::Times(k);
        self
    }

    /// Every request to the path until `Simulator::clear_faults`.
    pub fn always(mut self) -> Self {
        self.selection = Selection::Always;
        self
    }

    fn kind(self, kind: FaultKind) -> Fault {
        Fault { path: self.path, selection: self.selection, kind }
    }

    /// Delays the answer by `delay` after the request was applied, then answers normally.
    pub fn latency(self, delay: Duration) -> Fault {
        self.kind(FaultKind::Latency(delay))
    }

    /// Answers HTTP `status` with an HTML body, before the ledger is touched.
    pub fn status(self, status: u16) -> Fault {
        self.kind(FaultKind::Status(status))
    }

    /// Answers the venue's own rate-limit error (OKX: HTTP 429 + `50011`; Bybit: HTTP 200 +
    /// `retCode` 10006), before the ledger is touched.
    pub fn rate_limit(self) -> Fault {
        self.kind(FaultKind::RateLimit)
    }

    /// Applies the request normally, then answers 200 with a body that is not JSON.
    pub fn malformed_body(self) -> Fault {
        self.kind(FaultKind::MalformedBody)
    }

    /// Applies the request normally, then answers 200 with the JSON body cut in half.
    pub fn truncated_body(self) -> Fault {
        self.kind(FaultKind::TruncatedBody)
    }

    /// Applies the request to the ledger, then closes the connection with no response.
    pub fn drop_after_apply(self) -> Fault {
        self.kind(FaultKind::DropAfterApply)
    }
}

#[derive(Debug)]
struct Armed {
    fault: Fault,
    seen: usize,
}

/// The injected faults of one simulator.
#[derive(Debug, Default)]
pub(crate) struct FaultTable {
    armed: Mutex<Vec<Armed>>,
}

impl FaultTable {
    pub(crate) fn inject(&self, fault: Fault) {
        self.lock().push(Armed { fault, seen: 0 });
    }

    pub(crate) fn clear(&self) {
        self.lock().clear();
    }

    /// Counts a request on `path` and returns the fault that applies to it, if any.
    pub(crate) fn select(&self, path: &str) -> Option<FaultKind> {
        let mut armed = self.lock();
        let mut chosen = None;
        for entry in armed.iter_mut().filter(|a| a.fault.path == path) {
            entry.seen += 1;
            let fires = match entry.fault.selection {
                Selection::Nth(n) => entry.seen == n,
                Selection::Times(k) => entry.seen <= k,
                Selection::Always => true,
            };
            if fires && chosen.is_none() {
                chosen = Some(entry.fault.kind);
            }
        }
        armed.retain(|a| match a.fault.selection {
            Selection::Nth(n) => a.seen < n,
            Selection::Times(k) => a.seen < k,
            Selection::Always => true,
        });
        chosen
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Armed>> {
        self.armed.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nth_times_and_always_select_the_right_requests() {
        let table = FaultTable::default();
        table.inject(Fault::on("/a").nth(2).status(500));
        table.inject(Fault::on("/b").times(2).rate_limit());
        table.inject(Fault::on("/c").always().malformed_body());
        let a: Vec<_> = (0..4).map(|_| table.select("/a")).collect();
        assert_eq!(a, [None, Some(FaultKind::Status(500)), None, None]);
        let b: Vec<_> = (0..3).map(|_| table.select("/b")).collect();
        assert_eq!(b, [Some(FaultKind::RateLimit), Some(FaultKind::RateLimit), None]);
        assert!((0..5).all(|_| table.select("/c") == Some(FaultKind::MalformedBody)));
        assert_eq!(table.select("/d"), None);
        table.clear();
        assert_eq!(table.select("/c"), None);
    }
}
