//! ETH staking (E1–E11) and SOL staking (S1–S11).

use binance_earn::api::common::Window;
use binance_earn::api::eth_staking::*;
use binance_earn::api::sol_staking::*;
use earn_core::{Amount, Rate, UnixMillis};
use rust_decimal::Decimal;

use crate::common::roundtrip;

fn a(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

fn w() -> Window {
    Window::between(UnixMillis(10), UnixMillis(20)).page(1, 50)
}

const W: &str = "startTime=10&endTime=20&current=1&size=50";

#[tokio::test]
async fn eth_account_and_quota() {
    let body = r#"{"holdingInETH":"1.22330928","holdings":{"wbethAmount":"1.10928781","bethAmount":"1.90002112"},"thirtyDaysProfitInETH":"0.22330928","profit":{"amountFromWBETH":"0.12330928","amountFromBETH":"0.1"}}"#;
    let r = roundtrip(&GetEthStakingAccount, "GET", "/sapi/v2/eth-staking/account", "", body).await;
    assert_eq!(r.holdings.wbeth_amount, Some(a("1.10928781")));
    assert_eq!(r.profit.amount_from_beth, Some(a("0.1")));
    let body = r#"{"leftStakingPersonalQuota":"1000","leftRedemptionPersonalQuota":"1000","minStakeAmount":"0.0001","minRedeemAmount":"0.0000001","redeemPeriod":1,"stakeable":true,"redeemable":true,"commissionFee":"0.1","calculating":false}"#;
    let r = roundtrip(&GetEthStakingQuota, "GET", "/sapi/v1/eth-staking/eth/quota", "", body).await;
    assert_eq!((r.redeem_period, r.stakeable), (Some(1), Some(true)));
}

#[tokio::test]
async fn eth_stake_and_redeem() {
    let r = roundtrip(
        &StakeEth::new(a("0.5")),
        "POST",
        "/sapi/v2/eth-staking/eth/stake",
        "amount=0.5",
        r#"{"success":true,"wbethAmount":"0.23092091","conversionRatio":"1.001212342342","purchaseId":1234567}"#,
    )
    .await;
    assert_eq!(r.purchase_id.as_deref(), Some("1234567"));
    assert_eq!(r.conversion_ratio, Some("1.001212342342".parse::<Decimal>().unwrap()));
    // The EN example has no purchaseId.
    let r = roundtrip(
        &StakeEth::new(a("0.5")),
        "POST",
        "/sapi/v2/eth-staking/eth/stake",
        "amount=0.5",
        r#"{"success":true,"wbethAmount":"0.23","conversionRatio":"1.0"}"#,
    )
    .await;
    assert_eq!(r.purchase_id, None);
    let r = roundtrip(
        &RedeemEth::new(a("0.12345678")).asset(EthRedeemAsset::Wbeth),
        "POST",
        "/sapi/v1/eth-staking/eth/redeem",
        "amount=0.12345678&asset=WBETH",
        r#"{"success":true,"ethAmount":"0.23092091","conversionRatio":"1.00121234","arrivalTime":1575018510000,"redeemId":1234567}"#,
    )
    .await;
    assert_eq!(r.arrival_time, Some(UnixMillis(1_575_018_510_000)));
}

#[tokio::test]
async fn eth_histories() {
    let body = r#"{"rows":[{"time":1575018510000,"asset":"ETH","amount":"21312.23223","distributeAsset":"WBETH","distributeAmount":"21312.23223","conversionRatio":"1.00121234","status":"SUCCESS"}],"total":1}"#;
    let r = roundtrip(
        &GetEthStakingHistory::new().window(w()),
        "GET",
        "/sapi/v1/eth-staking/eth/history/stakingHistory",
        W,
        body,
    )
    .await;
    assert_eq!(r.rows[0].status, Some(StakingStatus::Success));
    // The SDK-only id filter is sent last, when set.
    roundtrip(
        &GetEthStakingHistory::new().purchase_id("7"),
        "GET",
        "/sapi/v1/eth-staking/eth/history/stakingHistory",
        "purchaseId=7",
        body,
    )
    .await;

    let body = r#"{"rows":[{"time":1575018510000,"arrivalTime":1575018510000,"asset":"WBETH","amount":"21312.23223","distributeAsset":"ETH","distributeAmount":"21312.23223","conversionRatio":"1.00121234","status":"PENDING"}],"total":1}"#;
    let r = roundtrip(
        &GetEthRedemptionHistory::new().window(w()),
        "GET",
        "/sapi/v1/eth-staking/eth/history/redemptionHistory",
        W,
        body,
    )
    .await;
    assert_eq!(r.rows[0].status, Some(StakingStatus::Pending));

    let body = r#"{"estRewardsInETH":"1.23230920","rows":[{"time":1575018510000,"amountInETH":"0.23223","holding":"2.3223","holdingInETH":"2.4231","annualPercentageRate":"0.5"}],"total":1}"#;
    let r = roundtrip(
        &GetWbethRewardsHistory::new().window(w()),
        "GET",
        "/sapi/v1/eth-staking/eth/history/wbethRewardsHistory",
        W,
        body,
    )
    .await;
    assert_eq!(r.est_rewards_in_eth, Some(a("1.23230920")));

    let body = r#"{"rows":[{"annualPercentageRate":"0.00006408","exchangeRate":"1.001212343432","time":1577233578000}],"total":"1"}"#;
    let r = roundtrip(
        &GetEthRateHistory::new().window(w()),
        "GET",
        "/sapi/v1/eth-staking/eth/history/rateHistory",
        W,
        body,
    )
    .await;
    assert_eq!(
        (r.total, r.rows[0].annual_percentage_rate),
        (Some(1), Some(Rate::parse_fraction("0.00006408").unwrap()))
    );
}

#[tokio::test]
async fn wbeth_wrap_and_histories() {
    let r = roundtrip(
        &WrapBeth::new(a("1.2345")),
        "POST",
        "/sapi/v1/eth-staking/wbeth/wrap",
        "amount=1.2345",
        r#"{"success":true,"wbethAmount":"0.23092091","exchangeRate":"1.001212343432"}"#,
    )
    .await;
    assert_eq!(r.wbeth_amount, Some(a("0.23092091")));
    let body = r#"{"rows":[{"time":1575018510000,"fromAsset":"BETH","fromAmount":"21312.23223","toAsset":"WBETH","toAmount":"21312.23223","exchangeRate":"1.01223","status":"SUCCESS"}],"total":1}"#;
    let r = roundtrip(
        &GetWbethWrapHistory::new().window(w()),
        "GET",
        "/sapi/v1/eth-staking/wbeth/history/wrapHistory",
        W,
        body,
    )
    .await;
    assert_eq!(r.rows[0].from_amount, Some(a("21312.23223")));
    roundtrip(
        &GetWbethUnwrapHistory::new().window(w()),
        "GET",
        "/sapi/v1/eth-staking/wbeth/history/unwrapHistory",
        W,
        body,
    )
    .await;
}

#[tokio::test]
async fn sol_account_and_quota() {
    let r = roundtrip(
        &GetSolStakingAccount,
        "GET",
        "/sapi/v1/sol-staking/account",
        "",
        r#"{"bnsolAmount":"1.10928781","holdingInSOL":"1.22330928","thirtyDaysProfitInSOL":"0.22330928"}"#,
    )
    .await;
    assert_eq!(r.bnsol_amount, Some(a("1.10928781")));
    let body = r#"{"leftStakingPersonalQuota":"1000","leftRedemptionPersonalQuota":"1000","minStakeAmount":"0.01","minRedeemAmount":"0.0001","redeemPeriod":4,"stakeable":true,"redeemable":true,"soldOut":false,"commissionFee":"0.25","nextEpochTime":725993969475,"calculating":false}"#;
    let r = roundtrip(&GetSolStakingQuota, "GET", "/sapi/v1/sol-staking/sol/quota", "", body).await;
    assert_eq!((r.sold_out, r.next_epoch_time), (Some(false), Some(725_993_969_475)));
}

#[tokio::test]
async fn sol_stake_and_redeem() {
    let r = roundtrip(
        &StakeSol::new(a("2")),
        "POST",
        "/sapi/v1/sol-staking/sol/stake",
        "amount=2",
        r#"{"success":true,"bnsolAmount":"0.23092091","exchangeRate":"1.001212343432","purchaseId":9}"#,
    )
    .await;
    assert_eq!(r.bnsol_amount, Some(a("0.23092091")));
    let r = roundtrip(&RedeemSol::new(a("1.5")), "POST", "/sapi/v1/sol-staking/sol/redeem", "amount=1.5", r#"{"success":true,"solAmount":"0.23092091","exchangeRate":"1.001212343432","arrivalTime":1575018510000,"redeemId":8}"#).await;
    assert_eq!(r.redeem_id.as_deref(), Some("8"));
}

#[tokio::test]
async fn sol_histories() {
    let body = r#"{"rows":[{"time":1575018510000,"asset":"SOL","amount":"21312.23223","distributeAsset":"BNSOL","distributeAmount":"21312.23223","exchangeRate":"1.00121234","status":"SUCCESS"}],"total":1}"#;
    roundtrip(
        &GetSolStakingHistory::new().window(w()),
        "GET",
        "/sapi/v1/sol-staking/sol/history/stakingHistory",
        W,
        body,
    )
    .await;
    let body = r#"{"rows":[{"time":1575018510000,"arrivalTime":1575018510000,"asset":"BNSOL","amount":"21312.23223","distributeAsset":"SOL","distributeAmount":"21312.23223","exchangeRate":"1.00121234","status":"SUCCESS"}],"total":1}"#;
    roundtrip(
        &GetSolRedemptionHistory::new().redeem_id("8"),
        "GET",
        "/sapi/v1/sol-staking/sol/history/redemptionHistory",
        "redeemId=8",
        body,
    )
    .await;
    let body = r#"{"estRewardsInSOL":"1.23230920","rows":[{"time":1575018510000,"amountInSOL":"0.23223","holding":"2.3223","holdingInSOL":"2.4231","annualPercentageRate":"0.5"}],"total":1}"#;
    let r = roundtrip(
        &GetBnsolRewardsHistory::new().window(w()),
        "GET",
        "/sapi/v1/sol-staking/sol/history/bnsolRewardsHistory",
        W,
        body,
    )
    .await;
    assert_eq!(r.rows[0].amount_in_sol, Some(a("0.23223")));
    let body = r#"{"rows":[{"annualPercentageRate":"0.00006408","exchangeRate":"1.001212343432","boostRewards":[{"boostAPR":"0.12000000","rewardsAsset":"SOL"}],"time":1577233578000}],"total":"1"}"#;
    let r = roundtrip(
        &GetBnsolRateHistory::new().window(w()),
        "GET",
        "/sapi/v1/sol-staking/sol/history/rateHistory",
        W,
        body,
    )
    .await;
    assert_eq!(r.rows[0].boost_rewards[0].boost_apr, Some(Rate::parse_fraction("0.12").unwrap()));
}

#[tokio::test]
async fn sol_boost_rewards_and_claim() {
    let body = r#"{"rows":[{"time":1729520680,"token":"SOL","amount":"1.20291028","bnsolHolding":"2.0928798","status":"SUCCESS"}],"total":1}"#;
    let req = GetBoostRewardsHistory::new(BoostRewardType::Claim).window(w());
    let r = roundtrip(
        &req,
        "GET",
        "/sapi/v1/sol-staking/sol/history/boostRewardsHistory",
        &format!("type=CLAIM&{W}"),
        body,
    )
    .await;
    assert_eq!(r.rows[0].time, Some(1_729_520_680));
    let r = roundtrip(
        &GetUnclaimedRewards,
        "GET",
        "/sapi/v1/sol-staking/sol/history/unclaimedRewards",
        "",
        r#"[{"amount":"1.00000011","rewardsAsset":"SOL"}]"#,
    )
    .await;
    assert_eq!(r[0].rewards_asset.as_deref(), Some("SOL"));
    let r = roundtrip(&ClaimBoostRewards, "POST", "/sapi/v1/sol-staking/sol/claim", "", r#"{"success":true}"#).await;
    assert_eq!(r.success, Some(true));
}
