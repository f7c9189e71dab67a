//! Fault injection: every kind, selection by count, and drop-after-apply.

mod common;

use std::time::{Duration, Instant};

use common::*;
use earn_sim::{Fault, SimVenue};

const ETH_PURCHASE: &str = "/api/v5/finance/staking-defi/eth/purchase";
const PLACE: &str = "/v5/earn/place-order";

async fn raw_post(sim: &earn_sim::Simulator, path: &str, body: &str) -> reqwest::Response {
    okx_post_request(sim, path, body).send().await.unwrap()
}

#[tokio::test]
async fn status_fault_answers_html_before_the_ledger() {
    let sim = unlimited().await;
    sim.inject(Fault::on(ETH_PURCHASE).nth(2).status(503));
    assert_eq!(okx_post(&sim, ETH_PURCHASE, r#"{"amt":"1"}"#).await.code(), "0");
    let faulted = raw_post(&sim, ETH_PURCHASE, r#"{"amt":"1"}"#).await;
    assert_eq!(faulted.status().as_u16(), 503);
    assert!(faulted.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(String::from_utf8_lossy(&faulted.bytes().await.unwrap()).contains("<html>"));
    assert_eq!(okx_post(&sim, ETH_PURCHASE, r#"{"amt":"1"}"#).await.code(), "0", "only the 2nd request");
    assert_eq!(sim.applied_writes(ETH_PURCHASE), 2);
    assert_eq!(sim.requests(ETH_PURCHASE), 3);
    assert_eq!(sim.balance(SimVenue::OkxExchange, "ETH"), dec("8"));
}

#[tokio::test]
async fn rate_limit_fault_uses_each_venues_own_error() {
    let sim = unlimited().await;
    sim.inject(Fault::on(ETH_PURCHASE).times(2).rate_limit());
    sim.inject(Fault::on(PLACE).always().rate_limit());
    for _ in 0..2 {
        let a = okx_post(&sim, ETH_PURCHASE, r#"{"amt":"1"}"#).await;
        assert_eq!((a.status, a.code()), (429, "50011"));
    }
    assert_eq!(okx_post(&sim, ETH_PURCHASE, r#"{"amt":"1"}"#).await.code(), "0");
    for link in ["a", "b", "c"] {
        let a = bybit_post(&sim, PLACE, &bybit_order("FlexibleSaving", "Stake", "BTC", "430", "0.1", link)).await;
        assert_eq!((a.status, a.ret_code()), (200, 10006));
        assert_eq!(a.headers["x-bapi-limit"], "5");
        assert_eq!(a.headers["x-bapi-limit-status"], "0");
    }
    assert_eq!((sim.applied_writes(ETH_PURCHASE), sim.applied_writes(PLACE)), (1, 0));
    assert_eq!(sim.balance(SimVenue::Bybit, "BTC"), dec("1"));
    assert_eq!(sim.rate_limited(), 0, "injected faults are not limiter rejections");
    sim.clear_faults();
    let a = bybit_post(&sim, PLACE, &bybit_order("FlexibleSaving", "Stake", "BTC", "430", "0.1", "d")).await;
    assert_eq!(a.ret_code(), 0);
}

#[tokio::test]
async fn malformed_and_truncated_bodies_apply_first() {
    let sim = unlimited().await;
    sim.inject(Fault::on(ETH_PURCHASE).nth(1).malformed_body());
    sim.inject(Fault::on(PLACE).nth(1).truncated_body());
    let malformed = raw_post(&sim, ETH_PURCHASE, r#"{"amt":"1"}"#).await;
    assert_eq!(malformed.status().as_u16(), 200);
    let bytes = malformed.bytes().await.unwrap();
    assert!(serde_json::from_slice::<serde_json::Value>(&bytes).is_err());
    assert_eq!(sim.applied_writes(ETH_PURCHASE), 1);
    assert_eq!(sim.balance(SimVenue::OkxExchange, "BETH"), dec("1"));

    let body = bybit_order("FlexibleSaving", "Stake", "BTC", "430", "0.1", "trunc-1");
    let truncated = bybit_request(&sim, sim.clock().now_ms(), reqwest::Method::POST, PLACE, "", &body);
    let truncated = truncated.send().await.unwrap();
    assert_eq!(truncated.status().as_u16(), 200);
    let bytes = truncated.bytes().await.unwrap();
    assert!(bytes.starts_with(b"{") && serde_json::from_slice::<serde_json::Value>(&bytes).is_err());
    assert_eq!(sim.applied_writes(PLACE), 1);
    // The order exists: reconciliation by orderLinkId finds it.
    let order = bybit_get(&sim, "/v5/earn/order", "category=FlexibleSaving&orderLinkId=trunc-1").await;
    assert_eq!(order.body["result"]["list"][0]["orderValue"], "0.1");
}

#[tokio::test]
async fn latency_delays_the_answer_after_applying() {
    let sim = unlimited().await;
    sim.inject(Fault::on(ETH_PURCHASE).nth(1).latency(Duration::from_millis(400)));
    let client = reqwest::Client::builder().timeout(Duration::from_millis(100)).build().unwrap();
    let ts = okx_timestamp(sim.clock().now_ms());
    let creds = sim.okx_credentials();
    let body = r#"{"amt":"1"}"#;
    let result = client
        .post(format!("{}{ETH_PURCHASE}", sim.base_url()))
        .header("OK-ACCESS-KEY", &creds.api_key)
        .header("OK-ACCESS-SIGN", okx_sign(&creds.secret, &ts, "POST", ETH_PURCHASE, body))
        .header("OK-ACCESS-TIMESTAMP", &ts)
        .header("OK-ACCESS-PASSPHRASE", creds.passphrase.clone().unwrap())
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await;
    assert!(result.is_err_and(|e| e.is_timeout()), "the client gave up first");
    assert_eq!(sim.applied_writes(ETH_PURCHASE), 1, "yet the write was applied");

    sim.inject(Fault::on("/api/v5/public/time").nth(1).latency(Duration::from_millis(150)));
    let started = Instant::now();
    let time = reqwest::get(format!("{}/api/v5/public/time", sim.base_url())).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert_eq!(time.status().as_u16(), 200);
}

#[tokio::test]
async fn drop_after_apply_closes_the_connection_without_a_response() {
    let sim = unlimited().await;
    sim.inject(Fault::on(ETH_PURCHASE).nth(1).drop_after_apply());
    sim.inject(Fault::on(PLACE).nth(1).drop_after_apply());
    let request = okx_post_request(&sim, ETH_PURCHASE, r#"{"amt":"2"}"#);
    let error = request.send().await.expect_err("no response may arrive");
    assert!(!error.is_timeout() && error.status().is_none(), "{error:?}");
    assert_eq!(sim.applied_writes(ETH_PURCHASE), 1);
    assert_eq!(sim.balance(SimVenue::OkxExchange, "ETH"), dec("8"));
    let history = okx_get(&sim, "/api/v5/finance/staking-defi/eth/purchase-redeem-history?type=purchase").await;
    assert_eq!(history.body["data"][0]["amt"], "2", "the dropped write is visible for reconciliation");

    let body = bybit_order("FlexibleSaving", "Stake", "BTC", "430", "0.5", "drop-1");
    let request = bybit_request(&sim, sim.clock().now_ms(), reqwest::Method::POST, PLACE, "", &body);
    assert!(request.send().await.is_err());
    assert_eq!(sim.applied_writes(PLACE), 1);
    let resend = bybit_post(&sim, PLACE, &body).await;
    assert_eq!(resend.ret_code(), 180025, "a blind resend is refused as a duplicate");
    assert_eq!(sim.balance(SimVenue::Bybit, "BTC"), dec("0.5"));
    assert_eq!(sim.requests(PLACE), 2);
}

#[tokio::test]
async fn a_bad_signature_neither_uses_up_nor_gets_a_fault() {
    let sim = unlimited().await;
    sim.inject(Fault::on(ETH_PURCHASE).nth(1).drop_after_apply());
    let wrong = earn_sim::DemoCredentials::new(&sim.okx_credentials().api_key, "not-the-secret")
        .with_passphrase(sim.okx_credentials().passphrase.clone().unwrap());
    let refused =
        okx_request(&sim, &wrong, sim.clock().now_ms(), reqwest::Method::POST, ETH_PURCHASE, r#"{"amt":"1"}"#);
    let refused = send(refused).await;
    assert_eq!((refused.status, refused.code()), (401, "50113"), "answered, not dropped");
    assert_eq!(sim.faults().len(), 1, "the fault is still armed");
    let request = okx_post_request(&sim, ETH_PURCHASE, r#"{"amt":"1"}"#);
    assert!(request.send().await.is_err(), "the first authenticated request is the one dropped");
    assert_eq!(sim.applied_writes(ETH_PURCHASE), 1);
    assert!(sim.faults().is_empty());
}

#[tokio::test]
async fn malformed_body_never_turns_an_auth_failure_into_200() {
    let sim = unlimited().await;
    sim.inject(Fault::on(PLACE).always().malformed_body());
    let stale = bybit_request(
        &sim,
        sim.clock().now_ms() - 60_000,
        reqwest::Method::POST,
        PLACE,
        "",
        &bybit_order("FlexibleSaving", "Stake", "BTC", "430", "0.1", "m-1"),
    );
    let stale = send(stale).await;
    assert_eq!((stale.status, stale.ret_code()), (200, 10002), "the venue's own JSON error: {:?}", stale.body);
    let mut request = reqwest::Client::new().post(format!("{}{PLACE}", sim.base_url())).body("{}");
    request = request.header("Content-Type", "application/json");
    let unsigned = send(request).await;
    assert_eq!((unsigned.status, unsigned.ret_code()), (401, 10003));
    assert_eq!(sim.applied_writes(PLACE), 0);
    let good = raw_bybit(&sim, &bybit_order("FlexibleSaving", "Stake", "BTC", "430", "0.1", "m-2")).await;
    assert!(serde_json::from_slice::<serde_json::Value>(&good).is_err(), "an authenticated write gets the garbage");
    assert_eq!(sim.applied_writes(PLACE), 1);
}

async fn raw_bybit(sim: &earn_sim::Simulator, body: &str) -> bytes::Bytes {
    let request = bybit_request(sim, sim.clock().now_ms(), reqwest::Method::POST, PLACE, "", body);
    request.send().await.unwrap().bytes().await.unwrap()
}
