//! Bybit Easy & On-Chain Earn catalog: `/v5/earn/product`, `/v5/earn/apr-history`, `/v5/market/time`.

use serde_json::{Value, json};

use super::catalog::{CATEGORIES, MS_PER_DAY, PRODUCTS, Product, find};
use super::envelope::BybitError;
use super::paging::time_range;
use super::state::Call;

/// `redeemProcessingMinute`: OnChain redemptions take the settlement delay, in whole minutes
/// rounded up; FlexibleSaving shows `0`, as in Bybit's example.
fn redeem_minutes(p: &Product, delay_ms: i64) -> i64 {
    if p.is_onchain() { delay_ms.max(0).saturating_add(59_999) / 60_000 } else { 0 }
}

fn product_json(p: &Product, now: i64, delay_ms: i64) -> Value {
    let lst = p.is_lst();
    let lst_text = |text: &'static str| if lst { text } else { "" };
    json!({
        "category": p.category,
        "estimateApr": format!("{}%", p.apr_percent),
        "coin": p.coin,
        "minStakeAmount": p.min_stake,
        "maxStakeAmount": p.max_stake,
        "precision": p.precision.to_string(),
        "productId": p.id,
        "status": if p.available { "Available" } else { "NotAvailable" },
        "bonusEvents": [],
        "minRedeemAmount": lst_text(p.min_redeem),
        "maxRedeemAmount": lst_text(p.max_redeem),
        "duration": p.duration,
        "term": p.term,
        "swapCoin": if p.is_onchain() { p.swap_coin } else { "" },
        "swapCoinPrecision": if lst { "8" } else { "" },
        "stakeExchangeRate": lst_text("1"),
        "redeemExchangeRate": lst_text("1"),
        "rewardDistributionType": p.reward_distribution,
        "rewardIntervalMinute": if p.is_onchain() { 1440 } else { 60 },
        "redeemProcessingMinute": redeem_minutes(p, delay_ms),
        "stakeTime": if p.is_onchain() { now.to_string() } else { String::new() },
        "interestCalculationTime": if p.is_onchain() { (now - now.rem_euclid(MS_PER_DAY) + MS_PER_DAY).to_string() } else { String::new() },
    })
}

/// `GET /v5/earn/product` (public).
pub(crate) fn products(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let category = call.params.choice("category", CATEGORIES)?;
    let coin = call.params.opt_str("coin")?;
    let list: Vec<Value> = PRODUCTS
        .iter()
        .filter(|p| p.category == category && coin.is_none_or(|c| c == p.coin))
        .map(|p| product_json(p, call.now, call.delay))
        .collect();
    Ok(json!({"list": list}))
}

/// `GET /v5/earn/apr-history` (public): one point per UTC midnight, newest first.
pub(crate) fn apr_history(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let category = call.params.choice("category", CATEGORIES)?;
    let id = call.params.str("productId")?;
    let product = find(category, id).ok_or_else(|| BybitError::earn(180008, "invalid product"))?;
    let (start, end) = time_range(call.params, call.now, 182)?;
    if start < call.now - 183 * MS_PER_DAY {
        return Err(BybitError::param("startTime is more than 6 months ago"));
    }
    let first_day = start + (MS_PER_DAY - start.rem_euclid(MS_PER_DAY)) % MS_PER_DAY;
    let last_day = end.min(call.now);
    let list: Vec<Value> = (0..)
        .map(|i| first_day + i * MS_PER_DAY)
        .take_while(|day| *day <= last_day)
        .map(|day| json!({"timestamp": day.to_string(), "apr": format!("{}%", product.apr_percent)}))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    Ok(json!({"list": list}))
}

/// `GET /v5/market/time` (public): the (skewable) venue clock.
pub(crate) fn market_time(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let now = call.server_time;
    let nanos = i128::from(now) * 1_000_000;
    Ok(json!({"timeSecond": now.div_euclid(1000).to_string(), "timeNano": nanos.to_string()}))
}
