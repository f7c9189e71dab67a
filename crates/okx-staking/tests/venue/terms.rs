//! Honest product terms (issue 11): a fixed-term on-chain order is `Locked { term }` and is
//! never redeemed before maturity; APR and APY stay apart.

use std::time::Duration;

use earn_core::*;
use wiremock::MockServer;
use wiremock::matchers::query_param;

use crate::common::*;

const DAY_MS: i64 = 86_400_000;

fn locked_order(ord_id: &str, purchased: i64) -> String {
    format!(
        r#"{{"ordId":"{ord_id}","ccy":"USDT","productId":"202","state":"1","term":"30","apy":"0.05","investData":[{{"ccy":"USDT","amt":"100"}}],"earningData":[],"purchasedTime":"{purchased}","tag":"","fastRedemptionData":[]}}"#
    )
}

/// Issue 11: a locked on-chain order was redeemable through the adapter before maturity (only
/// the estimate knew); the redeem was sent and OKX had to refuse it (`51729`).
#[tokio::test]
async fn a_locked_order_is_not_redeemed_before_maturity() {
    let server = MockServer::start().await;
    let young = now_ms() - 29 * DAY_MS;
    let matured = now_ms() - 31 * DAY_MS;
    signed("GET", &format!("{EARN}/orders-active"))
        .and(query_param("productId", "202"))
        .respond_with(ok(&format!("[{},{}]", locked_order("7", young), locked_order("8", matured))))
        .mount(&server)
        .await;
    signed("POST", &format!("{EARN}/redeem"))
        .respond_with(ok(r#"[{"ordId":"8","tag":""}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let v = venue(&server, Duration::from_secs(3600));
    let early = RedeemRequest::new("onchain:202", amt("100")).position_id("7");
    let err = v.redeem(&early).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Rejected, "{err:?}");
    let ve = err.venue_error().unwrap();
    assert_eq!(ve.code, "51729");
    assert!(ve.message.contains("locked for 30 days until") && ve.message.starts_with("not sent:"), "{}", ve.message);
    assert!(!err.maybe_happened());
    assert_eq!(posts(&server, &format!("{EARN}/redeem")).await, 0, "nothing was sent");
    // The matured order is redeemed.
    let due = v.redeem(&RedeemRequest::new("onchain:202", amt("100")).position_id("8")).await.unwrap();
    assert_eq!(due.order().unwrap().id.as_str(), "onchain:8");
    assert_eq!(posts(&server, &format!("{EARN}/redeem")).await, 1);
}

#[tokio::test]
async fn the_estimate_says_why_a_locked_order_is_not_redeemable() {
    let server = MockServer::start().await;
    let young = now_ms() - DAY_MS;
    signed("GET", &format!("{EARN}/orders-active"))
        .respond_with(ok(&format!("[{}]", locked_order("7", young))))
        .mount(&server)
        .await;
    signed("GET", &format!("{EARN}/offers")).respond_with(ok("[]")).mount(&server).await;
    let v = venue(&server, Duration::from_secs(3600));
    let est = v.redemption_estimate(&RedeemRequest::new("onchain:202", amt("100")).position_id("7")).await.unwrap();
    assert!(!est.allowed);
    assert!(est.reason.unwrap().contains("locked for 30 days"));
    assert_eq!(est.shortfall, None, "no amount elsewhere would help");
}
