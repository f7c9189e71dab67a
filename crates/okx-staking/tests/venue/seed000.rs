//! Seed 000 end to end: OKX redeems only the BETH that sits in the **funding** account
//! ("If your BETH is in your trading account, you can make funding transfer first"). The
//! estimate reads the funding account, says "not allowed" with the reason and the
//! shortfall, `redeem` never sends what that rule refuses, and the only way forward is the
//! caller's explicit transfer.

use std::sync::Arc;
use std::time::Duration;

use earn_core::*;
use wiremock::MockServer;

use super::ledger::FakeOkx;
use crate::common::*;

const REDEEM: &str = "/api/v5/finance/staking-defi/eth/redeem";
const TRANSFER: &str = "/api/v5/asset/transfer";

/// Issue 11, seed 000: the estimate counted trading-account BETH and said "allowed" for a
/// redeem OKX refuses; nothing stopped the redeem from being sent.
#[tokio::test]
async fn beth_in_trading_is_not_redeemable_until_the_caller_transfers_it() {
    let server = MockServer::start().await;
    let okx = FakeOkx::default();
    okx.set("trading", "BETH", "1.5");
    okx.mount(&server).await;
    let v: Arc<dyn EarnVenue> = Arc::new(venue(&server, Duration::from_secs(3600)));
    let req = RedeemRequest::new("eth", amt("1"));

    let est = v.redemption_estimate(&req).await.unwrap();
    assert!(!est.allowed, "{est:?}");
    let reason = est.reason.as_deref().unwrap();
    assert!(reason.contains("funding account"), "{reason}");
    assert!(reason.contains("transfer 1 BETH from `trading` to `funding`"), "{reason}");
    assert_eq!(est.shortfall, Some(amt("1")));
    assert_eq!(est.receive[0].asset.as_str(), "ETH");

    let err = v.redeem(&req).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InsufficientBalance, "{err:?}");
    let ve = err.venue_error().unwrap();
    assert_eq!(ve.code, "51736");
    assert!(ve.message.starts_with("not sent:"), "{}", ve.message);
    assert!(!err.maybe_happened());
    assert_eq!(posts(&server, REDEEM).await, 0, "no redeem request reached OKX");
    assert_eq!(posts(&server, TRANSFER).await, 0, "and nothing was transferred behind the caller's back");

    // The explicit way forward: the caller transfers first.
    let idle = v.balances().await.unwrap();
    assert!(
        idle.iter().any(|b| b.account.as_str() == "trading" && b.asset.as_str() == "BETH" && b.available == amt("1.5"))
    );
    let moved = v.transfer(&TransferRequest::new("BETH", amt("1"), "trading", "funding")).await.unwrap();
    assert_eq!(moved.status, OrderStatus::Succeeded);

    let est = v.redemption_estimate(&req).await.unwrap();
    assert!(est.allowed, "{est:?}");
    assert_eq!((est.reason, est.shortfall), (None, None));
    let placed = v.redeem(&req).await.unwrap();
    let order = placed.order().unwrap();
    assert_eq!((order.side, order.asset.as_str(), order.amount), (OrderSide::Redeem, "BETH", amt("1")));
    assert_eq!(posts(&server, REDEEM).await, 1);
    assert_eq!((okx.get("funding", "BETH"), okx.get("trading", "BETH")), (0.into(), "0.5".parse().unwrap()));
    assert_all_signed(&server).await;
}

#[tokio::test]
async fn the_shortfall_counts_what_funding_already_holds_and_says_when_trading_cannot_cover_it() {
    let server = MockServer::start().await;
    let okx = FakeOkx::default();
    okx.set("funding", "BETH", "0.4");
    okx.set("trading", "BETH", "0.1");
    okx.mount(&server).await;
    let v = venue(&server, Duration::from_secs(3600));
    let req = RedeemRequest::new("eth", amt("1"));
    let est = v.redemption_estimate(&req).await.unwrap();
    assert!(!est.allowed);
    assert_eq!(est.shortfall, Some(amt("0.6")));
    let reason = est.reason.unwrap();
    assert!(reason.contains("0.4 BETH there") && reason.contains("0.6 BETH are missing"), "{reason}");
    assert_eq!(v.redeem(&req).await.unwrap_err().kind(), ErrorKind::InsufficientBalance);
    // What funding holds is redeemable.
    assert!(v.redemption_estimate(&RedeemRequest::new("eth", amt("0.4"))).await.unwrap().allowed);
    assert_eq!(posts(&server, REDEEM).await, 0);
}

#[tokio::test]
async fn sol_follows_the_same_funding_rule() {
    let server = MockServer::start().await;
    signed("GET", "/api/v5/finance/staking-defi/sol/product-info")
        .respond_with(ok(r#"{"fastRedemptionAvail":"240","redemptDays":"2","minAmt":"0.01"}"#))
        .mount(&server)
        .await;
    signed("GET", "/api/v5/finance/staking-defi/sol/balance")
        .respond_with(ok(r#"[{"amt":"3","ccy":"OKSOL"}]"#))
        .mount(&server)
        .await;
    signed("GET", "/api/v5/finance/staking-defi/sol/purchase-redeem-history")
        .respond_with(ok("[]"))
        .mount(&server)
        .await;
    mount_funding(&server, "OKSOL", None).await;
    mount_max_withdrawal(&server, "OKSOL", "3").await;
    let v = venue(&server, Duration::from_secs(3600));
    let req = RedeemRequest::new("sol", amt("2"));
    let est = v.redemption_estimate(&req).await.unwrap();
    assert_eq!((est.allowed, est.shortfall), (false, Some(amt("2"))));
    assert_eq!(v.redeem(&req).await.unwrap_err().kind(), ErrorKind::InsufficientBalance);
    assert_eq!(posts(&server, "/api/v5/finance/staking-defi/sol/redeem").await, 0);
}
