//! Binance simulator: raw requests signed here (HMAC-SHA256 hex over the exact query sent),
//! independently of the binance-earn crate.

use std::time::Duration;

use earn_sim::{Fault, SimAccount, Simulator};
use rust_decimal::Decimal;
use serde_json::Value;

mod common;

struct Reply {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

impl Reply {
    fn code(&self) -> i64 {
        self.body["code"].as_i64().unwrap_or(0)
    }
}

/// Percent-encodes every byte outside `A-Z a-z 0-9 _ . - ~` (reference §2.3).
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"_.-~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

trait PipeJson {
    fn pipe_json(&self) -> Value;
}

impl PipeJson for [u8] {
    fn pipe_json(&self) -> Value {
        serde_json::from_slice(self).unwrap()
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64
}

/// The query `params` + `timestamp`, signed with `secret`: `(query, signature)`.
fn signed_query(secret: &str, params: &[(&str, &str)], ts: i64) -> String {
    let mut query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
    query.push(format!("timestamp={ts}"));
    let query = query.join("&");
    let signature = hex::encode(common::hmac(secret, &query));
    format!("{query}&signature={signature}")
}

async fn send(sim: &Simulator, method: &str, path: &str, query: &str, key: Option<&str>) -> Reply {
    let url = if query.is_empty() {
        format!("{}{path}", sim.base_url())
    } else {
        format!("{}{path}?{query}", sim.base_url())
    };
    let client = reqwest::Client::new();
    let mut request = match method {
        "GET" => client.get(url),
        "POST" => client.post(url),
        _ => client.delete(url),
    };
    if let Some(key) = key {
        request = request.header("X-MBX-APIKEY", key);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap_or(Value::Null);
    Reply { status, headers, body }
}

async fn call(sim: &Simulator, method: &str, path: &str, params: &[(&str, &str)]) -> Reply {
    let creds = sim.binance_credentials();
    let query = signed_query(&creds.secret, params, now_ms());
    send(sim, method, path, &query, Some(&creds.api_key)).await
}

async fn relaxed() -> Simulator {
    Simulator::builder().enforce_rate_limits(false).start().await.unwrap()
}

#[tokio::test]
async fn signatures_are_checked_over_the_raw_encoded_query() {
    let sim = Simulator::start().await.unwrap();
    let creds = sim.binance_credentials().clone();
    let time = send(&sim, "GET", "/api/v3/time", "", None).await;
    assert_eq!(time.status, 200);
    assert!(time.body["serverTime"].as_i64().unwrap() > 0);
    assert_eq!(time.headers["x-mbx-used-weight-1m"], "1");

    let ok = call(&sim, "GET", "/api/v3/account", &[("omitZeroBalances", "true")]).await;
    assert_eq!(ok.status, 200, "{:?}", ok.body);
    assert_eq!(ok.body["accountType"], "SPOT");
    assert!(
        ok.body["balances"].as_array().unwrap().iter().any(|b| b["asset"] == "USDT" && b["free"] == "10000.00000000")
    );
    assert_eq!(ok.headers["x-mbx-used-weight-1m"], "21");

    // A literal `*` in the sent query cannot verify: it must travel as %2A.
    let ts = now_ms();
    let raw = "projectId=USDT*30&timestamp=".to_owned() + &ts.to_string();
    let sig = hex::encode(common::hmac(&creds.secret, &raw));
    let star = send(
        &sim,
        "GET",
        "/sapi/v1/simple-earn/locked/personalLeftQuota",
        &format!("{raw}&signature={sig}"),
        Some(&creds.api_key),
    )
    .await;
    assert_eq!((star.status, star.code()), (400, -1022), "{:?}", star.body);
    let encoded = call(&sim, "GET", "/sapi/v1/simple-earn/locked/personalLeftQuota", &[("projectId", "USDT*30")]).await;
    assert_eq!(encoded.body["leftPersonalQuota"], "100000", "{:?}", encoded.body);
    assert_eq!(encoded.headers["x-sapi-used-ip-weight-1m"], "300", "the refused request was weighed too");

    // Upper-case hex verifies too (HMAC signatures are not case-sensitive).
    let query = signed_query(&creds.secret, &[], now_ms());
    let upper = query.split_once("signature=").map(|(q, s)| format!("{q}signature={}", s.to_uppercase())).unwrap();
    assert_eq!(send(&sim, "GET", "/sapi/v1/simple-earn/account", &upper, Some(&creds.api_key)).await.status, 200);

    let bad = signed_query("wrong-secret", &[], now_ms());
    let refused = send(&sim, "GET", "/sapi/v1/simple-earn/account", &bad, Some(&creds.api_key)).await;
    assert_eq!((refused.status, refused.code()), (400, -1022));
    let unknown =
        send(&sim, "GET", "/sapi/v1/simple-earn/account", &signed_query(&creds.secret, &[], now_ms()), Some("nobody"))
            .await;
    assert_eq!((unknown.status, unknown.code()), (401, -2015));
    let keyless =
        send(&sim, "GET", "/sapi/v1/simple-earn/account", &signed_query(&creds.secret, &[], now_ms()), None).await;
    assert_eq!(keyless.code(), -2014);
    let stale = send(
        &sim,
        "GET",
        "/sapi/v1/simple-earn/account",
        &signed_query(&creds.secret, &[], now_ms() - 6000),
        Some(&creds.api_key),
    )
    .await;
    assert_eq!(stale.code(), -1021);
    let ahead = send(
        &sim,
        "GET",
        "/sapi/v1/simple-earn/account",
        &signed_query(&creds.secret, &[], now_ms() + 2000),
        Some(&creds.api_key),
    )
    .await;
    assert_eq!(ahead.code(), -1021);
    let wide = call(&sim, "GET", "/sapi/v1/simple-earn/account", &[("recvWindow", "60001")]).await;
    assert_eq!(wide.code(), -1131);
    let within = send(
        &sim,
        "GET",
        "/sapi/v1/simple-earn/account",
        &signed_query(&creds.secret, &[("recvWindow", "10000")], now_ms() - 6000),
        Some(&creds.api_key),
    )
    .await;
    assert_eq!(within.status, 200);

    // Parameters in a form body are signed after the query, with no separator.
    let ts = now_ms();
    let (query, body) = (format!("timestamp={ts}"), "asset=USDT".to_owned());
    let sig = hex::encode(common::hmac(&creds.secret, &format!("{query}{body}")));
    let response = reqwest::Client::new()
        .post(format!("{}/sapi/v1/asset/get-funding-asset?{query}&signature={sig}", sim.base_url()))
        .header("X-MBX-APIKEY", &creds.api_key)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let funding: Value = response.bytes().await.unwrap().as_ref().pipe_json();
    assert_eq!(
        funding,
        serde_json::json!([{"asset": "USDT", "free": "5000", "locked": "0", "freeze": "0", "withdrawing": "0", "btcValuation": "0"}])
    );
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_binance_errors() {
    let sim = Simulator::start().await.unwrap();
    let missing = send(&sim, "GET", "/sapi/v1/simple-earn/nothing", "", None).await;
    assert_eq!((missing.status, missing.code()), (404, -1000));
    let wrong = send(&sim, "DELETE", "/sapi/v1/simple-earn/flexible/subscribe", "", None).await;
    assert_eq!((wrong.status, wrong.code()), (405, -1000));
    let missing_param = call(&sim, "POST", "/sapi/v1/simple-earn/flexible/subscribe", &[("amount", "1")]).await;
    assert_eq!(missing_param.code(), -1102);
}

#[tokio::test]
async fn flexible_subscribe_and_redeem_move_money_and_write_records() {
    let sim = relaxed().await;
    let sub = call(
        &sim,
        "POST",
        "/sapi/v1/simple-earn/flexible/subscribe",
        &[("productId", "USDT001"), ("amount", "100"), ("autoSubscribe", "false")],
    )
    .await;
    assert_eq!(sub.body["success"], true, "{:?}", sub.body);
    let purchase_id = sub.body["purchaseId"].as_u64().unwrap();
    assert_eq!(sim.account_balance(SimAccount::BINANCE_SPOT, "USDT"), Decimal::from(9_900));
    let records = call(
        &sim,
        "GET",
        "/sapi/v1/simple-earn/flexible/history/subscriptionRecord",
        &[("purchaseId", &purchase_id.to_string())],
    )
    .await;
    assert_eq!(records.body["total"], 1);
    let row = &records.body["rows"][0];
    assert_eq!(
        (row["status"].as_str(), row["type"].as_str(), row["sourceAccount"].as_str()),
        (Some("SUCCESS"), Some("NORMAL"), Some("SPOT"))
    );
    let position = call(&sim, "GET", "/sapi/v1/simple-earn/flexible/position", &[("asset", "USDT")]).await;
    assert_eq!(position.body["rows"][0]["totalAmount"], "100");

    // Rewards accrue each full hour of ledger time and compound into the position.
    sim.advance(Duration::from_secs(3 * 3600));
    let rewards = call(
        &sim,
        "GET",
        "/sapi/v1/simple-earn/flexible/history/rewardsRecord",
        &[("productId", "USDT001"), ("type", "ALL")],
    )
    .await;
    assert!(rewards.body["total"].as_u64().unwrap() >= 2, "{:?}", rewards.body);
    assert_eq!(rewards.body["rows"][0]["type"], "REALTIME");
    let position = call(&sim, "GET", "/sapi/v1/simple-earn/flexible/position", &[("productId", "USDT001")]).await;
    let total: Decimal = position.body["rows"][0]["totalAmount"].as_str().unwrap().parse().unwrap();
    assert!(total > Decimal::from(100), "{total}");

    let redeem = call(
        &sim,
        "POST",
        "/sapi/v1/simple-earn/flexible/redeem",
        &[("productId", "USDT001"), ("amount", "40"), ("destAccount", "FUND")],
    )
    .await;
    let redeem_id = redeem.body["redeemId"].as_u64().unwrap();
    assert_eq!(sim.account_balance(SimAccount::BINANCE_FUNDING, "USDT"), Decimal::from(5_040));
    let rows = call(
        &sim,
        "GET",
        "/sapi/v1/simple-earn/flexible/history/redemptionRecord",
        &[("redeemId", &redeem_id.to_string())],
    )
    .await;
    assert_eq!(rows.body["rows"][0]["destAccount"], "FUNDING");
    assert_eq!(rows.body["rows"][0]["status"], "PAID");
    assert_eq!(rows.body["rows"][0]["projectId"], "USDT001");

    let too_much =
        call(&sim, "POST", "/sapi/v1/simple-earn/flexible/redeem", &[("productId", "USDT001"), ("amount", "1000")])
            .await;
    assert_eq!(too_much.code(), -6006);
    let tiny =
        call(&sim, "POST", "/sapi/v1/simple-earn/flexible/subscribe", &[("productId", "USDT001"), ("amount", "0.01")])
            .await;
    assert_eq!(tiny.code(), -6005);
    let closed =
        call(&sim, "POST", "/sapi/v1/simple-earn/flexible/subscribe", &[("productId", "BUSD001"), ("amount", "1")])
            .await;
    assert_eq!(closed.code(), -6004);
    let unknown =
        call(&sim, "POST", "/sapi/v1/simple-earn/flexible/subscribe", &[("productId", "USDT"), ("amount", "1")]).await;
    assert_eq!(unknown.code(), -6001);
    let poor =
        call(&sim, "POST", "/sapi/v1/simple-earn/flexible/subscribe", &[("productId", "BTC001"), ("amount", "2")])
            .await;
    assert_eq!(poor.code(), -6012);
    let all = call(
        &sim,
        "POST",
        "/sapi/v1/simple-earn/flexible/subscribe",
        &[("productId", "ETH001"), ("amount", "11"), ("sourceAccount", "ALL")],
    )
    .await;
    let id = all.body["purchaseId"].as_u64().unwrap().to_string();
    let row =
        call(&sim, "GET", "/sapi/v1/simple-earn/flexible/history/subscriptionRecord", &[("purchaseId", &id)]).await;
    let row = &row.body["rows"][0];
    assert_eq!(
        (row["sourceAccount"].as_str(), row["amtFromSpot"].as_str(), row["amtFromFunding"].as_str()),
        (Some("SPOTANDFUNDING"), Some("10"), Some("1"))
    );
    let nothing =
        call(&sim, "GET", "/sapi/v1/simple-earn/flexible/history/redemptionRecord", &[("productId", "BTC001")]).await;
    assert_eq!(nothing.body, serde_json::json!({"total": 0}), "rows are left out when there are none");
}

#[tokio::test]
async fn records_stay_pending_for_the_settlement_delay() {
    let sim = Simulator::builder()
        .enforce_rate_limits(false)
        .settlement_delay(Duration::from_secs(60))
        .start()
        .await
        .unwrap();
    call(&sim, "POST", "/sapi/v1/simple-earn/flexible/subscribe", &[("productId", "BTC001"), ("amount", "0.5")]).await;
    let row = call(&sim, "GET", "/sapi/v1/simple-earn/flexible/history/subscriptionRecord", &[]).await;
    assert_eq!(row.body["rows"][0]["status"], "PURCHASING");
    sim.advance(Duration::from_secs(61));
    let row = call(&sim, "GET", "/sapi/v1/simple-earn/flexible/history/subscriptionRecord", &[]).await;
    assert_eq!(row.body["rows"][0]["status"], "SUCCESS");
    let stake = call(&sim, "POST", "/sapi/v1/sol-staking/sol/redeem", &[("amount", "1")]).await;
    assert_eq!(stake.code(), -6018, "no BNSOL yet");
    let stake = call(&sim, "POST", "/sapi/v1/sol-staking/sol/stake", &[("amount", "10")]).await;
    assert!(stake.body["bnsolAmount"].as_str().is_some(), "{:?}", stake.body);
    let history = call(&sim, "GET", "/sapi/v1/sol-staking/sol/history/stakingHistory", &[]).await;
    assert_eq!(history.body["rows"][0]["status"], "PENDING");
    sim.advance(Duration::from_secs(61));
    let history = call(&sim, "GET", "/sapi/v1/sol-staking/sol/history/stakingHistory", &[]).await;
    assert_eq!(history.body["rows"][0]["status"], "SUCCESS");
    let bnsol = sim.account_balance(SimAccount::BINANCE_SPOT, "BNSOL");
    assert_eq!(bnsol.to_string(), stake.body["bnsolAmount"].as_str().unwrap());
    let redeem = call(&sim, "POST", "/sapi/v1/sol-staking/sol/redeem", &[("amount", &bnsol.to_string())]).await;
    assert!(redeem.body["arrivalTime"].as_i64().is_some());
    let rows = call(&sim, "GET", "/sapi/v1/sol-staking/sol/history/redemptionHistory", &[]).await;
    assert_eq!(rows.body["rows"][0]["status"], "PENDING");
    sim.advance(Duration::from_secs(61));
    let rows = call(&sim, "GET", "/sapi/v1/sol-staking/sol/history/redemptionHistory", &[]).await;
    assert_eq!(rows.body["rows"][0]["status"], "SUCCESS");
}

#[tokio::test]
async fn locked_positions_redeem_early_or_mature() {
    let sim = relaxed().await;
    let sub = call(
        &sim,
        "POST",
        "/sapi/v1/simple-earn/locked/subscribe",
        &[("projectId", "USDT*30"), ("amount", "1000"), ("autoSubscribe", "false"), ("redeemTo", "SPOT")],
    )
    .await;
    let position_id = sub.body["positionId"].as_u64().expect("a numeric positionId");
    let long = call(
        &sim,
        "POST",
        "/sapi/v1/simple-earn/locked/subscribe",
        &[("projectId", "USDT*90"), ("amount", "500"), ("sourceAccount", "FUND")],
    )
    .await;
    let long_id = long.body["positionId"].as_u64().unwrap();
    assert_eq!(sim.account_balance(SimAccount::BINANCE_SPOT, "USDT"), Decimal::from(9_000));
    assert_eq!(sim.account_balance(SimAccount::BINANCE_FUNDING, "USDT"), Decimal::from(4_500));
    let positions = call(&sim, "GET", "/sapi/v1/simple-earn/locked/position", &[("projectId", "USDT*30")]).await;
    let row = &positions.body["rows"][0];
    assert_eq!(
        (row["duration"].as_i64(), row["apy"].as_str(), row["canRedeemEarly"].as_bool()),
        (Some(30), Some("0.0876"), Some(true))
    );
    assert_eq!(row["redeemAmountEarly"], "1000");
    assert!(row.get("APY").is_none());

    sim.advance(Duration::from_secs(2 * 3600));
    let rewards = call(
        &sim,
        "GET",
        "/sapi/v1/simple-earn/locked/history/rewardsRecord",
        &[("positionId", &position_id.to_string())],
    )
    .await;
    assert_eq!(rewards.body["total"], 2);
    let early =
        call(&sim, "POST", "/sapi/v1/simple-earn/locked/redeem", &[("positionId", &position_id.to_string())]).await;
    assert!(early.body["redeemId"].as_u64().is_some(), "{:?}", early.body);
    assert_eq!(sim.account_balance(SimAccount::BINANCE_SPOT, "USDT"), Decimal::from(10_000));
    let rows = call(
        &sim,
        "GET",
        "/sapi/v1/simple-earn/locked/history/redemptionRecord",
        &[("positionId", &position_id.to_string())],
    )
    .await;
    let row = &rows.body["rows"][0];
    assert_eq!((row["type"].as_str(), row["originalAmount"].as_str()), (Some("AHEAD"), Some("1000")));
    assert_ne!(row["lossAmount"], "0");
    let refused =
        call(&sim, "POST", "/sapi/v1/simple-earn/locked/redeem", &[("positionId", &long_id.to_string())]).await;
    assert_eq!(refused.code(), -6008);

    sim.advance(Duration::from_secs(91 * 86_400));
    let rows = call(
        &sim,
        "GET",
        "/sapi/v1/simple-earn/locked/history/redemptionRecord",
        &[("positionId", &long_id.to_string()), ("startTime", &(now_ms() + 80 * 86_400_000).to_string())],
    )
    .await;
    assert_eq!(rows.body["rows"][0]["type"], "MATURE", "{:?}", rows.body);
    let spot = sim.account_balance(SimAccount::BINANCE_SPOT, "USDT");
    assert!(spot > Decimal::from(10_500), "principal and rewards paid to SPOT: {spot}");
}

#[tokio::test]
async fn transfers_and_wallet_views() {
    let sim = relaxed().await;
    let t = call(
        &sim,
        "POST",
        "/sapi/v1/asset/transfer",
        &[("type", "MAIN_FUNDING"), ("asset", "BTC"), ("amount", "0.25")],
    )
    .await;
    let tran_id = t.body["tranId"].as_u64().unwrap();
    assert_eq!(t.headers["x-sapi-used-uid-weight-1m"], "900", "counted, though not enforced here");
    let rows = call(&sim, "GET", "/sapi/v1/asset/transfer", &[("type", "MAIN_FUNDING")]).await;
    let row = &rows.body["rows"][0];
    assert_eq!(
        (row["tranId"].as_u64(), row["status"].as_str(), row["amount"].as_str()),
        (Some(tran_id), Some("CONFIRMED"), Some("0.25"))
    );
    assert!(row["timestamp"].as_i64().is_some());
    let none = call(&sim, "GET", "/sapi/v1/asset/transfer", &[("type", "FUNDING_MAIN")]).await;
    assert_eq!(none.body, serde_json::json!({"total": 0}));
    let futures = call(
        &sim,
        "POST",
        "/sapi/v1/asset/transfer",
        &[("type", "MAIN_UMFUTURE"), ("asset", "BTC"), ("amount", "0.1")],
    )
    .await;
    assert_eq!(futures.code(), -3005);
    let poor =
        call(&sim, "POST", "/sapi/v1/asset/transfer", &[("type", "FUNDING_MAIN"), ("asset", "BTC"), ("amount", "1")])
            .await;
    assert_eq!(poor.code(), -5002);
    let user = call(&sim, "POST", "/sapi/v3/asset/getUserAsset", &[("asset", "BTC")]).await;
    assert_eq!(user.body[0]["free"], "0.75");
    let wallets = call(&sim, "GET", "/sapi/v1/asset/wallet/balance", &[("quoteAsset", "USDT")]).await;
    let funding = wallets.body.as_array().unwrap().iter().find(|w| w["walletName"] == "Funding").unwrap().clone();
    assert_eq!(funding["balance"], "26000", "5000 USDT + 2 ETH + 0.25 BTC");

    let admin = Simulator::builder().admin_api(true).start().await.unwrap();
    let url = admin.admin_url().unwrap();
    let client = reqwest::Client::new();
    let set: Value = client
        .post(format!("{url}/balances"))
        .body(r#"{"balance":"binance:FUND:USDC=12"}"#)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .as_ref()
        .pipe_json();
    assert_eq!(set["account"], "FUNDING", "{set}");
    let ledger: Value =
        client.get(format!("{url}/ledger")).send().await.unwrap().bytes().await.unwrap().as_ref().pipe_json();
    assert_eq!(ledger["binance"]["accounts"]["sim-binance-key"]["FUNDING"]["USDC"], "12");
    assert_eq!(ledger["binance"]["accounts"]["sim-binance-key"]["SPOT"]["USDT"], "10000");
}

#[tokio::test]
async fn eth_staking_and_rate_history() {
    let sim = relaxed().await;
    let quota = call(&sim, "GET", "/sapi/v1/eth-staking/eth/quota", &[]).await;
    assert_eq!(quota.body["minStakeAmount"], "0.0001");
    let precise = call(&sim, "POST", "/sapi/v2/eth-staking/eth/stake", &[("amount", "0.00001")]).await;
    assert_eq!(precise.code(), -1111);
    let stake = call(&sim, "POST", "/sapi/v2/eth-staking/eth/stake", &[("amount", "2")]).await;
    assert!(stake.body["purchaseId"].as_u64().is_some());
    let account = call(&sim, "GET", "/sapi/v2/eth-staking/account", &[]).await;
    assert_eq!(account.body["holdings"]["wbethAmount"], stake.body["wbethAmount"]);
    let rates = call(&sim, "GET", "/sapi/v1/eth-staking/eth/history/rateHistory", &[]).await;
    assert!(rates.body["total"].is_string(), "{:?}", rates.body);
    let redeem = call(&sim, "POST", "/sapi/v1/eth-staking/eth/redeem", &[("amount", "1"), ("asset", "WBETH")]).await;
    assert_eq!(redeem.body["success"], true, "{:?}", redeem.body);
    let rows = call(&sim, "GET", "/sapi/v1/eth-staking/eth/history/redemptionHistory", &[]).await;
    assert_eq!(
        (rows.body["rows"][0]["asset"].as_str(), rows.body["rows"][0]["status"].as_str()),
        (Some("WBETH"), Some("SUCCESS"))
    );
    let eth = sim.account_balance(SimAccount::BINANCE_SPOT, "ETH");
    assert!(eth > Decimal::from(9) && eth < Decimal::from(10), "{eth}");
}

#[tokio::test]
async fn weights_are_counted_reported_and_enforced() {
    let sim = Simulator::start().await.unwrap();
    for n in 1..=80u32 {
        let ok = call(&sim, "GET", "/sapi/v1/simple-earn/flexible/list", &[]).await;
        assert_eq!(ok.status, 200);
        assert_eq!(ok.headers["x-sapi-used-ip-weight-1m"], (n * 150).to_string().as_str());
    }
    let refused = call(&sim, "GET", "/sapi/v1/simple-earn/flexible/list", &[]).await;
    assert_eq!((refused.status, refused.code()), (429, -1003));
    assert!(refused.headers.contains_key("retry-after"));
    // Every /sapi endpoint has its own budget.
    assert_eq!(call(&sim, "GET", "/sapi/v1/simple-earn/locked/list", &[]).await.status, 200);

    // One stake/redeem write per 3 s per account.
    let first =
        call(&sim, "POST", "/sapi/v1/simple-earn/flexible/subscribe", &[("productId", "USDT001"), ("amount", "1")])
            .await;
    assert_eq!(first.status, 200);
    let second =
        call(&sim, "POST", "/sapi/v1/simple-earn/flexible/subscribe", &[("productId", "USDT001"), ("amount", "1")])
            .await;
    assert_eq!(second.code(), -6009);
    assert_eq!(sim.applied_writes("/sapi/v1/simple-earn/flexible/subscribe"), 1);
}

#[tokio::test]
async fn faults_hit_only_authenticated_requests_and_drop_after_commit() {
    let sim = relaxed().await;
    let path = "/sapi/v1/simple-earn/flexible/subscribe";
    sim.inject(Fault::on(path).drop_after_apply());
    let creds = sim.binance_credentials().clone();
    let bad = send(
        &sim,
        "POST",
        path,
        &signed_query("wrong", &[("productId", "USDT001"), ("amount", "5")], now_ms()),
        Some(&creds.api_key),
    )
    .await;
    assert_eq!(bad.code(), -1022, "the fault stays armed");
    let query = signed_query(&creds.secret, &[("productId", "USDT001"), ("amount", "5")], now_ms());
    let dropped = reqwest::Client::new()
        .post(format!("{}{path}?{query}", sim.base_url()))
        .header("X-MBX-APIKEY", &creds.api_key)
        .send()
        .await;
    assert!(dropped.is_err(), "the connection closes after the write");
    assert_eq!(sim.applied_writes(path), 1);
    let rows =
        call(&sim, "GET", "/sapi/v1/simple-earn/flexible/history/subscriptionRecord", &[("productId", "USDT001")])
            .await;
    assert_eq!(rows.body["total"], 1, "the lost subscription is on record once");
    assert_eq!(sim.account_balance(SimAccount::BINANCE_SPOT, "USDT"), Decimal::from(9_995));

    for path in ["/sapi/v1/simple-earn/flexible/redeem", "/sapi/v1/asset/transfer"] {
        sim.inject(Fault::on(path).drop_after_apply());
        let params: &[(&str, &str)] = if path.contains("redeem") {
            &[("productId", "USDT001"), ("amount", "1")]
        } else {
            &[("type", "MAIN_FUNDING"), ("asset", "USDT"), ("amount", "1")]
        };
        let creds = sim.binance_credentials();
        let query = signed_query(&creds.secret, params, now_ms());
        let response = reqwest::Client::new()
            .post(format!("{}{path}?{query}", sim.base_url()))
            .header("X-MBX-APIKEY", &creds.api_key)
            .send()
            .await;
        assert!(response.is_err(), "{path}: the connection closes");
        assert_eq!(sim.applied_writes(path), 1, "{path}: applied before the connection closed");
    }
    assert_eq!(
        sim.account_balance(SimAccount::BINANCE_FUNDING, "USDT"),
        Decimal::from(5_001),
        "the dropped transfer arrived"
    );
    assert_eq!(
        sim.account_balance(SimAccount::BINANCE_SPOT, "USDT"),
        Decimal::from(9_995),
        "+1 redeemed, -1 transferred"
    );
    sim.inject(Fault::on("/sapi/v1/simple-earn/flexible/position").status(503));
    let unavailable = call(&sim, "GET", "/sapi/v1/simple-earn/flexible/position", &[]).await;
    assert_eq!(unavailable.status, 503);
    sim.inject(Fault::on("/sapi/v1/simple-earn/account").rate_limit());
    let limited = call(&sim, "GET", "/sapi/v1/simple-earn/account", &[]).await;
    assert_eq!((limited.status, limited.code()), (429, -1003));
}

#[tokio::test]
async fn wbeth_wraps_and_token_rewards_accrue_daily() {
    let sim = Simulator::builder()
        .enforce_rate_limits(false)
        .account_balance(SimAccount::BINANCE_SPOT, "BETH", Decimal::from(2))
        .start()
        .await
        .unwrap();
    let wrap = call(&sim, "POST", "/sapi/v1/eth-staking/wbeth/wrap", &[("amount", "1")]).await;
    assert_eq!(wrap.body["success"], true, "{:?}", wrap.body);
    let wbeth = sim.account_balance(SimAccount::BINANCE_SPOT, "WBETH");
    assert_eq!(wbeth.to_string(), wrap.body["wbethAmount"].as_str().unwrap());
    let rows = call(&sim, "GET", "/sapi/v1/eth-staking/wbeth/history/wrapHistory", &[]).await;
    assert_eq!(
        (rows.body["rows"][0]["fromAsset"].as_str(), rows.body["rows"][0]["status"].as_str()),
        (Some("BETH"), Some("SUCCESS"))
    );
    assert_eq!(
        call(&sim, "GET", "/sapi/v1/eth-staking/wbeth/history/unwrapHistory", &[]).await.body,
        serde_json::json!({"total": 0})
    );
    call(&sim, "POST", "/sapi/v1/sol-staking/sol/stake", &[("amount", "50")]).await;
    sim.advance(Duration::from_secs(3 * 86_400));
    let eth = call(&sim, "GET", "/sapi/v1/eth-staking/eth/history/wbethRewardsHistory", &[]).await;
    assert!(eth.body["total"].as_u64().unwrap() >= 2, "{:?}", eth.body);
    assert_ne!(eth.body["estRewardsInETH"], "0");
    let sol = call(&sim, "GET", "/sapi/v1/sol-staking/sol/history/bnsolRewardsHistory", &[]).await;
    assert!(sol.body["rows"][0]["amountInSOL"].as_str().is_some(), "{:?}", sol.body);
    let boost = call(&sim, "GET", "/sapi/v1/sol-staking/sol/history/boostRewardsHistory", &[]).await;
    assert_eq!(boost.code(), -1102, "type is required");
    let boost = call(&sim, "GET", "/sapi/v1/sol-staking/sol/history/boostRewardsHistory", &[("type", "CLAIM")]).await;
    assert_eq!(boost.body, serde_json::json!({"total": 0}));
    assert_eq!(
        call(&sim, "GET", "/sapi/v1/sol-staking/sol/history/unclaimedRewards", &[]).await.body,
        serde_json::json!([])
    );
    assert_eq!(
        call(&sim, "POST", "/sapi/v1/sol-staking/sol/claim", &[]).await.body,
        serde_json::json!({"success": true})
    );
}
