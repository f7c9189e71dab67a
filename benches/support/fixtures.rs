//! Wire fixtures: 100-item product and position lists per venue, in each venue's own format
//! (field sets taken from the crates' endpoint tests), and their response envelopes.

/// Items per list.
pub const ITEMS: usize = 100;

fn list(n: usize, item: impl Fn(usize) -> String) -> String {
    let items: Vec<String> = (0..n).map(item).collect();
    format!("[{}]", items.join(","))
}

/// OKX on-chain earn `offers` `data`: 100 products.
pub fn okx_offers() -> String {
    list(ITEMS, |i| {
        format!(
            r#"{{"ccy":"DOT","productId":"{}","protocol":"Polkadot","protocolType":"defi","term":"{}","apy":"0.{:04}","earlyRedeem":{},"state":"purchasable","investData":[{{"bal":"10.5","ccy":"DOT","maxAmt":"50000","minAmt":"2"}}],"earningData":[{{"ccy":"DOT","earningType":"0"}}],"fastRedemptionDailyLimit":"","redeemPeriod":["1H","24H"]}}"#,
            100 + i,
            i % 3 * 30,
            1000 + i,
            i % 2 == 0
        )
    })
}

/// OKX on-chain earn `orders-active` `data`: 100 positions.
pub fn okx_orders() -> String {
    list(ITEMS, |i| {
        format!(
            r#"{{"ordId":"{}","ccy":"DOT","productId":"101","state":"1","protocol":"Polkadot","protocolType":"defi","term":"0","apy":"0.1014","investData":[{{"ccy":"DOT","amt":"{}.25"}}],"earningData":[{{"ccy":"DOT","earningType":"0","earnings":"0.10615025"}}],"purchasedTime":"1729839328000","tag":"bot{}","estSettlementTime":"","cancelRedemptionDeadline":"","fastRedemptionData":[{{"ccy":"DOT","redeemingAmt":"0.5"}}]}}"#,
            2_413_499 + i,
            2 + i,
            i
        )
    })
}

/// OKX ETH staking `eth/balance` `data`: the one row OKX answers (the small answer).
pub fn okx_eth_balance() -> String {
    r#"[{"amt":"1.52","ccy":"BETH","latestInterestAccrual":"0.00051","totalInterestAccrual":"0.01262","ts":"1729839328000"}]"#
        .to_owned()
}

/// Bybit `/v5/earn/product` `result.list`: 100 products (FlexibleSaving and OnChain).
pub fn bybit_products() -> String {
    list(ITEMS, |i| {
        if i % 2 == 0 {
            format!(
                r#"{{"category":"FlexibleSaving","estimateApr":"3.{i}%","coin":"BTC","minStakeAmount":"0.001","maxStakeAmount":"10","precision":"8","productId":"{}","status":"Available","bonusEvents":[],"minRedeemAmount":"","maxRedeemAmount":"","duration":"","term":0,"swapCoin":"","swapCoinPrecision":"","stakeExchangeRate":"","redeemExchangeRate":"","rewardDistributionType":"","rewardIntervalMinute":0,"redeemProcessingMinute":0,"stakeTime":"","interestCalculationTime":""}}"#,
                400 + i
            )
        } else {
            format!(
                r#"{{"category":"OnChain","estimateApr":"4.25%","coin":"ETH","minStakeAmount":"0.01","maxStakeAmount":"100","precision":"6","productId":"{}","status":"Available","bonusEvents":[{{"apr":"1%","coin":"MNT","announcement":"https://x"}}],"minRedeemAmount":"","maxRedeemAmount":"","duration":"Fixed","term":30,"swapCoin":"ETH","swapCoinPrecision":"6","stakeExchangeRate":"","redeemExchangeRate":"","rewardDistributionType":"Simple","rewardIntervalMinute":"1440","redeemProcessingMinute":"2880","stakeTime":"1744243200000","interestCalculationTime":"1744329600000"}}"#,
                400 + i
            )
        }
    })
}

/// Bybit `/v5/earn/position` `result.list`: 100 positions.
pub fn bybit_positions() -> String {
    list(ITEMS, |i| {
        format!(
            r#"{{"coin":"BTC","productId":"{}","amount":"0.{i}1","totalPnl":"0.000027397260273973","claimableYield":"0","id":"{}","status":"Active","orderId":"1a5a8945-{i}","estimateRedeemTime":"","estimateStakeTime":"","estimateInterestCalculationTime":"1744243200000","settlementTime":"1744675200000","autoReinvest":"Enable","availableAmount":"4900","freezeDetails":[{{"amount":"100","description":"Locked in Fixed-Rate Loan"}}]}}"#,
            400 + i,
            326 + i
        )
    })
}

/// Bybit `/v5/earn/position` `result.list` for one product: one position (the small answer).
pub fn bybit_position() -> String {
    list(1, |_| {
        r#"{"coin":"BTC","productId":"430","amount":"0.51","totalPnl":"0.000027397260273973","claimableYield":"0","id":"326","status":"Active","orderId":"1a5a8945-0","estimateRedeemTime":"","estimateStakeTime":"","estimateInterestCalculationTime":"1744243200000","settlementTime":"1744675200000","autoReinvest":"Enable","availableAmount":"0.51","freezeDetails":[]}"#.to_owned()
    })
}

/// OKX Web3 v6 `product/search` `data`: 100 products.
pub fn web3_search() -> String {
    let items = list(ITEMS, |i| {
        format!(
            r#"{{"investmentId":"{}","name":"USDC","platformName":"Aave V3","rate":"0.03{i}","tvl":"1000000.123456","chainIndex":"1","detailPath":"aave-v3-usdc-{i}","feeRate":"0.0003","productGroup":"SINGLE_EARN"}}"#,
            9500 + i
        )
    });
    format!(r#"{{"total":{ITEMS},"list":{items}}}"#)
}

/// OKX Web3 v6 `user/asset/platform/detail` `data`: one platform holding 100 supplied tokens.
pub fn web3_positions() -> String {
    let supply = list(ITEMS, |i| {
        format!(
            r#"{{"investmentId":{},"tokenSymbol":"USDC","tokenAddress":"0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48","chainIndex":"1","tokenPrecision":6,"coinAmount":"12.{i}5","currencyAmount":"12.4999999999999999999999999999{i}"}}"#,
            9500 + i
        )
    });
    format!(
        r#"[{{"walletIdPlatformDetailList":[{{"networkHoldVoList":[{{"network":"ETH","chainIndex":"1","isSupportInvest":true,"totalAsset":"1250.5","investTokenBalanceVoList":[],"investMarketTokenBalanceVoList":[{{"assetMap":{{"SUPPLY":{supply},"BORROW":[]}},"marketRewards":[]}}],"availableRewards":[{{"rewardType":"REWARD_PLATFORM"}}]}}]}}],"platformName":"Aave V3","analysisPlatformId":"44"}}]"#
    )
}

/// The OKX exchange and OKX Web3 success envelope around `data`.
pub fn okx_envelope(data: &str) -> String {
    format!(r#"{{"code":"0","msg":"","data":{data}}}"#)
}

/// The Bybit success envelope around `{"list": list}`.
pub fn bybit_envelope(list: &str) -> String {
    format!(
        r#"{{"retCode":0,"retMsg":"OK","result":{{"list":{list},"nextPageCursor":""}},"retExtInfo":{{}},"time":1739936607117}}"#
    )
}
