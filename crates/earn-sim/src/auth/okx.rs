//! OKX-style request authentication (exchange API and Web3 API share it).
//!
//! `OK-ACCESS-SIGN = Base64(HMAC-SHA256(secret, timestamp + METHOD + requestTarget + body))`
//! where `requestTarget` is the path plus `?query` exactly as received (GET) and `body` the
//! raw bytes (POST). Timestamps are ISO-8601 UTC with milliseconds.

use base64::Engine as _;
use http::{HeaderMap, Method};

use super::{DemoCredentials, constant_time_eq, hmac_sha256};

/// Largest accepted distance between the request timestamp and the venue clock.
pub const MAX_SKEW_MS: i64 = 30_000;

/// Why a request failed authentication, with OKX's code, message and HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthFailure {
    /// OKX code (`50103`…`50113`).
    pub code: &'static str,
    /// OKX message.
    pub message: &'static str,
    /// HTTP status OKX answers with (401).
    pub status: u16,
}

const fn fail(code: &'static str, message: &'static str) -> AuthFailure {
    AuthFailure { code, message, status: 401 }
}

/// Which OKX API checks the request; they differ only in the code for a stale timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OkxApi {
    /// The exchange API: a timestamp more than 30 s away answers `50102`.
    Exchange,
    /// The Web3 API: a stale timestamp answers `50112` ("Invalid OK-ACCESS-TIMESTAMP"), as
    /// the Web3 reference documents.
    Web3,
}

/// Checks the four `OK-ACCESS-*` headers and the signature over the raw request, as the OKX
/// exchange API does (`verify_for(OkxApi::Exchange, …)`).
///
/// `target` is the path with `?query` as received; `now_ms` is the venue clock.
/// Returns the API key that signed the request.
pub fn verify<'c>(
    headers: &HeaderMap,
    method: &Method,
    target: &str,
    body: &[u8],
    accepted: &'c [DemoCredentials],
    now_ms: i64,
) -> Result<&'c DemoCredentials, AuthFailure> {
    verify_for(OkxApi::Exchange, (headers, method, target, body), accepted, now_ms)
}

/// [`verify`] for `api`; the request is `(headers, method, target, body)`.
pub fn verify_for<'c>(
    api: OkxApi,
    (headers, method, target, body): (&HeaderMap, &Method, &str, &[u8]),
    accepted: &'c [DemoCredentials],
    now_ms: i64,
) -> Result<&'c DemoCredentials, AuthFailure> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).filter(|v| !v.is_empty());
    let key = header("ok-access-key").ok_or(fail("50103", "Request header OK-ACCESS-KEY cannot be empty."))?;
    let passphrase =
        header("ok-access-passphrase").ok_or(fail("50104", "Request header OK-ACCESS-PASSPHRASE cannot be empty."))?;
    let sign = header("ok-access-sign").ok_or(fail("50106", "Request header OK-ACCESS-SIGN cannot be empty."))?;
    let ts =
        header("ok-access-timestamp").ok_or(fail("50107", "Request header OK-ACCESS-TIMESTAMP cannot be empty."))?;
    let creds = accepted.iter().find(|c| c.api_key == key).ok_or(fail("50111", "Invalid OK-ACCESS-KEY."))?;
    if creds.passphrase.as_deref() != Some(passphrase) {
        return Err(fail("50105", "Request header OK-ACCESS-PASSPHRASE incorrect."));
    }
    let ts_ms = earn_core::UnixMillis::parse_iso8601(ts).ok_or(fail("50112", "Invalid OK-ACCESS-TIMESTAMP."))?.0;
    if (now_ms - ts_ms).abs() > MAX_SKEW_MS {
        return Err(match api {
            OkxApi::Exchange => fail("50102", "Timestamp request expired."),
            OkxApi::Web3 => fail("50112", "Invalid OK-ACCESS-TIMESTAMP."),
        });
    }
    let mut presign = Vec::with_capacity(ts.len() + method.as_str().len() + target.len() + body.len());
    presign.extend_from_slice(ts.as_bytes());
    presign.extend_from_slice(method.as_str().as_bytes());
    presign.extend_from_slice(target.as_bytes());
    presign.extend_from_slice(body);
    let expected = base64::engine::general_purpose::STANDARD.encode(hmac_sha256(&creds.secret, &presign));
    if !constant_time_eq(expected.as_bytes(), sign.as_bytes()) {
        return Err(fail("50113", "Invalid Sign."));
    }
    Ok(creds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(sign: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("ok-access-key", "TESTKEY123".parse().unwrap());
        h.insert("ok-access-passphrase", "TESTPASS".parse().unwrap());
        h.insert("ok-access-timestamp", "2026-01-15T23:28:04.872Z".parse().unwrap());
        h.insert("ok-access-sign", sign.parse().unwrap());
        h
    }

    #[test]
    fn reference_vectors_verify_over_raw_bytes() {
        let creds = [DemoCredentials::new("TESTKEY123", "TEST_SECRET_1234567890").with_passphrase("TESTPASS")];
        let now = 1_768_519_684_872;
        let post = Method::POST;
        let path = "/api/v5/finance/staking-defi/eth/redeem";
        // V1 (python-okx spacing) and V2 (compact) from the reference.
        assert!(
            verify(
                &headers("m3+d1yrL5CQG0tGEsHWBSmfDMqZCV6Ex71eHHcRJGO8="),
                &post,
                path,
                b"{\"amt\": \"10\"}",
                &creds,
                now
            )
            .is_ok()
        );
        assert!(
            verify(
                &headers("/GIHao5GEizCLMCCFK2/RCiq7Q2hx7ERv0DhiYK6smY="),
                &post,
                path,
                b"{\"amt\":\"10\"}",
                &creds,
                now
            )
            .is_ok()
        );
        let target = "/api/v5/finance/staking-defi/eth/purchase-redeem-history?type=redeem&limit=10";
        assert!(
            verify(&headers("y2rLt7GDl4HaWTiUq95DR15zPSS7nflNb0ko/k1fIIc="), &Method::GET, target, b"", &creds, now)
                .is_ok()
        );
        let bad = verify(
            &headers("m3+d1yrL5CQG0tGEsHWBSmfDMqZCV6Ex71eHHcRJGO8="),
            &post,
            path,
            b"{\"amt\":\"10\"}",
            &creds,
            now,
        );
        assert_eq!(bad.unwrap_err().code, "50113");
        let stale = verify(&headers("x"), &post, path, b"", &creds, now + MAX_SKEW_MS + 1);
        assert_eq!(stale.unwrap_err().code, "50102");
        let stale = verify_for(OkxApi::Web3, (&headers("x"), &post, path, b""), &creds, now + MAX_SKEW_MS + 1);
        assert_eq!(stale.unwrap_err(), fail("50112", "Invalid OK-ACCESS-TIMESTAMP."), "Web3 reference");
    }
}
