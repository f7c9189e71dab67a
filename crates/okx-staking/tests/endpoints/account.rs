//! The trading-account endpoints (`/api/v5/account/…`): balance and max-withdrawal.

use std::time::Duration;

use earn_core::http::ApiRequest;
use okx_staking::api::account::*;
use wiremock::MockServer;

use crate::common::*;

#[tokio::test]
async fn trading_balance_is_one_object_with_a_row_per_currency() {
    let server = MockServer::start().await;
    signed("GET", "/api/v5/account/balance")
        .and(ExactQuery("ccy=BETH"))
        .respond_with(ok(r#"[{"totalEq":"55837.43556134779","uTime":"1705474164160","adjEq":"","details":[{"ccy":"BETH","eq":"1.5","cashBal":"1.5","availBal":"1.5","frozenBal":"0","ordFrozen":"0","availEq":"","liab":"","eqUsd":"4991.54","uTime":"1705449605015","stgyEq":"0"}]}]"#))
        .expect(1)
        .mount(&server)
        .await;
    let accounts = client(&server).send(&GetTradingBalance::new().ccy("BETH")).await.unwrap();
    let d = &accounts[0].details[0];
    assert_eq!((d.ccy.as_str(), d.eq.unwrap().to_string(), d.avail_eq), ("BETH", "1.5".to_owned(), None));
    assert_eq!(accounts[0].total_eq.unwrap().to_string(), "55837.43556134779");
}

#[tokio::test]
async fn max_withdrawal_says_what_can_move_to_funding() {
    let server = MockServer::start().await;
    signed("GET", "/api/v5/account/max-withdrawal")
        .and(ExactQuery(""))
        .respond_with(ok(
            r#"[{"ccy":"BTC","maxWd":"124","maxWdEx":"125","spotOffsetMaxWd":"","spotOffsetMaxWdEx":""}]"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let rows = client(&server).send(&GetMaxWithdrawal::new()).await.unwrap();
    assert_eq!(
        (rows[0].max_wd, rows[0].max_wd_ex, rows[0].spot_offset_max_wd),
        (Some(amt("124")), Some(amt("125")), None)
    );
}

#[test]
fn the_two_second_windows_are_declared() {
    let balance = GetTradingBalance::new().endpoint().limits[0].unwrap();
    assert_eq!((balance.requests, balance.per), (10, Duration::from_secs(2)));
    let max = GetMaxWithdrawal::new().endpoint().limits[0].unwrap();
    assert_eq!((max.requests, max.per), (20, Duration::from_secs(2)));
}
