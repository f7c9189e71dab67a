//! Live and demo environments (OKX reference §1, §4.3; Bybit reference §1, §4): which key
//! works where, and what a demo key may do.

mod common;

use common::*;
use earn_sim::SimVenue;
use reqwest::Method;

const ETH: &str = "/api/v5/finance/staking-defi/eth";

fn demo(request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    request.header("x-simulated-trading", "1")
}

#[tokio::test]
async fn okx_demo_key_reads_and_its_writes_answer_50038() {
    let sim = unlimited().await;
    let key = sim.okx_demo_credentials().clone();
    let now = sim.clock().now_ms();
    let read = send(demo(okx_request(&sim, &key, now, Method::GET, &format!("{ETH}/product-info"), ""))).await;
    assert_eq!((read.status, read.code()), (200, "0"), "{:?}", read.body);
    let offers = send(demo(okx_request(&sim, &key, now, Method::GET, "/api/v5/finance/staking-defi/offers", ""))).await;
    assert_eq!(offers.body["data"][0]["investData"][0]["bal"], "500", "the demo account is seeded like the live one");
    let write =
        send(demo(okx_request(&sim, &key, now, Method::POST, &format!("{ETH}/purchase"), r#"{"amt":"1"}"#))).await;
    assert_eq!((write.status, write.code()), (200, "50038"), "{:?}", write.body);
    assert_eq!(write.body["data"], serde_json::json!([]));
    assert_eq!(sim.applied_writes(&format!("{ETH}/purchase")), 0);
    assert_eq!(sim.balance(SimVenue::OkxExchange, "ETH"), dec("10"), "the live account is untouched");
}

#[tokio::test]
async fn okx_keys_used_in_the_other_environment_answer_50101() {
    let sim = unlimited().await;
    let (live, demo_key) = (sim.okx_credentials().clone(), sim.okx_demo_credentials().clone());
    let now = sim.clock().now_ms();
    let balance = format!("{ETH}/balance");
    let live_in_demo = send(demo(okx_request(&sim, &live, now, Method::GET, &balance, ""))).await;
    assert_eq!((live_in_demo.status, live_in_demo.code()), (401, "50101"));
    let demo_in_live = send(okx_request(&sim, &demo_key, now, Method::GET, &balance, "")).await;
    assert_eq!((demo_in_live.status, demo_in_live.code()), (401, "50101"));
    let demo_flag_zero =
        okx_request(&sim, &demo_key, now, Method::GET, &balance, "").header("x-simulated-trading", "0");
    assert_eq!(send(demo_flag_zero).await.code(), "50101", "python-okx sends 0 in production");
    let live_flag_zero = okx_request(&sim, &live, now, Method::GET, &balance, "").header("x-simulated-trading", "0");
    assert_eq!(send(live_flag_zero).await.code(), "0");
}

#[tokio::test]
async fn okx_public_endpoints_answer_in_both_environments() {
    let sim = unlimited().await;
    for flag in ["0", "1"] {
        for target in ["/api/v5/public/time", "/api/v5/finance/staking-defi/sol/apy-history?days=2"] {
            let request =
                reqwest::Client::new().get(format!("{}{target}", sim.base_url())).header("x-simulated-trading", flag);
            let a = send(request).await;
            assert_eq!((a.status, a.code()), (200, "0"), "{target} with flag {flag}: {:?}", a.body);
        }
    }
}

#[tokio::test]
async fn bybit_demo_key_is_another_hosts_key() {
    let sim = unlimited().await;
    let key = sim.bybit_demo_credentials().clone();
    let ts = sim.clock().now_ms().to_string();
    let query = "category=FlexibleSaving";
    let request = reqwest::Client::new()
        .get(format!("{}/v5/earn/position?{query}", sim.base_url()))
        .header("X-BAPI-API-KEY", &key.api_key)
        .header("X-BAPI-SIGN", bybit_sign(&key.secret, &ts, &key.api_key, "5000", query))
        .header("X-BAPI-TIMESTAMP", &ts)
        .header("X-BAPI-RECV-WINDOW", "5000");
    let read = send(request).await;
    assert_eq!((read.status, read.ret_code()), (401, 10003), "{:?}", read.body);
    let public = public_get(&sim, "/v5/earn/product?category=FlexibleSaving").await;
    assert_eq!(public.ret_code(), 0);
}
