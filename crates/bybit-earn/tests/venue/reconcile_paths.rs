//! The reconciliation and lookup paths mutation testing found unchecked (issue 17): the
//! search window every history read carries, the Fixed Saving lookup by client id, and the
//! side, amount, asset and product checks on a reused `orderLinkId`. Each test's doc comment
//! names the case it guards.
//!
//! The history mocks here behave like Bybit: they answer only the rows inside the request's
//! `startTime`/`endTime` (the last seven days when neither is given), so a window that
//! misses the write's order, or reaches back to an older order with the same key, changes
//! the answer.

use std::time::Duration;

use bybit_earn::{BybitEarnVenue, VENUE};
use earn_core::*;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::common::*;

const SEVEN_DAYS_MS: i64 = 7 * 24 * 3600 * 1000;

/// Answers the rows whose creation time lies in the request's window, as Bybit does. Rows
/// are `(created in ms, json)`: Bybit compares its own millisecond times even where the
/// window is given in seconds; `unit` is the window's unit in ms (1 for ms, 1000 for
/// seconds).
struct Windowed {
    rows: Vec<(i64, String)>,
    unit: i64,
}

impl Respond for Windowed {
    fn respond(&self, r: &Request) -> ResponseTemplate {
        let q = |k: &str| r.url.query_pairs().find(|(n, _)| n == k).map(|(_, v)| v.parse::<i64>().unwrap() * self.unit);
        let now = UnixMillis::now_local().0;
        let (start, end) = match (q("startTime"), q("endTime")) {
            (Some(s), Some(e)) => (s, e),
            (Some(s), None) => (s, s + SEVEN_DAYS_MS),
            (None, Some(e)) => (e - SEVEN_DAYS_MS, e),
            (None, None) => (now - SEVEN_DAYS_MS, now),
        };
        if start > end || end - start > SEVEN_DAYS_MS + self.unit {
            return code(10001, "startTime and endTime span at most 7 days");
        }
        let rows: Vec<String> =
            self.rows.iter().filter(|(t, _)| (start..=end).contains(t)).map(|(_, j)| j.clone()).collect();
        ok(&format!(r#"{{"list":[{}],"nextPageCursor":""}}"#, rows.join(",")))
    }
}

fn windowed(rows: Vec<(i64, String)>) -> Windowed {
    Windowed { rows, unit: 1 }
}

fn easy_row(order_id: &str, link: &str, order_type: &str, value: &str, product: &str, created: i64) -> String {
    format!(
        r#"{{"coin":"BTC","orderValue":"{value}","orderType":"{order_type}","orderId":"{order_id}","orderLinkId":"{link}","status":"Pending","createdAt":"{created}","productId":"{product}","updatedAt":"{created}"}}"#
    )
}

fn fixed_row(order_id: &str, link: &str, order_type: &str, amount: &str, created: i64) -> String {
    format!(
        r#"{{"orderId":"{order_id}","orderLinkId":"{link}","orderType":"{order_type}","productId":"1001","category":"FundPool","coin":"USDT","amount":"{amount}","status":"Processing","createdAt":"{created}","yieldInfoList":[]}}"#
    )
}

fn token_row(order_id: &str, link: &str, amount: &str, created_s: i64) -> String {
    format!(
        r#"{{"orderId":"{order_id}","orderLinkId":"{link}","orderType":"Mint","fromCoin":"USDT","toCoin":"BYUSDT","fromAmount":"{amount}","toAmount":"{amount}","status":"Processing","createdTime":"{created_s}"}}"#
    )
}

fn keyed(endpoint: &str, op: Operation, product: &str, amount: &str, link: &str, sent: i64) -> ReconcileIntent {
    ReconcileIntent::new(VENUE, op, endpoint)
        .product(product)
        .amount(amt(amount))
        .client_id(link)
        .sent_at(UnixMillis(sent))
}

fn reason(r: &Reconciliation) -> &str {
    match r {
        Reconciliation::StillUnknown { reason } => reason,
        other => panic!("expected StillUnknown, got {other:?}"),
    }
}

/// Guards the Easy Earn reconcile window (`startTime` = send − 5 min, `endTime` = now): the
/// write's order is inside it; an older order with the same `orderLinkId` (a reused key,
/// a day earlier, another amount) is outside it and must not make the answer ambiguous.
#[tokio::test]
async fn the_easy_earn_search_window_holds_the_write_and_not_an_older_reuse_of_its_key() {
    let server = MockServer::start().await;
    let sent = UnixMillis::now_local().0 - 10_000;
    let rows = vec![
        (sent + 50, easy_row("ours", "k-1", "Stake", "1", "430", sent + 50)),
        (sent - 86_400_000, easy_row("old", "k-1", "Stake", "5", "430", sent - 86_400_000)),
        (sent - 301_000, easy_row("older", "k-1", "Stake", "9", "430", sent - 301_000)),
    ];
    Mock::given(method("GET"))
        .and(path("/v5/earn/order"))
        .and(query_param("category", "FlexibleSaving"))
        .and(query_param("orderLinkId", "k-1"))
        .and(query_param("startTime", (sent - 300_000).to_string()))
        .respond_with(windowed(rows))
        .mount(&server)
        .await;
    let v = BybitEarnVenue::new(client(&server)).reconcile_grace(Duration::ZERO);
    let intent = keyed("/v5/earn/place-order", Operation::Stake, "FlexibleSaving:430", "1", "k-1", sent);
    let Reconciliation::Happened(o) = v.reconcile(&intent).await.unwrap() else { panic!("the write's order") };
    assert_eq!(o.id.as_str(), "ours");
    let r = &received(&server, "/v5/earn/order").await[0];
    let end: i64 = r.url.query_pairs().find(|(k, _)| k == "endTime").unwrap().1.parse().unwrap();
    assert!(end >= sent + 50 && end <= UnixMillis::now_local().0, "the window ends now: {end}");
}

/// Guards the Fixed Saving keyed window: the stake order of the write is found by scanning
/// the history inside `[send − 5 min, now]`; the same key reused a day earlier is outside.
#[tokio::test]
async fn the_fixed_saving_search_window_holds_the_write() {
    let server = MockServer::start().await;
    let sent = UnixMillis::now_local().0 - 10_000;
    let rows = vec![
        (sent + 10, fixed_row("fx-other", "zzz", "Stake", "10", sent + 10)),
        (sent + 20, fixed_row("fx-1", "f-1", "Stake", "10", sent + 20)),
        (sent - 86_400_000, fixed_row("fx-old", "f-1", "Stake", "3", sent - 86_400_000)),
    ];
    Mock::given(method("GET"))
        .and(path("/v5/earn/fixed-term/order"))
        .and(query_param("orderType", "Stake"))
        .and(query_param("startTime", (sent - 300_000).to_string()))
        .respond_with(windowed(rows))
        .mount(&server)
        .await;
    let v = BybitEarnVenue::new(client(&server)).reconcile_grace(Duration::ZERO);
    let intent = keyed("/v5/earn/fixed-term/place-order", Operation::Stake, "FundPool:1001", "10", "f-1", sent);
    let Reconciliation::Happened(o) = v.reconcile(&intent).await.unwrap() else { panic!("the write's order") };
    assert_eq!((o.id.as_str(), o.product.as_str()), ("fx-1", "FundPool:1001"));
}

/// Guards the BYUSDT window, which Bybit takes in seconds: `startTime` is the send − 5 min
/// rounded down, `endTime` now rounded up, so an order made earlier in the current second
/// (Bybit holds its time in ms) is inside; rounding the end down would leave it out.
#[tokio::test]
async fn the_token_search_window_is_in_seconds_and_holds_the_write() {
    let server = MockServer::start().await;
    // Start well inside a second, so the order and the read share it (bounded wait).
    for _ in 0..100 {
        if (150..700).contains(&UnixMillis::now_local().0.rem_euclid(1000)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let created = UnixMillis::now_local().0 - 100;
    let sent = created - 1_500;
    let old = created - 86_400_000;
    let rows = vec![
        (created, token_row("tk-1", "t-1", "2", created.div_euclid(1000))),
        (old, token_row("tk-old", "t-1", "7", old.div_euclid(1000))),
    ];
    Mock::given(method("GET"))
        .and(path("/v5/earn/token/order"))
        .and(query_param("orderLinkId", "t-1"))
        .and(query_param("startTime", ((sent - 300_000) / 1000).to_string()))
        .respond_with(Windowed { rows, unit: 1000 })
        .mount(&server)
        .await;
    let v = BybitEarnVenue::new(client(&server)).reconcile_grace(Duration::ZERO);
    // As the typed client records it: no product (the adapter makes no BYUSDT writes).
    let intent = ReconcileIntent::new(VENUE, Operation::Stake, "/v5/earn/token/place-order")
        .amount(amt("2"))
        .client_id("t-1")
        .sent_at(UnixMillis(sent));
    let Reconciliation::Happened(o) = v.reconcile(&intent).await.unwrap() else { panic!("the write's order") };
    assert_eq!(o.id.as_str(), "tk-1");
}

/// Guards the refusal of a Fixed Saving product on the Easy Earn place-order endpoint: such
/// an intent is malformed (`InvalidInput`), never searched in the Easy Earn history and
/// reported "did not happen".
#[tokio::test]
async fn a_fixed_product_on_the_easy_earn_endpoint_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ok(r#"{"list":[],"nextPageCursor":""}"#)).mount(&server).await;
    let v = BybitEarnVenue::new(client(&server)).reconcile_grace(Duration::ZERO);
    let sent = UnixMillis::now_local().0 - 1_000;
    let intent = keyed("/v5/earn/place-order", Operation::Stake, "FundPool:1001", "10", "k-9", sent);
    assert_eq!(v.reconcile(&intent).await.unwrap_err().kind(), ErrorKind::InvalidInput);
    assert_eq!(all_requests(&server).await, 0, "refused before any read");
}

/// Guards the unkeyed Fixed Saving early-redemption window (send − 30 s to now): a
/// redemption of the product 31 s before the send is someone else's, one 29 s before is
/// within the clock margin and is this write's.
#[tokio::test]
async fn the_early_redemption_window_starts_thirty_seconds_before_the_send() {
    let server = MockServer::start().await;
    let sent = UnixMillis::now_local().0 - 5_000;
    let rows = vec![
        (sent - 29_000, fixed_row("r-in", "", "Redeem", "10.5", sent - 29_000)),
        (sent - 31_000, fixed_row("r-out", "", "Redeem", "10.5", sent - 31_000)),
    ];
    Mock::given(method("GET"))
        .and(path("/v5/earn/fixed-term/order"))
        .and(query_param("orderType", "Redeem"))
        .and(query_param("startTime", (sent - 30_000).to_string()))
        .respond_with(windowed(rows))
        .mount(&server)
        .await;
    let v = BybitEarnVenue::new(client(&server)).reconcile_grace(Duration::ZERO);
    let intent = ReconcileIntent::new(VENUE, Operation::Redeem, "/v5/earn/fixed-term/redeem")
        .product("FundPool:1001")
        .amount(amt("10.5"))
        .sent_at(UnixMillis(sent));
    let Reconciliation::Happened(o) = v.reconcile(&intent).await.unwrap() else { panic!("the one in the window") };
    assert_eq!(o.id.as_str(), "r-in");
    // A send time in the future has no window: nothing is read, and it is not "happened".
    let reads = received(&server, "/v5/earn/fixed-term/order").await.len();
    let future = intent.clone().sent_at(UnixMillis(UnixMillis::now_local().0 + 3_600_000));
    let patient = BybitEarnVenue::new(client(&server)).reconcile_grace(Duration::from_secs(60));
    assert!(patient.reconcile(&future).await.unwrap().is_still_unknown());
    assert_eq!(received(&server, "/v5/earn/fixed-term/order").await.len(), reads);
}

/// Guards the early-redemption filters when the server does not filter: rows of another
/// product, of another position, or created before the window are not candidates, even
/// when Bybit's answer contains them.
#[tokio::test]
async fn early_redemption_rows_of_another_product_position_or_time_are_not_candidates() {
    let server = MockServer::start().await;
    let sent = UnixMillis::now_local().0 - 5_000;
    let ours = fixed_row("r-ours", "", "Redeem", "10.5", sent + 10)
        .replace("\"yieldInfoList\"", "\"positionId\":\"p-1\",\"yieldInfoList\"");
    let other_product = fixed_row("r-prod", "", "Redeem", "10.5", sent + 10).replace("\"1001\"", "\"1002\"");
    let other_position = fixed_row("r-pos", "", "Redeem", "10.5", sent + 10)
        .replace("\"yieldInfoList\"", "\"positionId\":\"p-2\",\"yieldInfoList\"");
    let too_old = fixed_row("r-old", "", "Redeem", "10.5", sent - 40_000);
    Mock::given(method("GET"))
        .and(path("/v5/earn/fixed-term/order"))
        .respond_with(ok(&format!(
            r#"{{"list":[{}],"nextPageCursor":""}}"#,
            [ours, other_product, other_position, too_old].join(",")
        )))
        .mount(&server)
        .await;
    let v = BybitEarnVenue::new(client(&server)).reconcile_grace(Duration::ZERO);
    let intent = ReconcileIntent::new(VENUE, Operation::Redeem, "/v5/earn/fixed-term/redeem")
        .product("FundPool:1001")
        .order_id("p-1")
        .amount(amt("10.5"))
        .sent_at(UnixMillis(sent));
    let Reconciliation::Happened(o) = v.reconcile(&intent).await.unwrap() else { panic!("only r-ours qualifies") };
    assert_eq!(o.id.as_str(), "r-ours");
}

/// Guards "the Fixed Saving lookup by client id must not return a different order": Fixed
/// Saving history has no `orderLinkId` filter, so the lookup scans and must pick the row
/// carrying the id (not the first row), in Easy Earn too when the answer holds other keys;
/// an id no row carries is `None`.
#[tokio::test]
async fn a_lookup_by_client_id_returns_that_order_or_none() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v5/earn/order"))
        .respond_with(ok(&format!(
            r#"{{"list":[{}],"nextPageCursor":""}}"#,
            easy_row("easy-x", "someone-else", "Stake", "1", "430", 1)
        )))
        .mount(&server)
        .await;
    let fixed = [
        fixed_row("fx-other", "zzz", "Stake", "10", 2),
        fixed_row("fx-1", "f-1", "Stake", "10", 1),
        fixed_row("fx-nolink", "", "Stake", "10", 1),
    ];
    Mock::given(method("GET"))
        .and(path("/v5/earn/fixed-term/order"))
        .respond_with(ok(&format!(r#"{{"list":[{}],"nextPageCursor":""}}"#, fixed.join(","))))
        .mount(&server)
        .await;
    let v = BybitEarnVenue::new(client(&server));
    let found = v.order(&OrderRef::Client(ClientOrderId::new("f-1"))).await.unwrap().unwrap();
    assert_eq!((found.id.as_str(), found.client_id.unwrap().as_str()), ("fx-1", "f-1"));
    assert_eq!(v.order(&OrderRef::Client(ClientOrderId::new("nope"))).await.unwrap(), None);
    // By venue id, likewise: the row with that id, not the first one answered.
    let by_id = v.order(&OrderRef::Venue(OrderId::new("fx-1"))).await.unwrap().unwrap();
    assert_eq!(by_id.id.as_str(), "fx-1");
    assert_eq!(v.order(&OrderRef::Venue(OrderId::new("fx-none"))).await.unwrap(), None);
    // The Easy Earn row with another key is never taken for this one.
    let easy = v.order(&OrderRef::Client(ClientOrderId::new("someone-else"))).await.unwrap().unwrap();
    assert_eq!(easy.id.as_str(), "easy-x");
}

/// Guards the side, amount, asset and product checks on a reused `orderLinkId`: an order
/// carrying the key but differing in any one of them is not this write's (StillUnknown,
/// naming it); a decimal-equal amount and a differently cased asset still match.
#[tokio::test]
async fn a_reused_order_link_id_on_a_different_order_is_never_evidence() {
    let server = MockServer::start().await;
    let sent = UnixMillis::now_local().0 - 10_000;
    let t = sent + 100;
    let cases = [
        ("side", easy_row("o-side", "side", "Redeem", "1", "430", t)),
        ("amount", easy_row("o-amount", "amount", "Stake", "1.5", "430", t)),
        ("product", easy_row("o-product", "product", "Stake", "1", "431", t)),
        ("asset", easy_row("o-asset", "asset", "Stake", "1", "430", t).replace("\"BTC\"", "\"ETH\"")),
        ("same", easy_row("o-same", "same", "Stake", "1.000", "430", t)),
    ];
    for (link, row) in &cases {
        Mock::given(method("GET"))
            .and(path("/v5/earn/order"))
            .and(query_param("orderLinkId", *link))
            .respond_with(ok(&format!(r#"{{"list":[{row}],"nextPageCursor":""}}"#)))
            .mount(&server)
            .await;
    }
    let v = BybitEarnVenue::new(client(&server)).reconcile_grace(Duration::ZERO);
    for (link, _) in &cases[..4] {
        let intent =
            keyed("/v5/earn/place-order", Operation::Stake, "FlexibleSaving:430", "1", link, sent).asset("BTC");
        let answer = v.reconcile(&intent).await.unwrap();
        let why = reason(&answer);
        assert!(why.contains("different order") && why.contains(&format!("o-{link}")), "{link}: {why}");
    }
    let same = keyed("/v5/earn/place-order", Operation::Stake, "FlexibleSaving:430", "1", "same", sent).asset("btc");
    let Reconciliation::Happened(o) = v.reconcile(&same).await.unwrap() else { panic!("1.000 BTC is 1 btc") };
    assert_eq!(o.id.as_str(), "o-same");
    // A redemption intent with the same key is not the stake order.
    let redeem = keyed("/v5/earn/place-order", Operation::Redeem, "FlexibleSaving:430", "1", "same", sent);
    assert!(reason(&v.reconcile(&redeem).await.unwrap()).contains("different order"));
}

/// Guards the count of matching orders: two unclaimed orders carrying the key and both
/// matching the intent are ambiguous, never the first; claiming one leaves the other.
#[tokio::test]
async fn two_matching_orders_with_one_key_are_ambiguous() {
    let server = MockServer::start().await;
    let sent = UnixMillis::now_local().0 - 10_000;
    let rows =
        [easy_row("o-1", "dup", "Stake", "1", "430", sent + 1), easy_row("o-2", "dup", "Stake", "1", "430", sent + 2)];
    Mock::given(method("GET"))
        .and(path("/v5/earn/order"))
        .respond_with(ok(&format!(r#"{{"list":[{}],"nextPageCursor":""}}"#, rows.join(","))))
        .mount(&server)
        .await;
    let v = BybitEarnVenue::new(client(&server)).reconcile_grace(Duration::ZERO);
    let intent = keyed("/v5/earn/place-order", Operation::Stake, "FlexibleSaving:430", "1", "dup", sent);
    assert!(reason(&v.reconcile(&intent).await.unwrap()).contains("2 unclaimed"));
    let Reconciliation::Happened(o) = v.reconcile(&intent.clone().claimed([OrderId::new("o-1")])).await.unwrap() else {
        panic!("o-2 is left")
    };
    assert_eq!(o.id.as_str(), "o-2");
}

/// Guards `DidNotHappen` only after the grace period: with no order anywhere, a write sent
/// just now is StillUnknown under a long grace and "did not happen" under none.
#[tokio::test]
async fn absence_is_did_not_happen_only_after_the_grace_period() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v5/earn/order"))
        .respond_with(ok(r#"{"list":[],"nextPageCursor":""}"#))
        .mount(&server)
        .await;
    let sent = UnixMillis::now_local().0 - 1_000;
    let intent = keyed("/v5/earn/place-order", Operation::Stake, "FlexibleSaving:430", "1", "none", sent);
    let patient = BybitEarnVenue::new(client(&server)).reconcile_grace(Duration::from_secs(3600));
    assert!(patient.reconcile(&intent).await.unwrap().is_still_unknown());
    let hasty = BybitEarnVenue::new(client(&server)).reconcile_grace(Duration::ZERO);
    assert_eq!(hasty.reconcile(&intent).await.unwrap(), Reconciliation::DidNotHappen);
    let at_grace = BybitEarnVenue::new(client(&server)).reconcile_grace(Duration::from_millis(900));
    assert_eq!(at_grace.reconcile(&intent).await.unwrap(), Reconciliation::DidNotHappen);
}

/// Guards the Easy Earn order mapping and the side filter of `recent_orders`: a redemption
/// settles at `estimateRedeemTime`, a stake at `estimateStakeTime`, and asking for one side
/// lists only that side.
#[tokio::test]
async fn easy_orders_settle_by_their_side_and_recent_orders_filter_by_side() {
    let server = MockServer::start().await;
    let times = |row: String| {
        row.replace("\"updatedAt\"", "\"estimateRedeemTime\":\"7000\",\"estimateStakeTime\":\"5000\",\"updatedAt\"")
    };
    let rows = [
        times(easy_row("e-redeem", "l-r", "Redeem", "1", "430", 20)),
        times(easy_row("e-stake", "l-s", "Stake", "2", "430", 10)),
    ];
    Mock::given(method("GET"))
        .and(path("/v5/earn/order"))
        .respond_with(ok(&format!(r#"{{"list":[{}],"nextPageCursor":""}}"#, rows.join(","))))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v5/earn/fixed-term/order"))
        .respond_with(ok(r#"{"list":[],"nextPageCursor":""}"#))
        .mount(&server)
        .await;
    let v = BybitEarnVenue::new(client(&server));
    let redeem = v.order(&OrderRef::Venue(OrderId::new("e-redeem"))).await.unwrap().unwrap();
    assert_eq!((redeem.side, redeem.settles_at), (OrderSide::Redeem, Some(UnixMillis(7000))));
    let stake = v.order(&OrderRef::Venue(OrderId::new("e-stake"))).await.unwrap().unwrap();
    assert_eq!((stake.side, stake.settles_at), (OrderSide::Stake, Some(UnixMillis(5000))));
    let mut query = OrderQuery::all();
    query.side = Some(OrderSide::Redeem);
    let listed = v.recent_orders(&query).await.unwrap();
    assert_eq!(listed.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), ["e-redeem"]);
}

/// Guards the status of Fixed Saving and BYUSDT orders as lookups and reconciliation
/// report them: `Active`/`Complete`/`Success` succeeded, `Failed`/`Fail` failed, anything
/// else pending (a failed order is never reported as money moved).
#[tokio::test]
async fn fixed_and_token_orders_report_their_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v5/earn/order"))
        .respond_with(ok(r#"{"list":[],"nextPageCursor":""}"#))
        .mount(&server)
        .await;
    let fixed: Vec<String> = [("fx-a", "Active"), ("fx-c", "Complete"), ("fx-f", "Failed"), ("fx-p", "Processing")]
        .iter()
        .map(|(id, status)| fixed_row(id, "", "Stake", "10", 1).replace("\"Processing\"", &format!("\"{status}\"")))
        .collect();
    Mock::given(method("GET"))
        .and(path("/v5/earn/fixed-term/order"))
        .respond_with(ok(&format!(r#"{{"list":[{}],"nextPageCursor":""}}"#, fixed.join(","))))
        .mount(&server)
        .await;
    let sent = UnixMillis::now_local().0 - 1_000;
    for (link, status) in [("t-s", "Success"), ("t-f", "Fail"), ("t-p", "Processing")] {
        let row = token_row(&format!("tk-{link}"), link, "2", sent / 1000 + 1)
            .replace("\"Processing\"", &format!("\"{status}\""));
        Mock::given(method("GET"))
            .and(path("/v5/earn/token/order"))
            .and(query_param("orderLinkId", link))
            .respond_with(ok(&format!(r#"{{"list":[{row}],"nextPageCursor":""}}"#)))
            .mount(&server)
            .await;
    }
    let v = BybitEarnVenue::new(client(&server));
    for (id, want) in [
        ("fx-a", OrderStatus::Succeeded),
        ("fx-c", OrderStatus::Succeeded),
        ("fx-f", OrderStatus::Failed),
        ("fx-p", OrderStatus::Pending),
    ] {
        let o = v.order(&OrderRef::Venue(OrderId::new(id))).await.unwrap().unwrap();
        assert_eq!(o.status, want, "{id}");
    }
    for (link, want) in [("t-s", OrderStatus::Succeeded), ("t-f", OrderStatus::Failed), ("t-p", OrderStatus::Pending)] {
        let intent = ReconcileIntent::new(VENUE, Operation::Stake, "/v5/earn/token/place-order")
            .amount(amt("2"))
            .client_id(link)
            .sent_at(UnixMillis(sent));
        let Reconciliation::Happened(o) = v.reconcile(&intent).await.unwrap() else { panic!("{link}: its order") };
        assert_eq!(o.status, want, "{link}");
    }
}

/// Guards what a reconciled OnChain write leaves behind: a redemption found pending is
/// remembered like one this adapter placed, so `positions()` shows it in flight (Bybit lists
/// nothing else for it); a pending OnChain stake, or a redemption already settled, is not.
#[tokio::test]
async fn a_reconciled_pending_onchain_redemption_shows_in_flight_and_nothing_else_does() {
    let server = MockServer::start().await;
    let sent = UnixMillis::now_local().0 - 10_000;
    crate::adapter::mount_products(&server).await;
    for (p, body) in [("/v5/earn/position", r#"{"list":[]}"#), ("/v5/earn/fixed-term/position", r#"{"list":[]}"#)] {
        Mock::given(path(p)).respond_with(ok(body)).mount(&server).await;
    }
    Mock::given(path("/v5/earn/order"))
        .and(query_param("category", "FlexibleSaving"))
        .respond_with(ok(r#"{"list":[],"nextPageCursor":""}"#))
        .mount(&server)
        .await;
    let onchain = |id: &str, link: &str, side: &str, status: &str| {
        easy_row(id, link, side, "1", "8", sent + 50).replace("\"Pending\"", &format!("\"{status}\""))
    };
    for (link, row) in [
        ("s-pend", onchain("o1", "s-pend", "Stake", "Pending")),
        ("r-done", onchain("o2", "r-done", "Redeem", "Success")),
        ("r-pend", onchain("o3", "r-pend", "Redeem", "Pending")),
    ] {
        Mock::given(method("GET"))
            .and(path("/v5/earn/order"))
            .and(query_param("category", "OnChain"))
            .and(query_param("orderLinkId", link))
            .respond_with(windowed(vec![(sent + 50, row)]))
            .mount(&server)
            .await;
    }
    let v = BybitEarnVenue::new(client(&server)).reconcile_grace(Duration::ZERO);
    for (op, link) in [(Operation::Stake, "s-pend"), (Operation::Redeem, "r-done"), (Operation::Redeem, "r-pend")] {
        let intent = keyed("/v5/earn/place-order", op, "OnChain:8", "1", link, sent);
        assert!(matches!(v.reconcile(&intent).await.unwrap(), Reconciliation::Happened(_)), "{link}");
    }

    let positions = v.positions().await.unwrap();
    assert_eq!(positions.len(), 1, "{positions:?}");
    assert_eq!((positions[0].product.as_str(), positions[0].pending_redemption), ("OnChain:8", Some(amt("1"))));
    // Only the pending redemption is asked about again.
    let asked: Vec<String> = received(&server, "/v5/earn/order")
        .await
        .iter()
        .filter_map(|r| r.url.query_pairs().find(|(k, _)| k == "orderLinkId").map(|(_, v)| v.into_owned()))
        .collect();
    assert_eq!(asked, ["s-pend", "r-done", "r-pend", "r-pend"]);
}
