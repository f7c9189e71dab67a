//! Environment headers, hosts, the clock resync on a stale timestamp, rate limits, and
//! local validation before any request.

mod common;

use std::time::{Duration, Instant};

use common::*;
use earn_core::http::ClockSync;
use earn_core::{Amount, ErrorKind, UnixMillis};
use okx_staking::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

const PRODUCT_INFO: &str = "/api/v5/finance/staking-defi/eth/product-info";

#[tokio::test]
async fn demo_sends_the_simulated_trading_header_live_does_not() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path(PRODUCT_INFO)).respond_with(ok("[{}]")).mount(&server).await;
    let demo =
        OkxStakingClient::builder(Environment::Demo).base_url(server.uri()).credentials(credentials()).build().unwrap();
    demo.eth_product_info().await.unwrap();
    client(&server).eth_product_info().await.unwrap();
    let reqs = requests(&server, PRODUCT_INFO).await;
    assert_eq!(signature_problem(&reqs[0], true), None);
    assert_eq!(signature_problem(&reqs[1], false), None);
    assert_eq!(demo.environment(), Environment::Demo);
}

#[test]
fn hosts_follow_the_reference() {
    assert_eq!(OkxHost::Global.base_url(), "https://www.okx.com");
    assert_eq!(OkxHost::OpenApi.base_url(), "https://openapi.okx.com");
    assert_eq!(OkxHost::Us.base_url(), "https://us.okx.com");
    assert_eq!(OkxHost::Eea.base_url(), "https://eea.okx.com");
    let c = OkxStakingClient::builder(Environment::Live).host(OkxHost::Eea).build().unwrap();
    assert_eq!(c.http().base_url(), "https://eea.okx.com");
    let c = OkxStakingClient::builder(Environment::Live).build().unwrap();
    assert_eq!(c.http().base_url(), "https://openapi.okx.com");
    assert!(OkxStakingClient::builder(Environment::Live).base_url("ftp://x").build().is_err());
}

#[tokio::test]
async fn a_stale_timestamp_syncs_the_clock_and_re_signs_the_write_once() {
    let server = MockServer::start().await;
    let venue_now = now_ms() + 120_000; // OKX's clock two minutes ahead
    Mock::given(method("GET"))
        .and(path("/api/v5/public/time"))
        .and(Unsigned)
        .respond_with(ok(&format!(r#"[{{"ts":"{venue_now}"}}]"#)))
        .expect(1)
        .mount(&server)
        .await;
    let p = "/api/v5/finance/staking-defi/eth/redeem";
    signed("POST", p)
        .respond_with(Sequence::new(vec![okx_error(401, "50102", "Timestamp request expired"), ok("[]")]))
        .expect(2)
        .mount(&server)
        .await;
    let c = client(&server);
    c.eth_redeem(&StakingAmountRequest::new(Amount::parse("10").unwrap())).await.unwrap();
    let reqs = requests(&server, p).await;
    let ts = |i: usize| {
        UnixMillis::parse_iso8601(reqs[i].headers.get("ok-access-timestamp").unwrap().to_str().unwrap()).unwrap().0
    };
    assert!(ts(1) - ts(0) >= 119_000, "the retry is signed with the venue clock");
    assert_ne!(reqs[0].headers.get("ok-access-sign"), reqs[1].headers.get("ok-access-sign"));
    assert_eq!(reqs[0].body, reqs[1].body);
    assert!((119_000..=121_000).contains(&c.http().clock().offset_ms()));
}

#[tokio::test]
async fn a_second_stale_answer_is_final() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v5/public/time"))
        .respond_with(ok(&format!(r#"[{{"ts":"{}"}}]"#, now_ms())))
        .mount(&server)
        .await;
    signed("GET", PRODUCT_INFO).respond_with(okx_error(401, "50102", "Timestamp request expired")).mount(&server).await;
    let err = client(&server).eth_product_info().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication);
    assert_eq!(requests(&server, PRODUCT_INFO).await.len(), 2);
}

#[tokio::test]
async fn clock_can_be_synced_before_the_first_signed_request() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v5/public/time"))
        .respond_with(ok(&format!(r#"[{{"ts":"{}"}}]"#, now_ms() - 5_000)))
        .expect(1)
        .mount(&server)
        .await;
    signed("GET", PRODUCT_INFO).respond_with(ok("[{}]")).mount(&server).await;
    let c = OkxStakingClient::builder(Environment::Live)
        .base_url(server.uri())
        .credentials(credentials())
        .clock_sync(ClockSync::BeforeFirstRequest)
        .build()
        .unwrap();
    c.eth_product_info().await.unwrap();
    c.eth_product_info().await.unwrap();
    assert!((-6_000..=-4_000).contains(&c.http().clock().offset_ms()));
}

#[tokio::test]
async fn the_per_endpoint_limit_is_shared_by_clones() {
    let server = MockServer::start().await;
    signed("GET", PRODUCT_INFO).respond_with(ok("[{}]")).mount(&server).await;
    signed("GET", "/api/v5/finance/staking-defi/eth/balance").respond_with(ok("[]")).mount(&server).await;
    let a = client(&server);
    let b = a.clone();
    // Warm up so the measured calls start from an empty budget.
    a.eth_product_info().await.unwrap();
    let started = Instant::now();
    for i in 0..4 {
        let c = if i % 2 == 0 { &a } else { &b };
        c.eth_product_info().await.unwrap();
    }
    // product-info allows 3 per second: four more calls need at least 4 × 333 ms.
    assert!(started.elapsed() >= Duration::from_millis(1_300), "{:?}", started.elapsed());
    // Another endpoint has its own budget (6/s) and is not held back by product-info's.
    let started = Instant::now();
    b.eth_balance().await.unwrap();
    assert!(started.elapsed() < Duration::from_millis(1_000));
}

#[tokio::test]
async fn invalid_requests_are_refused_before_sending() {
    let server = MockServer::start().await;
    let c = client(&server);
    let a = |s: &str| Amount::parse(s).unwrap();
    let field = |e: earn_core::Error| match e {
        earn_core::Error::InvalidInput { field, .. } => field,
        other => panic!("{other:?}"),
    };
    assert_eq!(field(c.eth_purchase(&StakingAmountRequest::new(a("0"))).await.unwrap_err()), "amt");
    assert_eq!(field(c.sol_redeem(&StakingAmountRequest::new(a("0.123456789"))).await.unwrap_err()), "amt");
    assert_eq!(field(c.eth_cancel_redeem(&CancelRedeemRequest::new("")).await.unwrap_err()), "ordId");
    assert_eq!(field(c.eth_cancel_redeem(&CancelRedeemRequest::new("1&x=2")).await.unwrap_err()), "ordId");
    assert_eq!(field(c.eth_purchase_redeem_history(&HistoryQuery::new().limit(101)).await.unwrap_err()), "limit");
    assert_eq!(field(c.eth_apy_history(ApyHistoryQuery::days(366)).await.unwrap_err()), "days");
    assert_eq!(field(c.sol_apy_history(ApyHistoryQuery::days(0)).await.unwrap_err()), "days");
    let tagged = OnchainPurchaseRequest::new("101", "DOT", a("2")).tag("this-tag-is-bad");
    assert_eq!(field(c.onchain_purchase(&tagged).await.unwrap_err()), "tag");
    let long = OnchainPurchaseRequest::new("101", "DOT", a("2")).tag("abcdefghijklmnopq");
    assert_eq!(field(c.onchain_purchase(&long).await.unwrap_err()), "tag");
    let zero = OnchainPurchaseRequest::new("101", "DOT", a("0"));
    assert_eq!(field(c.onchain_purchase(&zero).await.unwrap_err()), "investData[0].amt");
    let no_product = OnchainPurchaseRequest::new("", "DOT", a("1"));
    assert_eq!(field(c.onchain_purchase(&no_product).await.unwrap_err()), "productId");
    let term = OnchainPurchaseRequest::new("101", "DOT", a("1")).term(0);
    assert_eq!(field(c.onchain_purchase(&term).await.unwrap_err()), "term");
    assert_eq!(field(c.onchain_orders_history(&OrdersHistoryQuery::new().limit(0)).await.unwrap_err()), "limit");
    assert_eq!(field(c.onchain_redeem(&OnchainRedeemRequest::new("")).await.unwrap_err()), "ordId");
    assert_eq!(field(c.asset_bills(&BillsQuery::new().limit(500)).await.unwrap_err()), "limit");
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn signed_endpoints_need_credentials_with_a_passphrase() {
    let server = MockServer::start().await;
    let c = OkxStakingClient::builder(Environment::Live).base_url(server.uri()).build().unwrap();
    assert_eq!(c.eth_balance().await.unwrap_err().kind(), ErrorKind::Config);
    let c = OkxStakingClient::builder(Environment::Live)
        .base_url(server.uri())
        .credentials(earn_core::Credentials::new(KEY, SECRET))
        .build()
        .unwrap();
    assert_eq!(c.eth_balance().await.unwrap_err().kind(), ErrorKind::Config);
    assert!(server.received_requests().await.unwrap().is_empty());
    assert!(!format!("{c:?}").contains(SECRET));
}
