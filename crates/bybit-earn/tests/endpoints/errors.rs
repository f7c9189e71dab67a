//! retCodes and HTTP statuses mapped to earn-core categories, venue code and message kept;
//! secrets Bybit echoes never reach an error.

use std::time::Duration;

use bybit_earn::api::easy_earn::{CouponCategory, EarnCategory, GetCoupons, GetPositions, GetProducts, PlaceOrder};
use bybit_earn::api::fixed_saving::{FixedCategory, RedeemFixedPosition};
use earn_core::http::{RetryPolicy, TransportOptions};
use earn_core::{Amount, ErrorKind};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::common::*;

async fn read_error(answer: ResponseTemplate) -> (earn_core::Error, usize) {
    let server = MockServer::start().await;
    Mock::given(path("/v5/earn/position")).respond_with(answer).mount(&server).await;
    let err = client(&server).send(&GetPositions::new(EarnCategory::FlexibleSaving)).await.unwrap_err();
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
    let params = GetPositions::new(EarnCategory::FlexibleSaving);
    let err = c.send(&params).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert!(err.retry_after().unwrap() >= Duration::from_secs(600));
    assert_eq!(err.venue_error().unwrap().message, "access too frequent");
    let clone = c.clone();
    let again = clone.send(&GetProducts::new(EarnCategory::OnChain)).await.unwrap_err();
    assert_eq!(again.kind(), ErrorKind::RateLimited);
    assert!(again.retry_after().unwrap() > Duration::from_secs(590));
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "clones share the ban; nothing else sent");
    c.clear_ip_ban();
    let _ = c.send(&params).await;
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn definite_rejections_of_writes_are_typed_not_unknown() {
    let server = MockServer::start().await;
    Mock::given(path("/v5/earn/place-order")).respond_with(code(180016, "balance not enough")).mount(&server).await;
    let p = PlaceOrder::stake(EarnCategory::FlexibleSaving, "BTC", "430", Amount::from(1));
    let err = client(&server).send(&p).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InsufficientBalance);
    assert!(!err.maybe_happened());
    assert_eq!(received(&server, "/v5/earn/place-order").await.len(), 1);
}

/// Issue 10, defect: HTTP 429 or retCode 10006 on a write means Bybit did not act. It was
/// `OutcomeUnknown` (HTTP 429); it is `RateLimited`, sent once without retries, and never
/// carries an intent to reconcile.
#[tokio::test]
async fn a_rate_limited_write_is_rate_limited_not_outcome_unknown() {
    let answers = [
        ResponseTemplate::new(429).insert_header("Retry-After", "1").set_body_string("Too Many Requests"),
        code(10006, "Too many visits!"),
    ];
    for answer in answers {
        let server = MockServer::start().await;
        Mock::given(path("/v5/earn/place-order")).respond_with(answer.clone()).mount(&server).await;
        Mock::given(path("/v5/earn/fixed-term/redeem")).respond_with(answer).mount(&server).await;
        let c = client_with(&server, TransportOptions::default().retry_policy(RetryPolicy::none()));
        let stake = PlaceOrder::stake(EarnCategory::FlexibleSaving, "BTC", "430", amt("0.5"));
        let err = c.send(&stake).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::RateLimited, "{err}");
        assert!(!err.maybe_happened() && err.reconcile_intent().is_none());
        assert!(err.is_retryable());
        let redeem = RedeemFixedPosition::new(FixedCategory::FundPool, "1001", "200001");
        let err = c.send(&redeem).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::RateLimited, "{err}");
        assert!(!err.maybe_happened());
        assert_eq!(received(&server, "/v5/earn/place-order").await.len(), 1);
        assert_eq!(received(&server, "/v5/earn/fixed-term/redeem").await.len(), 1);
    }
}

#[tokio::test]
async fn secrets_never_appear_in_errors_or_debug_output() {
    let server = MockServer::start().await;
    Mock::given(path("/v5/earn/place-order")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    let c = client(&server);
    let p = PlaceOrder::stake(EarnCategory::FlexibleSaving, "BTC", "430", Amount::from(1));
    let err = c.send(&p).await.unwrap_err();
    for shown in [format!("{err:?}"), err.to_string(), format!("{c:?}")] {
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(!shown.contains(KEY), "{shown}");
    }
}

/// What Bybit answers a bad signature with: `error sign! origin_string[...]` holding the
/// timestamp, the full API key, the receive window and the payload; here also the
/// signature sent and the secret, as a worst case.
fn echo_signature_error(status: u16) -> impl Fn(&Request) -> ResponseTemplate {
    move |r: &Request| {
        let ts = header(r, "x-bapi-timestamp").unwrap_or_default();
        let sign = header(r, "x-bapi-sign").unwrap_or_default();
        let payload = if r.method.as_str() == "GET" {
            r.url.query().unwrap_or_default().to_owned()
        } else {
            String::from_utf8_lossy(&r.body).into_owned()
        };
        let msg = format!("error sign! origin_string[{ts}{KEY}5000{payload}] sign[{sign}] secret[{SECRET}]");
        let body = serde_json::json!({"retCode": 10004, "retMsg": msg, "result": {}, "retExtInfo": {}, "time": 1});
        ResponseTemplate::new(status).set_body_json(body)
    }
}

/// Issue 10, defect: Bybit's `error sign! origin_string[timestamp + APIKEY + ...]` was
/// copied into the error's `Display` and `Debug`, printing the full API key. Neither the
/// key, the secret nor the signature may appear, for reads, writes and non-200 answers.
#[tokio::test]
async fn an_echoed_key_secret_or_signature_never_reaches_an_error() {
    let server = MockServer::start().await;
    Mock::given(path("/v5/earn/position")).respond_with(echo_signature_error(200)).mount(&server).await;
    Mock::given(path("/v5/earn/place-order")).respond_with(echo_signature_error(200)).mount(&server).await;
    Mock::given(path("/v5/earn/coupons")).respond_with(echo_signature_error(401)).mount(&server).await;
    let c = client(&server);
    let errors = [
        c.send(&GetPositions::new(EarnCategory::FlexibleSaving).coin("BTC")).await.unwrap_err(),
        c.send(&PlaceOrder::stake(EarnCategory::FlexibleSaving, "BTC", "430", amt("0.5"))).await.unwrap_err(),
        c.send(&GetCoupons::new(CouponCategory::FlexibleSaving)).await.unwrap_err(),
    ];
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 3, "a signature error is not retried");
    let signatures: Vec<String> = sent.iter().map(|r| header(r, "x-bapi-sign").unwrap().to_owned()).collect();
    for err in &errors {
        assert_eq!(err.kind(), ErrorKind::Authentication, "{err}");
        let message = &err.venue_error().unwrap().message;
        assert!(message.contains("error sign! origin_string["), "the venue's message is kept: {message}");
        assert!(message.contains("[redacted]"), "{message}");
        for shown in [err.to_string(), format!("{err:?}"), format!("{err:#?}")] {
            assert!(!shown.contains(KEY), "API key in {shown}");
            assert!(!shown.contains(SECRET), "secret in {shown}");
            for sig in &signatures {
                assert!(!shown.contains(sig.as_str()), "signature in {shown}");
            }
        }
    }
}
