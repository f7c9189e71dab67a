//! Server time (8.1), Spot and Funding balances, wallet totals, universal transfer and its
//! history (8.2–8.7), and the weight headers read back.

use binance_earn::api::common::Window;
use binance_earn::api::market::GetServerTime;
use binance_earn::api::wallet::*;
use earn_core::{Amount, UnixMillis};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{Unsigned, client, received, roundtrip};

fn a(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

/// The only public endpoint: no key, no signature, no timestamp.
#[tokio::test]
async fn server_time_is_public() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v3/time"))
        .and(Unsigned)
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-MBX-USED-WEIGHT-1M", "7")
                .set_body_string(r#"{"serverTime":1499827319559}"#),
        )
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    let t = c.send(&GetServerTime).await.unwrap();
    assert_eq!(t.server_time, UnixMillis(1_499_827_319_559));
    assert_eq!(received(&server).await[0].url.query(), None);
    let w = c.used_weight("/api/v3/time").unwrap();
    assert_eq!(w.api.get("1M"), Some(&7));
    assert_eq!(c.last_used_weight().map(|(p, _)| p), Some("/api/v3/time"));
}

#[tokio::test]
async fn spot_account() {
    let body = r#"{"makerCommission":15,"takerCommission":15,"buyerCommission":0,"sellerCommission":0,"commissionRates":{"maker":"0.00150000","taker":"0.00150000","buyer":"0.00000000","seller":"0.00000000"},"canTrade":true,"canWithdraw":true,"canDeposit":true,"brokered":false,"requireSelfTradePrevention":false,"preventSor":false,"updateTime":123456789,"accountType":"SPOT","balances":[{"asset":"BTC","free":"4723846.89208129","locked":"0.00000000"},{"asset":"USDT","free":"100","locked":"1.5"}],"permissions":["SPOT"],"uid":354937868}"#;
    let r = roundtrip(
        &GetSpotAccount::new().omit_zero_balances(true),
        "GET",
        "/api/v3/account",
        "omitZeroBalances=true",
        body,
    )
    .await;
    assert_eq!(r.balances[1].locked, Some(a("1.5")));
    assert_eq!(r.uid.as_deref(), Some("354937868"));
}

#[tokio::test]
async fn funding_asset_is_a_post_read() {
    let body =
        r#"[{"asset":"USDT","free":"1","locked":"0","freeze":"0","withdrawing":"0","btcValuation":"0.00000091"}]"#;
    let req = GetFundingAsset::new().asset("USDT").need_btc_valuation(true);
    let r = roundtrip(&req, "POST", "/sapi/v1/asset/get-funding-asset", "asset=USDT&needBtcValuation=true", body).await;
    assert_eq!(r[0].free, Some(a("1")));
}

#[tokio::test]
async fn user_asset() {
    let body =
        r#"[{"asset":"AVAX","free":"1","locked":"0","freeze":"0","withdrawing":"0","ipoable":"0","btcValuation":"0"}]"#;
    let r =
        roundtrip(&GetUserAsset::new().asset("AVAX"), "POST", "/sapi/v3/asset/getUserAsset", "asset=AVAX", body).await;
    assert_eq!(r[0].ipoable, Some(a("0")));
}

#[tokio::test]
async fn wallet_balance() {
    let body = r#"[{"activate":true,"balance":"0","walletName":"Spot"},{"activate":true,"balance":"0.00012","walletName":"Earn"}]"#;
    let req = GetWalletBalance::new().quote_asset("USDT");
    let r = roundtrip(&req, "GET", "/sapi/v1/asset/wallet/balance", "quoteAsset=USDT", body).await;
    assert_eq!(r[1].wallet_name, "Earn");
}

#[tokio::test]
async fn transfer() {
    let req = UniversalTransfer::new(TransferType::MainFunding, "USDT", a("25.5"));
    let r = roundtrip(
        &req,
        "POST",
        "/sapi/v1/asset/transfer",
        "type=MAIN_FUNDING&asset=USDT&amount=25.5",
        r#"{"tranId":13526853623}"#,
    )
    .await;
    assert_eq!(r.tran_id.as_deref(), Some("13526853623"));
    let isolated = UniversalTransfer::new(TransferType::IsolatedmarginMargin, "BTC", a("1")).from_symbol("BTCUSDT");
    roundtrip(
        &isolated,
        "POST",
        "/sapi/v1/asset/transfer",
        "type=ISOLATEDMARGIN_MARGIN&asset=BTC&amount=1&fromSymbol=BTCUSDT",
        r#"{"tranId":1}"#,
    )
    .await;
}

#[tokio::test]
async fn transfer_history() {
    let body = r#"{"total":2,"rows":[{"asset":"USDT","amount":"1","type":"MAIN_FUNDING","status":"CONFIRMED","tranId":11415955596,"timestamp":1544433328000},{"asset":"USDT","amount":"2","type":"MAIN_FUNDING","status":"PENDING","tranId":"11366865406","timestamp":1544433328000}]}"#;
    let req = GetUniversalTransferHistory::new(TransferType::MainFunding)
        .window(Window::between(UnixMillis(1), UnixMillis(9)).page(1, 100));
    let r = roundtrip(
        &req,
        "GET",
        "/sapi/v1/asset/transfer",
        "type=MAIN_FUNDING&startTime=1&endTime=9&current=1&size=100",
        body,
    )
    .await;
    assert_eq!(r.rows[0].tran_id, "11415955596");
    assert_eq!(r.rows[1].status, Some(TransferStatus::Pending));
    // `rows` may be absent when there are none.
    let r = roundtrip(
        &GetUniversalTransferHistory::new(TransferType::FundingMain),
        "GET",
        "/sapi/v1/asset/transfer",
        "type=FUNDING_MAIN",
        r#"{"total":0}"#,
    )
    .await;
    assert!(r.rows.is_empty());
}

/// UID-weighted endpoints report `X-SAPI-USED-UID-WEIGHT-1M`.
#[tokio::test]
async fn uid_weight_header_is_read_back() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/sapi/v1/asset/transfer"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-SAPI-USED-UID-WEIGHT-1M", "900")
                .set_body_string(r#"{"tranId":5}"#),
        )
        .mount(&server)
        .await;
    let c = client(&server);
    c.send(&UniversalTransfer::new(TransferType::FundingMain, "USDT", a("1"))).await.unwrap();
    let w = c.used_weight("/sapi/v1/asset/transfer").unwrap();
    assert_eq!((w.sapi_uid_1m, w.sapi_ip_1m), (Some(900), None));
}
