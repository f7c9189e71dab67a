//! Binance request weights (binance-earn.md §5): every `/sapi` endpoint has its own 1-minute
//! budget, 12000 per IP (IP-weighted endpoints) or 180000 per UID (the universal transfer);
//! every `/api` endpoint shares one 6000-per-minute IP budget. A request over budget answers
//! HTTP 429 `-1003` with `Retry-After`; an IP that keeps sending after a 429 is banned (HTTP
//! 418) for two minutes. The eight stake/redeem writes also allow one request per 3 s per
//! account (`-6009`). Measured on the local monotonic clock.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);
const BAN: Duration = Duration::from_secs(120);
/// Requests an IP may still send, all refused, before a 429 turns into a ban.
const TOLERATED_AFTER_429: u32 = 10;
pub(crate) const WRITE_INTERVAL: Duration = Duration::from_secs(3);

/// How an endpoint is weighed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pool {
    /// `/sapi` endpoint, per IP (`X-SAPI-USED-IP-WEIGHT-1M`).
    SapiIp,
    /// `/sapi` endpoint, per UID (`X-SAPI-USED-UID-WEIGHT-1M`).
    SapiUid,
    /// `/api` endpoints, one shared IP budget (`X-MBX-USED-WEIGHT-1M`).
    Api,
}

impl Pool {
    pub(crate) fn limit(self) -> u32 {
        match self {
            Pool::SapiIp => 12_000,
            Pool::SapiUid => 180_000,
            Pool::Api => 6_000,
        }
    }

    pub(crate) fn header(self) -> &'static str {
        match self {
            Pool::SapiIp => "x-sapi-used-ip-weight-1m",
            Pool::SapiUid => "x-sapi-used-uid-weight-1m",
            Pool::Api => "x-mbx-used-weight-1m",
        }
    }

    /// The window an endpoint's requests share: per path for `/sapi`, one for `/api`.
    pub(crate) fn bucket(self, path: &str, ip: &str, key: &str) -> String {
        match self {
            Pool::SapiIp => format!("ip:{ip}:{path}"),
            Pool::SapiUid => format!("uid:{key}:{path}"),
            Pool::Api => format!("api:{ip}"),
        }
    }
}

/// Why a request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// HTTP 429, retry after this long.
    TooMuchWeight(Duration),
    /// HTTP 418: the IP is banned for this long.
    Banned(Duration),
}

#[derive(Debug, Default)]
struct Inner {
    windows: HashMap<String, VecDeque<(Instant, u32)>>,
    /// Per IP: refused requests since the last 429 window began, and the ban's end.
    strikes: HashMap<String, (u32, Option<Instant>)>,
    last_write: HashMap<(String, String), Instant>,
}

/// The weight windows of one simulator.
#[derive(Debug, Default)]
pub(crate) struct Weights {
    inner: Mutex<Inner>,
}

impl Weights {
    /// Charges `weight` to `bucket` (limit `limit`) for a request from `ip`.
    pub(crate) fn charge(&self, ip: &str, bucket: &str, weight: u32, limit: u32) -> Result<(), Refusal> {
        let now = Instant::now();
        let mut inner = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, Some(until))) = inner.strikes.get(ip)
            && *until > now
        {
            return Err(Refusal::Banned(*until - now));
        }
        let log = inner.windows.entry(bucket.to_owned()).or_default();
        while log.front().is_some_and(|(t, _)| now.duration_since(*t) >= WINDOW) {
            log.pop_front();
        }
        let used: u32 = log.iter().map(|(_, w)| w).sum();
        if used.saturating_add(weight) <= limit {
            log.push_back((now, weight));
            inner.strikes.remove(ip);
            return Ok(());
        }
        let retry = log.front().map_or(WINDOW, |(t, _)| WINDOW.saturating_sub(now.duration_since(*t)));
        let strikes = inner.strikes.entry(ip.to_owned()).or_insert((0, None));
        strikes.0 += 1;
        if strikes.0 > TOLERATED_AFTER_429 {
            strikes.1 = Some(now + BAN);
            return Err(Refusal::Banned(BAN));
        }
        Err(Refusal::TooMuchWeight(retry.max(Duration::from_secs(1))))
    }

    /// Weight used in `bucket` within the last minute.
    pub(crate) fn used(&self, bucket: &str) -> u32 {
        let now = Instant::now();
        let inner = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        inner
            .windows
            .get(bucket)
            .map_or(0, |log| log.iter().filter(|(t, _)| now.duration_since(*t) < WINDOW).map(|(_, w)| w).sum())
    }

    /// One write per [`WRITE_INTERVAL`] per account and endpoint; `false` when too soon.
    pub(crate) fn admit_write(&self, key: &str, path: &str) -> bool {
        let now = Instant::now();
        let mut inner = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let slot = (key.to_owned(), path.to_owned());
        if inner.last_write.get(&slot).is_some_and(|t| now.duration_since(*t) < WRITE_INTERVAL) {
            return false;
        }
        inner.last_write.insert(slot, now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weight_budget_refuses_then_bans() {
        let w = Weights::default();
        assert_eq!(w.charge("1.1.1.1", "b", 150, 300), Ok(()));
        assert_eq!(w.charge("1.1.1.1", "b", 150, 300), Ok(()));
        assert_eq!(w.used("b"), 300);
        assert!(matches!(w.charge("1.1.1.1", "b", 150, 300), Err(Refusal::TooMuchWeight(_))));
        for _ in 0..TOLERATED_AFTER_429 - 1 {
            assert!(matches!(w.charge("1.1.1.1", "b", 150, 300), Err(Refusal::TooMuchWeight(_))));
        }
        assert!(matches!(w.charge("1.1.1.1", "b", 150, 300), Err(Refusal::Banned(_))));
        assert!(matches!(w.charge("1.1.1.1", "other", 1, 300), Err(Refusal::Banned(_))), "a ban covers the IP");
        assert_eq!(w.charge("2.2.2.2", "c", 1, 300), Ok(()));
        assert!(w.admit_write("k", "/p"));
        assert!(!w.admit_write("k", "/p"));
        assert!(w.admit_write("k", "/q"));
    }
}
