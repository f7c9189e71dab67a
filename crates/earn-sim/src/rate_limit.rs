//! Per-endpoint rate limits with the venues' published figures, enforced with a sliding window.
//!
//! A request is admitted when fewer than `count` requests were admitted for the same endpoint
//! and the same key (API key for private endpoints, client IP for public ones) within the
//! last `window`. Rejected requests do not consume the window. Limits are measured on the
//! local monotonic clock, so skewing the venue clock does not affect them.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Which venue dialect a path belongs to (their paths do not collide).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// OKX exchange REST v5 (`/api/v5/...` except DeFi).
    OkxExchange,
    /// Bybit V5 (`/v5/...`).
    Bybit,
    /// OKX Web3 DeFi (`/api/v5/defi/...`, `/api/v6/defi/...`).
    OkxWeb3,
    /// Binance (`/sapi/...`, `/api/v3/...`): request weights, kept by the venue itself.
    Binance,
}

impl Family {
    pub(crate) fn of(path: &str) -> Family {
        if path.starts_with("/v5/") {
            Family::Bybit
        } else if path.starts_with("/sapi/") || path.starts_with("/api/v3/") {
            Family::Binance
        } else if path.starts_with("/api/v5/defi/") || path.starts_with("/api/v6/defi/") {
            Family::OkxWeb3
        } else {
            Family::OkxExchange
        }
    }
}

/// Whose requests share one window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyedBy {
    /// The API key (the venues key private limits by user ID; one key = one user here).
    Credential,
    /// The API key and the value of one field of the JSON body (OKX transfers: "User ID +
    /// Currency", one bucket per `ccy`).
    CredentialAndField(&'static str),
    /// The client IP (public endpoints).
    Ip,
}

/// At most `count` requests per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limit {
    pub(crate) count: usize,
    pub(crate) window: Duration,
    pub(crate) keyed_by: KeyedBy,
}

const fn per_second(count: usize, keyed_by: KeyedBy) -> Limit {
    Limit { count, window: Duration::from_secs(1), keyed_by }
}

const fn per_seconds(count: usize, seconds: u64, keyed_by: KeyedBy) -> Limit {
    Limit { count, window: Duration::from_secs(seconds), keyed_by }
}

const OKX_STAKING: &str = "/api/v5/finance/staking-defi/";

/// The published limit of an endpoint, `None` when the venue publishes none.
pub(crate) fn limit_for(path: &str) -> Option<Limit> {
    use KeyedBy::{Credential, Ip};
    match Family::of(path) {
        Family::OkxExchange => {
            if path == "/api/v5/public/time" {
                return Some(Limit { count: 10, window: Duration::from_secs(2), keyed_by: Ip });
            }
            // okx-funding-savings.md §1.
            match path {
                "/api/v5/asset/bills" | "/api/v5/asset/balances" => return Some(per_second(6, Credential)),
                "/api/v5/asset/transfer" => return Some(per_second(2, KeyedBy::CredentialAndField("ccy"))),
                "/api/v5/asset/transfer-state" => return Some(per_second(10, Credential)),
                "/api/v5/account/balance" => return Some(per_seconds(10, 2, Credential)),
                "/api/v5/account/max-withdrawal" => return Some(per_seconds(20, 2, Credential)),
                "/api/v5/finance/savings/lending-rate-summary" | "/api/v5/finance/savings/lending-rate-history" => {
                    return Some(per_second(6, Ip));
                }
                _ if path.starts_with("/api/v5/finance/savings/") => return Some(per_second(6, Credential)),
                _ => {}
            }
            let rest = path.strip_prefix(OKX_STAKING)?;
            let (family, endpoint) = match rest.split_once('/') {
                Some((asset @ ("eth" | "sol"), endpoint)) => (asset, endpoint),
                _ => ("onchain", rest),
            };
            Some(match (family, endpoint) {
                ("onchain", "offers" | "orders-active" | "orders-history") => per_second(3, Credential),
                ("onchain", "purchase" | "redeem" | "cancel") => per_second(2, Credential),
                (_, "product-info") => per_second(3, Credential),
                (_, "purchase" | "redeem" | "cancel-redeem") => per_second(2, Credential),
                (_, "balance" | "purchase-redeem-history") => per_second(6, Credential),
                (_, "apy-history") => per_second(6, Ip),
                _ => return None,
            })
        }
        // Bybit publishes no figures for the Easy Earn endpoints; these are the reference's
        // suggested defaults (writes 5/s, private reads 10/s, public product data 50/s per IP).
        Family::Bybit => Some(match path {
            "/v5/earn/place-order" | "/v5/earn/position/modify" => per_second(5, Credential),
            "/v5/earn/order" | "/v5/earn/position" | "/v5/earn/yield" | "/v5/earn/hourly-yield" => {
                per_second(10, Credential)
            }
            "/v5/earn/coupons" => per_second(10, Credential),
            "/v5/earn/product" | "/v5/earn/apr-history" => per_second(50, Ip),
            // Fixed Saving publishes its figures.
            "/v5/earn/fixed-term/product" => per_second(50, Ip),
            "/v5/earn/fixed-term/place-order"
            | "/v5/earn/fixed-term/redeem"
            | "/v5/earn/fixed-term/position/auto-invest" => per_second(5, Credential),
            "/v5/earn/fixed-term/position" | "/v5/earn/fixed-term/order" => per_second(10, Credential),
            // BYUSDT and Hold to Earn publish none: the same suggested defaults, and 20/s per IP
            // for their public product and APR data (Bybit's MCP server states that figure).
            "/v5/earn/token/place-order" => per_second(5, Credential),
            "/v5/earn/token/order"
            | "/v5/earn/token/position"
            | "/v5/earn/token/yield"
            | "/v5/earn/token/hourly-yield"
            | "/v5/earn/hold-to-earn/yield-history" => per_second(10, Credential),
            "/v5/earn/token/product" | "/v5/earn/token/history-apr" | "/v5/earn/hold-to-earn/product" => {
                per_second(20, Ip)
            }
            // bybit-account-transfer.md §1.
            "/v5/asset/transfer/query-account-coins-balance" => per_second(5, Credential),
            "/v5/asset/transfer/query-account-coin-balance" => per_second(450, Credential),
            "/v5/account/wallet-balance" | "/v5/account/withdrawal" => per_second(50, Credential),
            "/v5/asset/transfer/inter-transfer"
            | "/v5/asset/transfer/query-inter-transfer-list"
            | "/v5/asset/transfer/query-transfer-coin-list" => per_seconds(60, 60, Credential),
            _ => return None,
        }),
        // No figure is published for any DeFi endpoint; the reference suggests a per-key limit.
        Family::OkxWeb3 => Some(per_second(10, Credential)),
        // Binance budgets weights, not request counts: `binance::weights`.
        Family::Binance => None,
    }
}

/// Outcome of a limiter check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decision {
    pub(crate) allowed: bool,
    pub(crate) limit: usize,
    /// Requests still admitted in the current window after this one.
    pub(crate) remaining: usize,
    /// Time until the oldest admitted request leaves the window.
    pub(crate) reset_after: Duration,
}

/// The limiter's time: the local monotonic clock, or a manual one that stands still until
/// advanced (deterministic tests: what a window admits does not depend on machine load).
#[derive(Debug, Default)]
pub(crate) struct LimiterClock {
    manual: Mutex<Option<Instant>>,
}

impl LimiterClock {
    /// A manual clock, standing at the current instant.
    pub(crate) fn manual() -> Self {
        LimiterClock { manual: Mutex::new(Some(Instant::now())) }
    }

    fn now(&self) -> Instant {
        self.manual.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).unwrap_or_else(Instant::now)
    }

    /// Moves a manual clock forward by `by`; `false` (and nothing moves) on the real clock.
    pub(crate) fn advance(&self, by: Duration) -> bool {
        let mut manual = self.manual.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        manual.as_mut().map(|t| *t += by).is_some()
    }
}

/// Sliding-window-log limiter keyed by (endpoint path, client key).
#[derive(Debug, Default)]
pub(crate) struct RateLimiter {
    windows: Mutex<HashMap<(String, String), VecDeque<Instant>>>,
    clock: std::sync::Arc<LimiterClock>,
}

impl RateLimiter {
    /// A limiter reading `clock`.
    pub(crate) fn with_clock(clock: std::sync::Arc<LimiterClock>) -> Self {
        RateLimiter { windows: Mutex::default(), clock }
    }

    /// Checks and, when admitted, records a request on `path` from `key`.
    pub(crate) fn check(&self, path: &str, key: &str, limit: Limit) -> Decision {
        self.check_at(path, key, limit, self.clock.now())
    }

    fn check_at(&self, path: &str, key: &str, limit: Limit, now: Instant) -> Decision {
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let log = windows.entry((path.to_owned(), key.to_owned())).or_default();
        while log.front().is_some_and(|t| now.duration_since(*t) >= limit.window) {
            log.pop_front();
        }
        let allowed = log.len() < limit.count;
        if allowed {
            log.push_back(now);
        }
        let reset_after = log.front().map_or(Duration::ZERO, |t| limit.window.saturating_sub(now.duration_since(*t)));
        Decision { allowed, limit: limit.count, remaining: limit.count.saturating_sub(log.len()), reset_after }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_figures_are_looked_up_per_endpoint() {
        let eth_purchase = limit_for("/api/v5/finance/staking-defi/eth/purchase").unwrap();
        assert_eq!((eth_purchase.count, eth_purchase.keyed_by), (2, KeyedBy::Credential));
        assert_eq!(limit_for("/api/v5/finance/staking-defi/offers").unwrap().count, 3);
        assert_eq!(limit_for("/api/v5/finance/staking-defi/sol/balance").unwrap().count, 6);
        assert_eq!(limit_for("/api/v5/finance/staking-defi/eth/apy-history").unwrap().keyed_by, KeyedBy::Ip);
        let time = limit_for("/api/v5/public/time").unwrap();
        assert_eq!((time.count, time.window), (10, Duration::from_secs(2)));
        assert_eq!(limit_for("/v5/earn/place-order").unwrap().count, 5);
        assert_eq!(limit_for("/v5/market/time"), None);
        assert_eq!(Family::of("/api/v6/defi/product/detail"), Family::OkxWeb3);
        let transfer = limit_for("/api/v5/asset/transfer").unwrap();
        assert_eq!((transfer.count, transfer.keyed_by), (2, KeyedBy::CredentialAndField("ccy")));
        let balance = limit_for("/api/v5/account/balance").unwrap();
        assert_eq!((balance.count, balance.window), (10, Duration::from_secs(2)));
        assert_eq!(limit_for("/api/v5/finance/savings/lending-rate-history").unwrap().keyed_by, KeyedBy::Ip);
        let bybit = limit_for("/v5/asset/transfer/inter-transfer").unwrap();
        assert_eq!((bybit.count, bybit.window), (60, Duration::from_secs(60)));
        assert_eq!(limit_for("/v5/asset/transfer/query-account-coin-balance").unwrap().count, 450);
    }

    #[test]
    fn sliding_window_admits_exactly_count_per_window() {
        let limiter = RateLimiter::default();
        let limit = per_second(2, KeyedBy::Credential);
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        assert!(limiter.check_at("/p", "k", limit, at(0)).allowed);
        assert!(limiter.check_at("/p", "k", limit, at(600)).allowed);
        assert!(!limiter.check_at("/p", "k", limit, at(999)).allowed);
        assert!(limiter.check_at("/p", "other", limit, at(999)).allowed, "keys are independent");
        let d = limiter.check_at("/p", "k", limit, at(1000));
        assert!(d.allowed, "the first request left the window");
        assert_eq!((d.remaining, d.reset_after), (0, Duration::from_millis(600)));
        assert!(!limiter.check_at("/p", "k", limit, at(1599)).allowed);
        assert!(limiter.check_at("/p", "k", limit, at(1600)).allowed);
    }

    #[test]
    fn a_manual_clock_stands_still_until_advanced() {
        let clock = std::sync::Arc::new(LimiterClock::manual());
        let limiter = RateLimiter::with_clock(clock.clone());
        let limit = per_second(1, KeyedBy::Credential);
        assert!(limiter.check("/p", "k", limit).allowed);
        std::thread::sleep(Duration::from_millis(20));
        assert!(!limiter.check("/p", "k", limit).allowed, "no real time passes on a manual clock");
        assert!(clock.advance(Duration::from_millis(999)));
        assert!(!limiter.check("/p", "k", limit).allowed);
        assert!(clock.advance(Duration::from_millis(1)));
        assert!(limiter.check("/p", "k", limit).allowed);
        assert!(!LimiterClock::default().advance(Duration::from_secs(1)), "the real clock is not moved");
    }
}
