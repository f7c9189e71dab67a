//! Fuzzing the response decoders: whatever bytes a venue (or a broken proxy) sends, each
//! venue's dialect and typed models answer with a value or an error, never a panic.
//!
//! Inputs: arbitrary bytes, every truncation of realistic answers, and single-byte
//! corruptions of them, decoded through `Dialect::interpret` and then into the typed models.

use std::time::Duration;

use earn::bybit_earn::{BybitDialect, EarnProduct};
use earn::http::{Dialect, Endpoint, HeaderMap, RawResponse, Verdict};
use earn::okx_staking::{Environment, HistoryRow, Offer, OkxDialect, StakingProductInfo};
use earn::okx_web3_defi::v5::RedeemInfo;
use earn::okx_web3_defi::{OkxWeb3Dialect, ServerTime};
use proptest::prelude::*;
use serde::Deserialize;

const OKX_OFFERS: &str = r#"{"code":"0","msg":"","data":[{"ccy":"DOT","productId":"101","protocol":"Polkadot","protocolType":"defi","term":"0","apy":"0.1767","earlyRedeem":false,"state":"purchasable","investData":[{"bal":"0","ccy":"DOT","maxAmt":"0","minAmt":"2"}],"earningData":[{"ccy":"DOT","earningType":"0"}],"fastRedemptionDailyLimit":"","redeemPeriod":["28D","28D"]}]}"#;
const OKX_HISTORY: &str = r#"{"code":"0","msg":"","data":[{"amt":"0.62666630","completedTime":"1683413171000","estCompletedTime":"","redeemingAmt":"","requestTime":"1683413171000","status":"success","type":"purchase","ordId":"1"}]}"#;
const BYBIT_PRODUCTS: &str = r#"{"retCode":0,"retMsg":"","result":{"list":[{"category":"FlexibleSaving","estimateApr":"3%","coin":"BTC","minStakeAmount":"0.001","maxStakeAmount":"10","precision":"8","productId":"430","status":"Available","bonusEvents":[],"minRedeemAmount":"","duration":"","term":0,"swapCoin":"","rewardDistributionType":"","rewardIntervalMinute":0,"redeemProcessingMinute":0,"stakeTime":""}]},"retExtInfo":{},"time":1739935669110}"#;
const WEB3_REDEEM_INFO: &str = r#"{"code":0,"msg":"","data":{"isAllowRedeem":true,"estimateGasFee":"251903","isSwapInvest":false,"inputCurrencyAmount":"0.9993097704396316094231068522159962","receiveTokenList":[{"coinAmount":"1.000000146425127036","currencyAmount":"0.9993097704396316094231068522159962","tokenSymbol":"DAI","tokenName":"Dai Stablecoin","tokenAddress":"0x6b175474e89094c44da98b954eedeac495271d0f","tokenPrecision":"18","isBaseToken":false,"network":"ETH","chainId":"1","dataType":"0"}]}}"#;

static READ: Endpoint = Endpoint::get("/fuzz");

fn response(status: u16, body: &[u8]) -> RawResponse {
    RawResponse { status, headers: HeaderMap::new(), body: bytes::Bytes::copy_from_slice(body) }
}

#[derive(Deserialize)]
struct List<T> {
    list: Vec<T>,
}

/// Interprets `body` with every dialect and decodes any success into the typed models.
fn decode_everywhere(status: u16, body: &[u8]) {
    let r = response(status, body);
    if let Verdict::Success(payload) = OkxDialect::new(Environment::Live).interpret(&READ, &r) {
        let _ = serde_json::from_str::<Vec<Offer>>(payload);
        let _ = serde_json::from_str::<Vec<HistoryRow>>(payload);
        let _ = serde_json::from_str::<StakingProductInfo>(payload);
    }
    if let Verdict::Success(payload) = BybitDialect::new(Duration::from_secs(5)).interpret(&READ, &r) {
        let _ = serde_json::from_str::<List<EarnProduct>>(payload);
    }
    let web3 = OkxWeb3Dialect::new(None, ServerTime::LocalClock).expect("dialect");
    let fast = web3.decode_success::<Option<RedeemInfo>>(&READ, &r);
    match web3.interpret(&READ, &r) {
        Verdict::Success(payload) => {
            let slow = serde_json::from_str::<Option<RedeemInfo>>(payload).ok();
            // The single-pass fast path may decline, but never disagrees with the full path.
            assert!(fast.is_none() || fast == slow, "fast path {fast:?} != full path {slow:?}");
        }
        other => assert!(fast.is_none(), "fast path decoded an answer the full path reads as {other:?}"),
    }
}

#[test]
fn the_realistic_answers_decode() {
    let ok = |v: Verdict<'_>| matches!(v, Verdict::Success(_));
    let okx = OkxDialect::new(Environment::Live);
    let offers = response(200, OKX_OFFERS.as_bytes());
    let Verdict::Success(p) = okx.interpret(&READ, &offers) else { panic!("OKX offers") };
    assert_eq!(serde_json::from_str::<Vec<Offer>>(p).unwrap()[0].product_id, "101");
    assert!(ok(okx.interpret(&READ, &response(200, OKX_HISTORY.as_bytes()))));
    let bybit = BybitDialect::new(Duration::from_secs(5));
    let products = response(200, BYBIT_PRODUCTS.as_bytes());
    let Verdict::Success(p) = bybit.interpret(&READ, &products) else { panic!("Bybit products") };
    assert_eq!(serde_json::from_str::<List<EarnProduct>>(p).unwrap().list[0].product_id, "430");
    let web3 = OkxWeb3Dialect::new(None, ServerTime::LocalClock).unwrap();
    let info = response(200, WEB3_REDEEM_INFO.as_bytes());
    assert!(web3.decode_success::<Option<RedeemInfo>>(&READ, &info).flatten().is_some(), "fast path");
    let Verdict::Success(p) = web3.interpret(&READ, &info) else { panic!("Web3 redeem-info") };
    assert!(serde_json::from_str::<Option<RedeemInfo>>(p).unwrap().is_some());
}

#[test]
fn every_truncation_of_every_answer_is_handled() {
    for body in [OKX_OFFERS, OKX_HISTORY, BYBIT_PRODUCTS, WEB3_REDEEM_INFO] {
        for cut in 0..body.len() {
            for status in [200, 429, 500] {
                decode_everywhere(status, &body.as_bytes()[..cut]);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..512), status in 100u16..600) {
        decode_everywhere(status, &body);
    }

    #[test]
    fn corrupted_answers_never_panic(
        which in 0usize..4,
        at in any::<prop::sample::Index>(),
        byte in prop::sample::select(b"\"{}[],:0123456789-.eE+ntfu\\\x00\xff".to_vec()),
    ) {
        let body = [OKX_OFFERS, OKX_HISTORY, BYBIT_PRODUCTS, WEB3_REDEEM_INFO][which];
        let mut bytes = body.as_bytes().to_vec();
        let i = at.index(bytes.len());
        bytes[i] = byte;
        decode_everywhere(200, &bytes);
    }
}
