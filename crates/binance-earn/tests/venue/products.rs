//! Products with honest terms, and positions.

use std::time::Duration;

use earn_core::{Amount, EarnVenue, ProductFilter, ProductKind, ProductStatus, Rate, RedemptionDelay};
use wiremock::MockServer;

use crate::common::{received, received_at, venue};
use crate::fixtures::*;

fn a(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

fn r(s: &str) -> Option<Rate> {
    Some(Rate::parse_fraction(s).unwrap())
}

#[tokio::test]
async fn every_family_with_its_terms_apr_and_apy_apart() {
    let server = MockServer::start().await;
    product_reads(&server).await;
    let products = venue(&server).products(&ProductFilter::all()).await.unwrap();
    let ids: Vec<&str> = products.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        ["flexible:USDT:USDT001", "flexible:USDT:USDT002", "locked:AXS:Axs*90", "eth-staking", "sol-staking"]
    );

    let flex = &products[0];
    assert_eq!(flex.kind, ProductKind::Flexible);
    assert_eq!((flex.apr, flex.apy), (r("0.05"), None), "the tier and airdrop rates are not folded into the APR");
    assert_eq!((flex.rules.min, flex.rules.precision), (Some(a("0.01")), Some(8)));
    assert_eq!(flex.status, ProductStatus::Available);
    assert!(flex.redemption_allowed);
    assert_eq!(flex.draws_from.as_ref().map(|a| a.as_str()), Some("SPOT"));
    assert_eq!(flex.pays_to.as_ref().map(|a| a.as_str()), Some("SPOT"));
    assert_eq!(products[1].status, ProductStatus::SoldOut);

    let locked = &products[2];
    assert_eq!(locked.kind, ProductKind::Locked { term: Duration::from_secs(90 * 86_400) });
    assert_eq!((locked.apr, locked.apy), (r("1.2069"), None));
    assert_eq!(locked.quota.per_user_max, Some(a("2")));
    assert_eq!(locked.rules.min, Some(a("0.001")));
    assert!(!locked.redemption_allowed, "a locked product is not redeemable before maturity");

    let eth = &products[3];
    assert_eq!(eth.kind, ProductKind::OnChain);
    assert_eq!((eth.apr, eth.apy), (r("0.031"), None), "the newest rate-history point");
    assert_eq!(eth.rules.precision, Some(4));
    assert_eq!(eth.quota.user_remaining, Some(a("1000")));
    assert_eq!(eth.redemption_delay, Some(RedemptionDelay::fixed(Duration::from_secs(86_400))));
    assert_eq!((eth.draws_from.clone(), eth.pays_to.clone()), (None, None), "the reference does not say");

    let sol = &products[4];
    assert_eq!(sol.apr, r("0.07"));
    assert_eq!(sol.status, ProductStatus::Available);
}

#[tokio::test]
async fn an_asset_filter_reaches_binance_and_skips_other_staking() {
    let server = MockServer::start().await;
    product_reads(&server).await;
    let products = venue(&server).products(&ProductFilter::asset("ETH")).await.unwrap();
    assert!(products.iter().any(|p| p.id.as_str() == "eth-staking"));
    assert!(!products.iter().any(|p| p.id.as_str() == "sol-staking"));
    let list = received_at(&server, &format!("{SE}/flexible/list")).await;
    assert!(list[0].url.query().unwrap().starts_with("asset=ETH&current=1&size=100&"));
    assert!(received_at(&server, "/sapi/v1/sol-staking/sol/quota").await.is_empty());
}

#[tokio::test]
async fn a_funding_source_shows_where_stakes_draw_from() {
    let server = MockServer::start().await;
    product_reads(&server).await;
    let v = venue(&server).source_account(binance_earn::api::simple_earn::SourceAccount::Fund);
    let products = v.products(&ProductFilter::asset("USDT")).await.unwrap();
    assert_eq!(products[0].draws_from.as_ref().map(|a| a.as_str()), Some("FUNDING"));
}

#[tokio::test]
async fn a_bad_filter_is_refused_before_any_request() {
    let server = MockServer::start().await;
    let err = venue(&server).products(&ProductFilter::asset("US DT")).await.unwrap_err();
    assert_eq!(err.kind(), earn_core::ErrorKind::InvalidInput);
    assert!(received(&server).await.is_empty());
}

/// Positions from the live (drifted) forms, with what is on its way back.
#[tokio::test]
async fn positions_with_redemptions_in_flight() {
    let server = MockServer::start().await;
    empty_reads(&server).await;
    get(&server, &format!("{SE}/flexible/position"), r#"{"rows":[{"totalAmount":"75.46","asset":"USDT","canRedeem":true,"collateralAmount":"0","productId":"USDT001"}],"total":1}"#).await;
    get(&server, &format!("{SE}/flexible/history/redemptionRecord"), r#"{"rows":[
        {"amount":"10","asset":"USDT","time":1,"projectId":"USDT001","redeemId":1,"destAccount":"SPOT","status":"CREATED"},
        {"amount":"5","asset":"USDT","time":1,"projectId":"USDT001","redeemId":2,"destAccount":"SPOT","status":"PAID"},
        {"amount":"3","asset":"BTC","time":1,"projectId":"BTC001","redeemId":3,"destAccount":"SPOT","status":"CREATED"}],"total":3}"#).await;
    get(&server, &format!("{SE}/locked/position"), r#"{"rows":[{"positionId":347608223,"productId":"Axs*90","asset":"AXS","amount":"1","duration":120,"apy":"0.05","redeemingAmt":"0.4","canRedeemEarly":true,"status":"HOLDING"}],"total":"1"}"#).await;
    get(
        &server,
        "/sapi/v2/eth-staking/account",
        r#"{"holdingInETH":"1.2","holdings":{"wbethAmount":"1.1","bethAmount":"0"}}"#,
    )
    .await;
    get(&server, "/sapi/v1/eth-staking/eth/history/redemptionHistory", r#"{"rows":[{"time":1,"arrivalTime":2,"asset":"WBETH","amount":"0.2","distributeAsset":"ETH","distributeAmount":"0.21","conversionRatio":"1.05","status":"PENDING"}],"total":1}"#).await;
    get(&server, "/sapi/v1/sol-staking/account", r#"{"bnsolAmount":"0","holdingInSOL":"0"}"#).await;
    let positions = venue(&server).positions().await.unwrap();
    let find = |id: &str, asset: &str| {
        positions.iter().find(|p| p.product.as_str() == id && p.asset.as_str() == asset).unwrap()
    };

    let flex = find("flexible:USDT:USDT001", "USDT");
    assert_eq!((flex.amount.to_amount(), flex.pending_redemption), (Some(a("75.46")), Some(a("10"))));
    let gone = find("flexible:BTC:BTC001", "BTC");
    assert_eq!((gone.amount.to_amount(), gone.pending_redemption), (Some(Amount::ZERO), Some(a("3"))));
    let locked = find("locked:AXS:Axs*90", "AXS");
    assert_eq!((locked.amount.to_amount(), locked.pending_redemption), (Some(a("0.6")), Some(a("0.4"))));
    assert_eq!(locked.position_id.as_deref(), Some("347608223"));
    let wbeth = find("eth-staking", "WBETH");
    assert_eq!((wbeth.amount.to_amount(), wbeth.pending_redemption), (Some(a("1.1")), Some(a("0.2"))));
    assert!(!positions.iter().any(|p| p.asset.as_str() == "BETH" || p.asset.as_str() == "BNSOL"));
}
