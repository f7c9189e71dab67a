//! OKX exchange ledger flows: ETH/SOL staking, on-chain earn, bills, settlement delay.

mod common;

use common::*;
use earn_sim::SimVenue;
use serde_json::json;

const ETH: &str = "/api/v5/finance/staking-defi/eth";
const SOL: &str = "/api/v5/finance/staking-defi/sol";
const EARN: &str = "/api/v5/finance/staking-defi";
const DELAY_MS: i64 = 600_000;

#[tokio::test]
async fn eth_stake_then_redeem_pending_until_settled() {
    let sim = delayed(DELAY_MS).await;
    let purchase = okx_post(&sim, &format!("{ETH}/purchase"), r#"{"amt":"2.5"}"#).await;
    assert_eq!((purchase.code(), &purchase.body["data"]), ("0", &json!([])));
    assert_eq!(sim.balance(SimVenue::OkxExchange, "ETH"), dec("7.5"));
    assert_eq!(sim.balance(SimVenue::OkxExchange, "BETH"), dec("2.5"));

    let redeem = okx_post(&sim, &format!("{ETH}/redeem"), r#"{"amt": "1"}"#).await;
    assert_eq!(redeem.code(), "0");
    assert_eq!(sim.balance(SimVenue::OkxExchange, "BETH"), dec("1.5"));
    assert_eq!(sim.balance(SimVenue::OkxExchange, "ETH"), dec("7.5"), "not credited before settlement");

    let balance = okx_get(&sim, &format!("{ETH}/balance")).await;
    assert_eq!(
        balance.body["data"][0]["amt"], "3.5",
        "total BETH: 1.5 in funding, the seeded 1 in trading and the redemption in flight"
    );
    assert_eq!(balance.body["data"][0]["ccy"], "BETH");
    assert!(balance.body["data"][0]["ts"].is_string());

    let history = okx_get(&sim, &format!("{ETH}/purchase-redeem-history?type=redeem")).await;
    let row = &history.body["data"][0];
    assert_eq!((row["status"].as_str(), row["amt"].as_str()), (Some("pending"), Some("1")));
    assert_eq!(row["redeemingAmt"], "1");
    assert_eq!(row["completedTime"], "");
    let ord_id = row["ordId"].as_str().unwrap().to_owned();
    let requested: i64 = row["requestTime"].as_str().unwrap().parse().unwrap();
    let eta: i64 = row["estCompletedTime"].as_str().unwrap().parse().unwrap();
    assert_eq!(eta, requested + DELAY_MS);

    advance(&sim, DELAY_MS + 1);
    assert_eq!(sim.balance(SimVenue::OkxExchange, "ETH"), dec("8.5"));
    let history = okx_get(&sim, &format!("{ETH}/purchase-redeem-history?status=success")).await;
    let rows = history.body["data"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "purchase and settled redemption: {rows:?}");
    assert_eq!(rows[0]["ordId"], ord_id.as_str(), "newest first");
    assert_eq!(rows[0]["redeemingAmt"], "");
    assert_eq!(rows[0]["completedTime"], (requested + DELAY_MS).to_string());

    let cancel = okx_post(&sim, &format!("{ETH}/cancel-redeem"), &format!(r#"{{"ordId":"{ord_id}"}}"#)).await;
    assert_eq!(cancel.code(), "51722", "a settled redemption cannot be cancelled");
}

#[tokio::test]
async fn eth_cancel_redeem_returns_the_beth() {
    let sim = delayed(DELAY_MS).await;
    okx_post(&sim, &format!("{ETH}/purchase"), r#"{"amt":"1"}"#).await;
    okx_post(&sim, &format!("{ETH}/redeem"), r#"{"amt":"1"}"#).await;
    let history = okx_get(&sim, &format!("{ETH}/purchase-redeem-history?type=redeem&status=pending")).await;
    let ord_id = history.body["data"][0]["ordId"].as_str().unwrap().to_owned();
    let cancel = okx_post(&sim, &format!("{ETH}/cancel-redeem"), &format!(r#"{{"ordId":"{ord_id}"}}"#)).await;
    assert_eq!(cancel.body["data"], json!([{"ordId": ord_id}]));
    assert_eq!(sim.balance(SimVenue::OkxExchange, "BETH"), dec("1"));
    advance(&sim, DELAY_MS + 1);
    assert_eq!(sim.balance(SimVenue::OkxExchange, "ETH"), dec("9"), "cancelled redemption never pays out");
    let rows = okx_get(&sim, &format!("{ETH}/purchase-redeem-history?status=cancelled")).await;
    assert_eq!(rows.body["data"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn sol_product_info_is_an_object_and_history_has_no_ord_id() {
    let sim = unlimited().await;
    let info = okx_get(&sim, &format!("{SOL}/product-info")).await;
    assert!(info.body["data"].is_object(), "{:?}", info.body);
    assert_eq!(info.body["data"]["minAmt"], "0.01");
    let eth_info = okx_get(&sim, &format!("{ETH}/product-info")).await;
    assert!(eth_info.body["data"].is_array());

    assert_eq!(okx_post(&sim, &format!("{SOL}/purchase"), r#"{"amt":"20"}"#).await.code(), "0");
    assert_eq!(sim.balance(SimVenue::OkxExchange, "SOL"), dec("180"));
    assert_eq!(okx_post(&sim, &format!("{SOL}/redeem"), r#"{"amt":"5"}"#).await.code(), "0");
    assert_eq!(sim.balance(SimVenue::OkxExchange, "SOL"), dec("185"), "delay 0 settles at once");
    let balance = okx_get(&sim, &format!("{SOL}/balance")).await;
    assert_eq!(balance.body["data"][0]["amt"], "15");
    assert!(balance.body["data"][0].get("ts").is_none());
    let history = okx_get(&sim, &format!("{SOL}/purchase-redeem-history")).await;
    let rows = history.body["data"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.get("ordId").is_none() && r["status"] == "success"));
    let bad = okx_get(&sim, &format!("{SOL}/purchase-redeem-history?status=cancelled")).await;
    assert_eq!((bad.status, bad.code()), (400, "51000"));
    let apy = reqwest::get(format!("{}{SOL}/apy-history?days=3", sim.base_url())).await.unwrap();
    let apy: serde_json::Value = serde_json::from_slice(&apy.bytes().await.unwrap()).unwrap();
    assert_eq!(apy["data"].as_array().unwrap().len(), 3);
    assert_eq!(apy["data"][0]["rate"], "0.05570000");
}

#[tokio::test]
async fn onchain_earn_states_follow_the_lifecycle() {
    let sim = delayed(DELAY_MS).await;
    let body = r#"{"productId":"101","investData":[{"ccy":"DOT","amt":"10"}],"tag":"bot42"}"#;
    let purchase = okx_post(&sim, &format!("{EARN}/purchase"), body).await;
    assert_eq!(purchase.code(), "0", "{:?}", purchase.body);
    let ord_id = purchase.body["data"][0]["ordId"].as_str().unwrap().to_owned();
    assert_eq!(purchase.body["data"][0]["tag"], "bot42");
    assert_eq!(sim.balance(SimVenue::OkxExchange, "DOT"), dec("490"));

    let state = |a: &Answer| a.body["data"][0]["state"].as_str().map(str::to_owned);
    let active = okx_get(&sim, &format!("{EARN}/orders-active?ccy=DOT")).await;
    assert_eq!(state(&active).as_deref(), Some("8"));
    assert_eq!(active.body["data"][0]["tag"], "bot42");
    assert_eq!(active.body["data"][0]["investData"], json!([{"ccy": "DOT", "amt": "10"}]));
    let early =
        okx_post(&sim, &format!("{EARN}/redeem"), &format!(r#"{{"ordId":"{ord_id}","protocolType":"defi"}}"#)).await;
    assert_eq!(early.code(), "51724", "cannot redeem before it earns");

    advance(&sim, DELAY_MS + 1);
    let active = okx_get(&sim, &format!("{EARN}/orders-active")).await;
    assert_eq!(state(&active).as_deref(), Some("1"));
    let redeem = okx_post(
        &sim,
        &format!("{EARN}/redeem"),
        &format!(r#"{{"ordId":"{ord_id}","protocolType":"defi","allowEarlyRedeem":false}}"#),
    )
    .await;
    assert_eq!(redeem.body["data"], json!([{"ordId": ord_id, "tag": "bot42"}]));
    let active = okx_get(&sim, &format!("{EARN}/orders-active?state=2")).await;
    assert_eq!(state(&active).as_deref(), Some("2"));
    assert_eq!(sim.balance(SimVenue::OkxExchange, "DOT"), dec("490"));

    advance(&sim, DELAY_MS + 1);
    assert_eq!(sim.balance(SimVenue::OkxExchange, "DOT"), dec("500"));
    let active = okx_get(&sim, &format!("{EARN}/orders-active")).await;
    assert_eq!(active.body["data"], json!([]));
    let history = okx_get(&sim, &format!("{EARN}/orders-history?productId=101")).await;
    let row = &history.body["data"][0];
    assert_eq!((row["ordId"].as_str(), row["state"].as_str()), (Some(ord_id.as_str()), Some("3")));
    assert!(row["redeemedTime"].as_str().is_some_and(|t| !t.is_empty()));
    assert_eq!(row["tag"], "bot42");
}

#[tokio::test]
async fn onchain_cancel_of_a_pending_purchase_refunds() {
    let sim = delayed(DELAY_MS).await;
    let body = r#"{"productId":"101","investData":[{"ccy":"DOT","amt":"3"}]}"#;
    let ord_id =
        okx_post(&sim, &format!("{EARN}/purchase"), body).await.body["data"][0]["ordId"].as_str().unwrap().to_owned();
    let cancel =
        okx_post(&sim, &format!("{EARN}/cancel"), &format!(r#"{{"ordId":"{ord_id}","protocolType":"defi"}}"#)).await;
    assert_eq!(cancel.code(), "0");
    let active = okx_get(&sim, &format!("{EARN}/orders-active")).await;
    assert_eq!(active.body["data"][0]["state"], "13");
    advance(&sim, DELAY_MS + 1);
    assert_eq!(sim.balance(SimVenue::OkxExchange, "DOT"), dec("500"));
    let bills = okx_get(&sim, "/api/v5/asset/bills?ccy=DOT").await;
    let changes: Vec<_> = bills.body["data"].as_array().unwrap().iter().map(|b| b["balChg"].clone()).collect();
    assert_eq!(changes, [json!("3"), json!("-3")], "newest first");
}

#[tokio::test]
async fn onchain_purchase_rejections() {
    let sim = unlimited().await;
    let path = format!("{EARN}/purchase");
    let cases = [
        (r#"{"productId":"101","investData":[{"ccy":"DOT","amt":"1"}]}"#, "51727"),
        (r#"{"productId":"101","investData":[{"ccy":"DOT","amt":"600"}]}"#, "51736"),
        (r#"{"productId":"103","investData":[{"ccy":"ATOM","amt":"5"}]}"#, "51730"),
        (r#"{"productId":"104","investData":[{"ccy":"ADA","amt":"50"}]}"#, "51731"),
        (r#"{"productId":"102","investData":[{"ccy":"USDT","amt":"100"}]}"#, "50014"),
        (r#"{"productId":"102","investData":[{"ccy":"USDT","amt":"100"}],"term":"60"}"#, "51000"),
        (r#"{"productId":"101","investData":[{"ccy":"DOT","amt":"5"}],"tag":"has space"}"#, "51000"),
        (r#"{"productId":"999","investData":[{"ccy":"DOT","amt":"5"}]}"#, "51000"),
        (r#"{"investData":[{"ccy":"DOT","amt":"5"}]}"#, "50014"),
    ];
    for (body, code) in cases {
        assert_eq!(okx_post(&sim, &path, body).await.code(), code, "{body}");
    }
    assert_eq!(sim.applied_writes(&path), 0);
    let fixed =
        okx_post(&sim, &path, r#"{"productId":"102","investData":[{"ccy":"USDT","amt":"100"}],"term":"30"}"#).await;
    assert_eq!(fixed.code(), "0");
    let ord_id = fixed.body["data"][0]["ordId"].as_str().unwrap().to_owned();
    let redeem = |early: bool| format!(r#"{{"ordId":"{ord_id}","protocolType":"defi","allowEarlyRedeem":{early}}}"#);
    assert_eq!(okx_post(&sim, &format!("{EARN}/redeem"), &redeem(false)).await.code(), "51729");
    assert_eq!(okx_post(&sim, &format!("{EARN}/redeem"), &redeem(true)).await.code(), "0");
    assert_eq!(sim.balance(SimVenue::OkxExchange, "USDT"), dec("10000"));
    let offers = okx_get(&sim, &format!("{EARN}/offers?ccy=DOT")).await;
    let offer = &offers.body["data"][0];
    assert_eq!((offer["productId"].as_str(), offer["term"].as_str()), (Some("101"), Some("0")));
    assert_eq!(offer["earlyRedeem"], false);
    assert_eq!(offer["investData"][0]["bal"], "500");
    assert_eq!(offer["fastRedemptionDailyLimit"], "");
}

#[tokio::test]
async fn onchain_redeem_accepts_python_okx_empty_allow_early_redeem() {
    let sim = unlimited().await;
    let bought =
        okx_post(&sim, &format!("{EARN}/purchase"), r#"{"productId":"101","investData":[{"ccy":"DOT","amt":"5"}]}"#)
            .await;
    let ord_id = bought.body["data"][0]["ordId"].as_str().unwrap().to_owned();
    // python-okx 0.4.4 StakingDefiAPI.redeem() always sends the flag, "" when not given.
    let body = format!(r#"{{"ordId": "{ord_id}", "protocolType": "defi", "allowEarlyRedeem": ""}}"#);
    let redeemed = okx_post(&sim, &format!("{EARN}/redeem"), &body).await;
    assert_eq!((redeemed.status, redeemed.code()), (200, "0"), "{:?}", redeemed.body);
    let wrong_type = format!(r#"{{"ordId":"{ord_id}","protocolType":"defi","allowEarlyRedeem":"yes"}}"#);
    assert_eq!(okx_post(&sim, &format!("{EARN}/redeem"), &wrong_type).await.code(), "51000");
}
