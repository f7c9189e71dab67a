//! The okx-staking defects of issue 10 (§8), each with a test that failed before the fix.

use std::time::Duration;

use earn_core::*;
use okx_staking::VENUE;
use wiremock::MockServer;
use wiremock::matchers::query_param;

use crate::common::*;

fn offer(state: &str) -> String {
    format!(
        r#"[{{"ccy":"DOT","productId":"101","protocol":"Polkadot","protocolType":"defi","term":"0","apy":"0.1767","earlyRedeem":false,"state":"{state}","investData":[{{"bal":"10","ccy":"DOT","maxAmt":"100","minAmt":"2"}}],"earningData":[],"fastRedemptionDailyLimit":"","redeemPeriod":["1D","1D"]}}]"#
    )
}

async fn posts(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().iter().filter(|r| r.method.as_str() == "POST").count()
}

/// Defect (a): an on-chain earn purchase was sent although the offer just read said
/// `sold_out` or `Stop` (OKX then answers 51730/51731). The old adapter checked only the
/// amount rules and sent the purchase; now it refuses locally with `ProductUnavailable`.
#[tokio::test]
async fn a_sold_out_or_stopped_offer_is_refused_before_the_purchase() {
    for (state, code) in [("sold_out", "51730"), ("Stop", "51731"), ("stop", "51731")] {
        let server = MockServer::start().await;
        signed("GET", &format!("{EARN}/offers")).respond_with(ok(&offer(state))).mount(&server).await;
        signed("POST", &format!("{EARN}/purchase"))
            .respond_with(ok(r#"[{"ordId":"1","tag":""}]"#))
            .expect(0)
            .mount(&server)
            .await;
        let err = venue(&server, LONG).stake(&StakeRequest::new("onchain:101", amt("3"))).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ProductUnavailable, "{state}: {err:?}");
        let ve = err.venue_error().unwrap();
        assert_eq!((ve.venue.clone(), ve.code.as_str(), ve.http_status), (VENUE, code, None), "{state}");
        assert!(!err.maybe_happened());
        assert_eq!(posts(&server).await, 0, "{state}: nothing may be written");
    }
    // A purchasable offer still goes through.
    let server = MockServer::start().await;
    signed("GET", &format!("{EARN}/offers")).respond_with(ok(&offer("purchasable"))).mount(&server).await;
    signed("POST", &format!("{EARN}/purchase"))
        .respond_with(ok(r#"[{"ordId":"9","tag":""}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let placed = venue(&server, LONG).stake(&StakeRequest::new("onchain:101", amt("3"))).await.unwrap();
    assert_eq!(placed.order().unwrap().id.as_str(), "onchain:9");
}

/// Defect (b): a stake of `0` or with more than 8 decimals was refused only after a
/// network read (product-info or offers). Now nothing at all is requested.
#[tokio::test]
async fn hopeless_amounts_are_refused_before_any_request() {
    let server = MockServer::start().await;
    let v = venue(&server, LONG);
    for product in ["eth", "sol", "onchain:101"] {
        for amount in ["0", "1.000000001", "0.000000000"] {
            let err = v.stake(&StakeRequest::new(product, amt(amount))).await.unwrap_err();
            assert!(
                matches!(&err, Error::InvalidInput { field, .. } if field == "amount"),
                "{product} {amount}: {err:?}"
            );
            let err = v.redeem(&RedeemRequest::new(product, amt(amount))).await.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{product} {amount}: {err:?}");
        }
    }
    let tagged = StakeRequest::new("onchain:101", amt("0")).client_id("goodTag1");
    assert_eq!(v.stake(&tagged).await.unwrap_err().kind(), ErrorKind::InvalidInput);
    assert!(server.received_requests().await.unwrap().is_empty(), "not even a read was made");
}

/// Defect (c): "an earlier write is not reconciled yet" was `InvalidInput`, as if the
/// caller's input were wrong. It is its own kind, `UnreconciledWrite`, naming the operation.
#[tokio::test]
async fn an_unreconciled_earlier_write_is_its_own_error_kind() {
    let server = MockServer::start().await;
    signed("POST", &format!("{ETH}/redeem"))
        .respond_with(okx_error(400, "50004", "Endpoint request timeout"))
        .expect(1)
        .mount(&server)
        .await;
    signed("GET", &format!("{ETH}/purchase-redeem-history")).respond_with(ok("[]")).mount(&server).await;
    mount_funding(&server, "BETH", Some("5")).await;
    let v = venue(&server, LONG);
    let first = v.redeem(&RedeemRequest::new("eth", amt("1"))).await.unwrap_err();
    assert_eq!(first.kind(), ErrorKind::OutcomeUnknown);
    let second = v.redeem(&RedeemRequest::new("eth", amt("2"))).await.unwrap_err();
    assert_eq!(second.kind(), ErrorKind::UnreconciledWrite, "{second:?}");
    let Error::UnreconciledWrite { venue, operation, detail } = &second else { panic!("{second:?}") };
    assert_eq!((venue, *operation), (&VENUE, Operation::Redeem));
    assert!(detail.contains("not reconciled"), "{detail}");
    assert!(!second.maybe_happened());
    assert_eq!(requests(&server, &format!("{ETH}/redeem")).await.len(), 1, "the second write was not sent");
}

fn purchase_row(amount: &str, at: i64, ord_id: &str) -> String {
    format!(
        r#"{{"type":"purchase","amt":"{amount}","redeemingAmt":"","status":"pending","requestTime":"{at}","completedTime":"","estCompletedTime":"","ordId":"{ord_id}"}}"#
    )
}

/// Defect (d): reconciliation ignored `intent.claimed` and, among several equal rows, took
/// the one nearest in time: a guess that could report another write's row. Now a claimed
/// row is never the answer, and two unclaimed candidates are `StillUnknown` with a reason.
#[tokio::test]
async fn reconcile_never_answers_with_a_claimed_row_and_never_guesses() {
    let server = MockServer::start().await;
    let t = now_ms();
    let rows = format!("[{},{}]", purchase_row("1", t - 1_000, "1"), purchase_row("1", t - 2_000, "2"));
    signed("GET", &format!("{ETH}/purchase-redeem-history"))
        .and(query_param("type", "purchase"))
        .respond_with(ok(&rows))
        .mount(&server)
        .await;
    let intent = ReconcileIntent::new(VENUE, Operation::Stake, format!("{ETH}/purchase"))
        .product("eth")
        .asset("ETH")
        .amount(amt("1"))
        .sent_at(UnixMillis(t - 1_500));

    // Row 1 (the nearer in time) belongs to another write: the answer is row 2.
    let claimed = intent.clone().claimed([OrderId::new("eth:1")]);
    let Reconciliation::Happened(order) = venue(&server, LONG).reconcile(&claimed).await.unwrap() else {
        panic!("one unclaimed row remains")
    };
    assert_eq!(order.id.as_str(), "eth:2");

    // Both claimed: no evidence for this write (and, within the grace period, no verdict).
    let both = intent.clone().claimed([OrderId::new("eth:1"), OrderId::new("eth:2")]);
    let answer = venue(&server, LONG).reconcile(&both).await.unwrap();
    assert!(answer.is_still_unknown(), "{answer:?}");
    assert_eq!(venue(&server, Duration::ZERO).reconcile(&both).await.unwrap(), Reconciliation::DidNotHappen);

    // Two unclaimed equal candidates: ambiguous, never a guess, even after the grace period.
    for grace in [LONG, Duration::ZERO] {
        match venue(&server, grace).reconcile(&intent).await.unwrap() {
            Reconciliation::StillUnknown { reason } => assert!(reason.contains("2 unclaimed"), "{reason}"),
            other => panic!("two candidates answered {other:?}"),
        }
    }
}

/// Defect (d), on-chain earn: the order carrying the purchase's tag is not this write's
/// when the journal attributed it to another one.
#[tokio::test]
async fn a_claimed_tagged_order_is_not_evidence() {
    let server = MockServer::start().await;
    let order = r#"[{"ordId":"555","ccy":"DOT","productId":"101","state":"1","investData":[{"ccy":"DOT","amt":"3"}],"purchasedTime":"1729839328000","tag":"botTag0001"}]"#;
    signed("GET", &format!("{EARN}/orders-active")).respond_with(ok(order)).mount(&server).await;
    signed("GET", &format!("{EARN}/orders-history")).respond_with(ok("[]")).mount(&server).await;
    let intent = ReconcileIntent::new(VENUE, Operation::Stake, format!("{EARN}/purchase"))
        .product("onchain:101")
        .amount(amt("3"))
        .client_id("botTag0001")
        .sent_at(UnixMillis(now_ms()));
    let v = venue(&server, Duration::ZERO);
    assert!(
        matches!(v.reconcile(&intent).await.unwrap(), Reconciliation::Happened(o) if o.id.as_str() == "onchain:555")
    );
    let claimed = intent.claimed([OrderId::new("onchain:555")]);
    let answer = v.reconcile(&claimed).await.unwrap();
    assert!(answer.is_still_unknown(), "{answer:?}");
}

/// Every intent the crate produces is accepted by its own `reconcile`, including the typed
/// client's, which name OKX's ids (an on-chain purchase without a tag is matched by
/// currency, amount and time).
#[tokio::test]
async fn typed_client_intents_are_reconcilable() {
    use okx_staking::api::onchain;
    let server = MockServer::start().await;
    let now = now_ms();
    let order = format!(
        r#"[{{"ordId":"777","ccy":"DOT","productId":"101","state":"8","investData":[{{"ccy":"DOT","amt":"3"}}],"purchasedTime":"{now}","tag":""}}]"#
    );
    signed("GET", &format!("{EARN}/orders-active")).respond_with(ok(&order)).mount(&server).await;
    signed("GET", &format!("{EARN}/orders-history")).respond_with(ok("[]")).mount(&server).await;
    signed("POST", &format!("{EARN}/purchase"))
        .respond_with(okx_error(500, "50026", "System error"))
        .mount(&server)
        .await;
    signed("POST", &format!("{EARN}/redeem")).respond_with(okx_error(200, "50004", "timeout")).mount(&server).await;
    let c = client(&server);
    let v = venue(&server, LONG);

    let err = c.send(&onchain::Purchase::new("101", "DOT", amt("3"))).await.unwrap_err();
    let intent = err.reconcile_intent().unwrap();
    assert_eq!((intent.client_id.clone(), intent.product.clone()), (None, None));
    let Reconciliation::Happened(found) = v.reconcile(intent).await.unwrap() else { panic!("found by amount") };
    assert_eq!(found.id.as_str(), "onchain:777");
    let tagged = c.send(&onchain::Purchase::new("101", "DOT", amt("3")).tag("neverSeen1")).await.unwrap_err();
    assert!(v.reconcile(tagged.reconcile_intent().unwrap()).await.unwrap().is_still_unknown());

    let err = c.send(&onchain::Redeem::new("777")).await.unwrap_err();
    let intent = err.reconcile_intent().unwrap();
    assert_eq!(intent.order_id.as_ref().unwrap().as_str(), "777");
    assert!(v.reconcile(intent).await.unwrap().is_still_unknown(), "state 8 is not redeeming yet");
}
