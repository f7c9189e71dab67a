//! Reconciliation: ETH/SOL writes answer without an order id and are found in history;
//! on-chain earn purchases are found by tag. Nothing here is ever sent twice.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use earn_core::*;
use wiremock::matchers::{body_string_contains, query_param};
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

use crate::common::*;

fn row(ty: &str, amt: &str, at: i64, ord_id: Option<&str>) -> String {
    let id = ord_id.map(|i| format!(r#","ordId":"{i}""#)).unwrap_or_default();
    format!(
        r#"{{"type":"{ty}","amt":"{amt}","redeemingAmt":"","status":"pending","requestTime":"{at}","completedTime":"","estCompletedTime":"{}"{id}}}"#,
        at + 86_400_000
    )
}

async fn mount_eth_product(server: &MockServer) {
    signed("GET", &format!("{ETH}/product-info"))
        .respond_with(ok(r#"[{"fastRedemptionDailyLimit":"100","rate":"2.23","redemptDays":"8","minAmt":"0.001"}]"#))
        .mount(server)
        .await;
}

fn stake(product: &str, amount: &str) -> StakeRequest {
    StakeRequest::new(product, Amount::parse(amount).unwrap())
}

/// Answers `ok` and flips the switch: what a read shows from then on has changed.
struct Flip(Arc<AtomicBool>, ResponseTemplate);

impl Respond for Flip {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.0.store(true, Ordering::SeqCst);
        self.1.clone()
    }
}

#[tokio::test]
async fn a_successful_eth_purchase_is_matched_to_its_history_row() {
    let server = MockServer::start().await;
    mount_eth_product(&server).await;
    let sent = Arc::new(AtomicBool::new(false));
    signed("POST", &format!("{ETH}/purchase"))
        .respond_with(Flip(sent.clone(), ok("[]")))
        .expect(1)
        .mount(&server)
        .await;
    let t = now_ms();
    let old = [row("purchase", "0.4", t, Some("1")), row("purchase", "0.5", t - 3_600_000, Some("7"))];
    let before = format!("[{}]", old.join(","));
    let after = format!("[{},{}]", row("purchase", "0.50", t, Some("9001")), old.join(","));
    signed("GET", &format!("{ETH}/purchase-redeem-history"))
        .and(query_param("type", "purchase"))
        .and(query_param("limit", "100"))
        .respond_with(Switch(sent, ok(&before), ok(&after)))
        .mount(&server)
        .await;
    let outcome = venue(&server, LONG).stake(&stake("eth", "0.5")).await.unwrap();
    let order = outcome.order().unwrap();
    assert_eq!(order.id.as_str(), "eth:9001", "decimal-equal amount inside the window");
    assert_eq!((order.side, order.status), (OrderSide::Stake, OrderStatus::Pending));
    assert_eq!((order.asset.as_str(), order.product.as_str()), ("ETH", "eth"));
    assert_eq!(order.settles_at, Some(UnixMillis(t + 86_400_000)));
    let h = &requests(&server, &format!("{ETH}/purchase-redeem-history")).await[0];
    let before: i64 = h.url.query_pairs().find(|(k, _)| k == "before").unwrap().1.parse().unwrap();
    assert!((now_ms() - 60_000 - before).abs() < 10_000, "window starts at sent_at - 60 s: {before}");
    assert_all_signed(&server).await;
}

/// Rows of the same amount already in history before the write was sent (another
/// process's, or this one's before a restart: a fresh adapter remembers no claims) are not
/// the write's: the new row is found, not "two rows match" (which used to leave a pending
/// `…:sent:…` order, and the real row free for another write to be matched to).
#[tokio::test]
async fn a_fresh_adapter_tells_its_row_from_earlier_rows_of_the_same_amount() {
    let server = MockServer::start().await;
    mount_eth_product(&server).await;
    let sent = Arc::new(AtomicBool::new(false));
    signed("POST", &format!("{ETH}/purchase"))
        .respond_with(Flip(sent.clone(), ok("[]")))
        .expect(1)
        .mount(&server)
        .await;
    let t = now_ms();
    let earlier = [row("purchase", "0.0231", t - 2_000, Some("100")), row("purchase", "0.0231", t - 9_000, Some("99"))];
    let before = format!("[{}]", earlier.join(","));
    let after = format!("[{},{}]", row("purchase", "0.0231", t, Some("101")), earlier.join(","));
    signed("GET", &format!("{ETH}/purchase-redeem-history"))
        .respond_with(Switch(sent, ok(&before), ok(&after)))
        .mount(&server)
        .await;
    let order = venue(&server, LONG).stake(&stake("eth", "0.0231")).await.unwrap().order().unwrap().clone();
    assert_eq!(order.id.as_str(), "eth:101", "{order:?}");
}

#[tokio::test]
async fn a_timed_out_purchase_is_sent_once_and_reconcile_finds_the_order() {
    let server = MockServer::start().await;
    mount_eth_product(&server).await;
    signed("POST", &format!("{ETH}/purchase"))
        .respond_with(ok("[]").set_delay(Duration::from_secs(2)))
        .expect(1)
        .mount(&server)
        .await;
    let visible = Arc::new(AtomicBool::new(false));
    let t = now_ms();
    signed("GET", &format!("{ETH}/purchase-redeem-history"))
        .respond_with(Switch(visible.clone(), ok("[]"), ok(&format!("[{}]", row("purchase", "0.5", t, Some("4242"))))))
        .mount(&server)
        .await;
    let v = venue(&server, LONG);
    let err = v.stake(&stake("eth", "0.5")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown, "{err:?}");
    let intent = err.reconcile_intent().unwrap().clone();
    assert_eq!(intent.operation, Operation::Stake);
    assert_eq!(intent.product.as_ref().unwrap().as_str(), "eth");
    assert_eq!(intent.amount.unwrap().to_string(), "0.5");
    assert!(intent.sent_at.is_some());

    // While unreconciled, an identical write is refused locally and nothing is sent.
    let again = v.stake(&stake("eth", "0.5")).await.unwrap_err();
    assert_eq!(again.kind(), ErrorKind::UnreconciledWrite, "{again:?}");
    assert!(again.to_string().contains("not reconciled"));
    assert!(v.reconcile(&intent).await.unwrap().is_still_unknown());

    visible.store(true, Ordering::SeqCst);
    let Reconciliation::Happened(order) = v.reconcile(&intent).await.unwrap() else { panic!("found") };
    assert_eq!(order.id.as_str(), "eth:4242");
    // Asking again gives the same order (the row stays claimed by this intent).
    assert_eq!(v.reconcile(&intent).await.unwrap(), Reconciliation::Happened(order));
    assert_eq!(requests(&server, &format!("{ETH}/purchase")).await.len(), 1, "never sent twice");
}

#[tokio::test]
async fn no_row_proves_absence_only_after_the_grace_period() {
    let server = MockServer::start().await;
    mount_eth_product(&server).await;
    signed("POST", &format!("{ETH}/redeem"))
        .respond_with(okx_error(400, "50004", "Endpoint request timeout"))
        .expect(1)
        .mount(&server)
        .await;
    signed("GET", &format!("{ETH}/purchase-redeem-history"))
        .and(query_param("type", "redeem"))
        .respond_with(ok("[]"))
        .mount(&server)
        .await;
    mount_funding(&server, "BETH", Some("1")).await;
    let patient = venue(&server, LONG);
    let err = patient.redeem(&RedeemRequest::new("eth", Amount::parse("1").unwrap())).await.unwrap_err();
    assert_eq!(err.venue_error().unwrap().code, "50004");
    let intent = err.reconcile_intent().unwrap();
    assert_eq!(intent.asset.as_ref().unwrap().as_str(), "BETH");
    assert!(patient.reconcile(intent).await.unwrap().is_still_unknown());
    let hasty = venue(&server, Duration::ZERO);
    assert_eq!(hasty.reconcile(intent).await.unwrap(), Reconciliation::DidNotHappen);
}

#[tokio::test]
async fn identical_concurrent_writes_are_serialized_and_never_share_a_row() {
    let server = MockServer::start().await;
    mount_eth_product(&server).await;
    signed("POST", &format!("{ETH}/purchase")).respond_with(ok("[]")).expect(2).mount(&server).await;
    let t = now_ms();
    signed("GET", &format!("{ETH}/purchase-redeem-history"))
        .respond_with(ok(&format!("[{}]", row("purchase", "1", t, Some("1")))))
        .mount(&server)
        .await;
    let v = venue(&server, LONG);
    let req = stake("eth", "1");
    let (a, b) = tokio::join!(v.stake(&req), v.stake(&req));
    let (a, b) = (a.unwrap().order().unwrap().clone(), b.unwrap().order().unwrap().clone());
    assert_ne!(a.id, b.id, "one row, two writes: only one may claim it");
    let pending = if a.id.as_str() == "eth:1" { &b } else { &a };
    assert!(pending.id.as_str().starts_with("eth:purchase:sent:"), "{pending:?}");
    assert_eq!(pending.status, OrderStatus::Pending);
}

#[tokio::test]
async fn an_accepted_sol_write_gets_a_synthesized_id_that_resolves_later() {
    let server = MockServer::start().await;
    signed("GET", &format!("{SOL}/product-info"))
        .respond_with(ok(r#"{"fastRedemptionAvail":"240","fastRedemptionDailyLimit":"240","rate":"5.57","redemptDays":"2","minAmt":"0.01"}"#))
        .mount(&server)
        .await;
    signed("POST", &format!("{SOL}/purchase")).respond_with(ok("[]")).expect(1).mount(&server).await;
    let visible = Arc::new(AtomicBool::new(false));
    let t = now_ms() + 500;
    signed("GET", &format!("{SOL}/purchase-redeem-history"))
        .respond_with(Switch(visible.clone(), ok("[]"), ok(&format!("[{}]", row("purchase", "2.5", t, None)))))
        .mount(&server)
        .await;
    let v = venue(&server, Duration::ZERO);
    let placed = v.stake(&stake("sol", "2.5")).await.unwrap().order().unwrap().clone();
    assert!(placed.id.as_str().starts_with("sol:purchase:sent:"), "{placed:?}");
    assert_eq!(placed.status, OrderStatus::Pending);
    // OKX said code 0: even with zero grace this is never reported as "did not happen".
    assert_eq!(v.order(&OrderRef::Venue(placed.id.clone())).await.unwrap().unwrap().id, placed.id);
    assert_eq!(v.stake(&stake("sol", "2.5")).await.unwrap_err().kind(), ErrorKind::UnreconciledWrite);

    visible.store(true, Ordering::SeqCst);
    let found = v.order(&OrderRef::Venue(placed.id.clone())).await.unwrap().unwrap();
    assert_eq!(found.id.as_str(), format!("sol:purchase:{t}:2.5"));
    // The synthesized row id is stable and finds the same row again.
    let again = v.order(&OrderRef::Venue(found.id.clone())).await.unwrap().unwrap();
    assert_eq!(again, found);
    let lookup = requests(&server, &format!("{SOL}/purchase-redeem-history")).await.pop().unwrap();
    assert_eq!(lookup.url.query().unwrap(), format!("type=purchase&after={}&before={}&limit=100", t + 1, t - 1));
    assert_eq!(requests(&server, &format!("{SOL}/purchase")).await.len(), 1);
}

const DOT_OFFER: &str = r#"[{"ccy":"DOT","productId":"101","protocol":"Polkadot","protocolType":"defi","term":"0","apy":"0.1767","earlyRedeem":false,"state":"purchasable","investData":[{"bal":"10","ccy":"DOT","maxAmt":"100","minAmt":"2"}],"earningData":[{"ccy":"DOT","earningType":"0"}],"fastRedemptionDailyLimit":"","redeemPeriod":["28D","28D"]}]"#;

#[tokio::test]
async fn an_onchain_purchase_with_unknown_outcome_is_found_by_its_tag() {
    let server = MockServer::start().await;
    signed("GET", &format!("{EARN}/offers")).respond_with(ok(DOT_OFFER)).mount(&server).await;
    signed("POST", &format!("{EARN}/purchase"))
        .and(body_string_contains(r#""tag":"botTag0001""#))
        .respond_with(ResponseTemplate::new(503).set_body_string("<html>busy</html>"))
        .expect(1)
        .mount(&server)
        .await;
    let visible = Arc::new(AtomicBool::new(false));
    let order = r#"[{"ordId":"555","ccy":"DOT","productId":"101","state":"8","protocol":"Polkadot","protocolType":"defi","term":"0","apy":"0.17","investData":[{"ccy":"DOT","amt":"3"}],"earningData":[],"purchasedTime":"1729839328000","tag":"botTag0001","estSettlementTime":"","cancelRedemptionDeadline":"","fastRedemptionData":[]}]"#;
    signed("GET", &format!("{EARN}/orders-active"))
        .respond_with(Switch(visible.clone(), ok("[]"), ok(order)))
        .mount(&server)
        .await;
    signed("GET", &format!("{EARN}/orders-history")).respond_with(ok("[]")).mount(&server).await;
    let v = venue(&server, LONG);
    let err = v.stake(&stake("onchain:101", "3").client_id("botTag0001")).await.unwrap_err();
    let intent = err.reconcile_intent().unwrap();
    assert_eq!(intent.client_id.as_ref().unwrap().as_str(), "botTag0001");
    assert_eq!(intent.product.as_ref().unwrap().as_str(), "onchain:101");
    assert!(v.reconcile(intent).await.unwrap().is_still_unknown());
    assert_eq!(venue(&server, Duration::ZERO).reconcile(intent).await.unwrap(), Reconciliation::DidNotHappen);
    visible.store(true, Ordering::SeqCst);
    let Reconciliation::Happened(o) = v.reconcile(intent).await.unwrap() else { panic!("found by tag") };
    assert_eq!(o.id.as_str(), "onchain:555");
    assert_eq!(o.client_id.unwrap().as_str(), "botTag0001");
    assert_eq!(requests(&server, &format!("{EARN}/purchase")).await.len(), 1);
}

#[tokio::test]
async fn every_onchain_purchase_carries_a_generated_tag_when_none_is_given() {
    let server = MockServer::start().await;
    signed("GET", &format!("{EARN}/offers")).respond_with(ok(DOT_OFFER)).mount(&server).await;
    signed("POST", &format!("{EARN}/purchase")).respond_with(ok(r#"[{"ordId":"556","tag":""}]"#)).mount(&server).await;
    let order = venue(&server, LONG).stake(&stake("onchain:101", "3")).await.unwrap().order().unwrap().clone();
    let body: serde_json::Value =
        serde_json::from_slice(&requests(&server, &format!("{EARN}/purchase")).await[0].body).unwrap();
    let tag = body["tag"].as_str().unwrap();
    assert_eq!(tag.len(), 16);
    assert!(tag.bytes().all(|b| b.is_ascii_alphanumeric()));
    assert_eq!(order.client_id.unwrap().as_str(), tag);
    assert_eq!(order.id.as_str(), "onchain:556");
    assert_eq!(body["investData"][0]["amt"], "3");
}

#[tokio::test]
async fn an_unknown_onchain_redeem_is_settled_by_the_order_state() {
    let server = MockServer::start().await;
    let active = r#"[{"ordId":"2413499","ccy":"DOT","productId":"101","state":"1","investData":[{"ccy":"DOT","amt":"2"}],"tag":""}]"#;
    let redeeming = active.replace(r#""state":"1""#, r#""state":"2""#);
    let visible = Arc::new(AtomicBool::new(false));
    signed("GET", &format!("{EARN}/orders-active"))
        .respond_with(Switch(visible.clone(), ok(active), ok(&redeeming)))
        .mount(&server)
        .await;
    signed("POST", &format!("{EARN}/redeem"))
        .respond_with(okx_error(200, "50004", "Endpoint request timeout"))
        .expect(1)
        .mount(&server)
        .await;
    let v = venue(&server, LONG);
    let req = RedeemRequest::new("onchain:101", Amount::parse("2").unwrap()).position_id("2413499");
    let err = v.redeem(&req).await.unwrap_err();
    let intent = err.reconcile_intent().unwrap();
    assert_eq!(intent.order_id.as_ref().unwrap().as_str(), "onchain:2413499");
    assert_eq!(intent.amount.unwrap().to_string(), "2");
    assert!(v.reconcile(intent).await.unwrap().is_still_unknown());
    visible.store(true, Ordering::SeqCst);
    let Reconciliation::Happened(o) = v.reconcile(intent).await.unwrap() else { panic!("redeeming") };
    assert_eq!((o.side, o.status), (OrderSide::Redeem, OrderStatus::Pending));
}
