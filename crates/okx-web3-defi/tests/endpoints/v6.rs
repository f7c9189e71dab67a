//! Every v6 endpoint: method, path, query, headers, signature and body.

use okx_web3_defi::api::holdings::WalletOnChainV6;
use okx_web3_defi::api::v6_calculator::*;
use okx_web3_defi::api::v6_chart::*;
use okx_web3_defi::api::v6_product::*;
use okx_web3_defi::api::v6_transaction::*;
use okx_web3_defi::api::v6_user::*;
use okx_web3_defi::*;
use serde_json::{Value, json};

use crate::common::*;

fn inv(id: &str) -> InvestmentId {
    InvestmentId::parse(id).unwrap()
}

fn same(decoded: &impl serde::Serialize, data: &str) {
    assert_eq!(serde_json::to_value(decoded).unwrap(), serde_json::from_str::<Value>(data).unwrap());
}

#[tokio::test]
async fn supported_chains_and_platforms() {
    let data = r#"[{"chainIndex":"1","network":"ETH"},{"chainIndex":"56","network":"BSC"}]"#;
    let s = serve("GET", "/api/v6/defi/product/supported-chains", data).await;
    let out = client(&s).send(&GetSupportedChains).await.unwrap();
    let r = checked(&s).await;
    assert_eq!(r.url.query(), None);
    same(&out, data);

    let data = r#"[{"analysisPlatformId":"10","platformName":"Aave V3","investmentCount":68}]"#;
    let s = serve("GET", "/api/v6/defi/product/supported-platforms", data).await;
    let out = client(&s).send(&GetSupportedPlatforms).await.unwrap();
    checked(&s).await;
    assert_eq!(out[0].investment_count.unwrap().get(), 68);
    same(&out, data);
}

#[tokio::test]
async fn search_reads_fee_rate_numbers_exactly() {
    let data = r#"{"total":1,"list":[{"investmentId":"9502","name":"USDC","platformName":"Aave V3","rate":"0.0312","tvl":"1000000","chainIndex":"1","detailPath":"aave-v3-usdc","feeRate":0.00030000000000000000001,"productGroup":"SINGLE_EARN"}]}"#;
    let s = serve("POST", "/api/v6/defi/product/search", data).await;
    let mut req = SearchProducts::tokens(["USDC"]).page(1).group(ProductGroup::SingleEarn);
    req.platform_keyword_list = Some(vec!["Aave".into()]);
    let out = client(&s).send(&req).await.unwrap();
    assert_eq!(
        body(&checked(&s).await),
        json!({"tokenKeywordList":["USDC"],"platformKeywordList":["Aave"],"pageNum":1,"productGroup":"SINGLE_EARN"})
    );
    let item = &out.list.as_ref().unwrap()[0];
    let fee = item.fee_rate.as_ref().unwrap();
    assert_eq!(fee.as_str(), "0.00030000000000000000001", "no f64 on the way");
    assert!(fee.was_number());
    assert_eq!(serde_json::to_string(&out).unwrap().matches("0.00030000000000000000001,").count(), 1);
}

#[tokio::test]
async fn detail_accepts_a_numeric_investment_id() {
    let data = r#"{"investmentId":9502,"investmentName":"USDC","platformName":"Aave V3","investType":1,"chainIndex":"1","network":"ETH","rate":"0.0312","tvl":"1","feeRate":"0","hasBonus":false,"isSupportClaim":true,"isInvestable":true,"isSupportRedeem":true,"analysisPlatformId":"10","subscriptionMethod":1,"redeemMethod":1,"detailPath":"p","underlyingToken":[{"tokenSymbol":"USDC","tokenAddress":"0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48","chainIndex":"1","tokenPrecision":6,"tokenLogo":"l"}],"aboutToken":[{"tokenSymbol":"USDC","marketCap":"1","price":"1.0001"}],"rateDetails":[{"tokenAddress":"0xa0","tokenSymbol":"USDC","rate":"0.0312","title":"Supply"}],"qaList":[{"q":"?","a":"!"}]}"#;
    let s = serve("GET", "/api/v6/defi/product/detail", data).await;
    let out = client(&s).send(&GetProductDetail::new(inv("9502"))).await.unwrap();
    assert_eq!(checked(&s).await.url.query(), Some("investmentId=9502"));
    assert_eq!(out.investment_id.as_ref().unwrap().as_str(), "9502");
    assert_eq!(out.underlying_token.as_ref().unwrap()[0].decimals().unwrap(), 6);
    same(&out, data);
}

#[tokio::test]
async fn charts() {
    let data =
        r#"[{"timestamp":"1741737600000","rate":"0.0312","bonusRate":"0.0045","limitValue":1,"totalReward":"0.0357"}]"#;
    let s = serve("GET", "/api/v6/defi/product/rate/chart", data).await;
    let out = client(&s).send(&GetRateChart::new(inv("9502")).range(TimeRange::Month)).await.unwrap();
    assert_eq!(checked(&s).await.url.query(), Some("investmentId=9502&timeRange=MONTH"));
    same(&out, data);

    let data = r#"{"chartVos":[{"timestamp":"1741737600000","tvl":"123.45","limitValue":null}],"text":"TVL"}"#;
    let s = serve("GET", "/api/v6/defi/product/tvl/chart", data).await;
    let out = client(&s).send(&GetTvlChart::new(inv("9502"))).await.unwrap();
    assert_eq!(checked(&s).await.url.query(), Some("investmentId=9502"));
    assert_eq!(out.chart_vos.as_ref().unwrap()[0].limit_value, None);

    let data = r#"[{"tick":-887220,"liquidity":"340282366920938463463374607431768211455","liquidityNet":"-170141183460469231731687303715884105728","token0Price":"1.0001","token1Price":"0.9999"}]"#;
    let s = serve("GET", "/api/v6/defi/product/depth-price/chart", data).await;
    let req = GetDepthPriceChart { investment_id: inv("77"), chart_type: Some(ChartType::Depth), time_range: None };
    let out = client(&s).send(&req).await.unwrap();
    assert_eq!(checked(&s).await.url.query(), Some("investmentId=77&chartType=DEPTH"));
    assert_eq!(out[0].liquidity.as_ref().unwrap().as_str(), "340282366920938463463374607431768211455");
    assert_eq!(out[0].tick.as_ref().unwrap().as_str(), "-887220");
    same(&out, data);
}

#[tokio::test]
async fn prepare_sends_the_id_as_a_string() {
    let data = r#"{"investWithTokenList":[{"tokenSymbol":"USDC","tokenAddress":"0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48","chainIndex":"1","tokenPrecision":"6","coinAmount":"0"}],"receiveTokenInfo":{"tokenSymbol":"aUSDC","tokenPrecision":"6"},"gainsTokenList":[]}"#;
    let s = serve("POST", "/api/v6/defi/product/detail/prepare", data).await;
    let out = client(&s).send(&GetPrepare::new(inv("12345"))).await.unwrap();
    assert_eq!(body(&checked(&s).await), json!({"investmentId":"12345"}));
    same(&out, data);
    // The doc example sends the id as a number; it decodes.
    let doc: GetPrepare = serde_json::from_str(r#"{"investmentId": 12345}"#).unwrap();
    assert_eq!(doc.investment_id.as_str(), "12345");
}

#[tokio::test]
async fn enter_info_reads_either_list_name() {
    let data = r#"{"tokenList":[{"tokenAddress":"0xa0","chainIndex":"1","coinAmount":"2.5"}]}"#;
    let s = serve("POST", "/api/v6/defi/calculator/enter/info", data).await;
    let req = GetEnterInfo {
        investment_id: inv("77"),
        address: EVM_WALLET.into(),
        input_token_address: USDC.into(),
        input_amount: HumanAmount::parse("1.5").unwrap(),
        token_decimal: "6".into(),
        tick_lower: Some(-600),
        tick_upper: Some(600),
    };
    let out = client(&s).send(&req).await.unwrap();
    assert_eq!(
        body(&checked(&s).await),
        json!({"investmentId":"77","address":EVM_WALLET,"inputTokenAddress":USDC,"inputAmount":"1.5","tokenDecimal":"6","tickLower":-600,"tickUpper":600})
    );
    assert_eq!(out.tokens()[0].coin_amount.as_ref().unwrap().as_str(), "2.5");
    let other: EnterInfo = serde_json::from_str(r#"{"investWithTokenList":[{"coinAmount":"1"}]}"#).unwrap();
    assert_eq!(other.tokens().len(), 1);
}

const CALLS: &str = r#"{"dataList":[{"from":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed","to":"0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48","value":"0x0","serializedData":"0x095ea7b3","originalData":"{}","callDataType":"APPROVE","signatureData":"s"},{"from":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed","to":"0x87870bca3f3fd6335c3f4ce8392d69350b4fa4e2","value":"0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff","serializedData":"0x617ba037","callDataType":"SWAP,DEPOSIT"}]}"#;

fn usdc_input(amount: &str) -> UserInput {
    UserInput {
        token_address: USDC.into(),
        chain_index: ChainId::from_u64(1),
        coin_amount: HumanAmount::parse(amount).unwrap(),
        token_symbol: Some("USDC".into()),
        token_precision: Some(6),
        token_id: None,
    }
}

#[tokio::test]
async fn enter() {
    let s = serve("POST", "/api/v6/defi/transaction/enter", CALLS).await;
    let req = BuildEnter {
        investment_id: inv("9502"),
        address: EVM_WALLET.into(),
        user_input_list: vec![usdc_input("10.5")],
        slippage: Some(Slippage::parse("0.01").unwrap()),
        tick_lower: None,
        tick_upper: None,
        token_id: None,
    };
    let out = client(&s).send(&req).await.unwrap();
    assert_eq!(
        body(&checked(&s).await),
        json!({"investmentId":"9502","address":EVM_WALLET,"userInputList":[{"tokenAddress":USDC,"chainIndex":"1","coinAmount":"10.5","tokenSymbol":"USDC","tokenPrecision":6}],"slippage":"0.01"})
    );
    use earn_core::TransactionPurpose as P;
    assert_eq!(out.data_list[0].purpose(P::Deposit), P::Approve);
    assert_eq!(out.data_list[1].purpose(P::Approve), P::Deposit);
    assert_eq!(out.data_list[1].value.as_ref().unwrap().get(), earn_core::U256::MAX);
}

#[tokio::test]
async fn exit_with_redeem_percent() {
    let s = serve("POST", "/api/v6/defi/transaction/exit", CALLS).await;
    let req = BuildExit {
        investment_id: inv("1589649169"),
        address: EVM_WALLET.into(),
        redeem_percent: Some("0.5".into()),
        user_input_list: None,
        token_id: Some(TokenId::parse("6632738").unwrap()),
        slippage: None,
    };
    client(&s).send(&req).await.unwrap();
    assert_eq!(
        body(&checked(&s).await),
        json!({"investmentId":"1589649169","address":EVM_WALLET,"redeemPercent":"0.5","tokenId":"6632738"})
    );
}

#[tokio::test]
async fn claim() {
    let s = serve("POST", "/api/v6/defi/transaction/claim", CALLS).await;
    let mut req = BuildClaim::new(EVM_WALLET, RewardType::RewardPlatform);
    req.analysis_platform_id = Some(AnalysisPlatformId::parse("144").unwrap());
    req.expect_output_list = Some(vec![ExpectOutput {
        chain_index: ChainId::from_u64(1),
        token_address: "0xc00e94cb662c3520282e6f5717214004a7f26888".into(),
        coin_amount: HumanAmount::parse("0.001").unwrap(),
    }]);
    client(&s).send(&req).await.unwrap();
    assert_eq!(
        body(&checked(&s).await),
        json!({"address":EVM_WALLET,"rewardType":"REWARD_PLATFORM","analysisPlatformId":"144","expectOutputList":[{"chainIndex":"1","tokenAddress":"0xc00e94cb662c3520282e6f5717214004a7f26888","coinAmount":"0.001"}]})
    );
}

#[tokio::test]
async fn platform_list_and_detail() {
    let data = r#"{"walletIdPlatformList":[{"platformList":[{"platformName":"Aave V3","analysisPlatformId":"44","currencyAmount":"12.5","isSupportInvest":true,"networkBalanceList":[{"network":"ETH","chainIndex":"1","currencyAmount":"12.5"}]}]}]}"#;
    let s = serve("POST", "/api/v6/defi/user/asset/platform/list", data).await;
    let wallets =
        vec![WalletOnChainV6 { chain_index: ChainId::from_u64(1), wallet_address: EVM_WALLET.into(), pub_key: None }];
    let out = client(&s).send(&GetPlatforms { wallet_address_list: wallets.clone(), tag: None }).await.unwrap();
    assert_eq!(body(&checked(&s).await), json!({"walletAddressList":[{"chainIndex":"1","walletAddress":EVM_WALLET}]}));
    same(&out, data);

    let data = r#"[{"walletIdPlatformDetailList":[{"networkHoldVoList":[{"network":"ETH","chainIndex":"1","isSupportInvest":true,"totalAsset":"12.5","investTokenBalanceVoList":[],"investMarketTokenBalanceVoList":[{"assetMap":{"SUPPLY":[{"investmentId":9502,"tokenSymbol":"USDC","tokenAddress":"0xa0","chainIndex":"1","tokenPrecision":6,"coinAmount":"12.5","currencyAmount":"12.5"}],"BORROW":[]},"marketRewards":[]}],"availableRewards":[{"rewardType":"REWARD_PLATFORM"}]}]}],"platformName":"Aave V3","analysisPlatformId":"44"}]"#;
    let s = serve("POST", "/api/v6/defi/user/asset/platform/detail", data).await;
    let req = GetPlatformDetail {
        wallet_address_list: wallets,
        platform_list: vec![PlatformOnChain {
            chain_index: ChainId::from_u64(1),
            analysis_platform_id: AnalysisPlatformId::parse("44").unwrap(),
        }],
    };
    let out = client(&s).send(&req).await.unwrap();
    assert_eq!(
        body(&checked(&s).await),
        json!({"walletAddressList":[{"chainIndex":"1","walletAddress":EVM_WALLET}],"platformList":[{"chainIndex":"1","analysisPlatformId":"44"}]})
    );
    same(&out, data);
}
