//! Router tests: the module served on 127.0.0.1:0 and called with raw, independently
//! signed HTTP requests.

use std::sync::Arc;

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use super::{DEFAULT_WALLET, DEMO_SOLANA_WALLET, Web3Config, Web3State, base58, keccak, router};
use crate::auth::DemoCredentials;
use crate::clock::SimClock;

const KEY: &str = "test-web3-key";
const SECRET: &str = "test-web3-secret";
const PASSPHRASE: &str = "test-web3-pass";

struct Sim {
    base: String,
    clock: Arc<SimClock>,
    http: reqwest::Client,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for Sim {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn start() -> Sim {
    let clock = Arc::new(SimClock::default());
    let config = Web3Config {
        credentials: vec![DemoCredentials::new(KEY, SECRET).with_passphrase(PASSPHRASE)],
        wallet: DEFAULT_WALLET.to_owned(),
    };
    let app = router(Arc::new(Web3State::new(config, Arc::clone(&clock))));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Sim { base, clock, http: reqwest::Client::builder().no_proxy().build().unwrap(), server }
}

/// ISO-8601 UTC with milliseconds of the local clock.
fn timestamp_now() -> String {
    earn_core::UnixMillis::now_local().to_iso8601()
}

/// `Base64(HMAC-SHA256(secret, ts + METHOD + target + body))`, computed here from scratch.
fn sign(secret: &str, ts: &str, method: &str, target: &str, body: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{ts}{method}{target}{body}").as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

impl Sim {
    async fn raw(&self, method: &str, target: &str, body: &str, signature: Option<String>) -> (u16, Value) {
        let ts = timestamp_now();
        let signature = signature.unwrap_or_else(|| sign(SECRET, &ts, method, target, body));
        let url = format!("{}{target}", self.base);
        let request = if method == "GET" { self.http.get(url) } else { self.http.post(url).body(body.to_owned()) };
        let response = request
            .header("OK-ACCESS-KEY", KEY)
            .header("OK-ACCESS-PASSPHRASE", PASSPHRASE)
            .header("OK-ACCESS-TIMESTAMP", ts)
            .header("OK-ACCESS-SIGN", signature)
            .header("Content-Type", "application/json")
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}")))
    }

    async fn get(&self, target: &str) -> Value {
        let (status, body) = self.raw("GET", target, "", None).await;
        assert_eq!(status, 200, "{target}: {body}");
        body
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        let (status, body) = self.raw("POST", path, &body.to_string(), None).await;
        assert_eq!(status, 200, "{path}: {body}");
        body
    }

    /// `data` of a successful answer (numeric `code` 0).
    async fn ok_get(&self, target: &str) -> Value {
        let body = self.get(target).await;
        assert_eq!(body["code"], json!(0), "{target}: {body}");
        body["data"].clone()
    }

    async fn ok_post(&self, path: &str, body: Value) -> Value {
        let body = self.post(path, body).await;
        assert_eq!(body["code"], json!(0), "{path}: {body}");
        body["data"].clone()
    }

    /// HTTP status and numeric code of a failed POST.
    async fn post_err(&self, path: &str, body: Value) -> (u16, u64) {
        let (status, body) = self.raw("POST", path, &body.to_string(), None).await;
        (status, body["code"].as_u64().unwrap_or_else(|| panic!("code not a number: {body}")))
    }
}

fn wallet() -> String {
    DEFAULT_WALLET.to_lowercase()
}

/// Seed body of the reference (§9 a1), with our wallet and product.
fn seed_body(pretty: bool) -> String {
    let body = json!({
        "address": wallet(),
        "inputTokenAmount": "1.000000146425127036",
        "investmentCategory": "0",
        "investmentId": "21033",
        "isSingle": false,
        "outputTokenAddress": "0x6b175474e89094c44da98b954eedeac495271d0f",
        "outputTokenDecimal": "18",
        "redeemId": "",
        "slippage": ""
    });
    if pretty { serde_json::to_string_pretty(&body).unwrap() } else { body.to_string() }
}

#[test]
fn default_wallet_is_the_eip55_form() {
    assert_eq!(keccak::eip55("0x7f42b7cd2bb9cf7ea4f2e0d5a0b4eeb2d8d899da").as_deref(), Some(DEFAULT_WALLET));
}

#[tokio::test]
async fn signatures_over_raw_bytes() {
    let sim = start().await;
    let path = "/api/v5/defi/calculator/redeem-info";
    for pretty in [false, true] {
        let (status, body) = sim.raw("POST", path, &seed_body(pretty), None).await;
        assert_eq!((status, body["code"].clone()), (200, json!(0)), "{body}");
        assert_eq!(body["data"]["receiveTokenList"][0]["coinAmount"], "1.000000146425127036");
    }
    // Signed over the compact body, sent pretty: rejected.
    let ts = timestamp_now();
    let wrong = sign(SECRET, &ts, "POST", path, &seed_body(false));
    let (status, body) = sim.raw("POST", path, &seed_body(true), Some(wrong)).await;
    assert_eq!((status, body["code"].clone()), (401, json!(50113)));
    // GET: the query is part of the signed target.
    let target = "/api/v5/defi/explore/product/detail?investmentId=9502&investmentCategory=0";
    assert_eq!(sim.raw("GET", target, "", None).await.0, 200);
    let ts = timestamp_now();
    let without_query = sign(SECRET, &ts, "GET", "/api/v5/defi/explore/product/detail", "");
    assert_eq!(sim.raw("GET", target, "", Some(without_query)).await.1["code"], json!(50113));
    // Stale timestamp against the venue clock.
    sim.clock.set_skew_ms(120_000);
    let (status, body) = sim.raw("GET", target, "", None).await;
    assert_eq!(status, 401);
    assert!(matches!(body["code"].as_u64(), Some(50102 | 50112)), "{body}");
}

#[tokio::test]
async fn missing_and_wrong_headers() {
    let sim = start().await;
    let url = format!("{}/api/v6/defi/product/supported-chains", sim.base);
    let response = sim.http.get(&url).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(body["code"], json!(50103));
    let ts = timestamp_now();
    let sig = sign(SECRET, &ts, "GET", "/api/v6/defi/product/supported-chains", "");
    let response = sim
        .http
        .get(&url)
        .header("OK-ACCESS-KEY", KEY)
        .header("OK-ACCESS-PASSPHRASE", "wrong")
        .header("OK-ACCESS-TIMESTAMP", ts)
        .header("OK-ACCESS-SIGN", sig)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(body["code"], json!(50105));
}

#[tokio::test]
async fn every_endpoint_answers_with_the_documented_shape() {
    let sim = start().await;
    let w = wallet();
    let gets: [(&str, bool); 10] = [
        ("/api/v5/defi/explore/protocol/list", true),
        ("/api/v5/defi/explore/token/list?chainId=1", true),
        ("/api/v5/defi/explore/product/detail?investmentId=9502", false),
        ("/api/v5/defi/explore/network-list", true),
        ("/api/v6/defi/product/supported-chains", true),
        ("/api/v6/defi/product/supported-platforms", true),
        ("/api/v6/defi/product/detail?investmentId=9502", false),
        ("/api/v6/defi/product/rate/chart?investmentId=9502&timeRange=MONTH", true),
        ("/api/v6/defi/product/tvl/chart?investmentId=8973", false),
        ("/api/v5/defi/user/investment/unstake-list?investmentId=10005&userAddress=W", false),
    ];
    for (target, is_array) in gets {
        let data = sim.ok_get(&target.replace('W', &w)).await;
        assert_eq!(data.is_array(), is_array, "{target}: {data}");
        assert!(data.is_array() || data.is_object());
    }
    let posts: Vec<(&str, Value, bool)> = vec![
        (
            "/api/v5/defi/explore/product/list",
            json!({"simplifyInvestType":"100","network":"ETH","limit":"10","offset":"0","sort":{"orders":[{"direction":"DESC","property":"TVL"}]}}),
            false,
        ),
        (
            "/api/v5/defi/calculator/subscribe-info",
            json!({"address": w, "inputAmount":"1.5","investmentId":"9502","inputTokenAddress":"0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"}),
            false,
        ),
        ("/api/v5/defi/calculator/redeem-info", serde_json::from_str(&seed_body(false)).unwrap(), false),
        (
            "/api/v5/defi/transaction/authorization",
            json!({"address": w, "investmentId":"8973","type":3,"userInputList":[{"chainId":10,"coinAmount":"10"}]}),
            false,
        ),
        (
            "/api/v5/defi/transaction/subscription",
            json!({"address": w, "investmentId":"9502","userInputList":[{"chainId":"1","coinAmount":"10"}],"expectOutputList":[{"coinAmount":"10"}]}),
            false,
        ),
        (
            "/api/v5/defi/transaction/redemption",
            json!({"address": w, "investmentId":"9502","userInputList":[{"coinAmount":"10"}],"expectOutputLIst":[{"coinAmount":"10"}]}),
            false,
        ),
        (
            "/api/v5/defi/transaction/bonus",
            json!({"address": w, "investmentId":"10005","extra":"{\"claimIndex\":41234}"}),
            false,
        ),
        (
            "/api/v5/defi/user/asset/platform/list",
            json!({"walletAddressList":[{"chainId":1,"walletAddress": w}]}),
            false,
        ),
        (
            "/api/v5/defi/user/asset/platform/detail",
            json!({"analysisPlatformId":10,"accountIdInfoList":[{"walletAddressList":[{"chainId":1,"walletAddress": w}]}]}),
            false,
        ),
        (
            "/api/v5/defi/user/investment/asset-detail",
            json!({"address": w, "investmentId":"10005","chainId":"1"}),
            true,
        ),
        (
            "/api/v5/defi/user/balance-list",
            json!({"chainId":"1","address": w,"tokenAddressList":["0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee","0x6b175474e89094c44da98b954eedeac495271d0f"]}),
            true,
        ),
        (
            "/api/v6/defi/product/search",
            json!({"tokenKeywordList":["USDC"],"platformKeywordList":["Aave"],"productGroup":"SINGLE_EARN","pageNum":1}),
            false,
        ),
        ("/api/v6/defi/product/detail/prepare", json!({"investmentId": 12345 - 2843}), false),
        (
            "/api/v6/defi/calculator/enter/info",
            json!({"investmentId":"8973","address": w,"inputTokenAddress":"0x0b2c639c533813f4aa9d7837caf62653d097ff85","inputAmount":"2","tokenDecimal":"6"}),
            false,
        ),
        (
            "/api/v6/defi/transaction/enter",
            json!({"investmentId":"9502","address": w,"userInputList":[{"chainIndex":"1","coinAmount":"1","tokenPrecision":6}]}),
            false,
        ),
        ("/api/v6/defi/transaction/exit", json!({"investmentId":"9502","address": w,"redeemPercent":"0.5"}), false),
        (
            "/api/v6/defi/transaction/claim",
            json!({"rewardType":"REWARD_PLATFORM","analysisPlatformId":"144","address": w,"chainIndex":10}),
            false,
        ),
        (
            "/api/v6/defi/user/asset/platform/list",
            json!({"walletAddressList":[{"chainIndex":"1","walletAddress": w}]}),
            false,
        ),
        (
            "/api/v6/defi/user/asset/platform/detail",
            json!({"walletAddressList":[{"chainIndex":"1","walletAddress": w}],"platformList":[{"chainIndex":"1","analysisPlatformId":"44"}]}),
            true,
        ),
    ];
    for (path, body, is_array) in posts {
        let data = sim.ok_post(path, body).await;
        assert_eq!(data.is_array(), is_array, "{path}: {data}");
        if path.contains("/transaction/") {
            assert!(!data["dataList"].as_array().unwrap().is_empty(), "{path}: {data}");
        }
    }
    // v6 product endpoints answer without `msg`; v5 user endpoints add the legacy fields.
    let body = sim.get("/api/v6/defi/product/supported-chains").await;
    assert!(body.get("msg").is_none());
    let body = sim
        .post(
            "/api/v5/defi/user/asset/platform/list",
            json!({"walletAddressList":[{"chainId":"1","walletAddress": w}]}),
        )
        .await;
    assert_eq!(body["error_code"], "0");
}

#[tokio::test]
async fn calculators_follow_products_and_positions() {
    let sim = start().await;
    let w = wallet();
    // Aave: USDC already approved to the pool; 1:1 receipt; yearly gain = amount × rate.
    let data = sim
        .ok_post(
            "/api/v5/defi/calculator/subscribe-info",
            json!({"address": w, "inputAmount":"1000","investmentId":"9502","inputTokenAddress":"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"}),
        )
        .await;
    assert_eq!(data["receiveTokenInfo"]["coinAmount"], "1000");
    assert_eq!(data["receiveTokenInfo"]["tokenSymbol"], "aEthUSDC");
    assert_eq!(data["gainsTokenList"][0]["coinAmount"], "31.2");
    assert_eq!(data["approveStatusList"][0]["isNeedApprove"], json!(false));
    assert_eq!(data["isAllowSubscribe"], json!(true));
    // More than the wallet's 10000 USDC.
    let data = sim
        .ok_post(
            "/api/v5/defi/calculator/subscribe-info",
            json!({"address": w, "inputAmount":"10000.000001","investmentId":"9502","inputTokenAddress":"0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"}),
        )
        .await;
    assert_eq!(data["isAllowSubscribe"], json!(false));
    // Compound on Optimism: not approved yet.
    let data = sim
        .ok_post(
            "/api/v6/defi/calculator/enter/info",
            json!({"investmentId":8973,"address": w,"inputTokenAddress":"0x0b2c639c533813f4aa9d7837caf62653d097ff85","inputAmount":"2"}),
        )
        .await;
    assert_eq!(data["approveStatusList"][0]["isNeedApprove"], json!(true));
    assert_eq!(data["approveStatusList"][0]["approveAddress"], "0x2e44e174f7d53f0212823acc11c01a11d58c5bcb");
    assert_eq!(data["investWithTokenList"][0]["coinAmount"], "2");
    // Redeem within and beyond the 2500.123456 aEthUSDC position.
    let redeem = |amount: &str| json!({"address": w, "inputTokenAmount": amount, "investmentId":"9502","outputTokenAddress":"0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"});
    let data = sim.ok_post("/api/v5/defi/calculator/redeem-info", redeem("2500.123456")).await;
    assert_eq!(data["isAllowRedeem"], json!(true));
    assert_eq!(data["mySupply"]["coinAmount"], "2500.123456");
    assert_eq!(data["receiveTokenList"][0]["coinAmount"], "2500.123456");
    let data = sim.ok_post("/api/v5/defi/calculator/redeem-info", redeem("2500.123457")).await;
    assert_eq!(data["isAllowRedeem"], json!(false));
    // Lido redemption needs stETH approved to the withdrawal queue.
    let data = sim
        .ok_post(
            "/api/v5/defi/calculator/redeem-info",
            json!({"address": w, "inputTokenAmount":"2","investmentId":10005,"outputTokenAddress":"0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"}),
        )
        .await;
    assert_eq!(data["approveStatusList"][0]["orderType"], "4");
    assert_eq!(data["receiveTokenList"][0]["coinAmount"], "1.999");
}

/// The uint256 argument at `index` of an ABI-encoded call.
fn word(data: &str, index: usize) -> String {
    data[10 + 64 * index..10 + 64 * (index + 1)].to_owned()
}

fn uint(data: &str, index: usize) -> earn_core::U256 {
    earn_core::U256::from_str_radix(&word(data, index), 16).unwrap()
}

#[tokio::test]
async fn call_data_is_abi_encoded_from_exact_amounts() {
    let sim = start().await;
    let w = wallet();
    // v6 enter on Compound: approve the exact amount first, then supply.
    let data = sim
        .ok_post(
            "/api/v6/defi/transaction/enter",
            json!({"investmentId":"8973","address": w,"userInputList":[{"chainIndex":10,"coinAmount":"1234.567891","tokenAddress":"0x0b2c639c533813f4aa9d7837caf62653d097ff85"}],"slippage":"0.005"}),
        )
        .await;
    let list = data["dataList"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["callDataType"], "APPROVE");
    assert_eq!(list[0]["to"], "0x0b2c639c533813f4aa9d7837caf62653d097ff85");
    let approve = list[0]["serializedData"].as_str().unwrap();
    assert!(approve.starts_with("0x095ea7b3"));
    assert!(word(approve, 0).ends_with("2e44e174f7d53f0212823acc11c01a11d58c5bcb"));
    assert_eq!(uint(approve, 1), earn_core::U256::from(1_234_567_891u64));
    assert_eq!(list[1]["callDataType"], "DEPOSIT");
    assert_eq!(list[1]["to"], "0x2e44e174f7d53f0212823acc11c01a11d58c5bcb");
    assert_eq!(list[1]["from"], w);
    assert_eq!(list[1]["value"], "0x0");
    let supply = list[1]["serializedData"].as_str().unwrap();
    assert!(supply.starts_with(&format!("0x{}", hex::encode(keccak::selector("supply(address,uint256)")))));
    assert_eq!(uint(supply, 1), earn_core::U256::from(1_234_567_891u64));
    // Lido: native ETH value, no approval.
    let data = sim
        .ok_post(
            "/api/v6/defi/transaction/enter",
            json!({"investmentId":10005,"address": w,"userInputList":[{"coinAmount":"1.25"}]}),
        )
        .await;
    assert_eq!(data["dataList"].as_array().unwrap().len(), 1);
    assert_eq!(data["dataList"][0]["value"], "0x1158e460913d0000");
    // v5 renders value as decimal wei.
    let data = sim
        .ok_post(
            "/api/v5/defi/transaction/subscription",
            json!({"address": w, "investmentId":"10005","userInputList":[{"coinAmount":"1.25"}],"expectOutputList":[{"coinAmount":"1.25"}]}),
        )
        .await;
    assert_eq!(data["dataList"][0]["value"], "1250000000000000000");
    assert_eq!(data["dataList"][0]["callDataType"], "subscription");
    // Exit everything: MAX_UINT256; exit half: exactly half the position.
    let all = sim
        .ok_post("/api/v6/defi/transaction/exit", json!({"investmentId":"9502","address": w,"redeemPercent":"1"}))
        .await;
    let withdraw = all["dataList"][0]["serializedData"].as_str().unwrap();
    assert!(withdraw.starts_with("0x69328dec"));
    assert_eq!(uint(withdraw, 1), earn_core::U256::MAX);
    let half = sim
        .ok_post("/api/v6/defi/transaction/exit", json!({"investmentId":"9502","address": w,"redeemPercent":"0.5"}))
        .await;
    assert_eq!(
        uint(half["dataList"][0]["serializedData"].as_str().unwrap(), 1),
        earn_core::U256::from(1_250_061_728u64)
    );
    // Lido exit: approve stETH to the queue, then requestWithdrawals of the exact amount.
    let lido = sim
        .ok_post(
            "/api/v6/defi/transaction/exit",
            json!({"investmentId":"10005","address": w,"userInputList":[{"coinAmount":"2.5"}]}),
        )
        .await;
    let list = lido["dataList"].as_array().unwrap();
    assert_eq!(list[0]["callDataType"], "APPROVE");
    assert_eq!(list[1]["callDataType"], "WITHDRAW");
    assert_eq!(
        uint(list[1]["serializedData"].as_str().unwrap(), 3),
        earn_core::U256::from(2_500_000_000_000_000_000u64)
    );
    // Claims: a finalized Lido withdrawal; Compound rewards.
    let claim = sim
        .ok_post(
            "/api/v6/defi/transaction/claim",
            json!({"rewardType":"UNLOCKED_PRINCIPAL","investmentId":"10005","principalIndex":"41234","address": w}),
        )
        .await;
    assert_eq!(uint(claim["dataList"][0]["serializedData"].as_str().unwrap(), 0), earn_core::U256::from(41234u64));
    let claim = sim
        .ok_post(
            "/api/v6/defi/transaction/claim",
            json!({"rewardType":"REWARD_INVESTMENT","investmentId":"8973","address": w}),
        )
        .await;
    assert!(claim["dataList"][0]["serializedData"].as_str().unwrap().starts_with("0xb7034f7e"));
}

#[tokio::test]
async fn solana_transactions_are_base58_with_a_signature_placeholder() {
    let sim = start().await;
    let data = sim
        .ok_post(
            "/api/v6/defi/transaction/enter",
            json!({"investmentId":"22180","address": DEMO_SOLANA_WALLET,"userInputList":[{"chainIndex":"501","coinAmount":"1.5"}]}),
        )
        .await;
    let tx = base58::decode(data["dataList"][0]["serializedData"].as_str().unwrap()).unwrap();
    assert_eq!(tx[0], 1);
    assert!(tx[1..65].iter().all(|b| *b == 0));
    assert_eq!(&tx[tx.len() - 8..], &1_500_000_000u64.to_le_bytes());
    // An EVM address on the Solana product.
    let (status, code) = sim
        .post_err(
            "/api/v6/defi/transaction/enter",
            json!({"investmentId":"22180","address": wallet(),"userInputList":[{"coinAmount":"1.5"}]}),
        )
        .await;
    assert_eq!((status, code), (200, 84019));
}

#[tokio::test]
async fn numeric_quirks_of_the_real_api() {
    let sim = start().await;
    let w = wallet();
    let digits = |s: &Value| s.as_str().unwrap().chars().filter(char::is_ascii_digit).count();
    // USD with more than 28 digits; analysisPlatformId as a JSON number (v5).
    let data = sim
        .ok_post(
            "/api/v5/defi/user/asset/platform/list",
            json!({"walletAddressList":[{"chainId":1,"walletAddress": w}]}),
        )
        .await;
    let platforms = data["walletIdPlatformList"][0]["platformList"].as_array().unwrap();
    assert!(platforms.len() >= 2);
    assert!(platforms.iter().all(|p| p["analysisPlatformId"].is_u64()));
    assert!(platforms.iter().any(|p| digits(&p["currencyAmount"]) > 28));
    // A position too large for a Decimal, and Java-style zero rewards.
    let data = sim
        .ok_post("/api/v5/defi/user/investment/asset-detail", json!({"address": w, "investmentId":"21033","chainId":1}))
        .await;
    assert_eq!(data[0]["assetsTokenList"][0]["coinAmount"], "100000000000.123456789012345678");
    assert!(digits(&data[0]["totalValue"]) > 28);
    assert_eq!(data[0]["rewardDefiTokenInfo"][0]["baseDefiTokenInfos"][0]["coinAmount"], "0E-18");
    // Ids as numbers where the examples show numbers; precision string in v5, int in v6 detail.
    assert!(sim.ok_get("/api/v5/defi/explore/protocol/list?platformId=144").await[0]["platformId"].is_u64());
    assert!(sim.ok_get("/api/v6/defi/product/detail?investmentId=9502").await["investmentId"].is_u64());
    let unstake =
        sim.ok_get(&format!("/api/v5/defi/user/investment/unstake-list?investmentId=10005&userAddress={w}")).await;
    assert!(unstake["investmentId"].is_u64());
    assert_eq!(unstake["canClaimAll"], json!(false));
    assert_eq!(unstake["rewardTokenInfos"][0]["claimIndex"], "41234");
    let v6 = sim.ok_get("/api/v6/defi/product/detail?investmentId=9502").await;
    assert_eq!(v6["underlyingToken"][0]["tokenPrecision"], json!(6));
    let v5 = sim
        .ok_post(
            "/api/v5/defi/user/balance-list",
            json!({"chainId":1,"address": w,"tokenAddressList":["0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"]}),
        )
        .await;
    assert_eq!(v5[0]["tokenPrecision"], "6");
    assert_eq!(v5[0]["coinAmount"], "10000");
    // Both expectOutputList spellings are accepted, and chainId as number or string.
    for key in ["expectOutputList", "expectOutputLIst"] {
        for chain in [json!(1), json!("1")] {
            let mut body =
                json!({"address": w, "investmentId":"9502","userInputList":[{"chainId": chain,"coinAmount":"5"}]});
            body[key] = json!([{"chainId": chain, "coinAmount":"5"}]);
            sim.ok_post("/api/v5/defi/transaction/subscription", body).await;
        }
    }
}

#[tokio::test]
async fn validation_errors_carry_the_reference_codes() {
    let sim = start().await;
    let w = wallet();
    let usdc = "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48";
    let sub = "/api/v5/defi/calculator/subscribe-info";
    let cases: Vec<(&str, Value, (u16, u64))> = vec![
        (sub, json!({"inputAmount":"1","investmentId":"1","inputTokenAddress": usdc}), (200, 84024)),
        (
            sub,
            json!({"inputAmount":"1","investmentId":"9502","inputTokenAddress":"0x6b175474e89094c44da98b954eedeac495271d0f"}),
            (200, 84010),
        ),
        (sub, json!({"inputAmount":"1.0000001","investmentId":"9502","inputTokenAddress": usdc}), (400, 84000)),
        (sub, json!({"inputAmount":"1e3","investmentId":"9502","inputTokenAddress": usdc}), (400, 84000)),
        (sub, json!({"inputAmount":"-1","investmentId":"9502","inputTokenAddress": usdc}), (400, 84000)),
        (sub, json!({"investmentId":"9502","inputTokenAddress": usdc}), (400, 50014)),
        (
            sub,
            json!({"inputAmount":"1","investmentId":"9502","inputTokenAddress": usdc,"address":"0x1234"}),
            (200, 84019),
        ),
        (
            "/api/v5/defi/transaction/subscription",
            json!({"address": w, "investmentId":"9502","userInputList":[{"coinAmount":"10000.5"}],"expectOutputList":[{"coinAmount":"1"}]}),
            (200, 84014),
        ),
        (
            "/api/v5/defi/transaction/redemption",
            json!({"address": w, "investmentId":"9502","userInputList":[{"coinAmount":"2600"}],"expectOutputList":[{"coinAmount":"1"}]}),
            (200, 84014),
        ),
        (
            "/api/v5/defi/transaction/authorization",
            json!({"address": w, "investmentId":"9502","type":5,"userInputList":[{"coinAmount":"1"}]}),
            (200, 84022),
        ),
        ("/api/v5/defi/transaction/bonus", json!({"address": w, "investmentId":"9502"}), (200, 84025)),
        (
            "/api/v6/defi/transaction/claim",
            json!({"rewardType":"REWARD_INVESTMENT","investmentId":"9502","address": w}),
            (200, 84025),
        ),
        (
            "/api/v6/defi/transaction/claim",
            json!({"rewardType":"UNLOCKED_PRINCIPAL","investmentId":"10005","principalIndex":41235,"address": w}),
            (200, 84029),
        ),
        (
            "/api/v6/defi/transaction/enter",
            json!({"investmentId":"9502","address": w,"slippage":"1.5","userInputList":[{"coinAmount":"1"}]}),
            (400, 84000),
        ),
        (
            "/api/v6/defi/transaction/exit",
            json!({"investmentId":"9502","address": w,"redeemPercent":"1.01"}),
            (400, 84000),
        ),
        ("/api/v6/defi/product/search", json!({"pageNum":1}), (400, 50014)),
    ];
    for (path, body, expected) in cases {
        assert_eq!(sim.post_err(path, body.clone()).await, expected, "{path} {body}");
    }
    // Malformed JSON body.
    let (status, body) = sim.raw("POST", sub, "{not json", None).await;
    assert_eq!((status, body["code"].clone()), (400, json!(84000)));
    // V3-only chart on a lending product.
    let body = sim.get("/api/v6/defi/product/depth-price/chart?investmentId=9502").await;
    assert_eq!(body["code"], json!(84032));
}
