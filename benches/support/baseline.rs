//! The floor: what a careful engineer writes by hand for one signed read per venue, with
//! reqwest + hmac + serde_json and every field as a `String` (no exact amounts, no
//! validation, no error classification, no retries, no rate limits, no tracing).

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::{
    BYBIT_POSITIONS_PATH, BYBIT_SMALL_PRODUCT, OKX_ETH_BALANCE_PATH, OKX_POSITIONS_PATH, WALLET, WEB3_POSITIONS_PATH,
};

/// Any failure, as text.
pub type BaselineResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// One venue's keys, held in plain strings.
pub struct Keys {
    /// API key.
    pub key: &'static str,
    /// Secret.
    pub secret: &'static str,
    /// Passphrase (OKX).
    pub passphrase: &'static str,
}

/// A hand-written client: one reqwest client (connection pool) and a base URL.
pub struct Baseline {
    http: reqwest::Client,
    base: String,
    okx: Keys,
    bybit: Keys,
}

fn hmac_sha256(secret: &str, message: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(0))
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`, by hand (days-to-civil from H. Hinnant's date algorithms).
fn iso_now() -> String {
    let ms = now_ms();
    let (days, rem) = (ms / 86_400_000, ms % 86_400_000);
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    let (h, m, s, milli) = (rem / 3_600_000, rem / 60_000 % 60, rem / 1000 % 60, rem % 1000);
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{milli:03}Z")
}

#[derive(Deserialize)]
struct OkxEnvelope<T> {
    code: String,
    #[allow(dead_code)]
    msg: String,
    data: T,
}

/// One OKX on-chain earn order, every field as text.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct OkxOrderRow {
    ord_id: String,
    ccy: String,
    product_id: String,
    state: String,
    protocol: String,
    protocol_type: String,
    term: String,
    apy: String,
    invest_data: Vec<OkxCcyAmt>,
    earning_data: Vec<OkxEarning>,
    purchased_time: String,
    tag: String,
    est_settlement_time: String,
    cancel_redemption_deadline: String,
    fast_redemption_data: Vec<OkxFast>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct OkxCcyAmt {
    ccy: String,
    amt: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct OkxEarning {
    ccy: String,
    earning_type: String,
    #[serde(default)]
    earnings: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct OkxFast {
    ccy: String,
    redeeming_amt: String,
}

/// One OKX ETH staking balance row, every field as text.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct OkxBalanceRow {
    amt: String,
    ccy: String,
    latest_interest_accrual: String,
    total_interest_accrual: String,
    ts: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BybitEnvelope<T> {
    ret_code: i64,
    result: T,
}

#[derive(Deserialize)]
struct BybitList<T> {
    list: Vec<T>,
}

/// One Bybit Easy Earn position, every field as text.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct BybitPositionRow {
    coin: String,
    product_id: String,
    amount: String,
    total_pnl: String,
    claimable_yield: String,
    id: String,
    status: String,
    order_id: String,
    estimate_redeem_time: String,
    estimate_stake_time: String,
    estimate_interest_calculation_time: String,
    settlement_time: String,
    auto_reinvest: String,
    available_amount: String,
    freeze_details: Vec<BybitFreeze>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct BybitFreeze {
    amount: String,
    description: String,
}

/// One OKX Web3 platform with its holdings, text where the venue sends text.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct Web3PlatformRow {
    wallet_id_platform_detail_list: Vec<Web3Wallet>,
    platform_name: String,
    analysis_platform_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Web3Wallet {
    network_hold_vo_list: Vec<Web3Network>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Web3Network {
    network: String,
    chain_index: String,
    is_support_invest: bool,
    total_asset: String,
    invest_token_balance_vo_list: Vec<IgnoredAny>,
    invest_market_token_balance_vo_list: Vec<Web3Market>,
    available_rewards: Vec<Web3Reward>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Web3Market {
    asset_map: HashMap<String, Vec<Web3Asset>>,
    market_rewards: Vec<IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Web3Reward {
    reward_type: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Web3Asset {
    investment_id: u64,
    token_symbol: String,
    token_address: String,
    chain_index: String,
    token_precision: u64,
    coin_amount: String,
    currency_amount: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Web3DetailBody<'a> {
    wallet_address_list: [Web3WalletAddress<'a>; 1],
    platform_list: [Web3PlatformKey<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Web3WalletAddress<'a> {
    chain_index: &'a str,
    wallet_address: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Web3PlatformKey<'a> {
    chain_index: &'a str,
    analysis_platform_id: &'a str,
}

impl Baseline {
    /// A hand-written client for `base` (plain reqwest defaults).
    pub fn new(base: &str, okx: Keys, bybit: Keys) -> Self {
        Baseline { http: reqwest::Client::new(), base: base.to_owned(), okx, bybit }
    }

    /// OKX-style signed request headers: `Base64(HMAC(ts + METHOD + path + body))`.
    fn okx_signed(
        &self,
        builder: reqwest::RequestBuilder,
        method: &str,
        path: &str,
        body: &str,
    ) -> reqwest::RequestBuilder {
        let ts = iso_now();
        let sign = base64::engine::general_purpose::STANDARD
            .encode(hmac_sha256(self.okx.secret, format!("{ts}{method}{path}{body}").as_bytes()));
        builder
            .header("OK-ACCESS-KEY", self.okx.key)
            .header("OK-ACCESS-SIGN", sign)
            .header("OK-ACCESS-TIMESTAMP", ts)
            .header("OK-ACCESS-PASSPHRASE", self.okx.passphrase)
            .header("Content-Type", "application/json")
    }

    /// A signed OKX GET of `path`, its `data` decoded as `T`.
    async fn okx_get<T: serde::de::DeserializeOwned>(&self, path: &str) -> BaselineResult<T> {
        let request = self.http.get(format!("{}{path}", self.base));
        let bytes = self.okx_signed(request, "GET", path, "").send().await?.bytes().await?;
        let envelope: OkxEnvelope<T> = serde_json::from_slice(&bytes)?;
        if envelope.code != "0" {
            return Err(format!("OKX code {}", envelope.code).into());
        }
        Ok(envelope.data)
    }

    /// OKX on-chain earn active orders.
    pub async fn okx_positions(&self) -> BaselineResult<Vec<OkxOrderRow>> {
        self.okx_get(OKX_POSITIONS_PATH).await
    }

    /// OKX ETH staking balance (one row).
    pub async fn okx_eth_balance(&self) -> BaselineResult<Vec<OkxBalanceRow>> {
        self.okx_get(OKX_ETH_BALANCE_PATH).await
    }

    /// Bybit FlexibleSaving positions.
    pub async fn bybit_positions(&self) -> BaselineResult<Vec<BybitPositionRow>> {
        self.bybit_get_positions("category=FlexibleSaving").await
    }

    /// Bybit FlexibleSaving positions of one product (one position).
    pub async fn bybit_position(&self) -> BaselineResult<Vec<BybitPositionRow>> {
        self.bybit_get_positions(&format!("category=FlexibleSaving&productId={BYBIT_SMALL_PRODUCT}")).await
    }

    /// A signed Bybit GET of the positions endpoint with `query`.
    async fn bybit_get_positions(&self, query: &str) -> BaselineResult<Vec<BybitPositionRow>> {
        let ts = now_ms().to_string();
        let recv = "5000";
        let sign =
            hex::encode(hmac_sha256(self.bybit.secret, format!("{ts}{}{recv}{query}", self.bybit.key).as_bytes()));
        let bytes = self
            .http
            .get(format!("{}{BYBIT_POSITIONS_PATH}?{query}", self.base))
            .header("X-BAPI-API-KEY", self.bybit.key)
            .header("X-BAPI-SIGN", sign)
            .header("X-BAPI-TIMESTAMP", ts)
            .header("X-BAPI-RECV-WINDOW", recv)
            .send()
            .await?
            .bytes()
            .await?;
        let envelope: BybitEnvelope<BybitList<BybitPositionRow>> = serde_json::from_slice(&bytes)?;
        if envelope.ret_code != 0 {
            return Err(format!("Bybit retCode {}", envelope.ret_code).into());
        }
        Ok(envelope.result.list)
    }

    /// OKX Web3 v6 platform detail (positions) for the demo wallet.
    pub async fn web3_positions(&self) -> BaselineResult<Vec<Web3PlatformRow>> {
        let body = serde_json::to_string(&Web3DetailBody {
            wallet_address_list: [Web3WalletAddress { chain_index: "1", wallet_address: WALLET }],
            platform_list: [Web3PlatformKey { chain_index: "1", analysis_platform_id: "44" }],
        })?;
        let request = self.http.post(format!("{}{WEB3_POSITIONS_PATH}", self.base));
        let request = self.okx_signed(request, "POST", WEB3_POSITIONS_PATH, &body);
        let bytes = request.body(body).send().await?.bytes().await?;
        let envelope: OkxEnvelope<Vec<Web3PlatformRow>> = serde_json::from_slice(&bytes)?;
        if envelope.code != "0" {
            return Err(format!("OKX Web3 code {}", envelope.code).into());
        }
        Ok(envelope.data)
    }
}
