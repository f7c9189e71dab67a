//! Rate limits: published per-endpoint figures, venue errors, counting.
//!
//! The limiter runs on the simulator's manual clock here, so each burst is judged as sent in
//! one instant and the exact counts hold however loaded the machine is; the window is then
//! moved on by hand to show it admits again.

mod common;

use std::time::Duration;

use common::*;
use earn_sim::Simulator;

/// A simulator whose rate limits stand still until advanced by hand.
async fn frozen() -> Simulator {
    Simulator::builder().manual_rate_limit_clock(true).start().await.unwrap()
}

#[tokio::test]
async fn okx_limit_rejects_beyond_the_published_figure_and_counts() {
    let sim = frozen().await;
    let path = "/api/v5/public/time"; // 10 requests per 2 s per IP
    let client = reqwest::Client::new();
    // Sends one request; whether it was rejected (as OKX does: 429 with code 50011).
    let send = async || {
        let response = client.get(format!("{}{path}", sim.base_url())).send().await.unwrap();
        let rejected = response.status().as_u16() == 429;
        if rejected {
            let body: serde_json::Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
            assert_eq!(body["code"], "50011");
        }
        usize::from(rejected)
    };
    let mut rejected = 0;
    for _ in 0..14 {
        rejected += send().await;
    }
    assert_eq!(rejected, 4, "exactly the requests beyond 10 in the 2 s window");
    // 1.999 s later the window still holds the ten; at 2 s they have left it.
    assert!(sim.advance_rate_limit_clock(Duration::from_millis(1_999)));
    rejected += send().await;
    assert_eq!(rejected, 5);
    assert!(sim.advance_rate_limit_clock(Duration::from_millis(1)));
    for _ in 0..10 {
        rejected += send().await;
    }
    assert_eq!(rejected, 5, "the window moved on: ten admitted");
    rejected += send().await;
    assert_eq!(rejected, 6, "ten more admitted, the eleventh rejected");
    assert_eq!(sim.rate_limited(), 6, "every rejection is counted");
    assert_eq!(sim.requests(path), 26);
}

#[tokio::test]
async fn okx_private_limit_is_per_endpoint() {
    let sim = frozen().await;
    let purchase = "/api/v5/finance/staking-defi/eth/purchase"; // 2/s
    let balance = "/api/v5/finance/staking-defi/eth/balance"; // 6/s
    let codes: Vec<String> =
        send_n_codes(&sim, purchase, 4).await.into_iter().chain(send_n_codes(&sim, balance, 3).await).collect();
    assert_eq!(codes, ["0", "0", "50011", "50011", "0", "0", "0"], "purchases limited, balance reads not");
    assert_eq!(sim.applied_writes(purchase), 2, "a rejected write is not applied");
    assert_eq!(sim.rate_limited(), 2);
    assert!(sim.advance_rate_limit_clock(Duration::from_secs(1)));
    assert_eq!(send_n_codes(&sim, purchase, 3).await, ["0", "0", "50011"], "the next second admits two again");
    assert_eq!(sim.applied_writes(purchase), 4);
    assert_eq!(sim.rate_limited(), 3);
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
    let sim = frozen().await;
    let mut answers = Vec::new();
    for _ in 0..12 {
        answers.push(bybit_get(&sim, "/v5/earn/position", "category=FlexibleSaving").await); // 10/s
    }
    let ok = &answers[0];
    assert_eq!(ok.headers["x-bapi-limit"], "10");
    assert_eq!(ok.headers["x-bapi-limit-status"], "9");
    assert!(ok.headers.contains_key("x-bapi-limit-reset-timestamp"));
    let codes: Vec<i64> = answers.iter().map(|a| a.ret_code()).collect();
    assert_eq!(codes, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10006, 10006], "exactly the two beyond 10 in 1 s");
    let limited: Vec<_> = answers.iter().filter(|a| a.ret_code() == 10006).collect();
    assert!(limited.iter().all(|a| a.status == 200 && a.headers["x-bapi-limit-status"] == "0"));
    assert_eq!(sim.rate_limited(), 2);
    assert!(sim.advance_rate_limit_clock(Duration::from_secs(1)));
    assert_eq!(bybit_get(&sim, "/v5/earn/position", "category=FlexibleSaving").await.ret_code(), 0);
}

#[tokio::test]
async fn the_real_clock_is_not_advanced_by_hand() {
    let sim = Simulator::start().await.unwrap();
    assert!(!sim.advance_rate_limit_clock(Duration::from_secs(1)));
}

#[tokio::test]
async fn limits_can_be_disabled() {
    let sim = unlimited().await;
    for _ in 0..15 {
        assert_eq!(okx_get(&sim, "/api/v5/finance/staking-defi/offers").await.code(), "0");
    }
    assert_eq!(sim.rate_limited(), 0);
}
