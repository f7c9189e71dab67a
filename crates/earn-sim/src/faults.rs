//! Programmable faults: [`Fault`], built with [`Fault::on`].
//!
//! A fault matches one exact request path and a selection of requests counted from the
//! moment it is injected (`nth`, `times`, `always`). Only requests that passed
//! authentication are counted and can be hit: a request with a bad signature neither uses
//! up a fault nor gets one. The first injected fault that selects a request decides what
//! happens to it; requests on the path are counted by every fault on it.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

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

impl Fault {
    /// The request path the fault watches.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The fault as the admin API shows and takes it (see [`Fault::from_json`]).
    pub fn to_json(&self) -> Value {
        let mut out = match self.selection {
            Selection::Nth(n) => json!({"path": self.path, "nth": n}),
            Selection::Times(k) => json!({"path": self.path, "times": k}),
            Selection::Always => json!({"path": self.path, "always": true}),
        };
        let (kind, extra) = match self.kind {
            FaultKind::Latency(d) => ("latency", Some(("latencyMs", json!(d.as_millis() as u64)))),
            FaultKind::Status(s) => ("status", Some(("status", json!(s)))),
            FaultKind::RateLimit => ("rate_limit", None),
            FaultKind::MalformedBody => ("malformed_body", None),
            FaultKind::TruncatedBody => ("truncated_body", None),
            FaultKind::DropAfterApply => ("drop_after_apply", None),
        };
        out["kind"] = json!(kind);
        if let Some((name, value)) = extra {
            out[name] = value;
        }
        out
    }

    /// Reads a fault written as the admin API takes it:
    /// `{"path": "/v5/earn/place-order", "kind": "status", "status": 503, "nth": 2}`; `kind` is
    /// one of `latency` (+ `latencyMs`), `status` (+ `status`), `rate_limit`,
    /// `malformed_body`, `truncated_body`, `drop_after_apply`; the selection one of
    /// `nth`, `times`, `always: true` (default: the next request).
    pub fn from_json(value: &Value) -> Result<Fault, String> {
        let text = |name: &str| value.get(name).and_then(Value::as_str);
        let count = |name: &str| -> Result<Option<usize>, String> {
            match value.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(v) => v
                    .as_u64()
                    .filter(|n| *n >= 1)
                    .map(|n| Some(n as usize))
                    .ok_or_else(|| format!("{name} must be a positive integer")),
            }
        };
        let path = text("path")
            .filter(|p| p.starts_with('/'))
            .ok_or("path must be a request path such as /v5/earn/place-order")?;
        let mut builder = Fault::on(path);
        let always = value.get("always").and_then(Value::as_bool).unwrap_or(false);
        match (count("nth")?, count("times")?, always) {
            (Some(n), None, false) => builder = builder.nth(n),
            (None, Some(k), false) => builder = builder.times(k),
            (None, None, true) => builder = builder.always(),
            (None, None, false) => {}
            _ => return Err("give at most one of nth, times, always".to_owned()),
        }
        match text("kind").ok_or("kind is required")? {
            "latency" => {
                let ms = value.get("latencyMs").and_then(Value::as_u64).ok_or("latency needs latencyMs (integer)")?;
                Ok(builder.latency(Duration::from_millis(ms)))
            }
            "status" => {
                let status = value
                    .get("status")
                    .and_then(Value::as_u64)
                    .filter(|s| (100..=599).contains(s))
                    .ok_or("status needs status (an HTTP status, 100-599)")?;
                Ok(builder.status(status as u16))
            }
            "rate_limit" => Ok(builder.rate_limit()),
            "malformed_body" => Ok(builder.malformed_body()),
            "truncated_body" => Ok(builder.truncated_body()),
            "drop_after_apply" => Ok(builder.drop_after_apply()),
            other => Err(format!(
                "unknown kind {other:?} (latency, status, rate_limit, malformed_body, truncated_body, drop_after_apply)"
            )),
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_json().to_string())
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

    /// Removes every fault; returns how many were armed.
    pub(crate) fn clear(&self) -> usize {
        let mut armed = self.lock();
        let n = armed.len();
        armed.clear();
        n
    }

    /// The armed faults, each with the number of requests it has counted.
    pub(crate) fn list(&self) -> Vec<(Fault, usize)> {
        self.lock().iter().map(|a| (a.fault.clone(), a.seen)).collect()
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

/// Request extension set by the framework layer: the faults of this request's path, consulted
/// by the venue only once the request has passed authentication.
#[derive(Debug, Clone)]
pub(crate) struct Gate {
    table: Arc<FaultTable>,
    path: Arc<str>,
    fired: Arc<Mutex<Option<FaultKind>>>,
}

impl Gate {
    pub(crate) fn new(table: Arc<FaultTable>, path: &str) -> Self {
        Gate { table, path: path.into(), fired: Arc::default() }
    }

    /// The request passed authentication: counts it and picks its fault. `true` when that
    /// fault answers in the venue's place, before anything is applied.
    pub(crate) fn admit(&self) -> bool {
        let kind = self.table.select(&self.path);
        *self.fired.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = kind;
        matches!(kind, Some(FaultKind::Status(_) | FaultKind::RateLimit))
    }

    /// The fault that hit this request, if any.
    pub(crate) fn fired(&self) -> Option<FaultKind> {
        *self.fired.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
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
        assert_eq!(table.list().len(), 1, "spent faults are gone");
        assert_eq!(table.clear(), 1);
        assert_eq!(table.select("/c"), None);
    }

    #[test]
    fn admin_json_round_trips_and_refuses_nonsense() {
        let fault = Fault::from_json(&json!({"path": "/a", "kind": "status", "status": 503, "nth": 2})).unwrap();
        assert_eq!(fault, Fault::on("/a").nth(2).status(503));
        assert_eq!(Fault::from_json(&fault.to_json()).unwrap(), fault, "what the API lists, it accepts");
        let slow = Fault::from_json(&json!({"path": "/b", "kind": "latency", "latencyMs": 250, "always": true}));
        assert_eq!(slow.unwrap(), Fault::on("/b").always().latency(Duration::from_millis(250)));
        for bad in [
            json!({"kind": "status", "status": 503}),
            json!({"path": "/a", "kind": "explode"}),
            json!({"path": "/a", "kind": "status"}),
            json!({"path": "/a", "kind": "rate_limit", "nth": 1, "times": 2}),
            json!({"path": "/a", "kind": "rate_limit", "nth": 0}),
        ] {
            assert!(Fault::from_json(&bad).is_err(), "{bad}");
        }
    }
}
