//! [`BybitDialect`]: V5 signing, the response envelope, rate-limit headers and server time,
//! for earn-core's executor; and the shape of every Bybit endpoint's rate limits.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use earn_core::http::{
    CodeClass, Dialect, Endpoint, HeaderMap, HeaderName, HeaderValue, Method, RateLimit, RawResponse, RetryHint,
    SigningInput, Verdict, sensitive_header, sensitive_hex_header, verdict,
};
use earn_core::wire::lenient;
use earn_core::{Credentials, Error, Operation, Result, UnixMillis, VenueError, VenueId, body_excerpt};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::VENUE;
use crate::errors::classify;

/// 600 requests per 5 s per IP, across all REST traffic to a host.
const IP: RateLimit = RateLimit::new("bybit-ip", 600, Duration::from_secs(5));

/// A public read: 50/s per IP (Bybit documents no per-UID limit for the core Easy Earn
/// endpoints; the reference's defaults apply), plus the per-IP budget.
pub(crate) const fn public(path: &'static str) -> Endpoint {
    Endpoint::get(path).public().limit(RateLimit::per_second(path, 50)).limit(IP)
}

/// A signed read: 10/s per UID.
pub(crate) const fn read(path: &'static str) -> Endpoint {
    Endpoint::get(path).limit(RateLimit::per_second(path, 10)).limit(IP)
}

/// The signed form of a read that also has a public one (user fields filled when signed).
pub(crate) const fn signed_public(path: &'static str) -> Endpoint {
    Endpoint::get(path).limit(RateLimit::per_second(path, 50)).limit(IP)
}

/// A write carrying `orderLinkId`: 5/s per UID; repeated only after a definite rejection.
pub(crate) const fn keyed_write(path: &'static str, op: Operation) -> Endpoint {
    Endpoint::post(path).idempotent_write(op).limit(RateLimit::per_second(path, 5)).limit(IP)
}

/// A write without an idempotency key: sent once, never repeated after it may have left.
pub(crate) const fn unkeyed_write(path: &'static str, op: Operation) -> Endpoint {
    Endpoint::post(path).write(op).limit(RateLimit::per_second(path, 5)).limit(IP)
}

/// A signed read with its documented per-UID limit (the asset and account families).
pub(crate) const fn read_limited(path: &'static str, limit: RateLimit) -> Endpoint {
    Endpoint::get(path).limit(limit).limit(IP)
}

/// A write without an idempotency key the venue promises, with its documented per-UID
/// limit: sent once, never repeated after it may have left.
pub(crate) const fn unkeyed_write_limited(path: &'static str, op: Operation, limit: RateLimit) -> Endpoint {
    Endpoint::post(path).write(op).limit(limit).limit(IP)
}

/// `requests` per rolling minute in `group` (the reference reads Bybit's "req/min" so).
pub(crate) const fn per_minute(group: &'static str, requests: u32) -> RateLimit {
    RateLimit::new(group, requests, Duration::from_secs(60))
}

/// A POST that sets an absolute state (a switch): repeating it with the same body is harmless.
pub(crate) const fn setter(path: &'static str) -> Endpoint {
    Endpoint::post(path).limit(RateLimit::per_second(path, 5)).limit(IP)
}

/// `GET /v5/market/time` (public): the dialect's clock source.
pub(crate) static SERVER_TIME: Endpoint = public("/v5/market/time");

/// How long an IP ban (HTTP 403 "access too frequent") lasts at least.
pub(crate) const IP_BAN_BACKOFF: Duration = Duration::from_secs(600);

/// `result` of `GET /v5/market/time`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ServerTime {
    /// Server time, seconds.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub time_second: Option<i64>,
    /// Server time, nanoseconds (text of up to 19 digits).
    #[serde(default, deserialize_with = "lenient::opt")]
    pub time_nano: Option<String>,
}

impl ServerTime {
    /// The time in milliseconds: from `timeNano` when present, else `timeSecond`.
    pub fn millis(&self) -> Option<UnixMillis> {
        if let Some(ns) = self.time_nano.as_deref().and_then(|n| n.parse::<i128>().ok()) {
            return i64::try_from(ns / 1_000_000).ok().map(UnixMillis);
        }
        self.time_second.and_then(|s| s.checked_mul(1000)).map(UnixMillis)
    }
}

/// The last `X-Bapi-Limit*` headers seen for one endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
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
        const LIMIT: HeaderName = HeaderName::from_static("x-bapi-limit");
        const REMAINING: HeaderName = HeaderName::from_static("x-bapi-limit-status");
        const RESET: HeaderName = HeaderName::from_static("x-bapi-limit-reset-timestamp");
        let num = |name: &HeaderName| headers.get(name)?.to_str().ok()?.trim().parse::<i64>().ok();
        let s = LimitStatus {
            limit: num(&LIMIT).and_then(|v| u32::try_from(v).ok()),
            remaining: num(&REMAINING).and_then(|v| u32::try_from(v).ok()),
            reset_at: num(&RESET).map(UnixMillis),
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

/// What the limit headers said per endpoint, and an IP ban in force; shared by clones.
#[derive(Debug, Default)]
pub(crate) struct LimitTracker {
    state: Mutex<LimitState>,
}

#[derive(Debug, Default)]
struct LimitState {
    endpoints: HashMap<&'static str, LimitStatus>,
    banned_until: Option<Instant>,
}

impl LimitTracker {
    fn lock(&self) -> std::sync::MutexGuard<'_, LimitState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn record(&self, path: &'static str, status: LimitStatus) {
        self.lock().endpoints.insert(path, status);
    }

    pub(crate) fn status(&self, path: &str) -> Option<LimitStatus> {
        self.lock().endpoints.get(path).copied()
    }

    fn ban_for(&self, d: Duration) {
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

/// The Bybit V5 signature: lowercase hex HMAC-SHA256 of `timestamp + apiKey + recvWindow +
/// payload`, where `payload` is the exact query string (GET, without `?`) or the exact body
/// bytes (POST).
#[cfg(test)]
fn signature(credentials: &Credentials, timestamp: UnixMillis, recv_window_ms: u64, payload: &[u8]) -> String {
    let (ts, recv) = (timestamp.0.to_string(), recv_window_ms.to_string());
    hex::encode(digest(credentials, ts.as_bytes(), recv.as_bytes(), payload))
}

/// The HMAC behind [`signature`], over the timestamp and receive window as sent in their
/// headers; the pre-sign text is fed to the MAC in pieces, never built.
fn digest(credentials: &Credentials, timestamp: &[u8], recv_window: &[u8], payload: &[u8]) -> [u8; 32] {
    credentials.hmac_sha256_parts(&[timestamp, credentials.api_key().as_bytes(), recv_window, payload])
}

/// The signing headers' names, spelled once (lower case, as HTTP/2 sends them).
const API_KEY: HeaderName = HeaderName::from_static("x-bapi-api-key");
const TIMESTAMP: HeaderName = HeaderName::from_static("x-bapi-timestamp");
const RECV_WINDOW: HeaderName = HeaderName::from_static("x-bapi-recv-window");
const SIGN: HeaderName = HeaderName::from_static("x-bapi-sign");
const SIGN_TYPE: HeaderName = HeaderName::from_static("x-bapi-sign-type");

/// Bybit V5 for earn-core's [`HttpClient`](earn_core::http::HttpClient): HMAC signing,
/// envelope reading, error mapping, rate-limit headers and server time.
///
/// ```
/// use std::time::Duration;
/// use bybit_earn::BybitDialect;
/// use earn_core::http::{Dialect, HeaderMap, Method, SigningInput};
/// use earn_core::{Credentials, UnixMillis};
///
/// // Reference vector (d): GET /v5/earn/product?category=OnChain.
/// let dialect = BybitDialect::new(Duration::from_secs(5));
/// let input = SigningInput {
///     method: &Method::GET,
///     path: "/v5/earn/product",
///     query: "category=OnChain",
///     body: b"",
///     timestamp: UnixMillis(1739936605822),
/// };
/// let mut headers = HeaderMap::new();
/// dialect.sign(&input, &Credentials::new("TESTKEY123", "TEST_SECRET_1234567890"), &mut headers)?;
/// assert_eq!(headers["X-BAPI-SIGN"], "eeaeb51a02868d8dc546197156ffce4c620b1520da8f759a8b956ff8dab3deb4");
/// # Ok::<(), earn_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct BybitDialect {
    recv_window_ms: u64,
    /// `recv_window_ms` as its header value, formatted once (a clone is a reference count).
    recv_window: HeaderValue,
    limits: Arc<LimitTracker>,
}

impl BybitDialect {
    /// A dialect signing with `recv_window` (`X-BAPI-RECV-WINDOW`).
    pub fn new(recv_window: Duration) -> Self {
        let recv_window_ms = u64::try_from(recv_window.as_millis()).unwrap_or(u64::MAX);
        BybitDialect { recv_window_ms, recv_window: HeaderValue::from(recv_window_ms), limits: Arc::default() }
    }

    /// The receive window sent in `X-BAPI-RECV-WINDOW`, in ms.
    pub fn recv_window_ms(&self) -> u64 {
        self.recv_window_ms
    }

    pub(crate) fn limits(&self) -> &LimitTracker {
        &self.limits
    }

    /// The verdict for a non-200 HTTP status (reference §3).
    fn http_verdict<'a>(&self, ep: &Endpoint, r: &RawResponse, limit: Option<LimitStatus>) -> Verdict<'a> {
        let parsed = serde_json::from_slice::<MessageOnly>(&r.body).ok();
        let msg = parsed.as_ref().and_then(|m| m.ret_msg.clone()).unwrap_or_else(|| body_excerpt(&r.body));
        let code = match parsed.and_then(|m| m.ret_code) {
            Some(c) => format!("HTTP {} ({c})", r.status),
            None => format!("HTTP {}", r.status),
        };
        let ve = VenueError::new(VENUE, code, msg, Some(r.status));
        let after = earn_core::http::retry_after_header(&r.headers)
            .or_else(|| limit.and_then(|l| l.wait_from(UnixMillis::now_local())));
        let write = ep.is_write();
        match r.status {
            401 => verdict(CodeClass::Authentication, ve, write, None),
            // "Access too frequent": an IP ban of at least 10 minutes. Nothing is repeated
            // (clones refuse locally until it lifts).
            403 => {
                self.limits.ban_for(IP_BAN_BACKOFF);
                Verdict::Rejected {
                    error: Error::RateLimited { error: ve, retry_after: Some(IP_BAN_BACKOFF) },
                    retry: RetryHint::Never,
                }
            }
            // A rate-limit rejection is definite, for reads and writes alike: Bybit did not act.
            429 => verdict(CodeClass::RateLimited, ve, write, after),
            400..=499 => verdict(CodeClass::Rejected, ve, write, None),
            _ => verdict(CodeClass::MaybeActed, ve, write, None),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope<'a> {
    #[serde(deserialize_with = "lenient::id_string")]
    ret_code: String,
    #[serde(default, deserialize_with = "lenient::id_string")]
    ret_msg: String,
    #[serde(borrow, default)]
    result: Option<&'a RawValue>,
    #[serde(default, deserialize_with = "lenient::opt")]
    time: Option<i64>,
}

#[derive(Deserialize)]
struct MessageOnly {
    #[serde(default, rename = "retMsg", deserialize_with = "lenient::opt")]
    ret_msg: Option<String>,
    #[serde(default, rename = "retCode", deserialize_with = "lenient::opt")]
    ret_code: Option<String>,
}

impl Dialect for BybitDialect {
    fn venue(&self) -> VenueId {
        VENUE
    }

    fn sign(&self, input: &SigningInput<'_>, credentials: &Credentials, headers: &mut HeaderMap) -> Result<()> {
        let payload = if *input.method == Method::GET { input.query.as_bytes() } else { input.body };
        // The timestamp is formatted once, into its header value, and signed from there.
        let timestamp = HeaderValue::from(input.timestamp.0);
        let digest = digest(credentials, timestamp.as_bytes(), self.recv_window.as_bytes(), payload);
        headers.insert(API_KEY, sensitive_header("X-BAPI-API-KEY (the API key)", credentials.api_key())?);
        headers.insert(TIMESTAMP, timestamp);
        headers.insert(RECV_WINDOW, self.recv_window.clone());
        headers.insert(SIGN, sensitive_hex_header(&digest));
        headers.insert(SIGN_TYPE, HeaderValue::from_static("2"));
        Ok(())
    }

    fn interpret<'a>(&self, ep: &Endpoint, r: &'a RawResponse) -> Verdict<'a> {
        let limit = LimitStatus::from_headers(&r.headers);
        if let Some(s) = limit {
            self.limits.record(ep.path, s);
        }
        if r.status != 200 {
            return self.http_verdict(ep, r, limit);
        }
        let env = match serde_json::from_slice::<Envelope<'a>>(&r.body) {
            Ok(e) => e,
            Err(e) => return Verdict::Undecodable(format!("not a Bybit envelope: {e}")),
        };
        if env.ret_code == "0" {
            return Verdict::Success(match env.result {
                Some(raw) if raw.get() != "null" => raw.get(),
                _ => "{}",
            });
        }
        let class = classify(&env.ret_code);
        let ve = VenueError::new(VENUE, env.ret_code, env.ret_msg, Some(r.status));
        // The reset timestamp and the envelope's `time` are both venue-clock milliseconds.
        let server_now = env.time.map(UnixMillis).unwrap_or_else(UnixMillis::now_local);
        let wait = limit
            .and_then(|l| l.reset_at)
            .map(|reset| Duration::from_millis(u64::try_from(reset.0 - server_now.0).unwrap_or(0).min(60_000)));
        verdict(class, ve, ep.is_write(), wait)
    }

    /// One scan for the common case: HTTP 200, `retCode` 0 and a `result`, decoded straight
    /// into `T`; anything else is left to [`interpret`](Dialect::interpret).
    fn decode_success<T: DeserializeOwned>(&self, ep: &Endpoint, r: &RawResponse) -> Option<T> {
        #[derive(Deserialize)]
        #[serde(bound = "T: DeserializeOwned")]
        struct Success<T> {
            #[serde(rename = "retCode", deserialize_with = "lenient::id_string")]
            ret_code: String,
            result: Option<T>,
        }
        if r.status != 200 {
            return None;
        }
        if let Some(s) = LimitStatus::from_headers(&r.headers) {
            self.limits.record(ep.path, s);
        }
        match serde_json::from_slice::<Success<T>>(&r.body).ok()? {
            Success { ret_code, result: Some(result) } if ret_code == "0" => Some(result),
            _ => None,
        }
    }

    fn time_endpoint(&self) -> Option<&'static Endpoint> {
        Some(&SERVER_TIME)
    }

    fn parse_server_time(&self, payload: &str) -> Result<UnixMillis> {
        let t: ServerTime =
            serde_json::from_str(payload).map_err(|e| Error::decode(VENUE, SERVER_TIME.path, e, payload.as_bytes()))?;
        t.millis()
            .ok_or_else(|| Error::decode(VENUE, SERVER_TIME.path, "no timeNano or timeSecond", payload.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_vectors_sign() {
        let c = Credentials::new("TESTKEY123", "TEST_SECRET_1234567890");
        let ts = UnixMillis(1_739_936_605_822);
        assert_eq!(
            signature(&c, ts, 5000, b"category=FlexibleSaving&coin=BTC"),
            "c73c7f987aa854f7719040ee8909b264cf6e766363a7230976af786f015c5fb6"
        );
    }

    #[test]
    fn limit_headers_wait_only_when_exhausted() {
        let mut h = HeaderMap::new();
        h.insert("x-bapi-limit-status", HeaderValue::from_static("0"));
        h.insert("x-bapi-limit-reset-timestamp", HeaderValue::from_static("1500"));
        let s = LimitStatus::from_headers(&h).unwrap();
        assert_eq!(s.wait_from(UnixMillis(1000)), Some(Duration::from_millis(500)));
        assert_eq!(s.wait_from(UnixMillis(2000)), None);
        assert_eq!(LimitStatus::from_headers(&HeaderMap::new()), None);
    }
}
