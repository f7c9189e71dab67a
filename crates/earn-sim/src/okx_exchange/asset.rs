//! The funding account: `/api/v5/asset/{balances,transfer,transfer-state,bills}`.
//!
//! Transfers move money between the funding (`6`) and the trading (`18`) account of the
//! caller (`type` `0`; the simulated keys are master keys without sub-accounts). The source is
//! debited when the transfer is accepted; the destination is credited at once, or after the
//! simulator's transfer delay (`transfer-state` says `pending` until then). A `clientId` is a
//! correlation key only, as the reference reads OKX: a repeated one is a new transfer, and
//! `transfer-state?clientId=` answers the latest transfer carrying it.

use serde_json::{Value, json};

use super::catalog::{FUNDING, TRADING};
use super::envelope::OkxError;
use super::params::{MAX_AMOUNT_DECIMALS, ccy_list, limit, time_bounds};
use super::state::{Call, Transfer};
use crate::ledger::{decimals_written, fmt_amount, parse_amount};

/// How far back `transfer-state` finds a transfer.
const TRANSFER_STATE_WINDOW_MS: i64 = 14 * 86_400_000;

/// `GET /api/v5/asset/balances`: funding balances above zero, `ccy` up to 20 currencies.
pub(crate) fn balances(call: &mut Call<'_>) -> Result<Value, OkxError> {
    let wanted = ccy_list(call.params, 20)?;
    let rows = call
        .account
        .funding
        .held()
        .filter(|(ccy, _)| wanted.as_ref().is_none_or(|w| w.contains(ccy)))
        .map(|(ccy, bal)| json!({"ccy": ccy, "bal": fmt_amount(bal), "frozenBal": "0", "availBal": fmt_amount(bal)}))
        .collect();
    Ok(Value::Array(rows))
}

/// `58114` (HTTP 400): a transfer of zero or less.
fn not_positive() -> OkxError {
    OkxError {
        status: http::StatusCode::BAD_REQUEST,
        code: "58114",
        msg: "Transfer amount must be greater than 0".into(),
    }
}

/// A `clientId`: 1–32 letters and digits.
fn client_id(call: &Call<'_>) -> Result<String, OkxError> {
    let id = call.params.opt_str("clientId")?.unwrap_or("");
    if id.len() > 32 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(OkxError::invalid("clientId"));
    }
    Ok(id.to_owned())
}

/// `POST /api/v5/asset/transfer`.
pub(crate) fn transfer(call: &mut Call<'_>) -> Result<Value, OkxError> {
    let p = call.params;
    let kind = p.opt_choice("type", &["0", "1", "2", "3", "4"])?.unwrap_or("0");
    let ccy = p.str("ccy")?.to_owned();
    let amt_text = p.str("amt")?;
    let from = p.str("from")?;
    let to = p.str("to")?;
    let accounts = [FUNDING, TRADING];
    let from = accounts.into_iter().find(|a| *a == from).ok_or_else(|| OkxError::invalid("from"))?;
    let to = accounts.into_iter().find(|a| *a == to).ok_or_else(|| OkxError::invalid("to"))?;
    let client_id = client_id(call)?;
    p.opt_bool("loanTrans")?;
    p.opt_str("omitPosRisk")?;
    let sub_account = p.opt_str("subAcct")?;
    match (kind, sub_account) {
        ("0", None) => {}
        ("0", Some(_)) => {
            return Err(OkxError::business("58129", "subAcct is incorrect or subAcct does not match with 'type'"));
        }
        ("1" | "2", None) => return Err(OkxError::empty("subAcct")),
        ("1" | "2", Some(_)) => return Err(OkxError::business("58115", "Sub-account does not exist")),
        _ => return Err(OkxError::business("58127", "Master accounts API key does not support this transfer type")),
    }
    if from == to {
        return Err(OkxError::business("58123", "The From parameter cannot be the same as the To parameter"));
    }
    let amt = match parse_amount(amt_text) {
        Some(amt) if amt.is_zero() => return Err(not_positive()),
        Some(amt) if decimals_written(amt_text) <= MAX_AMOUNT_DECIMALS => amt,
        None if amt_text.strip_prefix('-').and_then(parse_amount).is_some() => return Err(not_positive()),
        _ => return Err(OkxError::invalid("amt")),
    };
    let (now, settles_at) = (call.now, call.now.saturating_add(call.transfer_delay));
    let Some(trans_id) = call.account.transfer(call.ids, &ccy, amt, (from, to), &client_id, now, settles_at) else {
        return Err(OkxError::business("58116", "Transfer exceeds the available amount"));
    };
    Ok(json!([{
        "transId": trans_id.to_string(),
        "ccy": ccy,
        "clientId": client_id,
        "from": from,
        "amt": fmt_amount(amt),
        "to": to,
    }]))
}

/// `GET /api/v5/asset/transfer-state`: by `transId` (wins) or `clientId`, transfers of the past
/// 14 days; an unknown id answers `data: []`.
pub(crate) fn transfer_state(call: &mut Call<'_>) -> Result<Value, OkxError> {
    let p = call.params;
    let trans_id = p.opt_str("transId")?;
    let client_id = p.opt_str("clientId")?;
    let kind = p.opt_choice("type", &["0", "1", "2", "3", "4"])?.unwrap_or("0");
    if trans_id.is_none() && client_id.is_none() {
        return Err(OkxError::empty("transId"));
    }
    let oldest = call.now.saturating_sub(TRANSFER_STATE_WINDOW_MS);
    let found =
        call.account.transfers.iter().rev().filter(|t| t.created >= oldest && kind == "0").find(|t| match trans_id {
            Some(id) => t.trans_id.to_string() == id,
            None => client_id.is_some_and(|c| c == t.client_id),
        });
    Ok(Value::Array(found.map(state_row).into_iter().collect()))
}

fn state_row(t: &Transfer) -> Value {
    json!({
        "transId": t.trans_id.to_string(),
        "clientId": t.client_id,
        "ccy": t.ccy,
        "amt": fmt_amount(t.amt),
        "type": "0",
        "from": t.from,
        "to": t.to,
        "subAcct": "",
        "instId": "",
        "toInstId": "",
        "state": t.state(),
    })
}

/// `GET /api/v5/asset/bills`: funding bills, newest first; `ccy`, `type`, `clientId`,
/// `after`/`before` on `ts`.
pub(crate) fn bills(call: &mut Call<'_>) -> Result<Value, OkxError> {
    let p = call.params;
    let ccy = p.opt_str("ccy")?;
    let bill_type = p.opt_str("type")?;
    let client_id = p.opt_str("clientId")?;
    let (after, before) = time_bounds(p)?;
    let limit = limit(p)?;
    let rows = call
        .account
        .bills
        .iter()
        .rev()
        .filter(|b| ccy.is_none_or(|c| c == b.ccy) && bill_type.is_none_or(|t| t == b.bill_type))
        .filter(|b| client_id.is_none_or(|c| c == b.client_id))
        .filter(|b| after.is_none_or(|a| b.ts < a) && before.is_none_or(|x| b.ts > x))
        .take(limit)
        .map(|b| {
            json!({
                "billId": b.bill_id.to_string(),
                "ccy": b.ccy,
                "clientId": b.client_id,
                "balChg": b.change.normalize().to_string(),
                "bal": fmt_amount(b.balance_after),
                "type": b.bill_type,
                "ts": b.ts.to_string(),
                "notes": b.notes,
            })
        })
        .collect();
    Ok(Value::Array(rows))
}
