//! Bybit BYUSDT token (7 endpoints) and Hold to Earn (2 endpoints), reference §6.1 and §6.3.

mod common;

use common::*;
use earn_sim::SimVenue;
use serde_json::json;

const TOKEN: &str = "/v5/earn/token";
const DELAY_MS: i64 = 60_000;

fn token_order(kind: &str, amount: &str, account: &str, link: &str) -> String {
    format!(
        r#"{{"coin":"BYUSDT","orderLinkId":"{link}","orderType":"{kind}","amount":"{amount}","accountType":"{account}"}}"#
    )
}

#[tokio::test]
async fn product_fills_user_fields_only_when_signed() {
    let sim = unlimited().await;
    let public = public_get(&sim, &format!("{TOKEN}/product?coin=BYUSDT")).await;
    let p = &public.body["result"];
    assert_eq!((public.ret_code(), p["productId"].as_str(), p["userHolding"].as_str()), (0, Some("1"), Some("")));
    assert_eq!(
        (p["canMint"].as_bool(), p["aprE8"].as_str(), p["tokenPrecision"].as_i64()),
        (Some(false), Some("60000000"), Some(4))
    );
    let signed = bybit_get(&sim, &format!("{TOKEN}/product"), "coin=BYUSDT").await;
    let p = &signed.body["result"];
    assert_eq!(
        (p["userHolding"].as_str(), p["leftQuota"].as_str(), p["canMint"].as_bool()),
        (Some("0"), Some("1000000"), Some(true))
    );
    assert_eq!(p["savingsBalance"], "0", "no FlexibleSaving USDT yet");
    assert_eq!(public_get(&sim, &format!("{TOKEN}/product?coin=USDT")).await.ret_code(), 180002);
    let apr = public_get(&sim, &format!("{TOKEN}/history-apr?coin=BYUSDT&range=1")).await;
    let points = apr.body["result"]["list"].as_array().unwrap();
    assert_eq!(points.len(), 7);
    assert!(points[0]["timestamp"].as_str().unwrap() < points[6]["timestamp"].as_str().unwrap(), "oldest first");
    assert_eq!(public_get(&sim, &format!("{TOKEN}/history-apr?coin=BYUSDT&range=4")).await.ret_code(), 10001);
}

#[tokio::test]
async fn mint_from_savings_then_redeem_into_unified() {
    let sim = delayed(DELAY_MS).await;
    let stake = bybit_post(
        &sim,
        "/v5/earn/place-order",
        &bybit_order("FlexibleSaving", "Stake", "USDT", "428", "1000", "sv-1"),
    )
    .await;
    assert_eq!(stake.ret_code(), 0);
    let early =
        bybit_post(&sim, &format!("{TOKEN}/place-order"), &token_order("Mint", "100", "FlexibleSaving", "m-0")).await;
    assert_eq!(early.ret_code(), 180016, "the savings stake has not settled yet");
    advance(&sim, DELAY_MS + 1);
    let wrong_account =
        bybit_post(&sim, &format!("{TOKEN}/place-order"), &token_order("Mint", "100", "UNIFIED", "m-1")).await;
    assert_eq!(wrong_account.ret_code(), 10001);
    let minted =
        bybit_post(&sim, &format!("{TOKEN}/place-order"), &token_order("Mint", "400", "FlexibleSaving", "m-2")).await;
    assert_eq!(minted.ret_code(), 0, "{:?}", minted.body);
    assert_eq!(minted.body["result"]["orderLinkId"], "m-2");
    let again =
        bybit_post(&sim, &format!("{TOKEN}/place-order"), &token_order("Mint", "400", "FlexibleSaving", "m-2")).await;
    assert_eq!(again.ret_code(), 180025, "orderLinkId is the idempotency key");
    let orders = bybit_get(&sim, &format!("{TOKEN}/order"), "coin=BYUSDT&orderLinkId=m-2").await;
    let row = &orders.body["result"]["list"][0];
    assert_eq!(
        (row["status"].as_str(), row["fromCoin"].as_str(), row["toAmount"].as_str()),
        (Some("Processing"), Some("USDT"), Some("400"))
    );
    assert!(row["createdTime"].as_str().unwrap().len() == 10, "seconds");
    advance(&sim, DELAY_MS + 1);
    let position = bybit_get(&sim, &format!("{TOKEN}/position"), "coin=BYUSDT").await;
    assert_eq!(
        (position.body["result"]["totalAmount"].as_str(), position.body["result"]["hasQuota"].as_bool()),
        (Some("400"), Some(true))
    );
    let savings = bybit_get(&sim, "/v5/earn/position", "category=FlexibleSaving&coin=USDT").await;
    assert_eq!(savings.body["result"]["list"][0]["amount"], "600");

    let too_much =
        bybit_post(&sim, &format!("{TOKEN}/place-order"), &token_order("Redeem", "400.5", "UNIFIED", "r-0")).await;
    assert_eq!(too_much.ret_code(), 180016);
    let redeemed =
        bybit_post(&sim, &format!("{TOKEN}/place-order"), &token_order("Redeem", "100", "UNIFIED", "r-1")).await;
    assert_eq!(redeemed.ret_code(), 0);
    advance(&sim, DELAY_MS + 1);
    let ledger = sim.ledger();
    let account = &ledger["bybit"]["accounts"]["sim-bybit-key"];
    assert_eq!(
        (account["UNIFIED"]["USDT"].as_str(), account["BYUSDT"].as_str()),
        (Some("2099.9"), Some("300")),
        "the seeded 2000 plus 100 less the 0.1 % redemption fee"
    );
    let redeem_row = bybit_get(&sim, &format!("{TOKEN}/order"), "coin=BYUSDT&orderType=Redeem").await;
    assert_eq!(redeem_row.body["result"]["list"][0]["serviceFee"], "0.1");
    assert_eq!(sim.applied_writes(&format!("{TOKEN}/place-order")), 2);
    assert_eq!(sim.balance(SimVenue::Bybit, "USDT"), dec("9000"), "FUND paid the savings stake only");
}

#[tokio::test]
async fn byusdt_accrues_hourly_and_daily() {
    let sim = unlimited().await;
    let stake = bybit_post(
        &sim,
        "/v5/earn/place-order",
        &bybit_order("FlexibleSaving", "Stake", "USDT", "428", "8760", "sv-2"),
    )
    .await;
    assert_eq!(stake.ret_code(), 0);
    let minted =
        bybit_post(&sim, &format!("{TOKEN}/place-order"), &token_order("Mint", "8760", "FlexibleSaving", "m-3")).await;
    assert_eq!(minted.ret_code(), 0);
    sim.advance(std::time::Duration::from_secs(2 * 86_400));
    let hourly = bybit_get(&sim, &format!("{TOKEN}/hourly-yield"), "coin=BYUSDT&limit=2").await;
    let first = &hourly.body["result"]["list"][0];
    assert_eq!(
        (first["yield"].as_str(), first["effectiveAmount"].as_str(), first["rewardType"].as_i64()),
        (Some("0.6"), Some("8760"), Some(0)),
        "8760 × 6 % / 8760"
    );
    assert!(!hourly.body["result"]["nextPageCursor"].as_str().unwrap().is_empty());
    let daily = bybit_get(&sim, &format!("{TOKEN}/yield"), "coin=BYUSDT").await;
    assert_eq!(daily.body["result"]["list"][0]["yield"], "14.4", "24 full hours");
    let position = bybit_get(&sim, &format!("{TOKEN}/position"), "coin=BYUSDT").await;
    assert_eq!(position.body["result"]["yesterdayYield"], "14.4");
}

#[tokio::test]
async fn hold_to_earn_products_and_airdrop_history() {
    let sim = unlimited().await;
    let products = public_get(&sim, "/v5/earn/hold-to-earn/product").await;
    let list = products.body["result"]["products"].as_array().unwrap();
    assert_eq!(list[0]["coinName"], "USDT");
    assert_eq!(list[1]["yields"][1], json!({"coinName": "USDT", "apy": "1.5%"}));
    let signed = bybit_get(&sim, "/v5/earn/hold-to-earn/product", "").await;
    assert_eq!(signed.ret_code(), 0);
    let history = bybit_get(&sim, "/v5/earn/hold-to-earn/yield-history", "limit=2").await;
    let result = &history.body["result"];
    assert_eq!(result["airdropDailyPnls"].as_array().unwrap().len(), 2);
    assert_eq!(result["airdropDailyPnls"][0]["pnl"], "1.36986301", "10000 × 5 % / 365");
    assert!(
        result["airdropDailyPnls"][0]["createdAt"].as_i64().unwrap()
            > result["airdropDailyPnls"][1]["createdAt"].as_i64().unwrap()
    );
    let cursor = result["nextCursor"].as_str().unwrap();
    let next = bybit_get(&sim, "/v5/earn/hold-to-earn/yield-history", &format!("cursor={cursor}&limit=2")).await;
    assert_eq!(
        (next.body["result"]["airdropDailyPnls"].as_array().unwrap().len(), next.body["result"]["nextCursor"].as_str()),
        (1, Some(""))
    );
    for bad in ["", "limit=50", "limit=0", "limit=5&timeStart=1000"] {
        let a = bybit_get(&sim, "/v5/earn/hold-to-earn/yield-history", bad).await;
        assert_eq!((a.ret_code(), a.body["retMsg"].as_str()), (10001, Some("INVALIDARGUMENTS")), "{bad}");
    }
}
