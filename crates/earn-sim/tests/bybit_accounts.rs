//! Bybit FUND and UNIFIED: balances, internal transfers and their records, which account each
//! product draws on and pays back to, locked OnChain fixed terms, faults on transfers.

mod common;

use std::time::Duration;

use common::*;
use earn_sim::{Fault, SimAccount, Simulator};
use serde_json::{Value, json};

const TRANSFER: &str = "/v5/asset/transfer/inter-transfer";
const RECORDS: &str = "/v5/asset/transfer/query-inter-transfer-list";
const PLACE: &str = "/v5/earn/place-order";
const ID: &str = "7c9b4c2e-5d1a-4f3e-9b8a-1e2d3c4b5a69";

fn transfer_body(id: &str, coin: &str, amount: &str, from: &str, to: &str) -> String {
    format!(
        r#"{{"transferId":"{id}","coin":"{coin}","amount":"{amount}","fromAccountType":"{from}","toAccountType":"{to}"}}"#
    )
}

fn list(answer: &Answer, key: &str) -> Vec<Value> {
    answer.body["result"][key].as_array().cloned().unwrap_or_else(|| panic!("no {key}: {:?}", answer.body))
}

#[tokio::test]
async fn fund_and_unified_balances_show_the_seeded_idle_money() {
    let sim = unlimited().await;
    let fund = bybit_get(&sim, "/v5/asset/transfer/query-account-coins-balance", "accountType=FUND").await;
    assert_eq!((fund.ret_code(), &fund.body["result"]["accountType"]), (0, &json!("FUND")));
    assert_eq!(fund.body["result"]["memberId"], "520001");
    let coins: Vec<Value> = list(&fund, "balance");
    assert_eq!(coins.len(), 3);
    let usdt = coins.iter().find(|c| c["coin"] == "USDT").unwrap();
    assert_eq!(usdt, &json!({"coin": "USDT", "walletBalance": "10000", "transferBalance": "10000", "bonus": ""}));
    let asked =
        bybit_get(&sim, "/v5/asset/transfer/query-account-coins-balance", "accountType=FUND&coin=USDC&withBonus=1")
            .await;
    assert_eq!(
        list(&asked, "balance"),
        [json!({"coin": "USDC", "walletBalance": "0", "transferBalance": "0", "bonus": "0"})]
    );
    let no_coin = bybit_get(&sim, "/v5/asset/transfer/query-account-coins-balance", "accountType=UNIFIED").await;
    assert_eq!(no_coin.ret_code(), 10001, "UNIFIED needs coin");
    let eleven = ["USDT"; 11].join(",");
    let too_many = bybit_get(
        &sim,
        "/v5/asset/transfer/query-account-coins-balance",
        &format!("accountType=UNIFIED&coin={eleven}"),
    )
    .await;
    assert_eq!(too_many.ret_code(), 10001);
    let other = bybit_get(&sim, "/v5/asset/transfer/query-account-coins-balance", "accountType=FUND&memberId=9").await;
    assert_eq!(other.ret_code(), 131202);

    let one = bybit_get(
        &sim,
        "/v5/asset/transfer/query-account-coin-balance",
        "accountType=UNIFIED&coin=USDT&toAccountType=FUND&withLtvTransferSafeAmount=1",
    )
    .await;
    let result = &one.body["result"];
    assert_eq!((result["accountType"].as_str(), result["bizType"].as_i64()), (Some("UNIFIED"), Some(1)));
    assert_eq!(
        result["balance"],
        json!({"coin": "USDT", "walletBalance": "2000", "transferBalance": "2000", "bonus": "0", "transferSafeAmount": "", "ltvTransferSafeAmount": "2000"})
    );
    let ltv_alone = bybit_get(
        &sim,
        "/v5/asset/transfer/query-account-coin-balance",
        "accountType=FUND&coin=USDT&withLtvTransferSafeAmount=1",
    )
    .await;
    assert_eq!(ltv_alone.ret_code(), 10001);

    let wallet = bybit_get(&sim, "/v5/account/wallet-balance", "accountType=UNIFIED").await;
    let account = &list(&wallet, "list")[0];
    assert_eq!((account["accountType"].as_str(), account["totalEquity"].as_str()), (Some("UNIFIED"), Some("2000")));
    let coin = &account["coin"][0];
    assert_eq!(
        (coin["coin"].as_str(), coin["walletBalance"].as_str(), coin["equity"].as_str()),
        (Some("USDT"), Some("2000"), Some("2000"))
    );
    assert_eq!((coin["availableToWithdraw"].as_str(), coin["locked"].as_str()), (Some(""), Some("0")));
    assert_eq!(coin["collateralSwitch"], true);
    let btc = bybit_get(&sim, "/v5/account/wallet-balance", "accountType=UNIFIED&coin=BTC").await;
    assert_eq!(list(&btc, "list")[0]["coin"][0]["walletBalance"], "0", "an asked-for coin shows with zero");
    assert_eq!(bybit_get(&sim, "/v5/account/wallet-balance", "accountType=FUND").await.ret_code(), 10001);

    let out = bybit_get(&sim, "/v5/account/withdrawal", "coinName=USDT,BTC").await;
    assert_eq!(
        out.body["result"],
        json!({"availableWithdrawal": "2000", "availableWithdrawalMap": {"USDT": "2000", "BTC": "0"}})
    );
    assert_eq!(bybit_get(&sim, "/v5/account/withdrawal", "").await.ret_code(), 10001);
    let coins =
        bybit_get(&sim, "/v5/asset/transfer/query-transfer-coin-list", "fromAccountType=UNIFIED&toAccountType=FUND")
            .await;
    assert!(list(&coins, "list").contains(&json!("USDT")));
}

#[tokio::test]
async fn an_internal_transfer_moves_money_once_per_transfer_id() {
    let sim = unlimited().await;
    // pybit 5.17.0's body (reference vector T1): spaced separators, keyword order.
    let pybit = format!(
        r#"{{"transferId": "{ID}", "coin": "USDT", "amount": "250.5", "fromAccountType": "UNIFIED", "toAccountType": "FUND"}}"#
    );
    let moved = bybit_post(&sim, TRANSFER, &pybit).await;
    assert_eq!(moved.body["result"], json!({"transferId": ID, "status": "SUCCESS"}));
    assert_eq!(sim.account_balance(SimAccount::BYBIT_UNIFIED, "USDT"), dec("1749.5"));
    assert_eq!(sim.account_balance(SimAccount::BYBIT_FUND, "USDT"), dec("10250.5"));
    let again = bybit_post(&sim, TRANSFER, &pybit).await;
    assert_eq!((again.ret_code(), again.body["retMsg"].as_str()), (131214, Some("TransferId exist")));
    let upper = transfer_body(&ID.to_uppercase(), "USDT", "1", "FUND", "UNIFIED");
    assert_eq!(bybit_post(&sim, TRANSFER, &upper).await.ret_code(), 131214, "ids compare in any case");
    assert_eq!(sim.applied_writes(TRANSFER), 1);

    let records = bybit_get(&sim, RECORDS, &format!("transferId={ID}")).await;
    assert_eq!(list(&records, "list").len(), 1);
    let record = &list(&records, "list")[0];
    for (field, value) in [
        ("coin", "USDT"),
        ("amount", "250.5"),
        ("fromAccountType", "UNIFIED"),
        ("toAccountType", "FUND"),
        ("status", "SUCCESS"),
    ] {
        assert_eq!(record[field], value, "{field}");
    }
    assert!(record["timestamp"].as_str().is_some_and(|t| t.parse::<i64>().is_ok()));
    assert_eq!(records.body["result"]["nextPageCursor"], "");
    let back = bybit_post(
        &sim,
        TRANSFER,
        &transfer_body("0b6c9e0e-3a52-4d7c-8f4e-2d1c5b9a7e31", "BTC", "0.5", "FUND", "UNIFIED"),
    )
    .await;
    assert_eq!(back.ret_code(), 0);
    let page = bybit_get(&sim, RECORDS, "limit=1").await;
    assert_eq!(list(&page, "list")[0]["coin"], "BTC", "newest first");
    let cursor = page.body["result"]["nextPageCursor"].as_str().unwrap().to_owned();
    assert!(!cursor.is_empty());
    let next = bybit_get(&sim, RECORDS, &format!("cursor={cursor}&limit=1")).await;
    assert_eq!(list(&next, "list")[0]["transferId"], ID);
    assert_eq!(list(&bybit_get(&sim, RECORDS, "coin=BTC&status=SUCCESS").await, "list").len(), 1);
    let now = sim.clock().now_ms();
    let old = bybit_get(&sim, RECORDS, &format!("endTime={}", now - 60_000)).await;
    assert_eq!(list(&old, "list").len(), 0, "compared to the second, within the window");
    let wide = bybit_get(&sim, RECORDS, &format!("startTime={}&endTime={now}", now - 8 * 86_400_000)).await;
    assert_eq!(wide.ret_code(), 10001, "at most 7 days");
}

#[tokio::test]
async fn transfer_refusals_carry_the_asset_codes() {
    let sim = unlimited().await;
    let id = |n: u8| format!("00000000-0000-4000-8000-0000000000{n:02}");
    let cases = [
        (transfer_body("not-a-uuid", "USDT", "1", "FUND", "UNIFIED"), 10001),
        (transfer_body(&id(1), "USDT", "1", "FUND", "FUND"), 131211),
        (transfer_body(&id(2), "USDT", "1", "SPOT", "FUND"), 131232),
        (transfer_body(&id(3), "USDT", "1", "FUND", "CONTRACT"), 131231),
        (transfer_body(&id(4), "USDT", "1", "FUND", "WALLET"), 10001),
        (transfer_body(&id(5), "DOGE", "1", "FUND", "UNIFIED"), 131206),
        (transfer_body(&id(6), "USDT", "0", "FUND", "UNIFIED"), 131203),
        (transfer_body(&id(7), "USDT", "-1", "FUND", "UNIFIED"), 131203),
        (transfer_body(&id(8), "USDT", "1.123456789", "FUND", "UNIFIED"), 131210),
        (transfer_body(&id(9), "USDT", "2000.01", "UNIFIED", "FUND"), 131212),
        (r#"{"coin":"USDT","amount":"1","fromAccountType":"FUND","toAccountType":"UNIFIED"}"#.to_owned(), 10001),
    ];
    for (body, code) in &cases {
        let answer = bybit_post(&sim, TRANSFER, body).await;
        assert_eq!((answer.status, answer.ret_code()), (200, *code), "{body}: {:?}", answer.body);
    }
    assert_eq!(sim.applied_writes(TRANSFER), 0);
    let retried = bybit_post(&sim, TRANSFER, &transfer_body(&id(9), "USDT", "2000", "UNIFIED", "FUND")).await;
    assert_eq!(retried.ret_code(), 0, "the id of a refused request is not remembered");
    assert_eq!(
        bybit_post(&sim, TRANSFER, &transfer_body(&id(10), "USDT", "1", "UNIFIED", "FUND")).await.ret_code(),
        131212
    );
}

#[tokio::test]
async fn a_pending_transfer_is_recorded_pending_until_it_settles() {
    let sim =
        Simulator::builder().transfer_delay(Duration::from_secs(30)).enforce_rate_limits(false).start().await.unwrap();
    let answer = bybit_post(&sim, TRANSFER, &transfer_body(ID, "USDT", "500", "FUND", "UNIFIED")).await;
    assert_eq!(answer.body["result"]["status"], "PENDING");
    assert_eq!(sim.account_balance(SimAccount::BYBIT_FUND, "USDT"), dec("9500"));
    assert_eq!(sim.account_balance(SimAccount::BYBIT_UNIFIED, "USDT"), dec("2000"));
    let pending = bybit_get(&sim, RECORDS, "status=PENDING").await;
    assert_eq!(list(&pending, "list")[0]["transferId"], ID);
    sim.advance(Duration::from_secs(31));
    let records = bybit_get(&sim, RECORDS, &format!("transferId={ID}")).await;
    assert_eq!(list(&records, "list")[0]["status"], "SUCCESS");
    assert_eq!(sim.account_balance(SimAccount::BYBIT_UNIFIED, "USDT"), dec("2500"));
}

#[tokio::test]
async fn a_transfer_whose_answer_is_lost_is_found_and_not_repeated() {
    let sim = unlimited().await;
    sim.inject(Fault::on(TRANSFER).drop_after_apply());
    let body = transfer_body(ID, "USDT", "700", "FUND", "UNIFIED");
    let lost = bybit_request(&sim, sim.clock().now_ms(), reqwest::Method::POST, TRANSFER, "", &body).send().await;
    assert!(lost.is_err(), "the connection was dropped");
    let records = bybit_get(&sim, RECORDS, &format!("transferId={ID}")).await;
    assert_eq!(list(&records, "list")[0]["status"], "SUCCESS");
    assert_eq!(bybit_post(&sim, TRANSFER, &body).await.ret_code(), 131214, "the resend is refused");
    assert_eq!(sim.applied_writes(TRANSFER), 1);
    assert_eq!(sim.account_balance(SimAccount::BYBIT_UNIFIED, "USDT"), dec("2700"), "moved once");
}

#[tokio::test]
async fn flexible_saving_draws_on_and_pays_back_to_its_account() {
    let sim = unlimited().await;
    let order = |kind: &str, account: &str, amount: &str, link: &str, extra: &str| {
        format!(
            r#"{{"category":"FlexibleSaving","orderType":"{kind}","accountType":"{account}","amount":"{amount}","coin":"USDT","productId":"428","orderLinkId":"{link}"{extra}}}"#
        )
    };
    assert_eq!(bybit_post(&sim, PLACE, &order("Stake", "UNIFIED", "500", "u1", "")).await.ret_code(), 0);
    assert_eq!(sim.account_balance(SimAccount::BYBIT_UNIFIED, "USDT"), dec("1500"));
    assert_eq!(sim.account_balance(SimAccount::BYBIT_FUND, "USDT"), dec("10000"));
    let elsewhere =
        bybit_post(&sim, PLACE, &order("Redeem", "UNIFIED", "100", "u2", r#","toAccountType":"FUND""#)).await;
    assert_eq!(elsewhere.ret_code(), 180001, "FlexibleSaving pays to its accountType only");
    assert_eq!(bybit_post(&sim, PLACE, &order("Redeem", "UNIFIED", "200", "u3", "")).await.ret_code(), 0);
    assert_eq!(sim.account_balance(SimAccount::BYBIT_UNIFIED, "USDT"), dec("1700"));
    assert_eq!(
        bybit_post(&sim, PLACE, &order("Redeem", "FUND", "300", "u4", r#","toAccountType":"FUND""#)).await.ret_code(),
        0
    );
    assert_eq!(sim.account_balance(SimAccount::BYBIT_FUND, "USDT"), dec("10300"));
    let onchain_unified = r#"{"category":"OnChain","orderType":"Stake","accountType":"UNIFIED","amount":"1","coin":"ETH","productId":"502","orderLinkId":"o1"}"#;
    assert_eq!(bybit_post(&sim, PLACE, onchain_unified).await.ret_code(), 180001, "OnChain draws on FUND only");
}

#[tokio::test]
async fn onchain_lst_redeems_to_the_callers_choice_and_plain_onchain_to_fund() {
    let sim = unlimited().await;
    assert_eq!(bybit_post(&sim, PLACE, &bybit_order("OnChain", "Stake", "ETH", "502", "2", "l1")).await.ret_code(), 0);
    let redeem = |link: &str, to: &str| {
        format!(
            r#"{{"category":"OnChain","orderType":"Redeem","accountType":"FUND","amount":"0.5","coin":"ETH","productId":"502","orderLinkId":"{link}","toAccountType":"{to}"}}"#
        )
    };
    assert_eq!(bybit_post(&sim, PLACE, &redeem("l2", "UNIFIED")).await.ret_code(), 0);
    assert_eq!(sim.account_balance(SimAccount::BYBIT_UNIFIED, "ETH"), dec("0.5"));
    assert_eq!(bybit_post(&sim, PLACE, &redeem("l3", "FUND")).await.ret_code(), 0);
    assert_eq!(sim.account_balance(SimAccount::BYBIT_FUND, "ETH"), dec("8.5"));

    assert_eq!(bybit_post(&sim, PLACE, &bybit_order("OnChain", "Stake", "ETH", "501", "1", "p1")).await.ret_code(), 0);
    let positions = bybit_get(&sim, "/v5/earn/position", "category=OnChain&productId=501").await;
    let id = list(&positions, "list")[0]["id"].as_str().unwrap().to_owned();
    let to_unified = format!(
        r#"{{"category":"OnChain","orderType":"Redeem","accountType":"FUND","amount":"1","coin":"ETH","productId":"501","orderLinkId":"p2","redeemPositionId":"{id}","toAccountType":"UNIFIED"}}"#
    );
    assert_eq!(bybit_post(&sim, PLACE, &to_unified).await.ret_code(), 180001, "non-LST pays to FUND only");
}

#[tokio::test]
async fn a_fixed_onchain_product_is_locked_for_its_term() {
    let sim = unlimited().await;
    let products = bybit_get(&sim, "/v5/earn/product", "category=OnChain&coin=USDT").await;
    let fixed = &list(&products, "list")[0];
    assert_eq!(
        (fixed["productId"].as_str(), fixed["duration"].as_str(), fixed["term"].as_i64()),
        (Some("503"), Some("Fixed"), Some(30))
    );
    assert_eq!(
        bybit_post(&sim, PLACE, &bybit_order("OnChain", "Stake", "USDT", "503", "100", "f1")).await.ret_code(),
        0
    );
    assert_eq!(sim.account_balance(SimAccount::BYBIT_FUND, "USDT"), dec("9900"));
    let positions = bybit_get(&sim, "/v5/earn/position", "category=OnChain&productId=503").await;
    let position = list(&positions, "list")[0].clone();
    let id = position["id"].as_str().unwrap().to_owned();
    let settles: i64 = position["settlementTime"].as_str().unwrap().parse().unwrap();
    let redeem = |link: &str| {
        format!(
            r#"{{"category":"OnChain","orderType":"Redeem","accountType":"FUND","amount":"100","coin":"USDT","productId":"503","orderLinkId":"{link}","redeemPositionId":"{id}"}}"#
        )
    };
    let early = bybit_post(&sim, PLACE, &redeem("f2")).await;
    assert_eq!(early.ret_code(), 180029, "{:?}", early.body);
    assert!(early.body["retMsg"].as_str().unwrap().contains(&settles.to_string()));
    sim.advance(Duration::from_secs(29 * 86_400));
    assert_eq!(bybit_post(&sim, PLACE, &redeem("f3")).await.ret_code(), 180029, "still locked on day 29");
    assert_eq!(sim.applied_writes(PLACE), 1);
    sim.advance(Duration::from_secs(86_400 + 1));
    assert_eq!(sim.account_balance(SimAccount::BYBIT_FUND, "USDT"), dec("10000"), "paid back to FUND at maturity");
    let positions = bybit_get(&sim, "/v5/earn/position", "category=OnChain&productId=503").await;
    assert_eq!(list(&positions, "list"), Vec::<Value>::new());
}

#[tokio::test]
async fn an_auto_reinvested_fixed_term_rolls_over_and_stays_locked() {
    let sim = unlimited().await;
    assert_eq!(
        bybit_post(&sim, PLACE, &bybit_order("OnChain", "Stake", "USDT", "503", "50", "a1")).await.ret_code(),
        0
    );
    let positions = bybit_get(&sim, "/v5/earn/position", "category=OnChain&productId=503").await;
    let position = list(&positions, "list")[0].clone();
    let id: i64 = position["id"].as_str().unwrap().parse().unwrap();
    let first: i64 = position["settlementTime"].as_str().unwrap().parse().unwrap();
    let modify = format!(r#"{{"category":"OnChain","productId":503,"positionId":{id},"autoReinvest":1}}"#);
    assert_eq!(bybit_post(&sim, "/v5/earn/position/modify", &modify).await.ret_code(), 0);
    sim.advance(Duration::from_secs(31 * 86_400));
    let positions = bybit_get(&sim, "/v5/earn/position", "category=OnChain&productId=503").await;
    let rolled: i64 = list(&positions, "list")[0]["settlementTime"].as_str().unwrap().parse().unwrap();
    assert_eq!(rolled, first + 30 * 86_400_000, "another 30-day term");
    assert_eq!(sim.account_balance(SimAccount::BYBIT_FUND, "USDT"), dec("9950"));
}

#[tokio::test]
async fn onchain_products_show_their_redemption_time() {
    let sim = delayed(90_000).await;
    let products = bybit_get(&sim, "/v5/earn/product", "category=OnChain").await;
    assert!(list(&products, "list").iter().all(|p| p["redeemProcessingMinute"] == 2), "90 s rounds up to 2 min");
    let flexible = bybit_get(&sim, "/v5/earn/product", "category=FlexibleSaving").await;
    assert!(list(&flexible, "list").iter().all(|p| p["redeemProcessingMinute"] == 0));
}
