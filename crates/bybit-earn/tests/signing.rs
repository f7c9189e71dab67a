//! The reference's signature vectors (a)–(d) and `bybit-account-transfer.md` §7 (T1, T2),
//! computed through the dialect's public `sign`, and the headers a real request carries.

mod common;

use std::time::Duration;

use bybit_earn::BybitDialect;
use bybit_earn::api::asset::{CreateInternalTransfer, GetInternalTransfers};
use bybit_earn::api::common::AccountType;
use bybit_earn::api::easy_earn::{EarnCategory, GetPositions, GetProducts};
use common::*;
use earn_core::http::{ApiRequest, Dialect, HeaderMap, Method, SigningInput};
use earn_core::{Credentials, UnixMillis};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

const TS: UnixMillis = UnixMillis(1_739_936_605_822);

/// The headers the dialect signs a request with.
fn signed(method: &Method, query: &str, body: &str) -> HeaderMap {
    signed_at(TS, method, query, body)
}

/// The headers the dialect signs a request with at `ts`.
fn signed_at(ts: UnixMillis, method: &Method, query: &str, body: &str) -> HeaderMap {
    let dialect = BybitDialect::new(Duration::from_secs(5));
    let input = SigningInput { method, path: "/v5/earn/x", query, body: body.as_bytes(), timestamp: ts };
    let mut headers = HeaderMap::new();
    dialect.sign(&input, &Credentials::new(KEY, SECRET), &mut headers).unwrap();
    headers
}

fn sig_post(body: &str) -> String {
    signed(&Method::POST, "", body)["X-BAPI-SIGN"].to_str().unwrap().to_owned()
}

fn sig_get(query: &str) -> String {
    signed(&Method::GET, query, "")["X-BAPI-SIGN"].to_str().unwrap().to_owned()
}

#[test]
fn vector_a_pybit_spaced_body() {
    let body = r#"{"category": "FlexibleSaving", "orderType": "Redeem", "accountType": "FUND", "amount": "0.35", "coin": "BTC", "productId": "430", "orderLinkId": "btc-earn-001"}"#;
    assert_eq!(body.len(), 160);
    assert_eq!(sig_post(body), "3f1fd8f16547135c6c4751a381668774fe05c6e1f741fb4ba85c27ee09b98d8e");
}

#[test]
fn vector_b_compact_body() {
    let body = r#"{"category":"FlexibleSaving","orderType":"Redeem","accountType":"FUND","amount":"0.35","coin":"BTC","productId":"430","orderLinkId":"btc-earn-001"}"#;
    assert_eq!(body.len(), 147);
    assert_eq!(sig_post(body), "9ac3816943fda1f855e967db17d688a532ff95408361034204d6ef6e8aa361f0");
}

#[test]
fn vector_c_position_query() {
    assert_eq!(
        sig_get("category=FlexibleSaving&coin=BTC"),
        "c73c7f987aa854f7719040ee8909b264cf6e766363a7230976af786f015c5fb6"
    );
}

#[test]
fn vector_d_product_query() {
    assert_eq!(sig_get("category=OnChain"), "eeaeb51a02868d8dc546197156ffce4c620b1520da8f759a8b956ff8dab3deb4");
}

/// `bybit-account-transfer.md` §7 T1: the internal transfer, body as pybit serializes it
/// (144 bytes, spaced separators).
#[test]
fn vector_t1_internal_transfer_pybit_body() {
    let body = r#"{"transferId": "7c9b4c2e-5d1a-4f3e-9b8a-1e2d3c4b5a69", "coin": "USDT", "amount": "250.5", "fromAccountType": "UNIFIED", "toAccountType": "FUND"}"#;
    assert_eq!(body.len(), 144);
    let sig =
        signed_at(UnixMillis(1_770_712_200_125), &Method::POST, "", body)["X-BAPI-SIGN"].to_str().unwrap().to_owned();
    assert_eq!(sig, "a5a1b619bc99dda8cc6d5df63b7834703955ee17707589bbe36e08d1317db245");
}

/// T1's transfer as this crate builds it: the same fields in the same order, compact; the
/// signature covers exactly those bytes (checked with an independent HMAC).
#[test]
fn vector_t1_transfer_as_this_crate_sends_it() {
    let t = CreateInternalTransfer::new(
        "USDT",
        earn_core::Amount::parse("250.5").unwrap(),
        AccountType::Unified,
        AccountType::Fund,
    )
    .transfer_id("7c9b4c2e-5d1a-4f3e-9b8a-1e2d3c4b5a69");
    let body = t.body().unwrap().unwrap();
    let compact = r#"{"transferId":"7c9b4c2e-5d1a-4f3e-9b8a-1e2d3c4b5a69","coin":"USDT","amount":"250.5","fromAccountType":"UNIFIED","toAccountType":"FUND"}"#;
    assert_eq!(body, compact);
    let ts = UnixMillis(1_770_712_200_125);
    let sig = signed_at(ts, &Method::POST, "", compact)["X-BAPI-SIGN"].to_str().unwrap().to_owned();
    assert_eq!(sig, hmac_hex(format!("{}{KEY}5000{compact}", ts.0).as_bytes()));
}

/// T2: the transfer-record lookup by `transferId`, its query built by the request itself.
#[test]
fn vector_t2_transfer_records_by_id() {
    let q = GetInternalTransfers::new().transfer_id("7c9b4c2e-5d1a-4f3e-9b8a-1e2d3c4b5a69").query();
    assert_eq!(q.as_str(), "transferId=7c9b4c2e-5d1a-4f3e-9b8a-1e2d3c4b5a69");
    let sig = signed_at(UnixMillis(1_770_712_202_480), &Method::GET, q.as_str(), "")["X-BAPI-SIGN"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(sig, "d7144b2c603a39c4af24ca8efd263a0d8ca08309d42c248a98021c7c36ff5019");
}

#[test]
fn the_independent_helper_agrees_with_the_vectors() {
    let pre = format!("{}{KEY}5000category=OnChain", TS.0);
    assert_eq!(hmac_hex(pre.as_bytes()), sig_get("category=OnChain"));
}

#[test]
fn signed_headers_carry_key_time_window_and_sign_type_and_hide_secrets() {
    let h = signed(&Method::GET, "category=OnChain", "");
    assert_eq!(h["X-BAPI-API-KEY"], KEY);
    assert_eq!(h["X-BAPI-TIMESTAMP"], "1739936605822");
    assert_eq!(h["X-BAPI-RECV-WINDOW"], "5000");
    assert_eq!(h["X-BAPI-SIGN-TYPE"], "2");
    assert!(h["X-BAPI-API-KEY"].is_sensitive() && h["X-BAPI-SIGN"].is_sensitive(), "kept out of logs");
    assert!(!format!("{h:?}").contains(KEY));
}

#[tokio::test]
async fn private_reads_are_signed_over_the_exact_query_and_public_ones_are_not_signed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v5/earn/position"))
        .and(QueryIs("category=FlexibleSaving&coin=BTC"))
        .and(Signed)
        .respond_with(ok(r#"{"list":[]}"#))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v5/earn/product"))
        .and(QueryIs("category=OnChain"))
        .and(Unsigned)
        .respond_with(ok(r#"{"list":[]}"#))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    c.send(&GetPositions::new(EarnCategory::FlexibleSaving).coin("BTC")).await.unwrap();
    c.send(&GetProducts::new(EarnCategory::OnChain)).await.unwrap();
    let r = &received(&server, "/v5/earn/position").await[0];
    assert_eq!(header(r, "x-bapi-sign-type"), Some("2"));
    assert!(r.body.is_empty(), "a GET never carries a body");
}
