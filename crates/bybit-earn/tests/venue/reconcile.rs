//! Reconciliation of every intent the crate produces, duplicate answers, and the checks a
//! write makes before any request.

use std::time::Duration;

use bybit_earn::api::byusdt::PlaceTokenOrder;
use bybit_earn::api::easy_earn::{EarnCategory, PlaceOrder};
use bybit_earn::api::fixed_saving::{FixedCategory, PlaceFixedOrder, RedeemFixedPosition};
use bybit_earn::{BybitEarnVenue, VENUE};
use earn_core::http::{ApiRequest, TransportOptions};
use earn_core::*;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer};

use super::adapter::{mount_products, venue};
use crate::common::*;

/// A client that gives up on an answer after 300 ms: a slower answer is an unknown outcome.
fn impatient(server: &MockServer) -> bybit_earn::BybitEarnClient {
    client_with(server, TransportOptions::default().retry_policy(fast_retry()).timeout(Duration::from_millis(300)))
}

fn still_unknown_reason(r: &Reconciliation) -> &str {
    match r {
        Reconciliation::StillUnknown { reason } => reason,
        other => panic!("expected StillUnknown, got {other:?}"),
    }
}

fn easy_row(order_id: &str, link: &str, order_type: &str, value: &str, status: &str) -> String {
    format!(
        r#"{{"coin":"BTC","orderValue":"{value}","orderType":"{order_type}","orderId":"{order_id}","orderLinkId":"{link}","status":"{status}","createdAt":"1","productId":"430","updatedAt":"1"}}"#
    )
}

fn list(rows: &[String]) -> String {
    format!(r#"{{"list":[{}],"nextPageCursor":""}}"#, rows.join(","))
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
    let request = StakeRequest::new("FlexibleSaving:430", amt("0.25")).client_id("tmo-1");
    let err = venue.stake(&request).await.unwrap_err();
    assert!(err.maybe_happened(), "{err}");
    assert_eq!(received(&server, "/v5/earn/place-order").await.len(), 1);
    let intent = err.reconcile_intent().unwrap().clone();
    assert_eq!(intent.product.as_ref().unwrap().as_str(), "FlexibleSaving:430", "the adapter's own id");
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
    let base = ReconcileIntent::new(VENUE, Operation::Stake, "/v5/earn/place-order")
        .product("FlexibleSaving:430")
        .amount(amt("1"))
        .client_id("gone-1");
    let fresh = base.clone().sent_at(c.venue_now());
    let answer = venue.reconcile(&fresh).await.unwrap();
    assert!(still_unknown_reason(&answer).contains("grace period"), "{answer:?}");
    let old = base.clone().sent_at(UnixMillis(c.venue_now().0 - 120_000));
    assert_eq!(venue.reconcile(&old).await.unwrap(), Reconciliation::DidNotHappen);
    let without_id = ReconcileIntent::new(VENUE, Operation::Stake, "/v5/earn/place-order");
    assert_eq!(venue.reconcile(&without_id).await.unwrap_err().kind(), ErrorKind::InvalidInput);
}

#[tokio::test]
async fn a_duplicate_answer_returns_the_matching_existing_order() {
    for dup in [180025, 180031] {
        let server = MockServer::start().await;
        mount_products(&server).await;
        Mock::given(path("/v5/earn/place-order")).respond_with(code(dup, "order already exists")).mount(&server).await;
        Mock::given(method("GET"))
            .and(path("/v5/earn/order"))
            .and(QueryIs("category=FlexibleSaving&orderLinkId=dup-1"))
            .and(Signed)
            .respond_with(ok(&list(&[easy_row("first", "dup-1", "Stake", "0.50", "Success")])))
            .expect(1)
            .mount(&server)
            .await;
        let request = StakeRequest::new("FlexibleSaving:430", amt("0.5")).client_id("dup-1");
        let order = venue(&server).stake(&request).await.unwrap().into_order().unwrap();
        assert_eq!((order.id.as_str(), order.status), ("first", OrderStatus::Succeeded));
        assert_eq!(order.client_id.unwrap().as_str(), "dup-1");
        assert_eq!(received(&server, "/v5/earn/place-order").await.len(), 1);
    }
}

#[tokio::test]
async fn a_duplicate_answer_for_a_different_order_stays_a_rejection() {
    let server = MockServer::start().await;
    mount_products(&server).await;
    Mock::given(path("/v5/earn/place-order")).respond_with(code(180025, "order already exists")).mount(&server).await;
    Mock::given(path("/v5/earn/order"))
        .respond_with(ok(&list(&[easy_row("first", "dup-1", "Redeem", "0.5", "Success")])))
        .mount(&server)
        .await;
    let request = StakeRequest::new("FlexibleSaving:430", amt("0.5")).client_id("dup-1");
    let err = venue(&server).stake(&request).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Rejected);
    let ve = err.venue_error().unwrap();
    assert_eq!(ve.code, "180025");
    assert!(ve.message.contains("order already exists") && ve.message.contains("different order"), "{}", ve.message);
}

/// Issue 10, defect: a stake of `0` and a position id with illegal characters were refused
/// only after reading the product; nothing may reach the venue.
#[tokio::test]
async fn a_zero_amount_or_a_bad_position_id_is_refused_before_any_request() {
    let server = MockServer::start().await;
    mount_products(&server).await;
    let v = venue(&server);
    for product in ["FlexibleSaving:430", "OnChain:8", "OnChain:9", "FixedTermSaving:77"] {
        let err = v.stake(&StakeRequest::new(product, Amount::ZERO)).await.unwrap_err();
        assert!(matches!(&err, Error::InvalidInput { field, .. } if field == "amount"), "{product}: {err}");
        let err = v.redeem(&RedeemRequest::new(product, Amount::ZERO)).await.unwrap_err();
        assert!(matches!(&err, Error::InvalidInput { field, .. } if field == "amount"), "{product}: {err}");
    }
    for position in ["3&26", "32 6", "326?x=1", "é", ""] {
        let request = RedeemRequest::new("OnChain:8", amt("1")).position_id(position);
        let err = v.redeem(&request).await.unwrap_err();
        assert!(matches!(&err, Error::InvalidInput { field, .. } if field == "position_id"), "{position:?}: {err}");
        let err = v.redemption_estimate(&request).await.unwrap_err();
        assert!(matches!(&err, Error::InvalidInput { field, .. } if field == "position_id"), "{position:?}: {err}");
    }
    assert_eq!(all_requests(&server).await, 0, "no request, not even a product read");
}

fn fixed_redeem_row(order_id: &str, created: i64) -> String {
    format!(
        r#"{{"orderId":"{order_id}","orderLinkId":"","orderType":"Redeem","productId":"1001","category":"FundPool","coin":"USDT","amount":"10.5","status":"Processing","createdAt":"{created}","yieldInfoList":[]}}"#
    )
}

/// Issue 10, defect: the Fixed Saving early-redeem intent was refused by `reconcile` with
/// `InvalidInput`. It is settled from the FundPool redemptions of the product since the send.
#[tokio::test]
async fn a_fixed_early_redemption_with_an_unknown_outcome_reconciles_from_the_order_history() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v5/earn/fixed-term/redeem"))
        .respond_with(ok(r#"{"redeemAmount":"10.5","estEarnings":"0"}"#).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let c = impatient(&server);
    let err = c.send(&RedeemFixedPosition::new(FixedCategory::FundPool, "1001", "200001")).await.unwrap_err();
    assert!(err.maybe_happened(), "{err}");
    assert_eq!(received(&server, "/v5/earn/fixed-term/redeem").await.len(), 1, "no key: never repeated");
    let intent = err.reconcile_intent().unwrap().clone();
    let sent = intent.sent_at.unwrap();

    // An older redemption of the product is not this one; the one after the send is.
    let older = fixed_redeem_row("older", sent.0 - 3_600_000);
    let ours = fixed_redeem_row("ours", sent.0 + 50);
    Mock::given(method("GET"))
        .and(path("/v5/earn/fixed-term/order"))
        .and(query_param("orderType", "Redeem"))
        .and(query_param("category", "FundPool"))
        .and(query_param("productId", "1001"))
        .and(Signed)
        .respond_with(ok(&list(&[ours, older])))
        .mount(&server)
        .await;
    let v = BybitEarnVenue::new(c.clone());
    let Reconciliation::Happened(order) = v.reconcile(&intent).await.unwrap() else { panic!("not settled") };
    assert_eq!((order.id.as_str(), order.side, order.product.as_str()), ("ours", OrderSide::Redeem, "FundPool:1001"));
    assert_eq!(order.amount, amt("10.5"));
    assert_eq!(received(&server, "/v5/earn/fixed-term/redeem").await.len(), 1, "reconcile only reads");
}

/// Issue 10: reconciliation honours `intent.claimed` and answers `StillUnknown` with a
/// reason when the evidence is ambiguous, never a guess.
#[tokio::test]
async fn claimed_rows_are_never_evidence_and_ambiguity_stays_unknown() {
    let server = MockServer::start().await;
    let now = UnixMillis::now_local();
    Mock::given(path("/v5/earn/fixed-term/order"))
        .respond_with(ok(&list(&[fixed_redeem_row("r-2", now.0 + 20), fixed_redeem_row("r-1", now.0 + 10)])))
        .mount(&server)
        .await;
    Mock::given(path("/v5/earn/order"))
        .and(query_param("orderLinkId", "mine"))
        .respond_with(ok(&list(&[easy_row("o-mine", "mine", "Stake", "1", "Pending")])))
        .mount(&server)
        .await;
    Mock::given(path("/v5/earn/order"))
        .and(query_param("orderLinkId", "reused"))
        .respond_with(ok(&list(&[easy_row("o-other", "reused", "Stake", "7", "Success")])))
        .mount(&server)
        .await;
    let v = BybitEarnVenue::new(client(&server)).reconcile_grace(Duration::ZERO);

    // Two early redemptions of the product since the send: which one is ours?
    let redeem = ReconcileIntent::new(VENUE, Operation::Redeem, "/v5/earn/fixed-term/redeem")
        .product("FundPool:1001")
        .order_id("200001")
        .sent_at(now);
    let answer = v.reconcile(&redeem).await.unwrap();
    let reason = still_unknown_reason(&answer);
    assert!(reason.contains("r-1") && reason.contains("r-2"), "{reason}");
    // A journal attributes r-2 to another write: r-1 is ours.
    let Reconciliation::Happened(order) = v.reconcile(&redeem.clone().claimed([OrderId::new("r-2")])).await.unwrap()
    else {
        panic!("one candidate left")
    };
    assert_eq!(order.id.as_str(), "r-1");
    // Both claimed: nothing of ours, and the grace period (zero) has passed.
    let both = redeem.clone().claimed([OrderId::new("r-1"), OrderId::new("r-2")]);
    assert_eq!(v.reconcile(&both).await.unwrap(), Reconciliation::DidNotHappen);

    // A keyed write whose order is claimed by another write is not evidence for this one.
    let stake = ReconcileIntent::new(VENUE, Operation::Stake, "/v5/earn/place-order")
        .product("FlexibleSaving:430")
        .amount(amt("1"))
        .client_id("mine")
        .sent_at(now);
    assert!(matches!(v.reconcile(&stake).await.unwrap(), Reconciliation::Happened(_)));
    let answer = v.reconcile(&stake.clone().claimed([OrderId::new("o-mine")])).await.unwrap();
    assert!(still_unknown_reason(&answer).contains("claimed"), "{answer:?}");
    // An orderLinkId that belongs to a different order may be another write's.
    let reused = ReconcileIntent::new(VENUE, Operation::Stake, "/v5/earn/place-order")
        .product("FlexibleSaving:430")
        .amount(amt("1"))
        .client_id("reused")
        .sent_at(now);
    let answer = v.reconcile(&reused).await.unwrap();
    assert!(still_unknown_reason(&answer).contains("different order"), "{answer:?}");
}

/// Every intent the crate produces, from the adapter and from each typed write, is
/// accepted by `EarnVenue::reconcile` (an empty history: it did not happen).
#[tokio::test]
async fn every_intent_the_crate_produces_is_reconcilable() {
    let server = MockServer::start().await;
    for p in ["/v5/earn/order", "/v5/earn/fixed-term/order", "/v5/earn/token/order"] {
        Mock::given(path(p)).respond_with(ok(r#"{"list":[],"nextPageCursor":""}"#)).mount(&server).await;
    }
    let v = BybitEarnVenue::new(client(&server)).reconcile_grace(Duration::ZERO);
    let sent = UnixMillis(UnixMillis::now_local().0 - 1000);
    let intents = [
        PlaceOrder::stake(EarnCategory::FlexibleSaving, "BTC", "430", amt("1")).intent(),
        PlaceOrder::redeem(EarnCategory::OnChain, "ETH", "8", amt("1")).redeem_position_id("326").intent(),
        PlaceFixedOrder::new(FixedCategory::FundPool, "USDT", "1001", amt("10")).intent(),
        RedeemFixedPosition::new(FixedCategory::FundPool, "1001", "200001").intent(),
        PlaceTokenOrder::mint(amt("2")).intent(),
        PlaceTokenOrder::redeem(amt("2")).intent(),
    ];
    for intent in intents {
        let intent = intent.expect("every write names its intent").sent_at(sent);
        let answer = v.reconcile(&intent).await;
        assert_eq!(answer.as_ref().ok(), Some(&Reconciliation::DidNotHappen), "{intent:?}: {answer:?}");
    }
}

/// A journal (earn-journal's `Journaled`) records a write's intent before the adapter
/// picks the endpoint: its intents name the operation, the adapter's product and the
/// `orderLinkId`, with an empty `endpoint`. They are reconciled like the adapter's own
/// (a crash between the record and the answer used to leave them unreconcilable forever).
#[tokio::test]
async fn journaled_intents_without_an_endpoint_are_reconcilable() {
    let server = MockServer::start().await;
    Mock::given(path("/v5/earn/order"))
        .and(query_param("orderLinkId", "mine"))
        .respond_with(ok(&list(&[easy_row("o-mine", "mine", "Stake", "1", "Pending")])))
        .mount(&server)
        .await;
    for p in ["/v5/earn/order", "/v5/earn/fixed-term/order"] {
        Mock::given(path(p)).respond_with(ok(&list(&[]))).mount(&server).await;
    }
    let v = BybitEarnVenue::new(client(&server)).reconcile_grace(Duration::ZERO);
    let sent = UnixMillis(UnixMillis::now_local().0 - 1000);
    let journaled = |op, product: &str, link: &str| {
        ReconcileIntent::new(VENUE, op, "").product(product).amount(amt("1")).client_id(link).sent_at(sent)
    };
    let stake = journaled(Operation::Stake, "FlexibleSaving:430", "mine");
    let Reconciliation::Happened(order) = v.reconcile(&stake).await.unwrap() else { panic!("found by orderLinkId") };
    assert_eq!(order.id.as_str(), "o-mine");
    for intent in
        [journaled(Operation::Redeem, "OnChain:8", "gone"), journaled(Operation::Stake, "FundPool:1001", "gone")]
    {
        assert_eq!(v.reconcile(&intent).await.unwrap(), Reconciliation::DidNotHappen, "{intent:?}");
    }
    for bad in [journaled(Operation::Stake, "430", "x"), journaled(Operation::Redeem, "FundPool:1001", "x")] {
        assert_eq!(v.reconcile(&bad).await.unwrap_err().kind(), ErrorKind::InvalidInput, "{bad:?}");
    }
}

#[tokio::test]
async fn typed_writes_reconcile_in_their_own_history() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ok("{}").set_delay(Duration::from_secs(2))).mount(&server).await;
    Mock::given(path("/v5/earn/order"))
        .and(query_param("category", "OnChain"))
        .and(query_param("orderLinkId", "p-1"))
        .respond_with(ok(&list(&[easy_row("easy-1", "p-1", "Stake", "1", "Pending")])))
        .mount(&server)
        .await;
    Mock::given(path("/v5/earn/order")).respond_with(ok(&list(&[]))).mount(&server).await;
    Mock::given(path("/v5/earn/fixed-term/order"))
        .respond_with(ok(&list(&[
            r#"{"orderId":"fx-other","orderLinkId":"zzz","orderType":"Stake","productId":"1001","category":"FundPool","coin":"USDT","amount":"10","status":"Active","createdAt":"1"}"#.to_owned(),
            r#"{"orderId":"fx-1","orderLinkId":"f-1","orderType":"Stake","productId":"1001","category":"FundPool","coin":"USDT","amount":"10","status":"Processing","createdAt":"1"}"#.to_owned(),
        ])))
        .mount(&server)
        .await;
    Mock::given(path("/v5/earn/token/order"))
        .and(query_param("orderLinkId", "t-1"))
        .respond_with(ok(&list(&[r#"{"orderId":"tk-1","orderLinkId":"t-1","orderType":"Mint","fromCoin":"USDT","toCoin":"BYUSDT","fromAmount":"2","toAmount":"1.99","status":"Processing","createdTime":"1700000001"}"#.to_owned()])))
        .mount(&server)
        .await;
    let c = impatient(&server);
    let v = BybitEarnVenue::new(c.clone());
    let cases: [(earn_core::Error, &str, &str); 3] = [
        (
            c.send(&PlaceOrder::stake(EarnCategory::OnChain, "BTC", "430", amt("1")).order_link_id("p-1"))
                .await
                .unwrap_err(),
            "easy-1",
            "OnChain:430",
        ),
        (
            c.send(&PlaceFixedOrder::new(FixedCategory::FundPool, "USDT", "1001", amt("10")).order_link_id("f-1"))
                .await
                .unwrap_err(),
            "fx-1",
            "FundPool:1001",
        ),
        (c.send(&PlaceTokenOrder::mint(amt("2")).order_link_id("t-1")).await.unwrap_err(), "tk-1", "BYUSDT"),
    ];
    for (err, id, product) in cases {
        let intent = err.reconcile_intent().expect("outcome unknown");
        let Reconciliation::Happened(order) = v.reconcile(intent).await.unwrap() else { panic!("{id} not found") };
        assert_eq!((order.id.as_str(), order.product.as_str()), (id, product));
        assert_eq!(order.status, OrderStatus::Pending);
    }
}
