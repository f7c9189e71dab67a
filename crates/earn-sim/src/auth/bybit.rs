//! Bybit V5 request authentication (HMAC keys).
//!
//! `X-BAPI-SIGN = hex(HMAC-SHA256(secret, timestamp + apiKey + recvWindow + payload))` where
//! `payload` is the raw query string as received (GET, without `?`) or the raw body (POST).
//! Time rule: `server_time - recv_window <= timestamp < server_time + 1000`.

use http::{HeaderMap, Method};

use super::{DemoCredentials, constant_time_eq, hmac_sha256};

/// `X-BAPI-RECV-WINDOW` when the header is absent.
pub const DEFAULT_RECV_WINDOW_MS: i64 = 5_000;

/// How far ahead of the venue clock a timestamp may be.
pub const MAX_AHEAD_MS: i64 = 1_000;

/// Why a request failed authentication, with Bybit's `retCode`, message and HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthFailure {
    /// Bybit `retCode` (10001 … 10004).
    pub ret_code: i64,
    /// Bybit `retMsg`.
    pub message: String,
    /// HTTP status (401 for missing headers or an unknown key, else 200).
    pub status: u16,
}

fn fail(ret_code: i64, status: u16, message: impl Into<String>) -> AuthFailure {
    AuthFailure { ret_code, message: message.into(), status }
}

/// Checks the `X-BAPI-*` headers and the signature over the raw request.
///
/// `raw_query` is the query string as received (no `?`, empty when none); `body` the raw body.
/// Returns the credentials that signed the request.
pub fn verify<'c>(
    headers: &HeaderMap,
    method: &Method,
    raw_query: &str,
    body: &[u8],
    accepted: &'c [DemoCredentials],
    now_ms: i64,
) -> Result<&'c DemoCredentials, AuthFailure> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).filter(|v| !v.is_empty());
    let missing = |name: &str| fail(10003, 401, format!("Missing required header {name}"));
    let key = header("x-bapi-api-key").ok_or_else(|| missing("X-BAPI-API-KEY"))?;
    let sign = header("x-bapi-sign").ok_or_else(|| missing("X-BAPI-SIGN"))?;
    let ts_text = header("x-bapi-timestamp").ok_or_else(|| missing("X-BAPI-TIMESTAMP"))?;
    if let Some(sign_type) = header("x-bapi-sign-type").filter(|t| *t != "2") {
        return Err(fail(10001, 200, format!("unsupported X-BAPI-SIGN-TYPE {sign_type}")));
    }
    let creds = accepted.iter().find(|c| c.api_key == key).ok_or_else(|| fail(10003, 401, "API key is invalid."))?;
    let recv_text = header("x-bapi-recv-window");
    let recv_window = match recv_text {
        None => DEFAULT_RECV_WINDOW_MS,
        Some(text) => parse_ms(text).filter(|w| *w > 0).ok_or_else(|| fail(10001, 200, "invalid recv_window"))?,
    };
    let ts = parse_ms(ts_text).ok_or_else(|| fail(10002, 200, "invalid timestamp"))?;
    if !(now_ms - recv_window <= ts && ts < now_ms + MAX_AHEAD_MS) {
        return Err(fail(
            10002,
            200,
            format!(
                "invalid request, please check your server timestamp or recv_window param. req_timestamp[{ts}],server_timestamp[{now_ms}],recv_window[{recv_window}]"
            ),
        ));
    }
    let payload: &[u8] = if method == Method::GET { raw_query.as_bytes() } else { body };
    let recv_signed = recv_text.unwrap_or("");
    let mut presign = Vec::with_capacity(ts_text.len() + key.len() + recv_signed.len() + payload.len());
    presign.extend_from_slice(ts_text.as_bytes());
    presign.extend_from_slice(key.as_bytes());
    presign.extend_from_slice(recv_signed.as_bytes());
    presign.extend_from_slice(payload);
    let expected = hex::encode(hmac_sha256(&creds.secret, &presign));
    if !constant_time_eq(expected.as_bytes(), sign.to_ascii_lowercase().as_bytes()) {
        let origin = String::from_utf8_lossy(&presign);
        return Err(fail(10004, 200, format!("error sign! origin_string[{origin}]")));
    }
    Ok(creds)
}

fn parse_ms(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TS: i64 = 1_739_936_605_822;

    fn headers(sign: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-bapi-api-key", "TESTKEY123".parse().unwrap());
        h.insert("x-bapi-timestamp", TS.to_string().parse().unwrap());
        h.insert("x-bapi-recv-window", "5000".parse().unwrap());
        h.insert("x-bapi-sign", sign.parse().unwrap());
        h.insert("x-bapi-sign-type", "2".parse().unwrap());
        h
    }

    #[test]
    fn reference_vectors_verify_over_raw_bytes() {
        let creds = [DemoCredentials::new("TESTKEY123", "TEST_SECRET_1234567890")];
        let spaced = br#"{"category": "FlexibleSaving", "orderType": "Redeem", "accountType": "FUND", "amount": "0.35", "coin": "BTC", "productId": "430", "orderLinkId": "btc-earn-001"}"#;
        let compact = br#"{"category":"FlexibleSaving","orderType":"Redeem","accountType":"FUND","amount":"0.35","coin":"BTC","productId":"430","orderLinkId":"btc-earn-001"}"#;
        let a = "3f1fd8f16547135c6c4751a381668774fe05c6e1f741fb4ba85c27ee09b98d8e";
        let b = "9ac3816943fda1f855e967db17d688a532ff95408361034204d6ef6e8aa361f0";
        let c = "c73c7f987aa854f7719040ee8909b264cf6e766363a7230976af786f015c5fb6";
        assert!(verify(&headers(a), &Method::POST, "", spaced, &creds, TS).is_ok());
        assert!(verify(&headers(b), &Method::POST, "", compact, &creds, TS).is_ok());
        assert!(verify(&headers(c), &Method::GET, "category=FlexibleSaving&coin=BTC", b"", &creds, TS).is_ok());
        assert_eq!(verify(&headers(a), &Method::POST, "", compact, &creds, TS).unwrap_err().ret_code, 10004);
    }

    #[test]
    fn time_rule_is_half_open() {
        let creds = [DemoCredentials::new("TESTKEY123", "TEST_SECRET_1234567890")];
        let c = "c73c7f987aa854f7719040ee8909b264cf6e766363a7230976af786f015c5fb6";
        let q = "category=FlexibleSaving&coin=BTC";
        let at = |now| verify(&headers(c), &Method::GET, q, b"", &creds, now).map(|_| ()).map_err(|e| e.ret_code);
        assert_eq!(at(TS + 5_000), Ok(()));
        assert_eq!(at(TS + 5_001), Err(10002));
        assert_eq!(at(TS - 999), Ok(()));
        assert_eq!(at(TS - 1_000), Err(10002));
    }
}
