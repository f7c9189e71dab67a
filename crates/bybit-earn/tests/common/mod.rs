//! Shared test helpers: a wiremock server, Bybit envelopes, and a matcher that recomputes
//! the V5 signature from the raw headers, query and body independently of the crate.
#![allow(dead_code)]

use std::sync::Mutex;
use std::time::Duration;

use bybit_earn::{BybitEarnClient, Environment};
use earn_core::Credentials;
use earn_core::http::{RetryPolicy, TransportOptions};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use wiremock::{Match, MockServer, Request, Respond, ResponseTemplate};

pub const KEY: &str = "TESTKEY123";
pub const SECRET: &str = "TEST_SECRET_1234567890";

/// HMAC-SHA256 hex, computed here without the crate's code.
pub fn hmac_hex(message: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

pub fn header<'a>(r: &'a Request, name: &str) -> Option<&'a str> {
    r.headers.get(name).and_then(|v| v.to_str().ok())
}

/// Matches a correctly signed V5 request: key, recv window 5000, sign type 2, signature over
/// `timestamp + key + recvWindow + (raw query | raw body)`.
pub struct Signed;

impl Match for Signed {
    fn matches(&self, r: &Request) -> bool {
        let (Some(ts), Some(key), Some(recv), Some(sig)) = (
            header(r, "x-bapi-timestamp"),
            header(r, "x-bapi-api-key"),
            header(r, "x-bapi-recv-window"),
            header(r, "x-bapi-sign"),
        ) else {
            return false;
        };
        let payload: Vec<u8> =
            if r.method.as_str() == "GET" { r.url.query().unwrap_or("").as_bytes().to_vec() } else { r.body.clone() };
        let mut pre = format!("{ts}{key}{recv}").into_bytes();
        pre.extend_from_slice(&payload);
        key == KEY
            && recv == "5000"
            && header(r, "x-bapi-sign-type") == Some("2")
            && ts.parse::<i64>().is_ok()
            && sig == hmac_hex(&pre)
            && (r.method.as_str() != "GET" || r.body.is_empty())
    }
}

/// Matches a request with no authentication headers at all.
pub struct Unsigned;

impl Match for Unsigned {
    fn matches(&self, r: &Request) -> bool {
        ["x-bapi-sign", "x-bapi-api-key", "x-bapi-timestamp"].iter().all(|h| r.headers.get(*h).is_none())
    }
}

/// Matches the exact raw query string (`""` for none).
pub struct QueryIs(pub &'static str);

impl Match for QueryIs {
    fn matches(&self, r: &Request) -> bool {
        r.url.query().unwrap_or("") == self.0
    }
}

/// Matches a POST whose body is exactly this JSON text and whose content type is JSON.
pub struct BodyIs(pub String);

impl Match for BodyIs {
    fn matches(&self, r: &Request) -> bool {
        r.body == self.0.as_bytes() && header(r, "content-type") == Some("application/json")
    }
}

pub fn ok(result: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(
        format!(r#"{{"retCode":0,"retMsg":"OK","result":{result},"retExtInfo":{{}},"time":1739936607117}}"#),
        "application/json",
    )
}

pub fn code(code: i64, msg: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(
        format!(r#"{{"retCode":{code},"retMsg":"{msg}","result":{{}},"retExtInfo":{{}},"time":1739936607117}}"#),
        "application/json",
    )
}

/// Answers with each template in turn, then repeats the last.
pub struct Sequence(Mutex<Vec<ResponseTemplate>>);

impl Sequence {
    pub fn new(mut v: Vec<ResponseTemplate>) -> Self {
        v.reverse();
        Sequence(Mutex::new(v))
    }
}

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut v = self.0.lock().unwrap();
        if v.len() > 1 { v.pop().unwrap() } else { v[0].clone() }
    }
}

pub fn fast_retry() -> RetryPolicy {
    RetryPolicy { max_retries: 2, initial_backoff: Duration::from_millis(1), max_backoff: Duration::from_millis(20) }
}

pub fn client(server: &MockServer) -> BybitEarnClient {
    client_with(server, TransportOptions::default().retry_policy(fast_retry()).timeout(Duration::from_millis(800)))
}

/// A signed client with its own transport options.
pub fn client_with(server: &MockServer, transport: TransportOptions) -> BybitEarnClient {
    BybitEarnClient::builder(Environment::Testnet)
        .base_url(server.uri())
        .credentials(Credentials::new(KEY, SECRET))
        .transport(transport)
        .build()
        .unwrap()
}

pub fn public_client(server: &MockServer) -> BybitEarnClient {
    BybitEarnClient::builder(Environment::Mainnet)
        .base_url(server.uri())
        .transport(TransportOptions::default().retry_policy(fast_retry()))
        .build()
        .unwrap()
}

pub fn amt(s: &str) -> earn_core::Amount {
    earn_core::Amount::parse(s).unwrap()
}

pub fn body_json(r: &Request) -> serde_json::Value {
    serde_json::from_slice(&r.body).unwrap()
}

/// Every request the server received, of any path.
pub async fn all_requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

pub async fn received(server: &MockServer, path: &str) -> Vec<Request> {
    server.received_requests().await.unwrap().into_iter().filter(|r| r.url.path() == path).collect()
}

pub const FLEX_PRODUCT: &str = r#"{"category":"FlexibleSaving","estimateApr":"3%","coin":"BTC","minStakeAmount":"0.001","maxStakeAmount":"10","precision":"8","productId":"430","status":"Available","bonusEvents":[],"minRedeemAmount":"","maxRedeemAmount":"","duration":"","term":0,"swapCoin":"","swapCoinPrecision":"","stakeExchangeRate":"","redeemExchangeRate":"","rewardDistributionType":"","rewardIntervalMinute":0,"redeemProcessingMinute":0,"stakeTime":"","interestCalculationTime":""}"#;

pub const ONCHAIN_PRODUCT: &str = r#"{"category":"OnChain","estimateApr":"4.25%","coin":"ETH","minStakeAmount":"0.01","maxStakeAmount":"100","precision":"6","productId":"8","status":"Available","bonusEvents":[{"apr":"1%","coin":"MNT","announcement":"https://x"}],"minRedeemAmount":"","maxRedeemAmount":"","duration":"Fixed","term":30,"swapCoin":"ETH","swapCoinPrecision":"6","stakeExchangeRate":"","redeemExchangeRate":"","rewardDistributionType":"Simple","rewardIntervalMinute":"1440","redeemProcessingMinute":"2880","stakeTime":"1744243200000","interestCalculationTime":"1744329600000"}"#;

/// A flexible OnChain non-LST product (redeemed from a named position, 2880 min delay).
pub const ONCHAIN_FLEX_PRODUCT: &str = r#"{"category":"OnChain","estimateApr":"4.25%","coin":"ETH","minStakeAmount":"0.01","maxStakeAmount":"100","precision":"6","productId":"8","status":"Available","bonusEvents":[],"minRedeemAmount":"","maxRedeemAmount":"","duration":"Flexible","term":0,"swapCoin":"ETH","swapCoinPrecision":"6","stakeExchangeRate":"","redeemExchangeRate":"","rewardDistributionType":"Simple","rewardIntervalMinute":"1440","redeemProcessingMinute":"2880","stakeTime":"1744243200000","interestCalculationTime":"1744329600000"}"#;

/// The issue-11 product: a 30-day fixed-term OnChain USDT product with the best APR, its
/// name silent about the lock (`redeemProcessingMinute` 0).
pub const ONCHAIN_FIXED_PRODUCT: &str = r#"{"category":"OnChain","estimateApr":"8%","coin":"USDT","minStakeAmount":"10","maxStakeAmount":"50000","precision":"4","productId":"503","status":"Available","bonusEvents":[],"minRedeemAmount":"","maxRedeemAmount":"","duration":"Fixed","term":30,"swapCoin":"USDT","swapCoinPrecision":"","stakeExchangeRate":"","redeemExchangeRate":"","rewardDistributionType":"Simple","rewardIntervalMinute":1440,"redeemProcessingMinute":0,"stakeTime":"1744243200000","interestCalculationTime":"1744329600000"}"#;
