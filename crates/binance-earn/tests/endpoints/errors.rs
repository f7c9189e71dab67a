//! Errors and write outcomes (reference §4): codes to error kinds, what may have happened
//! is `OutcomeUnknown` (never repeated), rate limits and bans, the clock.

use std::time::Duration;

use binance_earn::api::flexible::{GetFlexiblePositions, RedeemFlexible, SubscribeFlexible};
use binance_earn::api::locked::RedeemLocked;
use binance_earn::api::simple_earn::{DestAccount, SourceAccount};
use binance_earn::api::wallet::{TransferType, UniversalTransfer};
use earn_core::{Amount, ErrorKind, Operation};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{
    KEY, SECRET, Sequence, Signed, client, code, hmac_hex, ok, params, received, received_at, split_signature,
    timestamp,
};

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

/// Write intents name what reconciliation needs, each in its own field: a locked
/// redemption's position in `position_id` (not `order_id`), a transfer's direction in
/// `from_account`/`to_account` (not `product`), a subscription's source account in
/// `from_account`, a flexible redemption's destination in `to_account`.
#[tokio::test]
async fn other_write_intents_name_their_keys() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    let c = client(&server);
    let accounts = |i: &earn_core::ReconcileIntent| {
        (i.from_account.as_ref().map(|a| a.as_str().to_owned()), i.to_account.as_ref().map(|a| a.as_str().to_owned()))
    };
    let e = c.send(&RedeemLocked::new("347608223")).await.unwrap_err();
    let i = e.reconcile_intent().unwrap();
    assert_eq!((i.operation, i.position_id.as_deref()), (Operation::Redeem, Some("347608223")));
    assert_eq!(i.order_id, None);
    let e = c.send(&UniversalTransfer::new(TransferType::MainFunding, "USDT", Amount::from(5))).await.unwrap_err();
    let i = e.reconcile_intent().unwrap();
    assert_eq!(i.operation, Operation::Transfer);
    assert_eq!(accounts(i), (Some("SPOT".into()), Some("FUNDING".into())));
    assert_eq!(i.product, None);
    assert_eq!(i.asset.as_ref().map(|a| a.as_str()), Some("USDT"));
    let e = c.send(&UniversalTransfer::new(TransferType::UmfutureMain, "USDT", Amount::from(5))).await.unwrap_err();
    assert_eq!(accounts(e.reconcile_intent().unwrap()), (Some("UMFUTURE".into()), Some("MAIN".into())));

    let e = c.send(&subscribe().source_account(SourceAccount::Fund)).await.unwrap_err();
    assert_eq!(accounts(e.reconcile_intent().unwrap()), (Some("FUNDING".into()), None));
    // Binance's default source is SPOT; ALL draws on both, so no single account is named.
    let e = c.send(&subscribe()).await.unwrap_err();
    assert_eq!(accounts(e.reconcile_intent().unwrap()), (Some("SPOT".into()), None));
    let e = c.send(&subscribe().source_account(SourceAccount::All)).await.unwrap_err();
    assert_eq!(accounts(e.reconcile_intent().unwrap()), (None, None));
    let redeem = RedeemFlexible::new("USDT001", Amount::from(1)).dest_account(DestAccount::Fund);
    let e = c.send(&redeem).await.unwrap_err();
    let i = e.reconcile_intent().unwrap();
    assert_eq!(
        (i.product.as_ref().map(|p| p.as_str()), accounts(i)),
        (Some("USDT001"), (None, Some("FUNDING".into())))
    );
}

/// Each endpoint's weight is a limit: two flexible subscribes are at least 3 s apart
/// ("1/3s per account"). The second is signed after its wait, not before: its timestamp
/// is 3 s later than the first's (guards the old client, which signed before the rate
/// budget was acquired, so a queued write went out with a stale timestamp).
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
    let sent = received(&server).await;
    assert_eq!(sent.len(), 2);
    let gap = timestamp(&sent[1]) - timestamp(&sent[0]);
    assert!(gap >= 2_900, "the queued write was signed before its wait: timestamps {gap} ms apart");
}

/// A retried read is signed again for each attempt: a fresh timestamp, a signature over
/// exactly that attempt's query, the parameters unchanged in front (guards the old
/// client, whose pre-signed query was resent unchanged by the executor's retries).
#[tokio::test]
async fn a_retried_request_is_signed_again_with_a_fresh_timestamp() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(POSITION))
        .and(Signed)
        .respond_with(Sequence::new(vec![
            ResponseTemplate::new(503).set_delay(Duration::from_millis(50)),
            ok(r#"{"rows":[],"total":0}"#),
        ]))
        .mount(&server)
        .await;
    let c = client(&server);
    c.send(&GetFlexiblePositions::new().product_id("USDT001")).await.unwrap();
    let sent = received(&server).await;
    assert_eq!(sent.len(), 2, "one retry");
    for r in &sent {
        assert_eq!(params(r), "productId=USDT001");
        let (signed, sig) = split_signature(r).unwrap();
        assert_eq!(sig, hmac_hex(signed.as_bytes()), "each signature covers its own attempt's query");
    }
    let (first, second) = (timestamp(&sent[0]), timestamp(&sent[1]));
    assert!(second >= first + 50, "the retry was not re-signed: timestamps {first} and {second}");
    assert_ne!(split_signature(&sent[0]), split_signature(&sent[1]));
}
