//! The okx-web3-defi defects of issue 10, each refused locally: nothing reaches the venue.

use earn_core::{Error, ErrorKind};
use okx_web3_defi::api::types::FlexText;
use okx_web3_defi::api::v5_transaction::TokenAmountInput;
use okx_web3_defi::api::v6_transaction::{BuildClaim, BuildEnter, ExpectOutput, RewardType, UserInput};
use okx_web3_defi::*;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use crate::common::*;

/// 2²⁵⁶: no token has that many base units, whatever its decimals.
const TWO_256: &str = "115792089237316195423570985008687907853269984665640564039457584007913129639936";
/// 2²⁵⁶ − 1.
const MAX_U256: &str = "115792089237316195423570985008687907853269984665640564039457584007913129639935";

/// Defect (a): a `coinAmount` of 2²⁵⁶ or more was sent (v6 `enter` without
/// `tokenPrecision`, v5 `subscription`). Such an amount cannot be built or decoded, so it
/// is refused before any request; with `tokenPrecision` the base units must fit too.
#[tokio::test]
async fn coin_amounts_of_two_to_the_256_or_more_are_refused_before_any_request() {
    for bad in [TWO_256.to_owned(), format!("{TWO_256}.5"), format!("9{TWO_256}"), format!("{MAX_U256}0")] {
        assert!(HumanAmount::parse(bad.as_str()).is_err(), "{bad}");
    }
    assert!(HumanAmount::parse(MAX_U256).is_ok());
    assert!(HumanAmount::parse(format!("{MAX_U256}.999")).is_ok(), "below 2^256 as a human amount");

    // v6 `enter` inputs without `tokenPrecision` and v5 `subscription` inputs do not decode.
    let v6 = json!({"tokenAddress": USDC, "chainIndex": "1", "coinAmount": TWO_256});
    assert!(serde_json::from_value::<UserInput>(v6).is_err());
    let v5 = json!({"chainId": "1", "coinAmount": TWO_256, "tokenAddress": DAI});
    assert!(serde_json::from_value::<TokenAmountInput>(v5).is_err());

    // With `tokenPrecision`, the base units must fit a uint256: 10^60 × 10^18 does not.
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v6/defi/transaction/enter"))
        .respond_with(ok(r#"{"dataList":[]}"#))
        .mount(&s)
        .await;
    let enter = |amount: &str| BuildEnter {
        investment_id: InvestmentId::parse("9502").unwrap(),
        address: EVM_WALLET.into(),
        user_input_list: vec![UserInput {
            token_address: USDC.into(),
            chain_index: ChainId::from_u64(1),
            coin_amount: HumanAmount::parse(amount).unwrap(),
            token_symbol: None,
            token_precision: Some(18),
            token_id: None,
        }],
        slippage: None,
        tick_lower: None,
        tick_upper: None,
        token_id: None,
    };
    let err = client(&s).send(&enter(&format!("1{}", "0".repeat(60)))).await.unwrap_err();
    assert!(matches!(&err, Error::InvalidInput { field, .. } if field == "userInputList.coinAmount"), "{err:?}");
    assert_eq!(request_count(&s).await, 0, "nothing was sent");
    client(&s).send(&enter(&format!("1{}", "0".repeat(59)))).await.unwrap();
    assert_eq!(request_count(&s).await, 1, "10^77 base units fit");
}

fn claim(reward: RewardType) -> BuildClaim {
    let mut c = BuildClaim::new(EVM_WALLET, reward.clone());
    match reward {
        RewardType::RewardPlatform => c.analysis_platform_id = Some(AnalysisPlatformId::parse("144").unwrap()),
        RewardType::V3Fee => c.token_id = Some(TokenId::parse("6632738").unwrap()),
        RewardType::UnlockedPrincipal => c.principal_index = Some(FlexText::new("3")),
        RewardType::RewardMerkleBonus => {
            c.expect_output_list = Some(vec![ExpectOutput {
                chain_index: ChainId::from_u64(1),
                token_address: "0xc00e94cb662c3520282e6f5717214004a7f26888".into(),
                coin_amount: HumanAmount::parse("0.001").unwrap(),
            }])
        }
        _ => {}
    }
    c
}

/// Defect (b): v6 `claim` needs `investmentId` for every `rewardType` but
/// `REWARD_PLATFORM` (reference §6 #12); without it the request is refused before sending.
#[tokio::test]
async fn claims_need_an_investment_id_for_every_reward_type_but_platform_rewards() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v6/defi/transaction/claim"))
        .respond_with(ok(r#"{"dataList":[]}"#))
        .mount(&s)
        .await;
    let c = client(&s);
    let others = [
        RewardType::RewardInvestment,
        RewardType::V3Fee,
        RewardType::RewardOkxBonus,
        RewardType::RewardMerkleBonus,
        RewardType::UnlockedPrincipal,
        RewardType::Other("REWARD_SOMETHING_NEW".into()),
    ];
    for reward in others {
        let err = c.send(&claim(reward.clone())).await.unwrap_err();
        assert!(matches!(&err, Error::InvalidInput { field, .. } if field == "investmentId"), "{reward}: {err:?}");
        assert_eq!(request_count(&s).await, 0, "{reward}: nothing was sent");
    }
    let mut sent = 0;
    for reward in [
        RewardType::RewardInvestment,
        RewardType::V3Fee,
        RewardType::RewardOkxBonus,
        RewardType::RewardMerkleBonus,
        RewardType::UnlockedPrincipal,
    ] {
        let mut with_id = claim(reward.clone());
        with_id.investment_id = Some(InvestmentId::parse("9502").unwrap());
        c.send(&with_id).await.unwrap_or_else(|e| panic!("{reward}: {e}"));
        sent += 1;
        let last = s.received_requests().await.unwrap().pop().unwrap();
        assert_eq!(body(&last)["investmentId"], "9502");
    }
    // Platform rewards are claimed by platform, without an investment id.
    c.send(&claim(RewardType::RewardPlatform)).await.unwrap();
    assert_eq!(request_count(&s).await, sent + 1);
    let err = c.send(&BuildClaim::new(EVM_WALLET, RewardType::RewardPlatform)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}
