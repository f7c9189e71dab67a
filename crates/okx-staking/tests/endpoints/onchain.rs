//! Every on-chain earn endpoint.

use earn_core::{Amount, UnixMillis};
use okx_staking::api::onchain::*;
use wiremock::MockServer;
use wiremock::matchers::body_string;

use crate::common::*;

const BASE: &str = "/api/v5/finance/staking-defi";

const OFFER: &str = r#"[{"ccy":"DOT","productId":"101","protocol":"Polkadot","protocolType":"defi","term":"0","apy":"0.1767","earlyRedeem":false,"state":"purchasable","investData":[{"bal":"0","ccy":"DOT","maxAmt":"0","minAmt":"2"}],"earningData":[{"ccy":"DOT","earningType":"0"}],"fastRedemptionDailyLimit":"","redeemPeriod":["28D","28D"]}]"#;

#[tokio::test]
async fn offers_with_every_filter() {
    let server = MockServer::start().await;
    signed("GET", &format!("{BASE}/offers"))
        .and(ExactQuery("productId=101&protocolType=defi&ccy=DOT"))
        .respond_with(ok(OFFER))
        .expect(1)
        .mount(&server)
        .await;
    let q = GetOffers::new().product_id("101").protocol_type(ProtocolType::Defi).ccy("DOT");
    let offers = client(&server).send(&q).await.unwrap();
    let o = &offers[0];
    assert_eq!((o.product_id.as_str(), o.protocol.as_str(), o.term), ("101", "Polkadot", Some(0)));
    assert_eq!(o.early_redeem, Some(false));
    assert_eq!(o.invest_data[0].min_amt, Some(amt("2")));
    assert_eq!(o.earning_data[0].earning_type, Some(EarningType::Estimated));
    assert_eq!(o.redeem_period, vec!["28D", "28D"]);
    assert_eq!(o.protocol_type, Some(ProtocolType::Defi));
    assert_eq!(o.state, Some(OfferState::Purchasable));
}

#[tokio::test]
async fn purchase_sends_invest_data_term_and_tag() {
    let server = MockServer::start().await;
    signed("POST", &format!("{BASE}/purchase"))
        .and(body_string(
            r#"{"productId":"1234","investData":[{"ccy":"ZIL","amt":"100"}],"term":"30","tag":"abc123XYZ"}"#,
        ))
        .respond_with(ok(r#"[{"ordId":"754147","tag":"abc123XYZ"}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let r = Purchase::new("1234", "ZIL", amt("100")).term(30).tag("abc123XYZ");
    let acks = client(&server).send(&r).await.unwrap();
    assert_eq!((acks[0].ord_id.as_str(), acks[0].tag.as_str()), ("754147", "abc123XYZ"));
}

#[tokio::test]
async fn redeem_sends_boolean_allow_early_redeem_only_when_set() {
    let server = MockServer::start().await;
    signed("POST", &format!("{BASE}/redeem"))
        .and(body_string(r#"{"ordId":"754147","protocolType":"defi","allowEarlyRedeem":true}"#))
        .respond_with(ok(r#"[{"ordId":"754147","tag":""}]"#))
        .expect(1)
        .mount(&server)
        .await;
    signed("POST", &format!("{BASE}/redeem"))
        .and(body_string(r#"{"ordId":"754148","protocolType":"defi"}"#))
        .respond_with(ok(r#"[{"ordId":"754148","tag":""}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    c.send(&Redeem::new("754147").allow_early_redeem(true)).await.unwrap();
    c.send(&Redeem::new("754148")).await.unwrap();
}

#[tokio::test]
async fn cancel_sends_ord_id_and_protocol_type() {
    let server = MockServer::start().await;
    signed("POST", &format!("{BASE}/cancel"))
        .and(body_string(r#"{"ordId":"754147","protocolType":"defi"}"#))
        .respond_with(ok(r#"[{"ordId":"754147","tag":""}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let acks = client(&server).send(&Cancel::new("754147")).await.unwrap();
    assert_eq!(acks[0].ord_id, "754147");
}

#[tokio::test]
async fn orders_active_decodes_the_documented_row() {
    let server = MockServer::start().await;
    signed("GET", &format!("{BASE}/orders-active"))
        .and(ExactQuery("productId=101&ccy=DOT&state=1"))
        .respond_with(ok(r#"[{"ordId":"2413499","ccy":"DOT","productId":"101","state":"1","protocol":"Polkadot","protocolType":"defi","term":"0","apy":"0.1014","investData":[{"ccy":"DOT","amt":"2"}],"earningData":[{"ccy":"DOT","earningType":"0","earnings":"0.10615025"}],"purchasedTime":"1729839328000","tag":"","estSettlementTime":"","cancelRedemptionDeadline":"","fastRedemptionData":[{"ccy":"DOT","redeemingAmt":"0.5"}]}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let q = GetActiveOrders::new().product_id("101").ccy("DOT").state(OnchainOrderState::Earning);
    let o = &client(&server).send(&q).await.unwrap()[0];
    assert_eq!(o.state, Some(OnchainOrderState::Earning));
    assert_eq!(o.invest_data[0].amt, Some(amt("2")));
    assert_eq!(o.earning_data[0].earnings, Some(amt("0.10615025")));
    assert_eq!(o.fast_redemption_data[0].redeeming_amt, Some(amt("0.5")));
    assert_eq!(o.purchased_time, Some(UnixMillis(1_729_839_328_000)));
    assert_eq!((o.est_settlement_time, o.cancel_redemption_deadline), (None, None));
    assert_eq!(o.apy.unwrap().to_string(), "0.1014");
}

#[tokio::test]
async fn orders_history_pages_by_order_id() {
    let server = MockServer::start().await;
    signed("GET", &format!("{BASE}/orders-history"))
        .and(ExactQuery("productId=101&protocolType=defi&ccy=DOT&after=1579253&before=1&limit=100"))
        .respond_with(ok(r#"[{"ordId":"1579252","ccy":"DOT","productId":"101","state":"3","protocol":"Polkadot","protocolType":"defi","term":"0","apy":"0.1704","investData":[{"ccy":"DOT","amt":"2"}],"earningData":[{"ccy":"DOT","earningType":"0","realizedEarnings":"0"}],"purchasedTime":"1712908001000","redeemedTime":"1712914294000","tag":""}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let q = GetOrderHistory::new()
        .product_id("101")
        .protocol_type(ProtocolType::Defi)
        .ccy("DOT")
        .after("1579253")
        .before("1")
        .limit(100);
    let o = &client(&server).send(&q).await.unwrap()[0];
    assert_eq!(o.state, Some(OnchainOrderState::Completed));
    assert_eq!(o.redeemed_time, Some(UnixMillis(1_712_914_294_000)));
    assert_eq!(o.earning_data[0].realized_earnings, Some(Amount::ZERO));
}
