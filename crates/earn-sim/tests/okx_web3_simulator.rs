//! The OKX Web3 DeFi simulator through the public `Simulator` handle: default credentials,
//! the demo wallet's seeded positions, and balances seeded through the builder.

use base64::Engine as _;
use earn_sim::{SimVenue, Simulator};
use hmac::{Hmac, KeyInit, Mac};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use sha2::Sha256;

async fn post(sim: &Simulator, path: &str, body: &Value) -> Value {
    let creds = sim.web3_credentials();
    let ts = earn_core::UnixMillis::now_local().to_iso8601();
    let body = body.to_string();
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(creds.secret.as_bytes()).unwrap();
    mac.update(format!("{ts}POST{path}{body}").as_bytes());
    let sign = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    let response = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .post(format!("{}{path}", sim.base_url()))
        .header("OK-ACCESS-KEY", &creds.api_key)
        .header("OK-ACCESS-PASSPHRASE", creds.passphrase.as_deref().unwrap_or_default())
        .header("OK-ACCESS-TIMESTAMP", ts)
        .header("OK-ACCESS-SIGN", sign)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let value: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(value["code"], json!(0), "{value}");
    value["data"].clone()
}

#[tokio::test]
async fn okx_web3_demo_wallet_positions_are_served_on_the_shared_address() {
    let sim = Simulator::start().await.unwrap();
    assert_eq!(sim.web3_wallet(), "0x7f42B7cD2BB9cF7ea4F2e0d5A0B4EeB2d8d899DA");
    assert_eq!(sim.web3_credentials().api_key, "sim-web3-key");
    let body = json!({"walletAddressList": [{"chainId": "1", "walletAddress": sim.web3_wallet()}]});
    let data = post(&sim, "/api/v5/defi/user/asset/platform/list", &body).await;
    let names: Vec<&str> = data["walletIdPlatformList"][0]["platformList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["platformName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Aave V3", "Lido"]);
    assert_eq!(sim.balance(SimVenue::OkxWeb3, "USDC"), Decimal::from(10_000));
}

#[tokio::test]
async fn okx_web3_builder_balances_reach_the_wallet() {
    let sim = Simulator::builder().balance(SimVenue::OkxWeb3, "DAI", Decimal::new(25, 1)).start().await.unwrap();
    assert_eq!(sim.balance(SimVenue::OkxWeb3, "DAI"), Decimal::new(25, 1));
    let body = json!({
        "chainId": 1,
        "address": sim.web3_wallet(),
        "tokenAddressList": ["0x6b175474e89094c44da98b954eedeac495271d0f"],
    });
    let data = post(&sim, "/api/v5/defi/user/balance-list", &body).await;
    assert_eq!(data[0]["coinAmount"], "2.5");
    // A subscription beyond the seeded balance is refused with 84014.
    let body = json!({
        "address": sim.web3_wallet(),
        "investmentId": "21033",
        "inputAmount": "3",
        "inputTokenAddress": "0x6b175474e89094c44da98b954eedeac495271d0f",
    });
    let data = post(&sim, "/api/v5/defi/calculator/subscribe-info", &body).await;
    assert_eq!(data["isAllowSubscribe"], json!(false));
}
