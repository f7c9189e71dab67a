//! Shared test helpers: a wiremock server, a client pointed at it, and an independent
//! recomputation of OKX's signature from the raw request.
#![allow(dead_code)]

use std::sync::Mutex;
use std::time::Duration;

use base64::Engine as _;
use earn_core::http::{RetryPolicy, TransportOptions};
use earn_core::{Credentials, UnixMillis};
use hmac::{Hmac, KeyInit, Mac};
use okx_staking::{Environment, OkxStakingClient, OkxStakingVenue};
use sha2::Sha256;
use wiremock::matchers::{method, path};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, Respond, ResponseTemplate};

pub const KEY: &str = "TEST-KEY-0123456789";
pub const SECRET: &str = "TEST_SECRET_1234567890";
pub const PASSPHRASE: &str = "Test-Pass-phrase";

/// Base64(HMAC-SHA256(secret, ts + METHOD + target + body)), computed without the crate.
pub fn expected_sign(ts: &str, method: &str, target: &str, body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(ts.as_bytes());
    mac.update(method.as_bytes());
    mac.update(target.as_bytes());
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The raw request target: path plus `?query` as received.
pub fn target(r: &Request) -> String {
    match r.url.query() {
        Some(q) => format!("{}?{q}", r.url.path()),
        None => r.url.path().to_owned(),
    }
}

fn header<'a>(r: &'a Request, name: &str) -> Option<&'a str> {
    r.headers.get(name).and_then(|v| v.to_str().ok())
}

/// Why a request is not a correctly signed OKX request, if it is not (a request without the
/// timestamp header is not signed: that is a problem too).
pub fn signature_problem(r: &Request, demo: bool) -> Option<String> {
    let Some(ts) = header(r, "ok-access-timestamp") else {
        return Some(format!("unsigned: no OK-ACCESS-TIMESTAMP on {}", target(r)));
    };
    let Some(ts_ms) = UnixMillis::parse_iso8601(ts) else { return Some(format!("bad timestamp {ts}")) };
    if (ts_ms.0 - UnixMillis::now_local().0).abs() > 300_000 {
        return Some(format!("timestamp {ts} far from now"));
    }
    if header(r, "ok-access-key") != Some(KEY) {
        return Some("wrong key".into());
    }
    if header(r, "ok-access-passphrase") != Some(PASSPHRASE) {
        return Some("wrong passphrase".into());
    }
    if header(r, "content-type") != Some("application/json") {
        return Some("content-type is not application/json".into());
    }
    match (demo, header(r, "x-simulated-trading")) {
        (true, Some("1")) | (false, None) => {}
        (_, other) => return Some(format!("x-simulated-trading {other:?} with demo={demo}")),
    }
    let want = expected_sign(ts, r.method.as_str(), &target(r), &r.body);
    (header(r, "ok-access-sign") != Some(want.as_str())).then(|| format!("signature mismatch for {}", target(r)))
}

/// Matches only correctly signed live requests.
pub struct Signed;

impl Match for Signed {
    fn matches(&self, r: &Request) -> bool {
        header(r, "ok-access-timestamp").is_some() && signature_problem(r, false).is_none()
    }
}

/// Matches only requests without any authentication header.
pub struct Unsigned;

impl Match for Unsigned {
    fn matches(&self, r: &Request) -> bool {
        ["ok-access-key", "ok-access-sign", "ok-access-timestamp", "ok-access-passphrase"]
            .iter()
            .all(|h| r.headers.get(*h).is_none())
    }
}

/// Matches a request whose body is exactly these bytes.
pub struct BodyBytes(pub &'static str);

impl Match for BodyBytes {
    fn matches(&self, r: &Request) -> bool {
        r.body == self.0.as_bytes()
    }
}

/// Matches a request whose query string is exactly this text.
pub struct ExactQuery(pub &'static str);

impl Match for ExactQuery {
    fn matches(&self, r: &Request) -> bool {
        r.url.query().unwrap_or("") == self.0
    }
}

/// A signed `GET`/`POST` to `p`.
pub fn signed(m: &str, p: &str) -> MockBuilder {
    Mock::given(method(m)).and(path(p)).and(Signed)
}

/// `{"code":"0","msg":"","data":<data>}`.
pub fn ok(data: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(format!(r#"{{"code":"0","msg":"","data":{data}}}"#), "application/json")
}

/// An OKX error envelope without `data`.
pub fn okx_error(status: u16, code: &str, msg: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(format!(r#"{{"code":"{code}","msg":"{msg}"}}"#), "application/json")
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

pub fn credentials() -> Credentials {
    Credentials::new(KEY, SECRET).with_passphrase(PASSPHRASE)
}

/// Fast read retries (two), 1 s timeout.
pub fn transport() -> TransportOptions {
    TransportOptions::default().timeout(Duration::from_secs(1)).retry_policy(RetryPolicy {
        max_retries: 2,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
    })
}

/// A live client against `server`, fast read retries, 1 s timeout.
pub fn client(server: &MockServer) -> OkxStakingClient {
    OkxStakingClient::builder(Environment::Live)
        .base_url(server.uri())
        .credentials(credentials())
        .transport(transport())
        .build()
        .unwrap()
}

/// An adapter with short confirm polling and the given grace.
pub fn venue(server: &MockServer, grace: Duration) -> OkxStakingVenue {
    OkxStakingVenue::new(client(server))
        .reconcile_grace(grace)
        .confirm_window(Duration::from_millis(300))
        .poll_interval(Duration::from_millis(50))
}

/// Requests received on `p`.
pub async fn requests(server: &MockServer, p: &str) -> Vec<Request> {
    server.received_requests().await.unwrap().into_iter().filter(|r| r.url.path() == p).collect()
}

/// The paths OKX serves without authentication; every other path is private.
pub const PUBLIC_PATHS: [&str; 5] = [
    "/api/v5/public/time",
    "/api/v5/finance/savings/lending-rate-summary",
    "/api/v5/finance/savings/lending-rate-history",
    "/api/v5/finance/staking-defi/eth/apy-history",
    "/api/v5/finance/staking-defi/sol/apy-history",
];

/// Asserts every request the server received on a private path was signed correctly
/// (live), and every request on a [`PUBLIC_PATHS`] path carried no authentication header.
/// A private request without any signature header fails: it is not skipped.
pub async fn assert_all_signed(server: &MockServer) {
    for r in server.received_requests().await.unwrap() {
        if PUBLIC_PATHS.contains(&r.url.path()) {
            assert!(Unsigned.matches(&r), "public request {} carries authentication headers", target(&r));
        } else {
            assert_eq!(signature_problem(&r, false), None, "{}", target(&r));
        }
    }
}

/// Now on the local clock, as OKX's Unix-ms text.
pub fn now_ms() -> i64 {
    UnixMillis::now_local().0
}

/// A plain decimal amount.
pub fn amt(s: &str) -> earn_core::Amount {
    earn_core::Amount::parse(s).unwrap()
}

/// Mounts `GET /api/v5/asset/balances?ccy=<ccy>`: the funding account holds `avail` of it
/// (`None`: nothing, so OKX lists no row).
pub async fn mount_funding(server: &MockServer, ccy: &str, avail: Option<&str>) {
    let rows = avail.map_or_else(
        || "[]".to_owned(),
        |a| format!(r#"[{{"availBal":"{a}","bal":"{a}","ccy":"{ccy}","frozenBal":"0"}}]"#),
    );
    signed("GET", "/api/v5/asset/balances")
        .and(wiremock::matchers::query_param("ccy", ccy))
        .respond_with(ok(&rows))
        .mount(server)
        .await;
}

/// Mounts `GET /api/v5/account/max-withdrawal?ccy=<ccy>`: `max` can move from trading to funding.
pub async fn mount_max_withdrawal(server: &MockServer, ccy: &str, max: &str) {
    signed("GET", "/api/v5/account/max-withdrawal")
        .and(wiremock::matchers::query_param("ccy", ccy))
        .respond_with(ok(&format!(
            r#"[{{"ccy":"{ccy}","maxWd":"{max}","maxWdEx":"{max}","spotOffsetMaxWd":"","spotOffsetMaxWdEx":""}}]"#
        )))
        .mount(server)
        .await;
}

/// The number of `POST`s the server received on `p`.
pub async fn posts(server: &MockServer, p: &str) -> usize {
    requests(server, p).await.iter().filter(|r| r.method.as_str() == "POST").count()
}

/// The ETH staking endpoints' prefix.
pub const ETH: &str = "/api/v5/finance/staking-defi/eth";
/// The SOL staking endpoints' prefix.
pub const SOL: &str = "/api/v5/finance/staking-defi/sol";
/// The On-chain Earn endpoints' prefix.
pub const EARN: &str = "/api/v5/finance/staking-defi";
/// The funding account's bills.
pub const BILLS: &str = "/api/v5/asset/bills";
/// Simple Earn subscribe and redeem.
pub const PURCHASE_REDEMPT: &str = "/api/v5/finance/savings/purchase-redempt";
/// A reconcile grace no test outlives.
pub const LONG: Duration = Duration::from_secs(3600);

/// Answers `off` until the switch is flipped, then `on`.
pub struct Switch(pub std::sync::Arc<std::sync::atomic::AtomicBool>, pub ResponseTemplate, pub ResponseTemplate);

impl Respond for Switch {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        if self.0.load(std::sync::atomic::Ordering::SeqCst) { self.2.clone() } else { self.1.clone() }
    }
}
