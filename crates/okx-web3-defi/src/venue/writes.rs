//! Turning built call data into a [`TransactionPlan`]: unsigned steps, approvals first.

use earn_core::{
    Amount, Error, OrderSide, ProductId, Result, TransactionPlan, TransactionPurpose, UnsignedTransaction,
};

use crate::common::{CallData, decode};
use crate::{ChainId, VENUE, WalletAddress};

/// One builder call's output with the purpose its endpoint implies.
pub(crate) struct Built {
    pub calls: Vec<CallData>,
    pub default_purpose: TransactionPurpose,
    pub endpoint: &'static str,
}

/// Builds the plan, checking every step is addressed from the wallet and has a target.
///
/// A plan is the **only** thing the adapter's writes return: nothing has moved yet.
pub(crate) fn plan(
    wallet: &WalletAddress,
    chain: &ChainId,
    product: &ProductId,
    side: OrderSide,
    amount: Amount,
    gas_hint: Option<u64>,
    built: Vec<Built>,
) -> Result<TransactionPlan> {
    let mut txs = Vec::new();
    for b in built {
        if b.calls.is_empty() {
            return Err(Error::Decode {
                venue: VENUE,
                endpoint: b.endpoint.to_owned(),
                message: "the venue built no transaction".into(),
                excerpt: String::new(),
            });
        }
        for call in b.calls {
            txs.push(step(wallet, chain, &call, b.default_purpose.clone(), b.endpoint)?);
        }
    }
    // The calculator's gas estimate belongs to the main (non-approval) step.
    if let Some(gas) = gas_hint
        && let Some(main) = txs.iter_mut().rev().find(|t| t.purpose != TransactionPurpose::Approve)
        && main.gas_limit.is_none()
    {
        main.gas_limit = Some(gas);
    }
    Ok(TransactionPlan::new(VENUE, product.clone(), side, amount, txs))
}

fn step(
    wallet: &WalletAddress,
    chain: &ChainId,
    call: &CallData,
    default: TransactionPurpose,
    endpoint: &str,
) -> Result<UnsignedTransaction> {
    let bad =
        |m: String| Error::Decode { venue: VENUE, endpoint: endpoint.to_owned(), message: m, excerpt: String::new() };
    let from = call.from.as_deref().filter(|f| !f.is_empty()).unwrap_or(wallet.as_str());
    if !from.eq_ignore_ascii_case(wallet.as_str()) {
        return Err(bad(format!("the venue built a transaction from {from}, not from the wallet {wallet}")));
    }
    let to =
        call.to.as_deref().filter(|t| !t.is_empty()).ok_or_else(|| bad("a built transaction has no `to`".into()))?;
    let chain_text = call.chain_index.as_ref().or(call.chain_id.as_ref()).unwrap_or(chain).to_string();
    let value = call.value.as_ref().map(|v| v.get()).unwrap_or_default();
    let data = call.serialized_data.clone().unwrap_or_default();
    let mut tx = UnsignedTransaction::new(call.purpose(default), chain_text, from, to, data, value);
    tx.gas_limit = call.gas_limit();
    tx.venue_signature = call.signature_data.clone().filter(|s| !s.is_empty());
    Ok(tx)
}

/// The gas estimate text (`"276614"`) as gas units.
pub(crate) fn gas_units(text: Option<&crate::DecimalText>) -> Option<u64> {
    text.and_then(|t| t.to_plain().parse().ok())
}

/// The product id as the venue's investment id.
pub(crate) fn investment_id(product: &ProductId) -> Result<crate::InvestmentId> {
    crate::InvestmentId::parse(product.as_str())
        .map_err(|_| Error::invalid_input("product", format!("{product:?} is not an OKX Web3 investment id (digits)")))
}

/// A decode error for a missing piece of a venue answer.
pub(crate) fn missing(what: &str) -> Error {
    decode(format!("the venue's answer lacks {what}"))
}
