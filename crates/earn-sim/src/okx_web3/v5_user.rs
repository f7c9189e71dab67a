//! v5 User: positions by platform and product, token balances, unstake requests.

use serde_json::{Value, json};

use super::catalog::{self, PLATFORMS, Protocol};
use super::envelope::{ApiError, Handled, Reply};
use super::holdings_view::{self, WalletOnChain};
use super::num;
use super::params::Params;
use super::render;
use super::state::Web3State;
use super::validate;

/// `POST /api/v5/defi/user/asset/platform/list` (`analysisPlatformId` is a JSON number).
pub(crate) fn platform_list(state: &Web3State, params: &Params) -> Handled {
    let wallets = holdings_view::wallets(&params.req_list("walletAddressList")?, "chainId")?;
    let positions = holdings_view::invested(state, &wallets);
    let rows: Vec<Value> = PLATFORMS
        .iter()
        .filter(|pl| positions.iter().any(|(p, _)| std::ptr::eq(p.platform, **pl)))
        .map(|pl| holdings_view::platform_row(pl, &positions, "chainId", "networkBalanceVoList"))
        .collect();
    Ok(Reply::ok_legacy_user(json!({"walletIdPlatformList": [{"platformList": rows}]})))
}

/// The wallets of a platform-detail body: `walletAddressList` or the doc example's
/// `accountIdInfoList[].walletAddressList`.
fn detail_wallets(params: &Params) -> Result<Vec<WalletOnChain>, ApiError> {
    if let Some(list) = params.opt_list("walletAddressList")?.filter(|l| !l.is_empty()) {
        return holdings_view::wallets(&list, "chainId");
    }
    let accounts = params.opt_list("accountIdInfoList")?.unwrap_or_default();
    let mut wallets = Vec::new();
    for account in &accounts {
        wallets.extend(holdings_view::wallets(&account.req_list("walletAddressList")?, "chainId")?);
    }
    if wallets.is_empty() {
        return Err(ApiError::missing("walletAddressList"));
    }
    Ok(wallets)
}

/// `POST /api/v5/defi/user/asset/platform/detail`.
pub(crate) fn platform_detail(state: &Web3State, params: &Params) -> Handled {
    let id = params.req_id("analysisPlatformId")?;
    let platform = PLATFORMS
        .iter()
        .find(|p| p.analysis_id == id)
        .ok_or_else(|| ApiError::business(84001, "Platform not supported"))?;
    let wallets = detail_wallets(params)?;
    let positions = holdings_view::invested(state, &wallets);
    let mut networks: Vec<Value> = Vec::new();
    for chain in catalog::CHAINS.iter() {
        let rows: Vec<Value> = positions
            .iter()
            .filter(|(p, _)| std::ptr::eq(p.platform, *platform) && p.chain_id == chain.id)
            .map(|(p, h)| holdings_view::product_rows(p, h, "chainId", false))
            .collect();
        if !rows.is_empty() {
            networks.push(
                json!({"network": chain.v5_network, "chainId": chain.id.to_string(), "investTokenBalanceVoList": rows}),
            );
        }
    }
    Ok(Reply::ok_legacy_user(json!({
        "walletIdPlatformDetailList": [{"networkHoldVoList": networks, "accountId": ""}],
        "platformName": platform.name,
        "analysisPlatformId": platform.analysis_id,
        "platformLogo": platform.logo(),
        "platformUrl": platform.website,
    })))
}

/// `POST /api/v5/defi/user/investment/asset-detail`: zero holdings read `0E-18`.
pub(crate) fn asset_detail(state: &Web3State, params: &Params) -> Handled {
    if params.opt_str("investmentId")?.is_none() && params.opt_str("poolId")?.is_some() {
        return Err(ApiError::business(84007, "Investment product not supported"));
    }
    let product = validate::product(params, "investmentId")?;
    validate::same_chain(params, "chainId", product)?;
    let address = validate::wallet(params, "address", product.chain())?;
    let holdings = state.holdings(&address);
    Ok(Reply::ok(json!([holdings_view::product_rows(product, &holdings, "chainId", false)])))
}

/// `POST /api/v5/defi/user/balance-list`: position tokens read as the position.
pub(crate) fn balance_list(state: &Web3State, params: &Params) -> Handled {
    let chain = validate::req_chain(params, "chainId")?;
    let address = validate::wallet(params, "address", chain)?;
    let tokens = params.opt_str_list("tokenAddressList")?.filter(|l| !l.is_empty());
    let tokens = tokens.ok_or_else(|| ApiError::missing("tokenAddressList"))?;
    let holdings = state.holdings(&address);
    let mut rows = Vec::with_capacity(tokens.len());
    for address in &tokens {
        let token = catalog::token(chain.id, address).ok_or_else(|| ApiError::unsupported_token(address))?;
        let amount = match catalog::PRODUCTS.iter().find(|p| std::ptr::eq(p.receive, token)) {
            Some(product) => holdings.position(product),
            None => holdings.balance(token),
        };
        let mut row = render::token_amount(token, &amount, render::Gen::V5);
        row["tokenLogo"] = json!(token.logo());
        row["browserUrl"] = json!(format!(
            "https://www.okx.com/web3/explorer/{}/token/{}",
            chain.v5_network.to_ascii_lowercase(),
            token.address
        ));
        rows.push(row);
    }
    Ok(Reply::ok(Value::Array(rows)))
}

/// `GET /api/v5/defi/user/investment/unstake-list` (Lido-like products; `investmentId` is a number).
pub(crate) fn unstake_list(state: &Web3State, params: &Params) -> Handled {
    let product = validate::product(params, "investmentId")?;
    let address = validate::wallet(params, "userAddress", product.chain())?;
    if product.protocol != Protocol::Lido {
        return Err(ApiError::business(84007, "Investment product not supported"));
    }
    let holdings = state.holdings(&address);
    let token = product.underlying;
    let requests: Vec<_> = holdings.withdrawals.iter().filter(|w| w.product_id == product.id).collect();
    let amounts: Vec<_> = requests.iter().map(|w| num::units(w.amount, token.decimals)).collect();
    let total = num::sum(&amounts);
    let rows: Vec<Value> = requests
        .iter()
        .zip(&amounts)
        .map(|(w, amount)| {
            json!({
                "rewardType": 2,
                "claimIndex": w.request_id.to_string(),
                "tokenSymbol": token.symbol,
                "tokenLogo": token.logo(),
                "tokenAddress": token.address,
                "network": product.chain().v5_network,
                "tokenPrecision": token.decimals.to_string(),
                "coinAmount": amount.to_string(),
                "currencyAmount": render::usd(token, amount).to_string(),
                "rewardDescription": if w.claimable { "Claimable" } else { "Pending" },
                "rewardTip": if w.claimable { "" } else { "Withdrawal request is being processed" },
            })
        })
        .collect();
    Ok(Reply::ok(json!({
        "userAddress": address,
        "investmentId": product.id,
        "canClaimAll": !requests.is_empty() && requests.iter().all(|w| w.claimable),
        "coinAmount": total.to_string(),
        "currencyAmount": render::usd(token, &total).to_string(),
        "rewardTokenInfos": rows,
    })))
}
