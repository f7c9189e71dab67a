//! BYUSDT token (reference §6.1): `/v5/earn/token/{product,place-order,order,position,yield,
//! hourly-yield,history-apr}`. `coin` must be `BYUSDT`; times are Unix **seconds**.
//!
//! A mint takes USDT from the caller's FlexibleSaving USDT position (product `428`) when it is
//! placed and pays BYUSDT when it settles; a redemption takes BYUSDT at once and pays USDT,
//! less the redemption fee, into UNIFIED when it settles. Orders are `Processing` until the
//! settlement delay has passed, then `Success`. BYUSDT accrues hourly at the product APR on
//! the amount held at the start of the hour; yield is reported, not paid into balances.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::catalog::{
    BYUSDT, BYUSDT_APR_E8, BYUSDT_MIN_INVESTMENT, BYUSDT_MINT_FEE_E8, BYUSDT_PRECISION, BYUSDT_PRODUCT_ID,
    BYUSDT_QUOTA, BYUSDT_REDEEM_FEE_E8, MS_PER_DAY,
};
use super::envelope::BybitError;
use super::orders::order_link_id;
use super::paging::{cursor, page, window};
use super::state::{BybitAccount, Call, TokenKind, TokenOrder};
use super::yields::periods;
use crate::ledger::{decimals_written, fmt_amount, parse_amount};

const MS_PER_HOUR: i64 = 3_600_000;
const S_PER_DAY: i64 = 86_400;
/// Longest history computed for `totalYield`.
const MAX_TOTAL_HOURS: i64 = 366 * 24;

fn e8(value: i64) -> Decimal {
    Decimal::from(value) / Decimal::from(100_000_000)
}

/// `coin` is required and must be `BYUSDT` (`180002` otherwise).
fn check_coin(call: &Call<'_>) -> Result<(), BybitError> {
    match call.params.str("coin")? {
        BYUSDT => Ok(()),
        other => Err(BybitError::earn(180002, format!("invalid coin {other}: only BYUSDT is supported"))),
    }
}

/// BYUSDT the caller may still mint: the quota less what is held and what is being minted.
fn left_quota(account: &BybitAccount) -> Decimal {
    let minting: Decimal =
        account.token_orders.iter().filter(|o| o.kind == TokenKind::Mint && !o.settled).map(|o| o.to_amount).sum();
    (Decimal::from(BYUSDT_QUOTA) - account.byusdt_holding() - minting).max(Decimal::ZERO)
}

/// USDT in the FlexibleSaving position a mint draws on.
fn savings_balance(account: &mut BybitAccount) -> Decimal {
    account.savings_position().map_or(Decimal::ZERO, |p| p.amount)
}

/// `GET /v5/earn/token/product`: the user fields are empty (`canMint` false) when unsigned.
pub(crate) fn product(call: &mut Call<'_>) -> Result<Value, BybitError> {
    check_coin(call)?;
    let (holding, left, can_mint, savings) = if call.signed {
        let left = left_quota(call.account);
        let holding = fmt_amount(call.account.byusdt_holding());
        (holding, fmt_amount(left), !left.is_zero(), fmt_amount(savings_balance(call.account)))
    } else {
        (String::new(), String::new(), false, String::new())
    };
    Ok(json!({
        "productId": BYUSDT_PRODUCT_ID,
        "coin": BYUSDT,
        "mintFeeRateE8": BYUSDT_MINT_FEE_E8.to_string(),
        "redeemFeeRateE8": BYUSDT_REDEEM_FEE_E8.to_string(),
        "minInvestment": BYUSDT_MIN_INVESTMENT,
        "userHolding": holding,
        "leftQuota": left,
        "canMint": can_mint,
        "savingsBalance": savings,
        "aprE8": BYUSDT_APR_E8.to_string(),
        "bonusAprE8": "0",
        "bonusMaxAmount": "",
        "baseCoinPrecision": BYUSDT_PRECISION,
        "tokenPrecision": BYUSDT_PRECISION,
    }))
}

/// `POST /v5/earn/token/place-order`: `Mint` (from `FlexibleSaving`) or `Redeem` (to `UNIFIED`).
pub(crate) fn place_order(call: &mut Call<'_>) -> Result<Value, BybitError> {
    check_coin(call)?;
    let link_id = order_link_id(call)?;
    let p = call.params;
    let kind = match p.choice("orderType", &["Mint", "Redeem"])? {
        "Mint" => TokenKind::Mint,
        _ => TokenKind::Redeem,
    };
    let amount_text = p.str("amount")?;
    let expected_account = match kind {
        TokenKind::Mint => "FlexibleSaving",
        TokenKind::Redeem => "UNIFIED",
    };
    if p.str("accountType")? != expected_account {
        return Err(BybitError::param(format!("accountType must be {expected_account} for {}", kind.as_str())));
    }
    let share_error = match kind {
        TokenKind::Mint => BybitError::earn(180012, "purchase share invalid"),
        TokenKind::Redeem => BybitError::earn(180014, "redeem share invalid"),
    };
    let amount = parse_amount(amount_text)
        .filter(|a| !a.is_zero() && decimals_written(amount_text) <= BYUSDT_PRECISION)
        .ok_or(share_error)?;
    let now = call.now;
    let fee_e8 = match kind {
        TokenKind::Mint => {
            if amount < BYUSDT_MIN_INVESTMENT.parse::<Decimal>().unwrap_or_default() {
                return Err(BybitError::earn(
                    180012,
                    format!("purchase share invalid: minimum {BYUSDT_MIN_INVESTMENT}"),
                ));
            }
            if amount > left_quota(call.account) {
                return Err(BybitError::earn(180015, "product quota not enough"));
            }
            let position = call
                .account
                .savings_position()
                .filter(|p| p.amount >= amount)
                .ok_or_else(|| BybitError::earn(180016, "balance not enough: FlexibleSaving USDT"))?;
            position.amount -= amount;
            position.history.push((now, position.amount));
            BYUSDT_MINT_FEE_E8
        }
        TokenKind::Redeem => {
            if amount > call.account.byusdt_holding() {
                return Err(BybitError::earn(180016, "balance not enough: BYUSDT"));
            }
            call.account.move_byusdt(now, -amount);
            BYUSDT_REDEEM_FEE_E8
        }
    };
    let fee = (amount * e8(fee_e8)).round_dp(BYUSDT_PRECISION);
    let order_id = uuid::Uuid::new_v4().to_string();
    call.account.token_orders.push(TokenOrder {
        order_id: order_id.clone(),
        link_id: link_id.clone(),
        kind,
        from_amount: amount,
        to_amount: amount - fee,
        fee,
        created: now,
        settle_at: now.saturating_add(call.delay),
        settled: false,
    });
    call.account.link_ids.insert(link_id.clone(), now);
    Ok(json!({"orderId": order_id, "orderLinkId": link_id}))
}

/// `startTime`/`endTime` in seconds (default: the last `default_days` days), as ms.
fn window_ms(call: &Call<'_>, default_days: i64) -> Result<(i64, i64), BybitError> {
    let now_s = call.now.div_euclid(1000);
    let (start, end) = window(call.params, now_s, default_days * S_PER_DAY, i64::MAX)?
        .ok_or_else(|| BybitError::param("startTime must not be after endTime"))?;
    Ok((start.saturating_mul(1000), end.saturating_mul(1000).saturating_add(999)))
}

/// `GET /v5/earn/token/order`: newest first (default: the last year).
pub(crate) fn orders(call: &mut Call<'_>) -> Result<Value, BybitError> {
    check_coin(call)?;
    let p = call.params;
    let link_id = p.opt_str("orderLinkId")?;
    let order_id = p.opt_str("orderId")?;
    let kind = p.opt_choice("orderType", &["Mint", "Redeem"])?;
    let (start, end) = window_ms(call, 365)?;
    let (offset, limit) = (cursor(p)?, p.limit_within(20, 100)?);
    let items = call
        .account
        .token_orders
        .iter()
        .rev()
        .filter(|o| link_id.is_none_or(|l| l == o.link_id) && order_id.is_none_or(|id| id == o.order_id))
        .filter(|o| kind.is_none_or(|k| k == o.kind.as_str()) && (start..=end).contains(&o.created))
        .map(|o| {
            let (from_coin, to_coin, from_account) = match o.kind {
                TokenKind::Mint => ("USDT", BYUSDT, "FlexibleSaving"),
                TokenKind::Redeem => (BYUSDT, "USDT", "UNIFIED"),
            };
            json!({
                "orderId": o.order_id,
                "orderLinkId": o.link_id,
                "orderType": o.kind.as_str(),
                "fromCoin": from_coin,
                "toCoin": to_coin,
                "fromAmount": fmt_amount(o.from_amount),
                "toAmount": fmt_amount(o.to_amount),
                "serviceFee": fmt_amount(o.fee),
                "fromAccount": from_account,
                "toAccount": "UNIFIED",
                "externalEventType": "",
                "status": if o.settled { "Success" } else { "Processing" },
                "createdTime": o.created.div_euclid(1000).to_string(),
            })
        })
        .collect();
    let (list, next) = page(items, offset, limit);
    Ok(json!({"list": list, "nextPageCursor": next}))
}

/// Yield of the hour starting at `hour` (ms), 8 decimals.
fn hourly(account: &BybitAccount, hour: i64) -> Decimal {
    (account.byusdt_at(hour) * e8(BYUSDT_APR_E8) / Decimal::from(8760)).round_dp(8)
}

/// Yield of the completed hours in `[from, to]` (ms).
fn yield_between(account: &BybitAccount, from: i64, to: i64, now: i64) -> Decimal {
    periods(from, to, now, MS_PER_HOUR).map(|h| hourly(account, h)).sum()
}

/// `GET /v5/earn/token/position`.
pub(crate) fn position(call: &mut Call<'_>) -> Result<Value, BybitError> {
    check_coin(call)?;
    let (account, now) = (&*call.account, call.now);
    let today = now - now.rem_euclid(MS_PER_DAY);
    let first = account.byusdt.first().map_or(now, |(at, _)| *at).max(now - MAX_TOTAL_HOURS * MS_PER_HOUR);
    Ok(json!({
        "totalAmount": fmt_amount(account.byusdt_holding()),
        "totalYield": fmt_amount(yield_between(account, first - first.rem_euclid(MS_PER_HOUR), now, now)),
        "yesterdayYield": fmt_amount(yield_between(account, today - MS_PER_DAY, today - 1, now)),
        "aprE8": BYUSDT_APR_E8.to_string(),
        "bonusAprE8": "0",
        "bonusMaxAmount": "",
        "hasQuota": !left_quota(account).is_zero(),
    }))
}

/// `GET /v5/earn/token/yield`: one record per completed UTC day with yield, newest first.
pub(crate) fn daily_yield(call: &mut Call<'_>) -> Result<Value, BybitError> {
    check_coin(call)?;
    let (start, end) = window_ms(call, 30)?;
    let (offset, limit) = (cursor(call.params)?, call.params.limit_within(5, 100)?);
    let (account, now) = (&*call.account, call.now);
    let items = periods(start, end, now, MS_PER_DAY)
        .filter_map(|day| {
            let amount = yield_between(account, day, day + MS_PER_DAY - 1, now);
            (!amount.is_zero()).then(|| {
                json!({
                    "yield": fmt_amount(amount),
                    "bonusYield": "0",
                    "status": "Success",
                    "createdTime": (day + MS_PER_DAY).div_euclid(1000).to_string(),
                })
            })
        })
        .collect();
    let (list, next) = page(items, offset, limit);
    Ok(json!({"list": list, "nextPageCursor": next}))
}

/// `GET /v5/earn/token/hourly-yield`: one record per completed hour with yield, newest first.
pub(crate) fn hourly_yield(call: &mut Call<'_>) -> Result<Value, BybitError> {
    check_coin(call)?;
    let (start, end) = window_ms(call, 7)?;
    let (offset, limit) = (cursor(call.params)?, call.params.limit_within(20, 100)?);
    let (account, now) = (&*call.account, call.now);
    let items = periods(start, end, now, MS_PER_HOUR)
        .filter_map(|hour| {
            let amount = hourly(account, hour);
            (!amount.is_zero()).then(|| {
                json!({
                    "effectiveAmount": fmt_amount(account.byusdt_at(hour)),
                    "yield": fmt_amount(amount),
                    "rewardType": 0,
                    "aprE8": BYUSDT_APR_E8.to_string(),
                    "hourlyDate": hour.div_euclid(1000).to_string(),
                    "createdTime": (hour + MS_PER_HOUR).div_euclid(1000).to_string(),
                })
            })
        })
        .collect();
    let (list, next) = page(items, offset, limit);
    Ok(json!({"list": list, "nextPageCursor": next}))
}

/// `GET /v5/earn/token/history-apr` (public): `range` 1, 2, 3 = 7, 30, 180 days, one point per
/// UTC day, oldest first.
pub(crate) fn history_apr(call: &mut Call<'_>) -> Result<Value, BybitError> {
    check_coin(call)?;
    let days: i64 = match call.params.str("range")? {
        "1" => 7,
        "2" => 30,
        "3" => 180,
        other => return Err(BybitError::param(format!("invalid range {other}: 1, 2 or 3"))),
    };
    let today = call.now.div_euclid(1000) - call.now.div_euclid(1000).rem_euclid(S_PER_DAY);
    let list: Vec<Value> = (0..days)
        .rev()
        .map(|i| json!({"timestamp": (today - i * S_PER_DAY).to_string(), "aprE8": BYUSDT_APR_E8.to_string()}))
        .collect();
    Ok(json!({"list": list}))
}
