//! Every SOL staking endpoint, including its quirks (object `data`, no `ordId`, no `ts`).

use earn_core::wire::OneOrMany;
use earn_core::{EarnVenue, ErrorKind, Operation, Reconciliation, UnixMillis};
use okx_staking::api::staking::*;
use wiremock::matchers::{body_string, method, path};
use wiremock::{Mock, MockServer};

use crate::common::*;

const BASE: &str = "/api/v5/finance/staking-defi/sol";
const SOL: StakingCoin = StakingCoin::Sol;

#[tokio::test]
async fn product_info_data_is_an_object() {
    let server = MockServer::start().await;
    signed("GET", &format!("{BASE}/product-info"))
        .and(ExactQuery(""))
        .respond_with(ok(r#"{"fastRedemptionAvail":"240","fastRedemptionDailyLimit":"240","rate":"5.57","redemptDays":"2","minAmt":"0.01"}"#))
        .expect(1)
        .mount(&server)
        .await;
    let OneOrMany::One(info) = client(&server).send(&GetProductInfo::new(SOL)).await.unwrap() else {
        panic!("SOL answers one object")
    };
    assert_eq!(info.fast_redemption_avail, Some(amt("240")));
    assert_eq!(info.min_amt, Some(amt("0.01")));
    assert_eq!(info.redempt_days, Some(2));
}

#[tokio::test]
async fn purchase_and_redeem_answer_empty_data() {
    let server = MockServer::start().await;
    signed("POST", &format!("{BASE}/purchase"))
        .and(body_string(r#"{"amt":"100"}"#))
        .respond_with(ok("[]"))
        .expect(1)
        .mount(&server)
        .await;
    signed("POST", &format!("{BASE}/redeem"))
        .and(body_string(r#"{"amt":"10"}"#))
        .respond_with(ok("[]"))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    assert!(c.send(&Purchase::new(SOL, amt("100"))).await.unwrap().is_empty());
    assert!(c.send(&Redeem::new(SOL, amt("10"))).await.unwrap().is_empty());
}

#[tokio::test]
async fn undocumented_cancel_redeem_is_reachable_and_its_404_is_an_unknown_outcome() {
    let server = MockServer::start().await;
    signed("POST", &format!("{BASE}/cancel-redeem"))
        .and(body_string(r#"{"ordId":"77"}"#))
        .respond_with(wiremock::ResponseTemplate::new(404).set_body_string("Not Found"))
        .expect(1)
        .mount(&server)
        .await;
    signed("GET", &format!("{BASE}/purchase-redeem-history")).respond_with(ok("[]")).mount(&server).await;
    let err = client(&server).send(&CancelRedeem::new(SOL, "77")).await.unwrap_err();
    // A write answered without an OKX envelope is never assumed not to have happened.
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown, "{err:?}");
    let intent = err.reconcile_intent().unwrap();
    // The typed client speaks OKX's ids; the adapter still understands the intent.
    assert_eq!(intent.order_id.as_ref().unwrap().as_str(), "77");
    assert_eq!(intent.operation, Operation::CancelRedemption);
    assert_eq!(intent.endpoint, format!("{BASE}/cancel-redeem"));
    assert_eq!(intent.asset.as_ref().unwrap().as_str(), "OKSOL");
    let answer = venue(&server, std::time::Duration::from_secs(3600)).reconcile(intent).await.unwrap();
    assert!(matches!(answer, Reconciliation::StillUnknown { .. }), "{answer:?}");
}

#[tokio::test]
async fn balance_has_no_ts() {
    let server = MockServer::start().await;
    signed("GET", &format!("{BASE}/balance"))
        .respond_with(ok(r#"[{"amt":"0.01100012","ccy":"OKSOL","latestInterestAccrual":"0.00000012","totalInterestAccrual":"0.00000012"}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let b = client(&server).send(&GetBalance::new(SOL)).await.unwrap();
    assert_eq!(b[0].ccy, "OKSOL");
    assert_eq!(b[0].amt, Some(amt("0.01100012")));
    assert_eq!(b[0].ts, None);
}

#[tokio::test]
async fn history_rows_have_no_ord_id() {
    let server = MockServer::start().await;
    signed("GET", &format!("{BASE}/purchase-redeem-history"))
        .and(ExactQuery("type=purchase&limit=10"))
        .respond_with(ok(r#"[{"amt":"0.62666630","completedTime":"1683413171000","estCompletedTime":"","redeemingAmt":"","requestTime":"1683413171000","status":"success","type":"purchase"}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let q = GetPurchaseRedeemHistory::new(SOL).r#type(HistoryType::Purchase).limit(10);
    let rows = client(&server).send(&q).await.unwrap();
    assert_eq!(rows[0].ord_id, "");
    assert_eq!(rows[0].request_time, Some(UnixMillis(1_683_413_171_000)));
    assert_eq!(rows[0].amt, Some(amt("0.6266663")), "decimal-equal");
}

#[tokio::test]
async fn apy_history_is_public() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{BASE}/apy-history")))
        .and(ExactQuery("days=365"))
        .and(Unsigned)
        .respond_with(ok(r#"[{"rate":"0.11280000","ts":"1734192000000"},{"rate":"0.11270000","ts":"1734105600000"}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let pts = client(&server).send(&GetApyHistory::new(SOL, 365)).await.unwrap();
    assert_eq!(pts[0].rate.unwrap().to_string(), "0.11280000");
}
