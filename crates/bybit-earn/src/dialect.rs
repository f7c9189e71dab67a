//! [`BybitDialect`]: V5 signing, the response envelope, and server time for earn-core's executor.

use std::sync::Arc;
use std::time::Duration;

use earn_core::http::{Dialect, Endpoint, HeaderMap, HeaderValue, Method, RawResponse, SigningInput, Verdict};
use earn_core::{Credentials, Error, Result, UnixMillis, VenueError, VenueId, body_excerpt};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::errors::{IP_BAN_BACKOFF, classify_http, classify_ret_code};
use crate::limits::{LimitStatus, LimitTracker};
use crate::{VENUE, endpoints};

/// The Bybit V5 pre-sign string's signature: lowercase hex HMAC-SHA256 of
/// `timestamp + apiKey + recvWindow + payload`, where `payload` is the exact query string
/// (GET, without `?`) or the exact body bytes (POST).
///
/// ```
/// use bybit_earn::dialect::signature;
/// use earn_core::{Credentials, UnixMillis};
/// let c = Credentials::new("TESTKEY123", "TEST_SECRET_1234567890");
/// let sig = signature(&c, UnixMillis(1739936605822), 5000, b"category=OnChain");
/// assert_eq!(sig, "eeaeb51a02868d8dc546197156ffce4c620b1520da8f759a8b956ff8dab3deb4");
/// ```
pub fn signature(credentials: &Credentials, timestamp: UnixMillis, recv_window_ms: u64, payload: &[u8]) -> String {
    let mut pre = format!("{}{}{}", timestamp.0, credentials.api_key(), recv_window_ms).into_bytes();
    pre.extend_from_slice(payload);
    credentials.hmac_sha256_hex(&pre)
}

/// Bybit V5 for earn-core's [`HttpClient`](earn_core::http::HttpClient): HMAC signing,
/// envelope reading, error mapping, rate-limit headers and server time.
#[derive(Debug, Clone)]
pub struct BybitDialect {
    recv_window_ms: u64,
    limits: Arc<LimitTracker>,
}

impl BybitDialect {
    /// A dialect signing with `recv_window`.
    pub fn new(recv_window: Duration) -> Self {
        BybitDialect {
            recv_window_ms: u64::try_from(recv_window.as_millis()).unwrap_or(u64::MAX),
            limits: Arc::default(),
        }
    }

    /// The receive window sent in `X-BAPI-RECV-WINDOW`, in ms.
    pub fn recv_window_ms(&self) -> u64 {
        self.recv_window_ms
    }

    pub(crate) fn limits(&self) -> &LimitTracker {
        &self.limits
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope<'a> {
    #[serde(deserialize_with = "crate::serde_util::id_string")]
    ret_code: String,
    #[serde(default)]
    ret_msg: String,
    #[serde(borrow, default)]
    result: Option<&'a RawValue>,
    #[serde(default, deserialize_with = "crate::serde_util::opt_i64")]
    time: Option<i64>,
}

#[derive(Deserialize)]
struct MessageOnly {
    #[serde(default, rename = "retMsg")]
    ret_msg: Option<String>,
    #[serde(default, rename = "retCode", deserialize_with = "crate::serde_util::opt_id_string")]
    ret_code: Option<String>,
}

fn header(name: &'static str, value: &str) -> Result<(&'static str, HeaderValue)> {
    let mut v = HeaderValue::from_str(value)
        .map_err(|_| Error::Config(format!("{name}: value contains characters not allowed in a header")))?;
    v.set_sensitive(name == "X-BAPI-API-KEY" || name == "X-BAPI-SIGN");
    Ok((name, v))
}

impl Dialect for BybitDialect {
    fn venue(&self) -> VenueId {
        VENUE
    }

    fn sign(&self, input: &SigningInput<'_>, credentials: &Credentials, headers: &mut HeaderMap) -> Result<()> {
        let payload = if *input.method == Method::GET { input.query.as_bytes() } else { input.body };
        let sig = signature(credentials, input.timestamp, self.recv_window_ms, payload);
        for (name, value) in [
            header("X-BAPI-API-KEY", credentials.api_key())?,
            header("X-BAPI-TIMESTAMP", &input.timestamp.0.to_string())?,
            header("X-BAPI-RECV-WINDOW", &self.recv_window_ms.to_string())?,
            header("X-BAPI-SIGN", &sig)?,
            ("X-BAPI-SIGN-TYPE", HeaderValue::from_static("2")),
        ] {
            headers.insert(name, value);
        }
        Ok(())
    }

    fn interpret<'a>(&self, ep: &Endpoint, r: &'a RawResponse) -> Verdict<'a> {
        let limit = LimitStatus::from_headers(&r.headers);
        if let Some(s) = limit {
            self.limits.record(ep.path, s);
        }
        if r.status != 200 {
            let parsed = serde_json::from_slice::<MessageOnly>(&r.body).ok();
            let msg = parsed.as_ref().and_then(|m| m.ret_msg.clone()).unwrap_or_else(|| body_excerpt(&r.body));
            let code = match parsed.and_then(|m| m.ret_code) {
                Some(c) => format!("HTTP {} ({c})", r.status),
                None => format!("HTTP {}", r.status),
            };
            if r.status == 403 {
                self.limits.ban_for(IP_BAN_BACKOFF);
            }
            let ve = VenueError::new(VENUE, code, msg, Some(r.status));
            let after = earn_core::http::retry_after_header(&r.headers)
                .or_else(|| limit.and_then(|l| l.wait_from(UnixMillis::now_local())));
            return classify_http(ep, ve, r.status, after);
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
        let ve = VenueError::new(VENUE, env.ret_code, env.ret_msg, Some(r.status));
        // The reset timestamp and the envelope's `time` are both venue-clock milliseconds.
        let server_now = env.time.map(UnixMillis).unwrap_or_else(UnixMillis::now_local);
        let wait = limit
            .and_then(|l| l.reset_at)
            .map(|reset| Duration::from_millis(u64::try_from(reset.0 - server_now.0).unwrap_or(0).min(60_000)));
        classify_ret_code(ep, ve, wait)
    }

    fn time_endpoint(&self) -> Option<&'static Endpoint> {
        Some(&endpoints::SERVER_TIME)
    }

    fn parse_server_time(&self, payload: &str) -> Result<UnixMillis> {
        let t: crate::market::ServerTime = serde_json::from_str(payload)
            .map_err(|e| Error::decode(VENUE, endpoints::SERVER_TIME.path, e, payload.as_bytes()))?;
        t.millis().ok_or_else(|| {
            Error::decode(VENUE, endpoints::SERVER_TIME.path, "no timeNano or timeSecond", payload.as_bytes())
        })
    }
}
