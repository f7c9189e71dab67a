//! retCodes and HTTP statuses mapped to earn-core categories, venue code and message kept.

mod common;

use std::time::Duration;

use bybit_earn::*;
use common::*;
use earn_core::ErrorKind;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn read_error(answer: ResponseTemplate) -> (earn_core::Error, usize) {
    let server = MockServer::start().await;
    Mock::given(path("/v5/earn/position")).respond_with(answer).mount(&server).await;
    let err = client(&server).positions(&PositionParams::new(EarnCategory::FlexibleSaving)).await.unwrap_err();
    let n = received(&server, "/v5/earn/position").await.len();
    (err, n)
}

#[tokio::test]
async fn business_codes_map_to_categories_and_keep_code_and_message() {
    let cases = [
        (10001, ErrorKind::Rejected),
        (10003, ErrorKind::Authentication),
        (10004, ErrorKind::Authentication),
        (10005, ErrorKind::Permission),
        (10010, ErrorKind::Permission),
        (180002, ErrorKind::ProductUnavailable),
        (180007, ErrorKind::ProductUnavailable),
        (180015, ErrorKind::ProductUnavailable),
        (180016, ErrorKind::InsufficientBalance),
        (180022, ErrorKind::Permission),
        (180029, ErrorKind::Rejected),
    ];
    for (c, kind) in cases {
        let (err, n) = read_error(code(c, "venue says no")).await;
        assert_eq!(err.kind(), kind, "{c}: {err}");
        let ve = err.venue_error().unwrap();
        assert_eq!((ve.code.as_str(), ve.message.as_str()), (c.to_string().as_str(), "venue says no"));
        assert_eq!(n, 1, "{c}: definite rejections are not retried");
    }
}

#[tokio::test]
async fn server_side_codes_on_reads_are_retried_then_unavailable() {
    for c in [10000, 10016, 180018] {
        let (err, n) = read_error(code(c, "busy")).await;
        assert_eq!(err.kind(), ErrorKind::Unavailable, "{c}");
        assert_eq!(err.venue_error().unwrap().code, c.to_string());
        assert_eq!(n, 3, "one attempt plus two retries");
    }
}

#[tokio::test]
async fn http_statuses_are_mapped() {
    let (err, n) = read_error(ResponseTemplate::new(401).set_body_string("unauthorized")).await;
    assert_eq!((err.kind(), n), (ErrorKind::Authentication, 1));
    assert_eq!(err.venue_error().unwrap().code, "HTTP 401");
    let (err, _) = read_error(ResponseTemplate::new(404)).await;
    assert_eq!(err.kind(), ErrorKind::Rejected);
    let (err, n) = read_error(ResponseTemplate::new(429)).await;
    assert_eq!((err.kind(), n), (ErrorKind::RateLimited, 3));
    let (err, n) = read_error(ResponseTemplate::new(503)).await;
    assert_eq!((err.kind(), n), (ErrorKind::Unavailable, 3));
    let (err, _) =
        read_error(ResponseTemplate::new(200).set_body_string("{\"retCode\":0,\"result\":{\"list\":[")).await;
    assert_eq!(err.kind(), ErrorKind::Decode);
}

#[tokio::test]
async fn an_ip_ban_backs_off_ten_minutes_and_is_refused_locally() {
    let server = MockServer::start().await;
    Mock::given(path("/v5/earn/position"))
        .respond_with(ResponseTemplate::new(403).set_body_string("access too frequent"))
        .mount(&server)
        .await;
    let c = client(&server);
    let params = PositionParams::new(EarnCategory::FlexibleSaving);
    let err = c.positions(&params).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert!(err.retry_after().unwrap() >= Duration::from_secs(600));
    assert_eq!(err.venue_error().unwrap().message, "access too frequent");
    let clone = c.clone();
    let again = clone.products(&ProductParams::new(EarnCategory::OnChain)).await.unwrap_err();
    assert_eq!(again.kind(), ErrorKind::RateLimited);
    assert!(again.retry_after().unwrap() > Duration::from_secs(590));
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "clones share the ban; nothing else sent");
    c.clear_ip_ban();
    let _ = c.positions(&params).await;
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn definite_rejections_of_writes_are_typed_not_unknown() {
    let server = MockServer::start().await;
    Mock::given(path("/v5/earn/place-order")).respond_with(code(180016, "balance not enough")).mount(&server).await;
    let p = PlaceOrderParams::stake(EarnCategory::FlexibleSaving, "BTC", "430", earn_core::Amount::from(1));
    let err = client(&server).place_order(&p).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InsufficientBalance);
    assert!(!err.maybe_happened());
    assert_eq!(received(&server, "/v5/earn/place-order").await.len(), 1);
}

#[tokio::test]
async fn secrets_never_appear_in_errors_or_debug_output() {
    let server = MockServer::start().await;
    Mock::given(path("/v5/earn/place-order")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    let c = client(&server);
    let p = PlaceOrderParams::stake(EarnCategory::FlexibleSaving, "BTC", "430", earn_core::Amount::from(1));
    let err = c.place_order(&p).await.unwrap_err();
    for shown in [format!("{err:?}"), err.to_string(), format!("{c:?}")] {
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(!shown.contains(KEY), "{shown}");
    }
}
