//! Fixed Saving (`FixedTermSaving`, `FundPool`, `FundPoolPremium`): `/v5/earn/fixed-term/…`.
//!
//! A subscription is `Processing` until the settlement delay passes, then `Active` with a
//! position maturing after the product's duration. At maturity the principal returns to
//! FUND (interest is not paid into balances) unless auto-invest rolls it over for another
//! term. FundPool positions can be redeemed early: `EarlyRedemptionProcessing` until the
//! settlement delay passes, then the principal returns to FUND.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::catalog::{FIXED_CATEGORIES, FIXED_PRODUCTS, FixedProduct, fixed_product};
use super::envelope::BybitError;
use super::orders::order_link_id;
use super::paging::{cursor, page, time_range};
use super::state::{Call, FixedOrder, FixedPosition, OrderKind};
use crate::ledger::{decimals_written, fmt_amount, parse_amount};

fn product_json(p: &FixedProduct) -> Value {
    json!({
        "productId": p.id,
        "category": p.category,
        "coin": p.coin,
        "duration": p.duration,
        "status": p.status,
        "minStakeAmount": p.min,
        "maxStakeAmount": p.max,
        "precision": p.precision,
        "allowEarlyRedemption": p.early_redemption,
        "allowAutoReinvest": p.auto_reinvest,
        "interestCoinApyList": [{"coin": p.coin, "apy": p.apy}],
    })
}

/// `GET /v5/earn/fixed-term/product` (public).
pub(crate) fn products(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let coin = call.params.opt_str("coin")?;
    let list: Vec<Value> =
        FIXED_PRODUCTS.iter().filter(|p| coin.is_none_or(|c| c == p.coin)).map(product_json).collect();
    Ok(json!({"list": list}))
}

fn find(category: &str, id: &str) -> Result<&'static FixedProduct, BybitError> {
    fixed_product(category, id).ok_or_else(|| BybitError::earn(180008, "invalid product"))
}

/// `POST /v5/earn/fixed-term/place-order`.
pub(crate) fn place_order(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let p = call.params;
    let product_id = p.str("productId")?;
    let category = p.choice("category", FIXED_CATEGORIES)?;
    let coin = p.str("coin")?;
    let amount_text = p.str("amount")?;
    let account_type = p.choice("accountType", &["FUND", "UNIFIED"])?;
    let link_id = order_link_id(call)?;
    let auto_invest = match p.json("autoInvest") {
        None => false,
        Some(Value::Bool(v)) => *v,
        Some(_) => return Err(BybitError::param("autoInvest must be a boolean")),
    };
    let product = find(category, product_id)?;
    if product.coin != coin {
        return Err(BybitError::earn(180002, "invalid coin"));
    }
    if auto_invest && !product.auto_reinvest {
        return Err(BybitError::param("autoInvest is not available for this product"));
    }
    if product.status != "Available" {
        return Err(BybitError::earn(180007, "product not available"));
    }
    let amount = parse_amount(amount_text).ok_or_else(|| BybitError::param(format!("invalid amount {amount_text}")))?;
    let min: Decimal = product.min.parse().unwrap_or(Decimal::ZERO);
    let max: Decimal = product.max.parse().unwrap_or(Decimal::MAX);
    if amount.is_zero() || amount < min || decimals_written(amount_text) > product.precision {
        return Err(BybitError::earn(180012, "purchase share invalid"));
    }
    if amount > max {
        return Err(BybitError::earn(180013, "stake over maximum share"));
    }
    call.account
        .balances(account_type)
        .debit(product.coin, amount)
        .map_err(|_| BybitError::earn(180016, "balance not enough"))?;
    let position_id = call.ids.next();
    let order_id = push_order(call, OrderKind::Stake, product, amount, position_id, &link_id);
    call.account.fixed_positions.push(FixedPosition {
        id: position_id,
        product,
        amount,
        order_id: order_id.clone(),
        created: call.now,
        matures: None,
        auto_invest,
        redeeming_until: None,
        closed: false,
    });
    call.account.link_ids.insert(link_id.clone(), call.now);
    Ok(json!({"orderId": order_id, "orderLinkId": link_id}))
}

/// Records a Fixed Saving order settling after the delay; returns its id.
fn push_order(
    call: &mut Call<'_>,
    kind: OrderKind,
    product: &'static FixedProduct,
    amount: Decimal,
    position_id: u64,
    link_id: &str,
) -> String {
    let order_id = uuid::Uuid::new_v4().to_string();
    call.account.fixed_orders.push(FixedOrder {
        order_id: order_id.clone(),
        link_id: link_id.to_owned(),
        kind,
        product,
        amount,
        created: call.now,
        settle_at: call.now.saturating_add(call.delay),
        position_id,
        complete: false,
    });
    order_id
}

/// `POST /v5/earn/fixed-term/redeem`: early redemption of a FundPool position.
pub(crate) fn redeem(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let product_id = call.params.str("productId")?;
    let category = call.params.choice("category", &["FundPool"])?;
    let position_id = call.params.str("positionId")?;
    let product = find(category, product_id)?;
    let settle_at = call.now.saturating_add(call.delay);
    let position = open_position(call, product, position_id)?;
    if !product.early_redemption || position.matures.is_none() || position.redeeming_until.is_some() {
        return Err(BybitError::earn(180029, "redeem not allowed"));
    }
    position.redeeming_until = Some(settle_at);
    let (id, amount) = (position.id, position.amount);
    push_order(call, OrderKind::Redeem, product, amount, id, "");
    Ok(json!({"redeemAmount": fmt_amount(amount), "estEarnings": "0"}))
}

/// The caller's open position `id` of `product` (`180020` when there is none).
fn open_position<'a>(
    call: &'a mut Call<'_>,
    product: &'static FixedProduct,
    id: &str,
) -> Result<&'a mut FixedPosition, BybitError> {
    call.account.open_fixed_position(product, id).ok_or_else(|| BybitError::earn(180020, "position not found"))
}

/// `GET /v5/earn/fixed-term/position`: open positions only.
pub(crate) fn positions(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let product_id = call.params.opt_str("productId")?;
    let category = optional_category(call)?;
    let coin = call.params.opt_str("coin")?;
    let list: Vec<Value> = call
        .account
        .fixed_positions
        .iter()
        .filter(|p| !p.closed && p.matures.is_some())
        .filter(|p| product_id.is_none_or(|id| id == p.product.id) && category.is_none_or(|c| c == p.product.category))
        .filter(|p| coin.is_none_or(|c| c == p.product.coin))
        .map(|p| {
            let allow_early = p.product.early_redemption && p.redeeming_until.is_none();
            json!({
                "positionId": p.id.to_string(),
                "productId": p.product.id,
                "category": p.product.category,
                "coin": p.product.coin,
                "amount": fmt_amount(p.amount),
                "effectiveAmount": fmt_amount(p.amount),
                "duration": p.product.duration,
                "status": if p.redeeming_until.is_some() { "EarlyRedemptionProcessing" } else { "Active" },
                "settlementTime": p.matures.unwrap_or_default().to_string(),
                "createdAt": p.created.to_string(),
                "orderId": p.order_id,
                "earlyRedeemInfo": {
                    "allowEarlyRedeem": allow_early,
                    // No interest is paid into balances here, so an early exit earns nothing.
                    "earlyRedeemEarning": "0",
                    "returnCoin": p.product.coin,
                    "redemptionLimitDuration": p.product.redemption_limit,
                },
                "allowAutoReinvest": p.product.auto_reinvest,
                "autoReinvest": if p.auto_invest { "Enable" } else { "Disable" },
                "interestCoinApyList": [{
                    "coin": p.product.coin,
                    "apy": p.product.apy,
                    "expectReturnEarning": fmt_amount(expected_earning(p.product, p.amount)),
                    "price": "1",
                }],
            })
        })
        .collect();
    Ok(json!({"list": list}))
}

/// What the position earns over one term at the product APY (`"5.00%"`), 8 decimals.
fn expected_earning(product: &FixedProduct, amount: Decimal) -> Decimal {
    let apy = product.apy.trim_end_matches('%').parse::<Decimal>().unwrap_or_default() / Decimal::ONE_HUNDRED;
    let year_ms = Decimal::from(365 * 86_400_000_i64);
    (amount * apy * Decimal::from(product.duration_ms) / year_ms).round_dp(8)
}

fn optional_category<'a>(call: &'a Call<'_>) -> Result<Option<&'a str>, BybitError> {
    match call.params.opt_str("category")? {
        Some(c) if !FIXED_CATEGORIES.contains(&c) => Err(BybitError::param(format!("invalid category: {c}"))),
        other => Ok(other),
    }
}

/// `GET /v5/earn/fixed-term/order`: newest first.
pub(crate) fn orders(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let p = call.params;
    let kind = match p.opt_str("orderType")? {
        None => None,
        Some("Stake") => Some(OrderKind::Stake),
        Some("Redeem") => Some(OrderKind::Redeem),
        Some("Reinvest") => return Ok(json!({"list": [], "nextPageCursor": ""})),
        Some(other) => return Err(BybitError::param(format!("invalid orderType: {other}"))),
    };
    let category = optional_category(call)?;
    let product_id = p.opt_str("productId")?;
    if product_id.is_some() && category.is_none() {
        return Err(BybitError::param("productId needs category"));
    }
    let order_id = p.opt_str("orderId")?;
    let (start, end) = time_range(p, call.now, 30)?;
    let (offset, limit) = (cursor(p)?, p.limit_within(20, 50)?);
    let now = call.now;
    let items: Vec<Value> = call
        .account
        .fixed_orders
        .iter()
        .rev()
        .filter(|o| kind.is_none_or(|k| k == o.kind) && order_id.is_none_or(|id| id == o.order_id))
        .filter(|o| category.is_none_or(|c| c == o.product.category) && product_id.is_none_or(|id| id == o.product.id))
        .filter(|o| (start..=end).contains(&o.created))
        .map(|o| {
            let status = match (o.complete, now >= o.settle_at) {
                (true, _) => "Complete",
                (false, true) => "Active",
                (false, false) => "Processing",
            };
            json!({
                "orderId": o.order_id,
                "orderLinkId": o.link_id,
                "orderType": o.kind.as_str(),
                "productId": o.product.id,
                "category": o.product.category,
                "coin": o.product.coin,
                "amount": fmt_amount(o.amount),
                "status": status,
                "createdAt": o.created.to_string(),
                "yieldInfoList": [],
            })
        })
        .collect();
    let (list, next) = page(items, offset, limit);
    Ok(json!({"list": list, "nextPageCursor": next}))
}

/// `POST /v5/earn/fixed-term/position/auto-invest`.
pub(crate) fn auto_invest(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let product_id = call.params.str("productId")?;
    let category = call.params.choice("category", FIXED_CATEGORIES)?;
    let position_id = call.params.str("positionId")?;
    let enable = call.params.choice("status", &["Enable", "Disable"])? == "Enable";
    let product = find(category, product_id)?;
    if !product.auto_reinvest {
        return Err(BybitError::earn(180028, "reinvest validation failed"));
    }
    open_position(call, product, position_id)?.auto_invest = enable;
    Ok(json!({}))
}
