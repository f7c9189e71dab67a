//! [`OkxWeb3Dialect`]: OKX Web3 signing and the DeFi response envelope.

use std::fmt;

use earn_core::http::{
    Dialect, Endpoint, HeaderMap, HeaderName, HeaderValue, RawResponse, SigningInput, Verdict, retry_after_header,
};
use earn_core::{Credentials, Error, Result, UnixMillis, VenueError, VenueId, body_excerpt};
use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer};
use serde_json::value::RawValue;

use crate::VENUE;
use crate::errors::verdict;

/// The OKX public server-time endpoint (exchange API, same host family). Used only when
/// enabled with [`ServerTime::OkxPublicTime`]; the DeFi API documents no time endpoint.
pub static PUBLIC_TIME: Endpoint = Endpoint::get("/api/v5/public/time").public();

/// Where the client learns the venue's clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServerTime {
    /// Sign with the local clock (default). The DeFi API documents no time endpoint, so a
    /// stale-timestamp rejection (`50102`/`50112`) is returned as an authentication error.
    #[default]
    LocalClock,
    /// Learn the offset from `GET /api/v5/public/time` (OKX's public exchange time endpoint,
    /// served on the same host family) when a timestamp is rejected, then re-sign once.
    OkxPublicTime,
}

/// The pre-sign string: `timestamp + METHOD + requestPath[?query] + body`.
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

/// `OK-ACCESS-SIGN`: Base64(HMAC-SHA256(secret, pre-sign)).
///
/// ```
/// use earn_core::Credentials;
/// use okx_web3_defi::dialect::sign;
/// let c = Credentials::new("TESTKEY123", "TEST_SECRET_1234567890").with_passphrase("TESTPASS");
/// let s = sign(&c, "2026-01-15T23:28:04.872Z", "GET", "/api/v5/defi/explore/product/detail",
///     "investmentId=21010&investmentCategory=0", b"");
/// assert_eq!(s, "oINVzuFA20okJ+y06LrAIA1MXu/SuvjbI+LCITiHYi4=");
/// ```
pub fn sign(credentials: &Credentials, timestamp: &str, method: &str, path: &str, query: &str, body: &[u8]) -> String {
    credentials.hmac_sha256_base64(&presign(timestamp, method, path, query, body))
}

/// OKX Web3 request signing and envelope interpretation for the shared executor.
#[derive(Clone, Default)]
pub struct OkxWeb3Dialect {
    project_id: Option<HeaderValue>,
    server_time: ServerTime,
}

impl OkxWeb3Dialect {
    /// A dialect; `project_id` becomes the optional `OK-ACCESS-PROJECT` header.
    pub fn new(project_id: Option<&str>, server_time: ServerTime) -> Result<Self> {
        let project_id = project_id
            .map(|p| {
                let mut v = HeaderValue::from_str(p)
                    .map_err(|_| Error::invalid_input("project_id", "must be visible ASCII (an HTTP header value)"))?;
                v.set_sensitive(true);
                Ok::<_, Error>(v)
            })
            .transpose()?;
        Ok(OkxWeb3Dialect { project_id, server_time })
    }
}

impl fmt::Debug for OkxWeb3Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OkxWeb3Dialect")
            .field("project_id", &self.project_id.as_ref().map(|_| "[set]"))
            .field("server_time", &self.server_time)
            .finish()
    }
}

/// `code` as a JSON number or string.
struct Code(String);

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(crate::wire::TextOrInt).map(|(t, _)| Code(t)).map_err(de::Error::custom)
    }
}

/// The DeFi envelope: `{"code": 0, "msg": "", "data": …}`, plus the v5 extras.
#[derive(Deserialize)]
struct Envelope<'a> {
    code: Option<Code>,
    #[serde(default)]
    msg: Option<String>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
    #[serde(default)]
    error_code: Option<String>,
    #[serde(default)]
    error_message: Option<String>,
    #[serde(default, rename = "detailMsg")]
    detail_msg: Option<String>,
}

impl Envelope<'_> {
    /// `msg`, else `error_message`, else `detailMsg`: the first that says something.
    fn message(&self) -> String {
        [&self.msg, &self.error_message, &self.detail_msg]
            .into_iter()
            .flatten()
            .find(|m| !m.is_empty())
            .cloned()
            .unwrap_or_default()
    }
}

impl Dialect for OkxWeb3Dialect {
    fn venue(&self) -> VenueId {
        VENUE
    }

    fn sign(&self, input: &SigningInput<'_>, credentials: &Credentials, headers: &mut HeaderMap) -> Result<()> {
        let passphrase = credentials
            .passphrase()
            .ok_or_else(|| Error::Config("OKX Web3 credentials need a passphrase (OK-ACCESS-PASSPHRASE)".into()))?;
        let ts = input.timestamp.to_iso8601();
        let signature = sign(credentials, &ts, input.method.as_str(), input.path, input.query, input.body);
        let header = |v: &str, sensitive: bool| {
            let mut h = HeaderValue::from_str(v)
                .map_err(|_| Error::Config("credentials contain characters not allowed in HTTP headers".into()))?;
            h.set_sensitive(sensitive);
            Ok::<_, Error>(h)
        };
        headers.insert(HeaderName::from_static("ok-access-key"), header(credentials.api_key(), true)?);
        headers.insert(HeaderName::from_static("ok-access-sign"), header(&signature, true)?);
        headers.insert(HeaderName::from_static("ok-access-timestamp"), header(&ts, false)?);
        headers.insert(HeaderName::from_static("ok-access-passphrase"), header(passphrase, true)?);
        Ok(())
    }

    fn common_headers(&self, headers: &mut HeaderMap) {
        // Docs-auth: Content-Type on every request, GET included.
        headers.insert(http_content_type(), HeaderValue::from_static("application/json"));
        if let Some(p) = &self.project_id {
            headers.insert(HeaderName::from_static("ok-access-project"), p.clone());
        }
    }

    /// One scan for the common case: a 2xx answer whose `code` is `0`, decoded with its
    /// `data` straight into `T`. Anything else goes through [`interpret`](Self::interpret).
    fn decode_success<T: DeserializeOwned>(&self, _ep: &Endpoint, r: &RawResponse) -> Option<T> {
        #[derive(Deserialize)]
        #[serde(bound = "T: DeserializeOwned")]
        struct Success<T> {
            code: Code,
            data: Option<T>,
        }
        if !(200..300).contains(&r.status) {
            return None;
        }
        // `data: null` or absent decodes as `T` from `null` (the slow path's rule), or not at all.
        let Success { code, data } = serde_json::from_slice::<Success<T>>(&r.body).ok()?;
        if code.0 != "0" {
            return None;
        }
        match data {
            Some(v) => Some(v),
            None => serde_json::from_str("null").ok(),
        }
    }

    fn interpret<'a>(&self, ep: &Endpoint, r: &'a RawResponse) -> Verdict<'a> {
        let retry_after = retry_after_header(&r.headers);
        let parsed = serde_json::from_slice::<Envelope<'a>>(&r.body).ok();
        let status = Some(r.status);
        let ve = |code: String, msg: String| VenueError::new(VENUE, code, msg, status);
        match parsed {
            Some(env) if env.code.is_some() => {
                let message = env.message();
                let code = env.code.map(|c| c.0).unwrap_or_default();
                if code == "0" && r.status < 300 {
                    return Verdict::Success(env.data.map(RawValue::get).unwrap_or("null"));
                }
                if code == "0" || r.status >= 500 {
                    // A success code on an error status, or any 5xx: the server failed.
                    let code = if code == "0" { format!("HTTP {}", r.status) } else { code };
                    return Verdict::Uncertain(ve(code, message));
                }
                let _ = env.error_code;
                verdict(ep, ve(code, message), retry_after)
            }
            _ => {
                let excerpt = body_excerpt(&r.body);
                let http_code = format!("HTTP {}", r.status);
                match r.status {
                    200..=299 => {
                        // OKX CLI passes bare JSON arrays through as payloads.
                        let text = std::str::from_utf8(&r.body).unwrap_or("");
                        if text.trim_start().starts_with('[') && serde_json::from_str::<&RawValue>(text).is_ok() {
                            Verdict::Success(text)
                        } else {
                            Verdict::Undecodable("not an OKX Web3 envelope (no `code`)".into())
                        }
                    }
                    429 => verdict(ep, ve("50011".into(), format!("{http_code}: {excerpt}")), retry_after),
                    401 => verdict(ep, ve("50113".into(), format!("{http_code}: {excerpt}")), None),
                    402 | 403 => Verdict::Rejected {
                        error: Error::Permission(ve(http_code, excerpt)),
                        retry: earn_core::http::RetryHint::Never,
                    },
                    s if s >= 500 => Verdict::Uncertain(ve(http_code, excerpt)),
                    _ => Verdict::Rejected {
                        error: Error::Rejected(ve(http_code, excerpt)),
                        retry: earn_core::http::RetryHint::Never,
                    },
                }
            }
        }
    }

    fn time_endpoint(&self) -> Option<&'static Endpoint> {
        match self.server_time {
            ServerTime::LocalClock => None,
            ServerTime::OkxPublicTime => Some(&PUBLIC_TIME),
        }
    }

    fn parse_server_time(&self, payload: &str) -> Result<UnixMillis> {
        #[derive(Deserialize)]
        struct Ts {
            ts: String,
        }
        let bad = |m: &dyn fmt::Display| Error::decode(VENUE, PUBLIC_TIME.path, m, payload.as_bytes());
        let rows: Vec<Ts> = serde_json::from_str(payload).map_err(|e| bad(&e))?;
        let ts = rows.first().ok_or_else(|| bad(&"empty time answer"))?;
        ts.ts.parse::<i64>().map(UnixMillis).map_err(|e| bad(&e))
    }
}

fn http_content_type() -> HeaderName {
    HeaderName::from_static("content-type")
}
