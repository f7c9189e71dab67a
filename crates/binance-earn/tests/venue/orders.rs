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

const SOL_HISTORY: &str = "/sapi/v1/sol-staking/sol/history/stakingHistory";

/// A SOL staking history row as Binance documents it (§10.2 S5): no `purchaseId`.
fn sol_row(time: i64, status: &str) -> String {
    format!(
        r#"{{"rows":[{{"time":{time},"asset":"SOL","amount":"3","distributeAsset":"BNSOL","distributeAmount":"2.72727272","exchangeRate":"1.1","status":"{status}"}}],"total":1}}"#
    )
}

async fn sol_stake_answers(server: &MockServer) {
    get(server, "/sapi/v1/sol-staking/sol/quota", SOL_QUOTA).await;
    let answer = r#"{"success":true,"bnsolAmount":"2.72727272","exchangeRate":"1.1","purchaseId":40607}"#;
    post(server, "/sapi/v1/sol-staking/sol/stake", answer).await;
}

/// Defect (issue 16, `earn --sim apply` left a SOL stake "accepted, still settling"): a
/// stake acknowledged with a `purchaseId` was named `sol:stake:<purchaseId>`, but history
/// rows carry no id, so `order()` never found it and nothing ever saw it settle. The order
/// is now named by its row, as `recent_orders` names it, and follows the row's status.
#[tokio::test]
async fn an_acknowledged_sol_stake_is_found_in_rows_without_ids_and_settles() {
    let server = MockServer::start().await;
    sol_stake_answers(&server).await;
    let time = now();
    let pending = get_scoped(&server, SOL_HISTORY, &sol_row(time, "PENDING")).await;
    // Mounted last: wiremock re-sorts its mocks by priority and then removes a scoped mock
    // by its mounting position, so a lower-priority mock mounted earlier would be removed.
    empty_reads(&server).await;
    let v = venue(&server);
    let order = v.stake(&earn_core::StakeRequest::new("sol-staking", a("3"))).await.unwrap().into_order().unwrap();
    assert_eq!(order.id.as_str(), format!("sol:stake:t{time}-3"), "named by its row");
    let read = &received_at(&server, SOL_HISTORY).await[0];
    assert!(params(read).ends_with("purchaseId=40607"), "the id filter is asked for: {}", params(read));
    let found = v.order(&OrderRef::Venue(order.id.clone())).await.unwrap().expect("found while pending");
    assert_eq!((found.id.clone(), found.status), (order.id.clone(), OrderStatus::Pending));
    drop(pending);
    get(&server, SOL_HISTORY, &sol_row(time, "SUCCESS")).await;
    let found = v.order(&OrderRef::Venue(order.id.clone())).await.unwrap().expect("found once settled");
    assert_eq!((found.id.clone(), found.status, found.amount), (order.id.clone(), OrderStatus::Succeeded, a("3")));
    let recent = v.recent_orders(&OrderQuery::product("sol-staking")).await.unwrap();
    assert!(recent.iter().any(|o| o.id == order.id), "recent orders name it alike: {recent:?}");
}

/// The same defect when the row is not in history yet at the answer: the order is named
/// by Binance's id, the send time and the amount, and `order()` still finds it later.
#[tokio::test]
async fn an_acknowledged_sol_stake_not_yet_in_history_is_found_later() {
    let server = MockServer::start().await;
    sol_stake_answers(&server).await;
    let empty = get_scoped(&server, SOL_HISTORY, r#"{"rows":[],"total":0}"#).await;
    empty_reads(&server).await;
    let v = venue(&server);
    let order = v.stake(&earn_core::StakeRequest::new("sol-staking", a("3"))).await.unwrap().into_order().unwrap();
    assert!(order.id.as_str().starts_with("sol:stake:40607@t"), "{}", order.id);
    assert!(v.order(&OrderRef::Venue(order.id.clone())).await.unwrap().is_none(), "not in history yet");
    drop(empty);
    get(&server, SOL_HISTORY, &sol_row(now(), "SUCCESS")).await;
    let found = v.order(&OrderRef::Venue(order.id.clone())).await.unwrap().expect("found once in history");
    assert_eq!((found.id.clone(), found.status), (order.id.clone(), OrderStatus::Succeeded));
    // Two rows of that amount since the send: not told apart, never guessed.
    server.reset().await;
    let two = format!(
        r#"{{"rows":[{{"time":{t},"asset":"SOL","amount":"3","status":"SUCCESS"}},{{"time":{u},"asset":"SOL","amount":"3","status":"PENDING"}}],"total":2}}"#,
        t = now(),
        u = now() + 1
    );
    get(&server, SOL_HISTORY, &two).await;
    assert!(v.order(&OrderRef::Venue(order.id.clone())).await.unwrap().is_none());
}

/// The windows an ETH/SOL order named by its row is looked for in (its history rows carry no
/// id): from five minutes before the row's time to ten minutes after; an acknowledged write
/// not yet named by its row, from its send time (less the receive window) to ten minutes
/// after. A narrower window misses the row; a wider one lets another row of the amount in.
#[tokio::test]
async fn a_row_named_order_is_looked_for_around_its_time() {
    let server = MockServer::start().await;
    let t = 1_700_000_000_000_i64;
    get(&server, SOL_HISTORY, &sol_row(t, "SUCCESS")).await;
    let v = venue(&server);
    let server = &server;
    let window = |i: usize| async move {
        let q = params(&received_at(server, SOL_HISTORY).await[i]);
        let at = |k: &str| q.split('&').find_map(|p| p.strip_prefix(k)).map(|v| v.parse::<i64>().unwrap());
        (at("startTime="), at("endTime="))
    };

    let by_row = OrderId::new(format!("sol:stake:t{t}-3"));
    let found = v.order(&OrderRef::Venue(by_row.clone())).await.unwrap().expect("its row");
    assert_eq!((found.id, found.status), (by_row, OrderStatus::Succeeded));
    assert_eq!(window(0).await, (Some(t - 5 * 60_000), Some(t + 10 * 60_000)));

    let acknowledged = OrderId::new(format!("sol:stake:40607@t{t}-3"));
    v.order(&OrderRef::Venue(acknowledged)).await.unwrap().expect("its row");
    let (start, end) = window(1).await;
    assert_eq!(end, Some(t + 10 * 60_000));
    assert!(start.is_some_and(|s| s < t && s >= t - 60_000), "{start:?}: the send time less the receive window");
}

/// `order()` in every family where Binance may ignore the id filter: the row with the id is
/// taken, never the first row of the answer, and a row's status and Binance's own status
/// text are kept (a failed redemption is failed, not pending).
#[tokio::test]
async fn each_family_finds_the_row_with_the_id_among_rows_binance_did_not_filter() {
    let server = MockServer::start().await;
    let cases = [
        (
            format!("{SE}/flexible/history/redemptionRecord"),
            r#"{"rows":[{"amount":"9","asset":"USDT","time":1000,"projectId":"USDT001","redeemId":1,"status":"PAID"},{"amount":"2","asset":"USDT","time":2000,"projectId":"USDT001","redeemId":77,"status":"FAILED"}],"total":2}"#,
            "flexible:redeem:77",
            OrderStatus::Failed,
            "FAILED",
        ),
        (
            format!("{SE}/locked/history/subscriptionRecord"),
            r#"{"rows":[{"purchaseId":1,"projectId":"USDT*30","time":1000,"asset":"USDT","amount":"9","status":"SUCCESS"},{"purchaseId":78,"projectId":"USDT*30","time":2000,"asset":"USDT","amount":"2","status":"PURCHASING"}],"total":2}"#,
            "locked:stake:78",
            OrderStatus::Pending,
            "PURCHASING",
        ),
        (
            format!("{SE}/locked/history/redemptionRecord"),
            r#"{"rows":[{"positionId":"5","redeemId":1,"time":1000,"asset":"USDT","amount":"9","status":"PAID"},{"positionId":"6","redeemId":79,"time":2000,"asset":"USDT","amount":"2","originalAmount":"2","status":"PAID"}],"total":2}"#,
            "locked:redeem:79",
            OrderStatus::Succeeded,
            "PAID",
        ),
        (
            "/sapi/v1/eth-staking/eth/history/stakingHistory".to_owned(),
            r#"{"rows":[{"time":1000,"asset":"ETH","amount":"9","status":"SUCCESS","purchaseId":1},{"time":2000,"asset":"ETH","amount":"2","status":"PENDING","purchaseId":80}],"total":2}"#,
            "eth:stake:80",
            OrderStatus::Pending,
            "PENDING",
        ),
        (
            "/sapi/v1/eth-staking/eth/history/redemptionHistory".to_owned(),
            r#"{"rows":[{"time":1000,"asset":"WBETH","amount":"9","status":"SUCCESS","redeemId":1},{"time":2000,"arrivalTime":3000,"asset":"WBETH","amount":"2","status":"FAILED","redeemId":81}],"total":2}"#,
            "eth:redeem:81",
            OrderStatus::Failed,
            "FAILED",
        ),
    ];
    for (p, body, _, _, _) in &cases {
        get(&server, p, body).await;
    }
    let v = venue(&server);
    for (_, _, id, status, text) in cases {
        let found = v.order(&OrderRef::Venue(OrderId::new(id))).await.unwrap().unwrap_or_else(|| panic!("{id}"));
        assert_eq!((found.id.as_str(), found.amount, found.status), (id, a("2"), status), "{id}");
        assert!(found.venue_status.starts_with(text), "{id}: {:?}", found.venue_status);
    }
    // An id no row carries: none, whatever else Binance answered.
    for id in ["flexible:redeem:2", "locked:stake:2", "locked:redeem:2", "eth:stake:2", "eth:redeem:2"] {
        assert!(v.order(&OrderRef::Venue(OrderId::new(id))).await.unwrap().is_none(), "{id}");
    }
}

/// An acknowledged SOL write whose row carries no id is found by elimination only: among
/// rows with another id, another amount, another asset, or from before the send (less the
/// receive window), the one row left is the write's; a redemption (whose rows name BNSOL,
/// not the asset staked) is found alike.
#[tokio::test]
async fn an_acknowledged_write_is_the_one_row_left_by_id_amount_asset_and_time() {
    let server = MockServer::start().await;
    let t = 1_700_000_000_000_i64;
    let stake = |time: i64, amount: &str, asset: &str, id: &str| {
        format!(r#"{{"time":{time},"asset":"{asset}","amount":"{amount}","status":"PENDING"{id}}}"#)
    };
    let rows = [
        stake(t + 10, "3", "SOL", ""),                     // the write's
        stake(t + 20, "3", "SOL", r#","purchaseId":999"#), // another write's (it has an id)
        stake(t + 30, "4", "SOL", ""),                     // another amount
        stake(t + 40, "3", "XYZ", ""),                     // another asset
        stake(t - 3_600_000, "3", "SOL", ""),              // before the send
    ];
    get(&server, SOL_HISTORY, &format!(r#"{{"rows":[{}],"total":5}}"#, rows.join(","))).await;
    let redemption = format!(
        r#"{{"rows":[{{"time":{},"arrivalTime":{},"asset":"BNSOL","amount":"1","distributeAsset":"SOL","distributeAmount":"1.1","exchangeRate":"1.1","status":"PENDING"}}],"total":1}}"#,
        t + 10,
        t + 86_400_000
    );
    get(&server, "/sapi/v1/sol-staking/sol/history/redemptionHistory", &redemption).await;
    let v = venue(&server);

    let id = OrderId::new(format!("sol:stake:40607@t{t}-3"));
    let found = v.order(&OrderRef::Venue(id.clone())).await.unwrap().expect("the one row left");
    assert_eq!((found.id, found.created_at), (id, Some(earn_core::UnixMillis(t + 10))));
    let id = OrderId::new(format!("sol:redeem:555@t{t}-1"));
    let found = v.order(&OrderRef::Venue(id.clone())).await.unwrap().expect("the redemption's row");
    assert_eq!((found.id, found.amount), (id, a("1")));
    // ETH alike, its rows naming ETH.
    let eth = format!(r#"{{"rows":[{},{}],"total":2}}"#, stake(t + 10, "2", "ETH", ""), stake(t + 20, "2", "SOL", ""));
    get(&server, "/sapi/v1/eth-staking/eth/history/stakingHistory", &eth).await;
    let id = OrderId::new(format!("eth:stake:556@t{t}-2"));
    let found = v.order(&OrderRef::Venue(id.clone())).await.unwrap().expect("the ETH row");
    assert_eq!((found.id, found.asset.as_str()), (id, "ETH"));
}

/// A row-named id is `t<digits>-<amount>`: a sign, a gap or a letter in the time is not an
/// id of this crate, refused before any request.
#[tokio::test]
async fn a_row_named_id_with_a_signed_or_empty_time_is_refused_before_any_request() {
    let server = MockServer::start().await;
    let v = venue(&server);
    for id in ["sol:stake:t+1700000000000-3", "sol:stake:t-3", "eth:redeem:t12a-3", "eth:redeem:t 5-3", "sol:stake:5-3"]
    {
        let err = v.order(&OrderRef::Venue(OrderId::new(id))).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{id}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// A row-named ETH/SOL id is looked up by its row: the row of that time and amount; failing
/// that (Binance moved the time), the only row of that amount around it; two of that
/// amount are never told apart.
#[tokio::test]
async fn a_row_named_order_is_its_row_or_the_only_row_of_its_amount() {
    let server = MockServer::start().await;
    let t = 1_700_000_000_000_i64;
    let row =
        |time: i64, amount: &str| format!(r#"{{"time":{time},"asset":"SOL","amount":"{amount}","status":"SUCCESS"}}"#);
    let rows = [row(t + 5, "3"), row(t, "3"), row(t + 9, "4")].join(",");
    let scoped = get_scoped(&server, SOL_HISTORY, &format!(r#"{{"rows":[{rows}],"total":3}}"#)).await;
    let v = venue(&server);
    let order = |id: String| {
        let v = &v;
        async move { v.order(&OrderRef::Venue(OrderId::new(id))).await.unwrap() }
    };
    // Its own row, though another row of the amount comes first.
    let found = order(format!("sol:stake:t{t}-3")).await.expect("its row");
    assert_eq!(found.created_at, Some(earn_core::UnixMillis(t)));
    // No row at that time: the only row of the amount.
    let found = order(format!("sol:stake:t{}-4", t + 1)).await.expect("the only row of 4");
    assert_eq!((found.created_at, found.amount), (Some(earn_core::UnixMillis(t + 9)), a("4")));
    // Two rows of 3, neither at that time: not told apart.
    assert!(order(format!("sol:stake:t{}-3", t + 1)).await.is_none());
    drop(scoped);
    // The one row of another amount is not it.
    get(&server, SOL_HISTORY, &format!(r#"{{"rows":[{}],"total":1}}"#, row(t + 9, "4"))).await;
    assert!(order(format!("sol:stake:t{}-3", t + 1)).await.is_none());
}

/// Recent orders of a locked product: its subscriptions, and the redemptions of its asset
/// (Binance's locked redemption rows name a position, not the project); never another
/// asset's redemptions or another product's orders of the same asset.
#[tokio::test]
async fn recent_orders_of_a_locked_product_keep_its_asset_redemptions_only() {
    let server = MockServer::start().await;
    get(&server, &format!("{SE}/locked/history/subscriptionRecord"), r#"{"rows":[{"purchaseId":1,"projectId":"USDT*30","time":1000,"asset":"USDT","amount":"9","status":"SUCCESS"},{"purchaseId":2,"projectId":"USDT*90","time":1500,"asset":"USDT","amount":"8","status":"SUCCESS"}],"total":2}"#).await;
    get(&server, &format!("{SE}/locked/history/redemptionRecord"), r#"{"rows":[{"positionId":"5","redeemId":3,"time":2000,"asset":"USDT","amount":"9","status":"PAID"},{"positionId":"6","redeemId":4,"time":3000,"asset":"BNB","amount":"1","status":"PAID"}],"total":2}"#).await;
    get(&server, &format!("{SE}/flexible/history/subscriptionRecord"), r#"{"rows":[{"amount":"1","asset":"USDT","time":4000,"purchaseId":5,"productId":"USDT001","type":"NORMAL","status":"SUCCESS"}],"total":1}"#).await;
    empty_reads(&server).await;
    let v = venue(&server);
    let recent = v.recent_orders(&OrderQuery::product("locked:USDT:USDT*30")).await.unwrap();
    let ids: Vec<&str> = recent.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["locked:redeem:3", "locked:stake:1"]);
}
