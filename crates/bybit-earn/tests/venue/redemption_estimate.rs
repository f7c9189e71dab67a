//! `redemption_estimate`: derived from products and positions, read-only, and checked like a
//! redemption before any request.

use std::time::Duration;

use bybit_earn::BybitEarnVenue;
use earn_core::*;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer};

use crate::common::*;

const LST_PRODUCT: &str = r#"{"category":"OnChain","estimateApr":"2%","coin":"ETH","minStakeAmount":"0.1","maxStakeAmount":"50","precision":"4","productId":"9","status":"Available","bonusEvents":[],"minRedeemAmount":"0.05","maxRedeemAmount":"20","duration":"Flexible","term":0,"swapCoin":"STETH","swapCoinPrecision":"4","stakeExchangeRate":"0.99","redeemExchangeRate":"1.0123","rewardDistributionType":"Other","rewardIntervalMinute":60,"redeemProcessingMinute":60,"stakeTime":"","interestCalculationTime":""}"#;

fn venue(server: &MockServer) -> BybitEarnVenue {
    BybitEarnVenue::new(client(server))
}

async fn mount_products(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/v5/earn/product"))
        .and(query_param("category", "FlexibleSaving"))
        .respond_with(ok(&format!(r#"{{"list":[{FLEX_PRODUCT}]}}"#)))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v5/earn/product"))
        .and(query_param("category", "OnChain"))
        .respond_with(ok(&format!(r#"{{"list":[{ONCHAIN_FLEX_PRODUCT},{LST_PRODUCT},{ONCHAIN_FIXED_PRODUCT}]}}"#)))
        .mount(server)
        .await;
}

async fn mount_positions(server: &MockServer, category: &str, product: &str, list: &str) {
    Mock::given(method("GET"))
        .and(path("/v5/earn/position"))
        .and(query_param("category", category))
        .and(query_param("productId", product))
        .and(Signed)
        .respond_with(ok(&format!(r#"{{"list":[{list}]}}"#)))
        .mount(server)
        .await;
}

fn receive(est: &RedemptionEstimate) -> Vec<(&str, Quantity)> {
    est.receive.iter().map(|q| (q.asset.as_str(), q.amount)).collect()
}

async fn assert_no_writes(server: &MockServer) {
    let posts = server.received_requests().await.unwrap().into_iter().filter(|r| r.method.as_str() == "POST").count();
    assert_eq!(posts, 0, "an estimate must only read");
}

#[tokio::test]
async fn flexible_saving_is_the_same_coin_up_to_the_redeemable_amount_within_48_hours() {
    let server = MockServer::start().await;
    mount_products(&server).await;
    // availableAmount (0.3) is what can be redeemed, not amount (0.5).
    mount_positions(
        &server,
        "FlexibleSaving",
        "430",
        r#"{"coin":"BTC","productId":"430","amount":"0.5","availableAmount":"0.3","claimableYield":"0.0001"}"#,
    )
    .await;
    let v = venue(&server);
    let est = v.redemption_estimate(&RedeemRequest::new("FlexibleSaving:430", amt("0.3"))).await.unwrap();
    assert_eq!((est.product.as_str(), est.amount, est.allowed), ("FlexibleSaving:430", amt("0.3"), true));
    assert_eq!(receive(&est), [("BTC", Quantity::Decimal(amt("0.3")))]);
    assert!(est.fees.is_empty());
    assert_eq!(est.gas_limit, None);
    assert_eq!(est.delay, Some(RedemptionDelay { min: Duration::ZERO, max: Duration::from_secs(48 * 3600) }));
    let over = v.redemption_estimate(&RedeemRequest::new("FlexibleSaving:430", amt("0.30000001"))).await.unwrap();
    assert!(!over.allowed);
    assert_eq!(over.shortfall, Some(amt("0.00000001")));
    assert!(over.reason.as_deref().unwrap().contains("only 0.3"), "{:?}", over.reason);
    assert_eq!((est.reason.clone(), est.shortfall), (None, None));
    // Bybit's precision (8) is checked as for a redemption.
    let fine = v.redemption_estimate(&RedeemRequest::new("FlexibleSaving:430", amt("0.000000001"))).await;
    assert!(matches!(fine.unwrap_err(), Error::InvalidInput { field, .. } if field == "amount"));
    assert_no_writes(&server).await;
}

#[tokio::test]
async fn onchain_non_lst_is_from_the_named_active_position() {
    let server = MockServer::start().await;
    mount_products(&server).await;
    mount_positions(
        &server,
        "OnChain",
        "8",
        r#"{"coin":"ETH","productId":"8","amount":"1.5","id":"326","status":"Active"},
           {"coin":"ETH","productId":"8","amount":"2","id":"327","status":"Processing"}"#,
    )
    .await;
    let v = venue(&server);
    let req = RedeemRequest::new("OnChain:8", amt("1.5")).position_id("326");
    let est = v.redemption_estimate(&req).await.unwrap();
    assert!(est.allowed);
    assert_eq!(receive(&est), [("ETH", Quantity::Decimal(amt("1.5")))]);
    assert_eq!(est.delay, Some(RedemptionDelay::fixed(Duration::from_secs(2880 * 60))));
    let more = v.redemption_estimate(&RedeemRequest::new("OnChain:8", amt("1.6")).position_id("326")).await;
    let more = more.unwrap();
    assert!(!more.allowed, "more than the position holds");
    assert_eq!(more.shortfall, Some(amt("0.1")));
    let staking = v.redemption_estimate(&RedeemRequest::new("OnChain:8", amt("1")).position_id("327")).await;
    let staking = staking.unwrap();
    assert!(!staking.allowed, "a Processing position cannot be redeemed yet");
    assert!(staking.reason.as_deref().unwrap().contains("Processing"), "{:?}", staking.reason);
    let missing = v.redemption_estimate(&RedeemRequest::new("OnChain:8", amt("1")).position_id("999")).await;
    assert!(matches!(missing.unwrap_err(), Error::InvalidInput { field, .. } if field == "position_id"));
    let unnamed = v.redemption_estimate(&RedeemRequest::new("OnChain:8", amt("1"))).await;
    assert!(matches!(unnamed.unwrap_err(), Error::InvalidInput { field, .. } if field == "position_id"));
    assert_no_writes(&server).await;
}

#[tokio::test]
async fn onchain_lst_converts_at_the_redeem_rate_rounding_down_within_the_redeem_bounds() {
    let server = MockServer::start().await;
    mount_products(&server).await;
    mount_positions(
        &server,
        "OnChain",
        "9",
        r#"{"coin":"ETH","productId":"9","amount":"3","id":"41","status":"Active"}"#,
    )
    .await;
    let v = venue(&server);
    // 2.5 × 1.0123 = 2.53075 exactly: rounded down to precision 4 → 2.5307.
    let est = v.redemption_estimate(&RedeemRequest::new("OnChain:9", amt("2.5"))).await.unwrap();
    assert!(est.allowed);
    assert_eq!(receive(&est), [("ETH", Quantity::Decimal(amt("2.5307")))]);
    assert_eq!(est.delay, Some(RedemptionDelay::fixed(Duration::from_secs(3600))));
    let named = v.redemption_estimate(&RedeemRequest::new("OnChain:9", amt("2")).position_id("41")).await.unwrap();
    assert_eq!(receive(&named), [("ETH", Quantity::Decimal(amt("2.0246")))]);
    let over_holding = v.redemption_estimate(&RedeemRequest::new("OnChain:9", amt("3.0001"))).await.unwrap();
    assert!(!over_holding.allowed);
    for (amount, rule) in [("0.04", "below the minimum 0.05"), ("20.0001", "above the maximum 20")] {
        let err = v.redemption_estimate(&RedeemRequest::new("OnChain:9", amt(amount))).await.unwrap_err();
        assert!(matches!(&err, Error::InvalidInput { field, .. } if field == "amount"), "{err}");
        assert!(err.to_string().contains(rule), "{err}");
    }
    assert_no_writes(&server).await;
}

#[tokio::test]
async fn fixed_saving_is_not_redeemable_here_and_waits_for_settlement() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v5/earn/fixed-term/product"))
        .respond_with(ok(r#"{"list":[{"productId":"77","category":"FixedTermSaving","coin":"USDT","duration":"30d","status":"Available","minStakeAmount":"10","maxStakeAmount":"1000","precision":2,"allowEarlyRedemption":false,"interestCoinApyList":[{"coin":"USDT","apy":"5%"}]}]}"#))
        .mount(&server)
        .await;
    let settles = UnixMillis::now_local().0 + 10 * 86_400_000;
    Mock::given(method("GET"))
        .and(path("/v5/earn/fixed-term/position"))
        .respond_with(ok(&format!(
            r#"{{"list":[{{"positionId":"p1","productId":"77","category":"FixedTermSaving","coin":"USDT","amount":"100","status":"Active","settlementTime":"{settles}"}}]}}"#
        )))
        .mount(&server)
        .await;
    let v = venue(&server);
    let est = v.redemption_estimate(&RedeemRequest::new("FixedTermSaving:77", amt("100"))).await.unwrap();
    assert!(!est.allowed);
    assert!(est.reason.as_deref().unwrap().contains("maturity"));
    assert!(est.receive.is_empty());
    let delay = est.delay.unwrap();
    assert_eq!(delay.min, delay.max);
    let ten_days = Duration::from_secs(10 * 86_400);
    assert!(delay.max <= ten_days && delay.max > ten_days - Duration::from_secs(60), "{delay:?}");
    let fine = v.redemption_estimate(&RedeemRequest::new("FixedTermSaving:77", amt("1.001"))).await;
    assert!(matches!(fine.unwrap_err(), Error::InvalidInput { field, .. } if field == "amount"));
    assert_no_writes(&server).await;
}

#[tokio::test]
async fn bad_input_is_refused_before_any_request() {
    let server = MockServer::start().await;
    let v = venue(&server);
    let cases = [
        (RedeemRequest::new("FlexibleSaving:430", Amount::ZERO), "amount"),
        (RedeemRequest::new("OnChain:8", Amount::ZERO).position_id("326"), "amount"),
        (RedeemRequest::new("FixedTermSaving:77", Amount::ZERO), "amount"),
        (RedeemRequest::new("430", amt("1")), "product"),
        (RedeemRequest::new("Savings:430", amt("1")), "product"),
        (RedeemRequest::new("FlexibleSaving:4&3", amt("1")), "product"),
        (RedeemRequest::new("FlexibleSaving:430", amt("1")).client_id("has space"), "client_id"),
        (RedeemRequest::new("OnChain:8", amt("1")).position_id("32 6"), "position_id"),
        (RedeemRequest::new("OnChain:8", amt("1")).position_id("1&x=2"), "position_id"),
        (RedeemRequest::new("FlexibleSaving:430", amt("1")).position_id("1"), "position_id"),
    ];
    for (req, want) in cases {
        match v.redemption_estimate(&req).await {
            Err(Error::InvalidInput { field, .. }) => assert_eq!(field, want, "{req:?}"),
            other => panic!("{req:?} answered {other:?}"),
        }
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}
