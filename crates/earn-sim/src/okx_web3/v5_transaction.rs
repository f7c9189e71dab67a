//! v5 Transaction: authorization, subscription, redemption and bonus call data.

use earn_core::TokenAmount;
use serde_json::json;

use super::calldata::{self, Call};
use super::catalog::Product;
use super::envelope::{ApiError, Handled, Reply};
use super::flows::{self, Approvals, Portion};
use super::params::Params;
use super::state::Web3State;
use super::validate;

/// Both spellings of the expected-output list (Docs-v5 uses both).
const EXPECT_OUTPUT: [&str; 2] = ["expectOutputList", "expectOutputLIst"];

fn data_list(calls: Vec<Call>) -> Handled {
    Ok(Reply::ok(json!({"dataList": calls.iter().map(Call::v5_json).collect::<Vec<_>>()})))
}

/// Product, checked `address`, and the first `userInputList` item's amount of `token`.
fn first_input(
    params: &Params,
    product: &Product,
    accepted: &[&'static super::catalog::Token],
) -> Result<(String, TokenAmount), ApiError> {
    let address = validate::wallet(params, "address", product.chain())?;
    let inputs = params.req_list("userInputList")?;
    let input = &inputs[0];
    validate::same_chain(input, "chainId", product)?;
    let token = match input.opt_str("tokenAddress")? {
        None => accepted[0],
        Some(a) => accepted.iter().copied().find(|t| t.is(&a)).ok_or_else(|| ApiError::unsupported_token(&a))?,
    };
    Ok((address, validate::amount(input, "coinAmount", token)?))
}

/// Checks the expected outputs (either spelling): items need a plain `coinAmount`.
fn expected_outputs(params: &Params, product: &Product, required: bool) -> Result<(), ApiError> {
    let Some(list) = params.opt_list_any(&EXPECT_OUTPUT)? else {
        return if required { Err(ApiError::missing("expectOutputList")) } else { Ok(()) };
    };
    for item in &list {
        validate::same_chain(item, "chainId", product)?;
        let token = match item.opt_str("tokenAddress")? {
            None => product.receive,
            Some(a) => super::catalog::token(product.chain_id, &a).ok_or_else(|| ApiError::unsupported_token(&a))?,
        };
        let text = item.req_str("coinAmount")?;
        if text != "0" {
            validate::amount(item, "coinAmount", token)?;
        }
    }
    Ok(())
}

/// `POST /api/v5/defi/transaction/authorization`: `type` 3 subscribe, 4 redeem, 5 claim.
pub(crate) fn authorization(_: &Web3State, params: &Params) -> Handled {
    let product = validate::product(params, "investmentId")?;
    let kind = params.req_id("type")?;
    let spender = match kind {
        3 => calldata::deposit_spender(product),
        4 => calldata::redeem_spender(product),
        5 => None,
        _ => return Err(ApiError::invalid("type", "must be 3, 4 or 5")),
    };
    let (token, spender) = spender.ok_or_else(|| ApiError::business(84022, "Authorization type not supported"))?;
    let (address, amount) = first_input(params, product, &[token])?;
    expected_outputs(params, product, false)?;
    data_list(vec![calldata::approve(&address, token, spender, amount.base_units())])
}

/// `POST /api/v5/defi/transaction/subscription`.
pub(crate) fn subscription(state: &Web3State, params: &Params) -> Handled {
    let product = validate::product(params, "investmentId")?;
    let (address, amount) = first_input(params, product, &[product.underlying])?;
    expected_outputs(params, product, true)?;
    params.opt_object_or_json_text("extra")?;
    data_list(flows::enter(state, product, &address, &amount, Approvals::Separate)?)
}

/// `POST /api/v5/defi/transaction/redemption` (input = the position token).
pub(crate) fn redemption(state: &Web3State, params: &Params) -> Handled {
    let product = validate::product(params, "investmentId")?;
    let (address, amount) = first_input(params, product, &[product.receive, product.underlying])?;
    let amount = TokenAmount::parse_units(&amount.to_string(), product.receive.decimals)
        .map_err(|_| ApiError::invalid("coinAmount", "has too many decimal places for the position token"))?;
    expected_outputs(params, product, true)?;
    params.opt_object_or_json_text("extra")?;
    data_list(flows::exit(state, product, &address, Portion::Exact(amount), Approvals::Separate)?)
}

/// `POST /api/v5/defi/transaction/bonus`: rewards, or a withdrawal via `extra.claimIndex`.
pub(crate) fn bonus(state: &Web3State, params: &Params) -> Handled {
    let product = validate::product(params, "investmentId")?;
    let address = validate::wallet(params, "address", product.chain())?;
    expected_outputs(params, product, false)?;
    let claim_index = match params.opt_object_or_json_text("extra")? {
        Some(extra) => extra.opt_id("claimIndex")?,
        None => None,
    };
    let calls = match claim_index {
        Some(index) => flows::claim_principal(state, product, &address, index)?,
        None => flows::claim_rewards(state, product, &address)?,
    };
    data_list(calls)
}
