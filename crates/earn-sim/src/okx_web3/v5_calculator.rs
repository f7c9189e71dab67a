//! v5 Calculation: subscription and redemption estimates.

use serde_json::{Value, json};

use super::calldata;
use super::catalog::{Product, Protocol};
use super::envelope::{ApiError, Handled, Reply};
use super::flows;
use super::num;
use super::params::Params;
use super::render::{self, Gen};
use super::state::Web3State;
use super::validate;

/// Common optional parameters of both calculators; returns the checked wallet address.
fn common(params: &Params, product: &Product) -> Result<Option<String>, ApiError> {
    if let Some(category) = params.opt_str("investmentCategory")?
        && category != "0"
        && category != "1"
    {
        return Err(ApiError::invalid("investmentCategory", "must be 0 or 1"));
    }
    params.opt_bool("isSingle")?;
    if params.opt_str("slippage")?.is_some() {
        validate::fraction(params, "slippage", "0.01")?;
    }
    let address = params.opt_str("address")?;
    if let Some(a) = &address {
        validate::address_on(product.chain(), a)?;
    }
    Ok(address)
}

fn validator_name(product: &Product) -> &'static str {
    match product.protocol {
        Protocol::Lido | Protocol::SplStakePool => product.platform.name,
        Protocol::AaveV3 | Protocol::CompoundV3 => "",
    }
}

/// `POST /api/v5/defi/calculator/subscribe-info`.
pub(crate) fn subscribe_info(state: &Web3State, params: &Params) -> Handled {
    let product = validate::product(params, "investmentId")?;
    let amount = validate::amount(params, "inputAmount", product.underlying)?;
    params.req_str("inputTokenAddress")?;
    let token = validate::token_is(params, "inputTokenAddress", product.underlying)?;
    let address = common(params, product)?;
    let holdings = address.as_deref().map(|a| state.holdings(a));
    let (received, approvals) = flows::deposit_preview(product, &amount, holdings.as_ref())?;
    let yearly = num::mul(&amount, &num::fixed(product.rate))
        .and_then(|g| num::rescale_floor(&g, token.decimals))
        .ok_or_else(|| ApiError::invalid("inputAmount", "is too large"))?;
    let allowed = holdings.as_ref().is_none_or(|h| h.balance(token).base_units() >= amount.base_units());
    Ok(Reply::ok(json!({
        "validatorName": validator_name(product),
        "isAllowSubscribe": allowed,
        "estimateGasFee": product.gas.0,
        "isSwapInvest": false,
        "exchangeRate": product.subscribe_rate,
        "investWithTokenList": [render::token_amount(token, &amount, Gen::V5)],
        "gainsTokenList": [render::token_amount_typed(token, &yearly, Gen::V5, "0")],
        "receiveTokenInfo": render::token_amount(product.receive, &received, Gen::V5),
        "approveStatusList": approvals,
    })))
}

/// `POST /api/v5/defi/calculator/redeem-info`: `isAllowRedeem` is false beyond the position.
pub(crate) fn redeem_info(state: &Web3State, params: &Params) -> Handled {
    let product = validate::product(params, "investmentId")?;
    let amount = validate::amount(params, "inputTokenAmount", product.receive)?;
    params.req_str("outputTokenAddress")?;
    let output = validate::token_is(params, "outputTokenAddress", product.underlying)?;
    if let Some(decimals) = params.opt_str("outputTokenDecimal")?
        && decimals != output.decimals.to_string()
    {
        return Err(ApiError::invalid("outputTokenDecimal", "does not match the token's precision"));
    }
    let address = common(params, product)?;
    let holdings = address.as_deref().map(|a| state.holdings(a)).unwrap_or_default();
    let position = holdings.position(product);
    let allowed = address.is_none() || amount.base_units() <= position.base_units();
    let received = num::mul(&amount, &num::fixed(product.redeem_rate))
        .and_then(|r| num::rescale_floor(&r, output.decimals))
        .ok_or_else(|| ApiError::invalid("inputTokenAmount", "is too large"))?;
    let mut receive_list = vec![render::token_amount_typed(output, &received, Gen::V5, "0")];
    if let (Some(token), Some(reward)) = (product.reward, holdings.reward(product))
        && !reward.base_units().is_zero()
    {
        receive_list.push(render::token_amount_typed(token, &reward, Gen::V5, "1"));
    }
    let approvals: Vec<Value> = calldata::redeem_spender(product)
        .map(|(t, spender)| {
            let need = address.is_none() || holdings.allowance(t, spender) < amount.base_units();
            render::approve_status(t, spender, need, "4")
        })
        .into_iter()
        .collect();
    Ok(Reply::ok(json!({
        "receiveTokenList": receive_list,
        "swapFromTokenList": [render::token_amount(product.receive, &amount, Gen::V5)],
        "isSwapInvest": false,
        "estimateGasFee": product.gas.1,
        "isAllowRedeem": allowed,
        "mySupply": render::token_amount(product.receive, &position, Gen::V5),
        "inputCurrencyAmount": render::usd(product.receive, &amount).to_string(),
        "approveStatusList": approvals,
    })))
}
