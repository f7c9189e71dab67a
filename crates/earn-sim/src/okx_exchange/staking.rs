//! ETH staking (ETH→BETH) and SOL staking (SOL→OKSOL): `/api/v5/finance/staking-defi/{eth,sol}/…`.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::catalog::StakingProduct;
use super::envelope::OkxError;
use super::params::{amount, limit};
use super::state::{Call, OkxAccount, RowKind, RowStatus, StakeRow};
use crate::ledger::fmt_amount;

/// `GET …/product-info`: an array for ETH, one object for SOL.
pub(crate) fn product_info(product: &'static StakingProduct, call: &mut Call<'_>) -> Result<Value, OkxError> {
    let redempt_days = redemption_days(call.delay);
    let mut info = json!({
        "fastRedemptionDailyLimit": product.fast_redemption_daily_limit,
        "rate": product.rate_percent,
        "redemptDays": redempt_days,
        "minAmt": product.min_amt,
    });
    if product.is_eth {
        return Ok(json!([info]));
    }
    info["fastRedemptionAvail"] = json!(product.fast_redemption_daily_limit);
    Ok(info)
}

/// The settlement delay in whole days, rounded up, as `redemptDays` text.
fn redemption_days(delay_ms: i64) -> String {
    const DAY: i64 = 86_400_000;
    (delay_ms.max(0).saturating_add(DAY - 1) / DAY).to_string()
}

/// `POST …/purchase`: debits the asset, credits the token 1:1 at once.
pub(crate) fn purchase(product: &'static StakingProduct, call: &mut Call<'_>) -> Result<Value, OkxError> {
    let amt = amount(call.params, "amt")?;
    check_minimum(product, amt)?;
    let now = call.now;
    call.account.debit(call.ids, product.asset, amt, product.bills[0], now)?;
    call.account.credit(call.ids, product.token, amt, product.bills[1], now);
    push_row(call, product, RowKind::Purchase, amt);
    Ok(json!([]))
}

/// `POST …/redeem`: debits the token now, from the funding account only (`51736` when the
/// funding account holds less, whatever sits in trading); the asset arrives when the
/// redemption settles.
pub(crate) fn redeem(product: &'static StakingProduct, call: &mut Call<'_>) -> Result<Value, OkxError> {
    let amt = amount(call.params, "amt")?;
    let now = call.now;
    call.account.debit(call.ids, product.token, amt, product.bills[2], now)?;
    push_row(call, product, RowKind::Redeem, amt);
    Ok(json!([]))
}

/// Records a purchase (settled at once) or a redemption (pending for the settlement delay).
fn push_row(call: &mut Call<'_>, product: &'static StakingProduct, kind: RowKind, amt: Decimal) {
    let (now, ord_id) = (call.now, call.ids.next());
    let settles = now.saturating_add(call.delay);
    let (status, completed_time, est_completed_time) = match kind {
        RowKind::Purchase => (RowStatus::Success, Some(now), None),
        RowKind::Redeem => (RowStatus::Pending, None, Some(settles)),
    };
    let row = StakeRow { product, kind, amt, ord_id, status, request_time: now, completed_time, est_completed_time };
    call.account.staking.push(row);
}

fn check_minimum(product: &StakingProduct, amt: Decimal) -> Result<(), OkxError> {
    let min: Decimal = product.min_amt.parse().unwrap_or(Decimal::ZERO);
    if amt < min {
        return Err(OkxError::business("51727", format!("Minimum amount is {} {}", product.min_amt, product.asset)));
    }
    Ok(())
}

/// `POST eth/cancel-redeem`: a pending redemption is cancelled and the token returned.
pub(crate) fn cancel_redeem(product: &'static StakingProduct, call: &mut Call<'_>) -> Result<Value, OkxError> {
    let ord_text = call.params.str("ordId")?.to_owned();
    let ord_id: u64 = ord_text.parse().map_err(|_| OkxError::invalid("ordId"))?;
    let row = call
        .account
        .staking
        .iter_mut()
        .find(|r| std::ptr::eq(r.product, product) && r.ord_id == ord_id)
        .ok_or_else(|| OkxError::invalid("ordId"))?;
    match (row.kind, row.status) {
        (RowKind::Purchase, _) => return Err(OkxError::business("51725", "Cancellation is not supported now")),
        (RowKind::Redeem, RowStatus::Success) => {
            return Err(OkxError::business("51722", "Redemption already completed"));
        }
        (RowKind::Redeem, RowStatus::Cancelled) => {
            return Err(OkxError::business("51721", "Cancel redemption error: already cancelled"));
        }
        (RowKind::Redeem, RowStatus::Pending) => {}
    }
    row.status = RowStatus::Cancelled;
    row.completed_time = Some(call.now);
    let amt = row.amt;
    let now = call.now;
    call.account.credit(call.ids, product.token, amt, product.bills[2], now);
    Ok(json!([{"ordId": ord_text}]))
}

/// `GET …/balance`: the token held in the funding and the trading account plus redemptions
/// in flight (reference okx-staking.md §7.5: it does not say where the token sits); `[]`
/// when there is none.
pub(crate) fn balance(product: &'static StakingProduct, call: &mut Call<'_>) -> Result<Value, OkxError> {
    let redeeming: Decimal = pending_redemptions(call.account, product);
    let account = &call.account;
    let total = account.funding.get(product.token) + account.trading.get(product.token) + redeeming;
    if total.is_zero() {
        return Ok(json!([]));
    }
    let mut row = json!({
        "amt": fmt_amount(total),
        "ccy": product.token,
        "latestInterestAccrual": "0",
        "totalInterestAccrual": "0",
    });
    if product.is_eth {
        row["ts"] = json!(call.now.to_string());
    }
    Ok(json!([row]))
}

fn pending_redemptions(account: &OkxAccount, product: &StakingProduct) -> Decimal {
    account
        .staking
        .iter()
        .filter(|r| std::ptr::eq(r.product, product) && r.kind == RowKind::Redeem && r.status == RowStatus::Pending)
        .map(|r| r.amt)
        .sum()
}

/// `GET …/purchase-redeem-history`: newest first, `after`/`before` on `requestTime`.
pub(crate) fn history(product: &'static StakingProduct, call: &mut Call<'_>) -> Result<Value, OkxError> {
    let p = call.params;
    let kind = p.opt_choice("type", &["purchase", "redeem"])?;
    let statuses: &[&str] =
        if product.is_eth { &["pending", "success", "failed", "cancelled"] } else { &["pending", "success", "failed"] };
    let status = p.opt_choice("status", statuses)?;
    let after = p.opt_u64("after")?.map(|v| v as i64);
    let before = p.opt_u64("before")?.map(|v| v as i64);
    let limit = limit(p)?;
    let rows = call
        .account
        .staking
        .iter()
        .rev()
        .filter(|r| std::ptr::eq(r.product, product))
        .filter(|r| kind.is_none_or(|k| k == r.kind.as_str()))
        .filter(|r| status.is_none_or(|s| s == r.status.as_str()))
        .filter(|r| after.is_none_or(|a| r.request_time < a))
        .filter(|r| before.is_none_or(|b| r.request_time > b))
        .take(limit)
        .map(|r| history_row(product, r))
        .collect();
    Ok(Value::Array(rows))
}

fn history_row(product: &StakingProduct, row: &StakeRow) -> Value {
    let opt_ms = |v: Option<i64>| v.map_or_else(String::new, |ms| ms.to_string());
    let redeeming = if row.kind == RowKind::Redeem && row.status == RowStatus::Pending {
        fmt_amount(row.amt)
    } else {
        String::new()
    };
    let est = if row.status == RowStatus::Pending { opt_ms(row.est_completed_time) } else { String::new() };
    let mut out = json!({
        "type": row.kind.as_str(),
        "amt": fmt_amount(row.amt),
        "redeemingAmt": redeeming,
        "status": row.status.as_str(),
        "requestTime": row.request_time.to_string(),
        "completedTime": opt_ms(row.completed_time),
        "estCompletedTime": est,
    });
    if product.is_eth {
        out["ordId"] = json!(row.ord_id.to_string());
    }
    out
}

/// `GET …/apy-history` (public): one point per UTC day, newest first, APY as a fraction.
pub(crate) fn apy_history(product: &'static StakingProduct, call: &mut Call<'_>) -> Result<Value, OkxError> {
    const DAY: i64 = 86_400_000;
    let days = call.params.str("days")?;
    let days: i64 = match days.parse() {
        Ok(n @ 1..=365) if days.bytes().all(|b| b.is_ascii_digit()) => n,
        _ => return Err(OkxError::invalid("days")),
    };
    let percent: Decimal = product.rate_percent.parse().unwrap_or(Decimal::ZERO);
    let mut fraction = percent / Decimal::ONE_HUNDRED;
    fraction.rescale(8);
    let today = call.now - call.now.rem_euclid(DAY);
    let points =
        (0..days).map(|i| json!({"rate": fraction.to_string(), "ts": (today - i * DAY).to_string()})).collect();
    Ok(Value::Array(points))
}
