//! The reference's signature vectors (a1, a2, b) and the signed bytes of real requests.

mod common;

use common::*;
use earn_core::Credentials;
use okx_common::sign::{presign, signature};
use okx_web3_defi::api::v5_calculator::GetRedeemInfo;
use okx_web3_defi::api::v6_product::GetSupportedChains;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

const TS: &str = "2026-01-15T23:28:04.872Z";
const PATH: &str = "/api/v5/defi/calculator/redeem-info";

/// `OK-ACCESS-SIGN` through okx-common, the code this crate's dialect signs with.
fn sig(c: &Credentials, ts: &str, method: &str, path: &str, query: &str, body: &[u8]) -> String {
    signature(c, ts, method, path, query, body)
}

fn seed_body() -> &'static str {
    include_str!("fixtures/seed_002_request.json")
}

#[test]
fn vector_a1_signs_the_seed_body_byte_for_byte() {
    assert_eq!(seed_body().len(), 288);
    let s = sig(&credentials(), TS, "POST", PATH, "", seed_body().as_bytes());
    assert_eq!(s, "Of9DaW4oZI2Twxb6me421K4/quye2+knK/hltf5c8LQ=");
    assert_eq!(s, expected_signature(SECRET, &presign(TS, "POST", PATH, "", seed_body().as_bytes())));
}

#[test]
fn vector_a2_is_what_this_client_sends_for_the_seed_request() {
    let req: GetRedeemInfo = serde_json::from_str(seed_body()).unwrap();
    let compact = serde_json::to_string(&req).unwrap();
    assert_eq!(compact.len(), 251);
    assert_eq!(
        compact,
        r#"{"address":"0x7f****da","inputTokenAmount":"1.000000146425127036","investmentCategory":"0","investmentId":"21033","isSingle":false,"outputTokenAddress":"0x6b175474e89094c44da98b954eedeac495271d0f","outputTokenDecimal":"18","redeemId":"","slippage":""}"#
    );
    let s = sig(&credentials(), TS, "post", PATH, "", compact.as_bytes());
    assert_eq!(s, "Al7Efidiw4mfV0NwWG0C6/0SarB3k+hL8r7GBQhZFD4=");
}

#[test]
fn vector_b_signs_the_query_string() {
    let pre = presign(TS, "GET", "/api/v5/defi/explore/product/detail", "investmentId=21010&investmentCategory=0", b"");
    assert_eq!(
        std::str::from_utf8(&pre).unwrap(),
        "2026-01-15T23:28:04.872ZGET/api/v5/defi/explore/product/detail?investmentId=21010&investmentCategory=0"
    );
    assert_eq!(expected_signature(SECRET, &pre), "oINVzuFA20okJ+y06LrAIA1MXu/SuvjbI+LCITiHYi4=");
    let s = sig(
        &credentials(),
        TS,
        "GET",
        "/api/v5/defi/explore/product/detail",
        "investmentId=21010&investmentCategory=0",
        b"",
    );
    assert_eq!(s, "oINVzuFA20okJ+y06LrAIA1MXu/SuvjbI+LCITiHYi4=");
}

#[test]
fn a_different_body_gives_a_different_signature() {
    let compact = serde_json::to_string(&serde_json::from_str::<serde_json::Value>(seed_body()).unwrap()).unwrap();
    assert_ne!(
        sig(&credentials(), TS, "POST", PATH, "", compact.as_bytes()),
        sig(&credentials(), TS, "POST", PATH, "", seed_body().as_bytes())
    );
}

#[tokio::test]
async fn a_live_request_is_signed_over_the_exact_bytes_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path(PATH)).respond_with(ok("{}")).mount(&server).await;
    let mut req: GetRedeemInfo = serde_json::from_str(seed_body()).unwrap();
    req.address = Some(EVM_WALLET.to_owned());
    client(&server).send(&req).await.unwrap();
    let r = only_request(&server).await;
    assert_signed(&r);
    assert_eq!(r.body, serde_json::to_vec(&req).unwrap());
}

#[tokio::test]
async fn secrets_never_show_in_debug_output() {
    let server = MockServer::start().await;
    let c = client(&server);
    let shown = format!("{c:?}");
    assert!(!shown.contains(SECRET) && !shown.contains(PASSPHRASE) && !shown.contains(PROJECT), "{shown}");
}

#[tokio::test]
async fn credentials_without_a_passphrase_are_a_configuration_error() {
    let server = MockServer::start().await;
    let c = okx_web3_defi::OkxWeb3DefiClient::builder()
        .base_url(server.uri())
        .credentials(earn_core::Credentials::new(KEY, SECRET))
        .build()
        .unwrap();
    let err = c.send(&GetSupportedChains).await.unwrap_err();
    assert_eq!(err.kind(), earn_core::ErrorKind::Config);
    assert_eq!(request_count(&server).await, 0);
}
