//! [`BinanceDialect`]: Binance SAPI signing (reference §2), response reading (§4), weight
//! headers (§5) and server time (§8.1) for earn-core's executor.
//!
//! Binance signs the **query string**, not a header: the signed text is the request's
//! parameters, then `recvWindow`, then `timestamp`, every byte outside
//! `A-Z a-z 0-9 _ . - ~` percent-encoded (upper-case hex; `*` becomes `%2A`), and the
//! signature is appended last as `&signature=<hex>`. The exact text signed is the text sent.
//! earn-core's [`Query`] encodes exactly that set, so requests build their parameters with
//! it; [`Dialect::signed_query`] supplies the rest. The executor calls it on every attempt,
//! after the rate budget was acquired, so each attempt (a retry, or the resend after a
//! `-1021` clock resync) carries a fresh timestamp; [`Dialect::sign`] adds the
//! `X-MBX-APIKEY` header, marked sensitive.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use earn_core::http::{
    CodeClass, Dialect, Endpoint, HeaderMap, HeaderName, HeaderValue, Query, RateLimit, RawResponse, RetryHint,
    SigningInput, Verdict, retry_after_header, sensitive_header, verdict,
};
use earn_core::wire::lenient;
use earn_core::{Credentials, Error, Result, UnixMillis, VenueError, VenueId, body_excerpt};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::VENUE;
use crate::errors::classify;

/// The key header (lower case, as HTTP/2 sends it).
const API_KEY: HeaderName = HeaderName::from_static("x-mbx-apikey");

/// `GET /api/v3/time` (public, `/api` IP weight 1): Binance's clock.
pub(crate) static SERVER_TIME: Endpoint =
    Endpoint::get("/api/v3/time").public().limit(api_ip("/api/v3/time", API_TIME_PER_MINUTE));

/// Weight every IP-limited `/sapi` endpoint may use per minute, independently (§5).
pub(crate) const SAPI_IP_WEIGHT_PER_MINUTE: u32 = 12_000;
/// Weight every UID-limited `/sapi` endpoint may use per minute, independently (§5).
pub(crate) const SAPI_UID_WEIGHT_PER_MINUTE: u32 = 180_000;
/// The `/api` IP budget (6000 weight per minute) is **shared** by all `/api` endpoints; the
/// two used here split it: `time` (weight 1) 1000 requests per minute, `account` (weight 20)
/// 250 per minute, 6000 weight together.
pub(crate) const API_TIME_PER_MINUTE: u32 = 1_000;
/// See [`API_TIME_PER_MINUTE`].
pub(crate) const API_ACCOUNT_PER_MINUTE: u32 = 250;

const MINUTE: Duration = Duration::from_secs(60);

/// An IP-weighted `/sapi` endpoint of `weight`: `12000 / weight` requests per minute.
pub(crate) const fn sapi_ip(group: &'static str, weight: u32) -> RateLimit {
    RateLimit::new(group, SAPI_IP_WEIGHT_PER_MINUTE / weight, MINUTE)
}

/// A UID-weighted `/sapi` endpoint of `weight`: `180000 / weight` requests per minute.
pub(crate) const fn sapi_uid(group: &'static str, weight: u32) -> RateLimit {
    RateLimit::new(group, SAPI_UID_WEIGHT_PER_MINUTE / weight, MINUTE)
}

/// The extra "1/3s per account" limit of the Simple Earn and ETH/SOL stake/redeem writes.
pub(crate) const fn once_per_3s(group: &'static str) -> RateLimit {
    RateLimit::new(group, 1, Duration::from_secs(3))
}

/// A share of the `/api` IP budget: `requests` per minute.
pub(crate) const fn api_ip(group: &'static str, requests: u32) -> RateLimit {
    RateLimit::new(group, requests, MINUTE)
}

/// A signed, IP-weighted `GET` read.
pub(crate) const fn sapi_get(path: &'static str, weight: u32) -> Endpoint {
    Endpoint::get(path).limit(sapi_ip(path, weight))
}

/// A signed, IP-weighted `POST` that only reads or sets a preference (safe to repeat).
pub(crate) const fn sapi_post(path: &'static str, weight: u32) -> Endpoint {
    Endpoint::post(path).limit(sapi_ip(path, weight))
}

/// Binance's server time (`GET /api/v3/time`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ServerTime {
    /// `serverTime`: Unix milliseconds.
    #[serde(rename = "serverTime", deserialize_with = "lenient::req")]
    pub server_time: UnixMillis,
}

/// The weight Binance reported as used in the current window, from one response's headers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct UsedWeight {
    /// `X-SAPI-USED-IP-WEIGHT-1M`: IP weight used this minute by an IP-limited `/sapi` endpoint.
    pub sapi_ip_1m: Option<u64>,
    /// `X-SAPI-USED-UID-WEIGHT-1M`: UID weight used this minute by a UID-limited `/sapi` endpoint.
    pub sapi_uid_1m: Option<u64>,
    /// `X-MBX-USED-WEIGHT-<interval>` (`/api` endpoints): interval (`"1M"`) to weight used.
    pub api: BTreeMap<String, u64>,
}

impl UsedWeight {
    /// Reads the weight headers; `None` when the response had none.
    pub fn from_headers(headers: &HeaderMap) -> Option<Self> {
        let num = |v: &HeaderValue| v.to_str().ok()?.trim().parse::<u64>().ok();
        let mut w = UsedWeight::default();
        for (name, value) in headers {
            let name = name.as_str();
            if name.eq_ignore_ascii_case("x-sapi-used-ip-weight-1m") {
                w.sapi_ip_1m = num(value);
            } else if name.eq_ignore_ascii_case("x-sapi-used-uid-weight-1m") {
                w.sapi_uid_1m = num(value);
            } else if let Some(interval) = strip_prefix_ci(name, "x-mbx-used-weight-")
                && let Some(n) = num(value)
            {
                w.api.insert(interval.to_ascii_uppercase(), n);
            }
        }
        (w.sapi_ip_1m.is_some() || w.sapi_uid_1m.is_some() || !w.api.is_empty()).then_some(w)
    }
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// Weight headers per endpoint and an IP ban in force; shared by clones of a client.
#[derive(Debug, Default)]
pub(crate) struct LimitTracker {
    state: Mutex<LimitState>,
}

#[derive(Debug, Default)]
struct LimitState {
    by_path: HashMap<&'static str, UsedWeight>,
    last: Option<(&'static str, UsedWeight)>,
    banned_until: Option<Instant>,
}

impl LimitTracker {
    fn lock(&self) -> std::sync::MutexGuard<'_, LimitState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn record(&self, path: &'static str, headers: &HeaderMap) {
        if let Some(w) = UsedWeight::from_headers(headers) {
            let mut s = self.lock();
            s.by_path.insert(path, w.clone());
            s.last = Some((path, w));
        }
    }

    pub(crate) fn used(&self, path: &str) -> Option<UsedWeight> {
        self.lock().by_path.get(path).cloned()
    }

    pub(crate) fn last(&self) -> Option<(&'static str, UsedWeight)> {
        self.lock().last.clone()
    }

    fn ban_for(&self, d: Duration) {
        self.lock().banned_until = Some(Instant::now() + d);
    }

    /// Time left on an IP ban (HTTP 418), if one is in force.
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

/// How long an HTTP 418 ban is assumed to last when Binance sends no `Retry-After`
/// (bans start at 2 minutes, §4.2).
const DEFAULT_BAN: Duration = Duration::from_secs(120);

/// Binance for earn-core's [`HttpClient`](earn_core::http::HttpClient): query signing
/// (HMAC-SHA256, lowercase hex), error reading, weight headers and server time.
///
/// ```
/// use std::time::Duration;
/// use binance_earn::BinanceDialect;
/// use earn_core::http::{Dialect, Method, Query, SigningInput};
/// use earn_core::{Credentials, UnixMillis};
///
/// // Reference §3, vector V3 (GET flexible/history/subscriptionRecord).
/// let dialect = BinanceDialect::new(Duration::from_millis(5000));
/// let params = Query::new().push("productId", "USDT001").push("purchaseId", "40607");
/// let input = SigningInput {
///     method: &Method::GET,
///     path: "/sapi/v1/simple-earn/flexible/history/subscriptionRecord",
///     query: params.as_str(),
///     body: b"",
///     timestamp: UnixMillis(1754006400000),
/// };
/// let credentials = Credentials::new("TESTKEY123", "TEST_SECRET_1234567890");
/// // What the executor appends after `&` to the request's own query.
/// let suffix = dialect.signed_query(&input, &credentials).unwrap().unwrap();
/// assert_eq!(
///     format!("{}&{suffix}", params.as_str()),
///     "productId=USDT001&purchaseId=40607&recvWindow=5000&timestamp=1754006400000\
///      &signature=fb38fe2ceb129d71d00d9038280a78ecdc09c17a8affe9ac03ac904caa929262"
/// );
/// ```
#[derive(Debug, Clone)]
pub struct BinanceDialect {
    recv_window_ms: u64,
    limits: Arc<LimitTracker>,
}

impl BinanceDialect {
    /// A dialect signing with `recv_window` (sent as whole milliseconds in `recvWindow`).
    pub fn new(recv_window: Duration) -> Self {
        BinanceDialect {
            recv_window_ms: u64::try_from(recv_window.as_millis()).unwrap_or(u64::MAX),
            limits: Arc::default(),
        }
    }

    /// The `recvWindow` sent, in milliseconds.
    pub fn recv_window_ms(&self) -> u64 {
        self.recv_window_ms
    }

    pub(crate) fn limits(&self) -> &LimitTracker {
        &self.limits
    }

    /// The text that is signed: `params`, then `recvWindow`, then `timestamp`, in that order.
    pub fn presign(&self, params: &Query, timestamp: UnixMillis) -> Query {
        params.clone().push("recvWindow", self.recv_window_ms).push("timestamp", timestamp.0)
    }

    /// Lowercase hex HMAC-SHA256 of `query` followed by `body` (no separator), keyed with
    /// the secret (§2.2).
    pub fn signature(credentials: &Credentials, query: &str, body: &[u8]) -> String {
        let mut payload = Vec::with_capacity(query.len() + body.len());
        payload.extend_from_slice(query.as_bytes());
        payload.extend_from_slice(body);
        credentials.hmac_sha256_hex(&payload)
    }

    /// The suffix of one attempt's query: `recvWindow`, `timestamp`, then the signature
    /// over the request's own `query` (when not empty), `&`, those two, and `body`.
    ///
    /// One `String` is written; the signed text is fed to the MAC in pieces, never built.
    fn suffix(&self, query: &str, body: &[u8], timestamp: UnixMillis, credentials: &Credentials) -> String {
        use std::fmt::Write as _;
        let mut out = String::with_capacity(96);
        let _ = write!(out, "recvWindow={}&timestamp={}", self.recv_window_ms, timestamp.0);
        let joint = if query.is_empty() { "" } else { "&" };
        let digest = credentials.hmac_sha256_parts(&[query.as_bytes(), joint.as_bytes(), out.as_bytes(), body]);
        out.push_str("&signature=");
        const HEX: &[u8; 16] = b"0123456789abcdef";
        for byte in digest {
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
        out
    }
}

/// `{"code": -1121, "msg": "…"}`.
#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default, deserialize_with = "lenient::opt")]
    code: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt")]
    msg: Option<String>,
}

/// A write answer's `success` flag, when it has one.
#[derive(Deserialize)]
struct SuccessFlag<'a> {
    #[serde(borrow, default)]
    success: Option<&'a RawValue>,
}

impl Dialect for BinanceDialect {
    fn venue(&self) -> VenueId {
        VENUE
    }

    fn sign(&self, _input: &SigningInput<'_>, credentials: &Credentials, headers: &mut HeaderMap) -> Result<()> {
        headers.insert(API_KEY, sensitive_header("X-MBX-APIKEY (the API key)", credentials.api_key())?);
        Ok(())
    }

    /// `recvWindow=…&timestamp=…&signature=…`, computed for each attempt with its own
    /// timestamp; the signature covers the request's query, `&`, `recvWindow` and
    /// `timestamp`, exactly as sent, followed by the body (empty on every SAPI call).
    fn signed_query(&self, input: &SigningInput<'_>, credentials: &Credentials) -> Result<Option<String>> {
        Ok(Some(self.suffix(input.query, input.body, input.timestamp, credentials)))
    }

    fn interpret<'a>(&self, ep: &Endpoint, r: &'a RawResponse) -> Verdict<'a> {
        self.limits.record(ep.path, &r.headers);
        let write = ep.is_write();
        let error = serde_json::from_slice::<ErrorBody>(&r.body).ok().and_then(|e| Some((e.code?, e.msg)));
        let after = retry_after_header(&r.headers);
        if (200..300).contains(&r.status) {
            let Ok(text) = std::str::from_utf8(&r.body) else {
                return Verdict::Undecodable("the answer is not UTF-8".into());
            };
            // An error object on a success status (a negative code with a message).
            if let Some((code, Some(msg))) = &error
                && *code < 0
            {
                let ve = VenueError::new(VENUE, code.to_string(), msg.clone(), Some(r.status));
                return verdict(classify(&ve.code), ve, write, after);
            }
            // §4.1: `success` other than `true` on HTTP 200 means the outcome is unknown.
            if text.trim_start().starts_with('{')
                && let Ok(flag) = serde_json::from_str::<SuccessFlag<'_>>(text)
                && let Some(v) = flag.success
                && v.get().trim() != "true"
            {
                let msg = format!("HTTP {} with \"success\": {}; Binance may or may not have acted", r.status, v.get());
                return Verdict::Uncertain(VenueError::new(VENUE, "success!=true", msg, Some(r.status)));
            }
            return Verdict::Success(text);
        }
        let ve = match &error {
            Some((code, msg)) => {
                VenueError::new(VENUE, code.to_string(), msg.clone().unwrap_or_default(), Some(r.status))
            }
            None => VenueError::new(VENUE, format!("HTTP {}", r.status), body_excerpt(&r.body), Some(r.status)),
        };
        match r.status {
            // "NOT treat this as a failure operation; the execution status is UNKNOWN" (§4.2).
            500.. => verdict(CodeClass::MaybeActed, ve, write, None),
            // An IP ban: refused locally until it ends, never repeated.
            418 => {
                let ban = after.unwrap_or(DEFAULT_BAN);
                self.limits.ban_for(ban);
                Verdict::Rejected {
                    error: Error::RateLimited { error: ve, retry_after: Some(ban) },
                    retry: RetryHint::Never,
                }
            }
            429 => verdict(CodeClass::RateLimited, ve, write, after),
            // A stale timestamp (`-1021`) is `StaleTimestamp`: the executor learns Binance's
            // clock, signs again and sends once more (nothing was applied).
            _ if error.is_some() => verdict(classify(&ve.code), ve, write, after),
            // WAF rule (§4.2): rejected before reaching the service.
            403 => verdict(CodeClass::Rejected, ve, write, None),
            // Any other 4XX without Binance's error object: a write may have been applied
            // behind a proxy, so it is reconciled rather than reported as rejected.
            _ => verdict(CodeClass::Unlisted, ve, write, None),
        }
    }

    fn time_endpoint(&self) -> Option<&'static Endpoint> {
        Some(&SERVER_TIME)
    }

    fn parse_server_time(&self, payload: &str) -> Result<UnixMillis> {
        serde_json::from_str::<ServerTime>(payload)
            .map(|t| t.server_time)
            .map_err(|e| Error::decode(VENUE, SERVER_TIME.path, e, payload.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weight_limits_follow_the_published_budgets() {
        assert_eq!(sapi_ip("g", 150).requests, 80);
        assert_eq!(sapi_ip("g", 1).requests, 12_000);
        assert_eq!(sapi_uid("g", 900).requests, 200);
        assert_eq!(once_per_3s("g").per, Duration::from_secs(3));
        // The two /api endpoints together stay within the shared 6000 weight per minute.
        const { assert!(API_TIME_PER_MINUTE + API_ACCOUNT_PER_MINUTE * 20 <= 6_000) };
    }

    /// `-1021` (a stale timestamp) is the executor's to handle: learn Binance's clock,
    /// sign again, send once more; on a write too, since nothing was applied.
    #[test]
    fn a_stale_timestamp_asks_the_executor_to_resync() {
        let d = BinanceDialect::new(Duration::from_secs(5));
        let body = r#"{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}"#;
        for status in [400, 200] {
            let r = RawResponse { status, headers: HeaderMap::new(), body: body.as_bytes().to_vec().into() };
            for ep in [&SERVER_TIME, &crate::api::flexible::SUBSCRIBE] {
                assert!(
                    matches!(d.interpret(ep, &r), Verdict::Rejected { retry: RetryHint::ResyncClock, .. }),
                    "HTTP {status} {}",
                    ep.path
                );
            }
        }
    }

    #[test]
    fn weight_headers_are_read_in_both_families() {
        let mut h = HeaderMap::new();
        h.insert("x-sapi-used-ip-weight-1m", HeaderValue::from_static("300"));
        h.insert("X-MBX-USED-WEIGHT-1m", HeaderValue::from_static("21"));
        let w = UsedWeight::from_headers(&h).unwrap();
        assert_eq!(w.sapi_ip_1m, Some(300));
        assert_eq!(w.sapi_uid_1m, None);
        assert_eq!(w.api.get("1M"), Some(&21));
        assert_eq!(UsedWeight::from_headers(&HeaderMap::new()), None);
    }
}
