//! Shared test helpers: a wiremock server, Binance answers, and matchers that recompute the
//! HMAC signature from the raw query and body independently of the crate.
#![allow(dead_code)]

use std::sync::Mutex;
use std::time::Duration;

use binance_earn::{BinanceDialect, BinanceEarnClient, BinanceEarnVenue, Environment};
use earn_core::Credentials;
use earn_core::http::{ApiRequest, RetryPolicy, TransportOptions};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use wiremock::matchers::{method, path};
use wiremock::{Match, Mock, MockServer, Request, Respond, ResponseTemplate};

pub const KEY: &str = "TESTKEY123";
pub const SECRET: &str = "TEST_SECRET_1234567890";

/// HMAC-SHA256 hex with [`SECRET`], computed here without the crate's code.
pub fn hmac_hex(message: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

pub fn header<'a>(r: &'a Request, name: &str) -> Option<&'a str> {
    r.headers.get(name).and_then(|v| v.to_str().ok())
}

/// The raw query, split at its `&signature=`: (signed text, signature).
pub fn split_signature(r: &Request) -> Option<(String, String)> {
    let q = r.url.query()?;
    let (signed, sig) = q.rsplit_once("&signature=")?;
    Some((signed.to_owned(), sig.to_owned()))
}

/// The request's own parameters: the raw query before `&recvWindow=` (`""` for none).
pub fn params(r: &Request) -> String {
    let q = r.url.query().unwrap_or("");
    match q.find("recvWindow=") {
        Some(0) => String::new(),
        Some(i) => q[..i - 1].to_owned(),
        None => q.to_owned(),
    }
}

/// The `timestamp` sent.
pub fn timestamp(r: &Request) -> i64 {
    r.url.query_pairs().find(|(k, _)| k == "timestamp").and_then(|(_, v)| v.parse().ok()).unwrap()
}

/// Matches a correctly signed request: the key header, `recvWindow=5000&timestamp=<ms>`
/// right after the parameters, and `signature` last, equal to HMAC(query before it + body).
pub struct Signed;

impl Match for Signed {
    fn matches(&self, r: &Request) -> bool {
        let Some((signed, sig)) = split_signature(r) else { return false };
        let tail_ok = signed.rsplit_once("recvWindow=5000&timestamp=").is_some_and(|(head, ts)| {
            (head.is_empty() || head.ends_with('&')) && ts.bytes().all(|b| b.is_ascii_digit())
        });
        let mut payload = signed.into_bytes();
        payload.extend_from_slice(&r.body);
        header(r, "x-mbx-apikey") == Some(KEY) && tail_ok && sig == hmac_hex(&payload)
    }
}

/// Matches a request with no key and no signature.
pub struct Unsigned;

impl Match for Unsigned {
    fn matches(&self, r: &Request) -> bool {
        r.headers.get("x-mbx-apikey").is_none() && !r.url.query().unwrap_or("").contains("signature=")
    }
}

/// A 200 answer with `body` and the SAPI IP weight header.
pub fn ok(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("X-SAPI-USED-IP-WEIGHT-1M", "150")
        .set_body_raw(body.to_owned(), "application/json")
}

/// A Binance error object with an HTTP status.
pub fn code(status: u16, code: i64, msg: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(format!(r#"{{"code":{code},"msg":"{msg}"}}"#), "application/json")
}

/// Answers with each template in turn, then repeats the last.
pub struct Sequence(Mutex<Vec<ResponseTemplate>>);

impl Sequence {
    pub fn new(mut v: Vec<ResponseTemplate>) -> Self {
        v.reverse();
        Sequence(Mutex::new(v))
    }
}

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut v = self.0.lock().unwrap();
        if v.len() > 1 { v.pop().unwrap() } else { v[0].clone() }
    }
}

pub fn fast_retry() -> RetryPolicy {
    RetryPolicy { max_retries: 2, initial_backoff: Duration::from_millis(1), max_backoff: Duration::from_millis(20) }
}

/// Test transport: fast retries, short timeout, no local rate limiting.
pub fn transport() -> TransportOptions {
    TransportOptions::default().retry_policy(fast_retry()).timeout(Duration::from_secs(2)).enforce_rate_limits(false)
}

pub fn client(server: &MockServer) -> BinanceEarnClient {
    BinanceEarnClient::builder(Environment::Production)
        .base_url(server.uri())
        .credentials(Credentials::new(KEY, SECRET))
        .transport(transport())
        .build()
        .unwrap()
}

pub fn venue(server: &MockServer) -> BinanceEarnVenue {
    BinanceEarnVenue::new(client(server))
}

pub async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

pub async fn received_at(server: &MockServer, p: &str) -> Vec<Request> {
    received(server).await.into_iter().filter(|r| r.url.path() == p).collect()
}

/// Mounts `body` for `verb path` (signed requests only).
pub async fn mount(server: &MockServer, verb: &str, p: &str, body: &str) {
    Mock::given(method(verb)).and(path(p)).and(Signed).respond_with(ok(body)).mount(server).await;
}

/// Sends `request` to a fresh server that answers `body` at `verb path` when correctly
/// signed; checks the method, the path, the exact parameters before `recvWindow`, the key
/// header and that nothing travels in a body. Returns the decoded answer.
pub async fn roundtrip<R>(request: &R, verb: &str, p: &str, expected_params: &str, body: &str) -> R::Response
where
    R: ApiRequest<Dialect = BinanceDialect>,
{
    let server = MockServer::start().await;
    Mock::given(method(verb)).and(path(p)).and(Signed).respond_with(ok(body)).expect(1).mount(&server).await;
    let c = client(&server);
    let answer = c.send(request).await.unwrap_or_else(|e| panic!("{verb} {p}: {e}"));
    let sent = received(&server).await;
    assert_eq!(sent.len(), 1, "{p}: exactly one request");
    let r = &sent[0];
    assert_eq!(r.method.as_str(), verb);
    assert_eq!(params(r), expected_params, "{p}: parameters in order");
    assert!(r.body.is_empty(), "{p}: every parameter travels in the query");
    assert_eq!(header(r, "x-mbx-apikey"), Some(KEY));
    assert_eq!(c.used_weight(p).and_then(|w| w.sapi_ip_1m), Some(150), "{p}: weight header read back");
    answer
}

/// Asserts that `request` is refused locally: an `InvalidInput` naming `field`, and no
/// request at all reaches the server.
pub async fn refused<R>(request: &R, field: &str)
where
    R: ApiRequest<Dialect = BinanceDialect>,
{
    let server = MockServer::start().await;
    let err = client(&server).send(request).await.err().unwrap_or_else(|| panic!("{field}: accepted"));
    assert_eq!(err.kind(), earn_core::ErrorKind::InvalidInput, "{field}: {err}");
    assert!(err.to_string().contains(field), "{field}: {err}");
    assert!(received(&server).await.is_empty(), "{field}: a refused request reached the server");
}
