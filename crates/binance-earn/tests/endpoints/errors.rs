//! Errors and write outcomes (reference §4): codes to error kinds, what may have happened
//! is `OutcomeUnknown` (never repeated), rate limits and bans, the clock.

use std::time::Duration;

use binance_earn::api::flexible::{GetFlexiblePositions, SubscribeFlexible};
use binance_earn::api::locked::RedeemLocked;
use binance_earn::api::wallet::{TransferType, UniversalTransfer};
use earn_core::{Amount, ErrorKind, Operation};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{KEY, SECRET, Sequence, Signed, client, code, ok, received, received_at, timestamp};

const SUBSCRIBE: &str = "/sapi/v1/simple-earn/flexible/subscribe";
const POSITION: &str = "/sapi/v1/simple-earn/flexible/position";

fn subscribe() -> SubscribeFlexible {
    SubscribeFlexible::new("USDT001", Amount::parse("100.5").unwrap())
}

/// Sends one flexible subscribe answered with `answer`; returns the error and how many
/// requests reached the server.
async fn write_answered(answer: ResponseTemplate) -> (earn_core::Error, usize) {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path(SUBSCRIBE)).respond_with(answer).mount(&server).await;
    let err = client(&server).send(&subscribe()).await.unwrap_err();
    (err, received(&server).await.len())
}

/// §4.4 "outcome unknown": 5XX, the codes that say so, `success` other than `true`, a
/// body that is not JSON. The write is sent once and its intent names what was sent.
#[tokio::test]
async fn writes_that_may_have_happened_are_outcome_unknown_and_never_repeated() {
    for answer in [
        ResponseTemplate::new(500),
        ResponseTemplate::new(503).set_body_string("<html>busy</html>"),
        code(400, -1007, "Timeout waiting for response from backend server."),
        code(400, -1006, "Unexpected response"),
        code(400, -6019, "Need confirm"),
        code(400, -6013, "Purchasing failed"),
        code(400, -5012, "Asset transfer is in pending."),
        code(400, -1000, "An unknown error occurred"),
        code(400, -9999, "a code the reference does not list"),
        ok(r#"{"purchaseId":40607,"success":false}"#),
        ok("not json"),
        ResponseTemplate::new(404).set_body_string("<html>gateway</html>"),
    ] {
        let (err, sent) = write_answered(answer.clone()).await;
        assert_eq!(err.kind(), ErrorKind::OutcomeUnknown, "{err}");
        assert_eq!(sent, 1, "a write that may have happened was repeated: {err}");
        let intent = err.reconcile_intent().unwrap();
        assert_eq!(intent.operation, Operation::Stake);
        assert_eq!(intent.endpoint, SUBSCRIBE);
        assert_eq!(intent.product.as_ref().map(|p| p.as_str()), Some("USDT001"));
        assert_eq!(intent.amount, Some(Amount::parse("100.5").unwrap()));
        assert!(intent.sent_at.is_some());
    }
}

/// §4.4 "rejected": each class keeps Binance's code.
#[tokio::test]
async fn definite_rejections_keep_their_kind_and_code() {
    for (answer, kind, c) in [
        (code(400, -1022, "Signature for this request is not valid."), ErrorKind::Authentication, "-1022"),
        (code(401, -2015, "Invalid API-key, IP, or permissions for action."), ErrorKind::Permission, "-2015"),
        (code(400, -6012, "Balance not enough"), ErrorKind::InsufficientBalance, "-6012"),
        (code(400, -6004, "Product not in purchase status"), ErrorKind::ProductUnavailable, "-6004"),
        (code(400, -6005, "Smaller than min purchase limit"), ErrorKind::Rejected, "-6005"),
        (code(400, -1102, "Mandatory parameter 'amount' was not sent"), ErrorKind::InvalidInput, "-1102"),
        (code(400, -6009, "Request frequency too high"), ErrorKind::RateLimited, "-6009"),
        (ResponseTemplate::new(403).set_body_string("WAF"), ErrorKind::Rejected, "HTTP 403"),
    ] {
        let (err, sent) = write_answered(answer).await;
        assert_eq!(err.kind(), kind, "{err}");
        assert_eq!(sent, 1);
        if kind != ErrorKind::InvalidInput {
            assert_eq!(err.venue_error().unwrap().code, c);
        } else {
            assert!(err.to_string().contains(c), "{err}");
        }
    }
}

/// HTTP 429 on a write: rejected (nothing applied), with Binance's `Retry-After`.
#[tokio::test]
async fn a_rate_limited_write_is_rejected_with_its_wait() {
    let answer = code(429, -1003, "Too much request weight used").insert_header("Retry-After", "7");
    let (err, sent) = write_answered(answer).await;
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(sent, 1);
}

/// Reads are repeated through transient faults (5XX, 429); writes never are.
#[tokio::test]
async fn reads_are_retried_through_transient_faults() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(POSITION))
        .and(Signed)
        .respond_with(Sequence::new(vec![
            ResponseTemplate::new(502),
            code(429, -1003, "slow down"),
            ok(r#"{"rows":[],"total":0}"#),
        ]))
        .mount(&server)
        .await;
    let rows = client(&server).send(&GetFlexiblePositions::new()).await.unwrap();
    assert!(rows.rows.is_empty());
    assert_eq!(received(&server).await.len(), 3);
}

/// HTTP 418 bans the IP: the ban is honoured locally (nothing is sent) until cleared.
#[tokio::test]
async fn an_ip_ban_refuses_locally_until_it_ends() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(POSITION))
        .respond_with(Sequence::new(vec![
            code(418, -1003, "Way too much request weight used; IP banned").insert_header("Retry-After", "120"),
            ok(r#"{"rows":[],"total":0}"#),
        ]))
        .mount(&server)
        .await;
    let c = client(&server);
    let err = c.send(&GetFlexiblePositions::new()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    let again = c.send(&GetFlexiblePositions::new()).await.unwrap_err();
    assert_eq!(again.kind(), ErrorKind::RateLimited);
    assert!(again.retry_after().is_some_and(|d| d > Duration::from_secs(100)));
    assert_eq!(received(&server).await.len(), 1, "nothing is sent during a ban");
    c.clear_ip_ban();
    c.send(&GetFlexiblePositions::new()).await.unwrap();
}

/// `-1021`: the client learns Binance's clock and signs once more with it; the write was
/// not applied, so sending it again is safe.
#[tokio::test]
async fn a_stale_timestamp_resyncs_the_clock_and_signs_again() {
    let server = MockServer::start().await;
    let server_time = 1_900_000_000_000i64;
    Mock::given(method("GET"))
        .and(path("/api/v3/time"))
        .respond_with(ok(&format!(r#"{{"serverTime":{server_time}}}"#)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(SUBSCRIBE))
        .and(Signed)
        .respond_with(Sequence::new(vec![
            code(400, -1021, "Timestamp for this request is outside of the recvWindow."),
            ok(r#"{"purchaseId":1,"success":true}"#),
        ]))
        .mount(&server)
        .await;
    let answer = client(&server).send(&subscribe()).await.unwrap();
    assert_eq!(answer.purchase_id.as_deref(), Some("1"));
    let sent = received_at(&server, SUBSCRIBE).await;
    assert_eq!(sent.len(), 2);
    let (first, second) = (timestamp(&sent[0]), timestamp(&sent[1]));
    assert!(first < server_time - 1_000_000, "first attempt used the local clock");
    assert!((second - server_time).abs() < 60_000, "second attempt used Binance's clock: {second}");
}

/// The executor scrubs credentials Binance might echo before they reach an error.
#[tokio::test]
async fn echoed_credentials_never_reach_an_error() {
    let msg = format!("bad key {KEY} secret {SECRET}");
    let (err, _) = write_answered(code(400, -2014, &msg)).await;
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(KEY) && !shown.contains(SECRET), "{shown}");
}

/// Locked redemption and universal transfer intents name what reconciliation needs.
#[tokio::test]
async fn other_write_intents_name_their_keys() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    let c = client(&server);
    let e = c.send(&RedeemLocked::new("347608223")).await.unwrap_err();
    let i = e.reconcile_intent().unwrap();
    assert_eq!((i.operation, i.order_id.as_ref().map(|o| o.as_str())), (Operation::Redeem, Some("347608223")));
    let e = c.send(&UniversalTransfer::new(TransferType::MainFunding, "USDT", Amount::from(5))).await.unwrap_err();
    let i = e.reconcile_intent().unwrap();
    assert_eq!(i.operation, Operation::Transfer);
    assert_eq!(i.product.as_ref().map(|p| p.as_str()), Some("MAIN_FUNDING"));
    assert_eq!(i.asset.as_ref().map(|a| a.as_str()), Some("USDT"));
}

/// Each endpoint's weight is a limit: two flexible subscribes are at least 3 s apart
/// ("1/3s per account").
#[tokio::test]
async fn the_per_account_write_limit_spaces_writes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(SUBSCRIBE))
        .respond_with(ok(r#"{"purchaseId":1,"success":true}"#))
        .mount(&server)
        .await;
    let c = binance_earn::BinanceEarnClient::builder(binance_earn::Environment::Production)
        .base_url(server.uri())
        .credentials(earn_core::Credentials::new(KEY, SECRET))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    c.send(&subscribe()).await.unwrap();
    c.send(&subscribe()).await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(3), "{:?}", started.elapsed());
}
