//! Shared test helpers: a local mock venue and an independent OKX signature check.
#![allow(dead_code)]

use std::time::Duration;

use base64::Engine as _;
use earn_core::Credentials;
use earn_core::http::{RetryPolicy, TransportOptions};
use hmac::{Hmac, KeyInit, Mac};
use okx_web3_defi::OkxWeb3DefiClient;
use serde_json::Value;
use sha2::Sha256;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const KEY: &str = "TESTKEY123";
pub const SECRET: &str = "TEST_SECRET_1234567890";
pub const PASSPHRASE: &str = "TESTPASS";
pub const PROJECT: &str = "PROJECT-42";
pub const EVM_WALLET: &str = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
pub const DAI: &str = "0x6b175474e89094c44da98b954eedeac495271d0f";
pub const USDC: &str = "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48";
pub const SOL_WALLET: &str = "7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV";

pub fn credentials() -> Credentials {
    Credentials::new(KEY, SECRET).with_passphrase(PASSPHRASE)
}

/// Transport for tests: no client-side throttling, fast retries.
pub fn transport() -> TransportOptions {
    TransportOptions::default()
        .enforce_rate_limits(false)
        .retry_policy(RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
        })
        .timeout(Duration::from_secs(5))
}

/// A client for `server`: no client-side throttling, fast retries.
pub fn client(server: &MockServer) -> OkxWeb3DefiClient {
    OkxWeb3DefiClient::builder()
        .base_url(server.uri())
        .credentials(credentials())
        .project_id(PROJECT)
        .transport(transport())
        .build()
        .unwrap()
}

/// `{"code":0,"msg":"","data":<data>}`.
pub fn ok(data: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(format!(r#"{{"code":0,"msg":"","data":{data}}}"#), "application/json")
}

/// Any raw body.
pub fn raw(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json")
}

/// Base64(HMAC-SHA256(secret, pre-sign)), computed here without the crate's code.
pub fn expected_signature(secret: &str, presign: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(presign);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn header<'a>(r: &'a Request, name: &str) -> &'a str {
    r.headers.get(name).unwrap_or_else(|| panic!("missing header {name}")).to_str().unwrap()
}

/// Checks the OKX headers and recomputes the signature over what was received.
pub fn assert_signed(r: &Request) {
    assert_eq!(header(r, "ok-access-key"), KEY);
    assert_eq!(header(r, "ok-access-passphrase"), PASSPHRASE);
    assert_eq!(header(r, "ok-access-project"), PROJECT);
    assert_eq!(header(r, "content-type"), "application/json");
    let ts = header(r, "ok-access-timestamp");
    assert!(earn_core::UnixMillis::parse_iso8601(ts).is_some(), "timestamp {ts}");
    let mut target = r.url.path().to_owned();
    if let Some(q) = r.url.query() {
        target.push('?');
        target.push_str(q);
    }
    let mut presign = format!("{ts}{}{target}", r.method.as_str()).into_bytes();
    presign.extend_from_slice(&r.body);
    assert_eq!(header(r, "ok-access-sign"), expected_signature(SECRET, &presign), "signature of {target}");
}

/// A mock venue answering `m p` with the success envelope around `data`.
pub async fn serve(m: &str, p: &str, data: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(m)).and(path(p)).respond_with(ok(data)).mount(&server).await;
    server
}

/// The one request `server` received, with its OKX headers and signature checked.
pub async fn checked(server: &MockServer) -> Request {
    let r = only_request(server).await;
    assert_signed(&r);
    r
}

/// The one request the server received.
pub async fn only_request(server: &MockServer) -> Request {
    let mut all = server.received_requests().await.unwrap();
    assert_eq!(all.len(), 1, "expected exactly one request, got {}", all.len());
    all.remove(0)
}

/// The body as JSON.
pub fn body(r: &Request) -> Value {
    serde_json::from_slice(&r.body).unwrap()
}

pub async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}
