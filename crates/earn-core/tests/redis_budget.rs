//! The Redis rate budget against a real redis-server: one budget shared by separate
//! clients, keys without secrets, and a Redis outage that never hangs and never exceeds.

#[path = "support/redis_server.rs"]
mod redis_server;

use std::num::NonZeroU32;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use earn_core::ErrorKind;
use earn_core::http::{BudgetKey, OnOutage, RateBudget, RateLimit, RedisBudget, RedisBudgetOptions};
use redis_server::RedisServer;

/// One server for the whole binary (outage tests start their own).
fn shared_server() -> &'static RedisServer {
    static SERVER: OnceLock<RedisServer> = OnceLock::new();
    SERVER.get_or_init(RedisServer::start)
}

fn options(prefix: &str, on_outage: OnOutage) -> RedisBudgetOptions {
    RedisBudgetOptions { prefix: prefix.into(), timeout: Duration::from_millis(200), on_outage }
}

static LIMIT: RateLimit = RateLimit::per_second("/api/write", 20);

#[tokio::test]
async fn separate_clients_share_one_budget() {
    let url = shared_server().url();
    // Four budgets share nothing but Redis, like four processes.
    let mut budgets = Vec::new();
    for _ in 0..4 {
        budgets.push(Arc::new(RedisBudget::connect(&url, options("shared", OnOutage::Fail)).await.unwrap()));
    }
    let started = Instant::now();
    let tasks: Vec<_> = budgets
        .iter()
        .map(|b| {
            let b = Arc::clone(b);
            tokio::spawn(async move {
                for _ in 0..10 {
                    b.acquire(&BudgetKey { venue: "okx-staking", account: "acct1", limit: &LIMIT }).await.unwrap();
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    // 40 requests at one every 51 ms need at least 39 spacings, however the four interleave.
    let floor = LIMIT.spacing() * 39;
    assert!(started.elapsed() >= floor, "40 acquires took {:?}, less than {floor:?}", started.elapsed());

    // Another account has its own budget, so it does not wait behind acct1: it draws from
    // another Redis key, untouched until its first request (checked by key, not by time,
    // which a loaded machine would stretch).
    let acct1 = BudgetKey { venue: "okx-staking", account: "acct1", limit: &LIMIT };
    let acct2 = BudgetKey { venue: "okx-staking", account: "acct2", limit: &LIMIT };
    assert_ne!(budgets[0].key(&acct1), budgets[0].key(&acct2));
    let client = redis::Client::open(url.clone()).unwrap();
    let mut c = client.get_multiplexed_async_connection().await.unwrap();
    let before: i64 = redis::cmd("EXISTS").arg(budgets[0].key(&acct2)).query_async(&mut c).await.unwrap();
    assert_eq!(before, 0, "acct2's budget is fresh");
    budgets[0].acquire(&acct2).await.unwrap();
    let after: i64 = redis::cmd("EXISTS").arg(budgets[0].key(&acct2)).query_async(&mut c).await.unwrap();
    assert_eq!(after, 1, "acct2 drew from its own key");
}

#[tokio::test]
async fn keys_name_venue_account_and_group_only() {
    let b = RedisBudget::connect(&shared_server().url(), options("earn:budget", OnOutage::Fail)).await.unwrap();
    let key = BudgetKey { venue: "bybit-earn", account: "0123abcd", limit: &LIMIT };
    assert_eq!(b.key(&key), "earn:budget:bybit-earn:0123abcd:/api/write");
    b.acquire(&key).await.unwrap();
    let client = redis::Client::open(shared_server().url()).unwrap();
    let mut c = client.get_multiplexed_async_connection().await.unwrap();
    let ttl: i64 = redis::cmd("PTTL").arg(b.key(&key)).query_async(&mut c).await.unwrap();
    assert!(ttl > 0 && ttl <= 2_000, "the key expires soon after the budget is idle: {ttl}");
}

#[tokio::test]
async fn an_outage_fails_fast_when_told_to() {
    let mut server = RedisServer::start();
    let b = RedisBudget::connect(&server.url(), options("outage", OnOutage::Fail)).await.unwrap();
    let key = BudgetKey { venue: "okx-staking", account: "a", limit: &LIMIT };
    b.acquire(&key).await.unwrap();
    server.stop();
    for _ in 0..3 {
        let result = tokio::time::timeout(Duration::from_secs(5), b.acquire(&key)).await;
        let err = result.expect("an acquire during an outage never hangs").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BudgetUnavailable, "{err}");
        assert!(err.is_retryable(), "nothing was sent");
    }
}

#[tokio::test]
async fn an_outage_falls_back_to_a_local_share() {
    let mut server = RedisServer::start();
    let replicas = NonZeroU32::new(4).unwrap();
    let b = RedisBudget::connect(&server.url(), options("share", OnOutage::LocalShare { replicas })).await.unwrap();
    let key = BudgetKey { venue: "okx-staking", account: "a", limit: &LIMIT };
    server.stop();
    let started = Instant::now();
    for _ in 0..5 {
        tokio::time::timeout(Duration::from_secs(10), b.acquire(&key)).await.expect("never hangs").unwrap();
    }
    // A quarter of the limit: 5 requests need at least 4 spacings of 4 × 51 ms.
    let floor = LIMIT.spacing() * 4 * 4;
    assert!(started.elapsed() >= floor, "5 fallback acquires took {:?}, less than {floor:?}", started.elapsed());
}

#[tokio::test]
async fn connecting_to_nothing_is_a_typed_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let err =
        RedisBudget::connect(&format!("redis://127.0.0.1:{port}"), options("x", OnOutage::Fail)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BudgetUnavailable);
}
