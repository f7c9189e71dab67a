//! Unknown paths and wrong methods answer each venue's JSON error, never an empty body.

mod common;

use common::*;

async fn call(sim: &earn_sim::Simulator, method: reqwest::Method, path: &str) -> Answer {
    let request = reqwest::Client::new().request(method, format!("{}{path}", sim.base_url()));
    send(request.header("Content-Type", "application/json")).await
}

#[tokio::test]
async fn okx_wrong_method_is_50115_and_unknown_path_a_json_404() {
    let sim = unlimited().await;
    let wrong = call(&sim, reqwest::Method::GET, "/api/v5/finance/staking-defi/eth/purchase").await;
    assert_eq!((wrong.status, wrong.code()), (405, "50115"), "{:?}", wrong.body);
    let unknown = call(&sim, reqwest::Method::GET, "/api/v5/finance/staking-defi/eth/nothing").await;
    assert_eq!((unknown.status, unknown.code()), (404, "404"));
    assert_eq!(sim.requests("/api/v5/finance/staking-defi/eth/purchase"), 1, "counted all the same");
}

#[tokio::test]
async fn bybit_unknown_route_is_10017_in_the_envelope() {
    let sim = unlimited().await;
    for (method, path) in [(reqwest::Method::GET, "/v5/earn/place-order"), (reqwest::Method::GET, "/v5/earn/nothing")] {
        let a = call(&sim, method, path).await;
        assert_eq!((a.status, a.ret_code()), (404, 10017), "{path}: {:?}", a.body);
        assert!(a.body["time"].is_i64() && a.body["result"].is_object());
    }
}

#[tokio::test]
async fn web3_wrong_method_and_unknown_path_are_json() {
    let sim = unlimited().await;
    let wrong = call(&sim, reqwest::Method::GET, "/api/v6/defi/transaction/enter").await;
    assert_eq!((wrong.status, wrong.body["code"].as_i64()), (405, Some(50115)));
    let unknown = call(&sim, reqwest::Method::POST, "/api/v6/defi/nothing").await;
    assert_eq!((unknown.status, unknown.body["code"].as_i64()), (404, Some(404)));
}

#[tokio::test]
async fn web3_stale_timestamp_is_50112() {
    let sim = unlimited().await;
    let creds = sim.web3_credentials().clone();
    let target = "/api/v6/defi/product/supported-chains";
    let stale = okx_request(&sim, &creds, sim.clock().now_ms() - 60_000, reqwest::Method::GET, target, "");
    let a = send(stale).await;
    assert_eq!((a.status, a.body["code"].as_i64()), (401, Some(50112)), "{:?}", a.body);
    let fresh = send(okx_request(&sim, &creds, sim.clock().now_ms(), reqwest::Method::GET, target, "")).await;
    assert_eq!(fresh.body["code"].as_i64(), Some(0));
}
