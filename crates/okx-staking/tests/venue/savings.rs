//! Simple Earn Flexible as products of the adapter (`savings:<CCY>`): listed from the
//! lending rates, stake = purchase, redeem = redemption, positions from the savings
//! balance, and reconciliation through the funding bills `75`/`76` (reference §8.2), under
//! the one-unreconciled-write rule, honouring `claimed`, ambiguity answered `StillUnknown`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use earn_core::*;
use wiremock::matchers::query_param;
use wiremock::{MockServer, ResponseTemplate};

use super::ledger::FakeOkx;
use crate::common::*;

const BALANCE: &str = "/api/v5/finance/savings/balance";

fn bill(id: &str, ty: u32, change: &str, ts: i64) -> String {
    format!(
        r#"{{"billId":"{id}","ccy":"USDT","clientId":"","balChg":"{change}","bal":"0","type":"{ty}","ts":"{ts}","notes":""}}"#
    )
}

/// The flow a treasury bot runs, through `dyn EarnVenue` alone: read idle USDT, transfer it
/// to the account the product draws on, stake, redeem, and see the money idle again.
#[tokio::test]
async fn idle_usdt_goes_into_savings_and_comes_back() {
    let server = MockServer::start().await;
    let okx = FakeOkx::default();
    okx.set("trading", "USDT", "100");
    okx.mount(&server).await;
    let v: Arc<dyn EarnVenue> = Arc::new(venue(&server, LONG));

    // 1. Idle USDT, in the trading account.
    let idle = v.balances().await.unwrap();
    let trading = idle.iter().find(|b| b.asset.as_str() == "USDT").unwrap();
    assert_eq!((trading.account.as_str(), trading.available), ("trading", amt("100")));

    // 2. The product draws on funding: transfer there.
    let products = v.products(&ProductFilter::asset("USDT")).await.unwrap();
    let savings = products.iter().find(|p| p.id.as_str() == "savings:USDT").unwrap();
    assert_eq!(savings.kind, ProductKind::Flexible);
    assert_eq!((savings.apr, savings.apy), (Some(Rate::parse_fraction("0.05").unwrap()), None));
    let draws_from = savings.draws_from.clone().unwrap();
    let moved =
        v.transfer(&TransferRequest::new("USDT", amt("100"), trading.account.clone(), draws_from)).await.unwrap();
    assert_eq!(moved.status, OrderStatus::Succeeded);

    // 3. Stake, then redeem into the product's account.
    let staked = v.stake(&StakeRequest::new("savings:USDT", amt("60"))).await.unwrap();
    let order = staked.order().unwrap();
    assert!(order.id.as_str().starts_with("savings:USDT:"), "{order:?}");
    assert_eq!((order.side, order.status, order.amount), (OrderSide::Stake, OrderStatus::Succeeded, amt("60")));
    assert_eq!(v.order(&OrderRef::Venue(order.id.clone())).await.unwrap().as_ref(), Some(order));
    let held = v.positions().await.unwrap();
    let position = held.iter().find(|p| p.product.as_str() == "savings:USDT").unwrap();
    assert_eq!(position.amount, Quantity::Decimal(amt("60")));
    let est = v.redemption_estimate(&RedeemRequest::new("savings:USDT", amt("60"))).await.unwrap();
    assert!(est.allowed);
    let redeemed = v.redeem(&RedeemRequest::new("savings:USDT", amt("60")).to_account("funding")).await.unwrap();
    assert_eq!(redeemed.order().unwrap().side, OrderSide::Redeem);

    // 4. Idle again.
    let idle = v.balances().await.unwrap();
    let funding = idle.iter().find(|b| b.account.as_str() == "funding" && b.asset.as_str() == "USDT").unwrap();
    assert_eq!(funding.available, amt("100"));
    assert!(v.positions().await.unwrap().iter().all(|p| p.product.as_str() != "savings:USDT"));
    assert_eq!(posts(&server, PURCHASE_REDEMPT).await, 2);
    assert_all_signed(&server).await;
}

#[tokio::test]
async fn a_purchase_keeps_the_minimum_lending_rate_already_configured() {
    let server = MockServer::start().await;
    let okx = FakeOkx::default();
    okx.set("funding", "USDT", "50");
    okx.set("savings", "USDT", "10");
    okx.0.lock().unwrap().savings_rate.insert("USDT".into(), "0.02".into());
    okx.set("funding", "USDC", "50");
    okx.mount(&server).await;
    let v = venue(&server, LONG);
    assert!(v.stake(&StakeRequest::new("savings:USDT", amt("5"))).await.unwrap().order().is_some());
    assert!(v.stake(&StakeRequest::new("savings:usdc", amt("5"))).await.unwrap().order().is_some());
    let bodies: Vec<String> =
        requests(&server, PURCHASE_REDEMPT).await.iter().map(|r| String::from_utf8(r.body.clone()).unwrap()).collect();
    assert_eq!(
        bodies,
        [
            r#"{"ccy":"USDT","amt":"5","side":"purchase","rate":"0.02"}"#,
            r#"{"ccy":"USDC","amt":"5","side":"purchase"}"#,
        ]
    );
}

#[tokio::test]
async fn an_unknown_purchase_is_found_in_the_bills_and_blocks_the_currency_until_then() {
    let server = MockServer::start().await;
    signed("GET", BALANCE).respond_with(ok(r#"[{"ccy":"USDT","amt":"100","rate":""}]"#)).mount(&server).await;
    signed("POST", PURCHASE_REDEMPT).respond_with(okx_error(400, "50004", "timeout")).expect(1).mount(&server).await;
    let visible = Arc::new(AtomicBool::new(false));
    let t = now_ms();
    signed("GET", BILLS)
        .and(query_param("type", "75"))
        .respond_with(Switch(
            visible.clone(),
            ok("[]"),
            ok(&format!("[{},{}]", bill("991", 75, "-60", t), bill("990", 75, "-61", t))),
        ))
        .mount(&server)
        .await;
    let v = venue(&server, LONG);
    let err = v.stake(&StakeRequest::new("savings:USDT", amt("60"))).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown, "{err:?}");
    let intent = err.reconcile_intent().unwrap().clone();
    assert_eq!(intent.product.as_ref().unwrap().as_str(), "savings:USDT");
    assert!(v.reconcile(&intent).await.unwrap().is_still_unknown());
    // One unreconciled savings write per currency, whichever side.
    let more = v.stake(&StakeRequest::new("savings:USDT", amt("1"))).await.unwrap_err();
    assert_eq!(more.kind(), ErrorKind::UnreconciledWrite, "{more:?}");
    let out = v.redeem(&RedeemRequest::new("savings:USDT", amt("1"))).await.unwrap_err();
    assert_eq!(out.kind(), ErrorKind::UnreconciledWrite, "{out:?}");

    visible.store(true, Ordering::SeqCst);
    let Reconciliation::Happened(order) = v.reconcile(&intent).await.unwrap() else { panic!("found") };
    assert_eq!((order.id.as_str(), order.amount, order.side), ("savings:USDT:991", amt("60"), OrderSide::Stake));
    assert_eq!(posts(&server, PURCHASE_REDEMPT).await, 1, "never sent twice");
    let h = requests(&server, BILLS).await.pop().unwrap();
    let before: i64 = h.url.query_pairs().find(|(k, _)| k == "before").unwrap().1.parse().unwrap();
    assert!((now_ms() - 60_000 - before).abs() < 10_000, "window starts at sent_at - 60 s: {before}");
}

#[tokio::test]
async fn two_equal_bills_are_ambiguous_and_claimed_bills_are_never_taken() {
    let server = MockServer::start().await;
    let t = now_ms();
    signed("GET", BILLS)
        .and(query_param("ccy", "USDT"))
        .and(query_param("type", "76"))
        .respond_with(ok(&format!("[{},{}]", bill("12", 76, "25", t), bill("11", 76, "25.00", t - 5))))
        .mount(&server)
        .await;
    let v = venue(&server, LONG);
    let intent = ReconcileIntent::new(okx_staking::VENUE, Operation::Redeem, PURCHASE_REDEMPT)
        .asset("USDT")
        .amount(amt("25"))
        .sent_at(UnixMillis(t));
    let r = v.reconcile(&intent).await.unwrap();
    assert!(matches!(&r, Reconciliation::StillUnknown { reason } if reason.contains("2 unclaimed")), "{r:?}");
    let one_claimed = intent.clone().claimed([OrderId::new("savings:USDT:12")]);
    let Reconciliation::Happened(order) = v.reconcile(&one_claimed).await.unwrap() else { panic!("one left") };
    assert_eq!(order.id.as_str(), "savings:USDT:11");
    let both = intent.claimed([OrderId::new("savings:USDT:12"), OrderId::new("savings:USDT:11")]);
    assert!(v.reconcile(&both).await.unwrap().is_still_unknown(), "no unclaimed bill within the grace period");
}

#[tokio::test]
async fn no_bill_proves_absence_only_after_the_grace_period() {
    let server = MockServer::start().await;
    signed("GET", BILLS).respond_with(ok("[]")).mount(&server).await;
    signed("GET", BALANCE).respond_with(ok(r#"[{"ccy":"USDT","amt":"30"}]"#)).mount(&server).await;
    signed("POST", PURCHASE_REDEMPT).respond_with(ResponseTemplate::new(503)).expect(1).mount(&server).await;
    let patient = venue(&server, LONG);
    let err = patient.redeem(&RedeemRequest::new("savings:USDT", amt("30"))).await.unwrap_err();
    let intent = err.reconcile_intent().unwrap().clone();
    assert_eq!(intent.operation, Operation::Redeem);
    assert!(patient.reconcile(&intent).await.unwrap().is_still_unknown());
    assert_eq!(venue(&server, Duration::ZERO).reconcile(&intent).await.unwrap(), Reconciliation::DidNotHappen);
}

#[tokio::test]
async fn an_accepted_write_whose_bill_is_late_resolves_later() {
    let server = MockServer::start().await;
    signed("GET", BALANCE).respond_with(ok("[]")).mount(&server).await;
    signed("POST", PURCHASE_REDEMPT)
        .respond_with(ok(r#"[{"ccy":"USDT","amt":"7","side":"purchase","rate":""}]"#))
        .mount(&server)
        .await;
    let visible = Arc::new(AtomicBool::new(false));
    let t = now_ms() + 200;
    signed("GET", BILLS)
        .respond_with(Switch(visible.clone(), ok("[]"), ok(&format!("[{}]", bill("77", 75, "-7", t)))))
        .mount(&server)
        .await;
    let v = venue(&server, Duration::ZERO);
    let placed = v.stake(&StakeRequest::new("savings:USDT", amt("7"))).await.unwrap().order().unwrap().clone();
    assert!(placed.id.as_str().starts_with("savings:USDT:purchase:sent:"), "{placed:?}");
    assert_eq!(placed.status, OrderStatus::Pending);
    // OKX said code 0: even with zero grace it is never "did not happen", and it blocks USDT.
    assert_eq!(
        v.stake(&StakeRequest::new("savings:USDT", amt("7"))).await.unwrap_err().kind(),
        ErrorKind::UnreconciledWrite
    );
    visible.store(true, Ordering::SeqCst);
    let found = v.order(&OrderRef::Venue(placed.id.clone())).await.unwrap().unwrap();
    assert_eq!((found.id.as_str(), found.status), ("savings:USDT:77", OrderStatus::Succeeded));
    assert_eq!(posts(&server, PURCHASE_REDEMPT).await, 1);
}

#[tokio::test]
async fn redeeming_more_than_savings_hold_or_elsewhere_is_refused_locally() {
    let server = MockServer::start().await;
    signed("GET", BALANCE)
        .and(query_param("ccy", "USDT"))
        .respond_with(ok(r#"[{"ccy":"USDT","amt":"5"}]"#))
        .mount(&server)
        .await;
    let v = venue(&server, LONG);
    let est = v.redemption_estimate(&RedeemRequest::new("savings:USDT", amt("8"))).await.unwrap();
    assert_eq!((est.allowed, est.shortfall), (false, Some(amt("3"))));
    assert!(est.reason.unwrap().contains("holds 5 USDT"));
    let err = v.redeem(&RedeemRequest::new("savings:USDT", amt("8"))).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InsufficientBalance);
    let err = v.redeem(&RedeemRequest::new("savings:USDT", amt("1")).to_account("trading")).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { ref field, .. } if field == "to_account"), "{err:?}");
    let err = v.stake(&StakeRequest::new("savings:USDT", amt("1")).client_id("abc")).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { ref field, .. } if field == "client_id"), "{err:?}");
    assert_eq!(posts(&server, PURCHASE_REDEMPT).await, 0);
}

#[tokio::test]
async fn the_typed_clients_savings_and_rate_intents_are_reconcilable() {
    use okx_staking::api::savings::{PurchaseRedempt, SetLendingRate};
    let server = MockServer::start().await;
    signed("POST", PURCHASE_REDEMPT).respond_with(ResponseTemplate::new(502)).mount(&server).await;
    signed("POST", "/api/v5/finance/savings/set-lending-rate")
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let t = now_ms();
    signed("GET", BILLS).respond_with(ok(&format!("[{}]", bill("5", 75, "-3", t)))).mount(&server).await;
    signed("GET", BALANCE)
        .and(query_param("ccy", "USDT"))
        .respond_with(ok(r#"[{"ccy":"USDT","amt":"3","rate":"0.0200"}]"#))
        .mount(&server)
        .await;
    let v = venue(&server, LONG);
    let err = v.client().send(&PurchaseRedempt::purchase("USDT", amt("3"))).await.unwrap_err();
    assert!(v.reconcile(err.reconcile_intent().unwrap()).await.unwrap().happened());
    let rate = Rate::parse_fraction("0.02").unwrap();
    let err = v.client().send(&SetLendingRate::new("USDT", rate)).await.unwrap_err();
    let Reconciliation::Happened(o) = v.reconcile(err.reconcile_intent().unwrap()).await.unwrap() else { panic!() };
    assert_eq!(o.status, OrderStatus::Succeeded);
    let other = Rate::parse_fraction("0.05").unwrap();
    let err = v.client().send(&SetLendingRate::new("USDT", other)).await.unwrap_err();
    let intent = err.reconcile_intent().unwrap();
    assert!(v.reconcile(intent).await.unwrap().is_still_unknown());
    // Past the grace period, a rate that is still not in force was not set.
    assert_eq!(venue(&server, Duration::ZERO).reconcile(intent).await.unwrap(), Reconciliation::DidNotHappen);
}
