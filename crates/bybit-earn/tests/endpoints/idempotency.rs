//! `orderLinkId` generation, validation and reuse on the typed client; writes that must
//! never be duplicated; what a duplicate answer means.

use bybit_earn::api::common::AccountType;
use bybit_earn::api::easy_earn::{EarnCategory, InterestCard, PlaceOrder};
use earn_core::http::ApiRequest;
use earn_core::{ErrorKind, Operation};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

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
    let order = || PlaceOrder::stake(EarnCategory::FlexibleSaving, "BTC", "430", amt("0.01"));
    let (first, second) = (order(), order());
    let a = c.send(&first).await.unwrap();
    let b = c.send(&second).await.unwrap();
    assert_eq!(a.order_link_id.len(), 36);
    assert!(earn_core::validate::check_id("orderLinkId", &a.order_link_id, 36).is_ok());
    assert_ne!(a.order_link_id, b.order_link_id, "each order gets a fresh id");
    // The same order sent again is the same intent: it carries the same id, so Bybit
    // cannot execute it twice.
    let again = c.send(&first).await.unwrap();
    assert_eq!(again.order_link_id, a.order_link_id);
    let sent = received(&server, "/v5/earn/place-order").await;
    assert_eq!(body_json(&sent[0])["orderLinkId"], a.order_link_id.as_str());
    assert_eq!(body_json(&sent[1])["orderLinkId"], b.order_link_id.as_str());
}

#[tokio::test]
async fn invalid_orders_never_reach_the_network() {
    let server = MockServer::start().await;
    let c = client(&server);
    let base = || PlaceOrder::stake(EarnCategory::FlexibleSaving, "BTC", "430", amt("1"));
    let cases = [
        (base().order_link_id("a".repeat(37)), "orderLinkId"),
        (base().order_link_id("bad id"), "orderLinkId"),
        (PlaceOrder::stake(EarnCategory::FlexibleSaving, "BTC", "430", amt("0")), "amount"),
        (base().redeem_position_id("1"), "redeemPositionId"),
        (base().to_account_type(AccountType::Fund), "toAccountType"),
        (
            PlaceOrder::stake(EarnCategory::OnChain, "ETH", "8", amt("1")).account_type(AccountType::Unified),
            "accountType",
        ),
        (
            PlaceOrder::redeem(EarnCategory::FlexibleSaving, "BTC", "430", amt("1"))
                .interest_card(InterestCard { award_id: 1, spec_code: "x".into() }),
            "interestCard",
        ),
        (base().rules(earn_core::AmountRules { precision: Some(0), ..Default::default() }).amount_of("1.5"), "amount"),
    ];
    for (params, field) in cases {
        let err = c.send(&params).await.unwrap_err();
        assert!(matches!(&err, earn_core::Error::InvalidInput { field: f, .. } if f == field), "{field}: {err}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

trait AmountOf {
    fn amount_of(self, amount: &str) -> Self;
}

impl AmountOf for PlaceOrder {
    fn amount_of(mut self, amount: &str) -> Self {
        self.amount = amt(amount);
        self
    }
}

#[tokio::test]
async fn a_rate_limited_place_order_is_repeated_with_the_same_body_and_id() {
    let limited = [
        code(10006, "Too many visits!").insert_header("X-Bapi-Limit-Status", "0"),
        ResponseTemplate::new(429).set_body_string("Too Many Requests"),
    ];
    for first in limited {
        let server = MockServer::start().await;
        Mock::given(path("/v5/earn/place-order"))
            .respond_with(Sequence::new(vec![first, ok(r#"{"orderId":"o1","orderLinkId":"keep-me"}"#)]))
            .mount(&server)
            .await;
        let p = PlaceOrder::stake(EarnCategory::FlexibleSaving, "BTC", "430", amt("0.5")).order_link_id("keep-me");
        let r = client(&server).send(&p).await.unwrap();
        assert_eq!(r.order_id, "o1");
        let sent = received(&server, "/v5/earn/place-order").await;
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[0].body, sent[1].body, "same body, same orderLinkId");
    }
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
        ResponseTemplate::new(200).set_body_string("<html>gateway</html>"),
    ];
    for answer in answers {
        let server = MockServer::start().await;
        Mock::given(path("/v5/earn/place-order")).respond_with(answer).mount(&server).await;
        let p = PlaceOrder::stake(EarnCategory::FlexibleSaving, "BTC", "430", amt("0.5")).order_link_id("u-1");
        let err = client(&server).send(&p).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutcomeUnknown, "{err}");
        let intent = err.reconcile_intent().unwrap();
        assert_eq!(intent.client_id.as_ref().unwrap().as_str(), "u-1");
        assert_eq!(intent.amount, Some(amt("0.5")));
        assert_eq!(intent.operation, Operation::Stake);
        assert_eq!(intent.product.as_ref().unwrap().as_str(), "430", "Bybit's own productId");
        assert!(intent.sent_at.is_some());
        assert_eq!(received(&server, "/v5/earn/place-order").await.len(), 1, "never repeated");
    }
}

/// An answer "an order with this orderLinkId exists" (180025, 180031) does not say whether
/// it is this write's: the typed client reports an unknown outcome carrying the intent
/// (the adapter settles it at once, see `venue::reconcile`), and never repeats the write.
#[tokio::test]
async fn a_duplicate_answer_is_an_unknown_outcome_to_reconcile() {
    for dup in [180025, 180031] {
        let server = MockServer::start().await;
        Mock::given(path("/v5/earn/place-order")).respond_with(code(dup, "order already exists")).mount(&server).await;
        let p = PlaceOrder::stake(EarnCategory::FlexibleSaving, "BTC", "430", amt("0.5")).order_link_id("dup-1");
        let err = client(&server).send(&p).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutcomeUnknown, "{err}");
        assert_eq!(err.venue_error().unwrap().code, dup.to_string());
        let intent = err.reconcile_intent().unwrap();
        assert_eq!(intent.client_id.as_ref().map(|c| c.as_str()), Some("dup-1"));
        assert_eq!((intent.product.as_ref().unwrap().as_str(), intent.amount), ("430", Some(amt("0.5"))));
        assert_eq!(p.intent().unwrap().client_id, intent.client_id);
        assert_eq!(received(&server, "/v5/earn/place-order").await.len(), 1);
    }
}
