//! `GET /api/v5/public/time` and `GET /api/v5/asset/bills`.

use serde_json::{Value, json};

use super::envelope::OkxError;
use super::params::limit;
use super::state::Call;
use crate::ledger::fmt_amount;

/// `GET /api/v5/public/time`: the (skewable) venue clock.
pub(crate) fn time(call: &mut Call<'_>) -> Result<Value, OkxError> {
    Ok(json!([{"ts": call.server_time.to_string()}]))
}

/// `GET /api/v5/asset/bills`: funding bills, newest first; `after`/`before` on `ts`.
pub(crate) fn bills(call: &mut Call<'_>) -> Result<Value, OkxError> {
    let p = call.params;
    let ccy = p.opt_str("ccy")?;
    let bill_type = p.opt_str("type")?;
    let after = p.opt_u64("after")?.map(|v| v as i64);
    let before = p.opt_u64("before")?.map(|v| v as i64);
    let limit = limit(p)?;
    let rows = call
        .account
        .bills
        .iter()
        .rev()
        .filter(|b| ccy.is_none_or(|c| c == b.ccy) && bill_type.is_none_or(|t| t == b.bill_type))
        .filter(|b| after.is_none_or(|a| b.ts < a) && before.is_none_or(|x| b.ts > x))
        .take(limit)
        .map(|b| {
            json!({
                "billId": b.bill_id.to_string(),
                "ccy": b.ccy,
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
