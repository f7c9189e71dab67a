//! OKX Simple Earn Flexible (savings): purchase and redemption through the funding account,
//! bills 75/76, hourly lending and interest, the user's minimum rate, public rate data.

mod common;

use std::time::Duration;

use common::*;
use earn_sim::{Fault, SimAccount};
use serde_json::{Value, json};

const SAVINGS: &str = "/api/v5/finance/savings";
const HOUR: Duration = Duration::from_secs(3600);

fn rows(answer: &Answer) -> &Vec<Value> {
    answer.body["data"].as_array().unwrap_or_else(|| panic!("data is not an array: {:?}", answer.body))
}

async fn purchase_redempt(sim: &earn_sim::Simulator, body: &str) -> Answer {
    okx_post(sim, &format!("{SAVINGS}/purchase-redempt"), body).await
}

async fn holding(sim: &earn_sim::Simulator, ccy: &str) -> Value {
    rows(&okx_get(sim, &format!("{SAVINGS}/balance?ccy={ccy}")).await).first().cloned().unwrap_or(Value::Null)
}

#[tokio::test]
async fn purchase_lends_on_the_hour_accrues_and_redeems_to_funding() {
    let sim = unlimited().await;
    let bought = purchase_redempt(&sim, r#"{"ccy":"USDT","amt":"1000","side":"purchase","rate":"0.01"}"#).await;
    assert_eq!(bought.body["data"], json!([{"ccy": "USDT", "amt": "1000", "side": "purchase", "rate": "0.01"}]));
    assert_eq!(sim.account_balance(SimAccount::OKX_FUNDING, "USDT"), dec("9000"));
    let held = holding(&sim, "USDT").await;
    assert_eq!(
        held,
        json!({"ccy": "USDT", "amt": "1000", "earnings": "0", "rate": "0.01", "loanAmt": "0", "pendingAmt": "1000", "redemptAmt": ""})
    );

    // Lent at the next full hour; the hour after pays 1000 × 0.0876 / 8760 = 0.01 USDT.
    sim.advance(2 * HOUR);
    let held = holding(&sim, "USDT").await;
    assert_eq!((held["loanAmt"].as_str(), held["pendingAmt"].as_str()), (Some("1000.01"), Some("0")));
    assert_eq!((held["amt"].as_str(), held["earnings"].as_str()), (Some("1000.01"), Some("0.01")));
    let history = okx_get(&sim, &format!("{SAVINGS}/lending-history?ccy=USDT")).await;
    assert_eq!(rows(&history).len(), 1);
    let record = &rows(&history)[0];
    assert_eq!(
        (record["amt"].as_str(), record["earnings"].as_str(), record["rate"].as_str()),
        (Some("1000"), Some("0.01"), Some("0.0876"))
    );
    assert_eq!(record["ts"].as_str().unwrap().parse::<i64>().unwrap() % 3_600_000, 0, "on the hour");

    let redeemed = purchase_redempt(&sim, r#"{"ccy":"USDT","amt":"400","side":"redempt"}"#).await;
    assert_eq!(redeemed.body["data"], json!([{"ccy": "USDT", "amt": "400", "side": "redempt", "rate": ""}]));
    assert_eq!(sim.account_balance(SimAccount::OKX_FUNDING, "USDT"), dec("9400"));
    assert_eq!(holding(&sim, "USDT").await["amt"], "600.01");
    let all = purchase_redempt(&sim, r#"{"ccy":"USDT","amt":"600.01","side":"redempt","rate":""}"#).await;
    assert_eq!(all.code(), "0", "python-okx's empty rate on a redemption is accepted");
    assert_eq!(sim.account_balance(SimAccount::OKX_FUNDING, "USDT"), dec("10000.01"), "interest paid out");
    assert_eq!(holding(&sim, "USDT").await, Value::Null, "nothing in savings: not listed");

    let bills = okx_get(&sim, "/api/v5/asset/bills?ccy=USDT").await;
    let kinds: Vec<(&str, &str)> =
        rows(&bills).iter().map(|b| (b["type"].as_str().unwrap(), b["balChg"].as_str().unwrap())).collect();
    assert_eq!(kinds, [("76", "600.01"), ("76", "400"), ("75", "-1000")], "newest first");
    let purchases = okx_get(&sim, "/api/v5/asset/bills?ccy=USDT&type=75").await;
    assert_eq!(rows(&purchases).len(), 1);
    assert_eq!(sim.applied_writes(&format!("{SAVINGS}/purchase-redempt")), 3);
}

#[tokio::test]
async fn a_minimum_rate_above_the_market_keeps_money_unlent() {
    let sim = unlimited().await;
    sim.set_account_balance(SimAccount::OKX_FUNDING, "btc", dec("2")).unwrap();
    assert_eq!(purchase_redempt(&sim, r#"{"ccy":"BTC","amt":"0.5","side":"purchase"}"#).await.code(), "0");
    assert_eq!(holding(&sim, "BTC").await["rate"], "0.01", "the default minimum");
    let set = okx_post(&sim, &format!("{SAVINGS}/set-lending-rate"), r#"{"ccy":"BTC","rate":"0.5"}"#).await;
    assert_eq!(set.body["data"], json!([{"ccy": "BTC", "rate": "0.5"}]));
    sim.advance(3 * HOUR);
    let held = holding(&sim, "BTC").await;
    assert_eq!(
        (held["loanAmt"].as_str(), held["pendingAmt"].as_str(), held["earnings"].as_str()),
        (Some("0"), Some("0.5"), Some("0"))
    );
    assert_eq!(rows(&okx_get(&sim, &format!("{SAVINGS}/lending-history")).await).len(), 0);
    // A purchase without rate keeps the holding's rate; with one it replaces it.
    assert_eq!(purchase_redempt(&sim, r#"{"ccy":"BTC","amt":"0.5","side":"purchase"}"#).await.code(), "0");
    assert_eq!(holding(&sim, "BTC").await["rate"], "0.5");
    assert_eq!(
        purchase_redempt(&sim, r#"{"ccy":"BTC","amt":"0.0001","side":"purchase","rate":"0.015"}"#).await.code(),
        "0"
    );
    sim.advance(2 * HOUR);
    let held = holding(&sim, "BTC").await;
    // 1.0001 BTC lent (0.015 ≤ 0.01752) for an hour at 0.01752 / 8760 = 0.000002 per hour.
    assert_eq!((held["loanAmt"].as_str(), held["earnings"].as_str()), (Some("1.0001020002"), Some("0.0000020002")));
}

#[tokio::test]
async fn savings_refusals() {
    let sim = unlimited().await;
    let path = format!("{SAVINGS}/purchase-redempt");
    let cases = [
        (r#"{"ccy":"DOT","amt":"1","side":"purchase"}"#, "58003"),
        (r#"{"ccy":"USDT","amt":"10000.5","side":"purchase"}"#, "51736"),
        (r#"{"ccy":"USDT","amt":"1","side":"redempt"}"#, "58005"),
        (r#"{"ccy":"USDT","amt":"1","side":"redeem"}"#, "51000"),
        (r#"{"ccy":"USDT","amt":"1","side":"purchase","rate":"0.009"}"#, "51000"),
        (r#"{"ccy":"USDT","amt":"1","side":"purchase","rate":"3.66"}"#, "51000"),
        (r#"{"ccy":"USDT","amt":"0","side":"purchase"}"#, "51000"),
        (r#"{"ccy":"USDT","side":"purchase"}"#, "50014"),
    ];
    for (body, code) in cases {
        assert_eq!(okx_post(&sim, &path, body).await.code(), code, "{body}");
    }
    assert_eq!(sim.applied_writes(&path), 0);
    assert_eq!(okx_post(&sim, &path, r#"{"ccy":"USDT","amt":"1","side":"purchase","rate":"3.65"}"#).await.code(), "0");
    let redeem_too_much = okx_post(&sim, &path, r#"{"ccy":"USDT","amt":"2","side":"redempt"}"#).await;
    assert_eq!(redeem_too_much.code(), "58005");
    assert!(redeem_too_much.body["msg"].as_str().unwrap().contains("less than 1"), "{:?}", redeem_too_much.body);
    let set = format!("{SAVINGS}/set-lending-rate");
    assert_eq!(okx_post(&sim, &set, r#"{"ccy":"SOL","rate":"0.05"}"#).await.code(), "58003");
    assert_eq!(okx_post(&sim, &set, r#"{"ccy":"USDT","rate":"4"}"#).await.code(), "51000");
    assert_eq!(okx_post(&sim, &set, r#"{"ccy":"USDT"}"#).await.code(), "50014");
}

#[tokio::test]
async fn public_rates_answer_signed_and_unsigned() {
    let sim = unlimited().await;
    let summary = public_get(&sim, &format!("{SAVINGS}/lending-rate-summary?ccy=USDT")).await;
    assert_eq!(
        summary.body["data"],
        json!([{"ccy": "USDT", "avgAmt": "", "avgAmtUsd": "", "avgRate": "0.0876", "preRate": "0.0876", "estRate": "0.0876"}])
    );
    let signed = okx_get(&sim, &format!("{SAVINGS}/lending-rate-summary")).await;
    assert_eq!(rows(&signed).len(), 4);
    let history = public_get(&sim, &format!("{SAVINGS}/lending-rate-history?ccy=ETH&limit=3")).await;
    let points = rows(&history);
    assert_eq!(points.len(), 3);
    let ts: Vec<i64> = points.iter().map(|p| p["ts"].as_str().unwrap().parse().unwrap()).collect();
    assert!(ts.windows(2).all(|w| w[0] - w[1] == 3_600_000), "hourly, newest first: {ts:?}");
    assert_eq!((points[0]["rate"].as_str(), points[0]["lendingRate"].as_str()), (Some("0.02628"), Some("0.02628")));
    let every = public_get(&sim, &format!("{SAVINGS}/lending-rate-history?limit=2")).await;
    assert_eq!(rows(&every).len(), 8, "without ccy each hour lists every currency");
    let after = ts[0];
    let older = public_get(&sim, &format!("{SAVINGS}/lending-rate-history?ccy=ETH&limit=1&after={after}")).await;
    assert_eq!(rows(&older)[0]["ts"], (after - 3_600_000).to_string());
    let private = public_get(&sim, &format!("{SAVINGS}/balance")).await;
    assert_eq!((private.status, private.code()), (401, "50103"), "balance is signed");
}

#[tokio::test]
async fn a_savings_purchase_whose_answer_is_lost_shows_in_the_bills_once() {
    let sim = unlimited().await;
    let path = format!("{SAVINGS}/purchase-redempt");
    sim.inject(Fault::on(&path).drop_after_apply());
    let lost = okx_post_request(&sim, &path, r#"{"ccy":"USDC","amt":"25","side":"purchase"}"#).send().await;
    assert!(lost.is_err(), "the connection was dropped");
    assert_eq!(sim.applied_writes(&path), 0, "USDC is not seeded: the refused purchase changed nothing");
    let bills = okx_get(&sim, "/api/v5/asset/bills?ccy=USDC&type=75").await;
    assert_eq!(rows(&bills).len(), 0);
    sim.set_account_balance(SimAccount::OKX_FUNDING, "USDC", dec("100")).unwrap();
    sim.inject(Fault::on(&path).drop_after_apply());
    let lost = okx_post_request(&sim, &path, r#"{"ccy":"USDC","amt":"25","side":"purchase"}"#).send().await;
    assert!(lost.is_err());
    assert_eq!(sim.applied_writes(&path), 1);
    let bills = okx_get(&sim, "/api/v5/asset/bills?ccy=USDC&type=75").await;
    assert_eq!((rows(&bills).len(), rows(&bills)[0]["balChg"].as_str()), (1, Some("-25")));
    assert_eq!(holding(&sim, "USDC").await["amt"], "25");
    sim.inject(Fault::on(&path).drop_after_apply());
    assert!(okx_post_request(&sim, &path, r#"{"ccy":"USDC","amt":"25","side":"redempt"}"#).send().await.is_err());
    let redemptions = okx_get(&sim, "/api/v5/asset/bills?ccy=USDC&type=76").await;
    assert_eq!(rows(&redemptions)[0]["balChg"], "25");
    assert_eq!(sim.account_balance(SimAccount::OKX_FUNDING, "USDC"), dec("100"));
}
