//! Order lookup and recent orders.

use earn_core::{Amount, EarnVenue, ErrorKind, OrderId, OrderQuery, OrderRef, OrderSide, OrderStatus};
use wiremock::MockServer;

use crate::common::{params, received_at, venue};
use crate::fixtures::*;

fn a(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

#[tokio::test]
async fn an_order_is_looked_up_by_its_binance_id() {
    let server = MockServer::start().await;
    get(&server, &format!("{SE}/flexible/history/subscriptionRecord"), r#"{"rows":[{"amount":"100.5","asset":"USDT","time":1575018510000,"purchaseId":40607,"productId":"USDT001","type":"NORMAL","sourceAccount":"SPOT","status":"PURCHASING"}],"total":1}"#).await;
    let v = venue(&server);
    let o = v.order(&OrderRef::Venue(OrderId::new("flexible:stake:40607"))).await.unwrap().unwrap();
    assert_eq!((o.status, o.amount, o.side), (OrderStatus::Pending, a("100.5"), OrderSide::Stake));
    let q = &received_at(&server, &format!("{SE}/flexible/history/subscriptionRecord")).await[0];
    assert_eq!(params(q), "purchaseId=40607");
    assert!(v.order(&OrderRef::Venue(OrderId::new("flexible:stake:1"))).await.unwrap().is_none());
    let err = v.order(&OrderRef::Client("x".into())).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let err = v.order(&OrderRef::Venue(OrderId::new("flexible:stake:1&x=2"))).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

#[tokio::test]
async fn recent_orders_newest_first_across_families() {
    let server = MockServer::start().await;
    empty_reads(&server).await;
    get(&server, &format!("{SE}/flexible/history/subscriptionRecord"), r#"{"rows":[{"amount":"1","asset":"USDT","time":1000,"purchaseId":1,"productId":"USDT001","type":"NORMAL","status":"SUCCESS"},{"amount":"2","asset":"USDT","time":3000,"purchaseId":2,"productId":"USDT001","type":"NORMAL","status":"FAILED"}],"total":2}"#).await;
    get(&server, &format!("{SE}/flexible/history/redemptionRecord"), r#"{"rows":[{"amount":"0.5","asset":"USDT","time":2000,"projectId":"USDT001","redeemId":3,"destAccount":"FUNDING","status":"PAID"}],"total":1}"#).await;
    get(&server, "/sapi/v1/sol-staking/sol/history/redemptionHistory", r#"{"rows":[{"time":4000,"arrivalTime":5000,"asset":"BNSOL","amount":"1","distributeAsset":"SOL","distributeAmount":"1.1","exchangeRate":"1.1","status":"PENDING"}],"total":1}"#).await;
    let v = venue(&server);
    let all = v.recent_orders(&OrderQuery::all()).await.unwrap();
    let ids: Vec<&str> = all.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["sol:redeem:t4000-1", "flexible:stake:2", "flexible:redeem:3", "flexible:stake:1"]);
    assert_eq!(all[0].settles_at, Some(earn_core::UnixMillis(5000)));
    assert_eq!(all[1].status, OrderStatus::Failed);
    let mut q = OrderQuery::product("flexible:USDT:USDT001");
    q.side = Some(OrderSide::Redeem);
    let redeems = v.recent_orders(&q).await.unwrap();
    assert_eq!(redeems.len(), 1);
    assert_eq!(redeems[0].product.as_str(), "flexible:USDT:USDT001");
    let mut limited = OrderQuery::all();
    limited.limit = Some(2);
    assert_eq!(v.recent_orders(&limited).await.unwrap().len(), 2);
}
