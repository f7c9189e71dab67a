//! JSON shapes shared by several endpoints: token amounts, approval status, rows.

use earn_core::TokenAmount;
use serde_json::{Value, json};

use super::catalog::{Product, Token};
use super::num;

/// Exact USD value of `amount` of `token`.
pub(crate) fn usd(token: &Token, amount: &TokenAmount) -> TokenAmount {
    num::mul(amount, &num::fixed(token.price)).unwrap_or_else(|| num::zero(0))
}

/// Chain-id field name and precision type of a generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gen {
    /// `chainId`, string precision.
    V5,
    /// `chainIndex`, string precision (prepare).
    V6,
}

/// The TokenAmount structure (`coinAmount` + `currencyAmount` and token identity).
pub(crate) fn token_amount(token: &Token, amount: &TokenAmount, generation: Gen) -> Value {
    let chain = super::catalog::chain(token.chain_id).map_or("", |c| c.v5_network);
    let mut row = json!({
        "tokenSymbol": token.symbol,
        "tokenName": token.name,
        "tokenAddress": token.address,
        "network": chain,
        "tokenPrecision": token.decimals.to_string(),
        "isBaseToken": token.is_native,
        "coinAmount": amount.to_string(),
        "currencyAmount": usd(token, amount).to_string(),
    });
    let chain_field = if generation == Gen::V5 { "chainId" } else { "chainIndex" };
    row[chain_field] = json!(token.chain_id.to_string());
    if generation == Gen::V6 {
        row["tokenLogo"] = json!(token.logo());
    }
    row
}

/// [`token_amount`] with a `dataType`.
pub(crate) fn token_amount_typed(token: &Token, amount: &TokenAmount, generation: Gen, data_type: &str) -> Value {
    let mut row = token_amount(token, amount, generation);
    row["dataType"] = json!(data_type);
    row
}

/// An `approveStatusList` item.
pub(crate) fn approve_status(token: &Token, spender: &str, need: bool, order_type: &str) -> Value {
    let chain = super::catalog::chain(token.chain_id).map_or("", |c| c.v5_network);
    json!({
        "tokenSymbol": token.symbol,
        "tokenAddress": token.address,
        "tokenPrecision": token.decimals.to_string(),
        "isNeedApprove": need,
        "approveAddress": spender,
        "network": chain,
        "chainId": token.chain_id.to_string(),
        "orderType": order_type,
    })
}

/// An `underlyingToken` item of the v5 product list.
pub(crate) fn underlying(token: &Token) -> Value {
    json!({"isBaseToken": token.is_native, "tokenContract": token.address, "tokenSymbol": token.symbol})
}

/// A position-token row of the user endpoints, zero written Java-style (`0E-18`).
pub(crate) fn holding_row(token: &Token, amount: &TokenAmount, chain_field: &str) -> Value {
    json!({
        "tokenSymbol": token.symbol,
        "tokenName": token.name,
        "tokenLogo": token.logo(),
        "tokenAddress": token.address,
        "network": super::catalog::chain(token.chain_id).map_or("", |c| c.v5_network),
        chain_field: token.chain_id.to_string(),
        "tokenPrecision": token.decimals.to_string(),
        "isBaseToken": token.is_native,
        "coinAmount": num::java_text(amount),
        "currencyAmount": usd(token, amount).to_string(),
    })
}

/// Total USD of a product position (principal + pending rewards + withdrawals are separate).
pub(crate) fn position_usd(product: &Product, position: &TokenAmount) -> TokenAmount {
    usd(product.receive, position)
}
