//! `GET /v5/earn/yield` (daily) and `GET /v5/earn/hourly-yield`, accrued from positions.
//!
//! FlexibleSaving accrues every full UTC hour on the principal held at the start of the
//! hour (`APR / 8760`, 18 decimals); its daily record sums a day's hours. OnChain accrues
//! per full UTC day (`APR / 365`). Yield is reported, not paid into balances.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::catalog::{CATEGORIES, MS_PER_DAY};
use super::envelope::BybitError;
use super::paging::{cursor, limit, page, time_range};
use super::state::{Call, Position};
use crate::ledger::fmt_amount;

const MS_PER_HOUR: i64 = 3_600_000;
/// Longest history computed for a running total (OnChain `totalPnl`).
const MAX_TOTAL_DAYS: i64 = 366;

fn round18(value: Decimal) -> Decimal {
    value.round_dp(18)
}

/// Yield of the hour starting at `hour`.
fn hourly(p: &Position, hour: i64) -> Decimal {
    round18(p.amount_at(hour) * p.product.apr() / Decimal::from(8760))
}

/// Yield of the UTC day starting at `day`.
fn daily(p: &Position, day: i64) -> Decimal {
    if p.product.is_onchain() {
        round18(p.amount_at(day) * p.product.apr() / Decimal::from(365))
    } else {
        (0..24).map(|h| hourly(p, day + h * MS_PER_HOUR)).sum()
    }
}

/// Period starts in `[from, to]` aligned to `step`, whose period ended by `now`, newest first.
pub(crate) fn periods(from: i64, to: i64, now: i64, step: i64) -> impl Iterator<Item = i64> {
    let last = to.min(now - step);
    let last = last - last.rem_euclid(step);
    let first = from + (step - from.rem_euclid(step)) % step;
    (0..).map(move |i| last - i * step).take_while(move |t| *t >= first)
}

/// FlexibleSaving: yield of the completed hours of the current UTC day, not paid out yet.
pub(crate) fn claimable(p: &Position, now: i64) -> Decimal {
    let today = now - now.rem_euclid(MS_PER_DAY);
    periods(today, now, now, MS_PER_HOUR).map(|h| hourly(p, h)).sum()
}

/// OnChain: yield of every completed day so far (bounded to a year).
pub(crate) fn onchain_total(p: &Position, now: i64) -> Decimal {
    periods(now - MAX_TOTAL_DAYS * MS_PER_DAY, now, now, MS_PER_DAY).map(|d| daily(p, d)).sum()
}

/// The non-zero yield records of the caller's `category` positions (optionally one product),
/// one per `step` period ended in the request's time window, newest first, one page of them.
fn records(
    call: &Call<'_>,
    category: &str,
    product_id: Option<&str>,
    step: i64,
    amount: fn(&Position, i64) -> Decimal,
    render: impl Fn(&Position, i64, Decimal) -> Value,
) -> Result<(Vec<Value>, String), BybitError> {
    let (start, end) = time_range(call.params, call.now, 7)?;
    let (offset, limit) = (cursor(call.params)?, limit(call.params)?);
    let mut records: Vec<(i64, Value)> = Vec::new();
    let positions = call.account.positions.iter().filter(|p| p.product.category == category);
    for p in positions.filter(|p| product_id.is_none_or(|id| id == p.product.id)) {
        for period in periods(start, end, call.now, step) {
            let value = amount(p, period);
            if !value.is_zero() {
                records.push((period, render(p, period, value)));
            }
        }
    }
    records.sort_by_key(|r| std::cmp::Reverse(r.0));
    Ok(page(records.into_iter().map(|(_, r)| r).collect(), offset, limit))
}

/// `GET /v5/earn/yield`.
pub(crate) fn daily_yield(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let category = call.params.choice("category", CATEGORIES)?;
    let product_id = call.params.opt_str("productId")?;
    if category == "OnChain" && product_id.is_some() {
        return Err(BybitError::param("productId is not supported for OnChain"));
    }
    let (list, next) = records(call, category, product_id, MS_PER_DAY, daily, |p, day, amount| {
        json!({
            "productId": p.product.id,
            "coin": p.product.coin,
            "id": format!("{}{:06}", p.id, day / MS_PER_DAY),
            "amount": fmt_amount(amount),
            "yieldType": "Normal",
            "distributionMode": "Auto",
            "effectiveStakingAmount": fmt_amount(p.amount_at(day)),
            "orderId": "",
            "status": "Success",
            "createdAt": (day + MS_PER_DAY).to_string(),
        })
    })?;
    Ok(json!({"yield": list, "nextPageCursor": next}))
}

/// `GET /v5/earn/hourly-yield` (FlexibleSaving only).
pub(crate) fn hourly_yield(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let category = call.params.choice("category", &["FlexibleSaving"])?;
    let product_id = call.params.opt_str("productId")?;
    let (list, next) = records(call, category, product_id, MS_PER_HOUR, hourly, |p, hour, amount| {
        json!({
            "productId": p.product.id,
            "coin": p.product.coin,
            "id": format!("{}{:08}", p.id, hour / MS_PER_HOUR),
            "amount": fmt_amount(amount),
            "effectiveStakingAmount": fmt_amount(p.amount_at(hour)),
            "status": "Success",
            "hourlyDate": hour.to_string(),
            "createdAt": (hour + MS_PER_HOUR).to_string(),
        })
    })?;
    Ok(json!({"list": list, "nextPageCursor": next}))
}
