//! Answers the adapter tests share.
#![allow(dead_code)]

use earn_core::UnixMillis;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockGuard, MockServer};

use crate::common::ok;

pub const SE: &str = "/sapi/v1/simple-earn";

pub fn now() -> i64 {
    UnixMillis::now_local().0
}

/// Every GET not answered otherwise: an empty page (lowest priority).
pub async fn empty_reads(server: &MockServer) {
    Mock::given(method("GET")).respond_with(ok(r#"{"rows":[],"total":0}"#)).with_priority(100).mount(server).await;
}

/// `body` at `GET path`.
pub async fn get(server: &MockServer, p: &str, body: &str) {
    Mock::given(method("GET")).and(path(p)).respond_with(ok(body)).mount(server).await;
}

/// `body` at `GET path` while the guard lives.
pub async fn get_scoped(server: &MockServer, p: &str, body: &str) -> MockGuard {
    Mock::given(method("GET")).and(path(p)).respond_with(ok(body)).mount_as_scoped(server).await
}

/// `body` at `POST path`.
pub async fn post(server: &MockServer, p: &str, body: &str) {
    Mock::given(method("POST")).and(path(p)).respond_with(ok(body)).mount(server).await;
}

pub const FLEX_LIST: &str = r#"{"rows":[
 {"asset":"USDT","latestAnnualPercentageRate":"0.05000000","tierAnnualPercentageRate":{"0-5BTC":0.05},"airDropPercentageRate":"0.01","canPurchase":true,"canRedeem":true,"isSoldOut":false,"hot":true,"minPurchaseAmount":"0.01000000","productId":"USDT001","subscriptionStartTime":1646182276000,"status":"PURCHASING"},
 {"asset":"USDT","latestAnnualPercentageRate":"0.07","canPurchase":true,"canRedeem":true,"isSoldOut":true,"minPurchaseAmount":"1","productId":"USDT002","status":"PURCHASING"}],"total":2}"#;

pub const LOCKED_LIST: &str = r#"{"rows":[
 {"projectId":"Axs*90","detail":{"asset":"AXS","rewardAsset":"AXS","duration":90,"renewable":true,"isSoldOut":false,"apr":"1.2069","status":"PURCHASING","subscriptionStartTime":1646182276000},"quota":{"totalPersonalQuota":"2","minimum":"0.001"}},
 {"projectId":"Axs*7","detail":{"asset":"AXS","isSoldOut":false,"status":"PURCHASING"},"quota":{}}],"total":2}"#;

pub const ETH_QUOTA: &str = r#"{"leftStakingPersonalQuota":"1000","leftRedemptionPersonalQuota":"500","minStakeAmount":"0.0001","minRedeemAmount":"0.00000001","redeemPeriod":1,"stakeable":true,"redeemable":true,"commissionFee":"0.1","calculating":false}"#;

pub const SOL_QUOTA: &str = r#"{"leftStakingPersonalQuota":"1000","leftRedemptionPersonalQuota":"1000","minStakeAmount":"0.01","minRedeemAmount":"0.0001","redeemPeriod":4,"stakeable":true,"redeemable":true,"soldOut":false,"commissionFee":"0.25","nextEpochTime":725993969475,"calculating":false}"#;

/// ETH rate history: an older and a newer point (the newer one counts).
pub fn eth_rates() -> String {
    format!(
        r#"{{"rows":[{{"annualPercentageRate":"0.03","exchangeRate":"1.05","time":{}}},{{"annualPercentageRate":"0.031","exchangeRate":"1.06","time":{}}}],"total":"2"}}"#,
        now() - 86_400_000,
        now() - 1000
    )
}

pub fn sol_rates() -> String {
    format!(
        r#"{{"rows":[{{"annualPercentageRate":"0.07","exchangeRate":"1.1","boostRewards":[],"time":{}}}],"total":"1"}}"#,
        now() - 1000
    )
}

/// The reads of a full product listing.
pub async fn product_reads(server: &MockServer) {
    get(server, &format!("{SE}/flexible/list"), FLEX_LIST).await;
    get(server, &format!("{SE}/locked/list"), LOCKED_LIST).await;
    get(server, "/sapi/v1/eth-staking/eth/quota", ETH_QUOTA).await;
    get(server, "/sapi/v1/eth-staking/eth/history/rateHistory", &eth_rates()).await;
    get(server, "/sapi/v1/sol-staking/sol/quota", SOL_QUOTA).await;
    get(server, "/sapi/v1/sol-staking/sol/history/rateHistory", &sol_rates()).await;
}
