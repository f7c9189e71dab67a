//! Bybit V5 signature, time-window and envelope checks, over raw bytes.

mod common;

use common::*;
use reqwest::Method;

const PLACE: &str = "/v5/earn/place-order";

#[tokio::test]
async fn compact_and_spaced_bodies_both_verify() {
    let sim = unlimited().await;
    let compact = bybit_order("FlexibleSaving", "Stake", "BTC", "430", "0.01", "link-compact");
    let spaced = r#"{"category": "FlexibleSaving", "orderType": "Stake", "accountType": "FUND", "amount": "0.01", "coin": "BTC", "productId": "430", "orderLinkId": "link-spaced"}"#;
    for body in [compact.as_str(), spaced] {
        let a = bybit_post(&sim, PLACE, body).await;
        assert_eq!((a.status, a.ret_code()), (200, 0), "{body}: {:?}", a.body);
        assert!(a.body["result"]["orderId"].as_str().is_some_and(|id| id.len() == 36));
        assert!(a.body["time"].is_i64() && a.body["retExtInfo"].is_object());
    }
    assert_eq!(sim.applied_writes(PLACE), 2);
}

#[tokio::test]
async fn get_signs_the_raw_query() {
    let sim = unlimited().await;
    let a = bybit_get(&sim, "/v5/earn/position", "category=FlexibleSaving&coin=BTC").await;
    assert_eq!(a.ret_code(), 0, "{:?}", a.body);
    let creds = sim.bybit_credentials();
    let ts = sim.clock().now_ms().to_string();
    // Signed over a different parameter order than sent: rejected.
    let sign = bybit_sign(&creds.secret, &ts, &creds.api_key, "5000", "coin=BTC&category=FlexibleSaving");
    let request = reqwest::Client::new()
        .get(format!("{}/v5/earn/position?category=FlexibleSaving&coin=BTC", sim.base_url()))
        .header("X-BAPI-API-KEY", &creds.api_key)
        .header("X-BAPI-SIGN", sign)
        .header("X-BAPI-TIMESTAMP", ts)
        .header("X-BAPI-RECV-WINDOW", "5000");
    let a = send(request).await;
    assert_eq!((a.status, a.ret_code()), (200, 10004));
    assert!(a.body["retMsg"].as_str().unwrap().starts_with("error sign!"));
    assert!(!a.body["retMsg"].as_str().unwrap().contains(&creds.secret));
}

#[tokio::test]
async fn time_window_and_bad_credentials_are_rejected() {
    let sim = unlimited().await;
    let now = sim.clock().now_ms();
    let body = bybit_order("FlexibleSaving", "Stake", "BTC", "430", "0.01", "t1");
    let at = |ts| bybit_request(&sim, ts, Method::POST, PLACE, "", &body);
    let stale = send(at(now - 6_000)).await;
    assert_eq!(stale.ret_code(), 10002);
    assert!(stale.body["retMsg"].as_str().unwrap().contains("recv_window[5000]"));
    assert_eq!(send(at(now + 1_500)).await.ret_code(), 10002, "more than 1 s ahead fails whatever the window");

    sim.clock().set_skew_ms(-30_000);
    assert_eq!(send(at(now)).await.ret_code(), 10002, "client clock ahead of a skewed venue");
    let time = reqwest::get(format!("{}/v5/market/time", sim.base_url())).await.unwrap();
    let time: serde_json::Value = serde_json::from_slice(&time.bytes().await.unwrap()).unwrap();
    let seconds: i64 = time["result"]["timeSecond"].as_str().unwrap().parse().unwrap();
    let nanos: i128 = time["result"]["timeNano"].as_str().unwrap().parse().unwrap();
    assert!(seconds * 1000 <= now - 29_000);
    assert_eq!(nanos / 1_000_000_000, i128::from(seconds));
    assert_eq!(send(at(time["time"].as_i64().unwrap())).await.ret_code(), 0);

    let missing = send(reqwest::Client::new().post(format!("{}{PLACE}", sim.base_url())).body(body.clone())).await;
    assert_eq!((missing.status, missing.ret_code()), (401, 10003));
    assert_eq!(sim.applied_writes(PLACE), 1);
}
