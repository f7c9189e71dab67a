//! Bad input is refused before any request: the error names the field, and the server sees
//! nothing.

use binance_earn::api::common::Window;
use binance_earn::api::eth_staking::*;
use binance_earn::api::flexible::*;
use binance_earn::api::locked::*;
use binance_earn::api::simple_earn::RedeemTo;
use binance_earn::api::sol_staking::*;
use binance_earn::api::wallet::*;
use earn_core::{Amount, UnixMillis};

use crate::common::refused;

fn a(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

const DAY: i64 = 86_400_000;

#[tokio::test]
async fn amounts() {
    refused(&SubscribeFlexible::new("USDT001", Amount::ZERO), "amount").await;
    refused(&SubscribeFlexible::new("USDT001", a("1.000000001")), "amount").await;
    refused(&RedeemFlexible::new("USDT001", Amount::ZERO), "amount").await;
    refused(&SubscribeLocked::new("Axs*90", a("0.123456789")), "amount").await;
    refused(&GetFlexibleSubscriptionPreview::new("USDT001", Amount::ZERO), "amount").await;
    refused(&GetLockedSubscriptionPreview::new("Axs*90", Amount::ZERO), "amount").await;
    // ETH stake and BETH wrap: 4 decimals; ETH and SOL redemptions: 8.
    refused(&StakeEth::new(a("0.00001")), "amount").await;
    refused(&WrapBeth::new(a("1.00001")), "amount").await;
    refused(&RedeemEth::new(a("0.000000001")), "amount").await;
    refused(&RedeemSol::new(a("0.000000001")), "amount").await;
    refused(&StakeSol::new(Amount::ZERO), "amount").await;
    refused(&UniversalTransfer::new(TransferType::MainFunding, "USDT", Amount::ZERO), "amount").await;
}

#[tokio::test]
async fn identifiers() {
    refused(&SubscribeFlexible::new("USDT 001", a("1")), "productId").await;
    refused(&SubscribeFlexible::new("a&amount=9", a("1")), "productId").await;
    refused(&GetFlexiblePersonalLeftQuota::new(""), "productId").await;
    refused(&SubscribeLocked::new("Axs 90", a("1")), "projectId").await;
    refused(&GetLockedPersonalLeftQuota::new("Axs*90&x=1"), "projectId").await;
    refused(&RedeemLocked::new("12a"), "positionId").await;
    refused(&SetLockedAutoSubscribe::new("", true), "positionId").await;
    refused(&GetLockedPositions::new().position_id("1.5"), "positionId").await;
    refused(&GetFlexibleSubscriptionRecord::new().purchase_id("x"), "purchaseId").await;
    refused(&GetEthRedemptionHistory::new().redeem_id("-1"), "redeemId").await;
    refused(&GetFlexibleProducts::new().asset("US-DT"), "asset").await;
    refused(&UniversalTransfer::new(TransferType::MainFunding, "", a("1")), "asset").await;
}

#[tokio::test]
async fn enumerations_outside_the_documented_values() {
    refused(&SubscribeLocked::new("Axs*90", a("1")).redeem_to(RedeemTo::Other("FUND".into())), "redeemTo").await;
    refused(&SetLockedRedeemOption::new("1", RedeemTo::Other("ALL".into())), "redeemTo").await;
    refused(&RedeemEth::new(a("1")).asset(EthRedeemAsset::Other("ETH".into())), "asset").await;
    refused(&GetFlexibleRewardsRecord::new(FlexibleRewardType::Other("x".into())), "type").await;
    refused(&GetBoostRewardsHistory::new(BoostRewardType::Other("x".into())), "type").await;
    refused(&UniversalTransfer::new(TransferType::Other("MAIN_EARN".into()), "USDT", a("1")), "type").await;
}

#[tokio::test]
async fn transfer_symbols_follow_the_type() {
    refused(&UniversalTransfer::new(TransferType::IsolatedmarginMargin, "BTC", a("1")), "fromSymbol").await;
    refused(&UniversalTransfer::new(TransferType::MarginIsolatedmargin, "BTC", a("1")), "toSymbol").await;
    refused(&UniversalTransfer::new(TransferType::MainFunding, "BTC", a("1")).from_symbol("BTCUSDT"), "fromSymbol")
        .await;
    refused(
        &GetUniversalTransferHistory::new(TransferType::IsolatedmarginIsolatedmargin).from_symbol("BTCUSDT"),
        "toSymbol",
    )
    .await;
}

#[tokio::test]
async fn windows_and_pages() {
    let long = Window::between(UnixMillis(0), UnixMillis(31 * DAY));
    refused(&GetFlexibleSubscriptionRecord::new().window(long), "startTime").await;
    refused(&GetLockedRedemptionRecord::new().window(long), "startTime").await;
    refused(&GetEthStakingHistory::new().window(long), "startTime").await;
    refused(&GetSolRedemptionHistory::new().window(long), "startTime").await;
    refused(
        &GetFlexibleRateHistory::new("BTC001").window(Window::between(UnixMillis(0), UnixMillis(366 * DAY))),
        "startTime",
    )
    .await;
    refused(&GetFlexibleRedemptionRecord::new().window(Window::between(UnixMillis(2), UnixMillis(1))), "startTime")
        .await;
    refused(&GetFlexibleProducts::new().page(1, 101), "size").await;
    refused(&GetLockedProducts::new().page(0, 10), "current").await;
    refused(&GetLockedRewardsRecord::new().window(Window::new().page(1001, 10)), "current").await;
    let mut timed = GetFlexiblePositions::new();
    timed.window = Window::new().start(UnixMillis(1));
    refused(&timed, "startTime").await;
}
