//! Valuations of a wallet's holdings, shared by the v5 and v6 user endpoints.

use earn_core::TokenAmount;
use serde_json::{Value, json};

use super::catalog::{self, Chain, Platform, Product};
use super::envelope::ApiError;
use super::num;
use super::params::Params;
use super::positions::Holdings;
use super::render;
use super::state::Web3State;
use super::validate;

/// One `walletAddressList` item: chain and checked address.
#[derive(Debug, Clone)]
pub(crate) struct WalletOnChain {
    pub(crate) chain: &'static Chain,
    pub(crate) address: String,
}

/// Parses a `walletAddressList` whose chain field is `chain_field` (`chainId`/`chainIndex`).
pub(crate) fn wallets(items: &[Params], chain_field: &str) -> Result<Vec<WalletOnChain>, ApiError> {
    items
        .iter()
        .map(|item| {
            let chain = validate::req_chain(item, chain_field)?;
            let address = validate::wallet(item, "walletAddress", chain)?;
            Ok(WalletOnChain { chain, address })
        })
        .collect()
}

/// USD value of everything held in a product: position, pending reward, withdrawals.
pub(crate) fn product_value(holdings: &Holdings, product: &Product) -> TokenAmount {
    let mut parts = vec![render::position_usd(product, &holdings.position(product))];
    if let (Some(token), Some(reward)) = (product.reward, holdings.reward(product)) {
        parts.push(render::usd(token, &reward));
    }
    for w in holdings.withdrawals.iter().filter(|w| w.product_id == product.id) {
        parts.push(render::usd(product.underlying, &num::units(w.amount, product.underlying.decimals)));
    }
    num::sum(&parts)
}

/// (product, holdings) pairs the wallets are invested in, on their chains.
pub(crate) fn invested(state: &Web3State, wallets: &[WalletOnChain]) -> Vec<(&'static Product, Holdings)> {
    let mut out = Vec::new();
    for wallet in wallets {
        let holdings = state.holdings(&wallet.address);
        for product in catalog::PRODUCTS.iter().filter(|p| p.chain_id == wallet.chain.id) {
            if holdings.is_invested(product) {
                out.push((product, holdings.clone()));
            }
        }
    }
    out
}

/// A platform row of the platform-list endpoints.
pub(crate) fn platform_row(
    platform: &Platform,
    positions: &[(&'static Product, Holdings)],
    chain_field: &str,
    network_list_field: &str,
) -> Value {
    let mine: Vec<&(&Product, Holdings)> =
        positions.iter().filter(|(p, _)| std::ptr::eq(p.platform, platform)).collect();
    let mut networks: Vec<(&Chain, Vec<TokenAmount>)> = Vec::new();
    for (product, holdings) in &mine {
        let value = product_value(holdings, product);
        match networks.iter_mut().find(|(c, _)| c.id == product.chain_id) {
            Some((_, values)) => values.push(value),
            None => networks.push((product.chain(), vec![value])),
        }
    }
    let total = num::sum(&networks.iter().flat_map(|(_, v)| v.iter().cloned()).collect::<Vec<_>>());
    let network_rows: Vec<Value> = networks
        .iter()
        .map(|(chain, values)| {
            json!({
                "network": chain.v5_network,
                "networkLogo": format!("https://static.okx.com/cdn/wallet/logo/{}.png", chain.v5_network.to_ascii_lowercase()),
                chain_field: chain.id.to_string(),
                "currencyAmount": num::sum(values).to_string(),
            })
        })
        .collect();
    json!({
        "platformName": platform.name,
        "analysisPlatformId": platform.analysis_id,
        "platformLogo": platform.logo(),
        "platformColor": "#2B6DEF",
        "currencyAmount": total.to_string(),
        "isSupportInvest": true,
        "bonusTag": 0,
        "platformUrl": platform.website,
        network_list_field: network_rows,
        "investmentCount": mine.len(),
    })
}

/// The rows of one invested product (position token and rewards), for detail endpoints.
pub(crate) fn product_rows(product: &Product, holdings: &Holdings, chain_field: &str, v6: bool) -> Value {
    let position = holdings.position(product);
    let (reward_token, reward) = match (product.reward, holdings.reward(product)) {
        (Some(t), Some(r)) => (t, r),
        _ => (product.underlying, num::zero(product.underlying.decimals)),
    };
    let claimable = !reward.base_units().is_zero();
    let mut reward_row = render::holding_row(reward_token, &reward, chain_field);
    reward_row["buttonType"] = json!(if claimable { "1" } else { "0" });
    let reward_type = if v6 { json!("REWARD_INVESTMENT") } else { json!(1) };
    json!({
        "investmentName": product.name,
        "investmentId": product.id.to_string(),
        "sourceInvestmentId": product.id.to_string(),
        "investType": if v6 { json!(product.invest_type) } else { json!(product.invest_type.to_string()) },
        "investName": product.platform.name,
        "assetsTokenList": [render::holding_row(product.receive, &position, chain_field)],
        "rewardDefiTokenInfo": [{
            "baseDefiTokenInfos": [reward_row],
            "buttonType": if claimable { "1" } else { "0" },
            "rewardType": reward_type,
        }],
        "totalValue": product_value(holdings, product).to_string(),
    })
}
