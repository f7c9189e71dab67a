//! The references' signature vectors (staking §3, funding-savings §9) through this crate's
//! dialect and its own request types, and the header rules: four `OK-ACCESS-*` headers,
//! secrets marked sensitive, `x-simulated-trading` only in demo, a passphrase required.

mod common;

use common::*;
use earn_core::http::{Dialect, HeaderMap, Method, SigningInput};
use earn_core::{Credentials, ErrorKind, UnixMillis};
use okx_staking::api::staking::{GetPurchaseRedeemHistory, HistoryType, Redeem, StakingCoin};
use okx_staking::{Environment, OkxDialect};
use wiremock::MockServer;

const TS: &str = "2026-01-15T23:28:04.872Z";
const REDEEM: &str = "/api/v5/finance/staking-defi/eth/redeem";
const HISTORY: &str = "/api/v5/finance/staking-defi/eth/purchase-redeem-history";

fn creds() -> Credentials {
    Credentials::new("k", "TEST_SECRET_1234567890").with_passphrase("p")
}

fn sign(method: &Method, path: &str, query: &str, body: &[u8]) -> HeaderMap {
    sign_at(TS, method, path, query, body)
}

fn sign_at(ts: &str, method: &Method, path: &str, query: &str, body: &[u8]) -> HeaderMap {
    let input = SigningInput { method, path, query, body, timestamp: UnixMillis::parse_iso8601(ts).unwrap() };
    let mut h = HeaderMap::new();
    OkxDialect::new(Environment::Live).sign(&input, &creds(), &mut h).unwrap();
    h
}

#[test]
fn vector_v1_python_okx_body_with_space() {
    let body = br#"{"amt": "10"}"#;
    assert_eq!(body.len(), 13);
    assert_eq!(sign(&Method::POST, REDEEM, "", body)["ok-access-sign"], "m3+d1yrL5CQG0tGEsHWBSmfDMqZCV6Ex71eHHcRJGO8=");
}

#[test]
fn vector_v2_compact_body_as_this_crate_serializes_it() {
    use earn_core::http::ApiRequest;
    let body = Redeem::new(StakingCoin::Eth, amt("10")).body().unwrap().unwrap();
    assert_eq!(body.as_ref(), br#"{"amt":"10"}"#);
    assert_eq!(
        sign(&Method::POST, REDEEM, "", &body)["ok-access-sign"],
        "/GIHao5GEizCLMCCFK2/RCiq7Q2hx7ERv0DhiYK6smY="
    );
}

#[test]
fn vector_v3_get_with_query_as_this_crate_builds_it() {
    use earn_core::http::ApiRequest;
    let q = GetPurchaseRedeemHistory::new(StakingCoin::Eth).r#type(HistoryType::Redeem).limit(10).query();
    assert_eq!(q.as_str(), "type=redeem&limit=10");
    assert_eq!(
        sign(&Method::GET, HISTORY, q.as_str(), b"")["ok-access-sign"],
        "y2rLt7GDl4HaWTiUq95DR15zPSS7nflNb0ko/k1fIIc="
    );
}

#[test]
fn vector_f1_transfer_with_client_id_as_this_crate_serializes_it() {
    use earn_core::http::ApiRequest;
    use okx_staking::api::asset::{AccountType, TransferFunds};
    let request = TransferFunds::new("BETH", amt("0.5"), AccountType::Trading, AccountType::Funding)
        .client_id("ethRedeemPrep001");
    let body = request.body().unwrap().unwrap();
    assert_eq!(body.as_ref(), br#"{"ccy":"BETH","amt":"0.5","from":"18","to":"6","clientId":"ethRedeemPrep001"}"#);
    assert_eq!(body.len(), 77);
    let h = sign_at("2026-02-10T08:30:00.125Z", &Method::POST, request.endpoint().path, "", &body);
    assert_eq!(h["ok-access-sign"], "JhGrAnXYGc0SkCkIgAwe0o+2k1gi8rhSAaM3Jx9lIbo=");
}

#[test]
fn vector_f2_transfer_state_by_client_id_as_this_crate_builds_it() {
    use earn_core::http::ApiRequest;
    use okx_staking::api::asset::GetTransferState;
    let request = GetTransferState::by_client_id("ethRedeemPrep001");
    let q = request.query();
    assert_eq!(q.as_str(), "clientId=ethRedeemPrep001");
    let h = sign_at("2026-02-10T08:30:02.480Z", &Method::GET, request.endpoint().path, q.as_str(), b"");
    assert_eq!(h["ok-access-sign"], "JC43s7ST7det2RtAdhUVT3y9EOaN1sUGn8PgGMFeAWI=");
}

#[test]
fn four_headers_with_the_iso_timestamp_and_secrets_marked_sensitive() {
    let h = sign(&Method::POST, REDEEM, "", br#"{"amt":"10"}"#);
    assert_eq!(h["ok-access-timestamp"], TS);
    assert_eq!(h["ok-access-key"], "k");
    assert_eq!(h["ok-access-passphrase"], "p");
    assert!(h["ok-access-sign"].is_sensitive() && h["ok-access-key"].is_sensitive());
    assert!(h["ok-access-passphrase"].is_sensitive() && !h["ok-access-timestamp"].is_sensitive());
    let method = Method::POST;
    let input = SigningInput { method: &method, path: REDEEM, query: "", body: b"", timestamp: UnixMillis(0) };
    let err = OkxDialect::new(Environment::Live).sign(&input, &Credentials::new("k", "s"), &mut HeaderMap::new());
    assert_eq!(err.unwrap_err().kind(), ErrorKind::Config, "a passphrase is required");
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
    assert_eq!(OkxDialect::new(Environment::Demo).environment(), Environment::Demo);
}

#[tokio::test]
async fn what_is_sent_is_what_is_signed() {
    // An independent HMAC over the raw request target and body, for a GET with a query and
    // a POST with a body.
    let server = MockServer::start().await;
    signed("GET", HISTORY)
        .and(ExactQuery("type=redeem&limit=10"))
        .respond_with(ok("[]"))
        .expect(1)
        .mount(&server)
        .await;
    signed("POST", REDEEM).and(BodyBytes(r#"{"amt":"10"}"#)).respond_with(ok("[]")).expect(1).mount(&server).await;
    let c = client(&server);
    c.send(&GetPurchaseRedeemHistory::new(StakingCoin::Eth).r#type(HistoryType::Redeem).limit(10)).await.unwrap();
    c.send(&Redeem::new(StakingCoin::Eth, amt("10"))).await.unwrap();
    assert_all_signed(&server).await;
}

/// Sends `GET path` to `addr` with `headers` (each `Name: value`) besides `Host`.
fn raw_get(addr: std::net::SocketAddr, path: &str, headers: &[String]) {
    use std::io::{Read as _, Write as _};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    let extra: String = headers.iter().map(|h| format!("{h}\r\n")).collect();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{extra}Connection: close\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    s.read_to_end(&mut answer).unwrap();
}

/// Whether `assert_all_signed` panics on what `server` received, and its message.
async fn assert_all_signed_panics(server: MockServer) -> Option<String> {
    match tokio::spawn(async move { assert_all_signed(&server).await }).await {
        Ok(()) => None,
        Err(e) => {
            let payload = e.into_panic();
            Some(
                payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default(),
            )
        }
    }
}

/// Guards the guard: a private request carrying no signature header at all must fail
/// `assert_all_signed`. It used to skip any request without `OK-ACCESS-TIMESTAMP`, so a
/// client that forgot to sign a private call passed every test that relied on it.
#[tokio::test]
async fn assert_all_signed_fails_on_an_unsigned_private_request() {
    let server = MockServer::start().await;
    let addr = *server.address();
    tokio::task::spawn_blocking(move || raw_get(addr, "/api/v5/finance/savings/balance?ccy=USDT", &[])).await.unwrap();
    let message = assert_all_signed_panics(server).await.expect("an unsigned private request passed");
    assert!(message.contains("unsigned"), "{message}");
}

/// The other side: an unsigned request on a public path passes, and a signed one to a
/// public path fails (public endpoints must not be sent credentials).
#[tokio::test]
async fn assert_all_signed_accepts_unsigned_public_requests_only() {
    let server = MockServer::start().await;
    let addr = *server.address();
    tokio::task::spawn_blocking(move || raw_get(addr, "/api/v5/public/time", &[])).await.unwrap();
    assert_eq!(assert_all_signed_panics(server).await, None);

    let server = MockServer::start().await;
    let addr = *server.address();
    let ts = UnixMillis::now_local().to_iso8601();
    let headers = vec![
        format!("OK-ACCESS-KEY: {KEY}"),
        format!("OK-ACCESS-SIGN: {}", expected_sign(&ts, "GET", "/api/v5/public/time", b"")),
        format!("OK-ACCESS-TIMESTAMP: {ts}"),
        format!("OK-ACCESS-PASSPHRASE: {PASSPHRASE}"),
    ];
    tokio::task::spawn_blocking(move || raw_get(addr, "/api/v5/public/time", &headers)).await.unwrap();
    let message = assert_all_signed_panics(server).await.expect("a signed public request passed");
    assert!(message.contains("authentication headers"), "{message}");
}
