//! v6 User Holdings: positions by platform.

use serde_json::{Value, json};

use super::catalog::{CHAINS, PLATFORMS};
use super::envelope::{ApiError, Handled, Reply};
use super::holdings_view;
use super::params::Params;
use super::state::Web3State;
use super::validate;

/// `POST /api/v6/defi/user/asset/platform/list`.
pub(crate) fn platform_list(state: &Web3State, params: &Params) -> Handled {
    let wallets = holdings_view::wallets(&params.req_list("walletAddressList")?, "chainIndex")?;
    let positions = holdings_view::invested(state, &wallets);
    let rows: Vec<Value> = PLATFORMS
        .iter()
        .filter(|pl| positions.iter().any(|(p, _)| std::ptr::eq(p.platform, **pl)))
        .map(|pl| {
            let mut row = holdings_view::platform_row(pl, &positions, "chainIndex", "networkBalanceList");
            row["analysisPlatformId"] = json!(pl.analysis_id.to_string());
            row
        })
        .collect();
    Ok(Reply::ok(json!({"walletIdPlatformList": [{"platformList": rows}]})))
}

/// `POST /api/v6/defi/user/asset/platform/detail` (an array, one item per requested platform).
pub(crate) fn platform_detail(state: &Web3State, params: &Params) -> Handled {
    let wallets = holdings_view::wallets(&params.req_list("walletAddressList")?, "chainIndex")?;
    let wanted = params.req_list("platformList")?;
    let positions = holdings_view::invested(state, &wallets);
    let mut out = Vec::with_capacity(wanted.len());
    for item in &wanted {
        let chain = validate::opt_chain(item, "chainIndex")?;
        let id = item.req_id("analysisPlatformId")?;
        let platform = PLATFORMS
            .iter()
            .find(|p| p.analysis_id == id)
            .ok_or_else(|| ApiError::business(84001, "Protocol not supported"))?;
        let mut networks = Vec::new();
        for c in CHAINS.iter().filter(|c| chain.is_none_or(|x| x.id == c.id)) {
            let mine: Vec<_> =
                positions.iter().filter(|(p, _)| std::ptr::eq(p.platform, *platform) && p.chain_id == c.id).collect();
            if mine.is_empty() {
                continue;
            }
            let rows: Vec<Value> =
                mine.iter().map(|(p, h)| holdings_view::product_rows(p, h, "chainIndex", true)).collect();
            let total =
                super::num::sum(&mine.iter().map(|(p, h)| holdings_view::product_value(h, p)).collect::<Vec<_>>());
            networks.push(json!({
                "network": c.v6_network,
                "chainIndex": c.id.to_string(),
                "isSupportInvest": true,
                "totalAsset": total.to_string(),
                "investTokenBalanceVoList": rows,
                "investMarketTokenBalanceVoList": [],
                "availableRewards": [],
            }));
        }
        out.push(json!({
            "walletIdPlatformDetailList": [{"networkHoldVoList": networks}],
            "platformName": platform.name,
            "analysisPlatformId": platform.analysis_id.to_string(),
            "platformLogo": platform.logo(),
            "platformUrl": platform.website,
        }));
    }
    Ok(Reply::ok(Value::Array(out)))
}
