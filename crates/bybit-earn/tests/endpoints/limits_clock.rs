//! Rate-limit headers, 10006 retry-after, and clock resync on 10002.

use std::time::{Duration, Instant};

use bybit_earn::api::easy_earn::{CouponCategory, EarnCategory, GetCoupons, GetPositions};
use bybit_earn::api::market::GetServerTime;
use earn_core::http::{RetryPolicy, TransportOptions};
use earn_core::{ErrorKind, UnixMillis};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer};

use crate::common::*;

#[tokio::test]
async fn a_10006_read_waits_for_the_reset_timestamp_then_succeeds() {
    let server = MockServer::start().await;
    // The envelope time is 1739936607117; the reset is 300 ms later in the venue clock.
    let limited = code(10006, "Too many visits!")
        .insert_header("X-Bapi-Limit", "10")
        .insert_header("X-Bapi-Limit-Status", "0")
        .insert_header("X-Bapi-Limit-Reset-Timestamp", "1739936607417");
    Mock::given(path("/v5/earn/position"))
        .respond_with(Sequence::new(vec![limited, ok(r#"{"list":[]}"#)]))
        .mount(&server)
        .await;
    let retry =
        RetryPolicy { max_retries: 1, initial_backoff: Duration::from_millis(1), max_backoff: Duration::from_secs(2) };
    let c = client_with(&server, TransportOptions::default().retry_policy(retry));
    let started = Instant::now();
    c.send(&GetPositions::new(EarnCategory::FlexibleSaving)).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300), "{:?}", started.elapsed());
    assert_eq!(received(&server, "/v5/earn/position").await.len(), 2);
}

#[tokio::test]
async fn a_10006_error_carries_its_retry_after() {
    let server = MockServer::start().await;
    let limited = code(10006, "Too many visits!").insert_header("X-Bapi-Limit-Reset-Timestamp", "1739936608117");
    Mock::given(path("/v5/earn/coupons")).respond_with(limited).mount(&server).await;
    let c = client_with(&server, TransportOptions::default().retry_policy(RetryPolicy::none()));
    let err = c.send(&GetCoupons::new(CouponCategory::FlexibleSaving)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(1)));
}

#[tokio::test]
async fn limit_headers_are_recorded_and_an_exhausted_budget_is_waited_out() {
    let server = MockServer::start().await;
    let c = client(&server);
    let reset = c.venue_now().0 + 400;
    let answer = ok(r#"{"list":[]}"#)
        .insert_header("X-Bapi-Limit", "10")
        .insert_header("X-Bapi-Limit-Status", "0")
        .insert_header("X-Bapi-Limit-Reset-Timestamp", reset.to_string().as_str());
    Mock::given(path("/v5/earn/position")).respond_with(answer).mount(&server).await;
    let params = GetPositions::new(EarnCategory::FlexibleSaving);
    c.send(&params).await.unwrap();
    let status = c.limit_status("/v5/earn/position").unwrap();
    assert_eq!((status.limit, status.remaining, status.reset_at), (Some(10), Some(0), Some(UnixMillis(reset))));
    let started = Instant::now();
    c.clone().send(&params).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_stale_timestamp_resyncs_the_clock_and_re_signs_once() {
    let server = MockServer::start().await;
    let ahead_ms = 90_000;
    Mock::given(path("/v5/market/time"))
        .and(Unsigned)
        .respond_with(move |_: &wiremock::Request| {
            let ms = UnixMillis::now_local().0 + ahead_ms;
            ok(&format!(r#"{{"timeSecond":"{}","timeNano":"{}"}}"#, ms / 1000, i128::from(ms) * 1_000_000))
        })
        .mount(&server)
        .await;
    Mock::given(path("/v5/earn/position"))
        .and(Signed)
        .respond_with(Sequence::new(vec![
            code(10002, "invalid request, please check your server timestamp or recv_window param"),
            ok(r#"{"list":[]}"#),
        ]))
        .mount(&server)
        .await;
    let c = client(&server);
    c.send(&GetPositions::new(EarnCategory::FlexibleSaving)).await.unwrap();
    let offset = c.clock().offset_ms();
    assert!((ahead_ms - 1_000..=ahead_ms + 1_000).contains(&offset), "offset {offset}");
    let reads = received(&server, "/v5/earn/position").await;
    assert_eq!(reads.len(), 2);
    let ts = |r: &wiremock::Request| header(r, "x-bapi-timestamp").unwrap().parse::<i64>().unwrap();
    assert!(ts(&reads[1]) - ts(&reads[0]) >= ahead_ms - 1_000);
    // A second 10002 in a row is final: authentication error, no loop.
    Mock::given(path("/v5/earn/coupons")).respond_with(code(10002, "stale")).mount(&server).await;
    let err = c.send(&GetCoupons::new(CouponCategory::FlexibleSaving)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication);
    assert_eq!(received(&server, "/v5/earn/coupons").await.len(), 2);
}

#[tokio::test]
async fn server_time_and_explicit_sync() {
    let server = MockServer::start().await;
    Mock::given(path("/v5/market/time"))
        .and(QueryIs(""))
        .and(Unsigned)
        .respond_with(ok(r#"{"timeSecond":"1688639403","timeNano":"1688639403423213947"}"#))
        .mount(&server)
        .await;
    let c = public_client(&server);
    let t = c.send(&GetServerTime).await.unwrap();
    assert_eq!(t.millis(), Some(UnixMillis(1_688_639_403_423)));
    c.sync_clock().await.unwrap();
    assert!(c.clock().is_synced());
    assert!(c.clock().offset_ms() < 0, "the mock's time is in the past");
}
