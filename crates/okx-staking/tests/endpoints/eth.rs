//! Every ETH staking endpoint: method, path, query, headers, signature, body and decoding.

use earn_core::UnixMillis;
use okx_staking::api::staking::*;
use wiremock::matchers::{body_string, method, path, query_param};
use wiremock::{Mock, MockServer};

use crate::common::*;

const BASE: &str = "/api/v5/finance/staking-defi/eth";
const ETH: StakingCoin = StakingCoin::Eth;

#[tokio::test]
async fn product_info_is_signed_and_decodes_new_fields() {
    let server = MockServer::start().await;
    signed("GET", &format!("{BASE}/product-info"))
        .and(ExactQuery(""))
        .and(BodyBytes(""))
        .respond_with(ok(
            r#"[{"fastRedemptionDailyLimit":"100","rate":"2.23","redemptDays":"8","minAmt":"0.001","someNewField":"x"}]"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let answer = client(&server).send(&GetProductInfo::new(ETH)).await.unwrap();
    let [info] = answer.as_slice() else { panic!("one row: {answer:?}") };
    assert_eq!(info.fast_redemption_daily_limit, Some(amt("100")));
    assert_eq!(info.rate_as_percent().unwrap().to_string(), "0.0223");
    assert_eq!(info.redempt_days, Some(8));
    assert_eq!(info.min_amt, Some(amt("0.001")));
    assert_eq!(info.fast_redemption_avail, None);
}

#[tokio::test]
async fn product_info_of_2024_has_one_field() {
    let server = MockServer::start().await;
    signed("GET", &format!("{BASE}/product-info"))
        .respond_with(ok(r#"[{"fastRedemptionDailyLimit":"100"}]"#))
        .mount(&server)
        .await;
    let answer = client(&server).send(&GetProductInfo::new(ETH)).await.unwrap();
    let info = &answer.as_slice()[0];
    assert_eq!(info.min_amt, None);
    assert_eq!(info.rate, None);
}

#[tokio::test]
async fn purchase_sends_compact_string_amount_once() {
    let server = MockServer::start().await;
    signed("POST", &format!("{BASE}/purchase"))
        .and(body_string(r#"{"amt":"0.5"}"#))
        .respond_with(ok("[]"))
        .expect(1)
        .mount(&server)
        .await;
    let answer = client(&server).send(&Purchase::new(ETH, amt("0.5"))).await.unwrap();
    assert!(answer.is_empty(), "OKX answers data: [] (no order id)");
    let r = &requests(&server, &format!("{BASE}/purchase")).await[0];
    assert_eq!(r.headers.get("content-type").unwrap(), "application/json");
    assert!(r.headers.get("x-simulated-trading").is_none(), "live sends no demo header");
}

#[tokio::test]
async fn purchase_minimum_is_local_and_never_sent() {
    let server = MockServer::start().await;
    signed("POST", &format!("{BASE}/purchase"))
        .and(body_string(r#"{"amt":"0.5"}"#))
        .respond_with(ok("[]"))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    c.send(&Purchase::new(ETH, amt("0.5")).min_amt(Some(amt("0.001")))).await.unwrap();
    let below = c.send(&Purchase::new(ETH, amt("0.0001")).min_amt(Some(amt("0.001")))).await.unwrap_err();
    assert!(below.to_string().contains("below the minimum 0.001"), "{below}");
}

#[tokio::test]
async fn redeem_keeps_amount_digits_exactly() {
    let server = MockServer::start().await;
    signed("POST", &format!("{BASE}/redeem"))
        .and(body_string(r#"{"amt":"10.12345678"}"#))
        .respond_with(ok("[]"))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).send(&Redeem::new(ETH, amt("10.12345678"))).await.unwrap();
}

#[tokio::test]
async fn cancel_redeem_sends_ord_id_and_reads_it_back() {
    let server = MockServer::start().await;
    signed("POST", &format!("{BASE}/cancel-redeem"))
        .and(body_string(r#"{"ordId":"1234567890"}"#))
        .respond_with(ok(r#"[{"ordId":"1234567890"}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let acks = client(&server).send(&CancelRedeem::new(ETH, "1234567890")).await.unwrap();
    assert_eq!(acks[0].ord_id, "1234567890");
}

#[tokio::test]
async fn balance_decodes_every_field() {
    let server = MockServer::start().await;
    signed("GET", &format!("{BASE}/balance"))
        .and(ExactQuery(""))
        .respond_with(ok(r#"[{"amt":"0.63926191","ccy":"BETH","latestInterestAccrual":"0.00006549","totalInterestAccrual":"0.01490596","ts":"1699257600000"}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let b = client(&server).send(&GetBalance::new(ETH)).await.unwrap();
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].ccy, "BETH");
    assert_eq!(b[0].amt, Some(amt("0.63926191")));
    assert_eq!(b[0].latest_interest_accrual, Some(amt("0.00006549")));
    assert_eq!(b[0].total_interest_accrual, Some(amt("0.01490596")));
    assert_eq!(b[0].ts, Some(UnixMillis(1_699_257_600_000)));
}

#[tokio::test]
async fn history_query_is_signed_as_sent_and_rows_decode() {
    let server = MockServer::start().await;
    signed("GET", &format!("{BASE}/purchase-redeem-history"))
        .and(ExactQuery("type=redeem&status=pending&after=1700000000000&before=1600000000000&limit=10"))
        .respond_with(ok(r#"[{"amt":"1.5","completedTime":"","estCompletedTime":"1700000900000","redeemingAmt":"1.2","requestTime":"1683413171000","status":"pending","type":"redeem","ordId":"42"},
                            {"amt":"0.62666630","completedTime":"1683413171000","estCompletedTime":"","redeemingAmt":"","requestTime":"1683413171000","status":"success","type":"purchase"}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let q = GetPurchaseRedeemHistory::new(ETH)
        .r#type(HistoryType::Redeem)
        .status(HistoryStatus::Pending)
        .after(UnixMillis(1_700_000_000_000))
        .before(UnixMillis(1_600_000_000_000))
        .limit(10);
    let rows = client(&server).send(&q).await.unwrap();
    assert_eq!(rows[0].ord_id, "42");
    assert_eq!(rows[0].redeeming_amt, Some(amt("1.2")));
    assert_eq!(rows[0].completed_time, None);
    assert_eq!(rows[0].est_completed_time, Some(UnixMillis(1_700_000_900_000)));
    assert_eq!(rows[1].ord_id, "", "ordId missing from the docs example");
    assert_eq!(rows[1].status, Some(HistoryStatus::Success));
    assert_eq!(rows[1].redeeming_amt, None);
}

#[tokio::test]
async fn apy_history_is_public_and_fractional() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{BASE}/apy-history")))
        .and(query_param("days", "2"))
        .and(Unsigned)
        .respond_with(ok(r#"[{"rate":"0.02690000","ts":"1734195600000"},{"rate":"0.02840000","ts":"1734109200000"}]"#))
        .expect(1)
        .mount(&server)
        .await;
    // No credentials needed for a public endpoint.
    let c =
        okx_staking::OkxStakingClient::builder(okx_staking::Environment::Live).base_url(server.uri()).build().unwrap();
    let pts = c.send(&GetApyHistory::new(ETH, 2)).await.unwrap();
    assert_eq!(pts[0].rate.unwrap().percent().to_string(), "2.69");
    assert_eq!(pts[1].ts, Some(UnixMillis(1_734_109_200_000)));
}
