//! OKX codes and HTTP statuses → earn-core categories; writes that may have acted are
//! OutcomeUnknown and are never repeated.

use std::time::Duration;

use earn_core::{EarnVenue, ErrorKind, Operation};
use okx_staking::api::staking::{GetBalance, Purchase, StakingCoin};
use wiremock::{MockServer, ResponseTemplate};

use crate::common::*;

const PURCHASE: &str = "/api/v5/finance/staking-defi/eth/purchase";
const BALANCE: &str = "/api/v5/finance/staking-defi/eth/balance";
const HISTORY: &str = "/api/v5/finance/staking-defi/eth/purchase-redeem-history";

fn one() -> Purchase {
    Purchase::new(StakingCoin::Eth, amt("1"))
}

async fn write_error_at(answer: ResponseTemplate) -> (earn_core::Error, MockServer) {
    let server = MockServer::start().await;
    signed("POST", PURCHASE).respond_with(answer).mount(&server).await;
    let err = client(&server).send(&one()).await.unwrap_err();
    assert_eq!(requests(&server, PURCHASE).await.len(), 1, "a write is sent exactly once: {err:?}");
    (err, server)
}

async fn write_error(answer: ResponseTemplate) -> earn_core::Error {
    write_error_at(answer).await.0
}

async fn read_error(answer: ResponseTemplate) -> (earn_core::Error, usize) {
    let server = MockServer::start().await;
    signed("GET", BALANCE).respond_with(answer).mount(&server).await;
    let err = client(&server).send(&GetBalance::new(StakingCoin::Eth)).await.unwrap_err();
    (err, requests(&server, BALANCE).await.len())
}

#[tokio::test]
async fn definite_rejections_keep_code_message_and_status() {
    let cases = [
        (401, "50113", ErrorKind::Authentication),
        (401, "50105", ErrorKind::Authentication),
        (200, "50119", ErrorKind::Authentication),
        (200, "50120", ErrorKind::Permission),
        (403, "50035", ErrorKind::Permission),
        (200, "50038", ErrorKind::Permission),
        (200, "51732", ErrorKind::Permission),
        (200, "51736", ErrorKind::InsufficientBalance),
        (200, "51730", ErrorKind::ProductUnavailable),
        (200, "51731", ErrorKind::ProductUnavailable),
        (200, "51727", ErrorKind::Rejected),
        (400, "51000", ErrorKind::Rejected),
        (400, "50014", ErrorKind::Rejected),
        (200, "51759", ErrorKind::Rejected),
    ];
    for (status, code, kind) in cases {
        let err = write_error(okx_error(status, code, "venue says no")).await;
        assert_eq!(err.kind(), kind, "{code}: {err:?}");
        let ve = err.venue_error().unwrap();
        assert_eq!((ve.code.as_str(), ve.message.as_str(), ve.http_status), (code, "venue says no", Some(status)));
        assert_eq!(ve.venue.as_str(), "okx-staking");
    }
}

#[tokio::test]
async fn writes_that_may_have_acted_are_outcome_unknown() {
    let cases = [
        okx_error(400, "50004", "Endpoint request timeout"),
        okx_error(503, "50001", "Service temporarily unavailable"),
        okx_error(500, "50026", "System error"),
        okx_error(429, "50013", "Systems are busy"),
        okx_error(200, "1", "Operation failed"),
        okx_error(200, "50042", "Repeated request"),
        okx_error(200, "59999", "a code not in the reference"),
        ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"),
        ResponseTemplate::new(200).set_body_string("not json"),
    ];
    for answer in cases {
        let (err, server) = write_error_at(answer).await;
        assert_eq!(err.kind(), ErrorKind::OutcomeUnknown, "{err:?}");
        assert!(err.maybe_happened() && !err.is_retryable());
        let intent = err.reconcile_intent().unwrap();
        assert_eq!(intent.operation, Operation::Stake);
        assert_eq!(intent.endpoint, PURCHASE);
        assert_eq!(intent.asset.as_ref().unwrap().as_str(), "ETH");
        assert_eq!(intent.amount.unwrap().to_string(), "1");
        assert!(intent.sent_at.is_some());
        // The typed client builds no adapter ids (no `eth` product); its endpoint names the
        // family, and the adapter settles the intent all the same.
        assert_eq!(intent.product, None);
        signed("GET", HISTORY).respond_with(ok("[]")).mount(&server).await;
        let answer = venue(&server, Duration::from_secs(3600)).reconcile(intent).await.unwrap();
        assert!(answer.is_still_unknown(), "{answer:?}");
        let answer = venue(&server, Duration::ZERO).reconcile(intent).await.unwrap();
        assert_eq!(answer, earn_core::Reconciliation::DidNotHappen);
    }
}

#[tokio::test]
async fn rate_limits_are_typed_and_a_write_is_not_repeated() {
    for (status, code) in [(429, "50011"), (200, "50011"), (200, "50040")] {
        let answer = okx_error(status, code, "Too Many Requests").insert_header("retry-after", "1");
        let err = write_error(answer).await;
        assert_eq!(err.kind(), ErrorKind::RateLimited, "{err:?}");
        assert_eq!(err.retry_after(), Some(Duration::from_secs(1)));
        assert!(err.is_retryable() && !err.maybe_happened());
    }
}

#[tokio::test]
async fn code_may_be_a_json_number_and_data_may_be_missing() {
    let err = write_error(
        ResponseTemplate::new(429).set_body_raw(r#"{"msg":"Too Many Requests","code":50011}"#, "application/json"),
    )
    .await;
    assert_eq!(err.venue_error().unwrap().code, "50011");
    assert_eq!(err.kind(), ErrorKind::RateLimited);
}

#[tokio::test]
async fn reads_retry_transient_failures_and_never_call_them_unknown() {
    let (err, n) = read_error(okx_error(503, "50001", "Service temporarily unavailable")).await;
    assert_eq!(err.kind(), ErrorKind::Unavailable);
    assert_eq!(n, 3, "one attempt plus two retries");
    let (err, n) = read_error(okx_error(429, "50011", "Too Many Requests")).await;
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(n, 3);
    let (err, n) = read_error(okx_error(200, "59999", "unlisted")).await;
    assert_eq!(err.kind(), ErrorKind::Rejected);
    assert_eq!(n, 1);
    let (err, _) =
        read_error(ResponseTemplate::new(200).set_body_string(r#"{"code":"0","data":[{"amt":"1e5"}]}"#)).await;
    let earn_core::Error::Decode { excerpt, .. } = &err else { panic!("{err:?}") };
    assert!(excerpt.contains("1e5"));
}

#[tokio::test]
async fn secrets_never_reach_errors() {
    let err = write_error(okx_error(401, "50113", "Invalid Sign")).await;
    for shown in [format!("{err:?}"), err.to_string()] {
        assert!(!shown.contains(SECRET) && !shown.contains(PASSPHRASE) && !shown.contains(KEY), "{shown}");
    }
}
