//! Every v5 endpoint: method, path, query, headers, signature and body.

use okx_web3_defi::api::holdings::WalletOnChainV5;
use okx_web3_defi::api::types::PlatformId;
use okx_web3_defi::api::v5_calculator::*;
use okx_web3_defi::api::v5_explore::*;
use okx_web3_defi::api::v5_transaction::*;
use okx_web3_defi::api::v5_user::*;
use okx_web3_defi::*;
use serde_json::json;
use wiremock::MockServer;

use crate::common::*;

fn inv(id: &str) -> InvestmentId {
    InvestmentId::parse(id).unwrap()
}

fn amount(s: &str) -> HumanAmount {
    HumanAmount::parse(s).unwrap()
}

#[tokio::test]
async fn protocol_list() {
    let data = r#"[{"platformId":144,"platformName":"Compound V3","platformWebSite":"https://app.compound.finance","investmentUrlPattern":"","platformMinInfos":[{"investmentId":"8973","protocolId":"75","network":"OP"}]}]"#;
    let s = serve("GET", "/api/v5/defi/explore/protocol/list", data).await;
    let req = GetProtocols { platform_id: Some(PlatformId::parse("144").unwrap()), platform_name: None };
    let out = client(&s).send(&req).await.unwrap();
    let r = checked(&s).await;
    assert_eq!(r.url.query(), Some("platformId=144"));
    assert!(r.body.is_empty());
    assert_eq!(out[0].platform_id.as_ref().unwrap().as_str(), "144");
    assert!(out[0].platform_id.as_ref().unwrap().was_number());
    assert_eq!(out[0].investment_url_pattern.as_deref(), Some(""));
    assert_eq!(out[0].investment_api_url_pattern, None);
    assert_eq!(out[0].platform_min_infos.as_ref().unwrap()[0].investment_id.as_ref().unwrap().as_str(), "8973");
    assert_eq!(serde_json::to_value(&out).unwrap(), serde_json::from_str::<serde_json::Value>(data).unwrap());
}

#[tokio::test]
async fn token_list() {
    let data = r#"[{"symbol":"DFI","tokenInfos":[{"tokenId":"3533","tokenSymbol":"DFI","network":"ETH","logoUrl":"https://x/l.png","tokenAddress":"0x8fc8f8269ebca376d046ce292dc7eac40c8d358a"}]}]"#;
    let s = serve("GET", "/api/v5/defi/explore/token/list", data).await;
    let req = GetTokens { token_address: Some(DAI.into()), chain_id: Some(ChainId::from_u64(1)) };
    let out = client(&s).send(&req).await.unwrap();
    let r = checked(&s).await;
    assert_eq!(r.url.query(), Some(format!("tokenAddress={DAI}&chainId=1").as_str()));
    assert_eq!(out[0].token_infos.as_ref().unwrap()[0].token_id.as_ref().unwrap().as_str(), "3533");
}

#[tokio::test]
async fn product_list() {
    let data = r#"{"investments":[{"investmentId":"21033","investmentName":"DAI","chainId":"1","rate":"0.01820","investType":"1","platformName":"Aave V3","platformId":"10","rateType":"1","tvl":"123456789.123456789","underlyingToken":[{"isBaseToken":false,"tokenContract":"0x6b175474e89094c44da98b954eedeac495271d0f","tokenSymbol":"DAI"}]}],"total":"1"}"#;
    let s = serve("POST", "/api/v5/defi/explore/product/list", data).await;
    let req = GetProducts::new(SimplifyInvestType::Single, "ETH", 10)
        .offset(0)
        .sort_by(SortProperty::Tvl, SortDirection::Desc);
    let out = client(&s).send(&req).await.unwrap();
    let r = checked(&s).await;
    assert_eq!(
        body(&r),
        json!({"simplifyInvestType":"101","network":"ETH","sort":{"orders":[{"direction":"DESC","property":"TVL"}]},"offset":"0","limit":"10"})
    );
    let p = &out.investments.as_ref().unwrap()[0];
    assert_eq!(p.rate.as_ref().unwrap().to_rate().unwrap().to_string(), "0.0182");
    assert_eq!(out.total.as_ref().unwrap().as_str(), "1");
    // The alternate list name is read too.
    let alt: ProductList = serde_json::from_str(r#"{"list":[{"investmentId":7}]}"#).unwrap();
    assert_eq!(alt.investments.unwrap()[0].investment_id.as_ref().unwrap().as_str(), "7");
}

#[tokio::test]
async fn product_detail_uses_the_vector_b_query() {
    let data = r#"{"investmentId":"120","investmentName":"jEUR","chainId":"137","analysisPlatformId":"55","isInvestable":"true","utilizationRate":"0.5","earnedToken":[],"lpToken":[]}"#;
    let s = serve("GET", "/api/v5/defi/explore/product/detail", data).await;
    let mut req = GetProductDetail::new(inv("21010"));
    req.investment_category = Some(InvestmentCategory::Default);
    let out = client(&s).send(&req).await.unwrap();
    let r = checked(&s).await;
    assert_eq!(r.url.query(), Some("investmentId=21010&investmentCategory=0"));
    assert!(out.is_investable.unwrap().get());
    assert_eq!(serde_json::to_value(&out).unwrap(), serde_json::from_str::<serde_json::Value>(data).unwrap());
}

#[tokio::test]
async fn network_list() {
    let s = serve("GET", "/api/v5/defi/explore/network-list", r#"[{"symbol":"ETH","chainId":"1"}]"#).await;
    let req = GetNetworks { network: Some("ETH".into()), chain_id: None };
    let out = client(&s).send(&req).await.unwrap();
    assert_eq!(checked(&s).await.url.query(), Some("network=ETH"));
    assert_eq!(out[0].chain_id.as_ref().unwrap().as_str(), "1");
}

#[tokio::test]
async fn subscribe_info() {
    let data = r#"{"validatorName":"","isAllowSubscribe":true,"estimateGasFee":"276614","isSwapInvest":false,"exchangeRate":"1","investWithTokenList":[{"tokenSymbol":"DAI","tokenAddress":"0x6b175474e89094c44da98b954eedeac495271d0f","tokenPrecision":"18","coinAmount":"10","currencyAmount":"9.99","chainId":"1"}],"gainsTokenList":[],"receiveTokenInfo":{"tokenSymbol":"aDAI","tokenPrecision":"18","coinAmount":"10","chainId":"1","tokenAddress":"0x018008bfb33d285247a21d44e50697654f754e63"},"approveStatusList":[{"tokenSymbol":"DAI","tokenAddress":"0x6b175474e89094c44da98b954eedeac495271d0f","tokenPrecision":"18","isNeedApprove":true,"approveAddress":"0x87870bca3f3fd6335c3f4ce8392d69350b4fa4e2","network":"ETH","chainId":"1","orderType":"3"}]}"#;
    let s = serve("POST", "/api/v5/defi/calculator/subscribe-info", data).await;
    let mut req = GetSubscribeInfo::new(inv("21033"), DAI, amount("10"));
    req.address = Some(EVM_WALLET.into());
    req.is_single = Some(true);
    req.slippage = Some(Slippage::parse("0.005").unwrap());
    let out = client(&s).send(&req).await.unwrap();
    let r = checked(&s).await;
    assert_eq!(
        body(&r),
        json!({"address":EVM_WALLET,"inputAmount":"10","inputTokenAddress":DAI,"investmentId":"21033","isSingle":true,"slippage":"0.005"})
    );
    assert_eq!(out.approve_status_list.as_ref().unwrap()[0].is_need_approve, Some(true));
    assert_eq!(out.receive_token_info.as_ref().unwrap().as_slice()[0].token_symbol.as_deref(), Some("aDAI"));
}

#[tokio::test]
async fn redeem_info_sends_empty_slippage_by_default() {
    let s = serve(
        "POST",
        "/api/v5/defi/calculator/redeem-info",
        include_str!("../fixtures/seed_002_response.json")
            .split("\"data\": ")
            .nth(1)
            .unwrap()
            .trim_end()
            .trim_end_matches('}'),
    )
    .await;
    let mut req = GetRedeemInfo::new(inv("21033"), DAI, amount("1.000000146425127036"));
    req.address = Some(EVM_WALLET.into());
    let out = client(&s).send(&req).await.unwrap();
    let r = checked(&s).await;
    assert_eq!(
        body(&r),
        json!({"address":EVM_WALLET,"inputTokenAmount":"1.000000146425127036","investmentId":"21033","outputTokenAddress":DAI,"slippage":""})
    );
    assert_eq!(out.estimate_gas_fee.unwrap().as_str(), "276614");
}

fn input() -> Vec<TokenAmountInput> {
    vec![TokenAmountInput::new(ChainId::from_u64(1), DAI, amount("10"))]
}

const CALLS: &str = r#"{"dataList":[{"from":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed","to":"0x87870bca3f3fd6335c3f4ce8392d69350b4fa4e2","value":"","serializedData":"0x095ea7b3","originalData":"{}","callDataType":"authorization","signatureData":"0xsig"}]}"#;

#[tokio::test]
async fn authorization_uses_the_documented_capital_i_spelling() {
    let s = serve("POST", "/api/v5/defi/transaction/authorization", CALLS).await;
    let req = BuildAuthorization {
        address: EVM_WALLET.into(),
        investment_id: inv("6925"),
        kind: AuthorizationType::Subscribe,
        user_input_list: input(),
        expect_output_list: Some(input()),
    };
    let out = client(&s).send(&req).await.unwrap();
    let r = checked(&s).await;
    let item = json!({"chainId":"1","coinAmount":"10","tokenAddress":DAI});
    assert_eq!(
        body(&r),
        json!({"address":EVM_WALLET,"investmentId":"6925","type":3,"userInputList":[item],"expectOutputLIst":[item]})
    );
    let call = &out.data_list[0];
    assert!(call.value.as_ref().unwrap().get().is_zero());
    assert_eq!(call.purpose(earn_core::TransactionPurpose::Deposit), earn_core::TransactionPurpose::Approve);
    // The doc example (chainId as a number) decodes too.
    let doc: BuildAuthorization = serde_json::from_str(r#"{"address":"0x7f****da","userInputList":[{"chainId":56,"coinAmount":"10","tokenAddress":"0x526a"}],"investmentId":"6925","type":3}"#).unwrap();
    assert_eq!(doc.user_input_list[0].chain_id.as_ref().unwrap().as_str(), "56");
}

#[tokio::test]
async fn subscription_and_redemption() {
    for (p, redeem) in [("/api/v5/defi/transaction/subscription", false), ("/api/v5/defi/transaction/redemption", true)]
    {
        let s = serve("POST", p, CALLS).await;
        let build = if redeem { BuildInvestTransaction::redemption } else { BuildInvestTransaction::subscription };
        let req = build(EVM_WALLET, inv("21033"), input(), input())
            .extra_json(&json!({"redeemCalldataExtInfo":[{"unstakeIndex":"0xbc51"}]}))
            .unwrap();
        let out = client(&s).send(&req).await.unwrap();
        let r = checked(&s).await;
        let item = json!({"chainId":"1","coinAmount":"10","tokenAddress":DAI});
        assert_eq!(
            body(&r),
            json!({"address":EVM_WALLET,"investmentId":"21033","userInputList":[item],"expectOutputList":[item],
                   "extra":"{\"redeemCalldataExtInfo\":[{\"unstakeIndex\":\"0xbc51\"}]}"})
        );
        assert_eq!(out.data_list.len(), 1);
    }
}

#[tokio::test]
async fn bonus() {
    let s = serve("POST", "/api/v5/defi/transaction/bonus", CALLS).await;
    let req = BuildBonusClaim {
        address: EVM_WALLET.into(),
        investment_id: inv("10005"),
        user_input_list: input(),
        expect_output_list: input(),
        extra: Some(r#"{"claimIndex":3}"#.into()),
    };
    client(&s).send(&req).await.unwrap();
    let b = body(&checked(&s).await);
    assert!(b.get("expectOutputLIst").is_some() && b.get("expectOutputList").is_none(), "{b}");
    assert_eq!(b["extra"], r#"{"claimIndex":3}"#);
}

#[tokio::test]
async fn platform_list() {
    let data = r##"{"walletIdPlatformList":[{"platformList":[{"platformName":"Aave V3","analysisPlatformId":118265,"platformLogo":"l","platformColor":"#fff","currencyAmount":"10076.999426431322729394061370751783986","isSupportInvest":true,"bonusTag":0,"platformUrl":"u","networkBalanceVoList":[{"network":"ETH","networkLogo":"n","chainId":1,"currencyAmount":"10076.999426431322729394061370751783986"}],"investmentCount":2}]}]}"##;
    let s = serve("POST", "/api/v5/defi/user/asset/platform/list", data).await;
    let req = GetPlatforms {
        wallet_address_list: vec![WalletOnChainV5 {
            chain_id: ChainId::from_u64(1),
            wallet_address: EVM_WALLET.into(),
        }],
    };
    let out = client(&s).send(&req).await.unwrap();
    assert_eq!(body(&checked(&s).await), json!({"walletAddressList":[{"chainId":"1","walletAddress":EVM_WALLET}]}));
    assert_eq!(serde_json::to_value(&out).unwrap(), serde_json::from_str::<serde_json::Value>(data).unwrap());
    let p = &out.wallet_id_platform_list.unwrap()[0].platform_list.clone().unwrap()[0];
    assert_eq!(p.analysis_platform_id.as_ref().unwrap().as_str(), "118265");
    assert_eq!(p.currency_amount.as_ref().unwrap().as_str(), "10076.999426431322729394061370751783986");
}

/// Defect (c), issue 10: `platform/detail` sent both `walletAddressList` and
/// `accountIdInfoList`. A request now sends exactly one shape: the doc example's by default,
/// the field table's on request.
#[tokio::test]
async fn platform_detail_sends_exactly_one_documented_shape() {
    let data = r#"{"walletIdPlatformDetailList":[{"networkHoldVoList":[{"network":"ARB","chainId":"42161","investTokenBalanceVoList":[{"investType":"1","assetsTokenList":[{"tokenSymbol":"USDC","coinAmount":"5","tokenPrecision":"6","currencyAmount":"5"}],"totalValue":"5"}]}]}],"platformName":"Aave V3","analysisPlatformId":"260"}"#;
    let s = serve("POST", "/api/v5/defi/user/asset/platform/detail", data).await;
    let w = WalletOnChainV5 { chain_id: ChainId::from_u64(42161), wallet_address: EVM_WALLET.into() };
    let req = GetPlatformDetail::new(AnalysisPlatformId::parse("260").unwrap(), vec![w.clone()]);
    let out = client(&s).send(&req).await.unwrap();
    let wl = json!([{"chainId":"42161","walletAddress":EVM_WALLET}]);
    let sent = body(&checked(&s).await);
    assert_eq!(sent, json!({"analysisPlatformId":"260","accountIdInfoList":[{"walletAddressList":wl}]}));
    assert!(sent.get("walletAddressList").is_none(), "one shape only: {sent}");
    let hold = &out.wallet_id_platform_detail_list.unwrap()[0].network_hold_vo_list.clone().unwrap()[0];
    let row = &hold.invest_token_balance_vo_list.as_ref().unwrap()[0].assets_token_list.as_ref().unwrap()[0];
    assert_eq!(row.quantity().unwrap().base_units().to_string(), "5000000");

    // The field table's shape, when asked for, is also sent alone.
    let s = serve("POST", "/api/v5/defi/user/asset/platform/detail", data).await;
    let req = GetPlatformDetail::top_level(AnalysisPlatformId::parse("260").unwrap(), vec![w]);
    client(&s).send(&req).await.unwrap();
    assert_eq!(body(&checked(&s).await), json!({"analysisPlatformId":"260","walletAddressList":wl}));

    // Both shapes decode (the request type reads what it writes).
    let doc: GetPlatformDetail = serde_json::from_value(
        json!({"analysisPlatformId":260,"accountIdInfoList":[{"walletAddressList":[{"chainId":42161,"walletAddress":EVM_WALLET}]}]}),
    )
    .unwrap();
    assert!(matches!(doc.wallets, DetailWallets::Accounts(ref a) if a[0].wallet_address_list.len() == 1));

    // A request with no wallet is refused before sending.
    let s = MockServer::start().await;
    let empty = GetPlatformDetail {
        analysis_platform_id: AnalysisPlatformId::parse("260").unwrap(),
        wallets: DetailWallets::Accounts(vec![]),
    };
    assert_eq!(client(&s).send(&empty).await.unwrap_err().kind(), earn_core::ErrorKind::InvalidInput);
    assert_eq!(request_count(&s).await, 0);
}

#[tokio::test]
async fn asset_detail_reads_java_zero() {
    let data = r#"[{"investmentName":"USDC","investmentId":15299,"investType":"1","assetsTokenList":[{"tokenSymbol":"USDC","coinAmount":"0E-18","tokenPrecision":"18","currencyAmount":"0"}],"rewardDefiTokenInfo":[{"baseDefiTokenInfos":[{"tokenSymbol":"MATIC","coinAmount":"0.5","tokenPrecision":"18","buttonType":"1"}],"buttonType":"1","rewardType":2}],"totalValue":"0"}]"#;
    let s = serve("POST", "/api/v5/defi/user/investment/asset-detail", data).await;
    let req = GetAssetDetail::new(EVM_WALLET, ChainId::from_u64(137), inv("15299"));
    let out = client(&s).send(&req).await.unwrap();
    assert_eq!(body(&checked(&s).await), json!({"address":EVM_WALLET,"chainId":"137","investmentId":"15299"}));
    let row = &out[0].assets_token_list.as_ref().unwrap()[0];
    assert!(row.quantity().unwrap().base_units().is_zero());
    assert_eq!(row.coin_amount.as_ref().unwrap().as_str(), "0E-18");
    assert_eq!(serde_json::to_value(&out).unwrap(), serde_json::from_str::<serde_json::Value>(data).unwrap());
}

#[tokio::test]
async fn balance_list() {
    let data = r#"[{"tokenSymbol":"DAI","tokenName":"Dai","tokenLogo":"l","tokenAddress":"0x6b175474e89094c44da98b954eedeac495271d0f","network":"ETH","chainId":"1","tokenPrecision":"18","isBaseToken":false,"coinAmount":"4.309755677978655097","currencyAmount":"4.310735082243589184287938931547","browserUrl":"b"}]"#;
    let s = serve("POST", "/api/v5/defi/user/balance-list", data).await;
    let req = GetBalances {
        chain_id: ChainId::from_u64(1),
        address: EVM_WALLET.into(),
        token_address_list: vec![DAI.into(), "0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee".into()],
    };
    let out = client(&s).send(&req).await.unwrap();
    assert_eq!(
        body(&checked(&s).await),
        json!({"chainId":"1","address":EVM_WALLET,"tokenAddressList":[DAI,"0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"]})
    );
    assert_eq!(out[0].quantity().unwrap().base_units().to_string(), "4309755677978655097");
    assert_eq!(out[0].currency_amount.as_ref().unwrap().as_str(), "4.310735082243589184287938931547");
}

#[tokio::test]
async fn unstake_list() {
    let data = r#"{"userAddress":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed","investmentId":10005,"canClaimAll":true,"coinAmount":"1.5","currencyAmount":"3000","rewardTokenInfos":[{"rewardType":2,"claimIndex":"17","tokenSymbol":"ETH","tokenPrecision":"18","coinAmount":"1.5","currencyAmount":"3000","rewardDescription":"d","rewardTip":"t"}]}"#;
    let s = serve("GET", "/api/v5/defi/user/investment/unstake-list", data).await;
    let req = GetUnstakeList { investment_id: inv("10005"), user_address: EVM_WALLET.into() };
    let out = client(&s).send(&req).await.unwrap();
    assert_eq!(checked(&s).await.url.query(), Some(format!("investmentId=10005&userAddress={EVM_WALLET}").as_str()));
    assert_eq!(out.investment_id.as_ref().unwrap().as_str(), "10005");
    assert_eq!(out.reward_token_infos.as_ref().unwrap()[0].claim_index.as_ref().unwrap().as_str(), "17");
    assert_eq!(serde_json::to_value(&out).unwrap(), serde_json::from_str::<serde_json::Value>(data).unwrap());
}
