//! [`Endpoint`]: a static description of one venue endpoint.

use std::time::Duration;

use reqwest::Method;

use crate::Operation;

/// Whether an endpoint needs a signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// No authentication headers.
    Public,
    /// Signed with the client's credentials.
    Signed,
}

/// Whether a write carries the venue's idempotency key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Idempotency {
    /// No key: the write is sent once, never repeated after it may have left.
    None,
    /// The body carries a key the venue de-duplicates on (Bybit `orderLinkId`), so a
    /// repeat after a definite rejection is safe.
    Key,
}

/// Read or write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Has no effect at the venue; retried through transient faults.
    Read,
    /// Moves funds or changes state.
    Write {
        /// Which operation, for reconciliation.
        operation: Operation,
        /// Whether it carries an idempotency key.
        idempotency: Idempotency,
    },
}

/// A published rate limit: `requests` per `per`, counted per `group`.
///
/// Limits with the same group share one budget across every clone of a client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RateLimit {
    /// Budget name (the venue's key: usually the endpoint).
    pub group: &'static str,
    /// Requests allowed per window.
    pub requests: u32,
    /// Window length.
    pub per: Duration,
}

impl RateLimit {
    /// `requests` per second in `group`.
    pub const fn per_second(group: &'static str, requests: u32) -> Self {
        RateLimit { group, requests, per: Duration::from_secs(1) }
    }

    /// `requests` per `per` in `group`.
    pub const fn new(group: &'static str, requests: u32, per: Duration) -> Self {
        RateLimit { group, requests, per }
    }

    /// The gap to keep between two requests so that no window of length `per` ever holds
    /// more than `requests`, however the venue counts (fixed or sliding windows) and despite
    /// a little network jitter: `per / requests` plus a safety margin of
    /// [`SAFETY_MARGIN_PERCENT`](Self::SAFETY_MARGIN_PERCENT), at least 1 µs.
    ///
    /// ```
    /// use std::time::Duration;
    /// use earn_core::http::RateLimit;
    /// assert_eq!(RateLimit::per_second("g", 10).spacing(), Duration::from_millis(102));
    /// ```
    pub fn spacing(&self) -> Duration {
        let spacing = self.per / self.requests.max(1);
        (spacing + spacing * Self::SAFETY_MARGIN_PERCENT / 100).max(Duration::from_micros(1))
    }

    /// Margin added to the exact spacing, in percent of it: with exact spacing, arrival
    /// jitter alone lets a sliding window see one request too many.
    pub const SAFETY_MARGIN_PERCENT: u32 = 2;
}

/// One endpoint: method, path, authentication, read/write, and its rate limits.
///
/// Venue crates declare each endpoint once as a `const`:
///
/// ```
/// use earn_core::http::{Endpoint, RateLimit};
/// use earn_core::Operation;
/// const REDEEM: Endpoint = Endpoint::post("/api/v5/finance/staking-defi/eth/redeem")
///     .write(Operation::Redeem)
///     .limit(RateLimit::per_second("eth-redeem", 2));
/// assert!(REDEEM.is_write());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// HTTP method.
    pub method: Method,
    /// Path from the host, starting with `/`.
    pub path: &'static str,
    /// Signed or public.
    pub access: Access,
    /// Read or write.
    pub kind: Kind,
    /// Published limits (an endpoint limit and, say, a per-IP limit), all enforced.
    pub limits: [Option<RateLimit>; 2],
}

impl Endpoint {
    /// A signed GET read.
    pub const fn get(path: &'static str) -> Self {
        Endpoint { method: Method::GET, path, access: Access::Signed, kind: Kind::Read, limits: [None, None] }
    }

    /// A signed POST read (a write once [`write`](Self::write) is called).
    pub const fn post(path: &'static str) -> Self {
        Endpoint { method: Method::POST, path, access: Access::Signed, kind: Kind::Read, limits: [None, None] }
    }

    /// Makes it public (unsigned).
    pub const fn public(mut self) -> Self {
        self.access = Access::Public;
        self
    }

    /// Marks it as a write without an idempotency key.
    pub const fn write(mut self, operation: Operation) -> Self {
        self.kind = Kind::Write { operation, idempotency: Idempotency::None };
        self
    }

    /// Marks it as a write that carries the venue's idempotency key.
    pub const fn idempotent_write(mut self, operation: Operation) -> Self {
        self.kind = Kind::Write { operation, idempotency: Idempotency::Key };
        self
    }

    /// Adds a rate limit (at most two per endpoint).
    pub const fn limit(mut self, limit: RateLimit) -> Self {
        if self.limits[0].is_none() {
            self.limits[0] = Some(limit);
        } else {
            self.limits[1] = Some(limit);
        }
        self
    }

    /// Whether it is a write.
    pub const fn is_write(&self) -> bool {
        matches!(self.kind, Kind::Write { .. })
    }

    /// Whether a repeat is safe after a definite rejection (reads, and keyed writes).
    pub const fn repeat_is_safe(&self) -> bool {
        matches!(self.kind, Kind::Read | Kind::Write { idempotency: Idempotency::Key, .. })
    }
}
