//! Environment headers, hosts, the clock resync on a stale timestamp, rate limits, and
//! local validation before any request.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use earn_core::ErrorKind;
use earn_core::UnixMillis;
use earn_core::http::{BudgetKey, ClockSync, LocalBudget, RateBudget};
use okx_staking::api::asset::GetBills;
use okx_staking::api::onchain::{self, GetOrderHistory};
use okx_staking::api::staking::{
    CancelRedeem, GetApyHistory, GetBalance, GetProductInfo, GetPurchaseRedeemHistory, Purchase, Redeem, StakingCoin,
};
use okx_staking::{Environment, OkxHost, OkxStakingClient};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use crate::common::*;

const PRODUCT_INFO: &str = "/api/v5/finance/staking-defi/eth/product-info";
const ETH: StakingCoin = StakingCoin::Eth;
const SOL: StakingCoin = StakingCoin::Sol;

#[tokio::test]
async fn demo_sends_the_simulated_trading_header_live_does_not() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path(PRODUCT_INFO)).respond_with(ok("[{}]")).mount(&server).await;
    let demo =
        OkxStakingClient::builder(Environment::Demo).base_url(server.uri()).credentials(credentials()).build().unwrap();
    demo.send(&GetProductInfo::new(ETH)).await.unwrap();
    client(&server).send(&GetProductInfo::new(ETH)).await.unwrap();
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
    assert_eq!(c.base_url(), "https://eea.okx.com");
    let c = OkxStakingClient::builder(Environment::Live).build().unwrap();
    assert_eq!(c.base_url(), "https://openapi.okx.com");
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
    c.send(&Redeem::new(ETH, amt("10"))).await.unwrap();
    let reqs = requests(&server, p).await;
    let ts = |i: usize| {
        UnixMillis::parse_iso8601(reqs[i].headers.get("ok-access-timestamp").unwrap().to_str().unwrap()).unwrap().0
    };
    assert!(ts(1) - ts(0) >= 119_000, "the retry is signed with the venue clock");
    assert_ne!(reqs[0].headers.get("ok-access-sign"), reqs[1].headers.get("ok-access-sign"));
    assert_eq!(reqs[0].body, reqs[1].body);
    assert!((119_000..=121_000).contains(&c.clock_offset_ms()));
}

#[tokio::test]
async fn a_second_stale_answer_is_final() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v5/public/time"))
        .respond_with(ok(&format!(r#"[{{"ts":"{}"}}]"#, now_ms())))
        .mount(&server)
        .await;
    signed("GET", PRODUCT_INFO).respond_with(okx_error(401, "50102", "Timestamp request expired")).mount(&server).await;
    let err = client(&server).send(&GetProductInfo::new(ETH)).await.unwrap_err();
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
        .transport(transport().clock_sync(ClockSync::BeforeFirstRequest))
        .build()
        .unwrap();
    c.send(&GetProductInfo::new(ETH)).await.unwrap();
    c.send(&GetProductInfo::new(ETH)).await.unwrap();
    assert!((-6_000..=-4_000).contains(&c.clock_offset_ms()));
}

/// A [`LocalBudget`] that also records the (venue, account, group) of every acquisition.
#[derive(Debug, Default)]
struct RecordingBudget {
    inner: LocalBudget,
    acquired: Mutex<Vec<(String, String, &'static str)>>,
}

impl RateBudget for RecordingBudget {
    fn acquire<'a, 'b, 'c, 'f>(
        &'a self,
        key: &'b BudgetKey<'c>,
    ) -> Pin<Box<dyn Future<Output = earn_core::Result<()>> + Send + 'f>>
    where
        'a: 'f,
        'b: 'f,
        'c: 'f,
        Self: 'f,
    {
        self.acquired.lock().unwrap().push((key.venue.to_owned(), key.account.to_owned(), key.limit.group));
        self.inner.acquire(key)
    }
}

#[tokio::test]
async fn the_per_endpoint_limit_is_shared_by_clones() {
    let server = MockServer::start().await;
    signed("GET", PRODUCT_INFO).respond_with(ok("[{}]")).mount(&server).await;
    signed("GET", "/api/v5/finance/staking-defi/eth/balance").respond_with(ok("[]")).mount(&server).await;
    let budget = Arc::new(RecordingBudget::default());
    let a = OkxStakingClient::builder(Environment::Live)
        .base_url(server.uri())
        .credentials(credentials())
        .transport(transport().budget(budget.clone()))
        .build()
        .unwrap();
    let b = a.clone();
    // The first call passes at once; the clock starts before it, so that however long its
    // answer takes, the four calls after it must still be spaced by the budget (a lower
    // bound: a loaded machine only makes it longer).
    let started = Instant::now();
    a.send(&GetProductInfo::new(ETH)).await.unwrap();
    for i in 0..4 {
        let c = if i % 2 == 0 { &a } else { &b };
        c.send(&GetProductInfo::new(ETH)).await.unwrap();
    }
    // product-info allows 3 per second: four more calls need at least 4 × 333 ms.
    assert!(started.elapsed() >= Duration::from_millis(1_300), "{:?}", started.elapsed());
    // Another endpoint has its own budget (6/s) and is not held back by product-info's: it
    // draws from another group of the same account (counted, not timed).
    b.send(&GetBalance::new(ETH)).await.unwrap();
    let acquired = budget.acquired.lock().unwrap().clone();
    assert_eq!(acquired.len(), 6, "every request drew from the one budget both clones share");
    let (venue, account, group) = acquired[0].clone();
    assert!(acquired[..5].iter().all(|k| *k == (venue.clone(), account.clone(), group)), "{acquired:?}");
    assert_eq!(acquired[5].0, venue);
    assert_eq!(acquired[5].1, account);
    assert_ne!(acquired[5].2, group, "balance and product-info share a budget group");
}

#[tokio::test]
async fn invalid_requests_are_refused_before_sending() {
    let server = MockServer::start().await;
    let c = client(&server);
    let field = |e: earn_core::Error| match e {
        earn_core::Error::InvalidInput { field, .. } => field,
        other => panic!("{other:?}"),
    };
    assert_eq!(field(c.send(&Purchase::new(ETH, amt("0"))).await.unwrap_err()), "amt");
    assert_eq!(field(c.send(&Redeem::new(SOL, amt("0.123456789"))).await.unwrap_err()), "amt");
    assert_eq!(field(c.send(&CancelRedeem::new(ETH, "")).await.unwrap_err()), "ordId");
    assert_eq!(field(c.send(&CancelRedeem::new(ETH, "1&x=2")).await.unwrap_err()), "ordId");
    assert_eq!(field(c.send(&GetPurchaseRedeemHistory::new(ETH).limit(101)).await.unwrap_err()), "limit");
    assert_eq!(field(c.send(&GetApyHistory::new(ETH, 366)).await.unwrap_err()), "days");
    assert_eq!(field(c.send(&GetApyHistory::new(SOL, 0)).await.unwrap_err()), "days");
    let tagged = onchain::Purchase::new("101", "DOT", amt("2")).tag("this-tag-is-bad");
    assert_eq!(field(c.send(&tagged).await.unwrap_err()), "tag");
    let long = onchain::Purchase::new("101", "DOT", amt("2")).tag("abcdefghijklmnopq");
    assert_eq!(field(c.send(&long).await.unwrap_err()), "tag");
    let zero = onchain::Purchase::new("101", "DOT", amt("0"));
    assert_eq!(field(c.send(&zero).await.unwrap_err()), "investData[0].amt");
    let no_product = onchain::Purchase::new("", "DOT", amt("1"));
    assert_eq!(field(c.send(&no_product).await.unwrap_err()), "productId");
    let term = onchain::Purchase::new("101", "DOT", amt("1")).term(0);
    assert_eq!(field(c.send(&term).await.unwrap_err()), "term");
    assert_eq!(field(c.send(&GetOrderHistory::new().limit(0)).await.unwrap_err()), "limit");
    assert_eq!(field(c.send(&onchain::Redeem::new("")).await.unwrap_err()), "ordId");
    assert_eq!(field(c.send(&onchain::Cancel::new("a b")).await.unwrap_err()), "ordId");
    assert_eq!(field(c.send(&GetBills::new().limit(500)).await.unwrap_err()), "limit");
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn signed_endpoints_need_credentials_with_a_passphrase() {
    let server = MockServer::start().await;
    let c = OkxStakingClient::builder(Environment::Live).base_url(server.uri()).build().unwrap();
    assert_eq!(c.send(&GetBalance::new(ETH)).await.unwrap_err().kind(), ErrorKind::Config);
    let c = OkxStakingClient::builder(Environment::Live)
        .base_url(server.uri())
        .credentials(earn_core::Credentials::new(KEY, SECRET))
        .build()
        .unwrap();
    assert_eq!(c.send(&GetBalance::new(ETH)).await.unwrap_err().kind(), ErrorKind::Config);
    assert!(server.received_requests().await.unwrap().is_empty());
    assert!(!format!("{c:?}").contains(SECRET));
}
