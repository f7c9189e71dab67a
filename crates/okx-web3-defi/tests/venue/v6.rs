//! The adapter on the v6 API: search + detail, positions from platform detail, and
//! enter/exit call data checked to come from the wallet.

use earn_core::*;
use okx_web3_defi::ApiGeneration;
use serde_json::json;
use wiremock::MockServer;

use crate::common::*;
use crate::{WALLET_LC, calls, mount, venue};

#[tokio::test]
async fn a_transaction_for_another_sender_is_refused() {
    let s = MockServer::start().await;
    mount(&s, "GET", "/api/v6/defi/product/detail", r#"{"investmentId":9502,"chainIndex":"1","isInvestable":true}"#)
        .await;
    mount(&s, "POST", "/api/v6/defi/product/detail/prepare", &format!(r#"{{"investWithTokenList":[{{"tokenSymbol":"USDC","tokenAddress":"{USDC}","chainIndex":"1","tokenPrecision":"6"}}]}}"#)).await;
    mount(
        &s,
        "POST",
        "/api/v6/defi/transaction/enter",
        r#"{"dataList":[{"from":"0x0000000000000000000000000000000000000001","to":"0x2","callDataType":"DEPOSIT"}]}"#,
    )
    .await;
    let err =
        venue(&s, ApiGeneration::V6).stake(&StakeRequest::new("9502", Amount::parse("1").unwrap())).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
}

async fn v6_server() -> MockServer {
    let s = MockServer::start().await;
    mount(&s, "POST", "/api/v6/defi/product/search", r#"{"total":2,"list":[{"investmentId":"9502","chainIndex":"1","rate":"0.0312"},{"investmentId":"777","chainIndex":"501"}]}"#).await;
    mount(&s, "GET", "/api/v6/defi/product/detail",
        &format!(r#"{{"investmentId":9502,"investmentName":"USDC","platformName":"Aave V3","chainIndex":"1","rate":"0.0312","isInvestable":true,"isSupportRedeem":true,"underlyingToken":[{{"tokenSymbol":"USDC","tokenAddress":"{USDC}","chainIndex":"1","tokenPrecision":6}}]}}"#)).await;
    mount(&s, "POST", "/api/v6/defi/product/detail/prepare", &format!(r#"{{"investWithTokenList":[{{"tokenSymbol":"USDC","tokenAddress":"{USDC}","chainIndex":"1","tokenPrecision":"6"}}]}}"#)).await;
    mount(&s, "POST", "/api/v6/defi/transaction/enter", &format!(r#"{{"dataList":[{{"from":"{WALLET_LC}","to":"{USDC}","value":"0x0","serializedData":"0x095e","callDataType":"APPROVE"}},{{"from":"{WALLET_LC}","to":"0x87870bca3f3fd6335c3f4ce8392d69350b4fa4e2","value":"0x0","serializedData":"0x617b","callDataType":"DEPOSIT"}}]}}"#)).await;
    mount(
        &s,
        "POST",
        "/api/v6/defi/transaction/exit",
        &calls("WITHDRAW", "0x87870bca3f3fd6335c3f4ce8392d69350b4fa4e2"),
    )
    .await;
    s
}

#[tokio::test]
async fn v6_products_stake_and_redeem() {
    let s = v6_server().await;
    let v = venue(&s, ApiGeneration::V6);
    let products = v.products(&ProductFilter::asset("USDC")).await.unwrap();
    assert_eq!(products.len(), 1, "the Solana product does not fit an EVM wallet");
    let p = &products[0];
    assert_eq!(p.id.as_str(), "9502");
    assert_eq!(p.kind, ProductKind::DeFi);
    assert_eq!(p.apr.unwrap().to_string(), "0.0312");
    assert_eq!(p.rules.precision, Some(6));
    assert_eq!(p.asset.as_str(), "USDC");

    let out = v.stake(&StakeRequest::new("9502", Amount::parse("10.5").unwrap())).await.unwrap();
    let plan = out.plan().unwrap();
    let purposes: Vec<_> = plan.transactions.iter().map(|t| t.purpose.clone()).collect();
    assert_eq!(purposes, vec![TransactionPurpose::Approve, TransactionPurpose::Deposit]);
    let redeem = v.redeem(&RedeemRequest::new("9502", Amount::parse("2").unwrap())).await.unwrap();
    assert_eq!(redeem.plan().unwrap().transactions[0].purpose, TransactionPurpose::Withdraw);

    let reqs = s.received_requests().await.unwrap();
    reqs.iter().for_each(assert_signed);
    let enter = reqs.iter().find(|r| r.url.path().ends_with("transaction/enter")).unwrap();
    assert_eq!(
        body(enter),
        json!({"investmentId":"9502","address":EVM_WALLET,"userInputList":[{"tokenAddress":USDC,"chainIndex":"1","coinAmount":"10.5","tokenSymbol":"USDC","tokenPrecision":6}]})
    );
    let search = reqs.iter().find(|r| r.url.path().ends_with("product/search")).unwrap();
    assert_eq!(body(search), json!({"tokenKeywordList":["USDC"],"pageNum":1,"chainIndex":"1"}));

    let est = v.redemption_estimate(&RedeemRequest::new("9502", Amount::parse("1").unwrap())).await.unwrap_err();
    assert_eq!(est.kind(), ErrorKind::Unsupported, "v6 has no redemption calculator");
}

#[tokio::test]
async fn v6_positions_from_platform_detail() {
    let s = MockServer::start().await;
    mount(&s, "POST", "/api/v6/defi/user/asset/platform/list", r#"{"walletIdPlatformList":[{"platformList":[{"analysisPlatformId":"44","platformName":"Aave V3","networkBalanceList":[{"chainIndex":"1","currencyAmount":"12.5"}]}]}]}"#).await;
    mount(&s, "POST", "/api/v6/defi/user/asset/platform/detail", r#"[{"walletIdPlatformDetailList":[{"networkHoldVoList":[{"chainIndex":"1","investTokenBalanceVoList":[{"investmentId":"300","assetsTokenList":[{"tokenSymbol":"stETH","tokenPrecision":"18","coinAmount":"1.000000000000000001","currencyAmount":"3000.123456789012345678901234567890"}],"rewardDefiTokenInfo":[{"rewardType":"REWARD_INVESTMENT","baseDefiTokenInfos":[{"tokenSymbol":"LDO","tokenPrecision":"18","coinAmount":"0.5"}]}]}],"investMarketTokenBalanceVoList":[{"assetMap":{"SUPPLY":[{"investmentId":9502,"tokenSymbol":"USDC","tokenPrecision":6,"coinAmount":"12.5","currencyAmount":"12.5"}],"BORROW":[{"investmentId":9600,"tokenSymbol":"WETH","tokenPrecision":18,"coinAmount":"0.1"}]}}]}]}]}]"#).await;
    let positions = venue(&s, ApiGeneration::V6).positions().await.unwrap();
    assert_eq!(positions.len(), 2, "borrowed rows are debts, not holdings");
    let st = &positions[0];
    assert_eq!(st.product.as_str(), "300");
    assert_eq!(st.amount.to_string(), "1.000000000000000001");
    assert!(matches!(st.amount, Quantity::Token(_)));
    assert_eq!(st.value_usd.as_ref().unwrap().original(), "3000.123456789012345678901234567890");
    assert_eq!(st.rewards[0].asset.as_str(), "LDO");
    assert_eq!(positions[1].product.as_str(), "9502");
    let reqs = s.received_requests().await.unwrap();
    assert_eq!(
        body(&reqs[1]),
        json!({"walletAddressList":[{"chainIndex":"1","walletAddress":EVM_WALLET}],"platformList":[{"chainIndex":"1","analysisPlatformId":"44"}]})
    );
}
