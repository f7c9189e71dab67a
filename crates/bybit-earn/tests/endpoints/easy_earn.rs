//! Every Easy & On-Chain Earn endpoint: method, path, query, headers, signature, body, decoding.

use bybit_earn::api::common::AccountType;
use bybit_earn::api::easy_earn::*;
use earn_core::{ErrorKind, UnixMillis};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use crate::common::*;

#[tokio::test]
async fn products_decode_every_field_exactly() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v5/earn/product"))
        .and(QueryIs("category=FlexibleSaving&coin=BTC"))
        .and(Unsigned)
        .respond_with(ok(&format!(r#"{{"list":[{FLEX_PRODUCT}]}}"#)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v5/earn/product"))
        .and(QueryIs("category=OnChain"))
        .respond_with(ok(&format!(r#"{{"list":[{ONCHAIN_PRODUCT}]}}"#)))
        .mount(&server)
        .await;
    let c = public_client(&server);
    let p = &c.send(&GetProducts::new(EarnCategory::FlexibleSaving).coin("BTC")).await.unwrap().list[0];
    assert_eq!(p.estimate_apr.as_ref().unwrap().rate().unwrap().to_string(), "0.03");
    assert_eq!(p.estimate_apr.as_ref().unwrap().raw(), "3%");
    assert_eq!((p.min_stake_amount, p.max_stake_amount, p.precision), (Some(amt("0.001")), Some(amt("10")), Some(8)));
    assert_eq!(p.product_id, "430");
    assert_eq!(p.status, ProductStatusText::Available);
    assert_eq!((p.duration.clone(), p.swap_coin.clone(), p.stake_time), (None, None, None));
    assert_eq!(p.redeem_processing_minute, Some(0));
    let o = &c.send(&GetProducts::new(EarnCategory::OnChain)).await.unwrap().list[0];
    assert_eq!(o.duration, Some(ProductDuration::Fixed));
    assert_eq!(o.term, Some(30));
    assert_eq!(o.redeem_processing_minute, Some(2880), "string form accepted");
    assert_eq!(o.reward_interval_minute, Some(1440));
    assert_eq!(o.stake_time, Some(UnixMillis(1_744_243_200_000)));
    assert_eq!(o.reward_distribution_type, Some(RewardDistributionType::Simple));
    assert_eq!(o.bonus_events[0].apr.as_ref().unwrap().rate().unwrap().to_string(), "0.01");
    assert!(!o.is_lst());
    // Lower-case coins are refused before sending.
    let err = c.send(&GetProducts::new(EarnCategory::FlexibleSaving).coin("btc")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn place_order_sends_the_documented_compact_body_signed() {
    let server = MockServer::start().await;
    let body = r#"{"category":"FlexibleSaving","orderType":"Redeem","accountType":"FUND","amount":"0.35","coin":"BTC","productId":"430","orderLinkId":"btc-earn-001"}"#;
    Mock::given(method("POST"))
        .and(path("/v5/earn/place-order"))
        .and(QueryIs(""))
        .and(BodyIs(body.into()))
        .and(Signed)
        .respond_with(ok(r#"{"orderId":"0572b030-6a0b-423f-88c4-b6ce31c0c82d","orderLinkId":"btc-earn-001"}"#))
        .expect(1)
        .mount(&server)
        .await;
    let params =
        PlaceOrder::redeem(EarnCategory::FlexibleSaving, "BTC", "430", amt("0.350")).order_link_id("btc-earn-001");
    let r = client(&server).send(&params).await.unwrap();
    assert_eq!(r.order_id, "0572b030-6a0b-423f-88c4-b6ce31c0c82d");
    assert_eq!(r.order_link_id, "btc-earn-001");
}

#[tokio::test]
async fn onchain_redeem_and_coupon_stake_carry_their_optional_fields() {
    let server = MockServer::start().await;
    let redeem = r#"{"category":"OnChain","orderType":"Redeem","accountType":"FUND","amount":"1","coin":"ETH","productId":"8","orderLinkId":"r-1","redeemPositionId":"326","toAccountType":"FUND"}"#;
    let stake = r#"{"category":"FlexibleSaving","orderType":"Stake","accountType":"UNIFIED","amount":"100","coin":"USDT","productId":"428","orderLinkId":"s-1","interestCard":{"awardId":1001,"specCode":"FS_APY_3PCT_30D"}}"#;
    for (body, id) in [(redeem, "r-1"), (stake, "s-1")] {
        Mock::given(method("POST"))
            .and(path("/v5/earn/place-order"))
            .and(BodyIs(body.into()))
            .and(Signed)
            .respond_with(ok(&format!(r#"{{"orderId":"o-{id}","orderLinkId":"{id}"}}"#)))
            .expect(1)
            .mount(&server)
            .await;
    }
    let c = client(&server);
    let p = PlaceOrder::redeem(EarnCategory::OnChain, "ETH", "8", amt("1"))
        .order_link_id("r-1")
        .redeem_position_id("326")
        .to_account_type(AccountType::Fund);
    assert_eq!(c.send(&p).await.unwrap().order_id, "o-r-1");
    let card = InterestCard { award_id: 1001, spec_code: "FS_APY_3PCT_30D".into() };
    let p = PlaceOrder::stake(EarnCategory::FlexibleSaving, "USDT", "428", amt("100"))
        .account_type(AccountType::Unified)
        .order_link_id("s-1")
        .interest_card(card);
    assert_eq!(c.send(&p).await.unwrap().order_id, "o-s-1");
}

#[tokio::test]
async fn order_history_pages_follow_the_cursor() {
    let server = MockServer::start().await;
    let row = |id: &str, link: &str| {
        format!(
            r#"{{"coin":"USDT","orderValue":"1000","orderType":"Stake","orderId":"{id}","orderLinkId":"{link}","status":"Success","createdAt":"1759983689000","productId":"428","updatedAt":"1759983689000","swapOrderValue":"","estimateRedeemTime":"","estimateStakeTime":""}}"#
        )
    };
    Mock::given(method("GET"))
        .and(path("/v5/earn/order"))
        .and(QueryIs("category=FlexibleSaving&productId=428&startTime=1759900000000&endTime=1759983700000&limit=1"))
        .and(Signed)
        .respond_with(ok(&format!(r#"{{"list":[{}],"nextPageCursor":"abc%3D="}}"#, row("a", ""))))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v5/earn/order"))
        .and(QueryIs(
            "category=FlexibleSaving&productId=428&startTime=1759900000000&endTime=1759983700000&limit=1&cursor=abc%253D%3D",
        ))
        .and(Signed)
        .respond_with(ok(&format!(r#"{{"list":[{}],"nextPageCursor":""}}"#, row("b", "link-b"))))
        .expect(1)
        .mount(&server)
        .await;
    let params = GetOrderHistory::new(EarnCategory::FlexibleSaving)
        .product_id("428")
        .range(UnixMillis(1_759_900_000_000), UnixMillis(1_759_983_700_000))
        .limit(1);
    let mut pages = client(&server).pages(params);
    let first = pages.next_page().await.unwrap().unwrap();
    assert_eq!(first[0].order_link_id, None, "\"\" decodes as None");
    assert_eq!(first[0].order_value, amt("1000"));
    let second = pages.next_page().await.unwrap().unwrap();
    assert_eq!(second[0].order_link_id.as_deref(), Some("link-b"));
    assert_eq!(second[0].status, OrderStatusText::Success);
    assert!(pages.next_page().await.unwrap().is_none());
    assert!(!pages.is_truncated());
}

#[tokio::test]
async fn order_history_rules_are_checked_locally() {
    let server = MockServer::start().await;
    let c = client(&server);
    let day = 86_400_000;
    let cases = [
        (GetOrderHistory::new(EarnCategory::OnChain), "orderId"),
        (GetOrderHistory::new(EarnCategory::FlexibleSaving).limit(101), "limit"),
        (GetOrderHistory::new(EarnCategory::FlexibleSaving).range(UnixMillis(0), UnixMillis(7 * day + 1)), "endTime"),
        (GetOrderHistory::new(EarnCategory::FlexibleSaving).order_link_id("x".repeat(37)), "orderLinkId"),
    ];
    for (params, field) in cases {
        let err = c.send(&params).await.unwrap_err();
        assert!(matches!(&err, earn_core::Error::InvalidInput { field: f, .. } if f == field), "{err}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn positions_decode_onchain_fields_and_freeze_details() {
    let server = MockServer::start().await;
    let row = r#"{"coin":"BTC","productId":"8","amount":"0.1","totalPnl":"0.000027397260273973","claimableYield":"0","id":"326","status":"Active","orderId":"1a5a8945","estimateRedeemTime":"","estimateStakeTime":"","estimateInterestCalculationTime":"1744243200000","settlementTime":"1744675200000","autoReinvest":"Enable","availableAmount":"4900","freezeDetails":[{"amount":"100","description":"Locked in Fixed-Rate Loan"}]}"#;
    Mock::given(method("GET"))
        .and(path("/v5/earn/position"))
        .and(QueryIs("category=OnChain&productId=8"))
        .and(Signed)
        .respond_with(ok(&format!(r#"{{"list":[{row}]}}"#)))
        .expect(1)
        .mount(&server)
        .await;
    let p = &client(&server).send(&GetPositions::new(EarnCategory::OnChain).product_id("8")).await.unwrap().list[0];
    assert_eq!(p.id.as_deref(), Some("326"));
    assert_eq!(p.total_pnl.unwrap().to_string(), "0.000027397260273973");
    assert_eq!(p.status, Some(PositionStatus::Active));
    assert_eq!(p.auto_reinvest, Some(AutoReinvest::Enable));
    assert_eq!(p.settlement_time, Some(UnixMillis(1_744_675_200_000)));
    assert_eq!(p.freeze_details[0].amount, Some(amt("100")));
    assert_eq!(p.available_amount, Some(amt("4900")));
}

#[tokio::test]
async fn yields_read_both_array_keys_and_hourly_yield_keeps_18_decimals() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v5/earn/yield"))
        .and(QueryIs("category=FlexibleSaving&productId=428&limit=100"))
        .and(Signed)
        .respond_with(ok(r#"{"yield":[{"productId":"428","coin":"USDT","id":"1002096","amount":"0.0608","yieldType":"Normal","distributionMode":"Manual","effectiveStakingAmount":"1000","orderId":"05a7","status":"Success","createdAt":"1759993805000"}],"nextPageCursor":""}"#))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v5/earn/yield"))
        .and(QueryIs("category=OnChain"))
        .and(Signed)
        .respond_with(ok(r#"{"list":[{"productId":"8","coin":"ETH","id":"1","amount":"0.5","yieldType":"Bonus","distributionMode":"Auto","effectiveStakingAmount":"1","orderId":"","status":"Pending","createdAt":"1"}],"nextPageCursor":""}"#))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v5/earn/hourly-yield"))
        .and(QueryIs("category=FlexibleSaving"))
        .and(Signed)
        .respond_with(ok(r#"{"list":[{"productId":"428","coin":"USDT","amount":"0.060810502283105022","effectiveStakingAmount":"1000","hourlyDate":"1759989600000","status":"Success","createdAt":"1759989603000"}],"nextPageCursor":""}"#))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    let y = c.send(&GetYieldHistory::new(EarnCategory::FlexibleSaving).product_id("428").limit(100)).await.unwrap();
    assert_eq!(y.list[0].distribution_mode, Some(DistributionMode::Manual));
    assert_eq!(y.list[0].amount, amt("0.0608"));
    assert_eq!(y.next_page_cursor, None);
    let y = c.pages(GetYieldHistory::new(EarnCategory::OnChain)).collect_all().await.unwrap();
    assert_eq!((y[0].yield_type.clone(), y[0].order_id.clone()), (Some(YieldType::Bonus), None));
    let h = c.pages(GetHourlyYield::new(EarnCategory::FlexibleSaving)).collect_all().await.unwrap();
    assert_eq!(h[0].amount.to_string(), "0.060810502283105022");
    assert_eq!(h[0].id, None);
    // Local rules: productId with OnChain, hourly yield for OnChain.
    let err = c.send(&GetYieldHistory::new(EarnCategory::OnChain).product_id("8")).await.unwrap_err();
    assert!(err.to_string().contains("productId"));
    let err = c.send(&GetHourlyYield::new(EarnCategory::OnChain)).await.unwrap_err();
    assert!(err.to_string().contains("category"));
}

#[tokio::test]
async fn apr_history_accepts_percent_and_fraction_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v5/earn/apr-history"))
        .and(QueryIs("category=OnChain&productId=8&startTime=1773619200000&endTime=1773705600000"))
        .and(Unsigned)
        .respond_with(ok(
            r#"{"list":[{"timestamp":"1773705600000","apr":"15%"},{"timestamp":"1773619200000","apr":"0.055"}]}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let params = GetAprHistory::new(EarnCategory::OnChain, "8")
        .range(UnixMillis(1_773_619_200_000), UnixMillis(1_773_705_600_000));
    let h = client(&server).send(&params).await.unwrap().list;
    assert_eq!(h[0].apr.as_ref().unwrap().rate().unwrap().to_string(), "0.15");
    assert_eq!(h[0].apr.as_ref().unwrap().raw(), "15%");
    assert_eq!(h[1].apr.as_ref().unwrap().rate().unwrap().to_string(), "0.055");
    assert_eq!(h[0].timestamp, Some(UnixMillis(1_773_705_600_000)));
}

#[tokio::test]
async fn modify_position_sends_integers_and_coupons_decode() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v5/earn/position/modify"))
        .and(BodyIs(r#"{"category":"OnChain","productId":8,"positionId":326,"autoReinvest":1}"#.into()))
        .and(Signed)
        .respond_with(ok("{}"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v5/earn/coupons"))
        .and(QueryIs("category=FlexibleSaving"))
        .and(Signed)
        .respond_with(ok(r#"{"interestCards":[{"awardId":1001,"specCode":"FS_APY_3PCT_30D","coin":"USDT","apy":"0.03","duration":30,"claimedAt":1759900800,"expireAt":1762492800,"usedAt":0,"status":"NotUse","currentPnl":"0","limitPnl":"100","positionEffectiveAmount":"0","productId":0,"category":"FlexibleSaving"}],"awardCards":[]}"#))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    c.send(&ModifyPosition::new("8", "326", true)).await.unwrap();
    let err = c.send(&ModifyPosition::new("8", "x1", true)).await.unwrap_err();
    assert!(err.to_string().contains("positionId"));
    let coupons = c.send(&GetCoupons::new(CouponCategory::FlexibleSaving)).await.unwrap();
    let card = &coupons.interest_cards[0];
    assert_eq!(card.award_id, Some(1001));
    assert_eq!(card.apy.as_ref().unwrap().rate().unwrap().to_string(), "0.03");
    assert_eq!(card.status, Some(CardStatus::NotUse));
    assert_eq!(card.product_id.as_deref(), Some("0"));
    assert!(coupons.award_cards.is_empty());
}
