//! Signature checks over the raw request.

use serde_json::{Value, json};

use super::*;
use crate::okx_web3::{DEFAULT_WALLET, keccak};

#[test]
fn default_wallet_is_the_eip55_form() {
    assert_eq!(keccak::eip55("0x7f42b7cd2bb9cf7ea4f2e0d5a0b4eeb2d8d899da").as_deref(), Some(DEFAULT_WALLET));
}

#[tokio::test]
async fn signatures_over_raw_bytes() {
    let sim = start().await;
    let path = "/api/v5/defi/calculator/redeem-info";
    for pretty in [false, true] {
        let (status, body) = sim.raw("POST", path, &seed_body(pretty), None).await;
        assert_eq!((status, body["code"].clone()), (200, json!(0)), "{body}");
        assert_eq!(body["data"]["receiveTokenList"][0]["coinAmount"], "1.000000146425127036");
    }
    // Signed over the compact body, sent pretty: rejected.
    let ts = timestamp_now();
    let wrong = sign(SECRET, &ts, "POST", path, &seed_body(false));
    let (status, body) = sim.raw("POST", path, &seed_body(true), Some(wrong)).await;
    assert_eq!((status, body["code"].clone()), (401, json!(50113)));
    // GET: the query is part of the signed target.
    let target = "/api/v5/defi/explore/product/detail?investmentId=9502&investmentCategory=0";
    assert_eq!(sim.raw("GET", target, "", None).await.0, 200);
    let ts = timestamp_now();
    let without_query = sign(SECRET, &ts, "GET", "/api/v5/defi/explore/product/detail", "");
    assert_eq!(sim.raw("GET", target, "", Some(without_query)).await.1["code"], json!(50113));
    // Stale timestamp against the venue clock.
    sim.clock.set_skew_ms(120_000);
    let (status, body) = sim.raw("GET", target, "", None).await;
    assert_eq!(status, 401);
    assert_eq!(body["code"], json!(50112), "the Web3 reference's code for a stale timestamp: {body}");
}

#[tokio::test]
async fn missing_and_wrong_headers() {
    let sim = start().await;
    let url = format!("{}/api/v6/defi/product/supported-chains", sim.base);
    let response = sim.http.get(&url).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(body["code"], json!(50103));
    let ts = timestamp_now();
    let sig = sign(SECRET, &ts, "GET", "/api/v6/defi/product/supported-chains", "");
    let response = sim
        .http
        .get(&url)
        .header("OK-ACCESS-KEY", KEY)
        .header("OK-ACCESS-PASSPHRASE", "wrong")
        .header("OK-ACCESS-TIMESTAMP", ts)
        .header("OK-ACCESS-SIGN", sig)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(body["code"], json!(50105));
}
