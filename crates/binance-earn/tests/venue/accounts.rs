//! Balances of SPOT and FUNDING, and transfers between them.

use earn_core::{Amount, EarnVenue, ErrorKind, Operation, OrderStatus, Reconciliation, TransferRequest};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{Signed, params, received, received_at, venue};
use crate::fixtures::*;

fn a(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

const TRANSFER: &str = "/sapi/v1/asset/transfer";

#[tokio::test]
async fn capabilities_name_the_accounts() {
    let server = MockServer::start().await;
    let caps = venue(&server).capabilities();
    assert_eq!(caps.accounts, &["SPOT", "FUNDING"]);
    for op in [Operation::Balances, Operation::Transfer, Operation::Stake, Operation::Redeem, Operation::Reconcile] {
        assert!(caps.supports(op), "{op}");
    }
    assert!(!caps.supports(Operation::CancelRedemption));
    assert!(!caps.client_order_ids);
}

#[tokio::test]
async fn balances_of_both_accounts() {
    let server = MockServer::start().await;
    get(&server, "/api/v3/account", r#"{"accountType":"SPOT","balances":[{"asset":"BTC","free":"1","locked":"0"},{"asset":"USDT","free":"100","locked":"1.5"},{"asset":"XRP","free":"0","locked":"0"}],"permissions":["SPOT"],"uid":1}"#).await;
    Mock::given(method("POST"))
        .and(path("/sapi/v1/asset/get-funding-asset"))
        .and(Signed)
        .respond_with(crate::common::ok(
            r#"[{"asset":"USDT","free":"1","locked":"0","freeze":"2","withdrawing":"0","btcValuation":"0"}]"#,
        ))
        .mount(&server)
        .await;
    let balances = venue(&server).balances().await.unwrap();
    let find =
        |acct: &str, asset: &str| balances.iter().find(|b| b.account.as_str() == acct && b.asset.as_str() == asset);
    let spot = find("SPOT", "USDT").unwrap();
    assert_eq!((spot.available, spot.total), (a("100"), Some(a("101.5"))));
    assert!(find("SPOT", "XRP").is_none(), "zero balances are left out");
    let funding = find("FUNDING", "USDT").unwrap();
    assert_eq!((funding.available, funding.total), (a("1"), Some(a("3"))));
    let spot_req = &received_at(&server, "/api/v3/account").await[0];
    assert_eq!(params(spot_req), "omitZeroBalances=true");
}

#[tokio::test]
async fn a_transfer_between_spot_and_funding() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TRANSFER))
        .and(Signed)
        .respond_with(crate::common::ok(r#"{"tranId":13526853623}"#))
        .mount(&server)
        .await;
    let req = TransferRequest::new("USDT", a("25"), "SPOT", "FUNDING").client_id("mine-1");
    let t = venue(&server).transfer(&req).await.unwrap();
    assert_eq!(t.id.as_str(), "13526853623");
    assert_eq!((t.from.as_str(), t.to.as_str()), ("SPOT", "FUNDING"));
    assert_eq!(t.status, OrderStatus::Pending, "its record could not be read: still pending");
    assert_eq!(t.client_id.as_ref().map(|c| c.as_str()), Some("mine-1"), "echoed, never sent");
    let posts =
        || async { received(&server).await.into_iter().filter(|r| r.method.as_str() == "POST").collect::<Vec<_>>() };
    assert_eq!(params(&posts().await[0]), "type=MAIN_FUNDING&asset=USDT&amount=25");
    let back = venue(&server).transfer(&TransferRequest::new("USDT", a("1"), "FUNDING", "SPOT")).await.unwrap();
    assert_eq!(back.id.as_str(), "13526853623");
    assert_eq!(params(&posts().await[1]), "type=FUNDING_MAIN&asset=USDT&amount=1");
    assert_eq!(posts().await.len(), 2, "following a transfer only reads");
}

/// Binance acknowledges a transfer before it settles: the adapter reads the record by its
/// tranId and reports it settled once Binance confirms it.
#[tokio::test]
async fn a_transfer_is_followed_until_binance_confirms_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TRANSFER))
        .and(Signed)
        .respond_with(crate::common::ok(r#"{"tranId":777}"#))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(TRANSFER))
        .and(Signed)
        .respond_with(crate::common::ok(
            r#"{"total":2,"rows":[{"asset":"USDT","amount":"25","type":"MAIN_FUNDING","status":"CONFIRMED","tranId":776,"timestamp":1},{"asset":"USDT","amount":"25","type":"MAIN_FUNDING","status":"CONFIRMED","tranId":777,"timestamp":2}]}"#,
        ))
        .mount(&server)
        .await;
    let t = venue(&server).transfer(&TransferRequest::new("USDT", a("25"), "SPOT", "FUNDING")).await.unwrap();
    assert_eq!(t.id.as_str(), "777");
    assert_eq!(t.status, OrderStatus::Succeeded);
}

#[tokio::test]
async fn bad_transfers_are_refused_before_any_request() {
    let server = MockServer::start().await;
    let v = venue(&server);
    for req in [
        TransferRequest::new("USDT", a("1"), "SPOT", "EARN"),
        TransferRequest::new("USDT", a("1"), "SPOT", "SPOT"),
        TransferRequest::new("USDT", Amount::ZERO, "SPOT", "FUNDING"),
        TransferRequest::new("USDT", a("0.000000001"), "SPOT", "FUNDING"),
        TransferRequest::new("US DT", a("1"), "SPOT", "FUNDING"),
    ] {
        let err = v.transfer(&req).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{req:?}: {err}");
    }
    assert!(received(&server).await.is_empty());
}

/// A transfer whose answer is lost: OutcomeUnknown, no second transfer of the asset until
/// it is reconciled (nothing more is sent), then found in the history of its direction.
#[tokio::test]
async fn a_lost_transfer_answer_reconciles_and_holds_the_lease_meanwhile() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path(TRANSFER)).respond_with(ResponseTemplate::new(502)).mount(&server).await;
    let v = venue(&server);
    let err = v.transfer(&TransferRequest::new("USDT", a("25"), "SPOT", "FUNDING")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown);
    let intent = err.reconcile_intent().unwrap().clone();
    let accounts = (intent.from_account.as_ref().map(|a| a.as_str()), intent.to_account.as_ref().map(|a| a.as_str()));
    assert_eq!(accounts, (Some("SPOT"), Some("FUNDING")), "the direction travels as accounts");
    assert_eq!(intent.product, None);

    {
        let _empty = get_scoped(&server, TRANSFER, r#"{"total":0}"#).await;
        let again = v.transfer(&TransferRequest::new("USDT", a("7"), "SPOT", "FUNDING")).await.unwrap_err();
        assert_eq!(again.kind(), ErrorKind::UnreconciledWrite, "{again}");
        let answer = v.reconcile(&intent).await.unwrap();
        assert!(answer.is_still_unknown(), "{answer:?}");
    }
    assert_eq!(received_at(&server, TRANSFER).await.iter().filter(|r| r.method.as_str() == "POST").count(), 1);

    let history = format!(
        r#"{{"total":2,"rows":[{{"asset":"USDT","amount":"25","type":"MAIN_FUNDING","status":"CONFIRMED","tranId":77,"timestamp":{}}},{{"asset":"USDT","amount":"25","type":"MAIN_FUNDING","status":"CONFIRMED","tranId":76,"timestamp":{}}}]}}"#,
        now(),
        now() - 3_600_000
    );
    let _rows = get_scoped(&server, TRANSFER, &history).await;
    match v.reconcile(&intent).await.unwrap() {
        Reconciliation::TransferHappened(t) => {
            assert_eq!(t.id.as_str(), "77", "the older transfer predates the send");
            assert_eq!((t.from.as_str(), t.to.as_str(), t.amount), ("SPOT", "FUNDING", a("25")));
            assert_eq!(t.status, OrderStatus::Succeeded);
        }
        other => panic!("{other:?}"),
    }
    let q = &received_at(&server, TRANSFER).await.into_iter().filter(|r| r.method.as_str() == "GET").last().unwrap();
    assert!(params(q).starts_with("type=MAIN_FUNDING&startTime="), "{}", params(q));
}
