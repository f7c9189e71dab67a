//! OKX request signing: `OK-ACCESS-SIGN = Base64(HMAC-SHA256(secret, presign))`.

use earn_core::http::{HeaderMap, HeaderName, HeaderValue, SigningInput, sensitive_base64_header, sensitive_header};
use earn_core::{Credentials, Error, Result};

/// The pre-sign text: `timestamp + METHOD + requestPath[?query] + body`, as bytes.
///
/// ```
/// let pre = okx_common::sign::presign("2026-01-15T23:28:04.872Z", "get", "/p", "a=1", b"");
/// assert_eq!(pre, b"2026-01-15T23:28:04.872ZGET/p?a=1");
/// ```
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

/// `OK-ACCESS-SIGN`: Base64(HMAC-SHA256(secret, [`presign`])).
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

/// HMAC-SHA256 of [`presign`], fed to the MAC piece by piece (the pre-sign is never built;
/// the tests check it against [`signature`]).
fn digest(credentials: &Credentials, timestamp: &str, method: &str, path: &str, query: &str, body: &[u8]) -> [u8; 32] {
    let upper;
    let method = if method.bytes().any(|b| b.is_ascii_lowercase()) {
        upper = method.to_ascii_uppercase();
        upper.as_str()
    } else {
        method
    };
    let mark: &[u8] = if query.is_empty() { b"" } else { b"?" };
    credentials.hmac_sha256_parts(&[
        timestamp.as_bytes(),
        method.as_bytes(),
        path.as_bytes(),
        mark,
        query.as_bytes(),
        body,
    ])
}

/// Adds the four `OK-ACCESS-*` headers for `input`, signed with an ISO-8601 timestamp.
///
/// The key, the signature and the passphrase are marked sensitive, so they never print and
/// are removed from any answer that echoes them. Credentials without a passphrase are a
/// configuration error.
pub fn insert_auth_headers(input: &SigningInput<'_>, credentials: &Credentials, headers: &mut HeaderMap) -> Result<()> {
    let passphrase = credentials
        .passphrase()
        .ok_or_else(|| Error::Config("OKX credentials need a passphrase (Credentials::with_passphrase)".into()))?;
    let ts = input.timestamp.to_iso8601();
    let digest = digest(credentials, &ts, input.method.as_str(), input.path, input.query, input.body);
    headers.insert(HeaderName::from_static("ok-access-key"), sensitive_header("API key", credentials.api_key())?);
    headers.insert(HeaderName::from_static("ok-access-sign"), sensitive_base64_header(&digest));
    // The timestamp's own buffer becomes the header value (ISO-8601 digits and punctuation).
    let ts = HeaderValue::try_from(ts).map_err(|_| Error::Config("timestamp is not header text".into()))?;
    headers.insert(HeaderName::from_static("ok-access-timestamp"), ts);
    headers.insert(HeaderName::from_static("ok-access-passphrase"), sensitive_header("passphrase", passphrase)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use earn_core::UnixMillis;
    use earn_core::http::Method;

    use super::*;

    const TS: &str = "2026-01-15T23:28:04.872Z";

    fn creds() -> Credentials {
        Credentials::new("k", "TEST_SECRET_1234567890").with_passphrase("p")
    }

    #[test]
    fn reference_vectors() {
        // V1: python-okx's body with a space; V2: compact JSON; V3: GET with a query.
        let redeem = "/api/v5/finance/staking-defi/eth/redeem";
        assert_eq!(
            signature(&creds(), TS, "POST", redeem, "", br#"{"amt": "10"}"#),
            "m3+d1yrL5CQG0tGEsHWBSmfDMqZCV6Ex71eHHcRJGO8="
        );
        assert_eq!(
            signature(&creds(), TS, "POST", redeem, "", br#"{"amt":"10"}"#),
            "/GIHao5GEizCLMCCFK2/RCiq7Q2hx7ERv0DhiYK6smY="
        );
        let history = "/api/v5/finance/staking-defi/eth/purchase-redeem-history";
        assert_eq!(
            signature(&creds(), TS, "GET", history, "type=redeem&limit=10", b""),
            "y2rLt7GDl4HaWTiUq95DR15zPSS7nflNb0ko/k1fIIc="
        );
    }

    #[test]
    fn four_headers_with_secrets_marked_sensitive() {
        let mut h = HeaderMap::new();
        let input = SigningInput {
            method: &Method::POST,
            path: "/api/v5/finance/staking-defi/eth/redeem",
            query: "",
            body: br#"{"amt":"10"}"#,
            timestamp: UnixMillis::parse_iso8601(TS).unwrap(),
        };
        insert_auth_headers(&input, &creds(), &mut h).unwrap();
        assert_eq!(h["ok-access-timestamp"], TS);
        assert_eq!(h["ok-access-sign"], "/GIHao5GEizCLMCCFK2/RCiq7Q2hx7ERv0DhiYK6smY=");
        assert_eq!(h["ok-access-key"], "k");
        assert_eq!(h["ok-access-passphrase"], "p");
        assert!(h["ok-access-sign"].is_sensitive() && h["ok-access-key"].is_sensitive());
        assert!(h["ok-access-passphrase"].is_sensitive() && !h["ok-access-timestamp"].is_sensitive());
        // A query (joined with `?`) and a method spelled in lower case sign as `signature` does.
        let lower = Method::from_bytes(b"get").unwrap();
        let history = "/api/v5/finance/staking-defi/eth/purchase-redeem-history";
        for method in [&Method::GET, &lower] {
            let get = SigningInput { method, path: history, query: "type=redeem&limit=10", body: b"", ..input };
            insert_auth_headers(&get, &creds(), &mut h).unwrap();
            assert_eq!(h["ok-access-sign"], "y2rLt7GDl4HaWTiUq95DR15zPSS7nflNb0ko/k1fIIc=");
        }
        let err = insert_auth_headers(&input, &Credentials::new("k", "s"), &mut h).unwrap_err();
        assert_eq!(err.kind(), earn_core::ErrorKind::Config);
    }
}
