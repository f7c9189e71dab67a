//! The public server time, unsigned.

use earn_core::UnixMillis;
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
