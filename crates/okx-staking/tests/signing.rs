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
