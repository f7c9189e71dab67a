//! `GET /v5/earn/position`, `POST /v5/earn/position/modify`, `GET /v5/earn/coupons`.

use serde_json::{Value, json};

use super::catalog::{CATEGORIES, MS_PER_DAY};
use super::envelope::BybitError;
use super::state::{Call, Position};
use super::yields;
use crate::ledger::fmt_amount;

/// `GET /v5/earn/position`: FlexibleSaving lists redeemed-out positions too; OnChain only
/// positions with principal.
pub(crate) fn positions(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let category = call.params.choice("category", CATEGORIES)?;
    let product_id = call.params.opt_str("productId")?;
    let coin = call.params.opt_str("coin")?;
    let list: Vec<Value> = call
        .account
        .positions
        .iter()
        .filter(|p| p.product.category == category)
        .filter(|p| product_id.is_none_or(|id| id == p.product.id) && coin.is_none_or(|c| c == p.product.coin))
        .filter(|p| !p.product.is_onchain() || !p.amount.is_zero())
        .map(|p| position_json(p, call.now))
        .collect();
    Ok(json!({"list": list}))
}

fn position_json(p: &Position, now: i64) -> Value {
    let product = p.product;
    let onchain = product.is_onchain();
    let onchain_ms = |at: i64| if onchain { at.to_string() } else { String::new() };
    let next_midnight = p.settle_at - p.settle_at.rem_euclid(MS_PER_DAY) + MS_PER_DAY;
    let mut row = json!({
        "coin": product.coin,
        "productId": product.id,
        "amount": fmt_amount(p.amount),
        "totalPnl": if onchain && !product.is_lst() { fmt_amount(yields::onchain_total(p, now)) } else { String::new() },
        "id": p.id.to_string(),
        "status": if p.active { "Active" } else { "Processing" },
        "orderId": p.order_id,
        "estimateRedeemTime": "",
        "estimateStakeTime": onchain_ms(p.settle_at),
        "estimateInterestCalculationTime": onchain_ms(next_midnight),
        "settlementTime": p.matures.map_or_else(String::new, |m| m.to_string()),
        "autoReinvest": if p.auto_reinvest { "Enable" } else { "Disable" },
        "availableAmount": fmt_amount(p.amount),
        "freezeDetails": [],
    });
    if !onchain {
        row["claimableYield"] = json!(fmt_amount(yields::claimable(p, now)));
    }
    row
}

/// `POST /v5/earn/position/modify`: auto-reinvest switch of an OnChain `Fixed` position.
pub(crate) fn modify(call: &mut Call<'_>) -> Result<Value, BybitError> {
    call.params.choice("category", &["OnChain"])?;
    let product_id = call.params.int("productId")?;
    let position_id = call.params.int("positionId")?;
    let auto = match call.params.int("autoReinvest")? {
        0 => false,
        1 => true,
        _ => return Err(BybitError::param("autoReinvest must be 0 or 1")),
    };
    let position = call
        .account
        .positions
        .iter_mut()
        .find(|p| {
            p.product.is_onchain()
                && i64::try_from(p.id).is_ok_and(|id| id == position_id)
                && p.product.id.parse::<i64>().is_ok_and(|id| id == product_id)
                && !p.amount.is_zero()
        })
        .ok_or_else(|| BybitError::earn(180020, "position not found"))?;
    if position.product.duration != "Fixed" {
        return Err(BybitError::earn(180028, "reinvest validation failed: product is not Fixed"));
    }
    position.auto_reinvest = auto;
    Ok(json!({}))
}

/// `GET /v5/earn/coupons`.
pub(crate) fn coupons(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let category = call.params.choice("category", &["FlexibleSaving", "DualAssets"])?;
    let now_s = call.now.div_euclid(1000);
    let cards: Vec<Value> = if category == "FlexibleSaving" {
        call.account
            .coupons
            .iter()
            .map(|c| {
                let expire = c.claimed_at_s + 30 * 86_400;
                let status = match (c.used_at_s, now_s >= expire) {
                    (0, true) => "Expired",
                    (0, false) => "NotUse",
                    (_, false) => "InUse",
                    (_, true) => "AlreadyUsed",
                };
                json!({
                    "awardId": c.award_id,
                    "specCode": c.spec_code,
                    "coin": c.coin,
                    "apy": "0.03",
                    "duration": 30,
                    "claimedAt": c.claimed_at_s,
                    "expireAt": expire,
                    "usedAt": c.used_at_s,
                    "status": status,
                    "currentPnl": "0",
                    "limitPnl": "100",
                    "positionEffectiveAmount": fmt_amount(c.effective_amount),
                    "productId": c.product_id,
                    "category": "FlexibleSaving",
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(json!({"interestCards": cards, "awardCards": []}))
}
