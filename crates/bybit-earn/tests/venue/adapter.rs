//! The EarnVenue adapter: products, positions, stake/redeem, order lookup, recent orders.

use std::time::Duration;

use bybit_earn::BybitEarnVenue;
use bybit_earn::api::common::AccountType;
use earn_core::*;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer};

use crate::common::*;

pub const LST_PRODUCT: &str = r#"{"category":"OnChain","estimateApr":"2%","coin":"ETH","minStakeAmount":"0.1","maxStakeAmount":"50","precision":"4","productId":"9","status":"Available","bonusEvents":[],"minRedeemAmount":"0.05","maxRedeemAmount":"20","duration":"Flexible","term":0,"swapCoin":"STETH","swapCoinPrecision":"4","stakeExchangeRate":"0.99","redeemExchangeRate":"1.01","rewardDistributionType":"Other","rewardIntervalMinute":60,"redeemProcessingMinute":60,"stakeTime":"","interestCalculationTime":""}"#;

pub async fn mount_products(server: &MockServer) {
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
    Mock::given(method("GET"))
        .and(path("/v5/earn/fixed-term/product"))
        .respond_with(ok(r#"{"list":[{"productId":"77","category":"FixedTermSaving","coin":"USDT","duration":"30d","status":"Available","minStakeAmount":"10","maxStakeAmount":"1000","precision":2,"allowEarlyRedemption":false,"interestCoinApyList":[{"coin":"USDT","apy":"5%"}]}]}"#))
        .mount(server)
        .await;
}

pub fn venue(server: &MockServer) -> BybitEarnVenue {
    BybitEarnVenue::new(client(server))
}

#[tokio::test]
async fn capabilities_exclude_cancel() {
    let server = MockServer::start().await;
    let caps = venue(&server).capabilities();
    assert!(!caps.supports(Operation::CancelRedemption));
    for op in [
        Operation::Products,
        Operation::Stake,
        Operation::RedemptionEstimate,
        Operation::Redeem,
        Operation::Reconcile,
        Operation::OrderLookup,
    ] {
        assert!(caps.supports(op), "{op}");
    }
    assert!(caps.client_order_ids);
    assert_eq!(caps.custody, Custody::Custodial);
    let err = venue(&server).cancel_redemption(&OrderRef::Venue("x".into())).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
}

#[tokio::test]
async fn products_cover_three_families_with_rules_apr_and_delay() {
    let server = MockServer::start().await;
    mount_products(&server).await;
    let products = venue(&server).products(&ProductFilter::all()).await.unwrap();
    let ids: Vec<&str> = products.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["FlexibleSaving:430", "OnChain:8", "OnChain:9", "OnChain:503", "FixedTermSaving:77"]);
    let flex = &products[0];
    assert_eq!(flex.kind, ProductKind::Flexible);
    assert_eq!(flex.apr.unwrap().to_string(), "0.03");
    assert_eq!(flex.rules, AmountRules { min: Some(amt("0.001")), max: Some(amt("10")), precision: Some(8) });
    assert_eq!(flex.redemption_delay.unwrap().max, Duration::from_secs(48 * 3600));
    let onchain = &products[1];
    assert_eq!(onchain.kind, ProductKind::OnChain);
    assert_eq!(onchain.redemption_delay, Some(RedemptionDelay::fixed(Duration::from_secs(2880 * 60))));
    let fixed = &products[4];
    assert_eq!(fixed.kind, ProductKind::locked_days(30));
    assert_eq!(fixed.apy.unwrap().to_string(), "0.05", "Bybit publishes an APY for Fixed Saving");
    assert_eq!(fixed.apr, None, "an APY is never reported as an APR");
    assert!(!fixed.redemption_allowed);
    let eth = venue(&server).products(&ProductFilter::asset("eth")).await.unwrap();
    assert_eq!(eth.len(), 2);
    let sent = received(&server, "/v5/earn/product").await;
    assert!(sent.iter().any(|r| r.url.query() == Some("category=OnChain&coin=ETH")), "asset filter sent upper-case");
}

#[tokio::test]
async fn stake_validates_against_the_product_before_sending() {
    let server = MockServer::start().await;
    mount_products(&server).await;
    let v = venue(&server);
    for (amount, rule) in
        [("0.0001", "minimum"), ("11", "maximum"), ("0.123456789", "fractional digits"), ("0", "zero")]
    {
        let err = v.stake(&StakeRequest::new("FlexibleSaving:430", amt(amount))).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{amount}");
        assert!(err.to_string().contains(rule), "{amount}: {err}");
    }
    let bad_id = StakeRequest::new("FlexibleSaving:430", amt("1")).client_id("x".repeat(40));
    assert!(v.stake(&bad_id).await.unwrap_err().to_string().contains("client_id"));
    assert!(v.stake(&StakeRequest::new("Savings:1", amt("1"))).await.is_err());
    assert!(v.stake(&StakeRequest::new("FlexibleSaving:999", amt("1"))).await.is_err());
    assert!(received(&server, "/v5/earn/place-order").await.is_empty());
}

#[tokio::test]
async fn stake_places_a_pending_order_with_its_order_link_id() {
    let server = MockServer::start().await;
    mount_products(&server).await;
    Mock::given(method("POST"))
        .and(path("/v5/earn/place-order"))
        .and(BodyIs(r#"{"category":"OnChain","orderType":"Stake","accountType":"FUND","amount":"1.5","coin":"ETH","productId":"8","orderLinkId":"my-stake-1"}"#.into()))
        .and(Signed)
        .respond_with(ok(r#"{"orderId":"oc-1","orderLinkId":"my-stake-1"}"#))
        .expect(1)
        .mount(&server)
        .await;
    let v = venue(&server).account_type(AccountType::Unified);
    let outcome = v.stake(&StakeRequest::new("OnChain:8", amt("1.5")).client_id("my-stake-1")).await.unwrap();
    let order = outcome.order().unwrap();
    assert_eq!((order.id.as_str(), order.status, order.side), ("oc-1", OrderStatus::Pending, OrderSide::Stake));
    assert_eq!(order.client_id.as_ref().unwrap().as_str(), "my-stake-1");
    assert_eq!(order.product.as_str(), "OnChain:8");
}

#[tokio::test]
async fn fixed_saving_stake_goes_to_the_fixed_term_endpoint() {
    let server = MockServer::start().await;
    mount_products(&server).await;
    Mock::given(method("POST"))
        .and(path("/v5/earn/fixed-term/place-order"))
        .and(Signed)
        .respond_with(|r: &wiremock::Request| {
            let b: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
            assert_eq!(
                (b["productId"].as_str(), b["category"].as_str(), b["amount"].as_str()),
                (Some("77"), Some("FixedTermSaving"), Some("10"))
            );
            ok(&format!(r#"{{"orderId":"f1","orderLinkId":{}}}"#, b["orderLinkId"]))
        })
        .expect(1)
        .mount(&server)
        .await;
    let v = venue(&server);
    let order = v.stake(&StakeRequest::new("FixedTermSaving:77", amt("10"))).await.unwrap().into_order().unwrap();
    assert_eq!(order.client_id.unwrap().as_str().len(), 36, "generated orderLinkId returned");
    let err = v.redeem(&RedeemRequest::new("FixedTermSaving:77", amt("10"))).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

#[tokio::test]
async fn onchain_redeem_rules_position_id_and_lst_bounds() {
    let server = MockServer::start().await;
    mount_products(&server).await;
    Mock::given(method("POST"))
        .and(path("/v5/earn/place-order"))
        .and(Signed)
        .respond_with(|r: &wiremock::Request| {
            let b: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
            ok(&format!(r#"{{"orderId":"red","orderLinkId":{}}}"#, b["orderLinkId"]))
        })
        .mount(&server)
        .await;
    let v = venue(&server);
    let err = v.redeem(&RedeemRequest::new("OnChain:8", amt("1"))).await.unwrap_err();
    assert!(err.to_string().contains("position_id"), "{err}");
    let placed = v.redeem(&RedeemRequest::new("OnChain:8", amt("1")).position_id("326")).await.unwrap();
    assert_eq!(placed.order().unwrap().side, OrderSide::Redeem);
    let err = v.redeem(&RedeemRequest::new("OnChain:9", amt("0.01"))).await.unwrap_err();
    assert!(err.to_string().contains("minimum"), "LST redeem bounds: {err}");
    // An LST redemption is by amount: the position it came from is accepted, never sent.
    assert!(v.redeem(&RedeemRequest::new("OnChain:9", amt("1")).position_id("1")).await.unwrap().order().is_some());
    assert!(v.redeem(&RedeemRequest::new("OnChain:9", amt("1"))).await.unwrap().order().is_some());
    let err = v.redeem(&RedeemRequest::new("FlexibleSaving:430", amt("1")).position_id("1")).await.unwrap_err();
    assert!(err.to_string().contains("position_id"), "{err}");
    let sent = received(&server, "/v5/earn/place-order").await;
    assert_eq!(sent.len(), 3);
    let first: serde_json::Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(first["redeemPositionId"], "326");
    for lst in &sent[1..] {
        let body: serde_json::Value = serde_json::from_slice(&lst.body).unwrap();
        assert!(body.get("redeemPositionId").is_none());
    }
}

#[tokio::test]
async fn positions_include_position_ids_rewards_and_pending_redemptions() {
    let server = MockServer::start().await;
    Mock::given(path("/v5/earn/position"))
        .and(query_param("category", "FlexibleSaving"))
        .respond_with(ok(r#"{"list":[{"coin":"USDT","productId":"428","amount":"1000","totalPnl":"","claimableYield":"0.5","id":"","status":"","orderId":""},{"coin":"BTC","productId":"430","amount":"0","claimableYield":"0"}]}"#))
        .mount(&server)
        .await;
    Mock::given(path("/v5/earn/position"))
        .and(query_param("category", "OnChain"))
        .respond_with(ok(r#"{"list":[{"coin":"ETH","productId":"8","amount":"2","totalPnl":"0.01","id":"326","status":"Active","orderId":"o"}]}"#))
        .mount(&server)
        .await;
    Mock::given(path("/v5/earn/order"))
        .respond_with(ok(r#"{"list":[{"coin":"USDT","orderValue":"300","orderType":"Redeem","orderId":"r1","orderLinkId":"","status":"Pending","createdAt":"1","productId":"428"},{"coin":"USDT","orderValue":"1","orderType":"Redeem","orderId":"r0","orderLinkId":"","status":"Success","createdAt":"1","productId":"428"}],"nextPageCursor":""}"#))
        .mount(&server)
        .await;
    Mock::given(path("/v5/earn/fixed-term/position"))
        .respond_with(ok(r#"{"list":[{"positionId":"5","productId":"77","category":"FundPool","coin":"USDT","amount":"10","status":"EarlyRedemptionProcessing"}]}"#))
        .mount(&server)
        .await;
    let positions = venue(&server).positions().await.unwrap();
    assert_eq!(positions.len(), 3, "the fully redeemed BTC row is dropped");
    let flex = &positions[0];
    assert_eq!(flex.product.as_str(), "FlexibleSaving:428");
    assert_eq!(flex.pending_redemption, Some(amt("300")));
    assert_eq!(flex.rewards[0].amount, Quantity::Decimal(amt("0.5")));
    assert_eq!(flex.position_id, None, "FlexibleSaving redemptions name no position");
    let onchain = &positions[1];
    assert_eq!(onchain.position_id.as_deref(), Some("326"));
    let fixed = &positions[2];
    assert_eq!((fixed.product.as_str(), fixed.pending_redemption), ("FundPool:77", Some(amt("10"))));
}

#[tokio::test]
async fn order_lookup_by_either_id_and_recent_orders_newest_first() {
    let server = MockServer::start().await;
    let row = |id: &str, link: &str, ts: &str, t: &str| {
        format!(
            r#"{{"coin":"USDT","orderValue":"5","orderType":"{t}","orderId":"{id}","orderLinkId":"{link}","status":"Fail","createdAt":"{ts}","productId":"428","estimateRedeemTime":"","estimateStakeTime":""}}"#
        )
    };
    Mock::given(path("/v5/earn/order"))
        .and(query_param("orderLinkId", "cl-1"))
        .and(query_param("category", "FlexibleSaving"))
        .respond_with(ok(&format!(r#"{{"list":[{}],"nextPageCursor":""}}"#, row("v-1", "cl-1", "5", "Stake"))))
        .mount(&server)
        .await;
    Mock::given(path("/v5/earn/order"))
        .and(query_param("orderId", "v-2"))
        .respond_with(ok(r#"{"list":[],"nextPageCursor":""}"#))
        .mount(&server)
        .await;
    Mock::given(path("/v5/earn/fixed-term/order"))
        .respond_with(ok(r#"{"list":[{"orderId":"f-9","orderLinkId":"","orderType":"Stake","productId":"77","category":"FixedTermSaving","coin":"USDT","amount":"10","status":"Processing","createdAt":"7"}],"nextPageCursor":""}"#))
        .mount(&server)
        .await;
    Mock::given(path("/v5/earn/order"))
        .and(query_param("limit", "50"))
        .respond_with(ok(&format!(
            r#"{{"list":[{},{}],"nextPageCursor":""}}"#,
            row("a", "", "3", "Redeem"),
            row("b", "", "9", "Stake")
        )))
        .mount(&server)
        .await;
    let v = venue(&server);
    let o = v.order(&OrderRef::Client("cl-1".into())).await.unwrap().unwrap();
    assert_eq!((o.id.as_str(), o.status, o.venue_status.as_str()), ("v-1", OrderStatus::Failed, "Fail"));
    assert_eq!(v.order(&OrderRef::Venue("v-2".into())).await.unwrap(), None);
    let recent = v.recent_orders(&OrderQuery::all()).await.unwrap();
    let ids: Vec<&str> = recent.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["b", "f-9", "a"]);
    assert_eq!(recent[1].status, OrderStatus::Pending);
    let err = v.recent_orders(&OrderQuery::product("OnChain:8")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "Bybit cannot list OnChain orders by product");
}

#[tokio::test]
async fn onchain_redemptions_in_flight_show_in_positions_until_they_settle() {
    let server = MockServer::start().await;
    mount_products(&server).await;
    Mock::given(method("POST"))
        .and(path("/v5/earn/place-order"))
        .respond_with(ok(r#"{"orderId":"red-1","orderLinkId":"my-redeem-1"}"#))
        .mount(&server)
        .await;
    for (p, body) in [("/v5/earn/position", r#"{"list":[]}"#), ("/v5/earn/fixed-term/position", r#"{"list":[]}"#)] {
        Mock::given(path(p)).respond_with(ok(body)).mount(&server).await;
    }
    Mock::given(path("/v5/earn/order"))
        .and(query_param("category", "FlexibleSaving"))
        .respond_with(ok(r#"{"list":[],"nextPageCursor":""}"#))
        .mount(&server)
        .await;
    let row = |status: &str| {
        format!(
            r#"{{"list":[{{"coin":"ETH","orderValue":"1","orderType":"Redeem","orderId":"red-1","orderLinkId":"my-redeem-1","status":"{status}","createdAt":"1","productId":"8"}}],"nextPageCursor":""}}"#
        )
    };
    Mock::given(path("/v5/earn/order"))
        .and(query_param("category", "OnChain"))
        .and(query_param("orderLinkId", "my-redeem-1"))
        .respond_with(ok(&row("Pending")))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/v5/earn/order"))
        .and(query_param("category", "OnChain"))
        .and(query_param("orderLinkId", "my-redeem-1"))
        .respond_with(ok(&row("Success")))
        .mount(&server)
        .await;
    let v = venue(&server);
    let request = RedeemRequest::new("OnChain:8", amt("1")).position_id("326").client_id("my-redeem-1");
    assert!(v.redeem(&request).await.unwrap().order().is_some());

    // Bybit no longer lists the position; the adapter still shows the redemption in flight.
    let during = v.positions().await.unwrap();
    assert_eq!(during.len(), 1, "{during:?}");
    assert_eq!((during[0].product.as_str(), during[0].asset.as_str()), ("OnChain:8", "ETH"));
    assert!(during[0].amount.is_zero());
    assert_eq!(during[0].pending_redemption, Some(amt("1")));

    // Once settled it is gone, and forgotten: no further lookups.
    assert!(v.positions().await.unwrap().is_empty());
    assert!(v.positions().await.unwrap().is_empty());
    let lookups = received(&server, "/v5/earn/order").await;
    let by_link =
        lookups.iter().filter(|r| r.url.query().is_some_and(|q| q.contains("orderLinkId=my-redeem-1"))).count();
    assert_eq!(by_link, 2);
}

/// An OnChain redemption Bybit never shows (its answer lost, say) is still asked about for a
/// day, then forgotten: `positions()` stops asking after `FORGET_UNSEEN_AFTER`, not before.
#[tokio::test]
async fn an_onchain_redemption_bybit_never_shows_is_asked_about_for_a_day_then_forgotten() {
    let server = MockServer::start().await;
    mount_products(&server).await;
    Mock::given(method("POST"))
        .and(path("/v5/earn/place-order"))
        .respond_with(ok(r#"{"orderId":"red-2","orderLinkId":"my-redeem-2"}"#))
        .mount(&server)
        .await;
    for (p, body) in [("/v5/earn/position", r#"{"list":[]}"#), ("/v5/earn/fixed-term/position", r#"{"list":[]}"#)] {
        Mock::given(path(p)).respond_with(ok(body)).mount(&server).await;
    }
    Mock::given(path("/v5/earn/order")).respond_with(ok(r#"{"list":[],"nextPageCursor":""}"#)).mount(&server).await;
    let v = venue(&server);
    let request = RedeemRequest::new("OnChain:8", amt("1")).position_id("326").client_id("my-redeem-2");
    assert!(v.redeem(&request).await.unwrap().order().is_some());
    let asked = || async {
        received(&server, "/v5/earn/order")
            .await
            .iter()
            .filter(|r| r.url.query().is_some_and(|q| q.contains("orderLinkId=my-redeem-2")))
            .count()
    };
    let later = |hours: u64| async move {
        tokio::time::pause();
        tokio::time::advance(Duration::from_secs(hours * 3600)).await;
        tokio::time::resume();
    };

    assert!(v.positions().await.unwrap().is_empty(), "nothing pending is known");
    assert_eq!(asked().await, 1);
    // Two hours on: still remembered, still asked about.
    later(2).await;
    v.positions().await.unwrap();
    v.positions().await.unwrap();
    assert_eq!(asked().await, 3, "an unseen redemption is asked about for a day");
    // A day on: asked once more, then forgotten.
    later(23).await;
    v.positions().await.unwrap();
    assert_eq!(asked().await, 4);
    v.positions().await.unwrap();
    assert_eq!(asked().await, 4, "forgotten after a day unseen");
}
