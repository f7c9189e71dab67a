//! Every endpoint answers with the documented envelope and data type.

use serde_json::{Value, json};

use super::*;

#[tokio::test]
async fn every_endpoint_answers_with_the_documented_shape() {
    let sim = start().await;
    let w = wallet();
    let gets: [(&str, bool); 10] = [
        ("/api/v5/defi/explore/protocol/list", true),
        ("/api/v5/defi/explore/token/list?chainId=1", true),
        ("/api/v5/defi/explore/product/detail?investmentId=9502", false),
        ("/api/v5/defi/explore/network-list", true),
        ("/api/v6/defi/product/supported-chains", true),
        ("/api/v6/defi/product/supported-platforms", true),
        ("/api/v6/defi/product/detail?investmentId=9502", false),
        ("/api/v6/defi/product/rate/chart?investmentId=9502&timeRange=MONTH", true),
        ("/api/v6/defi/product/tvl/chart?investmentId=8973", false),
        ("/api/v5/defi/user/investment/unstake-list?investmentId=10005&userAddress=W", false),
    ];
    for (target, is_array) in gets {
        let data = sim.ok_get(&target.replace('W', &w)).await;
        assert_eq!(data.is_array(), is_array, "{target}: {data}");
        assert!(data.is_array() || data.is_object());
    }
    let posts: Vec<(&str, Value, bool)> = vec![
        (
            "/api/v5/defi/explore/product/list",
            json!({"simplifyInvestType":"100","network":"ETH","limit":"10","offset":"0","sort":{"orders":[{"direction":"DESC","property":"TVL"}]}}),
            false,
        ),
        (
            "/api/v5/defi/calculator/subscribe-info",
            json!({"address": w, "inputAmount":"1.5","investmentId":"9502","inputTokenAddress":"0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"}),
            false,
        ),
        ("/api/v5/defi/calculator/redeem-info", serde_json::from_str(&seed_body(false)).unwrap(), false),
        (
            "/api/v5/defi/transaction/authorization",
            json!({"address": w, "investmentId":"8973","type":3,"userInputList":[{"chainId":10,"coinAmount":"10"}]}),
            false,
        ),
        (
            "/api/v5/defi/transaction/subscription",
            json!({"address": w, "investmentId":"9502","userInputList":[{"chainId":"1","coinAmount":"10"}],"expectOutputList":[{"coinAmount":"10"}]}),
            false,
        ),
        (
            "/api/v5/defi/transaction/redemption",
            json!({"address": w, "investmentId":"9502","userInputList":[{"coinAmount":"10"}],"expectOutputLIst":[{"coinAmount":"10"}]}),
            false,
        ),
        (
            "/api/v5/defi/transaction/bonus",
            json!({"address": w, "investmentId":"10005","extra":"{\"claimIndex\":41234}"}),
            false,
        ),
        (
            "/api/v5/defi/user/asset/platform/list",
            json!({"walletAddressList":[{"chainId":1,"walletAddress": w}]}),
            false,
        ),
        (
            "/api/v5/defi/user/asset/platform/detail",
            json!({"analysisPlatformId":10,"accountIdInfoList":[{"walletAddressList":[{"chainId":1,"walletAddress": w}]}]}),
            false,
        ),
        (
            "/api/v5/defi/user/investment/asset-detail",
            json!({"address": w, "investmentId":"10005","chainId":"1"}),
            true,
        ),
        (
            "/api/v5/defi/user/balance-list",
            json!({"chainId":"1","address": w,"tokenAddressList":["0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee","0x6b175474e89094c44da98b954eedeac495271d0f"]}),
            true,
        ),
        (
            "/api/v6/defi/product/search",
            json!({"tokenKeywordList":["USDC"],"platformKeywordList":["Aave"],"productGroup":"SINGLE_EARN","pageNum":1}),
            false,
        ),
        ("/api/v6/defi/product/detail/prepare", json!({"investmentId": 12345 - 2843}), false),
        (
            "/api/v6/defi/calculator/enter/info",
            json!({"investmentId":"8973","address": w,"inputTokenAddress":"0x0b2c639c533813f4aa9d7837caf62653d097ff85","inputAmount":"2","tokenDecimal":"6"}),
            false,
        ),
        (
            "/api/v6/defi/transaction/enter",
            json!({"investmentId":"9502","address": w,"userInputList":[{"chainIndex":"1","coinAmount":"1","tokenPrecision":6}]}),
            false,
        ),
        ("/api/v6/defi/transaction/exit", json!({"investmentId":"9502","address": w,"redeemPercent":"0.5"}), false),
        (
            "/api/v6/defi/transaction/claim",
            json!({"rewardType":"REWARD_PLATFORM","analysisPlatformId":"144","address": w,"chainIndex":10}),
            false,
        ),
        (
            "/api/v6/defi/user/asset/platform/list",
            json!({"walletAddressList":[{"chainIndex":"1","walletAddress": w}]}),
            false,
        ),
        (
            "/api/v6/defi/user/asset/platform/detail",
            json!({"walletAddressList":[{"chainIndex":"1","walletAddress": w}],"platformList":[{"chainIndex":"1","analysisPlatformId":"44"}]}),
            true,
        ),
    ];
    for (path, body, is_array) in posts {
        let data = sim.ok_post(path, body).await;
        assert_eq!(data.is_array(), is_array, "{path}: {data}");
        if path.contains("/transaction/") {
            assert!(!data["dataList"].as_array().unwrap().is_empty(), "{path}: {data}");
        }
    }
    // v6 product endpoints answer without `msg`; v5 user endpoints add the legacy fields.
    let body = sim.get("/api/v6/defi/product/supported-chains").await;
    assert!(body.get("msg").is_none());
    let body = sim
        .post(
            "/api/v5/defi/user/asset/platform/list",
            json!({"walletAddressList":[{"chainId":"1","walletAddress": w}]}),
        )
        .await;
    assert_eq!(body["error_code"], "0");
}
