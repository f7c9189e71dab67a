//! The trading account: `/api/v5/account/{balance,max-withdrawal}`.
//!
//! The simulated trading account is in spot mode with cash only: no open orders, positions
//! or borrowing, so `availBal = cashBal = eq` and everything can be moved out (`maxWd`).
//! Fields that do not apply to spot mode are `""`, as OKX answers them.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::envelope::OkxError;
use super::params::ccy_list;
use super::state::Call;
use crate::ledger::fmt_amount;
use crate::prices::usd_value;

/// `GET /api/v5/account/balance`: one account object; currencies whose cash and equity are
/// both zero are left out.
pub(crate) fn balance(call: &mut Call<'_>) -> Result<Value, OkxError> {
    let wanted = ccy_list(call.params, 20)?;
    let now = call.now.to_string();
    let mut total = Decimal::ZERO;
    let details: Vec<Value> = call
        .account
        .trading
        .held()
        .filter(|(ccy, _)| wanted.as_ref().is_none_or(|w| w.contains(ccy)))
        .map(|(ccy, cash)| {
            let (cash, usd) = (fmt_amount(cash), usd_value(ccy, cash));
            total += usd;
            json!({
                "ccy": ccy,
                "eq": cash,
                "cashBal": cash,
                "availBal": cash,
                "frozenBal": "0",
                "ordFrozen": "0",
                "availEq": "",
                "liab": "0",
                "eqUsd": fmt_amount(usd),
                "disEq": fmt_amount(usd),
                "upl": "0",
                "isoEq": "0",
                "crossLiab": "",
                "interest": "",
                "maxLoan": "",
                "notionalLever": "",
                "stgyEq": "0",
                "uTime": now,
            })
        })
        .collect();
    Ok(json!([{
        "totalEq": fmt_amount(total),
        "adjEq": "",
        "isoEq": "0",
        "ordFroz": "",
        "imr": "",
        "mmr": "",
        "mgnRatio": "",
        "notionalUsd": "",
        "upl": "",
        "borrowFroz": "",
        "uTime": now,
        "details": details,
    }]))
}

/// `GET /api/v5/account/max-withdrawal`: what can be moved from trading to funding; the
/// requested currencies (`"0"` when not held), or every held one.
pub(crate) fn max_withdrawal(call: &mut Call<'_>) -> Result<Value, OkxError> {
    let wanted = ccy_list(call.params, 20)?;
    let trading = &call.account.trading;
    let row = |ccy: &str, amount: Decimal| {
        let amount = fmt_amount(amount);
        json!({"ccy": ccy, "maxWd": amount, "maxWdEx": amount, "spotOffsetMaxWd": "", "spotOffsetMaxWdEx": ""})
    };
    let rows = match wanted {
        Some(list) => list.into_iter().map(|ccy| row(ccy, trading.get(ccy))).collect(),
        None => trading.held().map(|(ccy, amount)| row(ccy, amount)).collect(),
    };
    Ok(Value::Array(rows))
}
