//! Fixed Saving, BYUSDT and Hold to Earn endpoints.

use bybit_earn::api::byusdt::*;
use bybit_earn::api::common::E8;
use bybit_earn::api::easy_earn::{EarnCategory, GetOrderHistory, GetPositions};
use bybit_earn::api::fixed_saving::*;
use bybit_earn::api::hold_to_earn::*;
use earn_core::{ErrorKind, UnixMillis};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use crate::common::*;

async fn expect_get(server: &MockServer, p: &'static str, q: &'static str, signed: bool, result: &str) {
    let m = Mock::given(method("GET")).and(path(p)).and(QueryIs(q));
    let m = if signed { m.and(Signed) } else { m.and(Unsigned) };
    m.respond_with(ok(result)).expect(1).mount(server).await;
}

async fn expect_post(server: &MockServer, p: &'static str, body: &str, result: &str) {
    Mock::given(method("POST"))
        .and(path(p))
        .and(BodyIs(body.to_owned()))
        .and(Signed)
        .respond_with(ok(result))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn fixed_saving_endpoints() {
    let server = MockServer::start().await;
    expect_get(&server, "/v5/earn/fixed-term/product", "coin=USDT", false,
        r#"{"list":[{"productId":"1001","category":"FundPool","coin":"USDT","duration":"8h","status":"SoldOut","minStakeAmount":"10","maxStakeAmount":"1000","precision":2,"allowEarlyRedemption":true,"allowAutoReinvest":false,"interestCoinApyList":[{"coin":"USDT","apy":"2.50%"}]}]}"#).await;
    expect_post(&server, "/v5/earn/fixed-term/place-order",
        r#"{"productId":"1001","category":"FundPool","coin":"USDT","amount":"10.5","accountType":"FUND","orderLinkId":"fx-1","autoInvest":true}"#,
        r#"{"orderId":"fo-1","orderLinkId":"fx-1"}"#).await;
    expect_post(
        &server,
        "/v5/earn/fixed-term/redeem",
        r#"{"productId":"1001","category":"FundPool","positionId":"200001"}"#,
        r#"{"redeemAmount":"0.1","estEarnings":"0.00002191"}"#,
    )
    .await;
    expect_get(&server, "/v5/earn/fixed-term/position", "category=FundPool&coin=USDT", true,
        r#"{"list":[{"positionId":200001,"productId":"1001","category":"FundPool","coin":"USDT","amount":"10.5","status":"Active","settlementTime":"1744675200000","earlyRedeemInfo":null}]}"#).await;
    expect_get(&server, "/v5/earn/fixed-term/order", "orderType=Stake&productId=1001&category=FundPool&limit=50", true,
        r#"{"list":[{"orderId":"fo-1","orderLinkId":"fx-1","status":"Active","amount":"10.5","yieldInfoList":[{"coin":"USDT"}]}],"nextPageCursor":""}"#).await;
    expect_post(
        &server,
        "/v5/earn/fixed-term/position/auto-invest",
        r#"{"productId":"1001","category":"FundPool","positionId":"200001","status":"Disable"}"#,
        "{}",
    )
    .await;
    let c = client(&server);
    let p = &c.send(&GetFixedProducts::new().coin("USDT")).await.unwrap().list[0];
    assert_eq!((p.term_days(), p.precision, p.allow_early_redemption), (Some(1), Some(2), Some(true)));
    assert_eq!(p.interest_coin_apy_list[0].apy.as_ref().unwrap().rate().unwrap().to_string(), "0.0250");
    let params = PlaceFixedOrder::new(FixedCategory::FundPool, "USDT", "1001", amt("10.50"))
        .order_link_id("fx-1")
        .auto_invest(true);
    assert_eq!(c.send(&params).await.unwrap().order_id, "fo-1");
    let r = c.send(&RedeemFixedPosition::new(FixedCategory::FundPool, "1001", "200001")).await.unwrap();
    assert_eq!((r.redeem_amount, r.est_earnings), (Some(amt("0.1")), Some(amt("0.00002191"))));
    let pos = &c.send(&GetFixedPositions::new().category(FixedCategory::FundPool).coin("USDT")).await.unwrap().list[0];
    assert_eq!((pos.position_id.as_str(), pos.early_redeem_info.clone()), ("200001", None));
    let q = GetFixedOrders::new().order_type(FixedOrderType::Stake).product(FixedCategory::FundPool, "1001").limit(50);
    let o = c.pages(q).collect_all().await.unwrap();
    assert_eq!(
        (o[0].status.clone(), o[0].yield_info_list.as_deref()),
        (FixedOrderStatus::Active, Some(r#"[{"coin":"USDT"}]"#))
    );
    c.send(&SetFixedAutoInvest::new(FixedCategory::FundPool, "1001", "200001", false)).await.unwrap();
    // Local rules.
    let bad = PlaceFixedOrder::new(FixedCategory::FixedTermSaving, "USDT", "1", amt("1")).auto_invest(true);
    assert!(c.send(&bad).await.unwrap_err().to_string().contains("autoInvest"));
    let err = c.send(&RedeemFixedPosition::new(FixedCategory::FixedTermSaving, "1", "2")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(c.send(&GetFixedOrders::new().limit(51)).await.is_err());
    let rules = p.stake_rules();
    let too_fine = PlaceFixedOrder::new(FixedCategory::FundPool, "USDT", "1001", amt("10.505")).rules(rules);
    assert!(c.send(&too_fine).await.unwrap_err().to_string().contains("fractional digits"));
    assert_eq!(received(&server, "/v5/earn/fixed-term/place-order").await.len(), 1, "refused locally");
}

#[tokio::test]
async fn a_fixed_redeem_without_answer_is_never_repeated() {
    let server = MockServer::start().await;
    Mock::given(path("/v5/earn/fixed-term/redeem")).respond_with(code(10006, "Too many visits!")).mount(&server).await;
    let err =
        client(&server).send(&RedeemFixedPosition::new(FixedCategory::FundPool, "1001", "200001")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(received(&server, "/v5/earn/fixed-term/redeem").await.len(), 1, "no key: not repeated even after 10006");
}

#[tokio::test]
async fn byusdt_endpoints() {
    let server = MockServer::start().await;
    expect_get(&server, "/v5/earn/token/product", "coin=BYUSDT", true,
        r#"{"list":[{"productId":"1","mintFeeRateE8":"0","redeemFeeRateE8":100000,"minInvestment":"1","userHolding":"5","leftQuota":"100","canMint":true,"savingsBalance":"3","aprE8":"500000000","bonusAprE8":0,"bonusMaxAmount":"1000","baseCoinPrecision":"6","tokenPrecision":6}]}"#).await;
    expect_post(
        &server,
        "/v5/earn/token/place-order",
        r#"{"coin":"BYUSDT","orderLinkId":"t-1","orderType":"Mint","amount":"2","accountType":"FlexibleSaving"}"#,
        r#"{"orderId":"to-1","orderLinkId":"t-1"}"#,
    )
    .await;
    expect_get(&server, "/v5/earn/token/order", "coin=BYUSDT&orderLinkId=t-1&startTime=1700000000&endTime=1700086400&limit=20", true,
        r#"{"list":[{"orderId":"to-1","orderLinkId":"t-1","orderType":"Mint","fromCoin":"USDT","toCoin":"BYUSDT","fromAmount":"2","toAmount":"1.99","serviceFee":"0.01","fromAccount":"FUND","toAccount":"UNIFIED","externalEventType":"","status":"Success","createdTime":"1700000001"}],"nextPageCursor":""}"#).await;
    expect_get(&server, "/v5/earn/token/position", "coin=BYUSDT", true,
        r#"{"totalAmount":"5","totalYield":"0.1","yesterdayYield":"0.01","aprE8":500000000,"bonusAprE8":0,"bonusMaxAmount":"1000","hasQuota":true}"#).await;
    expect_get(&server, "/v5/earn/token/yield", "coin=BYUSDT&limit=5", true,
        r#"{"list":[{"yield":"0.01","bonusYield":"0","status":"Success","createdTime":1700000000}],"nextPageCursor":""}"#).await;
    expect_get(&server, "/v5/earn/token/hourly-yield", "coin=BYUSDT", true,
        r#"{"list":[{"effectiveAmount":"5","yield":"0.0004","rewardType":1,"aprE8":"500000000","hourlyDate":1700000000,"createdTime":1700000001}],"nextPageCursor":""}"#).await;
    expect_get(
        &server,
        "/v5/earn/token/history-apr",
        "coin=BYUSDT&range=2",
        false,
        r#"{"list":[{"timestamp":"1700000000","aprE8":"512345678"}]}"#,
    )
    .await;
    let c = client(&server);
    let p = &c.send(&GetTokenProduct::new().signed(true)).await.unwrap().list[0];
    assert_eq!(p.apr_e8, Some(E8(500_000_000)));
    assert_eq!(p.redeem_fee_rate_e8.unwrap().scaled().to_string(), "0.00100000");
    assert_eq!(p.can_mint, Some(true));
    let r = c.send(&PlaceTokenOrder::mint(amt("2")).order_link_id("t-1")).await.unwrap();
    assert_eq!(r.order_id, "to-1");
    let q = GetTokenOrders::new().order_link_id("t-1").range_seconds(1_700_000_000, 1_700_086_400).limit(20);
    let o = &c.send(&q).await.unwrap().list[0];
    assert_eq!((o.to_amount, o.external_event_type.clone()), (Some(amt("1.99")), None));
    let pos = &c.send(&GetTokenPosition).await.unwrap().list[0];
    assert_eq!(pos.has_quota, Some(true));
    let y = c.pages(GetTokenYield::new().limit(5)).collect_all().await.unwrap();
    assert_eq!(y[0].yield_amount, Some(amt("0.01")));
    let h = c.send(&GetTokenHourlyYield::new()).await.unwrap();
    assert_eq!(h.list[0].reward_type, Some(1));
    let a = c.send(&GetTokenAprHistory::new(AprRange::ThirtyDays)).await.unwrap().list;
    assert_eq!(a[0].apr_e8.unwrap().scaled().to_string(), "5.12345678");
    // Order filters exist on the order history only: the yield requests have no such
    // fields (the old runtime check is now a compile-time one). Local rules still apply:
    assert!(c.send(&GetTokenYield::new().range_seconds(2, 1)).await.is_err());
    assert!(c.send(&GetTokenOrders::new().order_link_id("x y")).await.is_err());
    assert!(c.send(&PlaceTokenOrder::redeem(amt("0"))).await.unwrap_err().to_string().contains("amount"));
}

#[tokio::test]
async fn unsigned_clients_read_public_forms() {
    let server = MockServer::start().await;
    expect_get(
        &server,
        "/v5/earn/token/product",
        "coin=BYUSDT",
        false,
        r#"{"list":[{"productId":"1","userHolding":""}]}"#,
    )
    .await;
    expect_get(&server, "/v5/earn/hold-to-earn/product", "", false,
        r#"{"products":[{"coinName":"MNT","yields":[{"coinName":"X","apy":"10%"}],"status":"Online","apy":"10%","announcementUrl":"https://a"}]}"#).await;
    let c = public_client(&server);
    assert_eq!(c.send(&GetTokenProduct::new()).await.unwrap().list[0].user_holding, None);
    let h = &c.send(&GetHoldToEarnProducts::new()).await.unwrap().products[0];
    assert_eq!(
        (h.status.clone(), h.apy.as_ref().unwrap().rate().unwrap().to_string()),
        (Some(HoldProductStatus::Online), "0.10".into())
    );
    assert_eq!(c.send(&GetPositions::new(EarnCategory::OnChain)).await.unwrap_err().kind(), ErrorKind::Config);
    let err = c.send(&GetTokenProduct::new().signed(true)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config, "the signed form needs credentials");
}

#[tokio::test]
async fn hold_to_earn_yield_history_pages_on_next_cursor() {
    let server = MockServer::start().await;
    let now = UnixMillis::now_local().0 / 1000;
    let row = r#"{"coinName":"MNT","yieldCoinName":"X","effectiveAmount":"100","pnl":"0.5","apy":"10%","createdAt":1700000000}"#;
    Mock::given(path("/v5/earn/hold-to-earn/yield-history"))
        .and(QueryIs("limit=49"))
        .and(Signed)
        .respond_with(ok(&format!(r#"{{"nextCursor":"n2","airdropDailyPnls":[{row}]}}"#)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/v5/earn/hold-to-earn/yield-history"))
        .and(QueryIs("limit=49&cursor=n2"))
        .and(Signed)
        .respond_with(ok(&format!(r#"{{"nextCursor":"","airdropDailyPnls":[{row}]}}"#)))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    let all = c.pages(GetHoldToEarnYield::new(49)).collect_all().await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].pnl, Some(amt("0.5")));
    assert!(c.send(&GetHoldToEarnYield::new(50)).await.is_err());
    let too_old = GetHoldToEarnYield::new(10).range_seconds(now - 200 * 86_400, now);
    assert!(c.send(&too_old).await.unwrap_err().to_string().contains("timeStart"));
}

#[tokio::test]
async fn a_cursor_that_does_not_advance_is_an_error_not_a_loop() {
    let server = MockServer::start().await;
    Mock::given(path("/v5/earn/order")).respond_with(ok(r#"{"list":[],"nextPageCursor":"same"}"#)).mount(&server).await;
    let mut pages = client(&server).pages(GetOrderHistory::new(EarnCategory::FlexibleSaving));
    assert!(pages.next_page().await.unwrap().is_some());
    assert_eq!(pages.next_page().await.unwrap_err().kind(), ErrorKind::Decode);
    assert!(pages.next_page().await.unwrap().is_none());
    let server = MockServer::start().await;
    Mock::given(path("/v5/earn/order"))
        .respond_with(|r: &wiremock::Request| {
            let n =
                r.url.query_pairs().find(|(k, _)| k == "cursor").map(|(_, v)| v.parse::<u32>().unwrap()).unwrap_or(0);
            ok(&format!(r#"{{"list":[],"nextPageCursor":"{}"}}"#, n + 1))
        })
        .mount(&server)
        .await;
    let mut pages = client(&server).pages(GetOrderHistory::new(EarnCategory::FlexibleSaving)).max_pages(3);
    let mut n = 0;
    while pages.next_page().await.unwrap().is_some() {
        n += 1;
    }
    assert_eq!(n, 3);
    assert!(pages.is_truncated());
}
