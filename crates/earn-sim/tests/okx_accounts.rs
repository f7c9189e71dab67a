//! OKX funding and trading accounts: balances, transfers between them, transfer state, bills,
//! the seed-000 rule (ETH redemptions use funding BETH only), faults on transfers.

mod common;

use std::time::Duration;

use common::*;
use earn_sim::{Fault, SimAccount, SimVenue, Simulator};
use serde_json::{Value, json};

const TRANSFER: &str = "/api/v5/asset/transfer";
const ETH: &str = "/api/v5/finance/staking-defi/eth";

fn transfer_body(ccy: &str, amt: &str, from: &str, to: &str, client_id: &str) -> String {
    format!(r#"{{"ccy":"{ccy}","amt":"{amt}","from":"{from}","to":"{to}","clientId":"{client_id}"}}"#)
}

fn rows(answer: &Answer) -> &Vec<Value> {
    answer.body["data"].as_array().unwrap_or_else(|| panic!("data is not an array: {:?}", answer.body))
}

#[tokio::test]
async fn funding_and_trading_balances_show_the_seeded_idle_money() {
    let sim = unlimited().await;
    let funding = okx_get(&sim, "/api/v5/asset/balances").await;
    assert_eq!(funding.code(), "0");
    let usdt = rows(&funding).iter().find(|r| r["ccy"] == "USDT").expect("USDT in funding");
    assert_eq!(usdt, &json!({"ccy": "USDT", "bal": "10000", "frozenBal": "0", "availBal": "10000"}));
    assert!(rows(&funding).iter().all(|r| r["ccy"] != "BETH"), "zero balances are left out");
    let two = okx_get(&sim, "/api/v5/asset/balances?ccy=ETH,BETH,SOL").await;
    let ccys: Vec<&str> = rows(&two).iter().map(|r| r["ccy"].as_str().unwrap()).collect();
    assert_eq!(ccys, ["ETH", "SOL"]);
    let many = ["BTC"; 21].join(",");
    assert_eq!(okx_get(&sim, &format!("/api/v5/asset/balances?ccy={many}")).await.code(), "51000");

    let trading = okx_get(&sim, "/api/v5/account/balance").await;
    let account = &rows(&trading)[0];
    assert_eq!(account["totalEq"], "5000", "2000 USDT and 1 BETH at 3000");
    let details = account["details"].as_array().unwrap();
    assert_eq!(details.len(), 2);
    let beth = details.iter().find(|d| d["ccy"] == "BETH").unwrap();
    for (field, value) in [("eq", "1"), ("cashBal", "1"), ("availBal", "1"), ("frozenBal", "0"), ("eqUsd", "3000")] {
        assert_eq!(beth[field], value, "{field}: {beth}");
    }
    assert_eq!((beth["availEq"].as_str(), beth["liab"].as_str()), (Some(""), Some("0")), "spot mode");
    assert!(beth["uTime"].as_str().is_some_and(|t| t.parse::<i64>().is_ok()));
    let usdt_only = okx_get(&sim, "/api/v5/account/balance?ccy=USDT").await;
    assert_eq!(rows(&usdt_only)[0]["details"].as_array().unwrap().len(), 1);

    let max = okx_get(&sim, "/api/v5/account/max-withdrawal?ccy=BETH,ETH").await;
    assert_eq!(
        rows(&max)[0],
        json!({"ccy": "BETH", "maxWd": "1", "maxWdEx": "1", "spotOffsetMaxWd": "", "spotOffsetMaxWdEx": ""})
    );
    assert_eq!(rows(&max)[1]["maxWd"], "0", "an asked-for currency not held is 0");
    let all = okx_get(&sim, "/api/v5/account/max-withdrawal").await;
    assert_eq!(rows(&all).len(), 2, "every held currency");
}

#[tokio::test]
async fn transfers_move_money_both_ways_and_leave_bills_and_state() {
    let sim = unlimited().await;
    let to_trading = okx_post(&sim, TRANSFER, &transfer_body("USDT", "250.5", "6", "18", "toTrading1")).await;
    assert_eq!(to_trading.code(), "0", "{:?}", to_trading.body);
    let row = &rows(&to_trading)[0];
    let trans_id = row["transId"].as_str().unwrap().to_owned();
    assert_eq!(
        (row["ccy"].as_str(), row["amt"].as_str(), row["from"].as_str(), row["to"].as_str()),
        (Some("USDT"), Some("250.5"), Some("6"), Some("18"))
    );
    assert_eq!(row["clientId"], "toTrading1");
    assert_eq!(sim.account_balance(SimAccount::OKX_FUNDING, "USDT"), dec("9749.5"));
    assert_eq!(sim.account_balance(SimAccount::OKX_TRADING, "USDT"), dec("2250.5"));

    let back = okx_post(&sim, TRANSFER, r#"{"ccy":"BETH","amt":"0.4","from":"18","to":"6"}"#).await;
    assert_eq!((back.code(), &rows(&back)[0]["clientId"]), ("0", &json!("")));
    assert_eq!(sim.account_balance(SimAccount::OKX_TRADING, "BETH"), dec("0.6"));
    assert_eq!(sim.account_balance(SimAccount::OKX_FUNDING, "BETH"), dec("0.4"));

    let by_id = okx_get(&sim, &format!("/api/v5/asset/transfer-state?transId={trans_id}")).await;
    let state = &rows(&by_id)[0];
    assert_eq!((state["state"].as_str(), state["clientId"].as_str()), (Some("success"), Some("toTrading1")));
    assert_eq!(
        (state["type"].as_str(), state["subAcct"].as_str(), state["instId"].as_str()),
        (Some("0"), Some(""), Some(""))
    );
    let by_client = okx_get(&sim, "/api/v5/asset/transfer-state?clientId=toTrading1").await;
    assert_eq!(rows(&by_client)[0]["transId"], trans_id.as_str());
    let both = okx_get(&sim, &format!("/api/v5/asset/transfer-state?transId={trans_id}&clientId=nope")).await;
    assert_eq!(rows(&both).len(), 1, "transId wins over clientId");
    assert_eq!(rows(&okx_get(&sim, "/api/v5/asset/transfer-state?clientId=unknown1").await).len(), 0);
    assert_eq!(rows(&okx_get(&sim, "/api/v5/asset/transfer-state?transId=1").await).len(), 0);
    assert_eq!(okx_get(&sim, "/api/v5/asset/transfer-state").await.code(), "50014");

    let bills = okx_get(&sim, "/api/v5/asset/bills?clientId=toTrading1").await;
    assert_eq!(rows(&bills).len(), 1);
    assert_eq!((rows(&bills)[0]["type"].as_str(), rows(&bills)[0]["balChg"].as_str()), (Some("131"), Some("-250.5")));
    let beth_bills = okx_get(&sim, "/api/v5/asset/bills?ccy=BETH&type=130").await;
    assert_eq!(
        (rows(&beth_bills)[0]["balChg"].as_str(), rows(&beth_bills)[0]["bal"].as_str()),
        (Some("0.4"), Some("0.4"))
    );
    assert_eq!(sim.applied_writes(TRANSFER), 2);
}

#[tokio::test]
async fn transfer_refusals_carry_the_funding_codes() {
    let sim = unlimited().await;
    let cases = [
        (transfer_body("USDT", "1", "6", "6", "a1"), 200, "58123"),
        (transfer_body("USDT", "0", "6", "18", "a2"), 400, "58114"),
        (transfer_body("USDT", "-5", "6", "18", "a3"), 400, "58114"),
        (transfer_body("USDT", "10000.01", "6", "18", "a4"), 200, "58116"),
        (transfer_body("BTC", "1", "18", "6", "a5"), 200, "58116"),
        (transfer_body("USDT", "1", "6", "7", "a6"), 400, "51000"),
        (transfer_body("USDT", "1e2", "6", "18", "a7"), 400, "51000"),
        (transfer_body("USDT", "1", "6", "18", "has-dash"), 400, "51000"),
        (transfer_body("USDT", "1", "6", "18", &"x".repeat(33)), 400, "51000"),
        (r#"{"amt":"1","from":"6","to":"18"}"#.to_owned(), 400, "50014"),
        (r#"{"ccy":"USDT","amt":"1","from":"6","to":"6","type":"1"}"#.to_owned(), 400, "50014"),
        (r#"{"ccy":"USDT","amt":"1","from":"6","to":"6","type":"1","subAcct":"mini"}"#.to_owned(), 200, "58115"),
        (r#"{"ccy":"USDT","amt":"1","from":"6","to":"6","type":"4","subAcct":"mini"}"#.to_owned(), 200, "58127"),
        (r#"{"ccy":"USDT","amt":"1","from":"6","to":"18","subAcct":"mini"}"#.to_owned(), 200, "58129"),
        (r#"{"ccy":"USDT","amt":"1","from":"6","to":"18","type":"9"}"#.to_owned(), 400, "51000"),
        (r#"{"ccy":"USDT","amt":1,"from":"6","to":"18"}"#.to_owned(), 400, "51000"),
    ];
    for (body, status, code) in &cases {
        let answer = okx_post(&sim, TRANSFER, body).await;
        assert_eq!((answer.status, answer.code()), (*status, *code), "{body}: {:?}", answer.body);
    }
    assert_eq!(sim.applied_writes(TRANSFER), 0);
    assert_eq!(sim.account_balance(SimAccount::OKX_FUNDING, "USDT"), dec("10000"));
    // python-okx 0.4.4's body: every parameter, empty ones included, loanTrans as "".
    let python_okx = r#"{"ccy": "USDT", "amt": "5", "from": "6", "to": "18", "type": "0", "subAcct": "", "instId": "", "toInstId": "", "loanTrans": ""}"#;
    assert_eq!(okx_post(&sim, TRANSFER, python_okx).await.code(), "0");
    // A repeated clientId is not refused: it is a correlation key, and this is a new transfer.
    let mut ids = Vec::new();
    for _ in 0..2 {
        let answer = okx_post(&sim, TRANSFER, &transfer_body("USDT", "1", "6", "18", "again")).await;
        assert_eq!(answer.code(), "0");
        ids.push(rows(&answer)[0]["transId"].clone());
    }
    assert_ne!(ids[0], ids[1]);
    assert_eq!(sim.account_balance(SimAccount::OKX_TRADING, "USDT"), dec("2007"));
    let latest = okx_get(&sim, "/api/v5/asset/transfer-state?clientId=again").await;
    assert_eq!(rows(&latest)[0]["transId"], ids[1], "the latest transfer with that clientId");
    assert_eq!(rows(&okx_get(&sim, "/api/v5/asset/bills?clientId=again").await).len(), 2);
}

#[tokio::test]
async fn eth_redemption_uses_funding_beth_only_until_it_is_transferred() {
    let sim = unlimited().await;
    let total = okx_get(&sim, &format!("{ETH}/balance")).await;
    assert_eq!(total.body["data"][0]["amt"], "1", "eth/balance counts the BETH in trading");
    let refused = okx_post(&sim, &format!("{ETH}/redeem"), r#"{"amt":"1"}"#).await;
    assert_eq!((refused.code(), refused.body["msg"].as_str()), ("51736", Some("Insufficient BETH balance")));
    assert_eq!(sim.applied_writes(&format!("{ETH}/redeem")), 0);
    let moved = okx_post(&sim, TRANSFER, &transfer_body("BETH", "1", "18", "6", "ethRedeemPrep001")).await;
    assert_eq!(moved.code(), "0");
    let state = okx_get(&sim, "/api/v5/asset/transfer-state?clientId=ethRedeemPrep001").await;
    assert_eq!(rows(&state)[0]["state"], "success");
    assert_eq!(okx_post(&sim, &format!("{ETH}/redeem"), r#"{"amt":"1"}"#).await.code(), "0");
    assert_eq!(sim.balance(SimVenue::OkxExchange, "ETH"), dec("11"), "settled at once");
    assert_eq!(sim.account_balance(SimAccount::OKX_TRADING, "BETH"), dec("0"));
}

#[tokio::test]
async fn a_pending_transfer_debits_now_and_credits_when_it_settles() {
    let sim =
        Simulator::builder().transfer_delay(Duration::from_secs(60)).enforce_rate_limits(false).start().await.unwrap();
    let answer = okx_post(&sim, TRANSFER, &transfer_body("USDT", "100", "6", "18", "slow1")).await;
    assert_eq!(answer.code(), "0");
    assert_eq!(sim.account_balance(SimAccount::OKX_FUNDING, "USDT"), dec("9900"));
    assert_eq!(sim.account_balance(SimAccount::OKX_TRADING, "USDT"), dec("2000"), "not arrived yet");
    let state = okx_get(&sim, "/api/v5/asset/transfer-state?clientId=slow1").await;
    assert_eq!(rows(&state)[0]["state"], "pending");
    sim.advance(Duration::from_secs(61));
    let state = okx_get(&sim, "/api/v5/asset/transfer-state?clientId=slow1").await;
    assert_eq!(rows(&state)[0]["state"], "success");
    assert_eq!(sim.account_balance(SimAccount::OKX_TRADING, "USDT"), dec("2100"));
    let back = okx_post(&sim, TRANSFER, &transfer_body("USDT", "50", "18", "6", "slow2")).await;
    assert_eq!(back.code(), "0");
    assert!(
        okx_get(&sim, "/api/v5/asset/bills?clientId=slow2").await.body["data"] == json!([]),
        "no bill before it arrives"
    );
    sim.advance(Duration::from_secs(61));
    let bill = okx_get(&sim, "/api/v5/asset/bills?clientId=slow2").await;
    assert_eq!((rows(&bill)[0]["type"].as_str(), rows(&bill)[0]["balChg"].as_str()), (Some("130"), Some("50")));
    sim.advance(Duration::from_secs(15 * 86_400));
    let expired = okx_get(&sim, "/api/v5/asset/transfer-state?clientId=slow1").await;
    assert_eq!(expired.body["data"], json!([]), "transfer-state reaches 14 days back");
}

#[tokio::test]
async fn a_transfer_whose_answer_is_lost_happened_once() {
    let sim = unlimited().await;
    sim.inject(Fault::on(TRANSFER).drop_after_apply());
    let lost = okx_post_request(&sim, TRANSFER, &transfer_body("USDT", "300", "6", "18", "lost1")).send().await;
    assert!(lost.is_err(), "the connection was dropped");
    assert_eq!(sim.applied_writes(TRANSFER), 1);
    let state = okx_get(&sim, "/api/v5/asset/transfer-state?clientId=lost1").await;
    assert_eq!((rows(&state).len(), rows(&state)[0]["state"].as_str()), (1, Some("success")));
    assert_eq!(rows(&okx_get(&sim, "/api/v5/asset/bills?clientId=lost1").await).len(), 1, "one bill");
    assert_eq!(sim.account_balance(SimAccount::OKX_FUNDING, "USDT"), dec("9700"));
    assert_eq!(sim.account_balance(SimAccount::OKX_TRADING, "USDT"), dec("2300"));
}

#[tokio::test]
async fn demo_keys_read_balances_and_cannot_transfer() {
    let sim = unlimited().await;
    let demo = sim.okx_demo_credentials().clone();
    let now = sim.clock().now_ms();
    let read = okx_request(&sim, &demo, now, reqwest::Method::GET, "/api/v5/account/balance", "")
        .header("x-simulated-trading", "1");
    assert_eq!(send(read).await.code(), "0");
    let body = transfer_body("USDT", "1", "6", "18", "demo1");
    let write =
        okx_request(&sim, &demo, now, reqwest::Method::POST, TRANSFER, &body).header("x-simulated-trading", "1");
    let refused = send(write).await;
    assert_eq!((refused.status, refused.code()), (200, "50038"));
}

#[tokio::test]
async fn transfers_are_limited_per_currency() {
    let sim = Simulator::start().await.unwrap();
    for id in ["r1", "r2"] {
        assert_eq!(okx_post(&sim, TRANSFER, &transfer_body("USDT", "1", "6", "18", id)).await.code(), "0");
    }
    let third = okx_post(&sim, TRANSFER, &transfer_body("USDT", "1", "6", "18", "r3")).await;
    assert_eq!((third.status, third.code()), (429, "50011"));
    let other = okx_post(&sim, TRANSFER, &transfer_body("ETH", "1", "6", "18", "r4")).await;
    assert_eq!(other.code(), "0", "another currency has its own bucket");
}
