//! Which history rows are evidence of a write, route by route (reference §9): a row that
//! fails any one of the route's conditions (type, product or project, position, amount,
//! asset, account, direction) is not the write's, and the one that passes them all is.
//! Each test has the write's row and, beside it, rows that each fail one condition only:
//! joining two conditions with "or" instead of "and" lets one of them in, and the answer
//! becomes ambiguous. (Issue 17: mutation testing changed these conditions one at a time
//! and no test noticed.)

use std::time::Duration;

use earn_core::{Amount, EarnVenue, Operation, OrderStatus, ReconcileIntent, Reconciliation, StakeRequest, UnixMillis};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use crate::common::{Sequence, ok, params, received_at, venue};
use crate::fixtures::*;

fn a(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

fn intent(op: Operation, endpoint: &str, product: &str, asset: &str, amount: &str) -> ReconcileIntent {
    ReconcileIntent::new(binance_earn::VENUE, op, endpoint)
        .product(product)
        .asset(asset)
        .amount(a(amount))
        .sent_at(UnixMillis(now() - 1000))
}

/// Reconciles `intent` against `rows` answered at `path` (by a venue that waits no grace
/// period, so absence would read "did not happen").
async fn reconcile(path: &str, rows: &[String], intent: &ReconcileIntent) -> Reconciliation {
    let server = MockServer::start().await;
    get(&server, path, &format!(r#"{{"rows":[{}],"total":{}}}"#, rows.join(","), rows.len())).await;
    venue(&server).reconcile_grace(Duration::ZERO).reconcile(intent).await.unwrap()
}

/// The id of the row found.
fn found(r: Reconciliation) -> String {
    match r {
        Reconciliation::Happened(o) => o.id.as_str().to_owned(),
        Reconciliation::TransferHappened(t) => t.id.as_str().to_owned(),
        other => panic!("expected one row, got {other:?}"),
    }
}

#[tokio::test]
async fn a_flexible_redemption_is_its_products_amounts_and_accounts_row() {
    let row = |id: u32, project: &str, amount: &str, account: &str| {
        format!(
            r#"{{"amount":"{amount}","asset":"USDT","time":{},"projectId":"{project}","redeemId":{id},"destAccount":"{account}","status":"PAID"}}"#,
            now()
        )
    };
    let rows = [
        row(1, "USDT001", "5", "SPOT"),
        row(2, "USDT002", "5", "SPOT"),
        row(3, "USDT001", "6", "SPOT"),
        row(4, "USDT001", "5", "FUNDING"),
    ];
    let redeem =
        intent(Operation::Redeem, "/sapi/v1/simple-earn/flexible/redeem", "flexible:USDT:USDT001", "USDT", "5")
            .accounts(None, Some("SPOT".into()));
    let path = format!("{SE}/flexible/history/redemptionRecord");
    assert_eq!(found(reconcile(&path, &rows, &redeem).await), "flexible:redeem:1");
}

#[tokio::test]
async fn a_locked_subscription_is_its_types_projects_amounts_and_accounts_row() {
    let row = |id: u32, kind: &str, amount: &str, account: &str| {
        format!(
            r#"{{"purchaseId":{id},"projectId":"USDT*30","time":{},"asset":"USDT","amount":"{amount}","type":"{kind}","sourceAccount":"{account}","status":"SUCCESS"}}"#,
            now()
        )
    };
    let rows = [
        row(1, "NORMAL", "10", "SPOT"),
        row(2, "AUTO", "10", "SPOT"),
        row(3, "NORMAL", "11", "SPOT"),
        row(4, "NORMAL", "10", "FUNDING"),
    ];
    let subscribe =
        intent(Operation::Stake, "/sapi/v1/simple-earn/locked/subscribe", "locked:USDT:USDT*30", "USDT", "10")
            .accounts(Some("SPOT".into()), None);
    let path = format!("{SE}/locked/history/subscriptionRecord");
    assert_eq!(found(reconcile(&path, &rows, &subscribe).await), "locked:stake:1");
}

#[tokio::test]
async fn an_early_locked_redemption_is_its_positions_ahead_row() {
    let row = |id: u32, position: &str, kind: &str| {
        format!(
            r#"{{"positionId":"{position}","redeemId":"{id}","time":{},"asset":"AXS","amount":"1.5","originalAmount":"1.5","type":"{kind}","isComplete":true,"status":"PAID"}}"#,
            now()
        )
    };
    let rows = [row(1, "6", "AHEAD"), row(2, "5", "AHEAD"), row(3, "6", "MATURE")];
    let redeem = intent(Operation::Redeem, "/sapi/v1/simple-earn/locked/redeem", "locked:AXS:Axs*90", "AXS", "1.5")
        .position_id("6");
    let path = format!("{SE}/locked/history/redemptionRecord");
    assert_eq!(found(reconcile(&path, &rows, &redeem).await), "locked:redeem:1");
}

#[tokio::test]
async fn an_eth_redemption_is_its_amounts_and_assets_row() {
    let t = now();
    let row = |time: i64, asset: &str, amount: &str| {
        format!(
            r#"{{"time":{time},"arrivalTime":{},"asset":"{asset}","amount":"{amount}","distributeAsset":"ETH","distributeAmount":"2.1","conversionRatio":"1.05","status":"PENDING"}}"#,
            time + 86_400_000
        )
    };
    let rows = [row(t, "WBETH", "2"), row(t + 1, "BETH", "2"), row(t + 2, "WBETH", "3")];
    let redeem = intent(Operation::Redeem, "/sapi/v1/eth-staking/eth/redeem", "eth-staking", "WBETH", "2");
    let path = "/sapi/v1/eth-staking/eth/history/redemptionHistory";
    assert_eq!(found(reconcile(path, &rows, &redeem).await), format!("eth:redeem:t{t}-2"));
}

#[tokio::test]
async fn a_wrap_keeps_its_rows_status() {
    let path = "/sapi/v1/eth-staking/wbeth/history/wrapHistory";
    for (status, want) in
        [("SUCCESS", OrderStatus::Succeeded), ("FAILED", OrderStatus::Failed), ("PENDING", OrderStatus::Pending)]
    {
        let row = format!(
            r#"{{"time":{},"fromAsset":"BETH","fromAmount":"1","toAsset":"WBETH","toAmount":"0.95","exchangeRate":"0.95","status":"{status}"}}"#,
            now()
        );
        let wrap = intent(Operation::Stake, "/sapi/v1/eth-staking/wbeth/wrap", "eth-staking", "BETH", "1");
        match reconcile(path, &[row], &wrap).await {
            Reconciliation::Happened(o) => assert_eq!((o.status, o.venue_status.as_str()), (want, status)),
            other => panic!("{status}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_transfer_is_its_amounts_assets_and_directions_row() {
    let row = |id: u32, asset: &str, kind: &str| {
        format!(
            r#"{{"asset":"{asset}","amount":"25","type":"{kind}","status":"CONFIRMED","tranId":{id},"timestamp":{}}}"#,
            now()
        )
    };
    let rows = [row(77, "USDT", "MAIN_FUNDING"), row(78, "BTC", "MAIN_FUNDING"), row(79, "USDT", "FUNDING_MAIN")];
    let transfer = intent(Operation::Transfer, "/sapi/v1/asset/transfer", "", "USDT", "25")
        .accounts(Some("SPOT".into()), Some("FUNDING".into()));
    let mut transfer = transfer;
    transfer.product = None;
    assert_eq!(found(reconcile("/sapi/v1/asset/transfer", &rows, &transfer).await), "77");
}

/// A matching row without a time is never taken for absence: with no grace period left it
/// is still unknown, not "did not happen".
#[tokio::test]
async fn an_undated_row_is_never_absence() {
    let row = r#"{"amount":"100.5","asset":"USDT","purchaseId":1,"productId":"USDT001","type":"NORMAL"}"#.to_owned();
    let subscribe =
        intent(Operation::Stake, "/sapi/v1/simple-earn/flexible/subscribe", "flexible:USDT:USDT001", "USDT", "100.5")
            .sent_at(UnixMillis(now() - 60_000));
    let path = format!("{SE}/flexible/history/subscriptionRecord");
    let answer = reconcile(&path, &[row], &subscribe).await;
    assert!(answer.is_still_unknown(), "{answer:?}");
}

/// History is read over at most Binance's longest span (30 days less a millisecond) from
/// the send time less the receive window, however long ago the write was.
#[tokio::test]
async fn an_old_write_is_searched_over_binances_longest_span() {
    let server = MockServer::start().await;
    let path = format!("{SE}/flexible/history/subscriptionRecord");
    get(&server, &path, r#"{"rows":[],"total":0}"#).await;
    let old = intent(Operation::Stake, "/sapi/v1/simple-earn/flexible/subscribe", "flexible:USDT:USDT001", "USDT", "1")
        .sent_at(UnixMillis(now() - 40 * 86_400_000));
    assert_eq!(venue(&server).reconcile(&old).await.unwrap(), Reconciliation::DidNotHappen);
    let q = params(&received_at(&server, &path).await[0]);
    let at = |k: &str| q.split('&').find_map(|p| p.strip_prefix(k)).map(|v| v.parse::<i64>().unwrap()).unwrap();
    assert_eq!(at("endTime=") - at("startTime="), 30 * 86_400_000 - 1, "{q}");
}

/// The write's own id (an acknowledged write followed up by its id) names its row, although
/// the adapter recorded that row as the acknowledged write's answer; another acknowledged
/// write's row of the same amount stays that write's. Without the id, both rows are other
/// writes'.
#[tokio::test]
async fn a_writes_own_id_names_its_row_though_it_is_claimed() {
    let server = MockServer::start().await;
    get(&server, &format!("{SE}/flexible/list"), FLEX_LIST).await;
    get(&server, &format!("{SE}/flexible/personalLeftQuota"), r#"{"leftPersonalQuota":"1000"}"#).await;
    let answers = ["7", "8"].map(|id| ok(&format!(r#"{{"purchaseId":{id},"success":true}}"#)));
    Mock::given(method("POST"))
        .and(path("/sapi/v1/simple-earn/flexible/subscribe"))
        .respond_with(Sequence::new(answers.to_vec()))
        .mount(&server)
        .await;
    let v = venue(&server);
    let stake = StakeRequest::new("flexible:USDT:USDT001", a("100.5"));
    let seven = v.stake(&stake).await.unwrap().into_order().unwrap();
    let eight = v.stake(&stake).await.unwrap().into_order().unwrap();
    assert_eq!((seven.id.as_str(), eight.id.as_str()), ("flexible:stake:7", "flexible:stake:8"));
    let row = |id: u32| {
        format!(
            r#"{{"amount":"100.5","asset":"USDT","time":{},"purchaseId":{id},"productId":"USDT001","type":"NORMAL","sourceAccount":"SPOT","status":"SUCCESS"}}"#,
            now()
        )
    };
    let rows = format!(r#"{{"rows":[{},{}],"total":2}}"#, row(7), row(8));
    get(&server, &format!("{SE}/flexible/history/subscriptionRecord"), &rows).await;
    let followed =
        intent(Operation::Stake, "/sapi/v1/simple-earn/flexible/subscribe", "flexible:USDT:USDT001", "USDT", "100.5");
    assert_eq!(found(v.reconcile(&followed.clone().order_id(seven.id.as_str())).await.unwrap()), "flexible:stake:7");
    assert!(v.reconcile(&followed).await.unwrap().is_still_unknown(), "rows 7 and 8 are the acknowledged writes'");
}
