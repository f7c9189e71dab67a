//! Simple Earn Flexible (`/api/v5/finance/savings/…`): balance, purchase and redemption,
//! lending rate, lending history, and the two public lending-rate reads (unsigned).

use earn_core::{ErrorKind, Operation, Rate, UnixMillis};
use okx_staking::api::savings::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use crate::common::*;

const BASE: &str = "/api/v5/finance/savings";

fn rate(s: &str) -> Rate {
    Rate::parse_fraction(s).unwrap()
}

#[tokio::test]
async fn balance_decodes_sixteen_decimals_exactly() {
    let server = MockServer::start().await;
    signed("GET", &format!("{BASE}/balance"))
        .and(ExactQuery("ccy=USDT"))
        .respond_with(ok(r#"[{"earnings":"0.0010737388791526","redemptAmt":"","rate":"0.0100000000000000","ccy":"USDT","amt":"11.0010737453457821","loanAmt":"11.0010630707982819","pendingAmt":"0.0000106745475002"}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let rows = client(&server).send(&GetSavingsBalance::new().ccy("USDT")).await.unwrap();
    let b = &rows[0];
    assert_eq!(b.amt, Some(amt("11.0010737453457821")));
    assert_eq!(b.loan_amt.unwrap().checked_add(b.pending_amt.unwrap()), b.amt, "amt = loanAmt + pendingAmt");
    assert_eq!(b.rate, Some(rate("0.01")));
}

#[tokio::test]
async fn purchase_and_redemption_share_one_endpoint() {
    let server = MockServer::start().await;
    signed("POST", &format!("{BASE}/purchase-redempt"))
        .and(BodyBytes(r#"{"ccy":"BTC","amt":"1","side":"purchase","rate":"0.01"}"#))
        .respond_with(ok(r#"[{"ccy":"BTC","amt":"1","side":"purchase","rate":"0.01"}]"#))
        .expect(1)
        .mount(&server)
        .await;
    signed("POST", &format!("{BASE}/purchase-redempt"))
        .and(BodyBytes(r#"{"ccy":"BTC","amt":"0.5","side":"redempt"}"#))
        .respond_with(ok(r#"[{"ccy":"BTC","amt":"0.5","side":"redempt","rate":""}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    let buy = c.send(&PurchaseRedempt::purchase("BTC", amt("1")).rate(rate("0.01"))).await.unwrap();
    assert_eq!((buy[0].side.clone(), buy[0].rate), (Some(SavingsSide::Purchase), Some(rate("0.01"))));
    let sell = c.send(&PurchaseRedempt::redempt("BTC", amt("0.5"))).await.unwrap();
    assert_eq!((sell[0].side.clone(), sell[0].rate), (Some(SavingsSide::Redempt), None));
}

#[tokio::test]
async fn an_unclear_redemption_is_unknown_and_names_its_currency() {
    let server = MockServer::start().await;
    signed("POST", &format!("{BASE}/purchase-redempt"))
        .respond_with(okx_error(400, "50004", "timeout"))
        .mount(&server)
        .await;
    let err = client(&server).send(&PurchaseRedempt::redempt("USDT", amt("100"))).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown, "{err:?}");
    let intent = err.reconcile_intent().unwrap();
    assert_eq!((intent.operation, intent.asset.as_ref().unwrap().as_str()), (Operation::Redeem, "USDT"));
    assert_eq!(intent.amount, Some(amt("100")));
    assert_eq!(requests(&server, &format!("{BASE}/purchase-redempt")).await.len(), 1);
}

#[tokio::test]
async fn set_lending_rate_sends_the_fraction() {
    let server = MockServer::start().await;
    signed("POST", &format!("{BASE}/set-lending-rate"))
        .and(BodyBytes(r#"{"ccy":"BTC","rate":"0.02"}"#))
        .respond_with(ok(r#"[{"ccy":"BTC","rate":"0.02"}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let ack = client(&server).send(&SetLendingRate::new("BTC", rate("0.02"))).await.unwrap();
    assert_eq!(ack[0].rate, Some(rate("0.02")));
}

#[tokio::test]
async fn lending_history_pages_by_time() {
    let server = MockServer::start().await;
    signed("GET", &format!("{BASE}/lending-history"))
        .and(ExactQuery("ccy=BTC&after=1597026383085&limit=2"))
        .respond_with(ok(r#"[{"ccy":"BTC","amt":"0.01","earnings":"0.001","rate":"0.01","ts":"1597026383084"}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let q = GetLendingHistory::new().ccy("BTC").after(UnixMillis(1_597_026_383_085)).limit(2);
    let rows = client(&server).send(&q).await.unwrap();
    assert_eq!((rows[0].earnings, rows[0].rate), (Some(amt("0.001")), Some(rate("0.01"))));
}

#[tokio::test]
async fn the_lending_rates_are_public() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{BASE}/lending-rate-summary")))
        .and(ExactQuery("ccy=BTC"))
        .and(Unsigned)
        .respond_with(ok(r#"[{"ccy":"BTC","avgAmt":"10000","avgAmtUsd":"10000000000","avgRate":"0.03","preRate":"0.02","estRate":"0.01"}]"#))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{BASE}/lending-rate-history")))
        .and(ExactQuery(""))
        .and(Unsigned)
        .respond_with(ok(r#"[{"ccy":"BTC","amt":"0.01","rate":"0.001","lendingRate":"0.0009","ts":"1597026383085"},{"ccy":"USDT","rate":"0.05","ts":"1597026383085"}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    let summary = c.send(&GetLendingRateSummary::new().ccy("BTC")).await.unwrap();
    assert_eq!((summary[0].pre_rate, summary[0].est_rate), (Some(rate("0.02")), Some(rate("0.01"))));
    let history = c.send(&GetLendingRateHistory::new()).await.unwrap();
    assert_eq!(history[0].lending_rate, Some(rate("0.0009")));
    assert_eq!(history[1].lending_rate, None, "an older row without lendingRate is not filled from `rate`");
}

#[tokio::test]
async fn rates_outside_one_to_365_percent_never_leave() {
    let server = MockServer::start().await;
    let c = client(&server);
    let err = c.send(&PurchaseRedempt::purchase("USDT", amt("1")).rate(rate("4"))).await.unwrap_err();
    assert!(matches!(err, earn_core::Error::InvalidInput { ref field, .. } if field == "rate"), "{err:?}");
    let err = c.send(&SetLendingRate::new("USDT", rate("0.001"))).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let err = c.send(&PurchaseRedempt::redempt("USDT", amt("1")).rate(rate("0.02"))).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(server.received_requests().await.unwrap().is_empty());
}
