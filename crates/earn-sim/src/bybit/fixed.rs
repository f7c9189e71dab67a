//! Fixed Saving (`FixedTermSaving`, `FundPool`, `FundPoolPremium`): `/v5/earn/fixed-term/…`.
//!
//! A subscription is `Processing` until the settlement delay passes, then `Active` with a
//! position maturing after the product's duration. At maturity the principal returns to
//! FUND (interest is not paid into balances) unless auto-invest rolls it over for another
//! term. FundPool positions can be redeemed early: `EarlyRedemptionProcessing` until the
//! settlement delay passes, then the principal returns to FUND.

use std::sync::atomic::Ordering;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::Call;
use super::envelope::BybitError;
use super::orders::LINK_ID_TTL_MS;
use super::params::page;
use super::state::BybitAccount;
use crate::ledger::{decimals_written, fmt_amount, parse_amount};

const CATEGORIES: &[&str] = &["FixedTermSaving", "FundPool", "FundPoolPremium"];

/// One Fixed Saving product.
#[derive(Debug)]
pub(crate) struct FixedProduct {
    id: &'static str,
    category: &'static str,
    coin: &'static str,
    /// `"30d"`, `"8h"`.
    duration: &'static str,
    duration_ms: i64,
    status: &'static str,
    min: &'static str,
    max: &'static str,
    precision: u32,
    early_redemption: bool,
    auto_reinvest: bool,
    apy: &'static str,
}

static PRODUCTS: &[FixedProduct] = &[
    FixedProduct {
        id: "7001",
        category: "FixedTermSaving",
        coin: "USDT",
        duration: "30d",
        duration_ms: 30 * 86_400_000,
        status: "Available",
        min: "100",
        max: "100000",
        precision: 4,
        early_redemption: false,
        auto_reinvest: false,
        apy: "5.00%",
    },
    FixedProduct {
        id: "7002",
        category: "FundPool",
        coin: "USDT",
        duration: "8h",
        duration_ms: 8 * 3_600_000,
        status: "Available",
        min: "10",
        max: "50000",
        precision: 2,
        early_redemption: true,
        auto_reinvest: true,
        apy: "2.50%",
    },
    FixedProduct {
        id: "7003",
        category: "FundPoolPremium",
        coin: "BTC",
        duration: "1d",
        duration_ms: 86_400_000,
        status: "SoldOut",
        min: "0.01",
        max: "5",
        precision: 6,
        early_redemption: false,
        auto_reinvest: false,
        apy: "1.20%",
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Stake,
    Redeem,
}

/// One Fixed Saving order.
#[derive(Debug, Clone)]
pub(crate) struct FixedOrder {
    order_id: String,
    link_id: String,
    kind: Kind,
    product: &'static FixedProduct,
    amount: Decimal,
    created: i64,
    settle_at: i64,
    position_id: u64,
    complete: bool,
}

/// One Fixed Saving position.
#[derive(Debug, Clone)]
pub(crate) struct FixedPosition {
    id: u64,
    product: &'static FixedProduct,
    amount: Decimal,
    /// `None` while the subscription is processing.
    matures: Option<i64>,
    auto_invest: bool,
    /// Set by an early redemption: when it settles.
    redeeming_until: Option<i64>,
    closed: bool,
}

/// Activates subscriptions, matures positions and settles early redemptions due at `now`.
pub(crate) fn settle(account: &mut BybitAccount, now: i64) {
    for order in account.fixed_orders.iter_mut().filter(|o| !o.complete && now >= o.settle_at) {
        let Some(position) = account.fixed_positions.iter_mut().find(|p| p.id == order.position_id) else { continue };
        match order.kind {
            Kind::Stake if position.matures.is_none() => {
                position.matures = Some(order.settle_at + order.product.duration_ms);
            }
            Kind::Redeem if !position.closed => {
                position.closed = true;
                account.fund.credit(order.product.coin, position.amount);
                order.complete = true;
            }
            _ => {}
        }
    }
    for position in account.fixed_positions.iter_mut().filter(|p| !p.closed && p.redeeming_until.is_none()) {
        let Some(mut matures) = position.matures else { continue };
        while position.auto_invest && now >= matures {
            matures += position.product.duration_ms;
        }
        position.matures = Some(matures);
        if now >= matures {
            position.closed = true;
            account.fund.credit(position.product.coin, position.amount);
        }
    }
    for order in account.fixed_orders.iter_mut().filter(|o| o.kind == Kind::Stake && !o.complete) {
        let closed = account.fixed_positions.iter().any(|p| p.id == order.position_id && p.closed);
        order.complete = closed;
    }
}

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
    let list: Vec<Value> = PRODUCTS.iter().filter(|p| coin.is_none_or(|c| c == p.coin)).map(product_json).collect();
    Ok(json!({"list": list}))
}

fn find(category: &str, id: &str) -> Result<&'static FixedProduct, BybitError> {
    PRODUCTS
        .iter()
        .find(|p| p.category == category && p.id == id)
        .ok_or_else(|| BybitError::earn(180008, "invalid product"))
}

/// `POST /v5/earn/fixed-term/place-order`.
pub(crate) fn place_order(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let p = call.params;
    let product_id = p.str("productId")?;
    let category = p.choice("category", CATEGORIES)?;
    let coin = p.str("coin")?;
    let amount_text = p.str("amount")?;
    let account_type = p.choice("accountType", &["FUND", "UNIFIED"])?;
    let link_id = p.opt_str("orderLinkId")?.ok_or_else(|| BybitError::earn(180019, "empty orderLinkId"))?.to_owned();
    if link_id.len() > 36 || !link_id.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(BybitError::param("orderLinkId must be at most 36 printable characters"));
    }
    let auto_invest = match p {
        super::params::Params::Body(body) => match body.get("autoInvest") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(v)) => *v,
            Some(_) => return Err(BybitError::param("autoInvest must be a boolean")),
        },
        super::params::Params::Query(_) => false,
    };
    if call.account.link_ids.get(&link_id).is_some_and(|at| call.now - at < LINK_ID_TTL_MS) {
        return Err(BybitError::earn(180025, "order already exists"));
    }
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
    let position_id = call.ids.fetch_add(1, Ordering::Relaxed);
    call.account.fixed_positions.push(FixedPosition {
        id: position_id,
        product,
        amount,
        matures: None,
        auto_invest,
        redeeming_until: None,
        closed: false,
    });
    let order_id = uuid::Uuid::new_v4().to_string();
    call.account.fixed_orders.push(FixedOrder {
        order_id: order_id.clone(),
        link_id: link_id.clone(),
        kind: Kind::Stake,
        product,
        amount,
        created: call.now,
        settle_at: call.now.saturating_add(call.delay),
        position_id,
        complete: false,
    });
    call.account.link_ids.insert(link_id.clone(), call.now);
    Ok(json!({"orderId": order_id, "orderLinkId": link_id}))
}

/// `POST /v5/earn/fixed-term/redeem`: early redemption of a FundPool position.
pub(crate) fn redeem(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let product_id = call.params.str("productId")?;
    let category = call.params.choice("category", &["FundPool"])?;
    let position_id = call.params.str("positionId")?;
    let product = find(category, product_id)?;
    let (now, settle_at) = (call.now, call.now.saturating_add(call.delay));
    let position = call
        .account
        .fixed_positions
        .iter_mut()
        .find(|p| !p.closed && std::ptr::eq(p.product, product) && p.id.to_string() == position_id)
        .ok_or_else(|| BybitError::earn(180020, "position not found"))?;
    if !product.early_redemption || position.matures.is_none() || position.redeeming_until.is_some() {
        return Err(BybitError::earn(180029, "redeem not allowed"));
    }
    position.redeeming_until = Some(settle_at);
    let (id, amount) = (position.id, position.amount);
    call.account.fixed_orders.push(FixedOrder {
        order_id: uuid::Uuid::new_v4().to_string(),
        link_id: String::new(),
        kind: Kind::Redeem,
        product,
        amount,
        created: now,
        settle_at,
        position_id: id,
        complete: false,
    });
    Ok(json!({"redeemAmount": fmt_amount(amount), "estEarnings": "0"}))
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
            json!({
                "positionId": p.id.to_string(),
                "productId": p.product.id,
                "category": p.product.category,
                "coin": p.product.coin,
                "amount": fmt_amount(p.amount),
                "status": if p.redeeming_until.is_some() { "EarlyRedemptionProcessing" } else { "Active" },
                "settlementTime": p.matures.unwrap_or_default().to_string(),
                "autoInvest": if p.auto_invest { "Enable" } else { "Disable" },
                "earlyRedeemInfo": Value::Null,
            })
        })
        .collect();
    Ok(json!({"list": list}))
}

fn optional_category<'a>(call: &'a Call<'_>) -> Result<Option<&'a str>, BybitError> {
    match call.params.opt_str("category")? {
        Some(c) if !CATEGORIES.contains(&c) => Err(BybitError::param(format!("invalid category: {c}"))),
        other => Ok(other),
    }
}

/// `GET /v5/earn/fixed-term/order`: newest first.
pub(crate) fn orders(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let p = call.params;
    let kind = match p.opt_str("orderType")? {
        None => None,
        Some("Stake") => Some(Kind::Stake),
        Some("Redeem") => Some(Kind::Redeem),
        Some("Reinvest") => return Ok(json!({"list": [], "nextPageCursor": ""})),
        Some(other) => return Err(BybitError::param(format!("invalid orderType: {other}"))),
    };
    let category = optional_category(call)?;
    let product_id = p.opt_str("productId")?;
    if product_id.is_some() && category.is_none() {
        return Err(BybitError::param("productId needs category"));
    }
    let order_id = p.opt_str("orderId")?;
    let (start, end) = p.time_range(call.now, 30)?;
    let (offset, limit) = (p.cursor()?, p.limit_within(20, 50)?);
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
                "orderType": if o.kind == Kind::Stake { "Stake" } else { "Redeem" },
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
    let category = call.params.choice("category", CATEGORIES)?;
    let position_id = call.params.str("positionId")?;
    let enable = call.params.choice("status", &["Enable", "Disable"])? == "Enable";
    let product = find(category, product_id)?;
    if !product.auto_reinvest {
        return Err(BybitError::earn(180028, "reinvest validation failed"));
    }
    let position = call
        .account
        .fixed_positions
        .iter_mut()
        .find(|p| !p.closed && std::ptr::eq(p.product, product) && p.id.to_string() == position_id)
        .ok_or_else(|| BybitError::earn(180020, "position not found"))?;
    position.auto_invest = enable;
    Ok(json!({}))
}
