//! Bybit Fixed Saving: subscribe, activate, mature, early redemption, auto-invest.

mod common;

use std::time::Duration;

use common::*;
use earn_sim::{SimVenue, Simulator};
use serde_json::json;

const PLACE: &str = "/v5/earn/fixed-term/place-order";
const DELAY_MS: i64 = 60_000;

fn order(category: &str, product: &str, coin: &str, amount: &str, link: &str) -> String {
    format!(
        r#"{{"productId":"{product}","category":"{category}","coin":"{coin}","amount":"{amount}","accountType":"FUND","orderLinkId":"{link}"}}"#
    )
}

#[tokio::test]
async fn fixed_term_subscription_matures_back_to_fund() {
    let sim = Simulator::builder()
        .settlement_delay(Duration::from_millis(DELAY_MS as u64))
        .enforce_rate_limits(false)
        .start()
        .await
        .unwrap();
    let products = reqwest::get(format!("{}/v5/earn/fixed-term/product?coin=USDT", sim.base_url())).await.unwrap();
    let products: serde_json::Value = serde_json::from_slice(&products.bytes().await.unwrap()).unwrap();
    let fixed = &products["result"]["list"][0];
    assert_eq!((fixed["precision"].as_i64(), fixed["duration"].as_str()), (Some(4), Some("30d")));
    assert_eq!(fixed["interestCoinApyList"], json!([{"coin": "USDT", "apy": "5.00%"}]));

    let t0 = sim.clock().now_ms();
    let placed = bybit_post(&sim, PLACE, &order("FixedTermSaving", "7001", "USDT", "500", "fx-1")).await;
    assert_eq!(placed.ret_code(), 0, "{:?}", placed.body);
    assert_eq!(sim.balance(SimVenue::Bybit, "USDT"), dec("9500"));
    let orders = bybit_get(&sim, "/v5/earn/fixed-term/order", "").await;
    assert_eq!(orders.body["result"]["list"][0]["status"], "Processing");
    assert_eq!(bybit_get(&sim, "/v5/earn/fixed-term/position", "").await.body["result"]["list"], json!([]));

    sim.clock().set_skew_ms(DELAY_MS + 1);
    let positions = bybit_get(&sim, "/v5/earn/fixed-term/position", "category=FixedTermSaving").await;
    let position = &positions.body["result"]["list"][0];
    assert_eq!((position["amount"].as_str(), position["status"].as_str()), (Some("500"), Some("Active")));
    let id = position["positionId"].as_str().unwrap().to_owned();
    let early = format!(r#"{{"productId":"7001","category":"FixedTermSaving","positionId":"{id}"}}"#);
    assert_eq!(bybit_post(&sim, "/v5/earn/fixed-term/redeem", &early).await.ret_code(), 10001, "FundPool only");

    sim.clock().set_skew_ms(DELAY_MS + 30 * 86_400_000 + 1);
    assert_eq!(sim.balance(SimVenue::Bybit, "USDT"), dec("10000"), "principal back at maturity");
    assert_eq!(bybit_get(&sim, "/v5/earn/fixed-term/position", "").await.body["result"]["list"], json!([]));
    let order_id = placed.body["result"]["orderId"].as_str().unwrap();
    let query = format!(
        "category=FixedTermSaving&productId=7001&orderId={order_id}&startTime={}&endTime={}",
        t0 - 1_000,
        t0 + 60_000
    );
    let orders = bybit_get(&sim, "/v5/earn/fixed-term/order", &query).await;
    let row = &orders.body["result"]["list"][0];
    assert_eq!((row["status"].as_str(), row["orderLinkId"].as_str()), (Some("Complete"), Some("fx-1")));
    let unpaired = bybit_get(&sim, "/v5/earn/fixed-term/order", "productId=7001").await;
    assert_eq!(unpaired.ret_code(), 10001, "productId needs category");
}

#[tokio::test]
async fn fund_pool_early_redemption_and_validation() {
    let sim = unlimited().await;
    let cases = [
        (order("FundPool", "7002", "USDT", "5", "v1"), 180012),
        (order("FundPool", "7002", "USDT", "10.001", "v2"), 180012),
        (order("FundPool", "7002", "USDT", "60000", "v3"), 180013),
        (order("FundPoolPremium", "7003", "BTC", "0.1", "v4"), 180007),
        (order("FundPool", "7002", "BTC", "10", "v5"), 180002),
        (order("FundPool", "9999", "USDT", "10", "v6"), 180008),
        (order("Flexible", "7002", "USDT", "10", "v7"), 10001),
        (order("FundPool", "7002", "USDT", "10", ""), 180019),
    ];
    for (body, code) in &cases {
        assert_eq!(bybit_post(&sim, PLACE, body).await.ret_code(), *code, "{body}");
    }
    assert_eq!(sim.applied_writes(PLACE), 0);
    let body = order("FundPool", "7002", "USDT", "250.5", "pool-1");
    assert_eq!(bybit_post(&sim, PLACE, &body).await.ret_code(), 0);
    assert_eq!(bybit_post(&sim, PLACE, &body).await.ret_code(), 180025);
    let positions = bybit_get(&sim, "/v5/earn/fixed-term/position", "").await;
    let id = positions.body["result"]["list"][0]["positionId"].as_str().unwrap().to_owned();
    let toggle = format!(r#"{{"productId":"7002","category":"FundPool","positionId":"{id}","status":"Enable"}}"#);
    let a = bybit_post(&sim, "/v5/earn/fixed-term/position/auto-invest", &toggle).await;
    assert_eq!((a.ret_code(), &a.body["result"]), (0, &json!({})));
    let redeem = format!(r#"{{"productId":"7002","category":"FundPool","positionId":"{id}"}}"#);
    let a = bybit_post(&sim, "/v5/earn/fixed-term/redeem", &redeem).await;
    assert_eq!(a.body["result"]["redeemAmount"], "250.5");
    assert_eq!(sim.balance(SimVenue::Bybit, "USDT"), dec("10000"), "delay 0: settled at once");
    assert_eq!(bybit_post(&sim, "/v5/earn/fixed-term/redeem", &redeem).await.ret_code(), 180020);
    let orders = bybit_get(&sim, "/v5/earn/fixed-term/order", "orderType=Redeem").await;
    assert_eq!(orders.body["result"]["list"][0]["status"], "Complete");
    assert_eq!(sim.applied_writes("/v5/earn/fixed-term/redeem"), 1);
}

#[tokio::test]
async fn fixed_positions_carry_early_redeem_info_and_auto_reinvest() {
    let sim = unlimited().await;
    assert_eq!(bybit_post(&sim, PLACE, &order("FundPool", "7002", "USDT", "20", "ri-1")).await.ret_code(), 0);
    assert_eq!(bybit_post(&sim, PLACE, &order("FixedTermSaving", "7001", "USDT", "100", "ri-2")).await.ret_code(), 0);
    let pool = bybit_get(&sim, "/v5/earn/fixed-term/position", "category=FundPool").await;
    let p = &pool.body["result"]["list"][0];
    assert_eq!(
        p["earlyRedeemInfo"],
        json!({"allowEarlyRedeem": true, "earlyRedeemEarning": "0", "returnCoin": "USDT", "redemptionLimitDuration": "0m"})
    );
    assert_eq!((p["allowAutoReinvest"].as_bool(), p["autoReinvest"].as_str()), (Some(true), Some("Disable")));
    assert!(p.get("autoInvest").is_none(), "Bybit spells it autoReinvest");
    assert_eq!((p["duration"].as_str(), p["effectiveAmount"].as_str()), (Some("8h"), Some("20")));
    assert_eq!(p["interestCoinApyList"][0]["expectReturnEarning"], "0.00045662");
    assert!(p["orderId"].as_str().is_some_and(|id| id.len() == 36) && p["createdAt"].as_str().is_some());
    let term = bybit_get(&sim, "/v5/earn/fixed-term/position", "category=FixedTermSaving").await;
    let t = &term.body["result"]["list"][0];
    assert_eq!(
        (t["earlyRedeemInfo"]["allowEarlyRedeem"].as_bool(), t["allowAutoReinvest"].as_bool()),
        (Some(false), Some(false))
    );
    let id = p["positionId"].as_str().unwrap();
    let toggle = format!(r#"{{"productId":"7002","category":"FundPool","positionId":"{id}","status":"Enable"}}"#);
    assert_eq!(bybit_post(&sim, "/v5/earn/fixed-term/position/auto-invest", &toggle).await.ret_code(), 0);
    let pool = bybit_get(&sim, "/v5/earn/fixed-term/position", "category=FundPool").await;
    assert_eq!(pool.body["result"]["list"][0]["autoReinvest"], "Enable");
}
