//! OKX exchange signature and envelope checks, over raw bytes.

mod common;

use common::*;
use earn_sim::DemoCredentials;
use reqwest::Method;

const PURCHASE: &str = "/api/v5/finance/staking-defi/eth/purchase";

#[tokio::test]
async fn compact_and_spaced_bodies_both_verify() {
    let sim = unlimited().await;
    for body in [r#"{"amt":"1"}"#, r#"{"amt": "1"}"#, "{\n  \"amt\" : \"1\"\n}"] {
        let a = okx_post(&sim, PURCHASE, body).await;
        assert_eq!((a.status, a.code()), (200, "0"), "{body}: {:?}", a.body);
        assert_eq!(a.body["data"], serde_json::json!([]));
    }
    assert_eq!(sim.applied_writes(PURCHASE), 3);
}

#[tokio::test]
async fn get_signature_covers_the_query_as_sent() {
    let sim = unlimited().await;
    let target = "/api/v5/finance/staking-defi/eth/purchase-redeem-history?type=redeem&limit=10";
    let a = okx_get(&sim, target).await;
    assert_eq!((a.status, a.code()), (200, "0"));
    // Signed without the query, sent with it: rejected.
    let ts = sim.clock().now_ms();
    let creds = sim.okx_credentials();
    let stamp = okx_timestamp(ts);
    let wrong = okx_sign(&creds.secret, &stamp, "GET", "/api/v5/finance/staking-defi/eth/purchase-redeem-history", "");
    let request = reqwest::Client::new()
        .get(format!("{}{target}", sim.base_url()))
        .header("OK-ACCESS-KEY", &creds.api_key)
        .header("OK-ACCESS-SIGN", wrong)
        .header("OK-ACCESS-TIMESTAMP", stamp)
        .header("OK-ACCESS-PASSPHRASE", creds.passphrase.clone().unwrap());
    let a = send(request).await;
    assert_eq!((a.status, a.code()), (401, "50113"));
}

#[tokio::test]
async fn wrong_secret_stale_clock_and_bad_headers_are_rejected() {
    let sim = unlimited().await;
    let now = sim.clock().now_ms();
    let good = sim.okx_credentials().clone();
    let body = r#"{"amt":"1"}"#;

    let wrong_secret = DemoCredentials { secret: "not-the-secret".into(), ..good.clone() };
    let a = send(okx_request(&sim, &wrong_secret, now, Method::POST, PURCHASE, body)).await;
    assert_eq!((a.status, a.code()), (401, "50113"));
    assert!(a.body.get("data").is_none(), "auth errors carry no data: {:?}", a.body);

    let wrong_pass = DemoCredentials { passphrase: Some("nope".into()), ..good.clone() };
    let a = send(okx_request(&sim, &wrong_pass, now, Method::POST, PURCHASE, body)).await;
    assert_eq!((a.status, a.code()), (401, "50105"));

    let unknown = DemoCredentials { api_key: "who".into(), ..good.clone() };
    let a = send(okx_request(&sim, &unknown, now, Method::POST, PURCHASE, body)).await;
    assert_eq!((a.status, a.code()), (401, "50111"));

    let a = send(okx_request(&sim, &good, now - 31_000, Method::POST, PURCHASE, body)).await;
    assert_eq!((a.status, a.code()), (401, "50102"));

    // The venue clock moves ahead: a client on local time is now stale.
    sim.clock().set_skew_ms(60_000);
    let local = now;
    let a = send(okx_request(&sim, &good, local, Method::POST, PURCHASE, body)).await;
    assert_eq!((a.status, a.code()), (401, "50102"));
    let time = reqwest::get(format!("{}/api/v5/public/time", sim.base_url())).await.unwrap();
    let time: serde_json::Value = serde_json::from_slice(&time.bytes().await.unwrap()).unwrap();
    let venue_ts: i64 = time["data"][0]["ts"].as_str().unwrap().parse().unwrap();
    assert!(venue_ts >= local + 59_000, "public/time reports the skewed clock");
    let a = send(okx_request(&sim, &good, venue_ts, Method::POST, PURCHASE, body)).await;
    assert_eq!(a.code(), "0", "resynced client is accepted");

    let demo = okx_request(&sim, &good, venue_ts, Method::POST, PURCHASE, body).header("x-simulated-trading", "1");
    assert_eq!(send(demo).await.code(), "50101", "demo-trading header with a live key");
    let live =
        okx_request(&sim, &good, venue_ts, Method::GET, "/api/v5/asset/bills", "").header("x-simulated-trading", "0");
    assert_eq!(send(live).await.code(), "0", "python-okx sends 0 in production");

    let bare = reqwest::Client::new().post(format!("{}{PURCHASE}", sim.base_url())).body(body);
    let a = send(bare).await;
    assert_eq!((a.status, a.code()), (401, "50103"));
    assert_eq!(sim.applied_writes(PURCHASE), 1);
}

#[tokio::test]
async fn malformed_requests_get_okx_codes_and_statuses() {
    let sim = unlimited().await;
    let cases = [
        (r#"{}"#, 400, "50014"),
        (r#"{"amt":""}"#, 400, "50014"),
        (r#"{"amt":1}"#, 400, "51000"),
        (r#"{"amt":"1e3"}"#, 400, "51000"),
        (r#"{"amt":"-1"}"#, 400, "51000"),
        (r#"{"amt":"0.123456789"}"#, 400, "51000"),
        (r#"{"amt":"1""#, 400, "50002"),
        ("", 400, "50000"),
        (r#"{"amt":"0.0001"}"#, 200, "51727"),
        (r#"{"amt":"11"}"#, 200, "51736"),
    ];
    for (body, status, code) in cases {
        let a = okx_post(&sim, PURCHASE, body).await;
        assert_eq!((a.status, a.code()), (status, code), "{body}: {:?}", a.body);
        assert!(a.body["msg"].as_str().is_some_and(|m| !m.is_empty()));
    }
    assert_eq!(sim.applied_writes(PURCHASE), 0);
    assert_eq!(sim.balance(earn_sim::SimVenue::OkxExchange, "ETH"), dec("10"));
}
