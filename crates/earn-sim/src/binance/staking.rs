//! ETH staking (ETH → WBETH) and SOL staking (SOL → BNSOL), binance-earn.md §10. Stakes draw
//! on and redemptions pay to the SPOT wallet; both stay `PENDING` for the settlement delay.
//! The exchange rate (asset per token) grows with ledger time at the product's APR.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::state::{Call, ETH, MS_PER_DAY, SOL, StakeRecord, Staking, Wrap, dec, round8};
use super::{BinanceError, amount, opt_int, page, window};
use crate::ledger::{decimals_written, fmt_amount};

fn s(amount: Decimal) -> Value {
    Value::String(fmt_amount(amount))
}

fn quota(call: &Call<'_>, staking: Staking) -> Value {
    let mut q = json!({
        "leftStakingPersonalQuota": "10000", "leftRedemptionPersonalQuota": "10000",
        "minStakeAmount": staking.min_stake, "minRedeemAmount": "0.00000001",
        "redeemPeriod": staking.redeem_days, "stakeable": true, "redeemable": true,
        "commissionFee": "0.1", "calculating": false,
    });
    if staking == SOL {
        q["soldOut"] = json!(false);
        q["nextEpochTime"] = json!(call.now - call.now.rem_euclid(2 * MS_PER_DAY) + 2 * MS_PER_DAY);
    }
    q
}

pub(super) fn eth_quota(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    Ok(quota(call, ETH))
}

pub(super) fn sol_quota(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    Ok(quota(call, SOL))
}

/// Asset value of the held tokens now and 30 days ago (the 30-day profit is the difference).
fn holding(call: &Call<'_>, staking: Staking) -> (Decimal, Decimal, Decimal) {
    let tokens = call.account.spot.get(staking.token);
    let now = round8(tokens * staking.rate_at(call.now));
    let before = round8(tokens * staking.rate_at(call.now - 30 * MS_PER_DAY));
    (tokens, now, now - before)
}

pub(super) fn eth_account(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let (wbeth, in_eth, profit) = holding(call, ETH);
    let beth = call.account.spot.get("BETH");
    Ok(json!({
        "holdingInETH": s(in_eth + beth), "holdings": {"wbethAmount": s(wbeth), "bethAmount": s(beth)},
        "thirtyDaysProfitInETH": s(profit), "profit": {"amountFromWBETH": s(profit), "amountFromBETH": "0"},
    }))
}

pub(super) fn sol_account(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let (bnsol, in_sol, profit) = holding(call, SOL);
    Ok(json!({"bnsolAmount": s(bnsol), "holdingInSOL": s(in_sol), "thirtyDaysProfitInSOL": s(profit)}))
}

fn stake(call: &mut Call<'_>, staking: Staking, max_decimals: u32) -> Result<(u64, Decimal, Decimal), BinanceError> {
    let amount = amount(call, "amount")?;
    if decimals_written(call.params.str("amount")?) > max_decimals {
        return Err(BinanceError::bad(-1111, "Precision is over the maximum defined for this asset."));
    }
    if amount < dec(staking.min_stake) {
        return Err(BinanceError::bad(-6005, "Smaller than min purchase limit"));
    }
    call.account.spot.debit(staking.asset, amount).map_err(|_| BinanceError::bad(-6018, "Asset not enough"))?;
    let rate = staking.rate_at(call.now);
    let tokens = round8(amount / rate);
    let id = call.ids.next();
    call.account.stakes.push(StakeRecord {
        id,
        staking,
        redeem: false,
        time: call.now,
        arrives: call.now + call.delay,
        settled: false,
        asset: staking.asset,
        amount,
        distribute_asset: staking.token,
        distribute_amount: tokens,
        rate,
    });
    Ok((id, tokens, rate))
}

pub(super) fn eth_stake(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let (id, tokens, rate) = stake(call, ETH, 4)?;
    Ok(json!({"success": true, "wbethAmount": s(tokens), "conversionRatio": s(rate), "purchaseId": id}))
}

pub(super) fn sol_stake(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let (id, tokens, rate) = stake(call, SOL, 8)?;
    Ok(json!({"success": true, "bnsolAmount": s(tokens), "exchangeRate": s(rate), "purchaseId": id}))
}

fn redeem(
    call: &mut Call<'_>,
    staking: Staking,
    token: &'static str,
) -> Result<(u64, Decimal, Decimal, i64), BinanceError> {
    let amount = amount(call, "amount")?;
    if decimals_written(call.params.str("amount")?) > 8 {
        return Err(BinanceError::bad(-1111, "Precision is over the maximum defined for this asset."));
    }
    call.account.spot.debit(token, amount).map_err(|_| BinanceError::bad(-6018, "Asset not enough"))?;
    // BETH is 1:1 with ETH; WBETH and BNSOL at the current rate.
    let rate = if token == "BETH" { Decimal::ONE } else { staking.rate_at(call.now) };
    let paid = round8(amount * rate);
    let id = call.ids.next();
    let arrives = call.now + call.delay;
    call.account.stakes.push(StakeRecord {
        id,
        staking,
        redeem: true,
        time: call.now,
        arrives,
        settled: false,
        asset: token,
        amount,
        distribute_asset: staking.asset,
        distribute_amount: paid,
        rate,
    });
    Ok((id, paid, rate, arrives))
}

pub(super) fn eth_redeem(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let token = match call.params.opt_choice("asset", &["WBETH", "BETH"])? {
        Some("WBETH") => "WBETH",
        _ => "BETH",
    };
    let (id, paid, rate, arrives) = redeem(call, ETH, token)?;
    Ok(
        json!({"success": true, "ethAmount": s(paid), "conversionRatio": s(rate), "arrivalTime": arrives, "redeemId": id}),
    )
}

pub(super) fn sol_redeem(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let (id, paid, rate, arrives) = redeem(call, SOL, SOL.token)?;
    Ok(json!({"success": true, "solAmount": s(paid), "exchangeRate": s(rate), "arrivalTime": arrives, "redeemId": id}))
}

fn history(call: &mut Call<'_>, staking: Staking, redeem: bool) -> Result<Value, BinanceError> {
    let (start, end) = window(call, 30, 90)?;
    let id = opt_int(call, if redeem { "redeemId" } else { "purchaseId" })?;
    let rate_name = if staking == ETH { "conversionRatio" } else { "exchangeRate" };
    let rows = call
        .account
        .stakes
        .iter()
        .rev()
        .filter(|r| r.staking == staking && r.redeem == redeem && (start..=end).contains(&r.time))
        .filter(|r| id.is_none_or(|id| i64::try_from(r.id).ok() == Some(id)))
        .map(|r| {
            let mut row = json!({
                "time": r.time, "asset": r.asset, "amount": s(r.amount), "distributeAsset": r.distribute_asset,
                "distributeAmount": s(r.distribute_amount), rate_name: s(r.rate),
                "status": if r.settled { "SUCCESS" } else { "PENDING" },
            });
            if redeem {
                row["arrivalTime"] = json!(r.arrives);
            }
            row
        })
        .collect();
    page(call, rows, false)
}

pub(super) fn eth_stakes(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    history(call, ETH, false)
}

pub(super) fn eth_redemptions(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    history(call, ETH, true)
}

pub(super) fn sol_stakes(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    history(call, SOL, false)
}

pub(super) fn sol_redemptions(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    history(call, SOL, true)
}

/// One point per day: APR and exchange rate; `total` a string (§10.1 E8, §10.2 S8).
fn rates(call: &mut Call<'_>, staking: Staking) -> Result<Value, BinanceError> {
    let (start, end) = window(call, 30, 90)?;
    let first = start + (MS_PER_DAY - start.rem_euclid(MS_PER_DAY)) % MS_PER_DAY;
    let rows = (0..)
        .map(|d| first + d * MS_PER_DAY)
        .take_while(|t| *t <= end)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .map(|t| {
            let mut row =
                json!({"annualPercentageRate": staking.apr, "exchangeRate": s(staking.rate_at(t)), "time": t});
            if staking == SOL {
                row["boostRewards"] = json!([]);
            }
            row
        })
        .collect();
    page(call, rows, true)
}

pub(super) fn eth_rates(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    rates(call, ETH)
}

pub(super) fn sol_rates(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    rates(call, SOL)
}

/// Wraps BETH into WBETH at the current rate, at once (`limit 4 decimals`).
pub(super) fn wrap(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let amount = amount(call, "amount")?;
    if decimals_written(call.params.str("amount")?) > 4 {
        return Err(BinanceError::bad(-1111, "Precision is over the maximum defined for this asset."));
    }
    call.account.spot.debit("BETH", amount).map_err(|_| BinanceError::bad(-6018, "Asset not enough"))?;
    let rate = ETH.rate_at(call.now);
    let tokens = round8(amount / rate);
    call.account.spot.credit("WBETH", tokens);
    call.account.wraps.push(Wrap { time: call.now, from_amount: amount, to_amount: tokens, rate });
    Ok(json!({"success": true, "wbethAmount": s(tokens), "exchangeRate": s(rate)}))
}

pub(super) fn wrap_history(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let (start, end) = window(call, 30, 90)?;
    let rows = call
        .account
        .wraps
        .iter()
        .rev()
        .filter(|w| (start..=end).contains(&w.time))
        .map(|w| {
            json!({"time": w.time, "fromAsset": "BETH", "fromAmount": s(w.from_amount), "toAsset": "WBETH",
                "toAmount": s(w.to_amount), "exchangeRate": s(w.rate), "status": "SUCCESS"})
        })
        .collect();
    page(call, rows, false)
}

/// No unwrap endpoint exists, so there is never an unwrap here.
pub(super) fn unwrap_history(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    window(call, 30, 90)?;
    page(call, Vec::new(), false)
}

/// Tokens held at `t` according to the records (settled stakes and wraps in, redemptions out).
fn tokens_at(call: &Call<'_>, staking: Staking, t: i64) -> Decimal {
    let staked: Decimal = call
        .account
        .stakes
        .iter()
        .filter(|r| r.staking == staking)
        .map(|r| match r.redeem {
            false if r.arrives <= t => r.distribute_amount,
            true if r.time <= t && r.asset == staking.token => -r.amount,
            _ => Decimal::ZERO,
        })
        .sum();
    let wrapped: Decimal = if staking == ETH {
        call.account.wraps.iter().filter(|w| w.time <= t).map(|w| w.to_amount).sum()
    } else {
        Decimal::ZERO
    };
    (staked + wrapped).max(Decimal::ZERO)
}

/// Daily rewards of the token holding: the growth of its exchange rate over each day.
fn token_rewards(call: &mut Call<'_>, staking: Staking) -> Result<(Decimal, Vec<Value>), BinanceError> {
    let (start, end) = window(call, 30, 90)?;
    let first = start + (MS_PER_DAY - start.rem_euclid(MS_PER_DAY)) % MS_PER_DAY;
    let (amount_name, holding_name) =
        if staking == ETH { ("amountInETH", "holdingInETH") } else { ("amountInSOL", "holdingInSOL") };
    let mut total = Decimal::ZERO;
    let mut rows = Vec::new();
    for t in (0..).map(|d| first + d * MS_PER_DAY).take_while(|t| *t <= end) {
        let held = tokens_at(call, staking, t - MS_PER_DAY);
        let reward = round8(held * (staking.rate_at(t) - staking.rate_at(t - MS_PER_DAY)));
        if held.is_zero() {
            continue;
        }
        total += reward;
        rows.push(json!({"time": t, amount_name: s(reward), "holding": s(held),
            holding_name: s(round8(held * staking.rate_at(t))), "annualPercentageRate": staking.apr}));
    }
    rows.reverse();
    Ok((total, rows))
}

pub(super) fn wbeth_rewards(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let (total, rows) = token_rewards(call, ETH)?;
    let mut answer = page(call, rows, false)?;
    answer["estRewardsInETH"] = s(total);
    Ok(answer)
}

pub(super) fn bnsol_rewards(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let (total, rows) = token_rewards(call, SOL)?;
    let mut answer = page(call, rows, false)?;
    answer["estRewardsInSOL"] = s(total);
    Ok(answer)
}

/// SOL boost rewards: none are offered here, so none are distributed or claimed.
pub(super) fn boost_rewards(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    call.params.choice("type", &["CLAIM", "DISTRIBUTE"])?;
    window(call, 30, 90)?;
    page(call, Vec::new(), false)
}

pub(super) fn unclaimed_rewards(_: &mut Call<'_>) -> Result<Value, BinanceError> {
    Ok(json!([]))
}

pub(super) fn claim(_: &mut Call<'_>) -> Result<Value, BinanceError> {
    Ok(json!({"success": true}))
}
