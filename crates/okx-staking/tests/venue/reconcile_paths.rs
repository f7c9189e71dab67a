//! The reconciliation paths mutation testing found unchecked (issue 17): later history
//! pages, the `code 0` rule, ambiguity among equal amounts, claims, and the
//! one-unreconciled-write slot through the adapter (SOL redeem). Each test's doc comment
//! names the case it guards.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use earn_core::*;
use wiremock::MockServer;
use wiremock::matchers::{query_param, query_param_is_missing};

use crate::common::*;

/// A purchase-redeem-history row (`ordId` only when given: SOL rows carry none).
fn row(ty: &str, amt: &str, at: i64, ord_id: Option<&str>) -> String {
    let id = ord_id.map(|i| format!(r#","ordId":"{i}""#)).unwrap_or_default();
    format!(
        r#"{{"type":"{ty}","amt":"{amt}","redeemingAmt":"","status":"pending","requestTime":"{at}","completedTime":"","estCompletedTime":""{id}}}"#
    )
}

/// A USDT funding bill.
fn bill(id: &str, ty: u32, change: &str, ts: i64) -> String {
    format!(
        r#"{{"billId":"{id}","ccy":"USDT","clientId":"","balChg":"{change}","bal":"0","type":"{ty}","ts":"{ts}","notes":""}}"#
    )
}

/// An on-chain earn order of product 101.
fn onchain(ord_id: &str, tag: &str, state: &str, amt: &str) -> String {
    onchain_order(ord_id, tag, state, "DOT", amt, 1_729_839_328_000)
}

/// An on-chain earn order of product 101, every field given.
fn onchain_order(ord_id: &str, tag: &str, state: &str, ccy: &str, amt: &str, purchased: i64) -> String {
    format!(
        r#"{{"ordId":"{ord_id}","ccy":"{ccy}","productId":"101","state":"{state}","investData":[{{"ccy":"{ccy}","amt":"{amt}"}}],"purchasedTime":"{purchased}","tag":"{tag}"}}"#
    )
}

/// A server listing `rows` as the active on-chain orders, with an empty history.
async fn onchain_server(rows: &[impl AsRef<str>]) -> MockServer {
    let rows: Vec<&str> = rows.iter().map(AsRef::as_ref).collect();
    let server = MockServer::start().await;
    signed("GET", &format!("{EARN}/orders-active"))
        .respond_with(ok(&format!("[{}]", rows.join(","))))
        .mount(&server)
        .await;
    signed("GET", &format!("{EARN}/orders-history")).respond_with(ok("[]")).mount(&server).await;
    server
}

fn intent(op: Operation, product: &str, amount: &str, sent_at: i64) -> ReconcileIntent {
    ReconcileIntent::new(okx_staking::VENUE, op, "/x").product(product).amount(amt(amount)).sent_at(UnixMillis(sent_at))
}

/// A full first page of `ty` rows of `9` (none of them the write's), newest `newest`, 5 ms
/// apart; the oldest is stamped `newest - 495`.
fn full_page(ty: &str, newest: i64, with_ord_id: bool) -> String {
    let rows: Vec<String> = (0..100)
        .map(|i| {
            let id = format!("{}", 5000 + i);
            row(ty, "9", newest - 5 * i, with_ord_id.then_some(id.as_str()))
        })
        .collect();
    format!("[{}]", rows.join(","))
}

/// Mounts a two-page purchase-redeem history on `base`: the full page without `after`, and
/// for `after=<oldest of page 1> + 1` (OKX's cursor is strict) page 1's oldest row again
/// followed by the rows of `second` (any other cursor reads an empty page).
async fn mount_two_pages(server: &MockServer, base: &str, ty: &str, newest: i64, ord_ids: bool, second: &str) {
    let history = format!("{base}/purchase-redeem-history");
    let id = ord_ids.then_some("5099");
    let repeated = row(ty, "9", newest - 495, id);
    let rest = second.trim().trim_start_matches('[').trim_end_matches(']').trim();
    let second = if rest.is_empty() { format!("[{repeated}]") } else { format!("[{repeated},{rest}]") };
    let second = second.as_str();
    signed("GET", &history)
        .and(query_param("type", ty))
        .and(query_param_is_missing("after"))
        .and(query_param("limit", "100"))
        .respond_with(ok(&full_page(ty, newest, ord_ids)))
        .mount(server)
        .await;
    signed("GET", &history)
        .and(query_param("type", ty))
        .and(query_param("after", (newest - 494).to_string()))
        .and(query_param("limit", "100"))
        .respond_with(ok(second))
        .mount(server)
        .await;
    signed("GET", &history).respond_with(ok("[]")).mount(server).await;
}

/// Guards "only the first history page is read" (ETH rows): the write's row is on page 2,
/// behind a full page of other rows; a same-amount row older than `sent_at − 60 s` on that
/// page is not a candidate.
#[tokio::test]
async fn an_eth_row_on_the_second_history_page_is_found() {
    let server = MockServer::start().await;
    let t = now_ms();
    let second = format!(
        "[{},{}]",
        row("purchase", "0.50", t - 1_000, Some("42")),
        row("purchase", "0.5", t - 61_000, Some("41"))
    );
    mount_two_pages(&server, ETH, "purchase", t + 2_000, true, &second).await;
    let v = venue(&server, Duration::ZERO);
    let Reconciliation::Happened(o) = v.reconcile(&intent(Operation::Stake, "eth", "0.5", t)).await.unwrap() else {
        panic!("the row on page 2 is the write's")
    };
    assert_eq!((o.id.as_str(), o.side, o.amount), ("eth:42", OrderSide::Stake, amt("0.5")));
    let reads = requests(&server, &format!("{ETH}/purchase-redeem-history")).await;
    assert_eq!(reads.len(), 2, "page 1, then page 2 (not full): no third read");
    assert!(reads.iter().all(|r| r.url.query_pairs().any(|(k, v)| k == "before" && v == (t - 60_000).to_string())));
    assert_all_signed(&server).await;
}

/// Guards the page cursor (reference §7.6: a strict `after` at the page's oldest millisecond
/// skips the other rows of that millisecond): the write's row shares the oldest
/// `requestTime` of a full first page and comes only with the next page, which must be read
/// from that millisecond again.
#[tokio::test]
async fn a_row_sharing_the_page_boundary_millisecond_is_found() {
    let server = MockServer::start().await;
    let t = now_ms();
    let newest = t + 2_000;
    // SOL rows carry no ordId, so the two rows at the boundary are told apart by amount only.
    let second = format!("[{}]", row("redeem", "3", newest - 495, None));
    mount_two_pages(&server, SOL, "redeem", newest, false, &second).await;
    let v = venue(&server, Duration::ZERO);
    let at_boundary = intent(Operation::Redeem, "sol", "3", newest - 600);
    let Reconciliation::Happened(o) = v.reconcile(&at_boundary).await.unwrap() else {
        panic!("the row at the boundary millisecond is the write's")
    };
    assert_eq!(o.id.as_str(), format!("sol:redeem:{}:3", newest - 495));
    let reads = requests(&server, &format!("{SOL}/purchase-redeem-history")).await;
    assert_eq!(reads.len(), 2, "page 1, then page 2 from the boundary millisecond");
}

/// Guards "only the first history page is read" (SOL rows, which carry no `ordId`), for a
/// redemption: the row's synthesized id comes back, and it is the redemption of OKSOL.
#[tokio::test]
async fn a_sol_redeem_row_on_the_second_history_page_is_found() {
    let server = MockServer::start().await;
    let t = now_ms();
    mount_two_pages(&server, SOL, "redeem", t + 2_000, false, &format!("[{}]", row("redeem", "3", t - 10, None))).await;
    let v = venue(&server, Duration::ZERO);
    let Reconciliation::Happened(o) = v.reconcile(&intent(Operation::Redeem, "sol", "3", t)).await.unwrap() else {
        panic!("the row on page 2 is the write's")
    };
    assert_eq!(o.id.as_str(), format!("sol:redeem:{}:3", t - 10));
    assert_eq!((o.side, o.asset.as_str()), (OrderSide::Redeem, "OKSOL"));
}

/// Guards "only the first page is read" for savings bills, and the cursor OKX needs: the
/// next page is asked `after` the oldest millisecond + 1 (its cursor is strictly
/// older-than, so bills sharing that millisecond are read again).
#[tokio::test]
async fn a_savings_bill_on_the_second_page_is_found() {
    let server = MockServer::start().await;
    let t = now_ms();
    let page1: Vec<String> = (0..100).map(|i| bill(&format!("{}", 800 + i), 75, "-5", t + 1_000 - i)).collect();
    let oldest = t + 1_000 - 99;
    signed("GET", BILLS)
        .and(query_param_is_missing("after"))
        .and(query_param("type", "75"))
        .respond_with(ok(&format!("[{}]", page1.join(","))))
        .mount(&server)
        .await;
    let page2 = format!("[{},{}]", bill("899", 75, "-5", oldest), bill("777", 75, "-60", t - 5));
    signed("GET", BILLS)
        .and(query_param("after", (oldest + 1).to_string()))
        .respond_with(ok(&page2))
        .mount(&server)
        .await;
    signed("GET", BILLS).respond_with(ok("[]")).mount(&server).await;
    let v = venue(&server, Duration::ZERO);
    let Reconciliation::Happened(o) = v.reconcile(&intent(Operation::Stake, "savings:USDT", "60", t)).await.unwrap()
    else {
        panic!("the bill on page 2 is the write's")
    };
    assert_eq!((o.id.as_str(), o.amount), ("savings:USDT:777", amt("60")));
    assert_eq!(requests(&server, BILLS).await.len(), 2);
}

/// Guards the de-duplication of bills read again at a page boundary: the write's bill is the
/// oldest of a full page and comes back on the next one; it is one bill, not two that
/// "match equally". A page adding no new bill ends the search.
#[tokio::test]
async fn a_bill_read_again_at_the_page_boundary_is_one_bill() {
    let server = MockServer::start().await;
    let t = now_ms();
    let oldest = t + 1_000 - 99;
    let mut page1: Vec<String> = (0..99).map(|i| bill(&format!("{}", 800 + i), 75, "-5", t + 1_000 - i)).collect();
    page1.push(bill("777", 75, "-60", oldest));
    signed("GET", BILLS)
        .and(query_param_is_missing("after"))
        .respond_with(ok(&format!("[{}]", page1.join(","))))
        .mount(&server)
        .await;
    // The same bill again, as a full page would show it: the search must stop here.
    let again: Vec<String> = (0..100).map(|_| bill("777", 75, "-60", oldest)).collect();
    signed("GET", BILLS).respond_with(ok(&format!("[{}]", again.join(",")))).mount(&server).await;
    let v = venue(&server, Duration::ZERO);
    let Reconciliation::Happened(o) = v.reconcile(&intent(Operation::Stake, "savings:USDT", "60", t)).await.unwrap()
    else {
        panic!("one bill, read twice")
    };
    assert_eq!(o.id.as_str(), "savings:USDT:777");
    assert_eq!(requests(&server, BILLS).await.len(), 2, "a page with nothing new ends the search");
}

/// Guards "only the first page is read" for on-chain earn orders: a tagged purchase and a
/// redeemed order both sit on page 2 of `orders-history` (cursor: the last `ordId`).
#[tokio::test]
async fn onchain_orders_on_the_second_history_page_are_found() {
    let server = MockServer::start().await;
    signed("GET", &format!("{EARN}/orders-active")).respond_with(ok("[]")).mount(&server).await;
    let page1: Vec<String> = (0..100).map(|i| onchain(&format!("{}", 9000 - i), "otherTag", "3", "1")).collect();
    let history = format!("{EARN}/orders-history");
    signed("GET", &history)
        .and(query_param_is_missing("after"))
        .and(query_param("limit", "100"))
        .respond_with(ok(&format!("[{}]", page1.join(","))))
        .mount(&server)
        .await;
    let page2 = format!("[{},{}]", onchain("7", "botTag0001", "3", "2"), onchain("6", "", "3", "4"));
    signed("GET", &history).and(query_param("after", "8901")).respond_with(ok(&page2)).mount(&server).await;
    signed("GET", &history).respond_with(ok("[]")).mount(&server).await;
    let v = venue(&server, Duration::ZERO);
    let tagged =
        ReconcileIntent::new(okx_staking::VENUE, Operation::Stake, "/x").product("onchain:101").client_id("botTag0001");
    let Reconciliation::Happened(o) = v.reconcile(&tagged).await.unwrap() else { panic!("tag on page 2") };
    assert_eq!((o.id.as_str(), o.amount), ("onchain:7", amt("2")));
    assert_eq!(requests(&server, &history).await.len(), 2, "a page that is not full is the last one");
    let redeem = ReconcileIntent::new(okx_staking::VENUE, Operation::Redeem, "/x").order_id("onchain:6");
    let Reconciliation::Happened(o) = v.reconcile(&redeem).await.unwrap() else { panic!("order on page 2") };
    assert_eq!((o.id.as_str(), o.side, o.status), ("onchain:6", OrderSide::Redeem, OrderStatus::Succeeded));
    let missing = ReconcileIntent::new(okx_staking::VENUE, Operation::Redeem, "/x")
        .order_id("onchain:5")
        .sent_at(UnixMillis(now_ms() - 1_000));
    assert_eq!(v.reconcile(&missing).await.unwrap(), Reconciliation::DidNotHappen, "no such order, grace over");
}

/// Guards "a write OKX accepted with code 0 is never reported 'did not happen'" (in the
/// process that sent it), for ETH: zero grace and no row, yet the sender says StillUnknown,
/// refuses a second write, and only an intent that is not that write (another send time, or
/// another process) is "did not happen".
#[tokio::test]
async fn an_accepted_eth_write_is_never_did_not_happen_in_its_process() {
    let server = MockServer::start().await;
    signed("GET", &format!("{ETH}/product-info"))
        .respond_with(ok(r#"[{"fastRedemptionDailyLimit":"100","rate":"2.23","redemptDays":"8","minAmt":"0.001"}]"#))
        .mount(&server)
        .await;
    signed("POST", &format!("{ETH}/purchase")).respond_with(ok("[]")).expect(1).mount(&server).await;
    signed("GET", &format!("{ETH}/purchase-redeem-history")).respond_with(ok("[]")).mount(&server).await;
    let v = venue(&server, Duration::ZERO);
    let placed = v.stake(&StakeRequest::new("eth", amt("0.5"))).await.unwrap().order().unwrap().clone();
    assert!(placed.id.as_str().starts_with("eth:purchase:sent:"), "{placed:?}");
    let sent_at = placed.created_at.unwrap().0;
    let mine = intent(Operation::Stake, "eth", "0.5", sent_at);
    for _ in 0..2 {
        let answer = v.reconcile(&mine).await.unwrap();
        assert!(answer.is_still_unknown(), "code 0 was answered: {answer:?}");
    }
    assert_eq!(v.stake(&StakeRequest::new("eth", amt("0.5"))).await.unwrap_err().kind(), ErrorKind::UnreconciledWrite);
    assert_eq!(v.order(&OrderRef::Venue(placed.id.clone())).await.unwrap().unwrap().status, OrderStatus::Pending);
    // Not this write: another send time, or the same amount's other type.
    assert_eq!(
        v.reconcile(&intent(Operation::Stake, "eth", "0.5", sent_at - 1)).await.unwrap(),
        Reconciliation::DidNotHappen
    );
    assert_eq!(
        v.reconcile(&intent(Operation::Stake, "eth", "0.6", sent_at)).await.unwrap(),
        Reconciliation::DidNotHappen
    );
    assert_eq!(
        v.reconcile(&intent(Operation::Redeem, "eth", "0.5", sent_at)).await.unwrap(),
        Reconciliation::DidNotHappen
    );
    // Another process knows nothing of the `code 0`.
    assert_eq!(venue(&server, Duration::ZERO).reconcile(&mine).await.unwrap(), Reconciliation::DidNotHappen);
    // Still unknown after all that: the answers about other writes freed nothing.
    assert!(v.reconcile(&mine).await.unwrap().is_still_unknown());
    assert_eq!(posts(&server, &format!("{ETH}/purchase")).await, 1);
}

/// Guards the same `code 0` rule for Simple Earn: an accepted purchase without its bill is
/// StillUnknown with zero grace in its process; a redemption of the same amount and time is
/// another write.
#[tokio::test]
async fn an_accepted_savings_write_is_never_did_not_happen_in_its_process() {
    let server = MockServer::start().await;
    signed("GET", "/api/v5/finance/savings/balance").respond_with(ok("[]")).mount(&server).await;
    signed("POST", PURCHASE_REDEMPT)
        .respond_with(ok(r#"[{"ccy":"USDT","amt":"7","side":"purchase","rate":""}]"#))
        .expect(1)
        .mount(&server)
        .await;
    signed("GET", BILLS).respond_with(ok("[]")).mount(&server).await;
    let v = venue(&server, Duration::ZERO);
    let placed = v.stake(&StakeRequest::new("savings:USDT", amt("7"))).await.unwrap().order().unwrap().clone();
    let sent_at = placed.created_at.unwrap().0;
    let mine = intent(Operation::Stake, "savings:USDT", "7", sent_at);
    assert!(v.reconcile(&mine).await.unwrap().is_still_unknown());
    assert!(v.reconcile(&mine).await.unwrap().is_still_unknown());
    let other = intent(Operation::Redeem, "savings:USDT", "7", sent_at);
    assert_eq!(v.reconcile(&other).await.unwrap(), Reconciliation::DidNotHappen);
    assert_eq!(
        v.reconcile(&intent(Operation::Stake, "savings:USDT", "7", sent_at + 1)).await.unwrap(),
        Reconciliation::DidNotHappen
    );
    assert_eq!(venue(&server, Duration::ZERO).reconcile(&mine).await.unwrap(), Reconciliation::DidNotHappen);
    assert!(v.reconcile(&mine).await.unwrap().is_still_unknown());
}

/// Guards "picking the row closest to `sent_at` among equal amounts": two unclaimed rows of
/// the amount are ambiguous (StillUnknown), never a guess of the nearer one; once the other
/// write's row is listed in `claimed`, the remaining one is the answer.
#[tokio::test]
async fn equal_amounts_are_ambiguous_never_the_closest_row() {
    let server = MockServer::start().await;
    let t = now_ms();
    let rows = format!("[{},{}]", row("purchase", "1", t + 9_000, Some("2")), row("purchase", "1", t + 10, Some("1")));
    signed("GET", &format!("{ETH}/purchase-redeem-history")).respond_with(ok(&rows)).mount(&server).await;
    let v = venue(&server, Duration::ZERO);
    let answer = v.reconcile(&intent(Operation::Stake, "eth", "1", t)).await.unwrap();
    assert!(answer.is_still_unknown(), "{answer:?}");
    assert!(format!("{answer:?}").contains("2 unclaimed"), "{answer:?}");
    let claimed = intent(Operation::Stake, "eth", "1", t).claimed([OrderId::new("eth:1")]);
    let Reconciliation::Happened(o) = v.reconcile(&claimed).await.unwrap() else { panic!("the unclaimed one") };
    assert_eq!(o.id.as_str(), "eth:2");
    let both = intent(Operation::Stake, "eth", "1", t).claimed([OrderId::new("eth:1"), OrderId::new("eth:2")]);
    assert_eq!(v.reconcile(&both).await.unwrap(), Reconciliation::DidNotHappen, "every row is another write's");
}

/// Guards the adapter's claims: a row matched to one write stays that write's (asked again
/// when a second equal row has appeared, the answer is the same row, not "ambiguous"), and
/// is never the evidence for another write, which gets the other row.
#[tokio::test]
async fn a_claimed_row_stays_its_writes_and_is_never_anothers() {
    let server = MockServer::start().await;
    let t = now_ms();
    let second = Arc::new(AtomicBool::new(false));
    let one = format!("[{}]", row("purchase", "1", t + 100, Some("1")));
    let two = format!("[{},{}]", row("purchase", "1", t + 200, Some("2")), row("purchase", "1", t + 100, Some("1")));
    signed("GET", &format!("{ETH}/purchase-redeem-history"))
        .respond_with(Switch(second.clone(), ok(&one), ok(&two)))
        .mount(&server)
        .await;
    let v = venue(&server, Duration::ZERO);
    let a = intent(Operation::Stake, "eth", "1", t);
    let b = intent(Operation::Stake, "eth", "1", t + 150);
    let Reconciliation::Happened(first) = v.reconcile(&a).await.unwrap() else { panic!("the one row") };
    assert_eq!(first.id.as_str(), "eth:1");
    assert_eq!(v.reconcile(&b).await.unwrap(), Reconciliation::DidNotHappen, "eth:1 is a's");
    second.store(true, Ordering::SeqCst);
    assert_eq!(v.reconcile(&a).await.unwrap(), Reconciliation::Happened(first.clone()));
    let Reconciliation::Happened(other) = v.reconcile(&b).await.unwrap() else { panic!("the other row") };
    assert_eq!(other.id.as_str(), "eth:2");
    assert_eq!(v.reconcile(&a).await.unwrap(), Reconciliation::Happened(first));
}

/// Guards the one-unreconciled-write slot through the adapter, for a SOL redemption (never
/// exercised before; a slot-index mutation panicked here): a redemption with an unknown
/// outcome blocks the next one of SOL (nothing sent), not a SOL purchase; once reconcile
/// finds its row the slot is free and the next redemption is sent.
#[tokio::test]
async fn an_unknown_sol_redeem_holds_the_slot_until_reconciled() {
    let server = MockServer::start().await;
    signed("GET", &format!("{SOL}/product-info"))
        .respond_with(ok(r#"{"fastRedemptionAvail":"240","fastRedemptionDailyLimit":"240","rate":"5.57","redemptDays":"2","minAmt":"0.01"}"#))
        .mount(&server)
        .await;
    mount_funding(&server, "OKSOL", Some("10")).await;
    signed("POST", &format!("{SOL}/redeem"))
        .respond_with(Sequence::new(vec![okx_error(400, "50004", "Endpoint request timeout"), ok("[]")]))
        .mount(&server)
        .await;
    signed("POST", &format!("{SOL}/purchase")).respond_with(ok("[]")).mount(&server).await;
    let visible = Arc::new(AtomicBool::new(false));
    let t = now_ms() + 300;
    signed("GET", &format!("{SOL}/purchase-redeem-history"))
        .and(query_param("type", "redeem"))
        .respond_with(Switch(visible.clone(), ok("[]"), ok(&format!("[{}]", row("redeem", "2", t, None)))))
        .mount(&server)
        .await;
    signed("GET", &format!("{SOL}/purchase-redeem-history")).respond_with(ok("[]")).mount(&server).await;
    let v = venue(&server, LONG);
    let redeem = RedeemRequest::new("sol", amt("2"));
    let err = v.redeem(&redeem).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown, "{err:?}");
    let intent = err.reconcile_intent().unwrap().clone();
    assert_eq!((intent.operation, intent.asset.as_ref().unwrap().as_str()), (Operation::Redeem, "OKSOL"));
    let blocked = v.redeem(&redeem).await.unwrap_err();
    assert_eq!(blocked.kind(), ErrorKind::UnreconciledWrite, "{blocked:?}");
    assert_eq!(posts(&server, &format!("{SOL}/redeem")).await, 1, "nothing sent while unreconciled");
    // Another (coin, type) has its own slot.
    let staked = v.stake(&StakeRequest::new("sol", amt("1"))).await.unwrap();
    assert_eq!(staked.order().unwrap().side, OrderSide::Stake);
    assert!(v.reconcile(&intent).await.unwrap().is_still_unknown());
    assert_eq!(v.redeem(&redeem).await.unwrap_err().kind(), ErrorKind::UnreconciledWrite);

    visible.store(true, Ordering::SeqCst);
    let Reconciliation::Happened(o) = v.reconcile(&intent).await.unwrap() else { panic!("its row") };
    assert_eq!((o.id.as_str(), o.side), (format!("sol:redeem:{t}:2").as_str(), OrderSide::Redeem));
    let next = v.redeem(&redeem).await.unwrap();
    assert_eq!((next.order().unwrap().side, next.order().unwrap().amount), (OrderSide::Redeem, amt("2")));
    assert_eq!(posts(&server, &format!("{SOL}/redeem")).await, 2);
}

/// Guards the adapter's claims for Simple Earn bills (each write claims under its own key):
/// a bill matched to one savings write stays that write's, and is never the evidence for
/// another write of the same currency and amount, which gets the later bill.
#[tokio::test]
async fn a_claimed_bill_stays_its_writes_and_is_never_anothers() {
    let server = MockServer::start().await;
    let t = now_ms();
    let second = Arc::new(AtomicBool::new(false));
    let one = format!("[{}]", bill("1", 75, "-5", t + 100));
    let two = format!("[{},{}]", bill("2", 75, "-5", t + 200), bill("1", 75, "-5", t + 100));
    signed("GET", BILLS).respond_with(Switch(second.clone(), ok(&one), ok(&two))).mount(&server).await;
    let v = venue(&server, Duration::ZERO);
    let a = intent(Operation::Stake, "savings:USDT", "5", t);
    let b = intent(Operation::Stake, "savings:USDT", "5", t + 150);
    let Reconciliation::Happened(first) = v.reconcile(&a).await.unwrap() else { panic!("the one bill") };
    assert_eq!(first.id.as_str(), "savings:USDT:1");
    assert_eq!(v.reconcile(&b).await.unwrap(), Reconciliation::DidNotHappen, "bill 1 is a's");
    second.store(true, Ordering::SeqCst);
    assert_eq!(v.reconcile(&a).await.unwrap(), Reconciliation::Happened(first.clone()));
    let Reconciliation::Happened(other) = v.reconcile(&b).await.unwrap() else { panic!("the other bill") };
    assert_eq!(other.id.as_str(), "savings:USDT:2");
    assert_eq!(v.reconcile(&a).await.unwrap(), Reconciliation::Happened(first));
}

/// Guards the cancel of an ETH/SOL redemption (whether a write happened): the redemption's
/// row says it, `cancelled` is "happened", `success`/`failed` "did not happen" even inside
/// the grace period (the redemption went its way), anything else unknown until grace ends.
#[tokio::test]
async fn a_redemption_cancel_is_settled_by_the_redemptions_status() {
    let server = MockServer::start().await;
    let t = now_ms();
    let with_status =
        |ord: &str, status: &str| row("redeem", "1", t, Some(ord)).replace("\"pending\"", &format!("\"{status}\""));
    let rows = format!(
        "[{},{},{},{}]",
        with_status("71", "cancelled"),
        with_status("72", "success"),
        with_status("73", "failed"),
        with_status("74", "pending")
    );
    signed("GET", &format!("{ETH}/purchase-redeem-history")).respond_with(ok(&rows)).mount(&server).await;
    let v = venue(&server, LONG);
    let cancel = |ord: &str| {
        ReconcileIntent::new(okx_staking::VENUE, Operation::CancelRedemption, "/x")
            .product("eth")
            .order_id(format!("eth:{ord}"))
            .sent_at(UnixMillis(t))
    };
    let Reconciliation::Happened(o) = v.reconcile(&cancel("71")).await.unwrap() else { panic!("cancelled") };
    assert_eq!((o.id.as_str(), o.status), ("eth:71", OrderStatus::Cancelled));
    assert_eq!(v.reconcile(&cancel("72")).await.unwrap(), Reconciliation::DidNotHappen);
    assert_eq!(v.reconcile(&cancel("73")).await.unwrap(), Reconciliation::DidNotHappen);
    assert!(v.reconcile(&cancel("74")).await.unwrap().is_still_unknown());
    assert!(v.reconcile(&cancel("75")).await.unwrap().is_still_unknown(), "no row yet, inside the grace period");
    assert_eq!(venue(&server, Duration::ZERO).reconcile(&cancel("74")).await.unwrap(), Reconciliation::DidNotHappen);
}

/// Pages are joined without loss or repetition: the boundary millisecond's rows, read
/// again on the next page, count once, and every other row of the first page stays. Shown
/// by the sum of pending SOL redemptions over two pages (100 rows of 9 on the first, the
/// boundary row again and one of 2 on the second): 902, not 911 (boundary counted twice)
/// nor anything less (rows dropped).
#[tokio::test]
async fn paged_history_rows_count_once_each() {
    let server = MockServer::start().await;
    let newest = now_ms() + 2_000;
    let second = format!("[{}]", row("redeem", "2", newest - 600, None));
    mount_two_pages(&server, SOL, "redeem", newest, false, &second).await;
    signed("GET", &format!("{SOL}/balance"))
        .respond_with(ok(r#"[{"amt":"1000","ccy":"OKSOL","ts":"1699257600000"}]"#))
        .mount(&server)
        .await;
    signed("GET", &format!("{ETH}/balance")).respond_with(ok("[]")).mount(&server).await;
    signed("GET", &format!("{EARN}/orders-active")).respond_with(ok("[]")).mount(&server).await;
    signed("GET", "/api/v5/finance/savings/balance").respond_with(ok("[]")).mount(&server).await;
    let positions = venue(&server, Duration::ZERO).positions().await.unwrap();
    let sol = positions.iter().find(|p| p.product.as_str() == "sol").expect("a SOL position");
    assert_eq!(sol.pending_redemption, Some(amt("902")), "{sol:?}");
    assert_eq!(sol.amount, Quantity::Decimal(amt("98")));
    assert_eq!(requests(&server, &format!("{SOL}/purchase-redeem-history")).await.len(), 2);
}

/// An order id naming a row (SOL rows carry no `ordId`) finds that row only: another row
/// of the same type in the same millisecond with another amount is not it, and neither is
/// a row of the other type with the same amount.
#[tokio::test]
async fn a_row_named_order_is_that_row_and_no_neighbour() {
    let server = MockServer::start().await;
    let at = now_ms() - 5_000;
    let rows = format!(
        "[{},{},{}]",
        row("redeem", "5", at, None),
        row("purchase", "3", at, None),
        row("redeem", "3", at, None)
    );
    signed("GET", &format!("{SOL}/purchase-redeem-history")).respond_with(ok(&rows)).mount(&server).await;
    let v = venue(&server, Duration::ZERO);
    let id = format!("sol:redeem:{at}:3");
    let found = v.order(&OrderRef::Venue(OrderId::new(id.as_str()))).await.unwrap().expect("the row");
    assert_eq!((found.id.as_str(), found.amount, found.side), (id.as_str(), amt("3"), OrderSide::Redeem));
    let missing = format!("sol:redeem:{at}:4");
    assert_eq!(v.order(&OrderRef::Venue(OrderId::new(missing))).await.unwrap(), None);
}

/// Order lookup and `recent_orders` keep to what was asked: `onchain:<ordId>` is that order
/// and no other; a side asks OKX for that side only (staking rows by `type`, savings by
/// bill type) and is kept to that side where OKX cannot filter (on-chain orders).
#[tokio::test]
async fn lookups_and_recent_orders_keep_to_the_order_and_side_asked() {
    let server = MockServer::start().await;
    let active = format!("[{},{}]", onchain("11", "", "1", "5"), onchain("12", "", "1", "6"));
    signed("GET", &format!("{EARN}/orders-active")).respond_with(ok(&active)).mount(&server).await;
    let history = format!("[{}]", onchain("13", "", "3", "7"));
    signed("GET", &format!("{EARN}/orders-history")).respond_with(ok(&history)).mount(&server).await;
    let eth_rows = |ty: &str, id: &str| {
        format!(r#"[{{"type":"{ty}","amt":"1","status":"success","requestTime":"1729839328500","ordId":"{id}"}}]"#)
    };
    signed("GET", &format!("{ETH}/purchase-redeem-history"))
        .and(query_param("type", "purchase"))
        .respond_with(ok(&eth_rows("purchase", "21")))
        .mount(&server)
        .await;
    signed("GET", &format!("{ETH}/purchase-redeem-history"))
        .and(query_param("type", "redeem"))
        .respond_with(ok(&eth_rows("redeem", "22")))
        .mount(&server)
        .await;
    signed("GET", BILLS)
        .and(query_param("type", "75"))
        .respond_with(ok(&format!("[{}]", bill("31", 75, "-100", 1_729_839_329_500))))
        .mount(&server)
        .await;
    signed("GET", BILLS)
        .and(query_param("type", "76"))
        .respond_with(ok(&format!("[{}]", bill("41", 76, "100", 1_729_839_329_600))))
        .mount(&server)
        .await;
    let v = venue(&server, Duration::ZERO);

    let found = v.order(&OrderRef::Venue(OrderId::new("onchain:12"))).await.unwrap().expect("order 12");
    assert_eq!((found.id.as_str(), found.amount), ("onchain:12", amt("6")));

    let ids = |orders: Vec<Order>| orders.into_iter().map(|o| o.id.as_str().to_owned()).collect::<Vec<_>>();
    let side = |product: &str, side: OrderSide| {
        let mut q = OrderQuery::product(product);
        q.side = Some(side);
        q
    };
    assert_eq!(ids(v.recent_orders(&side("onchain:101", OrderSide::Redeem)).await.unwrap()), ["onchain:13"]);
    assert_eq!(ids(v.recent_orders(&side("eth", OrderSide::Stake)).await.unwrap()), ["eth:21"]);
    assert_eq!(ids(v.recent_orders(&side("eth", OrderSide::Redeem)).await.unwrap()), ["eth:22"]);
    assert_eq!(ids(v.recent_orders(&side("savings:USDT", OrderSide::Stake)).await.unwrap()), ["savings:USDT:31"]);
    assert_eq!(ids(v.recent_orders(&side("savings:USDT", OrderSide::Redeem)).await.unwrap()), ["savings:USDT:41"]);
}

/// An untagged on-chain purchase (a hand-built intent: the adapter tags every purchase) is
/// matched among at most 10 orders of its currency and amount; when more match, the search
/// was cut short and an unclaimed order among those read need not be the only one: the
/// answer stays unknown instead of naming it.
#[tokio::test]
async fn an_untagged_onchain_purchase_among_too_many_matches_stays_unknown() {
    let purchased = 1_729_839_328_000;
    let intent_with = |claimed: &[usize]| {
        let mut i = ReconcileIntent::new(okx_staking::VENUE, Operation::Stake, "/x")
            .product("onchain:101")
            .asset("DOT")
            .amount(amt("5"))
            .sent_at(UnixMillis(purchased));
        i.claimed = claimed.iter().map(|n| OrderId::new(format!("onchain:{}", 100 + n))).collect();
        i
    };
    let nine: Vec<usize> = (0..9).collect();
    let ten: Vec<usize> = (0..9).chain([10]).collect();
    for (matching, claimed, expect_happened) in [(10, &nine, true), (12, &ten, false)] {
        let rows: Vec<String> = (0..matching).map(|n| onchain(&format!("{}", 100 + n), "", "1", "5")).collect();
        let server = onchain_server(&rows).await;
        let v = venue(&server, Duration::ZERO);
        // Of the orders read, only the tenth listed is unclaimed; with twelve matching, the
        // twelfth (unclaimed too) lies beyond what is read.
        let answer = v.reconcile(&intent_with(claimed)).await.unwrap();
        if expect_happened {
            let Reconciliation::Happened(o) = answer else { panic!("{matching}: {answer:?}") };
            assert_eq!(o.id.as_str(), "onchain:109");
        } else {
            assert!(answer.is_still_unknown(), "{matching} matching orders: {answer:?}");
        }
    }
}

/// An untagged on-chain purchase is the one order that is untagged, of its currency and
/// amount, and purchased since `sent_at − 60 s`: an order failing any one of those is not a
/// candidate, so the one that meets them all is the answer (were a decoy a candidate, two
/// would match and the answer would stay unknown).
#[tokio::test]
async fn an_untagged_onchain_purchase_is_the_order_meeting_every_rule() {
    let sent_at = 1_729_839_328_000;
    let since = sent_at - 60_000;
    let intent = ReconcileIntent::new(okx_staking::VENUE, Operation::Stake, "/x")
        .product("onchain:101")
        .asset("DOT")
        .amount(amt("5"))
        .sent_at(UnixMillis(sent_at));
    let decoys = [
        ("tagged", onchain_order("201", "other1", "1", "DOT", "5", sent_at)),
        ("purchased before the margin", onchain_order("202", "", "1", "DOT", "5", since - 1)),
        ("another amount", onchain_order("203", "", "1", "DOT", "6", sent_at)),
        ("another currency", onchain_order("204", "", "1", "KSM", "5", sent_at)),
    ];
    let ours = onchain_order("200", "", "1", "DOT", "5", since);
    let all: Vec<&str> = decoys.iter().map(|(_, row)| row.as_str()).chain([ours.as_str()]).collect();
    let server = onchain_server(&all).await;
    let v = venue(&server, LONG);
    let Reconciliation::Happened(o) = v.reconcile(&intent).await.unwrap() else { panic!("not matched") };
    assert_eq!(o.id.as_str(), "onchain:200");
    // And each decoy, were it the only order, is no match (absent, long past the grace).
    for (what, row) in &decoys {
        let server = onchain_server(&[row]).await;
        let answer = venue(&server, LONG).reconcile(&intent).await.unwrap();
        assert_eq!(answer, Reconciliation::DidNotHappen, "{what}");
    }
}

/// A redemption or cancellation is settled by its order's state, each by its own: a
/// redemption by `2` (redeeming) or `3` (completed), a cancellation by `13` (cancelling)
/// or `3`, reported as cancelled; the other operation's state proves nothing.
#[tokio::test]
async fn an_onchain_redeem_and_cancel_each_read_their_own_states() {
    let cases = [
        (Operation::Redeem, "2", Some(OrderStatus::Pending)),
        (Operation::Redeem, "3", Some(OrderStatus::Succeeded)),
        (Operation::Redeem, "13", None),
        (Operation::CancelRedemption, "13", Some(OrderStatus::Pending)),
        (Operation::CancelRedemption, "3", Some(OrderStatus::Cancelled)),
        (Operation::CancelRedemption, "2", None),
    ];
    for (op, state, expected) in cases {
        let server = onchain_server(&[onchain("301", "", state, "5")]).await;
        let mut intent = intent(op, "onchain:101", "5", now_ms());
        intent.order_id = Some(OrderId::new("onchain:301"));
        let answer = venue(&server, LONG).reconcile(&intent).await.unwrap();
        match expected {
            Some(status) => {
                let Reconciliation::Happened(o) = &answer else { panic!("{op} in state {state}: {answer:?}") };
                assert_eq!(o.status, status, "{op} in state {state}");
            }
            None => assert!(answer.is_still_unknown(), "{op} in state {state}: {answer:?}"),
        }
    }
}
