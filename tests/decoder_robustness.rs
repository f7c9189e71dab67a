//! Fuzzing the response decoders: whatever bytes a venue (or a broken proxy) sends, each
//! venue's dialect and typed models answer with a value or an error, never a panic.
//!
//! Inputs: arbitrary bytes, every truncation of realistic answers, and single-byte
//! corruptions of them, decoded through `Dialect::interpret` and then into the typed models.
//! Every dialect also has a single-pass fast path (`Dialect::decode_success`); it may decline
//! an answer, but never disagrees with the full path.

use std::fmt::Debug;
use std::time::Duration;

use earn::bybit_earn::BybitDialect;
use earn::bybit_earn::api::common::List;
use earn::bybit_earn::api::easy_earn::EarnProduct;
use earn::okx_staking::api::onchain::Offer;
use earn::okx_staking::api::staking::{HistoryRow, StakingProductInfo};
use earn::okx_staking::{Environment, OkxDialect};
use earn::okx_web3_defi::OkxWeb3Dialect;
use earn::okx_web3_defi::api::v5_calculator::RedeemInfo;
use earn_core::http::{Dialect, Endpoint, HeaderMap, RawResponse, Verdict};
use earn_core::wire::OneOrMany;
use proptest::prelude::*;
use serde::de::DeserializeOwned;

const OKX_OFFERS: &str = r#"{"code":"0","msg":"","data":[{"ccy":"DOT","productId":"101","protocol":"Polkadot","protocolType":"defi","term":"0","apy":"0.1767","earlyRedeem":false,"state":"purchasable","investData":[{"bal":"0","ccy":"DOT","maxAmt":"0","minAmt":"2"}],"earningData":[{"ccy":"DOT","earningType":"0"}],"fastRedemptionDailyLimit":"","redeemPeriod":["28D","28D"]}]}"#;
const OKX_HISTORY: &str = r#"{"code":"0","msg":"","data":[{"amt":"0.62666630","completedTime":"1683413171000","estCompletedTime":"","redeemingAmt":"","requestTime":"1683413171000","status":"success","type":"purchase","ordId":"1"}]}"#;
const BYBIT_PRODUCTS: &str = r#"{"retCode":0,"retMsg":"","result":{"list":[{"category":"FlexibleSaving","estimateApr":"3%","coin":"BTC","minStakeAmount":"0.001","maxStakeAmount":"10","precision":"8","productId":"430","status":"Available","bonusEvents":[],"minRedeemAmount":"","duration":"","term":0,"swapCoin":"","rewardDistributionType":"","rewardIntervalMinute":0,"redeemProcessingMinute":0,"stakeTime":""}]},"retExtInfo":{},"time":1739935669110}"#;
const WEB3_REDEEM_INFO: &str = r#"{"code":0,"msg":"","data":{"isAllowRedeem":true,"estimateGasFee":"251903","isSwapInvest":false,"inputCurrencyAmount":"0.9993097704396316094231068522159962","receiveTokenList":[{"coinAmount":"1.000000146425127036","currencyAmount":"0.9993097704396316094231068522159962","tokenSymbol":"DAI","tokenName":"Dai Stablecoin","tokenAddress":"0x6b175474e89094c44da98b954eedeac495271d0f","tokenPrecision":"18","isBaseToken":false,"network":"ETH","chainId":"1","dataType":"0"}]}}"#;

static READ: Endpoint = Endpoint::get("/fuzz");

fn response(status: u16, body: &[u8]) -> RawResponse {
    RawResponse { status, headers: HeaderMap::new(), body: bytes::Bytes::copy_from_slice(body) }
}

/// How strictly the fast path must agree with the full one.
#[derive(Clone, Copy, PartialEq)]
enum Agreement {
    /// Whenever the fast path answers, the full path reads the same value.
    Always,
    /// The same, except that the fast path may decode a 2xx success whose envelope the full
    /// path calls undecodable: OKX's and Bybit's fast paths skip the envelope fields they do
    /// not need (`msg`, `retMsg`, `time`) without reading them, where the full path reads them
    /// and refuses malformed ones (a byte that is not UTF-8 in `msg`, a fraction in `time`).
    /// Reported to okx-common and bybit-earn. The fast path must still never answer where the
    /// full path finds a venue error, and both must decode the same value.
    SkipsUnusedEnvelopeFields,
}

/// Decodes `r` into `T` the way the executor does (fast path first, else `interpret` and a
/// second decode), and checks that the fast path agrees with the full one whenever it answers.
fn decode_both_ways<D: Dialect, T: DeserializeOwned + PartialEq + Debug>(
    dialect: &D,
    r: &RawResponse,
    agreement: Agreement,
) -> Option<T> {
    let fast = dialect.decode_success::<T>(&READ, r);
    match dialect.interpret(&READ, r) {
        Verdict::Success(payload) => {
            let slow = serde_json::from_str::<T>(payload).ok();
            // The single-pass fast path may decline, but never disagrees with the full path.
            assert!(fast.is_none() || fast == slow, "fast path {fast:?} != full path {slow:?}");
            slow
        }
        Verdict::Undecodable(why) if agreement == Agreement::SkipsUnusedEnvelopeFields => {
            assert!(fast.is_none() || (200..300).contains(&r.status), "fast path decoded HTTP {}: {why}", r.status);
            None
        }
        other => {
            assert!(fast.is_none(), "fast path decoded an answer the full path reads as {other:?}");
            None
        }
    }
}

/// Interprets `body` with every dialect and decodes any success into the typed models.
fn decode_everywhere(status: u16, body: &[u8]) {
    let r = response(status, body);
    let okx = OkxDialect::new(Environment::Live);
    decode_both_ways::<_, Vec<Offer>>(&okx, &r, Agreement::SkipsUnusedEnvelopeFields);
    decode_both_ways::<_, Vec<HistoryRow>>(&okx, &r, Agreement::SkipsUnusedEnvelopeFields);
    decode_both_ways::<_, OneOrMany<StakingProductInfo>>(&okx, &r, Agreement::SkipsUnusedEnvelopeFields);
    let bybit = BybitDialect::new(Duration::from_secs(5));
    decode_both_ways::<_, List<EarnProduct>>(&bybit, &r, Agreement::SkipsUnusedEnvelopeFields);
    decode_both_ways::<_, RedeemInfo>(&OkxWeb3Dialect::default(), &r, Agreement::Always);
}

#[test]
fn the_realistic_answers_decode() {
    let okx = OkxDialect::new(Environment::Live);
    let offers = response(200, OKX_OFFERS.as_bytes());
    assert!(matches!(okx.interpret(&READ, &offers), Verdict::Success(_)), "OKX offers");
    let offers = decode_both_ways::<_, Vec<Offer>>(&okx, &offers, Agreement::Always).expect("OKX offers decode");
    assert_eq!(offers[0].product_id, "101");
    assert!(okx.decode_success::<Vec<Offer>>(&READ, &response(200, OKX_OFFERS.as_bytes())).is_some(), "fast path");
    let history =
        decode_both_ways::<_, Vec<HistoryRow>>(&okx, &response(200, OKX_HISTORY.as_bytes()), Agreement::Always);
    assert_eq!(history.expect("OKX history decodes")[0].ord_id, "1");

    let bybit = BybitDialect::new(Duration::from_secs(5));
    let products = response(200, BYBIT_PRODUCTS.as_bytes());
    assert!(matches!(bybit.interpret(&READ, &products), Verdict::Success(_)), "Bybit products");
    assert!(bybit.decode_success::<List<EarnProduct>>(&READ, &products).is_some(), "fast path");
    let products =
        decode_both_ways::<_, List<EarnProduct>>(&bybit, &products, Agreement::Always).expect("Bybit products decode");
    assert_eq!(products.list[0].product_id, "430");

    let web3 = OkxWeb3Dialect::default();
    let info = response(200, WEB3_REDEEM_INFO.as_bytes());
    assert!(web3.decode_success::<RedeemInfo>(&READ, &info).is_some(), "fast path");
    assert!(matches!(web3.interpret(&READ, &info), Verdict::Success(_)), "Web3 redeem-info");
    let info = decode_both_ways::<_, RedeemInfo>(&web3, &info, Agreement::Always).expect("Web3 redeem-info decodes");
    assert!(info.receive_token_list.is_some_and(|l| !l.is_empty()));
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
