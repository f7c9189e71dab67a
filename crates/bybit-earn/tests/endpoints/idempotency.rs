//! orderLinkId generation, validation and reuse; writes that must never be duplicated;
//! duplicate answers; reconciliation by orderLinkId.

mod common;

use std::time::Duration;

use bybit_earn::*;
use common::*;
use earn_core::{Amount, EarnVenue, ErrorKind, Operation, Reconciliation};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn amt(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

fn body_json(r: &wiremock::Request) -> serde_json::Value {
    serde_json::from_slice(&r.body).unwrap()
}

#[tokio::test]
async fn a_generated_order_link_id_is_a_uuid_and_is_returned() {
    let server = MockServer::start().await;
    Mock::given(path("/v5/earn/place-order"))
        .respond_with(|r: &wiremock::Request| {
            let link = body_json(r)["orderLinkId"].as_str().unwrap().to_owned();
            ok(&format!(r#"{{"orderId":"o1","orderLinkId":"{link}"}}"#))
        })
        .mount(&server)
        .await;
    let c = client(&server);
    let p = PlaceOrderParams::stake(EarnCategory::FlexibleSaving, "BTC", "430", amt("0.01"));
    let a = c.place_order(&p).await.unwrap();
    let b = c.place_order(&p).await.unwrap();
    assert_eq!(a.order_link_id.len(), 36);
    assert!(validate::check_order_link_id("orderLinkId", &a.order_link_id).is_ok());
    assert_ne!(a.order_link_id, b.order_link_id, "each call gets a fresh id");
    let sent = received(&server, "/v5/earn/place-order").await;
    assert_eq!(body_json(&sent[0])["orderLinkId"], a.order_link_id.as_str());
}

#[tokio::test]
async fn invalid_orders_never_reach_the_network() {
    let server = MockServer::start().await;
    let c = client(&server);
    let base = || PlaceOrderParams::stake(EarnCategory::FlexibleSaving, "BTC", "430", amt("1"));
    let cases = [
        (base().order_link_id("a".repeat(37)), "orderLinkId"),
        (base().order_link_id("bad id"), "orderLinkId"),
        (PlaceOrderParams::stake(EarnCategory::FlexibleSaving, "BTC", "430", amt("0")), "amount"),
        (base().redeem_position_id("1"), "redeemPositionId"),
        (base().to_account_type(AccountType::Fund), "toAccountType"),
        (
            PlaceOrderParams::stake(EarnCategory::OnChain, "ETH", "8", amt("1")).account_type(AccountType::Unified),
            "accountType",
        ),
        (
            PlaceOrderParams::redeem(EarnCategory::FlexibleSaving, "BTC", "430", amt("1"))
                .interest_card(InterestCard { award_id: 1, spec_code: "x".into() }),
            "interestCard",
        ),
    ];
    for (params, field) in cases {
        let err = c.place_order(&params).await.unwrap_err();
        assert!(matches!(&err, earn_core::Error::InvalidInput { field: f, .. } if f == field), "{field}: {err}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_rate_limited_place_order_is_repeated_with_the_same_body_and_id() {
    let server = MockServer::start().await;
    Mock::given(path("/v5/earn/place-order"))
        .respond_with(Sequence::new(vec![
            code(10006, "Too many visits!").insert_header("X-Bapi-Limit-Status", "0"),
            ok(r#"{"orderId":"o1","orderLinkId":"keep-me"}"#),
        ]))
        .mount(&server)
        .await;
    let p = PlaceOrderParams::stake(EarnCategory::FlexibleSaving, "BTC", "430", amt("0.5")).order_link_id("keep-me");
    let r = client(&server).place_order(&p).await.unwrap();
    assert_eq!(r.order_id, "o1");
    let sent = received(&server, "/v5/earn/place-order").await;
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].body, sent[1].body, "same body, same orderLinkId");
}

#[tokio::test]
async fn ambiguous_answers_to_a_place_order_are_outcome_unknown_and_sent_once() {
    let answers = [
        code(10000, "server timeout"),
        code(10016, "service restarting"),
        code(180018, "internal error"),
        code(10014, "invalid duplicate request"),
        code(199999, "something new"),
        ResponseTemplate::new(502),
        ResponseTemplate::new(429),
        ResponseTemplate::new(200).set_body_string("<html>gateway</html>"),
    ];
    for answer in answers {
        let server = MockServer::start().await;
        Mock::given(path("/v5/earn/place-order")).respond_with(answer).mount(&server).await;
        let p = PlaceOrderParams::stake(EarnCategory::FlexibleSaving, "BTC", "430", amt("0.5")).order_link_id("u-1");
        let err = client(&server).place_order(&p).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutcomeUnknown, "{err}");
        let intent = err.reconcile_intent().unwrap();
        assert_eq!(intent.client_id.as_ref().unwrap().as_str(), "u-1");
        assert_eq!(intent.amount, Some(amt("0.5")));
        assert_eq!(intent.operation, Operation::Stake);
        assert_eq!(received(&server, "/v5/earn/place-order").await.len(), 1, "never repeated");
    }
}

#[tokio::test]
async fn a_place_order_that_times_out_is_sent_once_and_reconciled_by_order_link_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v5/earn/product"))
        .respond_with(ok(&format!(r#"{{"list":[{FLEX_PRODUCT}]}}"#)))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v5/earn/place-order"))
        .respond_with(ok(r#"{"orderId":"late","orderLinkId":"x"}"#).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let venue = BybitEarnVenue::new(client(&server));
    let request = earn_core::StakeRequest::new("FlexibleSaving:430", amt("0.25")).client_id("tmo-1");
    let err = venue.stake(&request).await.unwrap_err();
    assert!(err.maybe_happened(), "{err}");
    assert_eq!(received(&server, "/v5/earn/place-order").await.len(), 1);
    let intent = err.reconcile_intent().unwrap().clone();
    assert_eq!(intent.product.as_ref().unwrap().as_str(), "FlexibleSaving:430");
    assert!(intent.sent_at.is_some());

    Mock::given(method("GET"))
        .and(path("/v5/earn/order"))
        .and(query_param("orderLinkId", "tmo-1"))
        .and(Signed)
        .respond_with(ok(r#"{"list":[{"coin":"BTC","orderValue":"0.25","orderType":"Stake","orderId":"late","orderLinkId":"tmo-1","status":"Pending","createdAt":"1","productId":"430","updatedAt":"1"}],"nextPageCursor":""}"#))
        .expect(1)
        .mount(&server)
        .await;
    let Reconciliation::Happened(order) = venue.reconcile(&intent).await.unwrap() else { panic!("not found") };
    assert_eq!(order.id.as_str(), "late");
    assert_eq!(order.client_id.unwrap().as_str(), "tmo-1");
    assert_eq!(received(&server, "/v5/earn/place-order").await.len(), 1, "reconcile only reads");
}

#[tokio::test]
async fn reconcile_waits_for_the_grace_period_before_saying_it_did_not_happen() {
    let server = MockServer::start().await;
    Mock::given(path("/v5/earn/order")).respond_with(ok(r#"{"list":[],"nextPageCursor":""}"#)).mount(&server).await;
    let c = client(&server);
    let venue = BybitEarnVenue::new(c.clone()).reconcile_grace(Duration::from_secs(60));
    let base = earn_core::ReconcileIntent::new(VENUE, Operation::Stake, "/v5/earn/place-order")
        .product("FlexibleSaving:430")
        .amount(amt("1"))
        .client_id("gone-1");
    let fresh = base.clone().sent_at(c.venue_now());
    assert_eq!(venue.reconcile(&fresh).await.unwrap(), Reconciliation::StillUnknown);
    let old = base.clone().sent_at(earn_core::UnixMillis(c.venue_now().0 - 120_000));
    assert_eq!(venue.reconcile(&old).await.unwrap(), Reconciliation::DidNotHappen);
    let without_id = earn_core::ReconcileIntent::new(VENUE, Operation::Stake, "/v5/earn/place-order");
    assert_eq!(venue.reconcile(&without_id).await.unwrap_err().kind(), ErrorKind::InvalidInput);
}

fn existing(order_type: &str, value: &str) -> String {
    format!(
        r#"{{"list":[{{"coin":"BTC","orderValue":"{value}","orderType":"{order_type}","orderId":"first","orderLinkId":"dup-1","status":"Success","createdAt":"1","productId":"430","updatedAt":"1"}}],"nextPageCursor":""}}"#
    )
}

#[tokio::test]
async fn a_duplicate_answer_returns_the_matching_existing_order() {
    for dup in [180025, 180031] {
        let server = MockServer::start().await;
        Mock::given(path("/v5/earn/place-order")).respond_with(code(dup, "order already exists")).mount(&server).await;
        Mock::given(method("GET"))
            .and(path("/v5/earn/order"))
            .and(QueryIs("category=FlexibleSaving&orderLinkId=dup-1"))
            .and(Signed)
            .respond_with(ok(&existing("Stake", "0.50")))
            .expect(1)
            .mount(&server)
            .await;
        let p = PlaceOrderParams::stake(EarnCategory::FlexibleSaving, "BTC", "430", amt("0.5")).order_link_id("dup-1");
        let r = client(&server).place_order(&p).await.unwrap();
        assert_eq!(r.order_id, "first");
        assert!(r.already_existed);
        assert_eq!(received(&server, "/v5/earn/place-order").await.len(), 1);
    }
}

#[tokio::test]
async fn a_duplicate_answer_for_a_different_order_stays_a_rejection() {
    let server = MockServer::start().await;
    Mock::given(path("/v5/earn/place-order")).respond_with(code(180025, "order already exists")).mount(&server).await;
    Mock::given(path("/v5/earn/order")).respond_with(ok(&existing("Redeem", "0.5"))).mount(&server).await;
    let p = PlaceOrderParams::stake(EarnCategory::FlexibleSaving, "BTC", "430", amt("0.5")).order_link_id("dup-1");
    let err = client(&server).place_order(&p).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Rejected);
    let ve = err.venue_error().unwrap();
    assert_eq!(ve.code, "180025");
    assert!(ve.message.contains("order already exists") && ve.message.contains("different order"), "{}", ve.message);
}
