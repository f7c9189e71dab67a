//! `redemption_estimate`: derived from balance, history, product-info, orders and offers;
//! read-only, and checked like a redemption before any request.

use std::time::Duration;

use earn_core::*;
use wiremock::MockServer;
use wiremock::matchers::query_param;

use crate::common::*;

const DAY: Duration = Duration::from_secs(86_400);

fn a(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

fn receive(est: &RedemptionEstimate) -> Vec<(String, Quantity)> {
    est.receive.iter().map(|q| (q.asset.as_str().to_owned(), q.amount)).collect()
}

fn qty(asset: &str, amount: &str) -> (String, Quantity) {
    (asset.to_owned(), Quantity::Decimal(a(amount)))
}

async fn assert_no_writes(server: &MockServer) {
    let posts = server.received_requests().await.unwrap().into_iter().filter(|r| r.method.as_str() == "POST").count();
    assert_eq!(posts, 0, "an estimate must only read");
}

#[tokio::test]
async fn eth_is_beth_one_to_one_allowed_up_to_the_balance_not_being_redeemed() {
    let server = MockServer::start().await;
    signed("GET", &format!("{ETH}/product-info"))
        .respond_with(ok(r#"[{"fastRedemptionDailyLimit":"100","rate":"2.23","redemptDays":"8","minAmt":"0.001"}]"#))
        .mount(&server)
        .await;
    // balance (3.5) includes the 1.25 already being redeemed: 2.25 is free.
    signed("GET", &format!("{ETH}/balance"))
        .respond_with(ok(r#"[{"amt":"3.5","ccy":"BETH","ts":"1699257600000"}]"#))
        .mount(&server)
        .await;
    signed("GET", &format!("{ETH}/purchase-redeem-history"))
        .and(query_param("type", "redeem"))
        .and(query_param("status", "pending"))
        .respond_with(ok(
            r#"[{"type":"redeem","amt":"2","redeemingAmt":"1.25","status":"pending","requestTime":"1","ordId":"5"}]"#,
        ))
        .mount(&server)
        .await;
    // The funding account reports more than is free, so the pending-redemption rule decides.
    mount_funding(&server, "BETH", Some("5")).await;
    let v = venue(&server, LONG);
    let est = v.redemption_estimate(&RedeemRequest::new("eth", a("2.25"))).await.unwrap();
    assert_eq!((est.product.as_str(), est.amount, est.allowed), ("eth", a("2.25"), true));
    assert_eq!(receive(&est), [qty("ETH", "2.25")]);
    assert!(est.fees.is_empty());
    assert_eq!(est.gas_limit, None);
    assert_eq!(est.delay, Some(RedemptionDelay::fixed(DAY * 8)));
    let over = v.redemption_estimate(&RedeemRequest::new("eth", a("2.25000001"))).await.unwrap();
    assert!(!over.allowed, "only 2.25 BETH is not being redeemed yet");
    assert!(over.reason.as_deref().unwrap().contains("being redeemed"), "{over:?}");
    assert_eq!(over.shortfall, None, "the funding account holds enough");
    assert_eq!(receive(&over), [qty("ETH", "2.25000001")]);
    assert_no_writes(&server).await;
    assert_all_signed(&server).await;
}

#[tokio::test]
async fn sol_is_oksol_one_to_one_and_nothing_held_is_not_allowed() {
    let server = MockServer::start().await;
    signed("GET", &format!("{SOL}/product-info"))
        .respond_with(ok(
            r#"{"fastRedemptionAvail":"240","fastRedemptionDailyLimit":"240","redemptDays":"2","minAmt":"0.01"}"#,
        ))
        .mount(&server)
        .await;
    signed("GET", &format!("{SOL}/balance"))
        .respond_with(ok(r#"[{"amt":"0.01100012","ccy":"OKSOL"}]"#))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    signed("GET", &format!("{SOL}/purchase-redeem-history")).respond_with(ok("[]")).mount(&server).await;
    mount_funding(&server, "OKSOL", Some("0.01100012")).await;
    let v = venue(&server, LONG);
    let est = v.redemption_estimate(&RedeemRequest::new("sol", a("0.01100012"))).await.unwrap();
    assert!(est.allowed);
    assert_eq!(receive(&est), [qty("SOL", "0.01100012")]);
    assert_eq!(est.delay, Some(RedemptionDelay::fixed(DAY * 2)));
    // Now nothing is held (`data: []`).
    signed("GET", &format!("{SOL}/balance")).respond_with(ok("[]")).mount(&server).await;
    let none = v.redemption_estimate(&RedeemRequest::new("sol", a("0.01"))).await.unwrap();
    assert!(!none.allowed);
    assert_no_writes(&server).await;
}

const OFFERS: &str = r#"[
 {"ccy":"DOT","productId":"101","protocol":"Polkadot","protocolType":"defi","term":"0","apy":"0.1767","earlyRedeem":false,"state":"purchasable","investData":[{"bal":"10","ccy":"DOT","maxAmt":"0","minAmt":"2"}],"earningData":[],"fastRedemptionDailyLimit":"","redeemPeriod":["1H","24H"]},
 {"ccy":"USDT","productId":"202","protocol":"Compound","protocolType":"defi","term":"30","apy":"0.05","earlyRedeem":true,"state":"purchasable","investData":[{"bal":"10","ccy":"USDT","maxAmt":"500","minAmt":"10"}],"earningData":[],"fastRedemptionDailyLimit":"","redeemPeriod":["14D","14D"]}]"#;

async fn mount_onchain(server: &MockServer, product: &str, orders: String) {
    signed("GET", &format!("{EARN}/orders-active"))
        .and(query_param("productId", product))
        .respond_with(ok(&orders))
        .mount(server)
        .await;
    signed("GET", &format!("{EARN}/offers"))
        .and(query_param("productId", product))
        .respond_with(ok(OFFERS))
        .mount(server)
        .await;
}

#[tokio::test]
async fn onchain_is_the_whole_order_plus_unpaid_earnings_after_the_redeem_period() {
    let server = MockServer::start().await;
    let orders = r#"[
 {"ordId":"2413499","ccy":"DOT","productId":"101","state":"1","term":"0","investData":[{"ccy":"DOT","amt":"2"}],"earningData":[{"ccy":"DOT","earningType":"0","earnings":"0.10615025"},{"ccy":"COMP","earningType":"1","earnings":"0.5"},{"ccy":"USDT","earningType":"0","earnings":"0"}],"purchasedTime":"1729839328000","tag":"","fastRedemptionData":[]},
 {"ordId":"2413500","ccy":"DOT","productId":"101","state":"2","term":"0","investData":[{"ccy":"DOT","amt":"5"}],"earningData":[],"purchasedTime":"1729839329000","tag":"","estSettlementTime":"1729939329000","fastRedemptionData":[]},
 {"ordId":"2413501","ccy":"DOT","productId":"101","state":"1","term":"0","investData":[{"ccy":"DOT","amt":"4"}],"earningData":[],"purchasedTime":"1729839330000","tag":"","fastRedemptionData":[{"ccy":"DOT","redeemingAmt":"1"}]}]"#;
    mount_onchain(&server, "101", orders.to_owned()).await;
    let v = venue(&server, LONG);
    let req = RedeemRequest::new("onchain:101", a("2")).position_id("2413499");
    let est = v.redemption_estimate(&req).await.unwrap();
    assert!(est.allowed);
    // Principal, then estimated earnings; paid-out cumulative (COMP) and zero entries are left out.
    assert_eq!(receive(&est), [qty("DOT", "2"), qty("DOT", "0.10615025")]);
    assert!(est.fees.is_empty());
    let hour = Duration::from_secs(3600);
    assert_eq!(est.delay, Some(RedemptionDelay { min: hour, max: hour * 24 }));
    let redeeming = RedeemRequest::new("onchain:101", a("5")).position_id("onchain:2413500");
    assert!(!v.redemption_estimate(&redeeming).await.unwrap().allowed, "an order already redeeming");
    let fast = RedeemRequest::new("onchain:101", a("4")).position_id("2413501");
    assert!(!v.redemption_estimate(&fast).await.unwrap().allowed, "a fast redemption is in flight");
    // Same rules as redeem: whole orders only, and the order must exist.
    let partial = v.redemption_estimate(&RedeemRequest::new("onchain:101", a("1")).position_id("2413499")).await;
    assert!(matches!(partial.unwrap_err(), Error::InvalidInput { field, .. } if field == "amount"));
    let missing = v.redemption_estimate(&RedeemRequest::new("onchain:101", a("2")).position_id("9")).await;
    assert!(matches!(missing.unwrap_err(), Error::InvalidInput { field, .. } if field == "position_id"));
    assert_no_writes(&server).await;
}

#[tokio::test]
async fn fixed_term_onchain_orders_are_allowed_only_after_maturity() {
    let server = MockServer::start().await;
    let young = now_ms() - 29 * 86_400_000;
    let matured = now_ms() - 31 * 86_400_000;
    let orders = format!(
        r#"[{{"ordId":"7","ccy":"USDT","productId":"202","state":"1","term":"30","investData":[{{"ccy":"USDT","amt":"100"}}],"earningData":[],"purchasedTime":"{young}","tag":"","fastRedemptionData":[]}},
 {{"ordId":"8","ccy":"USDT","productId":"202","state":"1","term":"30","investData":[{{"ccy":"USDT","amt":"50"}}],"earningData":[],"purchasedTime":"{matured}","tag":"","fastRedemptionData":[]}}]"#
    );
    mount_onchain(&server, "202", orders).await;
    let v = venue(&server, LONG);
    let early = v.redemption_estimate(&RedeemRequest::new("onchain:202", a("100")).position_id("7")).await.unwrap();
    assert!(!early.allowed, "the adapter never sends allowEarlyRedeem");
    assert_eq!(receive(&early), [qty("USDT", "100")]);
    assert_eq!(early.delay, Some(RedemptionDelay::fixed(DAY * 14)));
    let due = v.redemption_estimate(&RedeemRequest::new("onchain:202", a("50")).position_id("8")).await.unwrap();
    assert!(due.allowed);
    assert_no_writes(&server).await;
}

#[tokio::test]
async fn bad_input_is_refused_before_any_request() {
    let server = MockServer::start().await;
    let v = venue(&server, LONG);
    let cases = [
        (RedeemRequest::new("eth", Amount::ZERO), "amount"),
        (RedeemRequest::new("sol", a("1.000000001")), "amount"),
        (RedeemRequest::new("onchain:101", Amount::ZERO), "amount"),
        (RedeemRequest::new("btc", a("1")), "product"),
        (RedeemRequest::new("onchain:", a("1")), "product"),
        (RedeemRequest::new("onchain:1&x=2", a("1")), "product"),
        (RedeemRequest::new("eth", a("1")).client_id("abc"), "client_id"),
        (RedeemRequest::new("eth", a("1")).to_account("trading"), "to_account"),
        (RedeemRequest::new("savings:USDT", a("1")).to_account("spot"), "to_account"),
        (RedeemRequest::new("savings:US DT", a("1")), "product"),
        (RedeemRequest::new("savings:USDT", a("0")), "amount"),
    ];
    for (req, want) in cases {
        match v.redemption_estimate(&req).await {
            Err(Error::InvalidInput { field, .. }) => assert_eq!(field, want, "{req:?}"),
            other => panic!("{req:?} answered {other:?}"),
        }
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}
