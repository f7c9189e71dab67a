//! Checked transaction flows shared by v5 and v6: balance/position checks, approvals
//! when the allowance is short, then the protocol call.

use earn_core::{TokenAmount, U256};
use serde_json::Value;

use super::calldata::{self, Call};
use super::catalog::{Platform, Product};
use super::envelope::ApiError;
use super::num;
use super::positions::Holdings;
use super::render;
use super::state::Web3State;

/// Whether to prepend an `approve` when the allowance is short (v6) or leave it to the
/// separate authorization endpoint (v5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Approvals {
    Prepend,
    Separate,
}

/// Deposit `amount` of the underlying: `84014` if the wallet's balance is short.
pub(crate) fn enter(
    state: &Web3State,
    product: &Product,
    from: &str,
    amount: &TokenAmount,
    approvals: Approvals,
) -> Result<Vec<Call>, ApiError> {
    let holdings = state.holdings(from);
    if holdings.balance(product.underlying).base_units() < amount.base_units() {
        return Err(ApiError::insufficient(&format!("{} balance is lower than {amount}", product.underlying.symbol)));
    }
    let mut calls = Vec::with_capacity(2);
    if let Some((token, spender)) = calldata::deposit_spender(product)
        && approvals == Approvals::Prepend
        && holdings.allowance(token, spender) < amount.base_units()
    {
        calls.push(calldata::approve(from, token, spender, amount.base_units()));
    }
    calls.push(calldata::deposit(product, from, amount, state.now_ms())?);
    Ok(calls)
}

/// How much of the position to redeem.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Portion {
    /// An exact amount of the position token.
    Exact(TokenAmount),
    /// A fraction in (0, 1] of the position (`"1"` = all: `MAX_UINT256` where the protocol allows it).
    Percent(TokenAmount),
}

/// Redeem part of the position: `84014` if the position is empty or smaller than asked.
pub(crate) fn exit(
    state: &Web3State,
    product: &Product,
    from: &str,
    portion: Portion,
    approvals: Approvals,
) -> Result<Vec<Call>, ApiError> {
    let holdings = state.holdings(from);
    let position = holdings.position(product);
    if position.base_units().is_zero() {
        return Err(ApiError::insufficient(&format!("no {} position", product.receive.symbol)));
    }
    let exact = match portion {
        Portion::Exact(amount) => amount.base_units(),
        Portion::Percent(p) => {
            let scaled = position.base_units().checked_mul(p.base_units()).unwrap_or(U256::MAX);
            scaled / U256::from(10u8).pow(U256::from(p.decimals()))
        }
    };
    if exact > position.base_units() {
        return Err(ApiError::insufficient(&format!("{} position is lower than requested", product.receive.symbol)));
    }
    let everything =
        matches!(portion, Portion::Percent(p) if p.base_units() == U256::from(10u8).pow(U256::from(p.decimals())));
    let in_call = if everything && calldata::redeem_spender(product).is_none() && product.chain().id != 501 {
        super::num::max_uint()
    } else {
        exact
    };
    let mut calls = Vec::with_capacity(2);
    if let Some((token, spender)) = calldata::redeem_spender(product)
        && approvals == Approvals::Prepend
        && holdings.allowance(token, spender) < exact
    {
        calls.push(calldata::approve(from, token, spender, exact));
    }
    calls.push(calldata::withdraw(product, from, in_call, state.now_ms())?);
    Ok(calls)
}

/// Claim pending rewards of one product (`84025` if none).
pub(crate) fn claim_rewards(state: &Web3State, product: &Product, from: &str) -> Result<Vec<Call>, ApiError> {
    let pending = state.holdings(from).reward(product).is_some_and(|r| !r.base_units().is_zero());
    match calldata::claim_rewards(product, from) {
        Some(call) if pending => Ok(vec![call]),
        _ => Err(ApiError::nothing_to_claim()),
    }
}

/// Claim pending rewards of every product of a platform (`84025` if none).
pub(crate) fn claim_platform(state: &Web3State, platform: &Platform, from: &str) -> Result<Vec<Call>, ApiError> {
    let calls: Vec<Call> =
        super::catalog::products_of(platform).filter_map(|p| claim_rewards(state, p, from).ok()).flatten().collect();
    if calls.is_empty() { Err(ApiError::nothing_to_claim()) } else { Ok(calls) }
}

/// Claim a withdrawal request: `84029` while locked, `84025` if unknown.
pub(crate) fn claim_principal(
    state: &Web3State,
    product: &Product,
    from: &str,
    request_id: u64,
) -> Result<Vec<Call>, ApiError> {
    let holdings = state.holdings(from);
    let request = holdings.withdrawals.iter().find(|w| w.product_id == product.id && w.request_id == request_id);
    match request {
        Some(w) if w.claimable => Ok(vec![calldata::claim_withdrawal(from, w.request_id)]),
        Some(_) => Err(ApiError::business(84029, "Principal is still locked")),
        None => Err(ApiError::nothing_to_claim()),
    }
}

/// What a subscription estimate shows for `amount` of the underlying: the position tokens
/// received, and per spender whether an approval is still needed (`holdings` unknown: yes).
pub(crate) fn deposit_preview(
    product: &Product,
    amount: &TokenAmount,
    holdings: Option<&Holdings>,
) -> Result<(TokenAmount, Vec<Value>), ApiError> {
    let received = num::mul(amount, &num::fixed(product.subscribe_rate))
        .and_then(|r| num::rescale_floor(&r, product.receive.decimals))
        .ok_or_else(|| ApiError::invalid("inputAmount", "is too large"))?;
    let approvals = calldata::deposit_spender(product)
        .map(|(t, spender)| {
            let need = holdings.is_none_or(|h| h.allowance(t, spender) < amount.base_units());
            render::approve_status(t, spender, need, "3")
        })
        .into_iter()
        .collect();
    Ok((received, approvals))
}
