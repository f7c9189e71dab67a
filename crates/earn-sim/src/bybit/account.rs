//! The Unified Trading account: `/v5/account/{wallet-balance,withdrawal}`.
//!
//! The simulated UNIFIED account holds cash only: no orders, positions or borrowing, so each
//! coin's equity is its wallet balance, all of it can be transferred out, and margin fields
//! are `"0"`. Deprecated fields (`availableToWithdraw`, `free`, `availableToBorrow`,
//! `accountLTV`) are `""`, as Bybit answers them since 2025.

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::asset::coins;
use super::envelope::BybitError;
use super::state::Call;
use crate::ledger::fmt_amount;
use crate::prices::usd_value;

/// `GET /v5/account/wallet-balance?accountType=UNIFIED`: coins with a balance, or the
/// listed ones (zeros included).
pub(crate) fn wallet_balance(call: &mut Call<'_>) -> Result<Value, BybitError> {
    match call.params.str("accountType")? {
        "UNIFIED" => {}
        other => return Err(BybitError::param(format!("accountType only supports UNIFIED, not {other}"))),
    }
    let wanted = coins(call.params, "coin", usize::MAX)?;
    let unified = &call.account.unified;
    let held: Vec<(String, Decimal)> = match wanted {
        Some(list) => list.into_iter().map(|c| (c.to_owned(), unified.get(c))).collect(),
        None => unified.held().map(|(c, a)| (c.to_owned(), a)).collect(),
    };
    let total: Decimal = unified.held().map(|(c, a)| usd_value(c, a)).sum();
    let total = fmt_amount(total);
    let coin: Vec<Value> = held
        .into_iter()
        .map(|(coin, amount)| {
            let (usd, amount) = (fmt_amount(usd_value(&coin, amount)), fmt_amount(amount));
            json!({
                "coin": coin,
                "equity": amount,
                "usdValue": usd,
                "walletBalance": amount,
                "free": "",
                "locked": "0",
                "spotHedgingQty": "0",
                "borrowAmount": "0",
                "spotBorrow": "0",
                "availableToWithdraw": "",
                "availableToBorrow": "",
                "accruedInterest": "0",
                "totalOrderIM": "0",
                "totalPositionIM": "0",
                "totalPositionMM": "0",
                "unrealisedPnl": "0",
                "cumRealisedPnl": "0",
                "bonus": "0",
                "marginCollateral": true,
                "collateralSwitch": true,
            })
        })
        .collect();
    Ok(json!({"list": [{
        "accountType": "UNIFIED",
        "totalEquity": total,
        "totalWalletBalance": total,
        "totalMarginBalance": total,
        "totalAvailableBalance": total,
        "totalPerpUPL": "0",
        "totalInitialMargin": "0",
        "totalMaintenanceMargin": "0",
        "accountIMRate": "0",
        "accountMMRate": "0",
        "accountLTV": "",
        "coin": coin,
    }]}))
}

/// `GET /v5/account/withdrawal?coinName=`: what can be transferred out of UNIFIED, per coin.
pub(crate) fn withdrawal(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let list = coins(call.params, "coinName", 20)?.ok_or_else(|| BybitError::param("coinName is required"))?;
    let unified = &call.account.unified;
    let map: Map<String, Value> =
        list.iter().map(|c| ((*c).to_owned(), Value::String(fmt_amount(unified.get(c))))).collect();
    let first = list.first().map_or_else(String::new, |c| fmt_amount(unified.get(c)));
    Ok(json!({"availableWithdrawal": first, "availableWithdrawalMap": map}))
}
