//! Simple Earn Locked (7.3, 7.5, 7.7, 7.9, 7.11, 7.13, 7.15, 7.17, 7.19, 7.23, 7.24).

use binance_earn::api::locked::*;
use binance_earn::api::simple_earn::*;
use earn_core::{Amount, Rate, UnixMillis};

use crate::common::roundtrip;

fn a(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

const SE: &str = "/sapi/v1/simple-earn";

#[tokio::test]
async fn list() {
    let body = r#"{"rows":[{"projectId":"Axs*90","detail":{"asset":"AXS","rewardAsset":"AXS","duration":90,"renewable":true,"isSoldOut":true,"apr":"1.2069","status":"CREATED","subscriptionStartTime":1646182276000,"extraRewardAsset":"BNB","extraRewardAPR":"0.23","boostRewardAsset":"AXS","boostApr":"0.0121","boostEndTime":1646182276000},"quota":{"totalPersonalQuota":"2","minimum":"0.001"}}],"total":1}"#;
    let r =
        roundtrip(&GetLockedProducts::new().asset("AXS"), "GET", &format!("{SE}/locked/list"), "asset=AXS", body).await;
    let p = &r.rows[0];
    assert_eq!(p.project_id, "Axs*90");
    assert_eq!(p.detail.duration, Some(90));
    assert_eq!(p.detail.apr, Some(Rate::parse_fraction("1.2069").unwrap()));
    assert_eq!(p.detail.extra_reward_apr, Some(Rate::parse_fraction("0.23").unwrap()));
    assert_eq!(p.quota.minimum, Some(a("0.001")));
    assert_eq!(p.detail.status, Some(ProductStatusText::Created));
}

/// The `*` of a projectId is sent (and signed) as `%2A`.
#[tokio::test]
async fn personal_left_quota_encodes_the_star() {
    let req = GetLockedPersonalLeftQuota::new("Axs*90");
    let r = roundtrip(
        &req,
        "GET",
        &format!("{SE}/locked/personalLeftQuota"),
        "projectId=Axs%2A90",
        r#"{"leftPersonalQuota":"2"}"#,
    )
    .await;
    assert_eq!(r.left_personal_quota, Some(a("2")));
}

#[tokio::test]
async fn subscription_preview_is_an_array_with_string_dates() {
    let body = r#"[{"rewardAsset":"AXS","totalRewardAmt":"5.17181528","extraRewardAsset":"BNB","estTotalExtraRewardAmt":"5.17181528","boostRewardAsset":"AXS","estDailyRewardAmt":"1.20928901","nextPay":"1.29295383","nextPayDate":"1646697600000","valueDate":"1646697600000","rewardsEndDate":"1651449600000","deliverDate":"1651536000000","nextSubscriptionDate":"1651536000000"}]"#;
    let req = GetLockedSubscriptionPreview::new("Axs*90", a("1")).auto_subscribe(false);
    let r = roundtrip(
        &req,
        "GET",
        &format!("{SE}/locked/subscriptionPreview"),
        "projectId=Axs%2A90&amount=1&autoSubscribe=false",
        body,
    )
    .await;
    assert_eq!(r[0].deliver_date, Some(UnixMillis(1_651_536_000_000)));
}

/// `autoSubscribe` and `redeemTo` are always sent; a numeric `positionId` is read.
#[tokio::test]
async fn subscribe_always_sends_both_contested_defaults() {
    let req = SubscribeLocked::new("Axs*90", a("1.5")).source_account(SourceAccount::All);
    let r = roundtrip(
        &req,
        "POST",
        &format!("{SE}/locked/subscribe"),
        "projectId=Axs%2A90&amount=1.5&autoSubscribe=false&sourceAccount=ALL&redeemTo=SPOT",
        r#"{"purchaseId":40607,"positionId":347608223,"success":true}"#,
    )
    .await;
    assert_eq!(r.position_id.as_deref(), Some("347608223"));
    let r2 = roundtrip(
        &SubscribeLocked::new("Axs*90", a("1")).auto_subscribe(true).redeem_to(RedeemTo::Flexible),
        "POST",
        &format!("{SE}/locked/subscribe"),
        "projectId=Axs%2A90&amount=1&autoSubscribe=true&redeemTo=FLEXIBLE",
        r#"{"purchaseId":40607,"positionId":"12345","success":true}"#,
    )
    .await;
    assert_eq!(r2.position_id.as_deref(), Some("12345"));
}

#[tokio::test]
async fn redeem() {
    let r = roundtrip(
        &RedeemLocked::new("1234"),
        "POST",
        &format!("{SE}/locked/redeem"),
        "positionId=1234",
        r#"{"redeemId":40607,"success":true}"#,
    )
    .await;
    assert_eq!(r.redeem_id.as_deref(), Some("40607"));
}

/// Live drift: numeric `positionId`, `duration`, `accrualDays`…, lower-case `apy`,
/// `productId` instead of `projectId`.
#[tokio::test]
async fn positions_accept_the_drifted_live_form() {
    let documented = r#"{"rows":[{"positionId":"123123","parentPositionId":"123122","projectId":"Axs*90","asset":"AXS","amount":"122.09202928","purchaseTime":"1646182276000","duration":"60","accrualDays":"4","rewardAsset":"AXS","APY":"0.2032","rewardAmt":"5.17181528","extraRewardAsset":"BNB","extraRewardAPR":"0.0203","estExtraRewardAmt":"5.17181528","boostRewardAsset":"AXS","boostApr":"0.0121","totalBoostRewardAmt":"3.98201829","nextPay":"1.29295383","nextPayDate":"1646697600000","payPeriod":"1","redeemAmountEarly":"2802.24068892","rewardsEndDate":"1651449600000","deliverDate":"1651536000000","redeemPeriod":"1","redeemingAmt":"232.2323","redeemTo":"FLEXIBLE","partialAmtDeliverDate":"1651536000000","canRedeemEarly":true,"canFastRedemption":true,"autoSubscribe":true,"type":"AUTO","status":"HOLDING","canReStake":true}],"total":1}"#;
    let req = GetLockedPositions::new().asset("AXS").project_id("Axs*90");
    let r = roundtrip(&req, "GET", &format!("{SE}/locked/position"), "asset=AXS&projectId=Axs%2A90", documented).await;
    let p = &r.rows[0];
    assert_eq!(
        (p.position_id.as_str(), p.duration, p.apy),
        ("123123", Some(60), Some(Rate::parse_fraction("0.2032").unwrap()))
    );
    assert_eq!(p.redeem_to, Some(RedeemTo::Flexible));
    assert_eq!(p.kind, Some(LockedOrderType::Auto));

    let live = r#"{"rows":[{"positionId":347608223,"productId":"Axs*90","asset":"AXS","amount":"1","purchaseTime":1646182276000,"duration":120,"accrualDays":0,"payPeriod":1,"redeemPeriod":1,"apy":"0.05","canRedeemEarly":false,"status":"HOLDING","reStakeInfo":{"reStakeRate":"1","reStakeDuration":90}}],"total":"1"}"#;
    let req = GetLockedPositions::new().position_id("347608223");
    let r = roundtrip(&req, "GET", &format!("{SE}/locked/position"), "positionId=347608223", live).await;
    let p = &r.rows[0];
    assert_eq!(p.position_id, "347608223");
    assert_eq!(p.project_id, "Axs*90");
    assert_eq!((p.duration, p.accrual_days, p.pay_period, p.redeem_period), (Some(120), Some(0), Some(1), Some(1)));
    assert_eq!(p.apy, Some(Rate::parse_fraction("0.05").unwrap()));
    assert!(p.re_stake_info.as_ref().unwrap().get().contains("reStakeRate"));
}

#[tokio::test]
async fn subscription_record_with_a_string_purchase_id() {
    let body = r#"{"rows":[{"positionId":"123123","purchaseId":"26055","projectId":"Axs*90","time":1575018510000,"asset":"BNB","amount":"21312.23223","lockPeriod":"30","type":"NORMAL","sourceAccount":"SPOTANDFUNDING","amtFromSpot":"30","amtFromFunding":"70","status":"SUCCESS"}],"total":1}"#;
    let req = GetLockedSubscriptionRecord::new().purchase_id("26055").asset("BNB");
    let r =
        roundtrip(&req, "GET", &format!("{SE}/locked/history/subscriptionRecord"), "purchaseId=26055&asset=BNB", body)
            .await;
    let row = &r.rows[0];
    assert_eq!(row.purchase_id, "26055");
    assert_eq!(row.source_account, Some(RecordAccount::SpotAndFunding));
    assert_eq!(row.kind, Some(SubscriptionType::Normal));
}

#[tokio::test]
async fn redemption_record_with_the_2024_fields() {
    let body = r#"{"rows":[{"positionId":"123123","redeemId":"123123","time":1575018510000,"asset":"BNB","lockPeriod":"30","amount":"21312.23223","originalAmount":"21312.23223","type":"AHEAD","deliverDate":"1575018510000","lossAmount":"0.00001232","isComplete":true,"rewardAsset":"AXS","rewardAmt":"122.23223","extraRewardAsset":"BNB","estExtraRewardAmt":"122.23223","status":"PAID"}],"total":1}"#;
    let req = GetLockedRedemptionRecord::new().position_id("123123").redeem_id("123123");
    let r = roundtrip(
        &req,
        "GET",
        &format!("{SE}/locked/history/redemptionRecord"),
        "positionId=123123&redeemId=123123",
        body,
    )
    .await;
    let row = &r.rows[0];
    assert_eq!(row.kind, Some(LockedRedemptionType::Ahead));
    assert_eq!(row.is_complete, Some(true));
    assert_eq!(row.loss_amount, Some(a("0.00001232")));
    // One doc variant prints `"isComplete": "true,`.
    let malformed = body.replace(r#""isComplete":true"#, r#""isComplete":"true,""#);
    let r = roundtrip(
        &req,
        "GET",
        &format!("{SE}/locked/history/redemptionRecord"),
        "positionId=123123&redeemId=123123",
        &malformed,
    )
    .await;
    assert_eq!(r.rows[0].is_complete, Some(true));
}

#[tokio::test]
async fn rewards_record_with_a_numeric_position_id() {
    let body = r#"{"rows":[{"positionId":123123,"time":1575018510000,"asset":"BNB","lockPeriod":"30","amount":"21312.23223","type":"Locked Rewards"},{"positionId":123123,"time":1575018510000,"asset":"AXS","amount":"1","type":"Boost Rewards"}],"total":2}"#;
    let req = GetLockedRewardsRecord::new().position_id("123123");
    let r = roundtrip(&req, "GET", &format!("{SE}/locked/history/rewardsRecord"), "positionId=123123", body).await;
    assert_eq!(r.rows[0].position_id.as_deref(), Some("123123"));
    assert_eq!(r.rows[1].kind, Some(LockedRewardType::Boost));
    assert_eq!(r.rows[1].lock_period, None);
}

#[tokio::test]
async fn settings() {
    let r = roundtrip(
        &SetLockedAutoSubscribe::new("1234", true),
        "POST",
        &format!("{SE}/locked/setAutoSubscribe"),
        "positionId=1234&autoSubscribe=true",
        r#"{"success":true}"#,
    )
    .await;
    assert_eq!(r.success, Some(true));
    roundtrip(
        &SetLockedRedeemOption::new("1234", RedeemTo::Spot),
        "POST",
        &format!("{SE}/locked/setRedeemOption"),
        "positionId=1234&redeemTo=SPOT",
        r#"{"success":true}"#,
    )
    .await;
}
