//! Rate limits: published per-endpoint figures, venue errors, counting.

mod common;

use std::time::{Duration, Instant};

use common::*;
use earn_sim::Simulator;

#[tokio::test]
async fn okx_limit_rejects_beyond_the_published_figure_and_counts() {
    let sim = Simulator::start().await.unwrap();
    let path = "/api/v5/public/time"; // 10 requests per 2 s per IP
    let client = reqwest::Client::new();
    let started = Instant::now();
    let mut rejected = 0;
    for _ in 0..14 {
        let response = client.get(format!("{}{path}", sim.base_url())).send().await.unwrap();
        if response.status().as_u16() == 429 {
            let body: serde_json::Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
            assert_eq!(body["code"], "50011");
            rejected += 1;
        }
    }
    let within_window = started.elapsed() < Duration::from_secs(2);
    assert_eq!(sim.rate_limited(), rejected, "every rejection is counted");
    assert_eq!(sim.requests(path), 14);
    if within_window {
        assert_eq!(rejected, 4, "exactly the requests beyond 10 in the 2 s window");
    } else {
        assert!(rejected >= 1, "a slow machine still exceeds 10 per 2 s with 14 requests in a burst");
    }
}

#[tokio::test]
async fn okx_private_limit_is_per_endpoint() {
    let sim = Simulator::start().await.unwrap();
    let purchase = "/api/v5/finance/staking-defi/eth/purchase"; // 2/s
    let balance = "/api/v5/finance/staking-defi/eth/balance"; // 6/s
    let started = Instant::now();
    let codes: Vec<String> =
        send_n_codes(&sim, purchase, 4).await.into_iter().chain(send_n_codes(&sim, balance, 3).await).collect();
    if started.elapsed() < Duration::from_secs(1) {
        let limited = codes.iter().filter(|c| *c == "50011").count();
        assert_eq!(limited, 2, "{codes:?}");
        assert_eq!(sim.applied_writes(purchase), 2);
    }
    assert_eq!(sim.rate_limited(), codes.iter().filter(|c| *c == "50011").count());
}

async fn send_n_codes(sim: &Simulator, path: &str, n: usize) -> Vec<String> {
    let mut codes = Vec::new();
    for _ in 0..n {
        let a = if path.ends_with("purchase") {
            okx_post(sim, path, r#"{"amt":"0.01"}"#).await
        } else {
            okx_get(sim, path).await
        };
        codes.push(a.code().to_owned());
    }
    codes
}

#[tokio::test]
async fn bybit_limit_answers_10006_with_limit_headers() {
    let sim = Simulator::start().await.unwrap();
    let started = Instant::now();
    let mut answers = Vec::new();
    for _ in 0..12 {
        answers.push(bybit_get(&sim, "/v5/earn/position", "category=FlexibleSaving").await); // 10/s
    }
    let ok = &answers[0];
    assert_eq!(ok.headers["x-bapi-limit"], "10");
    assert_eq!(ok.headers["x-bapi-limit-status"], "9");
    assert!(ok.headers.contains_key("x-bapi-limit-reset-timestamp"));
    let limited: Vec<_> = answers.iter().filter(|a| a.ret_code() == 10006).collect();
    assert!(limited.iter().all(|a| a.status == 200 && a.headers["x-bapi-limit-status"] == "0"));
    assert_eq!(sim.rate_limited(), limited.len());
    if started.elapsed() < Duration::from_secs(1) {
        assert_eq!(limited.len(), 2);
    }
}

#[tokio::test]
async fn limits_can_be_disabled() {
    let sim = unlimited().await;
    for _ in 0..15 {
        assert_eq!(okx_get(&sim, "/api/v5/finance/staking-defi/offers").await.code(), "0");
    }
    assert_eq!(sim.rate_limited(), 0);
}
