//! Simple Earn Flexible (savings): `/api/v5/finance/savings/…`.
//!
//! A purchase debits the funding account (bill `75`) into `pendingAmt`; at each full hour of
//! venue time the holding is lent (`loanAmt`) when the user's minimum rate (`rate`) is at
//! most the market rate, and lent money earns the market rate for the hour, compounded into
//! `loanAmt` and counted in `earnings`, with one `lending-history` record per hour. A
//! redemption takes the unlent part first and credits the funding account at once (bill
//! `76`). A purchase without `rate` keeps the holding's rate (first purchase: `0.01`).
//! Choices where the reference is silent: insufficient funding balance answers `51736`, a
//! redemption above the holding `58005`, a rate outside `0.01`…`3.65` `51000`.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::catalog::{MAX_LENDING_RATE, MIN_LENDING_RATE, SAVINGS, SavingsProduct, savings_product};
use super::envelope::OkxError;
use super::params::{amount, limit, time_bounds};
use super::state::{BILL_SAVINGS_PURCHASE, BILL_SAVINGS_REDEMPTION, Call, Savings};
use crate::ledger::{fmt_amount, parse_amount};

const HOUR_MS: i64 = 3_600_000;
/// `lending-rate-history` has no records before 2021-12-14 (reference §5.6).
const RATE_HISTORY_START_MS: i64 = 1_639_440_000_000;

/// The savings currency `ccy` (`58003` when savings does not take it).
fn product(ccy: &str) -> Result<&'static SavingsProduct, OkxError> {
    savings_product(ccy).ok_or_else(|| OkxError::business("58003", "Savings does not support this currency type"))
}

/// An annual lending rate within `0.01`…`3.65`.
fn lending_rate(text: &str) -> Result<Decimal, OkxError> {
    parse_amount(text)
        .filter(|rate| (MIN_LENDING_RATE..=MAX_LENDING_RATE).contains(rate))
        .ok_or_else(|| OkxError::invalid("rate"))
}

/// `GET …/savings/balance`: every currency with money in savings.
pub(crate) fn balance(call: &mut Call<'_>) -> Result<Value, OkxError> {
    let ccy = call.params.opt_str("ccy")?;
    let rows = call
        .account
        .savings
        .values()
        .filter(|s| ccy.is_none_or(|c| c == s.product.ccy) && !s.amt().is_zero())
        .map(|s| {
            json!({
                "ccy": s.product.ccy,
                "amt": fmt_amount(s.amt()),
                "earnings": fmt_amount(s.earnings),
                "rate": fmt_amount(s.rate),
                "loanAmt": fmt_amount(s.loan),
                "pendingAmt": fmt_amount(s.pending),
                "redemptAmt": "",
            })
        })
        .collect();
    Ok(Value::Array(rows))
}

/// `POST …/savings/purchase-redempt`: `side` `purchase` or `redempt`; the answer echoes.
pub(crate) fn purchase_redempt(call: &mut Call<'_>) -> Result<Value, OkxError> {
    let p = call.params;
    let ccy = p.str("ccy")?;
    let amt = amount(p, "amt")?;
    let side = p.choice("side", &["purchase", "redempt"])?;
    let product = product(ccy)?;
    // `rate` is for purchases only; python-okx sends `"rate": ""` on a redemption.
    let rate = if side == "purchase" { p.opt_str("rate")?.map(lending_rate).transpose()? } else { None };
    let now = call.now;
    let account = &mut *call.account;
    let rate = if side == "purchase" {
        account.debit(call.ids, product.ccy, amt, BILL_SAVINGS_PURCHASE, now)?;
        let holding =
            account.savings.entry(product.ccy).or_insert_with(|| Savings::new(product, MIN_LENDING_RATE, now));
        holding.pending += amt;
        if let Some(rate) = rate {
            holding.rate = rate;
        }
        fmt_amount(holding.rate)
    } else {
        if !account.savings.get_mut(product.ccy).is_some_and(|s| s.take(amt)) {
            let most = account.savings.get(product.ccy).map_or(Decimal::ZERO, Savings::amt);
            let msg = format!("The redemption amount must be equal to or less than {}", fmt_amount(most));
            return Err(OkxError::business("58005", msg));
        }
        account.credit(call.ids, product.ccy, amt, BILL_SAVINGS_REDEMPTION, now);
        String::new()
    };
    Ok(json!([{"ccy": product.ccy, "amt": fmt_amount(amt), "side": side, "rate": rate}]))
}

/// `POST …/savings/set-lending-rate`: the minimum rate of the currency's holding.
pub(crate) fn set_lending_rate(call: &mut Call<'_>) -> Result<Value, OkxError> {
    let ccy = call.params.str("ccy")?;
    let rate_text = call.params.str("rate")?;
    let product = product(ccy)?;
    let rate = lending_rate(rate_text)?;
    let now = call.now;
    call.account.savings.entry(product.ccy).or_insert_with(|| Savings::new(product, rate, now)).rate = rate;
    Ok(json!([{"ccy": product.ccy, "rate": fmt_amount(rate)}]))
}

/// `GET …/savings/lending-history`: hourly lending records of the past month, newest first.
pub(crate) fn lending_history(call: &mut Call<'_>) -> Result<Value, OkxError> {
    let ccy = call.params.opt_str("ccy")?;
    let (after, before) = time_bounds(call.params)?;
    let limit = limit(call.params)?;
    let rows = call
        .account
        .lending
        .iter()
        .rev()
        .filter(|r| ccy.is_none_or(|c| c == r.ccy))
        .filter(|r| after.is_none_or(|a| r.ts < a) && before.is_none_or(|b| r.ts > b))
        .take(limit)
        .map(|r| {
            json!({
                "ccy": r.ccy,
                "amt": fmt_amount(r.amt),
                "earnings": fmt_amount(r.earnings),
                "rate": fmt_amount(r.rate),
                "ts": r.ts.to_string(),
            })
        })
        .collect();
    Ok(Value::Array(rows))
}

/// The savings currencies a public read asks for (`ccy`, or all).
fn products(call: &Call<'_>) -> Result<Vec<&'static SavingsProduct>, OkxError> {
    let ccy = call.params.opt_str("ccy")?;
    Ok(SAVINGS.iter().filter(|p| ccy.is_none_or(|c| c == p.ccy)).collect())
}

/// `GET …/savings/lending-rate-summary` (public): the market rate of each currency.
pub(crate) fn lending_rate_summary(call: &mut Call<'_>) -> Result<Value, OkxError> {
    let rows = products(call)?
        .into_iter()
        .map(|p| {
            json!({
                "ccy": p.ccy,
                "avgAmt": "",
                "avgAmtUsd": "",
                "avgRate": p.market_rate,
                "preRate": p.market_rate,
                "estRate": p.market_rate,
            })
        })
        .collect();
    Ok(Value::Array(rows))
}

/// `GET …/savings/lending-rate-history` (public): one point per hour, newest first. `limit`
/// counts hours; without `ccy` each hour lists every currency (so more rows than `limit`).
pub(crate) fn lending_rate_history(call: &mut Call<'_>) -> Result<Value, OkxError> {
    let products = products(call)?;
    let (after, before) = time_bounds(call.params)?;
    let limit = limit(call.params)?;
    let newest = after.map_or(call.now, |a| a - 1).min(call.now);
    let newest = newest - newest.rem_euclid(HOUR_MS);
    let rows = (0..)
        .map(|i| newest - i * HOUR_MS)
        .take_while(|ts| *ts >= RATE_HISTORY_START_MS && before.is_none_or(|b| *ts > b))
        .take(limit)
        .flat_map(|ts| {
            products.iter().map(move |p| {
                json!({"ccy": p.ccy, "amt": "", "rate": p.market_rate, "lendingRate": p.market_rate, "ts": ts.to_string()})
            })
        })
        .collect();
    Ok(Value::Array(rows))
}
