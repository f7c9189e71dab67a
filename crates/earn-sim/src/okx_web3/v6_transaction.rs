//! v6 Trade Execution: enter estimate, enter / exit / claim call data.

use serde_json::json;

use super::calldata::Call;
use super::catalog::{self, PLATFORMS, Product, Token};
use super::envelope::{ApiError, Handled, Reply};
use super::flows::{self, Approvals, Portion};
use super::params::Params;
use super::render::{self, Gen};
use super::state::Web3State;
use super::validate;

const EXPECT_OUTPUT: [&str; 2] = ["expectOutputList", "expectOutputLIst"];

fn data_list(calls: Vec<Call>) -> Handled {
    Ok(Reply::ok(json!({"dataList": calls.iter().map(Call::v6_json).collect::<Vec<_>>()})))
}

/// V3 position parameters: no simulated product is a V3 DEX pool (`84032`).
fn no_v3(params: &Params) -> Result<(), ApiError> {
    for field in ["tickLower", "tickUpper", "tokenId"] {
        if params.opt_str(field)?.is_some() {
            return Err(ApiError::business(84032, format!("{field} is only supported for V3 DEX pool products")));
        }
    }
    Ok(())
}

/// `tokenPrecision`/`tokenDecimal` (number or text), when given, must be the token's.
fn precision_matches(params: &Params, field: &str, token: &Token) -> Result<(), ApiError> {
    match params.opt_str(field)? {
        Some(p) if p != token.decimals.to_string() => {
            Err(ApiError::invalid(field, "does not match the token's precision"))
        }
        _ => Ok(()),
    }
}

/// `POST /api/v6/defi/calculator/enter/info`.
pub(crate) fn enter_info(state: &Web3State, params: &Params) -> Handled {
    let product = validate::product(params, "investmentId")?;
    params.req_str("inputTokenAddress")?;
    let token = validate::token_is(params, "inputTokenAddress", product.underlying)?;
    precision_matches(params, "tokenDecimal", token)?;
    let amount = validate::amount(params, "inputAmount", token)?;
    no_v3(params)?;
    let address = params.opt_str("address")?;
    if let Some(a) = &address {
        validate::address_on(product.chain(), a)?;
    }
    let holdings = address.as_deref().map(|a| state.holdings(a));
    let (received, approvals) = flows::deposit_preview(product, &amount, holdings.as_ref())?;
    let tokens = json!([render::token_amount(token, &amount, Gen::V6)]);
    Ok(Reply::ok(json!({
        "investWithTokenList": tokens,
        "tokenList": tokens,
        "receiveTokenInfo": render::token_amount(product.receive, &received, Gen::V6),
        "isAllowSubscribe": holdings.as_ref().is_none_or(|h| h.balance(token).base_units() >= amount.base_units()),
        "estimateGasFee": product.gas.0,
        "approveStatusList": approvals,
    })))
}

/// The first `userInputList` item: one of `accepted` tokens on the product's chain.
fn user_input(
    item: &Params,
    product: &Product,
    accepted: &[&'static Token],
) -> Result<(&'static Token, earn_core::TokenAmount), ApiError> {
    validate::same_chain(item, "chainIndex", product)?;
    let token = match item.opt_str("tokenAddress")? {
        None => accepted[0],
        Some(a) => accepted.iter().copied().find(|t| t.is(&a)).ok_or_else(|| ApiError::unsupported_token(&a))?,
    };
    precision_matches(item, "tokenPrecision", token)?;
    if item.opt_str("tokenId")?.is_some() {
        return Err(ApiError::business(84032, "tokenId is only supported for V3 DEX pool products"));
    }
    Ok((token, validate::amount(item, "coinAmount", token)?))
}

/// `POST /api/v6/defi/transaction/enter`: approval first when the allowance is short.
pub(crate) fn enter(state: &Web3State, params: &Params) -> Handled {
    let product = validate::product(params, "investmentId")?;
    let address = validate::wallet(params, "address", product.chain())?;
    validate::fraction(params, "slippage", "0.01")?;
    no_v3(params)?;
    let inputs = params.req_list("userInputList")?;
    let (_, amount) = user_input(&inputs[0], product, &[product.underlying])?;
    data_list(flows::enter(state, product, &address, &amount, Approvals::Prepend)?)
}

/// `POST /api/v6/defi/transaction/exit`: `redeemPercent` (`"1"` = all, `MAX_UINT256` in the
/// call where the protocol allows it) or an exact `userInputList` amount.
pub(crate) fn exit(state: &Web3State, params: &Params) -> Handled {
    let product = validate::product(params, "investmentId")?;
    let address = validate::wallet(params, "address", product.chain())?;
    validate::fraction(params, "slippage", "0.01")?;
    no_v3(params)?;
    let portion = match (params.opt_str("redeemPercent")?, params.opt_list("userInputList")?.filter(|l| !l.is_empty()))
    {
        (Some(pct), _) => Portion::Percent(validate::percent(&pct, "redeemPercent")?),
        (None, Some(inputs)) => {
            let (_, amount) = user_input(&inputs[0], product, &[product.receive, product.underlying])?;
            let amount = earn_core::TokenAmount::parse_units(&amount.to_string(), product.receive.decimals)
                .map_err(|_| ApiError::invalid("coinAmount", "has too many decimal places for the position token"))?;
            Portion::Exact(amount)
        }
        (None, None) => return Err(ApiError::missing("redeemPercent")),
    };
    data_list(flows::exit(state, product, &address, portion, Approvals::Prepend)?)
}

/// Checks `expectOutputList` items (either spelling); `84023` for malformed items.
fn expected_outputs(params: &Params, required: bool) -> Result<(), ApiError> {
    let Some(list) = params.opt_list_any(&EXPECT_OUTPUT)?.filter(|l| !l.is_empty()) else {
        return if required { Err(ApiError::missing("expectOutputList")) } else { Ok(()) };
    };
    for item in &list {
        let chain = validate::req_chain(item, "chainIndex")?;
        let address = item.req_str("tokenAddress")?;
        let token = catalog::token(chain.id, &address)
            .ok_or_else(|| ApiError::business(84023, format!("Invalid expectOutputList: unknown token {address}")))?;
        validate::amount(item, "coinAmount", token)?;
    }
    Ok(())
}

/// `POST /api/v6/defi/transaction/claim`.
pub(crate) fn claim(state: &Web3State, params: &Params) -> Handled {
    let reward_type = params.req_str("rewardType")?;
    params.opt_id("chainIndex")?;
    let product = || validate::product(params, "investmentId");
    let address_on = |p: &Product| validate::wallet(params, "address", p.chain());
    let calls = match reward_type.as_str() {
        "REWARD_INVESTMENT" => {
            let p = product()?;
            expected_outputs(params, false)?;
            flows::claim_rewards(state, p, &address_on(p)?)?
        }
        "REWARD_PLATFORM" => {
            let id = params.req_id("analysisPlatformId")?;
            let platform = PLATFORMS
                .iter()
                .find(|p| p.analysis_id == id)
                .ok_or_else(|| ApiError::business(84001, "Protocol not supported"))?;
            let first = catalog::products_of(platform)
                .next()
                .ok_or_else(|| ApiError::business(84001, "Protocol not supported"))?;
            expected_outputs(params, false)?;
            flows::claim_platform(state, platform, &address_on(first)?)?
        }
        "UNLOCKED_PRINCIPAL" => {
            let p = product()?;
            let index = params.req_id("principalIndex")?;
            flows::claim_principal(state, p, &address_on(p)?, index)?
        }
        "V3_FEE" => {
            params.req_str("tokenId")?;
            return Err(ApiError::business(84032, "Only supported for V3 DEX pool products"));
        }
        "REWARD_OKX_BONUS" => {
            let p = product()?;
            address_on(p)?;
            return Err(ApiError::nothing_to_claim());
        }
        "REWARD_MERKLE_BONUS" => {
            let p = product()?;
            address_on(p)?;
            expected_outputs(params, true)?;
            return Err(ApiError::nothing_to_claim());
        }
        _ => return Err(ApiError::invalid("rewardType", "is not a supported reward type")),
    };
    data_list(calls)
}
