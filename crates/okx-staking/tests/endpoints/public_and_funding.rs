//! The public time endpoint and the funding bills used for cross-checks.

use earn_core::UnixMillis;
use okx_staking::api::funding::{GetBills, bill_type};
use okx_staking::api::public::GetServerTime;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use crate::common::*;

#[tokio::test]
async fn server_time_is_public() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v5/public/time"))
        .and(ExactQuery(""))
        .and(Unsigned)
        .respond_with(ok(r#"[{"ts":"1597026383085"}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let time = client(&server).send(&GetServerTime).await.unwrap();
    assert_eq!(time[0].ts, Some(UnixMillis(1_597_026_383_085)));
}

#[tokio::test]
async fn bills_query_and_signed_balance_change() {
    let server = MockServer::start().await;
    signed("GET", "/api/v5/asset/bills")
        .and(ExactQuery("ccy=ETH&type=137&after=1700000000000&limit=100"))
        .respond_with(ok(r#"[{"billId":"12344","ccy":"ETH","clientId":"","balChg":"-0.5","bal":"1.25","type":"137","ts":"1699999999000","notes":""}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let q = GetBills::new()
        .ccy("ETH")
        .bill_type(bill_type::ETH_SUBSCRIPTION)
        .after(UnixMillis(1_700_000_000_000))
        .limit(100);
    let bills = client(&server).send(&q).await.unwrap();
    assert_eq!(bills[0].bal_chg.unwrap().to_string(), "-0.5");
    assert_eq!(bills[0].bal.unwrap().to_string(), "1.25");
    assert_eq!(bills[0].r#type, Some(137));
    assert_eq!(bills[0].bill_id, "12344");
}
