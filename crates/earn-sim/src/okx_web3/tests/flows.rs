//! Calculators and call data consistent with products and positions.

use serde_json::json;

use super::*;
use crate::okx_web3::{DEMO_SOLANA_WALLET, base58, keccak};

#[tokio::test]
async fn calculators_follow_products_and_positions() {
    let sim = start().await;
    let w = wallet();
    // Aave: USDC already approved to the pool; 1:1 receipt; yearly gain = amount × rate.
    let data = sim
        .ok_post(
            "/api/v5/defi/calculator/subscribe-info",
            json!({"address": w, "inputAmount":"1000","investmentId":"9502","inputTokenAddress":"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"}),
        )
        .await;
    assert_eq!(data["receiveTokenInfo"]["coinAmount"], "1000");
    assert_eq!(data["receiveTokenInfo"]["tokenSymbol"], "aEthUSDC");
    assert_eq!(data["gainsTokenList"][0]["coinAmount"], "31.2");
    assert_eq!(data["approveStatusList"][0]["isNeedApprove"], json!(false));
    assert_eq!(data["isAllowSubscribe"], json!(true));
    // More than the wallet's 10000 USDC.
    let data = sim
        .ok_post(
            "/api/v5/defi/calculator/subscribe-info",
            json!({"address": w, "inputAmount":"10000.000001","investmentId":"9502","inputTokenAddress":"0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"}),
        )
        .await;
    assert_eq!(data["isAllowSubscribe"], json!(false));
    // Compound on Optimism: not approved yet.
    let data = sim
        .ok_post(
            "/api/v6/defi/calculator/enter/info",
            json!({"investmentId":8973,"address": w,"inputTokenAddress":"0x0b2c639c533813f4aa9d7837caf62653d097ff85","inputAmount":"2"}),
        )
        .await;
    assert_eq!(data["approveStatusList"][0]["isNeedApprove"], json!(true));
    assert_eq!(data["approveStatusList"][0]["approveAddress"], "0x2e44e174f7d53f0212823acc11c01a11d58c5bcb");
    assert_eq!(data["investWithTokenList"][0]["coinAmount"], "2");
    // Redeem within and beyond the 2500.123456 aEthUSDC position.
    let redeem = |amount: &str| json!({"address": w, "inputTokenAmount": amount, "investmentId":"9502","outputTokenAddress":"0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"});
    let data = sim.ok_post("/api/v5/defi/calculator/redeem-info", redeem("2500.123456")).await;
    assert_eq!(data["isAllowRedeem"], json!(true));
    assert_eq!(data["mySupply"]["coinAmount"], "2500.123456");
    assert_eq!(data["receiveTokenList"][0]["coinAmount"], "2500.123456");
    let data = sim.ok_post("/api/v5/defi/calculator/redeem-info", redeem("2500.123457")).await;
    assert_eq!(data["isAllowRedeem"], json!(false));
    // Lido redemption needs stETH approved to the withdrawal queue.
    let data = sim
        .ok_post(
            "/api/v5/defi/calculator/redeem-info",
            json!({"address": w, "inputTokenAmount":"2","investmentId":10005,"outputTokenAddress":"0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"}),
        )
        .await;
    assert_eq!(data["approveStatusList"][0]["orderType"], "4");
    assert_eq!(data["receiveTokenList"][0]["coinAmount"], "1.999");
}

/// The uint256 argument at `index` of an ABI-encoded call.
fn word(data: &str, index: usize) -> String {
    data[10 + 64 * index..10 + 64 * (index + 1)].to_owned()
}

fn uint(data: &str, index: usize) -> earn_core::U256 {
    earn_core::U256::from_str_radix(&word(data, index), 16).unwrap()
}

#[tokio::test]
async fn call_data_is_abi_encoded_from_exact_amounts() {
    let sim = start().await;
    let w = wallet();
    // v6 enter on Compound: approve the exact amount first, then supply.
    let data = sim
        .ok_post(
            "/api/v6/defi/transaction/enter",
            json!({"investmentId":"8973","address": w,"userInputList":[{"chainIndex":10,"coinAmount":"1234.567891","tokenAddress":"0x0b2c639c533813f4aa9d7837caf62653d097ff85"}],"slippage":"0.005"}),
        )
        .await;
    let list = data["dataList"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["callDataType"], "APPROVE");
    assert_eq!(list[0]["to"], "0x0b2c639c533813f4aa9d7837caf62653d097ff85");
    let approve = list[0]["serializedData"].as_str().unwrap();
    assert!(approve.starts_with("0x095ea7b3"));
    assert!(word(approve, 0).ends_with("2e44e174f7d53f0212823acc11c01a11d58c5bcb"));
    assert_eq!(uint(approve, 1), earn_core::U256::from(1_234_567_891u64));
    assert_eq!(list[1]["callDataType"], "DEPOSIT");
    assert_eq!(list[1]["to"], "0x2e44e174f7d53f0212823acc11c01a11d58c5bcb");
    assert_eq!(list[1]["from"], w);
    assert_eq!(list[1]["value"], "0x0");
    let supply = list[1]["serializedData"].as_str().unwrap();
    assert!(supply.starts_with(&format!("0x{}", hex::encode(keccak::selector("supply(address,uint256)")))));
    assert_eq!(uint(supply, 1), earn_core::U256::from(1_234_567_891u64));
    // Lido: native ETH value, no approval.
    let data = sim
        .ok_post(
            "/api/v6/defi/transaction/enter",
            json!({"investmentId":10005,"address": w,"userInputList":[{"coinAmount":"1.25"}]}),
        )
        .await;
    assert_eq!(data["dataList"].as_array().unwrap().len(), 1);
    assert_eq!(data["dataList"][0]["value"], "0x1158e460913d0000");
    // v5 renders value as decimal wei.
    let data = sim
        .ok_post(
            "/api/v5/defi/transaction/subscription",
            json!({"address": w, "investmentId":"10005","userInputList":[{"coinAmount":"1.25"}],"expectOutputList":[{"coinAmount":"1.25"}]}),
        )
        .await;
    assert_eq!(data["dataList"][0]["value"], "1250000000000000000");
    assert_eq!(data["dataList"][0]["callDataType"], "subscription");
    // Exit everything: MAX_UINT256; exit half: exactly half the position.
    let all = sim
        .ok_post("/api/v6/defi/transaction/exit", json!({"investmentId":"9502","address": w,"redeemPercent":"1"}))
        .await;
    let withdraw = all["dataList"][0]["serializedData"].as_str().unwrap();
    assert!(withdraw.starts_with("0x69328dec"));
    assert_eq!(uint(withdraw, 1), earn_core::U256::MAX);
    let half = sim
        .ok_post("/api/v6/defi/transaction/exit", json!({"investmentId":"9502","address": w,"redeemPercent":"0.5"}))
        .await;
    assert_eq!(
        uint(half["dataList"][0]["serializedData"].as_str().unwrap(), 1),
        earn_core::U256::from(1_250_061_728u64)
    );
    // Lido exit: approve stETH to the queue, then requestWithdrawals of the exact amount.
    let lido = sim
        .ok_post(
            "/api/v6/defi/transaction/exit",
            json!({"investmentId":"10005","address": w,"userInputList":[{"coinAmount":"2.5"}]}),
        )
        .await;
    let list = lido["dataList"].as_array().unwrap();
    assert_eq!(list[0]["callDataType"], "APPROVE");
    assert_eq!(list[1]["callDataType"], "WITHDRAW");
    assert_eq!(
        uint(list[1]["serializedData"].as_str().unwrap(), 3),
        earn_core::U256::from(2_500_000_000_000_000_000u64)
    );
    // Claims: a finalized Lido withdrawal; Compound rewards.
    let claim = sim
        .ok_post(
            "/api/v6/defi/transaction/claim",
            json!({"rewardType":"UNLOCKED_PRINCIPAL","investmentId":"10005","principalIndex":"41234","address": w}),
        )
        .await;
    assert_eq!(uint(claim["dataList"][0]["serializedData"].as_str().unwrap(), 0), earn_core::U256::from(41234u64));
    let claim = sim
        .ok_post(
            "/api/v6/defi/transaction/claim",
            json!({"rewardType":"REWARD_INVESTMENT","investmentId":"8973","address": w}),
        )
        .await;
    assert!(claim["dataList"][0]["serializedData"].as_str().unwrap().starts_with("0xb7034f7e"));
}

#[tokio::test]
async fn solana_transactions_are_base58_with_a_signature_placeholder() {
    let sim = start().await;
    let data = sim
        .ok_post(
            "/api/v6/defi/transaction/enter",
            json!({"investmentId":"22180","address": DEMO_SOLANA_WALLET,"userInputList":[{"chainIndex":"501","coinAmount":"1.5"}]}),
        )
        .await;
    let tx = base58::decode(data["dataList"][0]["serializedData"].as_str().unwrap()).unwrap();
    assert_eq!(tx[0], 1);
    assert!(tx[1..65].iter().all(|b| *b == 0));
    assert_eq!(&tx[tx.len() - 8..], &1_500_000_000u64.to_le_bytes());
    // An EVM address on the Solana product.
    let (status, code) = sim
        .post_err(
            "/api/v6/defi/transaction/enter",
            json!({"investmentId":"22180","address": wallet(),"userInputList":[{"coinAmount":"1.5"}]}),
        )
        .await;
    assert_eq!((status, code), (200, 84019));
}
