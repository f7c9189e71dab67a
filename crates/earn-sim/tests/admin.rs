//! The admin HTTP API: faults, clocks, balances and the ledger from any language.

mod common;

use common::*;
use earn_sim::{SimAccount, SimVenue, Simulator};
use serde_json::{Value, json};

const PLACE: &str = "/v5/earn/place-order";

async fn admin_sim(delay_ms: u64) -> Simulator {
    Simulator::builder()
        .admin_api(true)
        .enforce_rate_limits(false)
        .settlement_delay(std::time::Duration::from_millis(delay_ms))
        .start()
        .await
        .unwrap()
}

async fn admin(sim: &Simulator, method: reqwest::Method, route: &str, body: Option<Value>) -> (u16, Value) {
    let url = format!("{}{route}", sim.admin_url().unwrap());
    let mut request = reqwest::Client::new().request(method, url);
    if let Some(body) = body {
        request = request.header("Content-Type", "application/json").body(body.to_string());
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, serde_json::from_slice(&response.bytes().await.unwrap()).unwrap())
}

#[tokio::test]
async fn faults_armed_over_http_hit_the_next_authenticated_request() {
    let sim = admin_sim(0).await;
    let arm = json!({"path": PLACE, "kind": "status", "status": 503, "nth": 1});
    let (status, armed) = admin(&sim, reqwest::Method::POST, "/faults", Some(arm)).await;
    assert_eq!(status, 200, "{armed}");
    assert_eq!(armed["armed"], json!({"path": PLACE, "kind": "status", "status": 503, "nth": 1}));
    let (_, listed) = admin(&sim, reqwest::Method::GET, "/faults", None).await;
    assert_eq!(listed["faults"][0]["seen"], 0);
    let body = bybit_order("FlexibleSaving", "Stake", "BTC", "430", "0.1", "adm-1");
    let faulted = bybit_request(&sim, sim.clock().now_ms(), reqwest::Method::POST, PLACE, "", &body);
    assert_eq!(faulted.send().await.unwrap().status().as_u16(), 503);
    assert_eq!(sim.applied_writes(PLACE), 0);
    assert_eq!(bybit_post(&sim, PLACE, &body).await.ret_code(), 0, "only the first");
    admin(&sim, reqwest::Method::POST, "/faults", Some(json!({"path": PLACE, "kind": "rate_limit", "always": true})))
        .await;
    let (_, cleared) = admin(&sim, reqwest::Method::DELETE, "/faults", None).await;
    assert_eq!(cleared["cleared"], 1);
    let (status, refused) =
        admin(&sim, reqwest::Method::POST, "/faults", Some(json!({"path": PLACE, "kind": "boom"}))).await;
    assert_eq!(status, 400);
    assert!(refused["error"].as_str().unwrap().contains("unknown kind"));
}

#[tokio::test]
async fn clock_skew_and_advance() {
    let sim = admin_sim(3_600_000).await;
    let stake = bybit_post(&sim, PLACE, &bybit_order("FlexibleSaving", "Stake", "BTC", "430", "0.25", "adv-1")).await;
    assert_eq!(stake.ret_code(), 0);
    let (_, clock) = admin(&sim, reqwest::Method::POST, "/clock/advance", Some(json!({"ms": 3_600_001}))).await;
    assert_eq!(clock["advancedMs"], 3_600_001);
    let order = bybit_get(&sim, "/v5/earn/order", "category=FlexibleSaving&orderLinkId=adv-1").await;
    assert_eq!(order.ret_code(), 0, "signatures with the server clock stay valid: {:?}", order.body);
    assert_eq!(order.body["result"]["list"][0]["status"], "Success", "settled in ledger time");
    let (status, _) = admin(&sim, reqwest::Method::POST, "/clock/advance", Some(json!({"ms": -1}))).await;
    assert_eq!(status, 400);
    let (_, clock) = admin(&sim, reqwest::Method::POST, "/clock/skew", Some(json!({"ms": 45_000}))).await;
    assert_eq!(clock["skewMs"], 45_000);
    let stale = bybit_request(
        &sim,
        sim.clock().now_ms() - 45_000,
        reqwest::Method::GET,
        "/v5/earn/position",
        "category=FlexibleSaving",
        "",
    );
    assert_eq!(send(stale).await.ret_code(), 10002);
    let (_, clock) = admin(&sim, reqwest::Method::GET, "/clock", None).await;
    let (server, ledger) = (clock["serverTimeMs"].as_i64().unwrap(), clock["ledgerTimeMs"].as_i64().unwrap());
    assert!(ledger - server >= 3_600_001);
}

#[tokio::test]
async fn balances_set_over_http_show_in_the_ledger_dump() {
    let sim = admin_sim(0).await;
    let (status, set) =
        admin(&sim, reqwest::Method::POST, "/balances", Some(json!({"venue": "okx", "asset": "eth", "amount": "7"})))
            .await;
    assert_eq!((status, &set["asset"]), (200, &json!("ETH")), "{set}");
    assert_eq!(sim.balance(SimVenue::OkxExchange, "ETH"), dec("7"));
    let unified = json!({"venue": "bybit", "asset": "USDT", "amount": "12.5", "account": "UNIFIED"});
    assert_eq!(admin(&sim, reqwest::Method::POST, "/balances", Some(unified)).await.0, 200);
    let (status, err) =
        admin(&sim, reqwest::Method::POST, "/balances", Some(json!({"venue": "web3", "asset": "NOPE", "amount": "1"})))
            .await;
    assert_eq!(status, 400);
    assert!(err["error"].as_str().unwrap().contains("OKX Web3"), "{err}");
    let (_, ledger) = admin(&sim, reqwest::Method::GET, "/ledger", None).await;
    assert_eq!(ledger["okx"]["accounts"]["sim-okx-key"]["funding"]["ETH"], "7");
    assert_eq!(ledger["okx"]["accounts"]["sim-okx-demo-key"]["environment"], "demo");
    assert_eq!(ledger["bybit"]["accounts"]["sim-bybit-key"]["UNIFIED"]["USDT"], "12.5");
    assert_eq!(ledger["web3"]["wallet"], sim.web3_wallet());
    assert!(ledger["counters"]["requests"].is_object());
    assert_eq!(sim.ledger()["okx"], ledger["okx"], "the Rust API dumps the same");
}

#[tokio::test]
async fn balances_of_every_account_are_set_over_http() {
    let sim = admin_sim(0).await;
    let post = |body: Value| admin(&sim, reqwest::Method::POST, "/balances", Some(body));
    let (status, set) = post(json!({"balance": "okx:trading:beth=2.5"})).await;
    assert_eq!(status, 200, "{set}");
    assert_eq!(set, json!({"venue": "okx", "account": "trading", "asset": "BETH", "amount": "2.5"}));
    assert_eq!(sim.account_balance(SimAccount::OKX_TRADING, "BETH"), dec("2.5"));
    let (_, set) = post(json!({"balance": "okx:funding:USDT=1234"})).await;
    assert_eq!(set["account"], "funding");
    assert_eq!(sim.balance(SimVenue::OkxExchange, "USDT"), dec("1234"));
    let (status, _) = post(json!({"venue": "okx", "account": "trading", "asset": "USDT", "amount": "7"})).await;
    assert_eq!(status, 200);
    assert_eq!(sim.account_balance(SimAccount::OKX_TRADING, "USDT"), dec("7"));
    let (_, set) = post(json!({"venue": "bybit", "account": "bybit:unified", "asset": "USDC", "amount": "9"})).await;
    assert_eq!(set["account"], "UNIFIED", "{set}");
    assert_eq!(sim.account_balance(SimAccount::BYBIT_UNIFIED, "USDC"), dec("9"));
    let (status, err) = post(json!({"balance": "okx:FUND:USDT=1"})).await;
    assert_eq!(status, 400);
    assert!(err["error"].as_str().unwrap().contains("funding, trading"), "{err}");
    let (status, _) = post(json!({"venue": "bybit", "account": "SPOT", "asset": "USDT", "amount": "1"})).await;
    assert_eq!(status, 400);
    // The venues answer with what was set.
    let trading = okx_get(&sim, "/api/v5/account/balance?ccy=BETH").await;
    assert_eq!(trading.body["data"][0]["details"][0]["availBal"], "2.5");
    let (_, ledger) = admin(&sim, reqwest::Method::GET, "/ledger", None).await;
    assert_eq!(ledger["okx"]["accounts"]["sim-okx-key"]["trading"]["BETH"], "2.5");
    assert_eq!(ledger["bybit"]["accounts"]["sim-bybit-key"]["UNIFIED"]["USDC"], "9");
    let (_, index) = admin(&sim, reqwest::Method::GET, "", None).await;
    assert!(index.to_string().contains("okx:trading:BETH=1"), "{index}");
}

#[tokio::test]
async fn every_account_is_seeded_and_set_from_rust() {
    let sim = Simulator::builder()
        .account_balance(SimAccount::BYBIT_UNIFIED, "usdc", dec("40"))
        .balance(SimVenue::Bybit, "USDT", dec("5"))
        .start()
        .await
        .unwrap();
    assert_eq!(sim.account_balance(SimAccount::BYBIT_UNIFIED, "USDC"), dec("40"));
    assert_eq!(sim.account_balance(SimAccount::BYBIT_UNIFIED, "USDT"), dec("2000"), "other seeds stay");
    assert_eq!(sim.account_balance(SimAccount::BYBIT_FUND, "USDT"), dec("5"));
    assert_eq!(sim.account_balance(SimAccount::OKX_TRADING, "BETH"), dec("1"));
    sim.set_account_balance(SimAccount::OKX_TRADING, "beth", dec("3")).unwrap();
    let okx_trading = sim.account_balances(SimAccount::OKX_TRADING);
    assert_eq!(okx_trading.get("BETH"), Some(&dec("3")));
    assert!(sim.set_account_balance(SimAccount::OKX_TRADING, "BE-TH", dec("1")).is_err());
    assert!(sim.account_balances(SimAccount::WEB3_WALLET).contains_key("USDC"));
    let refused = Simulator::builder().account_balance(SimAccount::OKX_TRADING, "USDT", dec("-1")).start().await;
    assert!(refused.is_err());
}

#[tokio::test]
async fn admin_routes_are_json_and_off_unless_asked() {
    let sim = admin_sim(0).await;
    let (status, index) = admin(&sim, reqwest::Method::GET, "", None).await;
    assert_eq!(status, 200);
    assert!(index["routes"].as_array().is_some_and(|r| r.len() >= 8));
    assert_eq!(admin(&sim, reqwest::Method::GET, "/nothing", None).await.0, 404);
    assert_eq!(admin(&sim, reqwest::Method::PUT, "/ledger", None).await.0, 405);
    let embedded = unlimited().await;
    assert!(embedded.admin_url().is_none());
    let off = public_get(&embedded, "/__admin/ledger").await;
    assert_eq!(off.status, 404, "an unknown path there: {:?}", off.body);
}
