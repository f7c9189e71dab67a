//! Stake, redeem and estimates: the local checks, what is sent, what is refused.

use earn_core::{Amount, EarnVenue, ErrorKind, OrderSide, OrderStatus, RedeemRequest, StakeRequest, WriteOutcome};
use wiremock::MockServer;

use crate::common::{params, received, received_at, venue};
use crate::fixtures::*;

fn a(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

const SUBSCRIBE: &str = "/sapi/v1/simple-earn/flexible/subscribe";
const REDEEM: &str = "/sapi/v1/simple-earn/flexible/redeem";
const LOCKED_REDEEM: &str = "/sapi/v1/simple-earn/locked/redeem";

async fn posts(server: &MockServer) -> usize {
    received(server).await.iter().filter(|r| r.method.as_str() == "POST").count()
}

async fn flexible_venue(server: &MockServer) {
    get(server, &format!("{SE}/flexible/list"), FLEX_LIST).await;
    get(server, &format!("{SE}/flexible/personalLeftQuota"), r#"{"leftPersonalQuota":"1000"}"#).await;
    post(server, SUBSCRIBE, r#"{"purchaseId":40607,"success":true}"#).await;
}

#[tokio::test]
async fn a_flexible_stake_is_checked_then_sent_without_auto_subscribe() {
    let server = MockServer::start().await;
    flexible_venue(&server).await;
    let out = venue(&server).stake(&StakeRequest::new("flexible:USDT:USDT001", a("100.5"))).await.unwrap();
    let WriteOutcome::Placed(order) = out else { panic!("custodial") };
    assert_eq!(order.id.as_str(), "flexible:stake:40607");
    assert_eq!((order.side, order.status, order.amount), (OrderSide::Stake, OrderStatus::Pending, a("100.5")));
    assert_eq!(order.product.as_str(), "flexible:USDT:USDT001");
    let sent = &received_at(&server, SUBSCRIBE).await[0];
    assert_eq!(params(sent), "productId=USDT001&amount=100.5&autoSubscribe=false&sourceAccount=SPOT");
}

#[tokio::test]
async fn stakes_breaking_a_rule_never_reach_binance() {
    let server = MockServer::start().await;
    flexible_venue(&server).await;
    get(&server, "/sapi/v1/eth-staking/eth/quota", ETH_QUOTA).await;
    let v = venue(&server);
    // Amount and id rules: refused before any request at all.
    for (product, amount) in [
        ("flexible:USDT:USDT001", Amount::ZERO),
        ("flexible:USDT:USDT001", a("1.000000001")),
        ("eth-staking", a("0.00001")),
        ("flexible:USDT:a&b", a("1")),
        ("savings:USDT", a("1")),
    ] {
        let err = v.stake(&StakeRequest::new(product, amount)).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{product} {amount}: {err}");
    }
    assert!(received(&server).await.is_empty(), "refused before any read");
    // Rules read from Binance: refused before any write.
    for (product, amount, kind) in [
        ("flexible:USDT:USDT001", a("0.001"), ErrorKind::InvalidInput),
        ("flexible:USDT:USDT001", a("1000.01"), ErrorKind::InvalidInput),
        ("flexible:USDT:USDT002", a("5"), ErrorKind::ProductUnavailable),
        ("flexible:USDT:USDT999", a("5"), ErrorKind::InvalidInput),
        ("eth-staking", a("1000.1"), ErrorKind::InvalidInput),
    ] {
        let err = v.stake(&StakeRequest::new(product, amount)).await.unwrap_err();
        assert_eq!(err.kind(), kind, "{product} {amount}: {err}");
    }
    assert_eq!(posts(&server).await, 0, "no write was sent");
}

#[tokio::test]
async fn a_locked_stake_sends_both_defaults_and_the_encoded_project() {
    let server = MockServer::start().await;
    get(&server, &format!("{SE}/locked/list"), LOCKED_LIST).await;
    get(&server, &format!("{SE}/locked/personalLeftQuota"), r#"{"leftPersonalQuota":"2"}"#).await;
    post(&server, &format!("{SE}/locked/subscribe"), r#"{"purchaseId":9,"positionId":347608223,"success":true}"#).await;
    let out = venue(&server).stake(&StakeRequest::new("locked:AXS:Axs*90", a("1.5"))).await.unwrap();
    assert_eq!(out.order().unwrap().id.as_str(), "locked:stake:9");
    let sent = &received_at(&server, &format!("{SE}/locked/subscribe")).await[0];
    assert_eq!(params(sent), "projectId=Axs%2A90&amount=1.5&autoSubscribe=false&sourceAccount=SPOT&redeemTo=SPOT");
    let quota = &received_at(&server, &format!("{SE}/locked/personalLeftQuota")).await[0];
    assert_eq!(params(quota), "projectId=Axs%2A90");
}

#[tokio::test]
async fn eth_and_sol_stakes() {
    let server = MockServer::start().await;
    get(&server, "/sapi/v1/eth-staking/eth/quota", ETH_QUOTA).await;
    get(&server, "/sapi/v1/sol-staking/sol/quota", &SOL_QUOTA.replace(r#""soldOut":false"#, r#""soldOut":true"#)).await;
    post(
        &server,
        "/sapi/v2/eth-staking/eth/stake",
        r#"{"success":true,"wbethAmount":"0.23","conversionRatio":"1.05"}"#,
    )
    .await;
    let v = venue(&server);
    let order = v.stake(&StakeRequest::new("eth-staking", a("0.5"))).await.unwrap().into_order().unwrap();
    assert!(order.id.as_str().starts_with("eth:stake:t"), "no purchaseId: an id from the send time, {}", order.id);
    assert_eq!(order.asset.as_str(), "ETH");
    let err = v.stake(&StakeRequest::new("sol-staking", a("1"))).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ProductUnavailable);
    assert!(received_at(&server, "/sapi/v1/sol-staking/sol/stake").await.is_empty());
}

async fn flexible_position(server: &MockServer) {
    get(server, &format!("{SE}/flexible/position"), r#"{"rows":[{"totalAmount":"75.46","asset":"USDT","canRedeem":true,"collateralAmount":"20","productId":"USDT001"}],"total":1}"#).await;
    post(server, REDEEM, r#"{"redeemId":555,"success":true}"#).await;
}

/// Redeem to the account of the caller's choice.
#[tokio::test]
async fn a_flexible_redemption_pays_where_asked() {
    let server = MockServer::start().await;
    flexible_position(&server).await;
    let v = venue(&server);
    let req = RedeemRequest::new("flexible:USDT:USDT001", a("50")).to_account("FUNDING");
    let est = v.redemption_estimate(&req).await.unwrap();
    assert!(est.allowed);
    assert_eq!(est.receive[0].amount.to_amount(), Some(a("50")));
    let order = v.redeem(&req).await.unwrap().into_order().unwrap();
    assert_eq!(order.id.as_str(), "flexible:redeem:555");
    assert_eq!(params(&received_at(&server, REDEEM).await[0]), "productId=USDT001&amount=50&destAccount=FUND");
    v.redeem(&RedeemRequest::new("flexible:USDT:USDT001", a("1"))).await.unwrap().into_order().unwrap();
    assert_eq!(params(&received_at(&server, REDEEM).await[1]), "productId=USDT001&amount=1&destAccount=SPOT");
}

/// Collateral is not redeemable: the estimate says so, with the shortfall, and the
/// redemption is never sent.
#[tokio::test]
async fn collateral_is_a_shortfall_and_the_redeem_is_not_sent() {
    let server = MockServer::start().await;
    flexible_position(&server).await;
    let v = venue(&server);
    let req = RedeemRequest::new("flexible:USDT:USDT001", a("60"));
    let est = v.redemption_estimate(&req).await.unwrap();
    assert!(!est.allowed);
    assert_eq!(est.shortfall, Some(a("4.54")));
    assert!(est.reason.as_deref().unwrap().contains("collateral"), "{est:?}");
    let err = v.redeem(&req).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let err = v.redeem(&RedeemRequest::new("flexible:USDT:USDT001", a("1")).to_account("EARN")).await.unwrap_err();
    assert!(err.to_string().contains("to_account"), "{err}");
    assert_eq!(posts(&server).await, 0);
}

fn locked_position(can_redeem_early: bool) -> String {
    format!(
        r#"{{"rows":[{{"positionId":347608223,"projectId":"Axs*90","asset":"AXS","amount":"1.5","duration":90,"apy":"0.05","redeemAmountEarly":"1.49","deliverDate":1900000000000,"canRedeemEarly":{can_redeem_early},"status":"HOLDING"}}],"total":1}}"#
    )
}

/// A locked position is redeemable early only where Binance says `canRedeemEarly`, and
/// only whole.
#[tokio::test]
async fn locked_early_redemption_follows_binance_s_rule() {
    let server = MockServer::start().await;
    let v = venue(&server);
    let req = RedeemRequest::new("locked:AXS:Axs*90", a("1.5"));
    {
        let _locked = get_scoped(&server, &format!("{SE}/locked/position"), &locked_position(false)).await;
        let est = v.redemption_estimate(&req).await.unwrap();
        assert!(!est.allowed);
        assert!(est.reason.as_deref().unwrap().contains("locked until"), "{est:?}");
        assert_eq!(v.redeem(&req).await.unwrap_err().kind(), ErrorKind::InvalidInput);
    }
    get(&server, &format!("{SE}/locked/position"), &locked_position(true)).await;
    post(&server, LOCKED_REDEEM, r#"{"redeemId":40607,"success":true}"#).await;
    let part = v.redemption_estimate(&RedeemRequest::new("locked:AXS:Axs*90", a("1"))).await.unwrap();
    assert!(!part.allowed && part.reason.as_deref().unwrap().contains("whole"), "{part:?}");
    let est = v.redemption_estimate(&req).await.unwrap();
    assert!(est.allowed);
    assert_eq!(est.receive[0].amount.to_amount(), Some(a("1.49")), "what an early redemption pays");
    let err = v.redeem(&req.clone().to_account("FUNDING")).await.unwrap_err();
    assert!(err.to_string().contains("to_account"), "{err}");
    assert_eq!(posts(&server).await, 0);
    let order = v.redeem(&req).await.unwrap().into_order().unwrap();
    assert_eq!(order.id.as_str(), "locked:redeem:40607");
    assert_eq!(params(&received_at(&server, LOCKED_REDEEM).await[0]), "positionId=347608223");
    let q = &received_at(&server, &format!("{SE}/locked/position")).await[0];
    assert_eq!(params(q), "projectId=Axs%2A90&current=1&size=100");
}

#[tokio::test]
async fn an_eth_estimate_converts_at_the_latest_rate() {
    let server = MockServer::start().await;
    get(&server, "/sapi/v1/eth-staking/eth/quota", ETH_QUOTA).await;
    get(&server, "/sapi/v2/eth-staking/account", r#"{"holdings":{"wbethAmount":"2","bethAmount":"0.5"}}"#).await;
    get(&server, "/sapi/v1/eth-staking/eth/history/rateHistory", &eth_rates()).await;
    post(
        &server,
        "/sapi/v1/eth-staking/eth/redeem",
        r#"{"success":true,"ethAmount":"1.06","conversionRatio":"1.06","arrivalTime":1,"redeemId":12}"#,
    )
    .await;
    let v = venue(&server);
    let est = v.redemption_estimate(&RedeemRequest::new("eth-staking", a("1.123456789"))).await.unwrap_err();
    assert_eq!(est.kind(), ErrorKind::InvalidInput, "9 decimals");
    let est = v.redemption_estimate(&RedeemRequest::new("eth-staking", a("1.00000001"))).await.unwrap();
    assert!(est.allowed);
    assert_eq!(est.receive[0].asset.as_str(), "ETH");
    assert_eq!(est.receive[0].amount.to_amount(), Some(a("1.06000001")), "1.00000001 × 1.06, rounded down");
    let beth = v.redemption_estimate(&RedeemRequest::new("eth-staking", a("1")).position_id("BETH")).await.unwrap();
    assert_eq!((beth.allowed, beth.shortfall), (false, Some(a("0.5"))));
    let order = v.redeem(&RedeemRequest::new("eth-staking", a("1"))).await.unwrap().into_order().unwrap();
    // No history row to name it by (none is served here): Binance's id, the send time and
    // the amount, which `order()` finds once the row shows.
    let id = order.id.as_str();
    assert!(id.starts_with("eth:redeem:12@t") && id.ends_with("-1"), "{id}");
    assert_eq!(order.asset.as_str(), "WBETH");
    assert_eq!(params(&received_at(&server, "/sapi/v1/eth-staking/eth/redeem").await[0]), "amount=1&asset=WBETH");
    let err = v.redeem(&RedeemRequest::new("eth-staking", a("1")).to_account("SPOT")).await.unwrap_err();
    assert!(err.to_string().contains("to_account"), "{err}");
}
