//! The adapter on the v5 API: products with decimals, positions with pending unstakes,
//! and stake/redeem as approval + call data.

use earn_core::*;
use okx_web3_defi::ApiGeneration;
use serde_json::json;
use wiremock::MockServer;

use crate::common::*;
use crate::{WALLET_LC, calls, mount, paths, venue};

async fn v5_server(need_approve: bool) -> MockServer {
    let s = MockServer::start().await;
    mount(&s, "GET", "/api/v5/defi/explore/product/detail",
        &format!(r#"{{"investmentId":"21033","investmentName":"DAI","chainId":"1","platformName":"Aave V3","isInvestable":"true","underlyingToken":[{{"tokenSymbol":"DAI","tokenContract":"{DAI}"}}]}}"#)).await;
    mount(&s, "POST", "/api/v5/defi/calculator/subscribe-info",
        &format!(r#"{{"isAllowSubscribe":true,"estimateGasFee":"276614","investWithTokenList":[{{"tokenSymbol":"DAI","tokenAddress":"{DAI}","tokenPrecision":"18","chainId":"1","coinAmount":"1.5"}}],"receiveTokenInfo":{{"tokenSymbol":"aDAI","tokenAddress":"0x018008bfb33d285247a21d44e50697654f754e63","tokenPrecision":"18","chainId":"1","coinAmount":"1.5"}},"approveStatusList":[{{"tokenAddress":"{DAI}","isNeedApprove":{need_approve},"orderType":"3"}}]}}"#)).await;
    // The seed's answer, with its masked token address ("0x6b****0f") unmasked.
    let seed = include_str!("../fixtures/seed_002_response.json").replace("0x6b****0f", DAI);
    let data = seed.split("\"data\": ").nth(1).unwrap().trim_end().trim_end_matches('}').to_owned();
    mount(&s, "POST", "/api/v5/defi/calculator/redeem-info", &data).await;
    mount(&s, "POST", "/api/v5/defi/transaction/authorization", &calls("authorization", DAI)).await;
    mount(
        &s,
        "POST",
        "/api/v5/defi/transaction/subscription",
        &calls("subscription", "0x87870bca3f3fd6335c3f4ce8392d69350b4fa4e2"),
    )
    .await;
    mount(
        &s,
        "POST",
        "/api/v5/defi/transaction/redemption",
        &calls("redemption", "0x87870bca3f3fd6335c3f4ce8392d69350b4fa4e2"),
    )
    .await;
    s
}

#[tokio::test]
async fn v5_stake_returns_approval_then_deposit_never_an_order() {
    let s = v5_server(true).await;
    let v = venue(&s, ApiGeneration::V5);
    let out = v.stake(&StakeRequest::new("21033", Amount::parse("1.5").unwrap())).await.unwrap();
    assert!(out.order().is_none());
    let plan = out.plan().unwrap().clone();
    assert_eq!(plan.side, OrderSide::Stake);
    assert_eq!(plan.amount.to_string(), "1.5");
    let purposes: Vec<_> = plan.transactions.iter().map(|t| t.purpose.clone()).collect();
    assert_eq!(purposes, vec![TransactionPurpose::Approve, TransactionPurpose::Deposit]);
    let deposit = &plan.transactions[1];
    assert_eq!(deposit.chain, "1");
    assert_eq!(deposit.from, WALLET_LC);
    assert_eq!(deposit.value, U256::ZERO);
    assert_eq!(deposit.gas_limit, Some(276_614));
    assert_eq!(deposit.venue_signature.as_deref(), Some("0xsig"));
    assert!(out.into_order().unwrap_err().to_string().contains("nothing moved"));
    let reqs = s.received_requests().await.unwrap();
    reqs.iter().for_each(assert_signed);
    assert_eq!(
        paths(&reqs),
        [
            "explore/product/detail",
            "calculator/subscribe-info",
            "transaction/authorization",
            "transaction/subscription"
        ]
    );
    let auth = body(&reqs[2]);
    assert_eq!(auth["type"], 3);
    assert_eq!(auth["userInputList"], json!([{"chainId":"1","coinAmount":"1.5","tokenAddress":DAI}]));
    let sub = body(&reqs[3]);
    assert_eq!(sub["expectOutputList"][0]["tokenAddress"], "0x018008bfb33d285247a21d44e50697654f754e63");
}

#[tokio::test]
async fn v5_stake_without_approval_builds_one_step() {
    let s = v5_server(false).await;
    let out =
        venue(&s, ApiGeneration::V5).stake(&StakeRequest::new("21033", Amount::parse("1.5").unwrap())).await.unwrap();
    assert_eq!(out.plan().unwrap().transactions.len(), 1);
    assert!(!paths(&s.received_requests().await.unwrap()).contains(&"transaction/authorization".to_owned()));
}

#[tokio::test]
async fn v5_redemption_estimate_and_redeem() {
    let s = v5_server(false).await;
    let v = venue(&s, ApiGeneration::V5);
    let req = RedeemRequest::new("21033", Amount::parse("1.000000146425127036").unwrap());
    let est = v.redemption_estimate(&req).await.unwrap();
    assert!(est.allowed);
    assert_eq!(est.gas_limit, Some(276_614));
    assert_eq!(est.receive[0].asset.as_str(), "DAI");
    assert_eq!(est.receive[0].amount.to_string(), "1.000000146425127036");
    assert_eq!(est.receive[0].value_usd.as_ref().unwrap().original(), "0.9993097704396316094231068522159962");
    let out = v.redeem(&req).await.unwrap();
    let plan = out.plan().unwrap();
    assert_eq!(plan.side, OrderSide::Redeem);
    assert_eq!(plan.transactions[0].purpose, TransactionPurpose::Withdraw);
    let reqs = s.received_requests().await.unwrap();
    let red = reqs.iter().find(|r| r.url.path().ends_with("transaction/redemption")).unwrap();
    assert_eq!(body(red)["userInputList"][0]["coinAmount"], "1.000000146425127036");
}

#[tokio::test]
async fn too_precise_amounts_are_refused_before_any_call_data_is_built() {
    let s = v5_server(true).await;
    let v = venue(&s, ApiGeneration::V5);
    let err = v.stake(&StakeRequest::new("21033", Amount::parse("0.0000000000000000001").unwrap())).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    let p = paths(&s.received_requests().await.unwrap());
    assert!(p.iter().all(|p| !p.starts_with("transaction/")), "{p:?}");
    let zero = v.stake(&StakeRequest::new("21033", Amount::ZERO)).await.unwrap_err();
    assert_eq!(zero.kind(), ErrorKind::InvalidInput);
    let bad_id = v.stake(&StakeRequest::new("eth", Amount::parse("1").unwrap())).await.unwrap_err();
    assert_eq!(bad_id.kind(), ErrorKind::InvalidInput);
}

#[tokio::test]
async fn v5_products_and_positions() {
    let s = MockServer::start().await;
    mount(&s, "POST", "/api/v5/defi/explore/product/list", &format!(r#"{{"investments":[{{"investmentId":"21033","investmentName":"DAI","chainId":"1","rate":"0.01820","platformName":"Aave V3","underlyingToken":[{{"tokenSymbol":"DAI","tokenContract":"{DAI}"}}]}}],"total":"1"}}"#)).await;
    mount(
        &s,
        "POST",
        "/api/v5/defi/user/balance-list",
        &format!(
            r#"[{{"tokenSymbol":"DAI","tokenAddress":"{DAI}","chainId":"1","tokenPrecision":"18","coinAmount":"0"}}]"#
        ),
    )
    .await;
    mount(
        &s,
        "POST",
        "/api/v5/defi/user/asset/platform/list",
        r#"{"walletIdPlatformList":[{"platformList":[{"platformName":"Aave V3","analysisPlatformId":118265}]}]}"#,
    )
    .await;
    mount(&s, "GET", "/api/v5/defi/explore/product/detail", r#"{"investmentId":"21033","chainId":"1"}"#).await;
    mount(&s, "POST", "/api/v5/defi/user/investment/asset-detail", r#"[{"investmentId":"21033","assetsTokenList":[{"tokenSymbol":"DAI","tokenPrecision":"18","coinAmount":"2.5","currencyAmount":"2.49"}]}]"#).await;
    mount(&s, "GET", "/api/v5/defi/user/investment/unstake-list", r#"{"investmentId":"21033","coinAmount":"0.5"}"#)
        .await;
    let v = venue(&s, ApiGeneration::V5);
    let products = v.products(&ProductFilter::all()).await.unwrap();
    assert_eq!(products.len(), 1);
    assert_eq!(products[0].rules.precision, Some(18));
    assert_eq!(products[0].apr.unwrap().percent().to_string(), "1.82");
    let positions = v.positions().await.unwrap();
    assert_eq!(positions.len(), 1);
    assert_eq!(positions[0].amount.to_string(), "2.5");
    assert_eq!(positions[0].pending_redemption.unwrap().to_string(), "0.5");
}
