//! Bybit Earn ledger flows: stake, positions, redeem, settlement, orderLinkId, validation.

mod common;

use common::*;
use earn_sim::SimVenue;
use serde_json::json;

const PLACE: &str = "/v5/earn/place-order";
const DELAY_MS: i64 = 120_000;

#[tokio::test]
async fn flexible_stake_and_redeem_settle_after_the_delay() {
    let sim = delayed(DELAY_MS).await;
    let stake = bybit_post(&sim, PLACE, &bybit_order("FlexibleSaving", "Stake", "BTC", "430", "0.25", "s-1")).await;
    assert_eq!(stake.ret_code(), 0, "{:?}", stake.body);
    let order_id = stake.body["result"]["orderId"].as_str().unwrap().to_owned();
    assert_eq!(stake.body["result"]["orderLinkId"], "s-1");
    assert_eq!(sim.balance(SimVenue::Bybit, "BTC"), dec("0.75"));

    let order = bybit_get(&sim, "/v5/earn/order", "category=FlexibleSaving&orderLinkId=s-1").await;
    let row = &order.body["result"]["list"][0];
    assert_eq!((row["status"].as_str(), row["orderId"].as_str()), (Some("Pending"), Some(order_id.as_str())));
    assert_eq!((row["orderValue"].as_str(), row["orderType"].as_str()), (Some("0.25"), Some("Stake")));
    assert_eq!(order.body["result"]["nextPageCursor"], "");
    let positions = bybit_get(&sim, "/v5/earn/position", "category=FlexibleSaving").await;
    assert_eq!(positions.body["result"]["list"], json!([]), "not staked before settlement");

    advance(&sim, DELAY_MS + 1);
    let order = bybit_get(&sim, "/v5/earn/order", &format!("category=FlexibleSaving&orderId={order_id}")).await;
    assert_eq!(order.body["result"]["list"][0]["status"], "Success");
    let positions = bybit_get(&sim, "/v5/earn/position", "category=FlexibleSaving&coin=BTC").await;
    let position = &positions.body["result"]["list"][0];
    assert_eq!((position["amount"].as_str(), position["productId"].as_str()), (Some("0.25"), Some("430")));
    assert!(position["claimableYield"].is_string());

    let redeem = bybit_post(&sim, PLACE, &bybit_order("FlexibleSaving", "Redeem", "BTC", "430", "0.1", "r-1")).await;
    assert_eq!(redeem.ret_code(), 0);
    assert_eq!(sim.balance(SimVenue::Bybit, "BTC"), dec("0.75"), "redemption pending");
    let too_much = bybit_post(&sim, PLACE, &bybit_order("FlexibleSaving", "Redeem", "BTC", "430", "0.2", "r-2")).await;
    assert_eq!(too_much.ret_code(), 180014, "the pending redemption already left the position");
    advance(&sim, DELAY_MS + 1);
    assert_eq!(sim.balance(SimVenue::Bybit, "BTC"), dec("0.85"));
    let all = bybit_get(&sim, "/v5/earn/order", "category=FlexibleSaving").await;
    let statuses: Vec<_> = all.body["result"]["list"].as_array().unwrap().iter().map(|o| o["status"].clone()).collect();
    assert_eq!(statuses, [json!("Success"), json!("Success")]);
    assert_eq!(sim.applied_writes(PLACE), 2);
}

#[tokio::test]
async fn order_link_id_is_required_and_not_reusable_for_30_minutes() {
    let sim = unlimited().await;
    let body = bybit_order("FlexibleSaving", "Stake", "USDT", "428", "100", "dup-1");
    assert_eq!(bybit_post(&sim, PLACE, &body).await.ret_code(), 0);
    let again = bybit_post(&sim, PLACE, &body).await;
    assert_eq!((again.status, again.ret_code()), (200, 180025));
    assert_eq!(sim.balance(SimVenue::Bybit, "USDT"), dec("9900"), "the duplicate did not execute");
    assert_eq!(sim.applied_writes(PLACE), 1);
    sim.clock().set_skew_ms(30 * 60 * 1000);
    assert_eq!(bybit_post(&sim, PLACE, &body).await.ret_code(), 0, "accepted again after 30 minutes");
    let empty = bybit_order("FlexibleSaving", "Stake", "USDT", "428", "100", "");
    assert_eq!(bybit_post(&sim, PLACE, &empty).await.ret_code(), 180019);
    let long = bybit_order("FlexibleSaving", "Stake", "USDT", "428", "100", &"x".repeat(37));
    assert_eq!(bybit_post(&sim, PLACE, &long).await.ret_code(), 10001);
}

#[tokio::test]
async fn stake_validation_codes() {
    let sim = unlimited().await;
    let cases = [
        (bybit_order("FlexibleSaving", "Stake", "BTC", "430", "0.0001", "v1"), 180012),
        (bybit_order("FlexibleSaving", "Stake", "BTC", "430", "11", "v2"), 180013),
        (bybit_order("FlexibleSaving", "Stake", "BTC", "430", "0.123456789", "v3"), 180012),
        (bybit_order("FlexibleSaving", "Stake", "USDT", "428", "1.00001", "v4"), 180012),
        (bybit_order("FlexibleSaving", "Stake", "BTC", "430", "2", "v5"), 180016),
        (bybit_order("FlexibleSaving", "Stake", "SOL", "431", "1", "v6"), 180007),
        (bybit_order("FlexibleSaving", "Stake", "ETH", "430", "1", "v7"), 180002),
        (bybit_order("FlexibleSaving", "Stake", "BTC", "999", "1", "v8"), 180008),
        (bybit_order("Savings", "Stake", "BTC", "430", "1", "v9"), 10001),
        (bybit_order("FlexibleSaving", "Stake", "BTC", "430", "1e-3", "v10"), 10001),
        (bybit_order("FlexibleSaving", "Buy", "BTC", "430", "1", "v11"), 10001),
    ];
    for (body, code) in &cases {
        assert_eq!(bybit_post(&sim, PLACE, body).await.ret_code(), *code, "{body}");
    }
    let number = r#"{"category":"FlexibleSaving","orderType":"Stake","accountType":"FUND","amount":0.01,"coin":"BTC","productId":"430","orderLinkId":"n1"}"#;
    assert_eq!(bybit_post(&sim, PLACE, number).await.ret_code(), 10001, "amount must be a string");
    assert_eq!(sim.applied_writes(PLACE), 0);
    assert_eq!(sim.balance(SimVenue::Bybit, "BTC"), dec("1"));
    let bad_category = bybit_get(&sim, "/v5/earn/position", "category=Nope").await;
    assert_eq!(bad_category.ret_code(), 10001);
}

#[tokio::test]
async fn onchain_plain_redeem_needs_its_position_id() {
    let sim = delayed(DELAY_MS).await;
    let stake = bybit_post(&sim, PLACE, &bybit_order("OnChain", "Stake", "ETH", "501", "2", "oc-1")).await;
    assert_eq!(stake.ret_code(), 0);
    let positions = bybit_get(&sim, "/v5/earn/position", "category=OnChain").await;
    let position = &positions.body["result"]["list"][0];
    assert_eq!(position["status"], "Processing");
    let id = position["id"].as_str().unwrap().to_owned();
    let redeem_with = |position_id: &str, link: &str| {
        format!(
            r#"{{"category":"OnChain","orderType":"Redeem","accountType":"FUND","amount":"2","coin":"ETH","productId":"501","orderLinkId":"{link}","redeemPositionId":"{position_id}"}}"#
        )
    };
    assert_eq!(bybit_post(&sim, PLACE, &redeem_with(&id, "r0")).await.ret_code(), 180029, "still processing");
    advance(&sim, DELAY_MS + 1);
    let missing = bybit_order("OnChain", "Redeem", "ETH", "501", "2", "r1");
    assert_eq!(bybit_post(&sim, PLACE, &missing).await.ret_code(), 10001);
    assert_eq!(bybit_post(&sim, PLACE, &redeem_with("424242", "r2")).await.ret_code(), 180020);
    let order = bybit_get(&sim, "/v5/earn/order", "category=OnChain").await;
    assert_eq!(order.ret_code(), 10001, "OnChain order history needs an id");
    let ok = bybit_post(&sim, PLACE, &redeem_with(&id, "r3")).await;
    assert_eq!(ok.ret_code(), 0, "{:?}", ok.body);
    let order = bybit_get(&sim, "/v5/earn/order", "category=OnChain&orderLinkId=r3").await;
    let row = &order.body["result"]["list"][0];
    assert_eq!((row["status"].as_str(), row["orderType"].as_str()), (Some("Pending"), Some("Redeem")));
    assert!(row["estimateRedeemTime"].as_str().is_some_and(|t| !t.is_empty()));
    let positions = bybit_get(&sim, "/v5/earn/position", "category=OnChain").await;
    assert_eq!(positions.body["result"]["list"], json!([]), "OnChain lists active positions only");
    advance(&sim, DELAY_MS + 1);
    assert_eq!(sim.balance(SimVenue::Bybit, "ETH"), dec("10"));
}

#[tokio::test]
async fn lst_redeem_uses_min_max_and_fixed_positions_toggle_reinvest() {
    let sim = unlimited().await;
    assert_eq!(bybit_post(&sim, PLACE, &bybit_order("OnChain", "Stake", "ETH", "502", "1", "l1")).await.ret_code(), 0);
    let order = bybit_get(&sim, "/v5/earn/order", "category=OnChain&orderLinkId=l1").await;
    assert_eq!(order.body["result"]["list"][0]["swapOrderValue"], "1");
    let tiny = bybit_order("OnChain", "Redeem", "ETH", "502", "0.001", "l2");
    assert_eq!(bybit_post(&sim, PLACE, &tiny).await.ret_code(), 180014);
    assert_eq!(
        bybit_post(&sim, PLACE, &bybit_order("OnChain", "Redeem", "ETH", "502", "0.5", "l3")).await.ret_code(),
        0
    );
    assert_eq!(sim.balance(SimVenue::Bybit, "ETH"), dec("9.5"));

    assert_eq!(
        bybit_post(&sim, PLACE, &bybit_order("OnChain", "Stake", "USDT", "503", "100", "f1")).await.ret_code(),
        0
    );
    let positions = bybit_get(&sim, "/v5/earn/position", "category=OnChain&productId=503").await;
    let position = &positions.body["result"]["list"][0];
    assert_eq!(position["autoReinvest"], "Disable");
    assert!(position["settlementTime"].as_str().is_some_and(|t| !t.is_empty()));
    let id: i64 = position["id"].as_str().unwrap().parse().unwrap();
    let modify = format!(r#"{{"category":"OnChain","productId":503,"positionId":{id},"autoReinvest":1}}"#);
    let a = bybit_post(&sim, "/v5/earn/position/modify", &modify).await;
    assert_eq!((a.ret_code(), &a.body["result"]), (0, &json!({})));
    let positions = bybit_get(&sim, "/v5/earn/position", "category=OnChain&productId=503").await;
    assert_eq!(positions.body["result"]["list"][0]["autoReinvest"], "Enable");
    let strings = format!(r#"{{"category":"OnChain","productId":"503","positionId":"{id}","autoReinvest":1}}"#);
    assert_eq!(bybit_post(&sim, "/v5/earn/position/modify", &strings).await.ret_code(), 10001);
    let unknown = r#"{"category":"OnChain","productId":503,"positionId":1,"autoReinvest":0}"#;
    assert_eq!(bybit_post(&sim, "/v5/earn/position/modify", unknown).await.ret_code(), 180020);
}

#[tokio::test]
async fn catalog_types_and_yield_accrual() {
    let sim = unlimited().await;
    let products =
        reqwest::get(format!("{}/v5/earn/product?category=FlexibleSaving&coin=BTC", sim.base_url())).await.unwrap();
    let products: serde_json::Value = serde_json::from_slice(&products.bytes().await.unwrap()).unwrap();
    let btc = &products["result"]["list"][0];
    assert_eq!((btc["productId"].as_str(), btc["estimateApr"].as_str()), (Some("430"), Some("3%")));
    assert_eq!((btc["precision"].as_str(), btc["term"].as_i64()), (Some("8"), Some(0)));
    let onchain = bybit_get(&sim, "/v5/earn/product", "category=OnChain").await;
    let list = onchain.body["result"]["list"].as_array().unwrap();
    assert!(list.iter().any(|p| p["swapCoin"] != p["coin"] && p["rewardDistributionType"] == "Other"));
    assert!(list.iter().any(|p| p["duration"] == "Fixed" && p["term"] == 30));

    assert_eq!(
        bybit_post(&sim, PLACE, &bybit_order("FlexibleSaving", "Stake", "USDT", "428", "8760", "y1")).await.ret_code(),
        0
    );
    sim.clock().set_skew_ms(4 * 3_600_000); // at least three full hours after the stake
    let hourly = bybit_get(&sim, "/v5/earn/hourly-yield", "category=FlexibleSaving&limit=2").await;
    let rows = hourly.body["result"]["list"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    // 8760 USDT at 4.25 % APR earns exactly 0.0425 USDT per hour.
    assert!(rows.iter().all(|r| r["amount"] == "0.0425" && r["effectiveStakingAmount"] == "8760"));
    let cursor = hourly.body["result"]["nextPageCursor"].as_str().unwrap();
    assert!(!cursor.is_empty(), "at least three full hours passed");
    let onchain_hourly = bybit_get(&sim, "/v5/earn/hourly-yield", "category=OnChain").await;
    assert_eq!(onchain_hourly.ret_code(), 10001);
    let daily = bybit_get(&sim, "/v5/earn/yield", "category=OnChain&productId=501").await;
    assert_eq!(daily.ret_code(), 10001, "productId is refused with OnChain");
    let apr = reqwest::get(format!("{}/v5/earn/apr-history?category=FlexibleSaving&productId=430", sim.base_url()))
        .await
        .unwrap();
    let apr: serde_json::Value = serde_json::from_slice(&apr.bytes().await.unwrap()).unwrap();
    assert_eq!(apr["result"]["list"].as_array().unwrap().len(), 7);
    let coupons = bybit_get(&sim, "/v5/earn/coupons", "category=FlexibleSaving").await;
    assert_eq!(coupons.body["result"]["interestCards"][0]["awardId"], 1001);
    assert_eq!(coupons.body["result"]["interestCards"][0]["status"], "NotUse");
}
