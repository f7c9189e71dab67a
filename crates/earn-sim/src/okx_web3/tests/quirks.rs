//! The real API's numeric quirks and its validation error codes.

use serde_json::{Value, json};

use super::*;

#[tokio::test]
async fn numeric_quirks_of_the_real_api() {
    let sim = start().await;
    let w = wallet();
    let digits = |s: &Value| s.as_str().unwrap().chars().filter(char::is_ascii_digit).count();
    // USD with more than 28 digits; analysisPlatformId as a JSON number (v5).
    let data = sim
        .ok_post(
            "/api/v5/defi/user/asset/platform/list",
            json!({"walletAddressList":[{"chainId":1,"walletAddress": w}]}),
        )
        .await;
    let platforms = data["walletIdPlatformList"][0]["platformList"].as_array().unwrap();
    assert!(platforms.len() >= 2);
    assert!(platforms.iter().all(|p| p["analysisPlatformId"].is_u64()));
    assert!(platforms.iter().any(|p| digits(&p["currencyAmount"]) > 28));
    // A position too large for a Decimal, and Java-style zero rewards.
    let data = sim
        .ok_post("/api/v5/defi/user/investment/asset-detail", json!({"address": w, "investmentId":"21033","chainId":1}))
        .await;
    assert_eq!(data[0]["assetsTokenList"][0]["coinAmount"], "100000000000.123456789012345678");
    assert!(digits(&data[0]["totalValue"]) > 28);
    assert_eq!(data[0]["rewardDefiTokenInfo"][0]["baseDefiTokenInfos"][0]["coinAmount"], "0E-18");
    // Ids as numbers where the examples show numbers; precision string in v5, int in v6 detail.
    assert!(sim.ok_get("/api/v5/defi/explore/protocol/list?platformId=144").await[0]["platformId"].is_u64());
    assert!(sim.ok_get("/api/v6/defi/product/detail?investmentId=9502").await["investmentId"].is_u64());
    let unstake =
        sim.ok_get(&format!("/api/v5/defi/user/investment/unstake-list?investmentId=10005&userAddress={w}")).await;
    assert!(unstake["investmentId"].is_u64());
    assert_eq!(unstake["canClaimAll"], json!(false));
    assert_eq!(unstake["rewardTokenInfos"][0]["claimIndex"], "41234");
    let v6 = sim.ok_get("/api/v6/defi/product/detail?investmentId=9502").await;
    assert_eq!(v6["underlyingToken"][0]["tokenPrecision"], json!(6));
    let v5 = sim
        .ok_post(
            "/api/v5/defi/user/balance-list",
            json!({"chainId":1,"address": w,"tokenAddressList":["0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"]}),
        )
        .await;
    assert_eq!(v5[0]["tokenPrecision"], "6");
    assert_eq!(v5[0]["coinAmount"], "10000");
    // Both expectOutputList spellings are accepted, and chainId as number or string.
    for key in ["expectOutputList", "expectOutputLIst"] {
        for chain in [json!(1), json!("1")] {
            let mut body =
                json!({"address": w, "investmentId":"9502","userInputList":[{"chainId": chain,"coinAmount":"5"}]});
            body[key] = json!([{"chainId": chain, "coinAmount":"5"}]);
            sim.ok_post("/api/v5/defi/transaction/subscription", body).await;
        }
    }
}

#[tokio::test]
async fn validation_errors_carry_the_reference_codes() {
    let sim = start().await;
    let w = wallet();
    let usdc = "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48";
    let sub = "/api/v5/defi/calculator/subscribe-info";
    let cases: Vec<(&str, Value, (u16, u64))> = vec![
        (sub, json!({"inputAmount":"1","investmentId":"1","inputTokenAddress": usdc}), (200, 84024)),
        (
            sub,
            json!({"inputAmount":"1","investmentId":"9502","inputTokenAddress":"0x6b175474e89094c44da98b954eedeac495271d0f"}),
            (200, 84010),
        ),
        (sub, json!({"inputAmount":"1.0000001","investmentId":"9502","inputTokenAddress": usdc}), (400, 84000)),
        (sub, json!({"inputAmount":"1e3","investmentId":"9502","inputTokenAddress": usdc}), (400, 84000)),
        (sub, json!({"inputAmount":"-1","investmentId":"9502","inputTokenAddress": usdc}), (400, 84000)),
        (sub, json!({"investmentId":"9502","inputTokenAddress": usdc}), (400, 50014)),
        (
            sub,
            json!({"inputAmount":"1","investmentId":"9502","inputTokenAddress": usdc,"address":"0x1234"}),
            (200, 84019),
        ),
        (
            "/api/v5/defi/transaction/subscription",
            json!({"address": w, "investmentId":"9502","userInputList":[{"coinAmount":"10000.5"}],"expectOutputList":[{"coinAmount":"1"}]}),
            (200, 84014),
        ),
        (
            "/api/v5/defi/transaction/redemption",
            json!({"address": w, "investmentId":"9502","userInputList":[{"coinAmount":"2600"}],"expectOutputList":[{"coinAmount":"1"}]}),
            (200, 84014),
        ),
        (
            "/api/v5/defi/transaction/authorization",
            json!({"address": w, "investmentId":"9502","type":5,"userInputList":[{"coinAmount":"1"}]}),
            (200, 84022),
        ),
        ("/api/v5/defi/transaction/bonus", json!({"address": w, "investmentId":"9502"}), (200, 84025)),
        (
            "/api/v6/defi/transaction/claim",
            json!({"rewardType":"REWARD_INVESTMENT","investmentId":"9502","address": w}),
            (200, 84025),
        ),
        (
            "/api/v6/defi/transaction/claim",
            json!({"rewardType":"UNLOCKED_PRINCIPAL","investmentId":"10005","principalIndex":41235,"address": w}),
            (200, 84029),
        ),
        (
            "/api/v6/defi/transaction/enter",
            json!({"investmentId":"9502","address": w,"slippage":"1.5","userInputList":[{"coinAmount":"1"}]}),
            (400, 84000),
        ),
        (
            "/api/v6/defi/transaction/exit",
            json!({"investmentId":"9502","address": w,"redeemPercent":"1.01"}),
            (400, 84000),
        ),
        ("/api/v6/defi/product/search", json!({"pageNum":1}), (400, 50014)),
    ];
    for (path, body, expected) in cases {
        assert_eq!(sim.post_err(path, body.clone()).await, expected, "{path} {body}");
    }
    // Malformed JSON body.
    let (status, body) = sim.raw("POST", sub, "{not json", None).await;
    assert_eq!((status, body["code"].clone()), (400, json!(84000)));
    // V3-only chart on a lending product.
    let body = sim.get("/api/v6/defi/product/depth-price/chart?investmentId=9502").await;
    assert_eq!(body["code"], json!(84032));
}
