//! What Bybit's rate-limit headers said, shared by clones of a client.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use earn_core::UnixMillis;
use earn_core::http::HeaderMap;

/// The last `X-Bapi-Limit*` headers seen for one endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LimitStatus {
    /// `X-Bapi-Limit`: requests allowed per window for this endpoint.
    pub limit: Option<u32>,
    /// `X-Bapi-Limit-Status`: requests left in the current window.
    pub remaining: Option<u32>,
    /// `X-Bapi-Limit-Reset-Timestamp`: when the window resets (venue clock).
    pub reset_at: Option<UnixMillis>,
}

impl LimitStatus {
    /// Reads the headers; `None` when none of them is present.
    pub fn from_headers(headers: &HeaderMap) -> Option<Self> {
        let num = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<i64>().ok();
        let s = LimitStatus {
            limit: num("x-bapi-limit").and_then(|v| u32::try_from(v).ok()),
            remaining: num("x-bapi-limit-status").and_then(|v| u32::try_from(v).ok()),
            reset_at: num("x-bapi-limit-reset-timestamp").map(UnixMillis),
        };
        (s.limit.is_some() || s.remaining.is_some() || s.reset_at.is_some()).then_some(s)
    }

    /// How long to wait from `now` (venue clock) until the window resets, if it is exhausted.
    pub fn wait_from(&self, now: UnixMillis) -> Option<Duration> {
        if self.remaining != Some(0) {
            return None;
        }
        let ms = self.reset_at?.0 - now.0;
        (ms > 0).then(|| Duration::from_millis(ms.unsigned_abs()))
    }
}

/// Shared record of limit headers per endpoint and of an IP ban.
#[derive(Debug, Default)]
pub(crate) struct LimitTracker {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    endpoints: HashMap<&'static str, LimitStatus>,
    banned_until: Option<Instant>,
}

impl LimitTracker {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn record(&self, path: &'static str, status: LimitStatus) {
        self.lock().endpoints.insert(path, status);
    }

    pub(crate) fn status(&self, path: &str) -> Option<LimitStatus> {
        self.lock().endpoints.get(path).copied()
    }

    pub(crate) fn ban_for(&self, d: Duration) {
        self.lock().banned_until = Some(Instant::now() + d);
    }

    /// Time left on an IP ban, if one is in force.
    pub(crate) fn ban_left(&self) -> Option<Duration> {
        let mut s = self.lock();
        match s.banned_until {
            Some(t) if t > Instant::now() => Some(t - Instant::now()),
            Some(_) => {
                s.banned_until = None;
                None
            }
            None => None,
        }
    }

    pub(crate) fn lift_ban(&self) {
        self.lock().banned_until = None;
    }
}
