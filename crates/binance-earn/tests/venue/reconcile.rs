//! Reconciliation by history (reference §9): one unreconciled write per (asset,
//! operation), claimed rows never evidence, ambiguity is `StillUnknown`, absence is
//! `DidNotHappen` only after the grace period, and every intent the crate produces is
//! accepted.

use binance_earn::api::eth_staking::{RedeemEth, StakeEth, WrapBeth};
use binance_earn::api::flexible::{RedeemFlexible, SubscribeFlexible};
use binance_earn::api::locked::{RedeemLocked, SubscribeLocked};
use binance_earn::api::simple_earn::{DestAccount, SourceAccount};
use binance_earn::api::sol_staking::{RedeemSol, StakeSol};
use binance_earn::api::wallet::{TransferType, UniversalTransfer};
use earn_core::http::ApiRequest;
use earn_core::{
    Amount, EarnVenue, ErrorKind, OrderId, OrderSide, OrderStatus, ReconcileIntent, Reconciliation, StakeRequest,
    UnixMillis,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{params, received, received_at, venue};
use crate::fixtures::*;

fn a(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

const SUBSCRIBE: &str = "/sapi/v1/simple-earn/flexible/subscribe";
const RECORD: &str = "/sapi/v1/simple-earn/flexible/history/subscriptionRecord";

fn row(purchase_id: u64, amount: &str, kind: &str, time: i64) -> String {
    format!(
        r#"{{"amount":"{amount}","asset":"USDT","time":{time},"purchaseId":{purchase_id},"productId":"USDT001","type":"{kind}","sourceAccount":"SPOT","status":"SUCCESS"}}"#
    )
}

fn rows(r: &[String]) -> String {
    format!(r#"{{"rows":[{}],"total":{}}}"#, r.join(","), r.len())
}

fn intent_at(sent: i64) -> ReconcileIntent {
    ReconcileIntent::new(binance_earn::VENUE, earn_core::Operation::Stake, SUBSCRIBE)
        .product("flexible:USDT:USDT001")
        .asset("USDT")
        .amount(a("100.5"))
        .sent_at(UnixMillis(sent))
}

/// A subscribe whose answer was lost: the next subscribe of the asset is refused (nothing
/// sent) until the first is reconciled, by its NORMAL row in the subscription record.
#[tokio::test]
async fn a_lost_stake_answer_holds_the_lease_until_history_settles_it() {
    let server = MockServer::start().await;
    get(&server, &format!("{SE}/flexible/list"), FLEX_LIST).await;
    get(&server, &format!("{SE}/flexible/personalLeftQuota"), r#"{"leftPersonalQuota":"1000"}"#).await;
    let v = venue(&server);
    let stake = StakeRequest::new("flexible:USDT:USDT001", a("100.5"));
    let err = {
        let _lost = Mock::given(method("POST"))
            .and(path(SUBSCRIBE))
            .respond_with(ResponseTemplate::new(504))
            .mount_as_scoped(&server)
            .await;
        v.stake(&stake).await.unwrap_err()
    };
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown);
    let intent = err.reconcile_intent().unwrap().clone();
    assert_eq!(intent.product.as_ref().map(|p| p.as_str()), Some("flexible:USDT:USDT001"));
    assert_eq!((intent.amount, intent.asset.as_ref().map(|a| a.as_str())), (Some(a("100.5")), Some("USDT")));
    assert_eq!(intent.from_account.as_ref().map(|a| a.as_str()), Some("SPOT"), "the account drawn on");

    post(&server, SUBSCRIBE, r#"{"purchaseId":2,"success":true}"#).await;
    {
        // An AUTO subscription of the same amount is Binance's own, not evidence.
        let _auto = get_scoped(&server, RECORD, &rows(&[row(1, "100.5", "AUTO", now())])).await;
        let again = v.stake(&stake).await.unwrap_err();
        assert_eq!(again.kind(), ErrorKind::UnreconciledWrite, "{again}");
        assert!(v.reconcile(&intent).await.unwrap().is_still_unknown());
    }
    assert_eq!(received_at(&server, SUBSCRIBE).await.len(), 1, "nothing was sent while the lease was held");

    let _normal =
        get_scoped(&server, RECORD, &rows(&[row(1, "100.5", "AUTO", now()), row(7, "100.5", "NORMAL", now())])).await;
    match v.reconcile(&intent).await.unwrap() {
        Reconciliation::Happened(o) => {
            assert_eq!(o.id.as_str(), "flexible:stake:7");
            assert_eq!((o.side, o.amount, o.status), (OrderSide::Stake, a("100.5"), OrderStatus::Succeeded));
            assert_eq!(o.product.as_str(), "flexible:USDT:USDT001");
        }
        other => panic!("{other:?}"),
    }
    let q = received_at(&server, RECORD).await.pop().unwrap();
    assert!(params(&q).starts_with("productId=USDT001&asset=USDT&startTime="), "{}", params(&q));
    // Asked again, the same write gets the same row.
    assert!(v.reconcile(&intent).await.unwrap().happened());
    // The lease is released: the next subscribe goes out, without reading history again.
    let reads = received_at(&server, RECORD).await.len();
    assert!(v.stake(&stake).await.unwrap().order().is_some());
    assert_eq!(received_at(&server, SUBSCRIBE).await.len(), 2);
    assert_eq!(received_at(&server, RECORD).await.len(), reads, "a settled write is not reconciled again");
}

/// Two unclaimed candidates: never a guess. Claimed rows are other writes'.
#[tokio::test]
async fn two_candidates_are_ambiguous_until_one_is_claimed() {
    let server = MockServer::start().await;
    get(&server, RECORD, &rows(&[row(1, "100.5", "NORMAL", now()), row(2, "100.5", "NORMAL", now())])).await;
    let v = venue(&server);
    let intent = intent_at(now() - 1000);
    match v.reconcile(&intent).await.unwrap() {
        Reconciliation::StillUnknown { reason } => assert!(reason.contains("2 unclaimed"), "{reason}"),
        other => panic!("{other:?}"),
    }
    let claimed = intent.clone().claimed([OrderId::new("flexible:stake:1")]);
    match v.reconcile(&claimed).await.unwrap() {
        Reconciliation::Happened(o) => assert_eq!(o.id.as_str(), "flexible:stake:2"),
        other => panic!("{other:?}"),
    }
    // Binance's own id is accepted in `claimed` too.
    let both = intent.clone().claimed([OrderId::new("1"), OrderId::new("flexible:stake:2")]);
    assert!(v.reconcile(&both).await.unwrap().is_still_unknown(), "only claimed rows, within the grace period");
}

/// A row matched to one write is not evidence for another of this adapter.
#[tokio::test]
async fn a_row_matched_to_one_write_is_not_evidence_for_another() {
    let server = MockServer::start().await;
    get(&server, RECORD, &rows(&[row(5, "100.5", "NORMAL", now())])).await;
    let v = venue(&server);
    let first = intent_at(now() - 2000);
    assert!(v.reconcile(&first).await.unwrap().happened());
    let second = intent_at(now() - 1000);
    assert!(v.reconcile(&second).await.unwrap().is_still_unknown());
}

/// Rows older than `sent − recvWindow`, of another amount or product, do not count; with
/// nothing left, the answer is `DidNotHappen` only once the grace period has passed.
#[tokio::test]
async fn absence_proves_nothing_until_the_grace_period_has_passed() {
    let server = MockServer::start().await;
    let sent = now() - 10 * 60 * 1000;
    let other = r#"{"amount":"100.5","asset":"USDT","time":1,"purchaseId":9,"productId":"USDT009","type":"NORMAL","status":"SUCCESS"}"#;
    get(
        &server,
        RECORD,
        &rows(&[
            row(1, "100.5", "NORMAL", sent - 6000),
            row(2, "100.4", "NORMAL", sent),
            other.replace(":1,", &format!(":{sent},")),
        ]),
    )
    .await;
    let v = venue(&server);
    assert_eq!(v.reconcile(&intent_at(sent)).await.unwrap(), Reconciliation::DidNotHappen);
    let recent = intent_at(now() - 1000);
    match v.reconcile(&recent).await.unwrap() {
        Reconciliation::StillUnknown { reason } => assert!(reason.contains("no matching history row yet"), "{reason}"),
        other => panic!("{other:?}"),
    }
    let patient = venue(&server).reconcile_grace(std::time::Duration::ZERO);
    let just_now = intent_at(now() - 6000);
    assert_eq!(patient.reconcile(&just_now).await.unwrap(), Reconciliation::DidNotHappen);
}

/// A matching row without a time cannot be told apart: still unknown.
#[tokio::test]
async fn an_undated_match_is_ambiguous() {
    let server = MockServer::start().await;
    get(&server, RECORD, r#"{"rows":[{"amount":"100.5","asset":"USDT","purchaseId":1,"productId":"USDT001","type":"NORMAL"}],"total":1}"#).await;
    let answer = venue(&server).reconcile(&intent_at(now() - 1000)).await.unwrap();
    assert!(answer.is_still_unknown(), "{answer:?}");
}

/// An early locked redemption: the AHEAD row of its position.
#[tokio::test]
async fn a_locked_redemption_reconciles_by_its_position() {
    let server = MockServer::start().await;
    let body = format!(
        r#"{{"rows":[{{"positionId":"347608223","redeemId":"88","time":{},"asset":"AXS","lockPeriod":"90","amount":"1.49","originalAmount":"1.5","type":"AHEAD","lossAmount":"0.01","isComplete":true,"status":"PAID"}}],"total":1}}"#,
        now()
    );
    get(&server, &format!("{SE}/locked/history/redemptionRecord"), &body).await;
    let intent =
        ReconcileIntent::new(binance_earn::VENUE, earn_core::Operation::Redeem, "/sapi/v1/simple-earn/locked/redeem")
            .product("locked:AXS:Axs*90")
            .asset("AXS")
            .amount(a("1.5"))
            .position_id("347608223")
            .sent_at(UnixMillis(now() - 1000));
    match venue(&server).reconcile(&intent).await.unwrap() {
        Reconciliation::Happened(o) => {
            assert_eq!(
                (o.id.as_str(), o.product.as_str(), o.amount),
                ("locked:redeem:88", "locked:AXS:Axs*90", a("1.5"))
            );
            assert_eq!(o.status, OrderStatus::Succeeded);
        }
        other => panic!("{other:?}"),
    }
    let q = &received(&server).await[0];
    assert!(params(q).starts_with("positionId=347608223&startTime="), "{}", params(q));
}

/// Intents recorded before earn-core named positions and accounts (a journal's) still
/// reconcile: a locked redemption's position in `order_id`, a transfer's direction in
/// `product`.
#[tokio::test]
async fn intents_recorded_before_positions_and_accounts_still_reconcile() {
    let server = MockServer::start().await;
    empty_reads(&server).await;
    let v = venue(&server);
    let old = UnixMillis(now() - 3_600_000);
    let redeem =
        ReconcileIntent::new(binance_earn::VENUE, earn_core::Operation::Redeem, "/sapi/v1/simple-earn/locked/redeem")
            .order_id("347608223")
            .sent_at(old);
    assert_eq!(v.reconcile(&redeem).await.unwrap(), Reconciliation::DidNotHappen);
    let transfer = ReconcileIntent::new(binance_earn::VENUE, earn_core::Operation::Transfer, "/sapi/v1/asset/transfer")
        .product("FUNDING_MAIN")
        .asset("USDT")
        .amount(a("1"))
        .sent_at(old);
    assert_eq!(v.reconcile(&transfer).await.unwrap(), Reconciliation::DidNotHappen);
    let sent = received_at(&server, "/sapi/v1/asset/transfer").await;
    assert!(params(&sent[0]).starts_with("type=FUNDING_MAIN&"), "{}", params(&sent[0]));

    // Half a direction, or one Binance does not have, is refused rather than guessed.
    let half = transfer.clone().accounts(Some("SPOT".into()), None);
    assert_eq!(v.reconcile(&half).await.unwrap_err().kind(), ErrorKind::InvalidInput);
    let nowhere = transfer.accounts(Some("SPOT".into()), Some("EARN".into()));
    assert_eq!(v.reconcile(&nowhere).await.unwrap_err().kind(), ErrorKind::InvalidInput);
}

/// A subscription is matched with the account it drew on (reference §9 step 3: "the
/// expected `sourceAccount`", `FUND` spelled `FUNDING` in records): a row of the same
/// product and amount drawn on another account is another write's.
#[tokio::test]
async fn a_subscription_from_another_account_is_not_evidence() {
    let server = MockServer::start().await;
    let funding = row(2, "100.5", "NORMAL", now()).replace(r#""sourceAccount":"SPOT""#, r#""sourceAccount":"FUNDING""#);
    get(&server, RECORD, &rows(&[row(1, "100.5", "NORMAL", now()), funding])).await;
    let v = venue(&server);
    let any = intent_at(now() - 1000);
    assert!(v.reconcile(&any).await.unwrap().is_still_unknown(), "no account named: both rows are candidates");
    let from_funding = SubscribeFlexible::new("USDT001", a("100.5"))
        .source_account(SourceAccount::Fund)
        .intent()
        .unwrap()
        .sent_at(UnixMillis(now() - 1000));
    match v.reconcile(&from_funding).await.unwrap() {
        Reconciliation::Happened(o) => assert_eq!(o.id.as_str(), "flexible:stake:2"),
        other => panic!("{other:?}"),
    }
    let from_spot = intent_at(now() - 1000).accounts(Some("spot".into()), None);
    match v.reconcile(&from_spot).await.unwrap() {
        Reconciliation::Happened(o) => assert_eq!(o.id.as_str(), "flexible:stake:1"),
        other => panic!("{other:?}"),
    }
    let elsewhere = intent_at(now() - 1000).accounts(Some("EARN".into()), None);
    assert_eq!(v.reconcile(&elsewhere).await.unwrap_err().kind(), ErrorKind::InvalidInput);
}

/// ETH rows carry no id: the order's id comes from the row's time and amount, and it can
/// be looked up again.
#[tokio::test]
async fn an_eth_stake_reconciles_to_a_row_without_an_id() {
    let server = MockServer::start().await;
    let t = now();
    let body = format!(
        r#"{{"rows":[{{"time":{t},"asset":"ETH","amount":"0.5","distributeAsset":"WBETH","distributeAmount":"0.47","conversionRatio":"1.06","status":"SUCCESS"}}],"total":1}}"#
    );
    get(&server, "/sapi/v1/eth-staking/eth/history/stakingHistory", &body).await;
    let v = venue(&server);
    let intent = StakeEth::new(a("0.5")).intent().unwrap().sent_at(UnixMillis(t - 500));
    let Reconciliation::Happened(o) = v.reconcile(&intent).await.unwrap() else { panic!("happened") };
    assert_eq!(o.id.as_str(), format!("eth:stake:t{t}-0.5"));
    let again = v.order(&earn_core::OrderRef::Venue(o.id.clone())).await.unwrap().unwrap();
    assert_eq!(again.id, o.id);
}

/// Every intent this crate produces is accepted by its own `reconcile`: the typed
/// client's (Binance's own ids) and, elsewhere, the adapter's.
#[tokio::test]
async fn every_intent_the_crate_produces_is_reconcilable() {
    let server = MockServer::start().await;
    empty_reads(&server).await;
    let v = venue(&server);
    let old = UnixMillis(now() - 3_600_000);
    let intents = [
        SubscribeFlexible::new("USDT001", a("1")).intent(),
        RedeemFlexible::new("USDT001", a("1")).intent(),
        RedeemFlexible::all("USDT001").intent(),
        RedeemFlexible::new("USDT001", a("1")).dest_account(DestAccount::Fund).intent(),
        SubscribeFlexible::new("USDT001", a("1")).source_account(SourceAccount::Fund).intent(),
        SubscribeFlexible::new("USDT001", a("1")).source_account(SourceAccount::All).intent(),
        SubscribeLocked::new("Axs*90", a("1")).intent(),
        SubscribeLocked::new("Axs*90", a("1")).source_account(SourceAccount::Fund).intent(),
        RedeemLocked::new("12").intent(),
        StakeEth::new(a("1")).intent(),
        RedeemEth::new(a("1")).intent(),
        WrapBeth::new(a("1")).intent(),
        StakeSol::new(a("1")).intent(),
        RedeemSol::new(a("1")).intent(),
        UniversalTransfer::new(TransferType::FundingMain, "USDT", a("1")).intent(),
        UniversalTransfer::new(TransferType::MainUmfuture, "USDT", a("1")).intent(),
        UniversalTransfer::new(TransferType::PortfolioMarginMain, "USDT", a("1")).intent(),
    ];
    for intent in intents {
        let intent = intent.unwrap().sent_at(old);
        let answer = v.reconcile(&intent).await.unwrap_or_else(|e| panic!("{}: {e}", intent.endpoint));
        assert_eq!(answer, Reconciliation::DidNotHappen, "{}", intent.endpoint);
    }
    let foreign =
        ReconcileIntent::new(earn_core::VenueId::from_static("other"), earn_core::Operation::Stake, SUBSCRIBE);
    assert_eq!(v.reconcile(&foreign).await.unwrap_err().kind(), ErrorKind::InvalidInput);
    let unknown = ReconcileIntent::new(binance_earn::VENUE, earn_core::Operation::Stake, "/sapi/v1/nothing");
    assert_eq!(v.reconcile(&unknown).await.unwrap_err().kind(), ErrorKind::InvalidInput);
    let no_time = SubscribeFlexible::new("USDT001", a("1")).intent().unwrap();
    assert!(v.reconcile(&no_time).await.unwrap().is_still_unknown());
}

const SOL_HISTORY: &str = "/sapi/v1/sol-staking/sol/history/stakingHistory";
const LOCKED_SUBSCRIBE: &str = "/sapi/v1/simple-earn/locked/subscribe";
const SOL_STAKE: &str = "/sapi/v1/sol-staking/sol/stake";

/// Mounts the flexible product and its quota.
async fn flexible_product(server: &MockServer) {
    get(server, &format!("{SE}/flexible/list"), FLEX_LIST).await;
    get(server, &format!("{SE}/flexible/personalLeftQuota"), r#"{"leftPersonalQuota":"1000"}"#).await;
}

/// Answers writes to `p` with `body`, except the `lost`-th (from 1), which gets no answer
/// (a 504). A scoped mock of higher priority would not do: wiremock removes scoped mocks by
/// mounting position after sorting by priority.
async fn answer_writes(server: &MockServer, p: &str, body: &'static str, lost: usize) {
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let respond = move |_: &wiremock::Request| {
        if calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1 == lost {
            ResponseTemplate::new(504)
        } else {
            ResponseTemplate::new(200).set_body_string(body)
        }
    };
    Mock::given(method("POST")).and(path(p)).respond_with(respond).mount(server).await;
}

/// A SOL staking history row without an id, as Binance documents it.
fn sol_row(time: i64) -> String {
    format!(
        r#"{{"time":{time},"asset":"SOL","amount":"3","distributeAsset":"BNSOL","distributeAmount":"2.72727272","exchangeRate":"1.1","status":"SUCCESS"}}"#
    )
}

/// Reconciling one write settles that write's lease only: a lost subscription still holds
/// its lease after another write (here a hand-built intent) reconciles, so the next
/// subscription is still refused, and nothing is sent.
#[tokio::test]
async fn reconciling_one_write_releases_only_its_own_lease() {
    let server = MockServer::start().await;
    flexible_product(&server).await;
    answer_writes(&server, SUBSCRIBE, r#"{"purchaseId":2,"success":true}"#, 1).await;
    let v = venue(&server);
    let stake = StakeRequest::new("flexible:USDT:USDT001", a("100.5"));
    let lost = v.stake(&stake).await.unwrap_err();
    assert_eq!(lost.kind(), ErrorKind::OutcomeUnknown);
    get(&server, RECORD, &rows(&[row(5, "50", "NORMAL", now())])).await;
    let other = intent_at(now() - 1000).amount(a("50"));
    assert!(v.reconcile(&other).await.unwrap().happened());
    let again = v.stake(&stake).await.unwrap_err();
    assert_eq!(again.kind(), ErrorKind::UnreconciledWrite, "{again}");
    assert_eq!(received_at(&server, SUBSCRIBE).await.len(), 1, "the lost write's lease still held");
}

/// The row that answered an acknowledged subscription is that write's: a lost subscription
/// of the same amount does not take it as evidence.
#[tokio::test]
async fn an_acknowledged_writes_row_is_not_evidence_for_a_lost_one() {
    let server = MockServer::start().await;
    flexible_product(&server).await;
    answer_writes(&server, SUBSCRIBE, r#"{"purchaseId":7,"success":true}"#, 2).await;
    let v = venue(&server);
    let stake = StakeRequest::new("flexible:USDT:USDT001", a("100.5"));
    let acknowledged = v.stake(&stake).await.unwrap().into_order().unwrap();
    assert_eq!(acknowledged.id.as_str(), "flexible:stake:7");
    let lost = v.stake(&stake).await.unwrap_err();
    let intent = lost.reconcile_intent().unwrap().clone();
    get(&server, RECORD, &rows(&[row(7, "100.5", "NORMAL", now())])).await;
    let answer = v.reconcile(&intent).await.unwrap();
    assert!(answer.is_still_unknown(), "row 7 answered the acknowledged write: {answer:?}");
}

/// An acknowledged SOL stake whose row was not in history yet owns the next row of its
/// amount as much as any other write does: a lost stake of the same amount is not settled
/// by that row; and a second acknowledged stake is never named by the first one's row.
#[tokio::test]
async fn rows_an_acknowledged_sol_stake_may_own_are_never_another_writes() {
    let server = MockServer::start().await;
    get(&server, "/sapi/v1/sol-staking/sol/quota", SOL_QUOTA).await;
    let answer = r#"{"success":true,"bnsolAmount":"2.72727272","exchangeRate":"1.1","purchaseId":40607}"#;
    answer_writes(&server, SOL_STAKE, answer, 2).await;
    let v = venue(&server);
    let stake = StakeRequest::new("sol-staking", a("3"));
    let first = {
        let _empty = get_scoped(&server, SOL_HISTORY, r#"{"rows":[],"total":0}"#).await;
        v.stake(&stake).await.unwrap().into_order().unwrap()
    };
    assert!(first.id.as_str().starts_with("sol:stake:40607@t"), "not identified: {}", first.id);
    let lost = v.stake(&stake).await.unwrap_err();
    let intent = lost.reconcile_intent().unwrap().clone();
    let _one = get_scoped(&server, SOL_HISTORY, &format!(r#"{{"rows":[{}],"total":1}}"#, sol_row(now()))).await;
    match v.reconcile(&intent).await.unwrap() {
        Reconciliation::StillUnknown { reason } => assert!(reason.contains("acknowledged write"), "{reason}"),
        other => panic!("the row may be the first stake's: {other:?}"),
    }

    // Two acknowledged stakes, one row: the first is named by it, the second is not.
    let w = venue(&server);
    let named = w.stake(&stake).await.unwrap().into_order().unwrap();
    assert!(named.id.as_str().starts_with("sol:stake:t"), "named by its row: {}", named.id);
    let second = w.stake(&stake).await.unwrap().into_order().unwrap();
    assert_ne!(second.id, named.id);
    assert!(second.id.as_str().starts_with("sol:stake:40607@t"), "{}", second.id);
}

/// A row drawn on an account this SDK does not know excludes nothing (it may be the
/// write's); a known, different account does.
#[tokio::test]
async fn a_subscription_from_an_unknown_account_is_still_a_candidate() {
    let server = MockServer::start().await;
    let unknown = row(3, "100.5", "NORMAL", now()).replace(r#""sourceAccount":"SPOT""#, r#""sourceAccount":"ALPHA""#);
    get(&server, RECORD, &rows(&[unknown])).await;
    let from_spot = intent_at(now() - 1000).accounts(Some("SPOT".into()), None);
    match venue(&server).reconcile(&from_spot).await.unwrap() {
        Reconciliation::Happened(o) => assert_eq!(o.id.as_str(), "flexible:stake:3"),
        other => panic!("{other:?}"),
    }
}

/// A locked subscription is found among the subscriptions of its own project only.
#[tokio::test]
async fn a_locked_subscription_reconciles_by_its_project() {
    let server = MockServer::start().await;
    let sub = |id: u64, project: &str| {
        format!(
            r#"{{"purchaseId":{id},"projectId":"{project}","time":{},"asset":"USDT","amount":"10","type":"NORMAL","sourceAccount":"SPOT","status":"SUCCESS"}}"#,
            now()
        )
    };
    get(&server, &format!("{SE}/locked/history/subscriptionRecord"), &rows(&[sub(1, "USDT*90"), sub(2, "USDT*30")]))
        .await;
    for product in ["locked:USDT:USDT*30", "USDT*30"] {
        let v = venue(&server);
        let intent = ReconcileIntent::new(binance_earn::VENUE, earn_core::Operation::Stake, LOCKED_SUBSCRIBE)
            .product(product)
            .asset("USDT")
            .amount(a("10"))
            .sent_at(UnixMillis(now() - 1000));
        match v.reconcile(&intent).await.unwrap() {
            Reconciliation::Happened(o) => {
                assert_eq!((o.id.as_str(), o.product.as_str()), ("locked:stake:2", "locked:USDT:USDT*30"), "{product}")
            }
            other => panic!("{product}: {other:?}"),
        }
    }
}

/// A transfer intent followed by a caller that knows only the operation (no endpoint) is a
/// universal transfer all the same; an endpoint this crate never writes to is refused by
/// that field, whatever the operation.
#[tokio::test]
async fn intents_are_routed_by_endpoint_or_by_the_transfer_operation() {
    let server = MockServer::start().await;
    let history = format!(
        r#"{{"total":1,"rows":[{{"asset":"USDT","amount":"25","type":"MAIN_FUNDING","status":"CONFIRMED","tranId":77,"timestamp":{}}}]}}"#,
        now()
    );
    get(&server, "/sapi/v1/asset/transfer", &history).await;
    let v = venue(&server);
    let polled = ReconcileIntent::new(binance_earn::VENUE, earn_core::Operation::Transfer, "")
        .asset("USDT")
        .amount(a("25"))
        .accounts(Some("SPOT".into()), Some("FUNDING".into()))
        .sent_at(UnixMillis(now() - 1000));
    match v.reconcile(&polled).await.unwrap() {
        Reconciliation::TransferHappened(t) => assert_eq!(t.id.as_str(), "77"),
        other => panic!("{other:?}"),
    }
    for op in [earn_core::Operation::Stake, earn_core::Operation::Transfer] {
        let elsewhere = ReconcileIntent::new(binance_earn::VENUE, op, "/sapi/v1/somewhere/else")
            .sent_at(UnixMillis(now() - 1000))
            .accounts(Some("SPOT".into()), Some("FUNDING".into()));
        match v.reconcile(&elsewhere).await {
            Err(earn_core::Error::InvalidInput { field, .. }) if op == earn_core::Operation::Stake => {
                assert_eq!(field, "intent.endpoint")
            }
            Ok(_) if op == earn_core::Operation::Transfer => {}
            other => panic!("{op}: {other:?}"),
        }
    }
}
