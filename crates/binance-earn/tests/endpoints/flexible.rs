//! Simple Earn account (7.1) and Flexible (7.2, 7.4, 7.6, 7.8, 7.10, 7.12, 7.14, 7.16,
//! 7.18, 7.20, 7.21, 7.22).

use binance_earn::api::common::Window;
use binance_earn::api::flexible::*;
use binance_earn::api::simple_earn::*;
use earn_core::{Amount, Rate, UnixMillis};

use crate::common::roundtrip;

fn a(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

const SE: &str = "/sapi/v1/simple-earn";

#[tokio::test]
async fn account() {
    let body = r#"{"totalAmountInBTC":"0.01067982","totalAmountInUSDT":"77.13289230","totalFlexibleAmountInBTC":"0.00000000","totalFlexibleAmountInUSDT":"0.00000000","totalLockedInBTC":"0.01067982","totalLockedInUSDT":"77.13289230"}"#;
    let r = roundtrip(&GetSimpleEarnAccount, "GET", &format!("{SE}/account"), "", body).await;
    assert_eq!(r.total_amount_in_usdt.unwrap().to_string(), "77.13289230");
}

#[tokio::test]
async fn list_with_a_tier_map_of_numbers_and_strings() {
    let body = r#"{"rows":[{"asset":"BTC","latestAnnualPercentageRate":"0.05000000","tierAnnualPercentageRate":{"0-5BTC":0.05,"5-10BTC":"0.03"},"airDropPercentageRate":"0.05000000","canPurchase":true,"canRedeem":true,"isSoldOut":true,"hot":true,"minPurchaseAmount":"0.01000000","productId":"BTC001","subscriptionStartTime":"1646182276000","status":"PURCHASING"}],"total":356}"#;
    let req = GetFlexibleProducts::new().asset("BTC").page(2, 100);
    let r = roundtrip(&req, "GET", &format!("{SE}/flexible/list"), "asset=BTC&current=2&size=100", body).await;
    assert_eq!(r.total, Some(356));
    let p = &r.rows[0];
    assert_eq!(p.product_id, "BTC001");
    assert_eq!(p.latest_annual_percentage_rate, Some(Rate::parse_fraction("0.05").unwrap()));
    assert_eq!(p.tier_annual_percentage_rate.0["0-5BTC"], "0.05");
    assert_eq!(p.subscription_start_time, Some(UnixMillis(1_646_182_276_000)));
    assert_eq!(p.status, Some(ProductStatusText::Purchasing));
}

#[tokio::test]
async fn personal_left_quota() {
    let req = GetFlexiblePersonalLeftQuota::new("USDT001");
    let r = roundtrip(
        &req,
        "GET",
        &format!("{SE}/flexible/personalLeftQuota"),
        "productId=USDT001",
        r#"{"leftPersonalQuota":"1000"}"#,
    )
    .await;
    assert_eq!(r.left_personal_quota, Some(a("1000")));
}

#[tokio::test]
async fn subscription_preview() {
    let body = r#"{"totalAmount":"1232.32230982","rewardAsset":"BUSD","airDropAsset":"BETH","estDailyBonusRewards":"0.22759183","estDailyRealTimeRewards":"0.22759183","estDailyAirdropRewards":"0.22759183"}"#;
    let req = GetFlexibleSubscriptionPreview::new("USDT001", a("100.5"));
    let r =
        roundtrip(&req, "GET", &format!("{SE}/flexible/subscriptionPreview"), "productId=USDT001&amount=100.5", body)
            .await;
    assert_eq!(r.total_amount, Some(a("1232.32230982")));
}

/// Reference §3 V1's parameters, in its order.
#[tokio::test]
async fn subscribe() {
    let req = SubscribeFlexible::new("USDT001", a("100.5")).auto_subscribe(false).source_account(SourceAccount::Fund);
    let r = roundtrip(
        &req,
        "POST",
        &format!("{SE}/flexible/subscribe"),
        "productId=USDT001&amount=100.5&autoSubscribe=false&sourceAccount=FUND",
        r#"{"purchaseId":40607,"success":true}"#,
    )
    .await;
    assert_eq!(r.purchase_id.as_deref(), Some("40607"));
}

/// Reference §3 V2's parameters; and `redeemAll`.
#[tokio::test]
async fn redeem() {
    let req = RedeemFlexible::new("USDT001", a("40.25")).dest_account(DestAccount::Fund);
    let r = roundtrip(
        &req,
        "POST",
        &format!("{SE}/flexible/redeem"),
        "productId=USDT001&amount=40.25&destAccount=FUND",
        r#"{"redeemId":40607,"success":true}"#,
    )
    .await;
    assert_eq!(r.redeem_id.as_deref(), Some("40607"));
    let all = RedeemFlexible::all("USDT001");
    roundtrip(
        &all,
        "POST",
        &format!("{SE}/flexible/redeem"),
        "productId=USDT001&redeemAll=true",
        r#"{"redeemId":1,"success":true}"#,
    )
    .await;
}

#[tokio::test]
async fn positions() {
    let body = r#"{"rows":[{"totalAmount":"75.46000000","tierAnnualPercentageRate":{"0-5BTC":0.05,"5-10BTC":0.03},"latestAnnualPercentageRate":"0.02599895","yesterdayAirdropPercentageRate":"0.02599895","asset":"USDT","airDropAsset":"BETH","canRedeem":true,"collateralAmount":"232.23123213","productId":"USDT001","yesterdayRealTimeRewards":"0.10293829","cumulativeBonusRewards":"0.22759183","cumulativeRealTimeRewards":"0.22759183","cumulativeTotalRewards":"0.45459183","autoSubscribe":true}],"total":1}"#;
    let req = GetFlexiblePositions::new().asset("USDT").product_id("USDT001");
    let r = roundtrip(&req, "GET", &format!("{SE}/flexible/position"), "asset=USDT&productId=USDT001", body).await;
    assert_eq!(r.rows[0].collateral_amount, Some(a("232.23123213")));
}

/// Reference §3 V3's parameters; a window.
#[tokio::test]
async fn subscription_record() {
    let body = r#"{"rows":[{"amount":"100.00000000","asset":"USDT","time":1575018510000,"purchaseId":26055,"productId":"USDT001","type":"AUTO","sourceAccount":"SPOT","amtFromSpot":"30","amtFromFunding":"70","status":"SUCCESS"}],"total":1}"#;
    let req = GetFlexibleSubscriptionRecord::new().product_id("USDT001").purchase_id("40607");
    let r = roundtrip(
        &req,
        "GET",
        &format!("{SE}/flexible/history/subscriptionRecord"),
        "productId=USDT001&purchaseId=40607",
        body,
    )
    .await;
    let row = &r.rows[0];
    assert_eq!(row.purchase_id, "26055");
    assert_eq!(row.kind, Some(SubscriptionType::Auto));
    assert_eq!(row.source_account, Some(RecordAccount::Spot));
    let w = Window::between(UnixMillis(1), UnixMillis(2)).page(1, 100);
    let req = GetFlexibleSubscriptionRecord::new().asset("USDT").window(w);
    roundtrip(
        &req,
        "GET",
        &format!("{SE}/flexible/history/subscriptionRecord"),
        "asset=USDT&startTime=1&endTime=2&current=1&size=100",
        body,
    )
    .await;
}

#[tokio::test]
async fn redemption_record_names_the_product_projectid() {
    let body = r#"{"rows":[{"amount":"10.54000000","asset":"USDT","time":1577257222000,"projectId":"USDT001","redeemId":40607,"destAccount":"FUNDING","status":"PAID"}],"total":1}"#;
    let req = GetFlexibleRedemptionRecord::new().redeem_id("40607");
    let r = roundtrip(&req, "GET", &format!("{SE}/flexible/history/redemptionRecord"), "redeemId=40607", body).await;
    let row = &r.rows[0];
    assert_eq!(row.product_id.as_deref(), Some("USDT001"));
    assert_eq!(row.dest_account, Some(RecordAccount::Funding));
    assert_eq!(row.status, Some(RedemptionStatus::Paid));
}

/// `type` is always sent (the docs mark it mandatory).
#[tokio::test]
async fn rewards_record_always_sends_type() {
    let body = r#"{"rows":[{"asset":"BUSD","rewards":"0.00006408","projectId":"USDT001","type":"BONUS","time":1577233578000}],"total":"1"}"#;
    let req = GetFlexibleRewardsRecord::new(FlexibleRewardType::All);
    let r = roundtrip(&req, "GET", &format!("{SE}/flexible/history/rewardsRecord"), "type=ALL", body).await;
    assert_eq!(r.total, Some(1));
    let req = GetFlexibleRewardsRecord::new(FlexibleRewardType::Bonus)
        .product_id("USDT001")
        .window(Window::between(UnixMillis(5), UnixMillis(6)));
    roundtrip(
        &req,
        "GET",
        &format!("{SE}/flexible/history/rewardsRecord"),
        "productId=USDT001&startTime=5&endTime=6&type=BONUS",
        body,
    )
    .await;
}

/// `total` arrives as a string here.
#[tokio::test]
async fn rate_history_with_a_string_total() {
    let body = r#"{"rows":[{"productId":"BTC001","asset":"BTC","annualPercentageRate":"0.00006408","time":1577233578000}],"total":"1"}"#;
    let req = GetFlexibleRateHistory::new("BTC001").apr_period(AprPeriod::Year);
    let r =
        roundtrip(&req, "GET", &format!("{SE}/flexible/history/rateHistory"), "productId=BTC001&aprPeriod=YEAR", body)
            .await;
    assert_eq!(r.total, Some(1));
    assert_eq!(r.rows[0].annual_percentage_rate, Some(Rate::parse_fraction("0.00006408").unwrap()));
}

#[tokio::test]
async fn collateral_record() {
    let body = r#"{"rows":[{"amount":"100.00000000","productId":"BUSD001","asset":"USDT","createTime":1575018510000,"type":"REPAY","productName":"USDT","orderId":26055}],"total":"1"}"#;
    let req = GetFlexibleCollateralRecord::new().product_id("BUSD001");
    let r = roundtrip(&req, "GET", &format!("{SE}/flexible/history/collateralRecord"), "productId=BUSD001", body).await;
    assert_eq!(r.rows[0].order_id.as_deref(), Some("26055"));
}

#[tokio::test]
async fn set_auto_subscribe() {
    let req = SetFlexibleAutoSubscribe::new("USDT001", false);
    let r = roundtrip(
        &req,
        "POST",
        &format!("{SE}/flexible/setAutoSubscribe"),
        "productId=USDT001&autoSubscribe=false",
        r#"{"success":true}"#,
    )
    .await;
    assert_eq!(r.success, Some(true));
}
