//! [`OkxDialect`]: OKX request signing, the `{code,msg,data}` envelope and error mapping.

use std::time::Duration;

use earn_core::http::{
    Dialect, Endpoint, HeaderMap, HeaderName, HeaderValue, RateLimit, RawResponse, RetryHint, SigningInput, Verdict,
    retry_after_header,
};
use earn_core::{Credentials, Error, Result, UnixMillis, VenueError, VenueId, body_excerpt};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::errors::{CodeClass, classify};
use crate::{VENUE, wire};

/// Production or demo trading. Always chosen explicitly; there is no default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Environment {
    /// Production: no `x-simulated-trading` header.
    Live,
    /// Demo trading: `x-simulated-trading: 1` on every request, demo keys. OKX's demo does
    /// not support staking/earn purchases and redemptions (expect `50038`).
    Demo,
}

/// `GET /api/v5/public/time`: public, 10 requests per 2 s per IP.
pub static PUBLIC_TIME: Endpoint = Endpoint::get("/api/v5/public/time").public().limit(RateLimit::new(
    "/api/v5/public/time",
    10,
    Duration::from_secs(2),
));

/// Teaches earn-core's executor how OKX signs, answers and tells time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OkxDialect {
    environment: Environment,
}

impl OkxDialect {
    /// A dialect for `environment`.
    pub fn new(environment: Environment) -> Self {
        OkxDialect { environment }
    }

    /// The environment.
    pub fn environment(&self) -> Environment {
        self.environment
    }
}

/// The pre-sign text: `timestamp + METHOD + requestPath[?query] + body`, as bytes.
pub fn presign(timestamp: &str, method: &str, path: &str, query: &str, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(timestamp.len() + method.len() + path.len() + query.len() + 1 + body.len());
    out.extend_from_slice(timestamp.as_bytes());
    out.extend_from_slice(method.to_ascii_uppercase().as_bytes());
    out.extend_from_slice(path.as_bytes());
    if !query.is_empty() {
        out.push(b'?');
        out.extend_from_slice(query.as_bytes());
    }
    out.extend_from_slice(body);
    out
}

/// `OK-ACCESS-SIGN`: Base64(HMAC-SHA256(secret, presign)).
pub fn signature(
    credentials: &Credentials,
    timestamp: &str,
    method: &str,
    path: &str,
    query: &str,
    body: &[u8],
) -> String {
    credentials.hmac_sha256_base64(&presign(timestamp, method, path, query, body))
}

fn header_value(name: &str, value: &str, sensitive: bool) -> Result<HeaderValue> {
    let mut v = HeaderValue::from_str(value)
        .map_err(|_| Error::Config(format!("{name} contains characters not allowed in an HTTP header")))?;
    v.set_sensitive(sensitive);
    Ok(v)
}

/// The OKX envelope; `code` may be a number, `msg` and `data` may be absent.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(deserialize_with = "wire::lenient_string")]
    code: String,
    #[serde(default, deserialize_with = "wire::lenient_string")]
    msg: String,
    #[serde(default, borrow)]
    data: Option<&'a RawValue>,
}

impl Dialect for OkxDialect {
    fn venue(&self) -> VenueId {
        VENUE
    }

    fn sign(&self, input: &SigningInput<'_>, credentials: &Credentials, headers: &mut HeaderMap) -> Result<()> {
        let passphrase = credentials
            .passphrase()
            .ok_or_else(|| Error::Config("OKX credentials need a passphrase (Credentials::with_passphrase)".into()))?;
        let ts = input.timestamp.to_iso8601();
        let sign = signature(credentials, &ts, input.method.as_str(), input.path, input.query, input.body);
        headers.insert("ok-access-key", header_value("API key", credentials.api_key(), true)?);
        headers.insert("ok-access-sign", header_value("signature", &sign, true)?);
        headers.insert("ok-access-timestamp", header_value("timestamp", &ts, false)?);
        headers.insert("ok-access-passphrase", header_value("passphrase", passphrase, true)?);
        Ok(())
    }

    fn common_headers(&self, headers: &mut HeaderMap) {
        headers.insert(HeaderName::from_static("content-type"), HeaderValue::from_static("application/json"));
        if self.environment == Environment::Demo {
            headers.insert(HeaderName::from_static("x-simulated-trading"), HeaderValue::from_static("1"));
        }
    }

    fn interpret<'a>(&self, endpoint: &Endpoint, response: &'a RawResponse) -> Verdict<'a> {
        let status = response.status;
        let Ok(env) = serde_json::from_slice::<Envelope<'a>>(&response.body) else {
            let ve = VenueError::new(VENUE, format!("HTTP {status}"), body_excerpt(&response.body), Some(status));
            return match status {
                500.. => Verdict::Uncertain(ve),
                429 => Verdict::Rejected {
                    error: Error::RateLimited { error: ve, retry_after: retry_after_header(&response.headers) },
                    retry: RetryHint::Transient { after: retry_after_header(&response.headers) },
                },
                _ => Verdict::Undecodable(format!("HTTP {status} without an OKX JSON envelope")),
            };
        };
        if env.code == "0" {
            if status >= 300 {
                return Verdict::Uncertain(VenueError::new(VENUE, "0", env.msg, Some(status)));
            }
            return Verdict::Success(match env.data.map(RawValue::get) {
                Some("null") | None => "[]",
                Some(d) => d,
            });
        }
        let ve = VenueError::new(VENUE, env.code.clone(), env.msg, Some(status));
        if status >= 500 {
            return Verdict::Uncertain(ve);
        }
        verdict_for(classify(&env.code), ve, endpoint.is_write(), &response.headers)
    }

    fn time_endpoint(&self) -> Option<&'static Endpoint> {
        Some(&PUBLIC_TIME)
    }

    fn parse_server_time(&self, payload: &str) -> Result<UnixMillis> {
        #[derive(Deserialize)]
        struct Time {
            #[serde(deserialize_with = "wire::opt")]
            ts: Option<UnixMillis>,
        }
        let rows: Vec<Time> =
            serde_json::from_str(payload).map_err(|e| Error::decode(VENUE, PUBLIC_TIME.path, e, payload.as_bytes()))?;
        rows.into_iter()
            .next()
            .and_then(|t| t.ts)
            .ok_or_else(|| Error::decode(VENUE, PUBLIC_TIME.path, "no `ts` in data", payload.as_bytes()))
    }
}

/// The verdict for a non-zero `code` (HTTP status below 500).
fn verdict_for<'a>(class: CodeClass, ve: VenueError, write: bool, headers: &HeaderMap) -> Verdict<'a> {
    let never = |error| Verdict::Rejected { error, retry: RetryHint::Never };
    match class {
        CodeClass::MaybeActed => Verdict::Uncertain(ve),
        CodeClass::Repeated if write => Verdict::Uncertain(ve),
        CodeClass::Repeated => Verdict::Rejected { error: Error::Rejected(ve), retry: transient(None) },
        CodeClass::Unlisted if write => Verdict::Uncertain(ve),
        CodeClass::Unlisted | CodeClass::Rejected => never(Error::Rejected(ve)),
        CodeClass::StaleTimestamp => {
            Verdict::Rejected { error: Error::Authentication(ve), retry: RetryHint::ResyncClock }
        }
        CodeClass::Authentication => never(Error::Authentication(ve)),
        CodeClass::Permission => never(Error::Permission(ve)),
        CodeClass::InsufficientBalance => never(Error::InsufficientBalance(ve)),
        CodeClass::ProductUnavailable => never(Error::ProductUnavailable(ve)),
        CodeClass::RejectedTransient => Verdict::Rejected { error: Error::Rejected(ve), retry: transient(None) },
        CodeClass::RateLimited => {
            let after = retry_after_header(headers);
            Verdict::Rejected { error: Error::RateLimited { error: ve, retry_after: after }, retry: transient(after) }
        }
    }
}

fn transient(after: Option<Duration>) -> RetryHint {
    RetryHint::Transient { after }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TS: &str = "2026-01-15T23:28:04.872Z";

    fn creds() -> Credentials {
        Credentials::new("k", "TEST_SECRET_1234567890").with_passphrase("p")
    }

    #[test]
    fn vector_v1_python_okx_body_with_space() {
        let body = br#"{"amt": "10"}"#;
        assert_eq!(body.len(), 13);
        let pre = presign(TS, "POST", "/api/v5/finance/staking-defi/eth/redeem", "", body);
        assert_eq!(pre, br#"2026-01-15T23:28:04.872ZPOST/api/v5/finance/staking-defi/eth/redeem{"amt": "10"}"#);
        let s = signature(&creds(), TS, "POST", "/api/v5/finance/staking-defi/eth/redeem", "", body);
        assert_eq!(s, "m3+d1yrL5CQG0tGEsHWBSmfDMqZCV6Ex71eHHcRJGO8=");
    }

    #[test]
    fn vector_v2_compact_body() {
        let body = serde_json::to_vec(&serde_json::json!({"amt": "10"})).unwrap();
        assert_eq!(body, br#"{"amt":"10"}"#);
        let s = signature(&creds(), TS, "POST", "/api/v5/finance/staking-defi/eth/redeem", "", &body);
        assert_eq!(s, "/GIHao5GEizCLMCCFK2/RCiq7Q2hx7ERv0DhiYK6smY=");
    }

    #[test]
    fn vector_v3_get_with_query() {
        let path = "/api/v5/finance/staking-defi/eth/purchase-redeem-history";
        let s = signature(&creds(), TS, "GET", path, "type=redeem&limit=10", b"");
        assert_eq!(s, "y2rLt7GDl4HaWTiUq95DR15zPSS7nflNb0ko/k1fIIc=");
    }

    #[test]
    fn dialect_signs_with_iso_timestamp_and_four_headers() {
        let mut h = HeaderMap::new();
        let method = earn_core::http::Method::POST;
        let input = SigningInput {
            method: &method,
            path: "/api/v5/finance/staking-defi/eth/redeem",
            query: "",
            body: br#"{"amt":"10"}"#,
            timestamp: UnixMillis::parse_iso8601(TS).unwrap(),
        };
        OkxDialect::new(Environment::Live).sign(&input, &creds(), &mut h).unwrap();
        assert_eq!(h["ok-access-timestamp"], TS);
        assert_eq!(h["ok-access-sign"], "/GIHao5GEizCLMCCFK2/RCiq7Q2hx7ERv0DhiYK6smY=");
        assert_eq!(h["ok-access-key"], "k");
        assert_eq!(h["ok-access-passphrase"], "p");
        let no_pass = Credentials::new("k", "s");
        assert_eq!(
            OkxDialect::new(Environment::Live).sign(&input, &no_pass, &mut h).unwrap_err().kind(),
            earn_core::ErrorKind::Config
        );
    }

    #[test]
    fn demo_header_only_in_demo() {
        let mut live = HeaderMap::new();
        OkxDialect::new(Environment::Live).common_headers(&mut live);
        assert!(live.get("x-simulated-trading").is_none());
        assert_eq!(live["content-type"], "application/json");
        let mut demo = HeaderMap::new();
        OkxDialect::new(Environment::Demo).common_headers(&mut demo);
        assert_eq!(demo["x-simulated-trading"], "1");
    }
}
