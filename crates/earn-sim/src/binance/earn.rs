//! Simple Earn flexible and locked (binance-earn.md §7).

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::state::{self, Call, FLEXIBLE, LOCKED, LockedPosition, MS_PER_DAY, Record, Reward, dec, round8};
use super::{BinanceError, amount, opt_bool, opt_int, page, window};
use crate::ledger::fmt_amount;
use crate::prices;

fn s(amount: Decimal) -> Value {
    Value::String(fmt_amount(amount))
}

/// USDT value of `amount` of `asset` at the fixed indicative prices.
fn usdt(asset: &str, amount: Decimal) -> Decimal {
    amount * prices::usd_price(asset)
}

pub(super) fn account(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let a = &call.account;
    let flexible: Decimal =
        a.flexible.iter().map(|(id, p)| usdt(state::flexible(id).map_or("", |f| f.asset), p.amount)).sum();
    let locked: Decimal = a.locked.iter().filter(|p| !p.closed).map(|p| usdt(p.project.asset, p.amount)).sum();
    let btc = |v: Decimal| round8(v / prices::usd_price("BTC"));
    let fmt = |v: Decimal| format!("{:.8}", round8(v));
    Ok(json!({
        "totalAmountInBTC": fmt(btc(flexible + locked)),
        "totalAmountInUSDT": fmt(flexible + locked),
        "totalFlexibleAmountInBTC": fmt(btc(flexible)),
        "totalFlexibleAmountInUSDT": fmt(flexible),
        "totalLockedInBTC": fmt(btc(locked)),
        "totalLockedInUSDT": fmt(locked),
    }))
}

pub(super) fn flexible_list(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let asset = call.params.opt_str("asset")?;
    let rows = FLEXIBLE
        .iter()
        .filter(|p| asset.is_none_or(|a| a == p.asset))
        .map(|p| {
            json!({
                "asset": p.asset, "latestAnnualPercentageRate": p.apr,
                "tierAnnualPercentageRate": {}, "airDropPercentageRate": "0",
                "canPurchase": p.can_purchase, "canRedeem": true, "isSoldOut": !p.can_purchase, "hot": p.asset == "USDT",
                "minPurchaseAmount": p.min, "productId": p.product_id,
                "subscriptionStartTime": state::RATE_EPOCH_MS, "status": p.status,
            })
        })
        .collect();
    page(call, rows, false)
}

pub(super) fn locked_list(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let asset = call.params.opt_str("asset")?;
    let rows = LOCKED
        .iter()
        .filter(|p| asset.is_none_or(|a| a == p.asset))
        .map(|p| {
            json!({
                "projectId": p.project_id,
                "detail": {"asset": p.asset, "rewardAsset": p.asset, "duration": p.days, "renewable": true,
                    "isSoldOut": false, "apr": p.apr, "status": "PURCHASING",
                    "subscriptionStartTime": state::RATE_EPOCH_MS},
                "quota": {"totalPersonalQuota": p.quota, "minimum": p.min},
            })
        })
        .collect();
    page(call, rows, false)
}

fn flexible_product(call: &Call<'_>) -> Result<&'static state::Flexible, BinanceError> {
    let id = call.params.str("productId")?;
    state::flexible(id).ok_or_else(|| BinanceError::bad(-6001, "Daily product not exists."))
}

fn locked_project(call: &Call<'_>) -> Result<&'static state::Locked, BinanceError> {
    let id = call.params.str("projectId")?;
    state::locked(id).ok_or_else(|| BinanceError::bad(-6020, "Project not exists"))
}

fn flexible_left(call: &Call<'_>, product: &state::Flexible) -> Decimal {
    let held = call.account.flexible.get(product.product_id).map_or(Decimal::ZERO, |p| p.amount);
    (dec(product.quota) - held).max(Decimal::ZERO)
}

fn locked_left(call: &Call<'_>, project: &state::Locked) -> Decimal {
    let held: Decimal = call
        .account
        .locked
        .iter()
        .filter(|p| !p.closed && p.project.project_id == project.project_id)
        .map(|p| p.amount)
        .sum();
    (dec(project.quota) - held).max(Decimal::ZERO)
}

pub(super) fn flexible_quota(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let product = flexible_product(call)?;
    Ok(json!({"leftPersonalQuota": s(flexible_left(call, product))}))
}

pub(super) fn locked_quota(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let project = locked_project(call)?;
    Ok(json!({"leftPersonalQuota": s(locked_left(call, project))}))
}

pub(super) fn flexible_preview(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let product = flexible_product(call)?;
    let amount = amount(call, "amount")?;
    let held = call.account.flexible.get(product.product_id).map_or(Decimal::ZERO, |p| p.amount);
    let daily = round8((held + amount) * dec(product.apr) / Decimal::from(365));
    Ok(json!({
        "totalAmount": s(held + amount), "rewardAsset": product.asset, "airDropAsset": "",
        "estDailyBonusRewards": "0", "estDailyRealTimeRewards": s(daily), "estDailyAirdropRewards": "0",
    }))
}

fn locked_reward(project: &state::Locked, amount: Decimal) -> Decimal {
    round8(amount * dec(project.apr) * Decimal::from(project.days) / Decimal::from(365))
}

pub(super) fn locked_preview(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let project = locked_project(call)?;
    let amount = amount(call, "amount")?;
    let auto = opt_bool(call, "autoSubscribe")?.unwrap_or(true);
    let day = call.now - call.now.rem_euclid(MS_PER_DAY);
    let value_date = day + MS_PER_DAY;
    let end = value_date + project.days * MS_PER_DAY;
    let total = locked_reward(project, amount);
    Ok(json!([{
        "rewardAsset": project.asset, "totalRewardAmt": s(total),
        "estDailyRewardAmt": s(round8(total / Decimal::from(project.days))),
        "nextPay": s(round8(total / Decimal::from(project.days))), "nextPayDate": value_date + MS_PER_DAY,
        "valueDate": value_date, "rewardsEndDate": end, "deliverDate": end + MS_PER_DAY,
        "nextSubscriptionDate": if auto { json!(end) } else { json!(null) },
    }]))
}

/// Debits `amount` from `sourceAccount` (`SPOT` default, `FUND`, `ALL`: SPOT first): the
/// record's account name and the two parts.
fn draw(call: &mut Call<'_>, asset: &str, amount: Decimal) -> Result<(&'static str, Decimal, Decimal), BinanceError> {
    let source = call.params.opt_choice("sourceAccount", &["SPOT", "FUND", "ALL"])?.unwrap_or("SPOT");
    let not_enough = || BinanceError::bad(-6012, "Balance not enough");
    let a = &mut call.account;
    match source {
        "SPOT" => a.spot.debit(asset, amount).map(|_| ("SPOT", amount, Decimal::ZERO)).map_err(|_| not_enough()),
        "FUND" => a.funding.debit(asset, amount).map(|_| ("FUNDING", Decimal::ZERO, amount)).map_err(|_| not_enough()),
        _ => {
            let from_spot = a.spot.get(asset).min(amount);
            let from_funding = amount - from_spot;
            if a.funding.get(asset) < from_funding {
                return Err(not_enough());
            }
            a.spot.debit(asset, from_spot).map_err(|_| not_enough())?;
            a.funding.debit(asset, from_funding).map_err(|_| not_enough())?;
            Ok(("SPOTANDFUNDING", from_spot, from_funding))
        }
    }
}

fn record(call: &Call<'_>, id: u64, asset: &'static str, amount: Decimal, product: &'static str) -> Record {
    Record {
        id,
        time: call.now,
        settle_at: call.now + call.delay,
        settled: false,
        asset,
        amount,
        product,
        account: "SPOT",
        from_spot: Decimal::ZERO,
        from_funding: Decimal::ZERO,
        kind: "NORMAL",
        position_id: None,
        original_amount: amount,
        loss: Decimal::ZERO,
    }
}

pub(super) fn flexible_subscribe(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let product = flexible_product(call)?;
    let amount = amount(call, "amount")?;
    let auto = opt_bool(call, "autoSubscribe")?.unwrap_or(true);
    if !product.can_purchase {
        return Err(BinanceError::bad(-6004, "Product not in purchase status"));
    }
    if amount < dec(product.min) {
        return Err(BinanceError::bad(-6005, "Smaller than min purchase limit"));
    }
    if amount > flexible_left(call, product) {
        return Err(BinanceError::bad(-6011, "Exceeding the maximum num allowed to purchase per user"));
    }
    let (account, from_spot, from_funding) = draw(call, product.asset, amount)?;
    let id = call.ids.next();
    let mut r = record(call, id, product.asset, amount, product.product_id);
    (r.account, r.from_spot, r.from_funding) = (account, from_spot, from_funding);
    call.account.flex_subscriptions.push(r);
    call.account.flexible.entry(product.product_id).or_default().auto_subscribe = auto;
    Ok(json!({"purchaseId": id, "success": true}))
}

pub(super) fn flexible_redeem(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let product = flexible_product(call)?;
    let all = opt_bool(call, "redeemAll")?.unwrap_or(false);
    let dest = match call.params.opt_choice("destAccount", &["SPOT", "FUND"])?.unwrap_or("SPOT") {
        "FUND" => "FUNDING",
        _ => "SPOT",
    };
    let held = call.account.flexible.get(product.product_id).map_or(Decimal::ZERO, |p| p.amount);
    let amount = if all { held } else { amount(call, "amount")? };
    if amount.is_zero() || amount > held {
        return Err(BinanceError::bad(-6006, "Redeem amount error"));
    }
    if let Some(position) = call.account.flexible.get_mut(product.product_id) {
        position.amount -= amount;
    }
    let id = call.ids.next();
    let mut r = record(call, id, product.asset, amount, product.product_id);
    r.account = dest;
    call.account.flex_redemptions.push(r);
    Ok(json!({"redeemId": id, "success": true}))
}

pub(super) fn locked_subscribe(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let project = locked_project(call)?;
    let amount = amount(call, "amount")?;
    let auto = opt_bool(call, "autoSubscribe")?.unwrap_or(false);
    let redeem_to = call.params.opt_choice("redeemTo", &["SPOT", "FLEXIBLE"])?.unwrap_or("SPOT");
    if amount < dec(project.min) {
        return Err(BinanceError::bad(-6005, "Smaller than min purchase limit"));
    }
    if amount > locked_left(call, project) {
        return Err(BinanceError::bad(-6011, "Exceeding the maximum num allowed to purchase per user"));
    }
    let (account, from_spot, from_funding) = draw(call, project.asset, amount)?;
    let (purchase_id, position_id) = (call.ids.next(), call.ids.next());
    let mut r = record(call, purchase_id, project.asset, amount, project.project_id);
    (r.account, r.from_spot, r.from_funding, r.position_id) = (account, from_spot, from_funding, Some(position_id));
    call.account.locked_subscriptions.push(r);
    call.account.locked.push(LockedPosition {
        id: position_id,
        project,
        amount,
        purchased: call.now,
        rewards: Decimal::ZERO,
        auto_subscribe: auto,
        redeem_to,
        closed: false,
    });
    // Live answers carry a numeric positionId (reference §7.9).
    Ok(json!({"purchaseId": purchase_id, "positionId": position_id, "success": true}))
}

fn position_index(call: &Call<'_>) -> Result<usize, BinanceError> {
    let id = opt_int(call, "positionId")?.ok_or_else(|| BinanceError::missing("positionId"))?;
    call.account
        .locked
        .iter()
        .position(|p| i64::try_from(p.id).ok() == Some(id) && !p.closed)
        .ok_or_else(|| BinanceError::bad(-6003, "Product not exist or you don't have permission"))
}

pub(super) fn locked_redeem(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let index = position_index(call)?;
    let position = call.account.locked[index].clone();
    if !position.project.can_redeem_early {
        return Err(BinanceError::bad(-6008, "Product not in redeem status"));
    }
    let id = call.ids.next();
    call.account.locked[index].closed = true;
    call.account.spot.credit(position.project.asset, position.amount);
    let mut r = record(call, id, position.project.asset, position.amount, position.project.project_id);
    (r.kind, r.position_id, r.loss, r.settled) = ("AHEAD", Some(position.id), position.rewards, true);
    call.account.locked_redemptions.push(r);
    Ok(json!({"redeemId": id, "success": true}))
}

pub(super) fn flexible_position(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let (asset, product_id) = (call.params.opt_str("asset")?, call.params.opt_str("productId")?);
    let rows = call
        .account
        .flexible
        .iter()
        .filter(|(_, p)| !p.amount.is_zero())
        .filter_map(|(id, p)| Some((state::flexible(id)?, p)))
        .filter(|(f, _)| asset.is_none_or(|a| a == f.asset) && product_id.is_none_or(|id| id == f.product_id))
        .map(|(f, p)| {
            json!({
                "totalAmount": s(p.amount), "latestAnnualPercentageRate": f.apr, "asset": f.asset,
                "canRedeem": true, "collateralAmount": "0", "productId": f.product_id,
                "yesterdayRealTimeRewards": s(p.yesterday), "cumulativeBonusRewards": "0",
                "cumulativeRealTimeRewards": s(p.rewards), "cumulativeTotalRewards": s(p.rewards),
                "autoSubscribe": p.auto_subscribe,
            })
        })
        .collect();
    page(call, rows, false)
}

pub(super) fn locked_position(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let asset = call.params.opt_str("asset")?;
    let project_id = call.params.opt_str("projectId")?;
    let position_id = opt_int(call, "positionId")?;
    let rows = call
        .account
        .locked
        .iter()
        .filter(|p| !p.closed)
        .filter(|p| asset.is_none_or(|a| a == p.project.asset))
        .filter(|p| project_id.is_none_or(|id| id == p.project.project_id))
        .filter(|p| position_id.is_none_or(|id| i64::try_from(p.id).ok() == Some(id)))
        .map(|p| {
            let accrual = (call.now - p.purchased) / MS_PER_DAY;
            let early = if p.project.can_redeem_early { p.amount } else { Decimal::ZERO };
            // Live quirks (reference §6, §7.13): numeric ids and days, lower-case `apy`.
            json!({
                "positionId": p.id, "parentPositionId": 0, "projectId": p.project.project_id,
                "asset": p.project.asset, "amount": s(p.amount), "purchaseTime": p.purchased,
                "duration": p.project.days, "accrualDays": accrual, "rewardAsset": p.project.asset,
                "apy": p.project.apr, "rewardAmt": s(p.rewards), "nextPay": s(locked_reward(p.project, p.amount) / Decimal::from(p.project.days)),
                "nextPayDate": p.purchased + (accrual + 1) * MS_PER_DAY,
                "payPeriod": 1, "redeemAmountEarly": s(early), "rewardsEndDate": p.ends(),
                "deliverDate": p.ends() + MS_PER_DAY, "redeemPeriod": 1, "redeemingAmt": "0",
                "redeemTo": p.redeem_to, "partialAmtDeliverDate": p.ends() + MS_PER_DAY,
                "canRedeemEarly": p.project.can_redeem_early, "canFastRedemption": false,
                "autoSubscribe": p.auto_subscribe, "type": "NORMAL", "status": "HOLDING", "canReStake": false,
            })
        })
        .collect();
    page(call, rows, false)
}

/// Records in the window, filtered by `id_param` (its record id) and `asset`, newest first.
fn records<'r>(call: &Call<'_>, records: &'r [Record], id_param: &str) -> Result<Vec<&'r Record>, BinanceError> {
    let (start, end) = window(call, 30, 90)?;
    let id = call.params.opt_str(id_param)?;
    let asset = call.params.opt_str("asset")?;
    let product = call.params.opt_str("productId")?;
    let position = opt_int(call, "positionId")?;
    let mut rows: Vec<&Record> = records
        .iter()
        .filter(|r| (start..=end).contains(&r.time))
        .filter(|r| id.is_none_or(|id| id == r.id.to_string()))
        .filter(|r| asset.is_none_or(|a| a == r.asset))
        .filter(|r| product.is_none_or(|p| p == r.product))
        .filter(|r| position.is_none_or(|p| r.position_id.and_then(|id| i64::try_from(id).ok()) == Some(p)))
        .collect();
    rows.reverse();
    Ok(rows)
}

fn subscription_row(r: &Record, locked: bool) -> Value {
    let status = if r.settled { "SUCCESS" } else { "PURCHASING" };
    let mut row = json!({
        "amount": s(r.amount), "asset": r.asset, "time": r.time, "purchaseId": r.id,
        "type": r.kind, "sourceAccount": r.account, "status": status,
    });
    if locked {
        row["projectId"] = json!(r.product);
        row["positionId"] = json!(r.position_id);
        row["lockPeriod"] = json!(state::locked(r.product).map_or(0, |p| p.days).to_string());
    } else {
        row["productId"] = json!(r.product);
    }
    if r.account == "SPOTANDFUNDING" {
        row["amtFromSpot"] = s(r.from_spot);
        row["amtFromFunding"] = s(r.from_funding);
    }
    row
}

pub(super) fn flexible_subscriptions(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let rows = records(call, &call.account.flex_subscriptions, "purchaseId")?
        .into_iter()
        .map(|r| subscription_row(r, false))
        .collect();
    page(call, rows, false)
}

pub(super) fn locked_subscriptions(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let rows = records(call, &call.account.locked_subscriptions, "purchaseId")?
        .into_iter()
        .map(|r| subscription_row(r, true))
        .collect();
    page(call, rows, false)
}

pub(super) fn flexible_redemptions(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let rows = records(call, &call.account.flex_redemptions, "redeemId")?
        .into_iter()
        .map(|r| {
            json!({
                "amount": s(r.amount), "asset": r.asset, "time": r.time, "projectId": r.product,
                "redeemId": r.id, "destAccount": r.account, "status": if r.settled { "PAID" } else { "CREATED" },
            })
        })
        .collect();
    page(call, rows, false)
}

pub(super) fn locked_redemptions(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let rows = records(call, &call.account.locked_redemptions, "redeemId")?
        .into_iter()
        .map(|r| {
            let days = state::locked(r.product).map_or(0, |p| p.days);
            json!({
                "positionId": r.position_id, "redeemId": r.id, "time": r.time, "asset": r.asset,
                "lockPeriod": days.to_string(), "amount": s(r.amount), "originalAmount": s(r.original_amount),
                "type": r.kind, "deliverDate": r.time, "lossAmount": s(r.loss), "isComplete": true,
                "rewardAsset": r.asset, "rewardAmt": s(r.amount - r.original_amount), "status": "PAID",
            })
        })
        .collect();
    page(call, rows, false)
}

fn rewards<'r>(call: &Call<'_>, rewards: &'r [Reward]) -> Result<Vec<&'r Reward>, BinanceError> {
    let (start, end) = window(call, 30, 90)?;
    let asset = call.params.opt_str("asset")?;
    let product = call.params.opt_str("productId")?;
    let position = opt_int(call, "positionId")?;
    let mut rows: Vec<&Reward> = rewards
        .iter()
        .filter(|r| (start..=end).contains(&r.time))
        .filter(|r| asset.is_none_or(|a| a == r.asset) && product.is_none_or(|p| p == r.product))
        .filter(|r| position.is_none_or(|p| r.position_id.and_then(|id| i64::try_from(id).ok()) == Some(p)))
        .collect();
    rows.reverse();
    Ok(rows)
}

pub(super) fn flexible_rewards(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let kind = call.params.opt_choice("type", &["BONUS", "REALTIME", "REWARDS", "ALL"])?.unwrap_or("ALL");
    let rows = if kind == "BONUS" {
        Vec::new()
    } else {
        rewards(call, &call.account.flex_rewards)?
            .into_iter()
            .map(|r| json!({"asset": r.asset, "rewards": s(r.amount), "projectId": r.product, "type": "REALTIME", "time": r.time}))
            .collect()
    };
    page(call, rows, false)
}

pub(super) fn locked_rewards(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let rows = rewards(call, &call.account.locked_rewards)?
        .into_iter()
        .map(|r| {
            json!({"positionId": r.position_id, "time": r.time, "asset": r.asset, "lockPeriod": r.lock_days.to_string(),
                "amount": s(r.amount), "type": "Locked Rewards"})
        })
        .collect();
    page(call, rows, false)
}

/// One APR point per day (the rate is fixed here); `total` is a string (§7.20).
pub(super) fn rate_history(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let product = flexible_product(call)?;
    let period = call.params.opt_choice("aprPeriod", &["DAY", "YEAR"])?.unwrap_or("DAY");
    let (start, end) = window(call, 30, 365)?;
    let apr = if period == "DAY" { round8(dec(product.apr) / Decimal::from(365)) } else { dec(product.apr) };
    let first = start + (MS_PER_DAY - start.rem_euclid(MS_PER_DAY)) % MS_PER_DAY;
    let rows = (0..)
        .map(|d| first + d * MS_PER_DAY)
        .take_while(|t| *t <= end)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .map(|t| json!({"productId": product.product_id, "asset": product.asset, "annualPercentageRate": s(apr), "time": t}))
        .collect();
    page(call, rows, true)
}

/// No flexible loans exist here: never any collateral rows (`total` a string, §7.21).
pub(super) fn collateral_record(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    window(call, 30, 30)?;
    page(call, Vec::new(), true)
}

pub(super) fn flexible_auto_subscribe(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let product = flexible_product(call)?;
    let auto = opt_bool(call, "autoSubscribe")?.ok_or_else(|| BinanceError::missing("autoSubscribe"))?;
    let position = call
        .account
        .flexible
        .get_mut(product.product_id)
        .filter(|p| !p.amount.is_zero())
        .ok_or_else(|| BinanceError::bad(-6003, "Product not exist or you don't have permission"))?;
    position.auto_subscribe = auto;
    Ok(json!({"success": true}))
}

pub(super) fn locked_auto_subscribe(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let index = position_index(call)?;
    let auto = opt_bool(call, "autoSubscribe")?.ok_or_else(|| BinanceError::missing("autoSubscribe"))?;
    call.account.locked[index].auto_subscribe = auto;
    Ok(json!({"success": true}))
}

pub(super) fn locked_redeem_option(call: &mut Call<'_>) -> Result<Value, BinanceError> {
    let index = position_index(call)?;
    let to = call.params.choice("redeemTo", &["SPOT", "FLEXIBLE"])?;
    call.account.locked[index].redeem_to = to;
    Ok(json!({"success": true}))
}
