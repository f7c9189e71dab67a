//! What the venue really sends: envelope variants and error codes mapped to categories.

use earn_core::ErrorKind;
use okx_web3_defi::api::v6_product::{GetSupportedChains, SupportedChain};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

const CHAINS: &str = "/api/v6/defi/product/supported-chains";

async fn answer(t: ResponseTemplate) -> (MockServer, earn_core::Result<Vec<SupportedChain>>) {
    let s = MockServer::start().await;
    Mock::given(path(CHAINS)).respond_with(t).mount(&s).await;
    let r = client(&s).send(&GetSupportedChains).await;
    (s, r)
}

#[tokio::test]
async fn success_variants() {
    for body in [
        r#"{"code":0,"msg":"","data":[{"chainIndex":"1","network":"ETH"}]}"#,
        r#"{"code":"0","data":[{"chainIndex":1,"network":"ETH"}]}"#,
        r#"{"code":0,"data":[{"chainIndex":"1","network":"ETH"}],"error_code":"0","error_message":"","detailMsg":""}"#,
        r#"[{"chainIndex":"1","network":"ETH"}]"#,
    ] {
        let (_s, r) = answer(raw(200, body)).await;
        let chains = r.unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(chains[0].chain_index.as_ref().unwrap().as_str(), "1", "{body}");
    }
    for body in [r#"{"code":0,"msg":"","data":null}"#, r#"{"code":0}"#] {
        let (_s, r) = answer(raw(200, body)).await;
        assert!(r.unwrap().is_empty(), "{body}");
    }
}

#[tokio::test]
async fn codes_map_to_categories_and_keep_code_and_message() {
    let cases = [
        (200, r#"{"code":84019,"msg":"Address format does not match chain","data":null}"#, ErrorKind::InvalidInput),
        (400, r#"{"code":"50014","msg":"Parameter investmentId can not be empty"}"#, ErrorKind::InvalidInput),
        (200, r#"{"code":84014,"msg":"balance validation failed","data":[]}"#, ErrorKind::InsufficientBalance),
        (200, r#"{"code":84024,"msg":"investment product does not exist"}"#, ErrorKind::ProductUnavailable),
        (200, r#"{"code":84025,"msg":"nothing to claim","data":{}}"#, ErrorKind::Rejected),
        (401, r#"{"code":50113,"msg":"Invalid signature"}"#, ErrorKind::Authentication),
        (401, r#"{"code":"50112","msg":"Invalid OK-ACCESS-TIMESTAMP"}"#, ErrorKind::Authentication),
        (401, r#"{"code":"50102","msg":"Timestamp request expired"}"#, ErrorKind::Authentication),
        (200, r#"{"code":99999,"msg":"something new"}"#, ErrorKind::Rejected),
        (403, "<html>forbidden</html>", ErrorKind::Permission),
    ];
    for (status, body, kind) in cases {
        let (s, r) = answer(raw(status, body)).await;
        let err = r.unwrap_err();
        assert_eq!(err.kind(), kind, "{body}: {err:?}");
        let text = err.to_string();
        if body.starts_with('{') {
            let v: serde_json::Value = serde_json::from_str(body).unwrap();
            let code = v["code"].to_string().trim_matches('"').to_owned();
            assert!(text.contains(&code), "{text}");
            assert!(text.contains(v["msg"].as_str().unwrap()), "{text}");
        }
        assert_eq!(request_count(&s).await, 1, "definite rejections are not repeated: {body}");
    }
}

#[tokio::test]
async fn v5_detail_messages_are_used_when_msg_is_empty() {
    let (_s, r) = answer(raw(
        200,
        r#"{"code":84010,"msg":"","error_code":"84010","error_message":"token not supported","detailMsg":""}"#,
    ))
    .await;
    assert!(r.unwrap_err().to_string().contains("token not supported"));
}

#[tokio::test]
async fn rate_limits_and_server_errors_are_retried_because_every_call_is_a_read() {
    for t in [
        raw(429, r#"{"code":"50011","msg":"Too Many Requests"}"#),
        raw(500, r#"{"code":50026,"msg":"System error"}"#),
        raw(200, r#"{"code":84021,"msg":"assets syncing"}"#),
        raw(502, "<html>bad gateway</html>"),
    ] {
        let (s, r) = answer(t).await;
        assert!(r.unwrap_err().is_retryable());
        assert_eq!(request_count(&s).await, 3, "one attempt plus two retries");
    }
}

#[tokio::test]
async fn undecodable_answers_are_decode_errors_with_an_excerpt() {
    let (_s, r) = answer(raw(200, r#"{"code":0,"data":[{"chainIndex":1.5}]}"#)).await;
    let err = r.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    let (_s, r) = answer(raw(200, "<html>hello</html>")).await;
    let earn_core::Error::Decode { excerpt, .. } = r.unwrap_err() else { panic!() };
    assert!(excerpt.contains("html"));
}

#[tokio::test]
async fn a_stale_timestamp_resyncs_once_when_a_time_source_is_enabled() {
    let s = MockServer::start().await;
    let now = earn_core::UnixMillis::now_local().0 + 60_000;
    Mock::given(path("/api/v5/public/time"))
        .respond_with(raw(200, &format!(r#"{{"code":"0","msg":"","data":[{{"ts":"{now}"}}]}}"#)))
        .mount(&s)
        .await;
    Mock::given(path(CHAINS))
        .respond_with(raw(401, r#"{"code":"50102","msg":"Timestamp request expired"}"#))
        .up_to_n_times(1)
        .mount(&s)
        .await;
    Mock::given(path(CHAINS)).respond_with(ok("[]")).mount(&s).await;
    let c = okx_web3_defi::OkxWeb3DefiClient::builder()
        .base_url(s.uri())
        .credentials(credentials())
        .transport(transport())
        .server_time(okx_web3_defi::ServerTime::OkxPublicTime)
        .build()
        .unwrap();
    c.send(&GetSupportedChains).await.unwrap();
    assert!((59_000..=61_000).contains(&c.clock().offset_ms()));
    let reqs = s.received_requests().await.unwrap();
    assert!(reqs[1].headers.get("ok-access-sign").is_none(), "the time endpoint is public");
    assert_eq!(reqs.iter().filter(|r| r.url.path() == CHAINS).count(), 2);
}

/// A success without `data` (or with `data: null`) decodes as an empty answer, whether the
/// endpoint answers a list or an object.
#[tokio::test]
async fn missing_data_is_an_empty_list_or_an_empty_model() {
    use okx_web3_defi::api::v6_product::GetProductDetail;
    use okx_web3_defi::api::v6_transaction::BuildClaim;
    for body in [r#"{"code":0,"msg":"","data":null}"#, r#"{"code":"0"}"#] {
        let s = MockServer::start().await;
        Mock::given(path("/api/v6/defi/product/detail")).respond_with(raw(200, body)).mount(&s).await;
        Mock::given(path("/api/v6/defi/transaction/claim")).respond_with(raw(200, body)).mount(&s).await;
        let c = client(&s);
        let detail = c.send(&GetProductDetail::new(okx_web3_defi::InvestmentId::parse("1").unwrap())).await.unwrap();
        assert_eq!(detail, Default::default(), "{body}");
        let mut claim = BuildClaim::new(EVM_WALLET, okx_web3_defi::api::v6_transaction::RewardType::RewardInvestment);
        claim.investment_id = Some(okx_web3_defi::InvestmentId::parse("1").unwrap());
        assert!(c.send(&claim).await.unwrap().data_list.is_empty(), "{body}");
    }
}
