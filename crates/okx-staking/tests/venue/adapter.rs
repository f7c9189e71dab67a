//! The EarnVenue adapter: products, positions, lookups, cancels and local rule checks.

use std::sync::Arc;
use std::time::Duration;

use earn_core::*;
use wiremock::MockServer;
use wiremock::matchers::{body_string, query_param};

use crate::common::*;

fn a(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

const OFFERS: &str = r#"[
 {"ccy":"DOT","productId":"101","protocol":"Polkadot","protocolType":"defi","term":"0","apy":"0.1767","earlyRedeem":false,"state":"purchasable","investData":[{"bal":"10","ccy":"DOT","maxAmt":"0","minAmt":"2"}],"earningData":[],"fastRedemptionDailyLimit":"","redeemPeriod":["1H","24H"]},
 {"ccy":"USDT","productId":"202","protocol":"Compound","protocolType":"defi","term":"30","apy":"0.05","earlyRedeem":true,"state":"Stop","investData":[{"bal":"10","ccy":"USDT","maxAmt":"500","minAmt":"10"}],"earningData":[],"fastRedemptionDailyLimit":"","redeemPeriod":["14D","14D"]}]"#;

const ACTIVE: &str = r#"[
 {"ordId":"2413499","ccy":"DOT","productId":"101","state":"1","investData":[{"ccy":"DOT","amt":"2"}],"earningData":[{"ccy":"DOT","earningType":"0","earnings":"0.1"}],"purchasedTime":"1729839328000","tag":"myTag1","fastRedemptionData":[]},
 {"ordId":"2413500","ccy":"DOT","productId":"101","state":"2","investData":[{"ccy":"DOT","amt":"5"}],"earningData":[],"purchasedTime":"1729839329000","tag":"","estSettlementTime":"1729939329000","fastRedemptionData":[]}]"#;

async fn mount_products(server: &MockServer) {
    signed("GET", &format!("{ETH}/product-info"))
        .respond_with(ok(r#"[{"fastRedemptionDailyLimit":"100","rate":"2.23","redemptDays":"8","minAmt":"0.001"}]"#))
        .mount(server)
        .await;
    // SOL product-info without `rate`: the APR comes from the public apy-history.
    signed("GET", &format!("{SOL}/product-info"))
        .respond_with(ok(r#"{"fastRedemptionAvail":"240","redemptDays":"2","minAmt":"0.01"}"#))
        .mount(server)
        .await;
    wiremock::Mock::given(wiremock::matchers::path(format!("{SOL}/apy-history")))
        .and(query_param("days", "1"))
        .and(Unsigned)
        .respond_with(ok(r#"[{"rate":"0.11280000","ts":"1734192000000"}]"#))
        .mount(server)
        .await;
    signed("GET", &format!("{EARN}/offers")).respond_with(ok(OFFERS)).mount(server).await;
    // Simple Earn: public lending rates; without `ccy` every currency of the latest hour.
    wiremock::Mock::given(wiremock::matchers::path(SAVINGS_RATES))
        .and(ExactQuery(""))
        .and(Unsigned)
        .respond_with(ok(r#"[{"ccy":"USDT","amt":"","rate":"0.08","lendingRate":"0.0612","ts":"1734192000000"},{"ccy":"USDC","rate":"0.05","ts":"1734192000000"}]"#))
        .mount(server)
        .await;
    wiremock::Mock::given(wiremock::matchers::path(SAVINGS_RATES))
        .and(ExactQuery("ccy=SOL&limit=1"))
        .and(Unsigned)
        .respond_with(ok("[]"))
        .mount(server)
        .await;
}

const SAVINGS_RATES: &str = "/api/v5/finance/savings/lending-rate-history";

#[tokio::test]
async fn identity_and_capabilities() {
    let server = MockServer::start().await;
    let v: Arc<dyn EarnVenue> = Arc::new(venue(&server, LONG));
    assert_eq!(v.venue(), okx_staking::VENUE);
    assert_eq!(v.venue().as_str(), "okx-staking");
    let caps = v.capabilities();
    assert_eq!(caps.custody, Custody::Custodial);
    assert!(caps.client_order_ids);
    for op in [Operation::Stake, Operation::Redeem, Operation::CancelRedemption, Operation::Reconcile] {
        assert!(caps.supports(op));
    }
    assert!(caps.supports(Operation::RedemptionEstimate));
}

#[tokio::test]
async fn products_cover_eth_sol_and_onchain_offers() {
    let server = MockServer::start().await;
    mount_products(&server).await;
    let v = venue(&server, LONG);
    let products = v.products(&ProductFilter::all()).await.unwrap();
    let ids: Vec<&str> = products.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["eth", "sol", "onchain:101", "onchain:202", "savings:USDT", "savings:USDC"]);
    let eth = &products[0];
    assert_eq!(eth.asset.as_str(), "ETH");
    // OKX publishes an APY for staking (product-info `rate`, apy-history), never an APR.
    assert_eq!((eth.apy.unwrap().to_string().as_str(), eth.apr), ("0.0223", None));
    assert_eq!(eth.rules.min, Some(a("0.001")));
    assert_eq!(eth.rules.precision, Some(8));
    assert_eq!(eth.redemption_delay, Some(RedemptionDelay::fixed(Duration::from_secs(8 * 86_400))));
    assert_eq!((products[1].apy.unwrap().to_string().as_str(), products[1].apr), ("0.11280000", None));
    let dot = &products[2];
    assert_eq!((dot.kind, dot.status, dot.redemption_allowed), (ProductKind::OnChain, ProductStatus::Available, true));
    assert_eq!((dot.apy.unwrap().to_string().as_str(), dot.apr), ("0.1767", None));
    assert_eq!(dot.rules.min, Some(a("2")));
    assert_eq!(dot.rules.max, None, "maxAmt 0 is not a maximum");
    assert_eq!(dot.quota.user_remaining, None);
    assert_eq!(dot.redemption_delay.unwrap().max, Duration::from_secs(86_400));
    let usdt = &products[3];
    assert_eq!(usdt.kind, ProductKind::locked_days(30));
    assert_eq!(usdt.kind.lock_up(), Some(Duration::from_secs(30 * 86_400)));
    assert!(!usdt.redemption_allowed, "a 30-day product is not redeemable as a product");
    assert_eq!(usdt.status, ProductStatus::Suspended);
    assert_eq!(usdt.rules.max, Some(a("500")));
    assert_eq!(usdt.quota.user_remaining, Some(a("500")));
    assert_eq!(usdt.name.as_deref(), Some("Compound"));
    let savings = &products[4];
    assert_eq!((savings.asset.as_str(), savings.kind), ("USDT", ProductKind::Flexible));
    assert_eq!(
        (savings.apr.unwrap().to_string().as_str(), savings.apy),
        ("0.0612", None),
        "the lending rate is an APR"
    );
    assert_eq!(products[5].apr, None, "no lendingRate: the ambiguous `rate` is not used");
    for p in &products {
        assert_eq!(p.draws_from.as_ref().map(|a| a.as_str()), Some("funding"), "{}", p.id);
        assert_eq!(p.pays_to.as_ref().map(|a| a.as_str()), Some("funding"), "{}", p.id);
    }
    // Filtering by asset skips the other families.
    let only_sol = v.products(&ProductFilter::asset("sol")).await.unwrap();
    assert_eq!(only_sol.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["sol"]);
}

#[tokio::test]
async fn positions_show_pending_redemptions() {
    let server = MockServer::start().await;
    signed("GET", &format!("{ETH}/balance"))
        .respond_with(ok(r#"[{"amt":"3","ccy":"BETH","ts":"1699257600000"}]"#))
        .mount(&server)
        .await;
    signed("GET", &format!("{SOL}/balance")).respond_with(ok("[]")).mount(&server).await;
    let pending = r#"[{"type":"redeem","amt":"1","redeemingAmt":"0.75","status":"pending","requestTime":"1","ordId":"5"},{"type":"redeem","amt":"0.25","redeemingAmt":"","status":"pending","requestTime":"2","ordId":"6"}]"#;
    signed("GET", &format!("{ETH}/purchase-redeem-history"))
        .and(query_param("type", "redeem"))
        .and(query_param("status", "pending"))
        .respond_with(ok(pending))
        .expect(1)
        .mount(&server)
        .await;
    signed("GET", &format!("{EARN}/orders-active")).respond_with(ok(ACTIVE)).mount(&server).await;
    signed("GET", "/api/v5/finance/savings/balance")
        .and(ExactQuery(""))
        .respond_with(ok(r#"[{"earnings":"0.0010737388791526","redemptAmt":"","rate":"0.01","ccy":"USDT","amt":"11.0010737453457821","loanAmt":"11.0010630707982819","pendingAmt":"0.0000106745475002"},{"ccy":"BTC","amt":"0","earnings":"0"}]"#))
        .mount(&server)
        .await;
    let positions = venue(&server, LONG).positions().await.unwrap();
    assert_eq!(positions.len(), 4, "an empty savings row is no position");
    let savings = &positions[3];
    assert_eq!((savings.product.as_str(), savings.asset.as_str()), ("savings:USDT", "USDT"));
    assert_eq!(savings.amount, Quantity::Decimal(a("11.0010737453457821")));
    assert!(savings.rewards.is_empty(), "earnings already sit inside amt");
    let eth = &positions[0];
    assert_eq!((eth.product.as_str(), eth.asset.as_str()), ("eth", "BETH"));
    // OKX's balance (3) includes what is redeeming (1); the position's amount does not.
    assert_eq!(eth.amount, Quantity::Decimal(a("2")));
    assert_eq!(eth.pending_redemption, Some(a("1")));
    let earning = &positions[1];
    assert_eq!(earning.position_id.as_deref(), Some("2413499"));
    assert_eq!(earning.pending_redemption, None);
    assert_eq!(earning.rewards[0].amount, Quantity::Decimal(a("0.1")));
    assert_eq!(positions[2].pending_redemption, Some(a("5")));
    assert!(positions[2].amount.is_zero(), "a redeeming order no longer earns");
}

#[tokio::test]
async fn stake_rules_and_client_ids_are_checked_before_sending() {
    let server = MockServer::start().await;
    mount_products(&server).await;
    let v = venue(&server, LONG);
    let below = v.stake(&StakeRequest::new("eth", a("0.0001"))).await.unwrap_err();
    assert!(below.to_string().contains("below the minimum 0.001"), "{below}");
    let precise = v.stake(&StakeRequest::new("sol", a("1.000000001"))).await.unwrap_err();
    assert_eq!(precise.kind(), ErrorKind::InvalidInput);
    let with_id = v.stake(&StakeRequest::new("eth", a("1")).client_id("abc")).await.unwrap_err();
    assert!(matches!(&with_id, Error::InvalidInput { field, .. } if field == "client_id"));
    let bad_tag = v.stake(&StakeRequest::new("onchain:101", a("3")).client_id("has space")).await.unwrap_err();
    assert!(matches!(&bad_tag, Error::InvalidInput { field, .. } if field == "client_id"));
    let under = v.stake(&StakeRequest::new("onchain:101", a("1"))).await.unwrap_err();
    assert!(under.to_string().contains("minimum 2"));
    let over = v.stake(&StakeRequest::new("onchain:202", a("501"))).await.unwrap_err();
    assert!(over.to_string().contains("maximum 500"));
    let unknown = v.stake(&StakeRequest::new("btc", a("1"))).await.unwrap_err();
    assert!(matches!(&unknown, Error::InvalidInput { field, .. } if field == "product"));
    let writes = server.received_requests().await.unwrap().into_iter().filter(|r| r.method.as_str() == "POST").count();
    assert_eq!(writes, 0);
}

#[tokio::test]
async fn onchain_redeem_is_by_order_and_for_the_whole_amount() {
    let server = MockServer::start().await;
    signed("GET", &format!("{EARN}/orders-active"))
        .and(query_param("productId", "101"))
        .respond_with(ok(ACTIVE))
        .mount(&server)
        .await;
    signed("POST", &format!("{EARN}/redeem"))
        .and(body_string(r#"{"ordId":"2413499","protocolType":"defi"}"#))
        .respond_with(ok(r#"[{"ordId":"2413499","tag":"myTag1"}]"#))
        .expect(2)
        .mount(&server)
        .await;
    let v = venue(&server, LONG);
    let partial = RedeemRequest::new("onchain:101", a("1")).position_id("2413499");
    assert!(v.redeem(&partial).await.unwrap_err().to_string().contains("holds 2 DOT"));
    let missing = RedeemRequest::new("onchain:101", a("2")).position_id("999");
    assert!(
        matches!(v.redeem(&missing).await.unwrap_err(), Error::InvalidInput { field, .. } if field == "position_id")
    );
    let order = v.redeem(&RedeemRequest::new("onchain:101", a("2")).position_id("onchain:2413499")).await.unwrap();
    let order = order.order().unwrap();
    assert_eq!((order.id.as_str(), order.side, order.amount), ("onchain:2413499", OrderSide::Redeem, a("2")));
    assert_eq!(order.client_id.as_ref().unwrap().as_str(), "myTag1");
    // Exactly one earning order in the product: it is chosen without a position id.
    let auto = v.redeem(&RedeemRequest::new("onchain:101", a("2"))).await.unwrap();
    assert_eq!(auto.order().unwrap().id.as_str(), "onchain:2413499");
}

#[tokio::test]
async fn orders_are_found_by_venue_id_and_by_tag() {
    let server = MockServer::start().await;
    signed("GET", &format!("{EARN}/orders-active")).respond_with(ok(ACTIVE)).mount(&server).await;
    let history = r#"[{"ordId":"1579252","ccy":"DOT","productId":"101","state":"3","investData":[{"ccy":"DOT","amt":"2"}],"purchasedTime":"1712908001000","redeemedTime":"1712914294000","tag":"oldTag"}]"#;
    signed("GET", &format!("{EARN}/orders-history")).respond_with(ok(history)).mount(&server).await;
    signed("GET", &format!("{ETH}/purchase-redeem-history"))
        .respond_with(ok(r#"[{"type":"redeem","amt":"1","redeemingAmt":"1","status":"pending","requestTime":"1700000000000","ordId":"77"}]"#))
        .mount(&server)
        .await;
    let v = venue(&server, LONG);
    let by_tag = v.order(&OrderRef::Client("myTag1".into())).await.unwrap().unwrap();
    assert_eq!((by_tag.id.as_str(), by_tag.status), ("onchain:2413499", OrderStatus::Succeeded));
    let old = v.order(&OrderRef::Client("oldTag".into())).await.unwrap().unwrap();
    assert_eq!(
        (old.side, old.status, old.settles_at),
        (OrderSide::Redeem, OrderStatus::Succeeded, Some(UnixMillis(1_712_914_294_000)))
    );
    let eth = v.order(&OrderRef::Venue("eth:77".into())).await.unwrap().unwrap();
    assert_eq!((eth.asset.as_str(), eth.side, eth.amount), ("BETH", OrderSide::Redeem, a("1")));
    assert_eq!(v.order(&OrderRef::Venue("eth:78".into())).await.unwrap(), None);
    assert_eq!(v.order(&OrderRef::Client("nobody".into())).await.unwrap(), None);
    assert_eq!(v.order(&OrderRef::Venue("garbage".into())).await.unwrap(), None);
}

#[tokio::test]
async fn recent_orders_are_merged_newest_first() {
    let server = MockServer::start().await;
    signed("GET", &format!("{ETH}/purchase-redeem-history"))
        .and(query_param("limit", "3"))
        .respond_with(ok(
            r#"[{"type":"purchase","amt":"1","status":"success","requestTime":"1729839328500","ordId":"9"}]"#,
        ))
        .mount(&server)
        .await;
    signed("GET", &format!("{SOL}/purchase-redeem-history")).respond_with(ok("[]")).mount(&server).await;
    signed("GET", &format!("{EARN}/orders-active")).respond_with(ok(ACTIVE)).mount(&server).await;
    signed("GET", &format!("{EARN}/orders-history"))
        .and(query_param("limit", "3"))
        .respond_with(ok("[]"))
        .mount(&server)
        .await;
    signed("GET", "/api/v5/asset/bills")
        .and(ExactQuery("type=75&limit=3"))
        .respond_with(ok(
            r#"[{"billId":"31","ccy":"USDT","balChg":"-100","bal":"0","type":"75","ts":"1729839329500","notes":""}]"#,
        ))
        .mount(&server)
        .await;
    signed("GET", "/api/v5/asset/bills").and(ExactQuery("type=76&limit=3")).respond_with(ok("[]")).mount(&server).await;
    let mut q = OrderQuery::all();
    q.limit = Some(3);
    let orders = venue(&server, LONG).recent_orders(&q).await.unwrap();
    let ids: Vec<&str> = orders.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["savings:USDT:31", "onchain:2413500", "eth:9"]);
}

#[tokio::test]
async fn cancelling_an_eth_redemption_and_an_onchain_order() {
    let server = MockServer::start().await;
    signed("GET", &format!("{ETH}/purchase-redeem-history"))
        .respond_with(ok(r#"[{"type":"redeem","amt":"1","redeemingAmt":"1","status":"pending","requestTime":"1700000000000","ordId":"77"}]"#))
        .mount(&server)
        .await;
    signed("POST", &format!("{ETH}/cancel-redeem"))
        .and(body_string(r#"{"ordId":"77"}"#))
        .respond_with(ok(r#"[{"ordId":"77"}]"#))
        .expect(1)
        .mount(&server)
        .await;
    signed("GET", &format!("{EARN}/orders-active")).respond_with(ok(ACTIVE)).mount(&server).await;
    signed("POST", &format!("{EARN}/cancel"))
        .and(body_string(r#"{"ordId":"2413500","protocolType":"defi"}"#))
        .respond_with(okx_error(200, "50026", "System error"))
        .expect(1)
        .mount(&server)
        .await;
    let v = venue(&server, LONG);
    let eth = v.cancel_redemption(&OrderRef::Venue("eth:77".into())).await.unwrap();
    assert_eq!((eth.id.as_str(), eth.venue_status.as_str()), ("eth:77", "cancel requested"));
    let err = v.cancel_redemption(&OrderRef::Venue("onchain:2413500".into())).await.unwrap_err();
    let intent = err.reconcile_intent().unwrap();
    assert_eq!(intent.operation, Operation::CancelRedemption);
    assert_eq!(intent.order_id.as_ref().unwrap().as_str(), "onchain:2413500");
    assert_eq!(intent.amount, Some(a("5")));
    let sol = v.cancel_redemption(&OrderRef::Venue("sol:redeem:1:1".into())).await.unwrap_err();
    assert_eq!(sol.kind(), ErrorKind::InvalidInput);
}
