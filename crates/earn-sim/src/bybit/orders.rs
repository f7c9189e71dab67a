//! `POST /v5/earn/place-order` and `GET /v5/earn/order`.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::catalog::{self, CATEGORIES, MS_PER_DAY, Product};
use super::envelope::BybitError;
use super::paging::{cursor, limit, page, time_range};
use super::state::{Call, Order, OrderKind, Position};
use crate::ledger::{decimals_written, fmt_amount, parse_amount};

/// Validated fields common to every order.
struct Intent {
    product: &'static Product,
    kind: OrderKind,
    account_type: &'static str,
    amount: Decimal,
    link_id: String,
}

fn parse_intent(call: &Call<'_>) -> Result<Intent, BybitError> {
    let p = call.params;
    let category = p.choice("category", CATEGORIES)?;
    let kind = match p.choice("orderType", &["Stake", "Redeem"])? {
        "Stake" => OrderKind::Stake,
        _ => OrderKind::Redeem,
    };
    let account_type = p.choice("accountType", &["FUND", "UNIFIED"])?;
    let amount_text = p.str("amount")?;
    let coin = p.str("coin")?;
    let product_id = p.str("productId")?;
    let link_id = order_link_id(call)?;
    let product = catalog::find(category, product_id).ok_or_else(|| BybitError::earn(180008, "invalid product"))?;
    if product.coin != coin {
        return Err(BybitError::earn(180002, "invalid coin"));
    }
    if product.is_onchain() && account_type != "FUND" {
        return Err(BybitError::earn(180001, "OnChain orders use accountType FUND"));
    }
    let amount = parse_amount(amount_text).ok_or_else(|| BybitError::param(format!("invalid amount {amount_text}")))?;
    let share_error = match kind {
        OrderKind::Stake => BybitError::earn(180012, "purchase share invalid"),
        OrderKind::Redeem => BybitError::earn(180014, "redeem share invalid"),
    };
    if amount.is_zero() || decimals_written(amount_text) > product.precision {
        return Err(share_error);
    }
    Ok(Intent { product, kind, account_type, amount, link_id })
}

/// The required `orderLinkId` of a write: at most 36 printable characters, not reused within
/// 30 minutes (`180025`).
pub(crate) fn order_link_id(call: &Call<'_>) -> Result<String, BybitError> {
    let link_id = call.params.opt_str("orderLinkId")?.ok_or_else(|| BybitError::earn(180019, "empty orderLinkId"))?;
    if link_id.len() > 36 || !link_id.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(BybitError::param("orderLinkId must be at most 36 printable characters"));
    }
    if call.account.link_id_in_use(link_id, call.now) {
        return Err(BybitError::earn(180025, "order already exists"));
    }
    Ok(link_id.to_owned())
}

/// Where a redemption pays: OnChain LST `toAccountType` `FUND` or `UNIFIED` (default
/// `FUND`), OnChain non-LST `FUND` only, FlexibleSaving the order's `accountType` (Bybit
/// documents no destination for it, so only that one may be named in `toAccountType`).
fn redemption_account(call: &Call<'_>, intent: &Intent) -> Result<&'static str, BybitError> {
    let product = intent.product;
    let to = call.params.opt_str("toAccountType")?;
    let allowed: &[&'static str] = match (product.is_onchain(), product.is_lst()) {
        (true, true) => &["FUND", "UNIFIED"],
        (true, false) => &["FUND"],
        (false, _) => std::slice::from_ref(&intent.account_type),
    };
    match to {
        None => Ok(allowed[0]),
        Some(to) => allowed.iter().copied().find(|a| *a == to).ok_or_else(|| {
            BybitError::earn(180001, format!("invalid toAccountType {to}: allowed {}", allowed.join(", ")))
        }),
    }
}

/// `POST /v5/earn/place-order`.
pub(crate) fn place_order(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let intent = parse_intent(call)?;
    let credit_to = match intent.kind {
        OrderKind::Redeem => redemption_account(call, &intent)?,
        OrderKind::Stake => intent.account_type,
    };
    // Every check happens before the first ledger change in `stake`/`redeem`.
    let position_id = match intent.kind {
        OrderKind::Stake => stake(call, &intent)?,
        OrderKind::Redeem => redeem(call, &intent)?,
    };
    let order_id = uuid::Uuid::new_v4().to_string();
    if let Some(id) = position_id.filter(|_| intent.kind == OrderKind::Stake)
        && let Some(position) = call.account.positions.iter_mut().find(|p| p.id == id)
    {
        position.order_id = order_id.clone();
    }
    call.account.orders.push(Order {
        order_id: order_id.clone(),
        link_id: intent.link_id.clone(),
        product: intent.product,
        kind: intent.kind,
        amount: intent.amount,
        settled: false,
        created: call.now,
        settle_at: call.now.saturating_add(call.delay),
        account_type: credit_to,
        position_id,
    });
    call.account.link_ids.insert(intent.link_id.clone(), call.now);
    Ok(json!({"orderId": order_id, "orderLinkId": intent.link_id}))
}

/// Checks and debits a stake; OnChain non-LST stakes open their own `Processing` position.
fn stake(call: &mut Call<'_>, intent: &Intent) -> Result<Option<u64>, BybitError> {
    let product = intent.product;
    if !product.available {
        return Err(BybitError::earn(180007, "product not available"));
    }
    if intent.amount < Product::decimal(product.min_stake) {
        return Err(BybitError::earn(180012, format!("purchase share invalid: minimum {}", product.min_stake)));
    }
    if intent.amount > Product::decimal(product.max_stake) {
        return Err(BybitError::earn(180013, format!("stake over maximum share {}", product.max_stake)));
    }
    let card = interest_card(call, product)?;
    call.account
        .balances(intent.account_type)
        .debit(product.coin, intent.amount)
        .map_err(|_| BybitError::earn(180016, "balance not enough"))?;
    if let Some(index) = card {
        let coupon = &mut call.account.coupons[index];
        coupon.used_at_s = call.now.div_euclid(1000);
        coupon.product_id = product.id.parse().unwrap_or(0);
        coupon.effective_amount = intent.amount;
    }
    if !product.is_onchain() || product.is_lst() {
        return Ok(None);
    }
    let id = call.ids.next();
    call.account.positions.push(Position {
        id,
        product,
        amount: intent.amount,
        active: false,
        order_id: String::new(),
        settle_at: call.now.saturating_add(call.delay),
        auto_reinvest: false,
        history: Vec::new(),
        matures: (product.duration == "Fixed").then(|| call.now.saturating_add(product.term * MS_PER_DAY)),
    });
    Ok(Some(id))
}

/// The optional `interestCard` of a FlexibleSaving stake: index of an unused coupon.
fn interest_card(call: &Call<'_>, product: &Product) -> Result<Option<usize>, BybitError> {
    let Some(card) = call.params.json("interestCard") else { return Ok(None) };
    if product.category != "FlexibleSaving" {
        return Err(BybitError::param("interestCard is only accepted for FlexibleSaving stakes"));
    }
    let award_id = card.get("awardId").and_then(Value::as_i64);
    let spec_code = card.get("specCode").and_then(Value::as_str);
    let (Some(award_id), Some(spec_code)) = (award_id, spec_code) else {
        return Err(BybitError::param("interestCard needs awardId (integer) and specCode (string)"));
    };
    call.account
        .coupons
        .iter()
        .position(|c| c.award_id == award_id && c.spec_code == spec_code && c.coin == product.coin && c.used_at_s == 0)
        .map(Some)
        .ok_or_else(|| BybitError::earn(180006, "validation failed: interest card not usable"))
}

/// Checks a redemption and takes the amount out of the position now.
fn redeem(call: &mut Call<'_>, intent: &Intent) -> Result<Option<u64>, BybitError> {
    let product = intent.product;
    let onchain_plain = product.is_onchain() && !product.is_lst();
    if product.is_lst()
        && (intent.amount < Product::decimal(product.min_redeem)
            || intent.amount > Product::decimal(product.max_redeem))
    {
        return Err(BybitError::earn(180014, "redeem share invalid: outside min/max redeem amount"));
    }
    let position = if onchain_plain {
        let id_text = call.params.str("redeemPositionId")?;
        let id: u64 = id_text.parse().map_err(|_| BybitError::earn(180020, "position not found"))?;
        let position = call
            .account
            .positions
            .iter_mut()
            .find(|p| p.id == id && std::ptr::eq(p.product, product) && !p.amount.is_zero())
            .ok_or_else(|| BybitError::earn(180020, "position not found"))?;
        if !position.active {
            return Err(BybitError::earn(180029, "redeem not allowed: position is still processing"));
        }
        if position.locked_at(call.now) {
            let until = position.matures.unwrap_or_default();
            let msg = format!("redeem not allowed: fixed-term position locked until settlementTime {until}");
            return Err(BybitError::earn(180029, msg));
        }
        position
    } else {
        call.account
            .positions
            .iter_mut()
            .find(|p| std::ptr::eq(p.product, product))
            .ok_or_else(|| BybitError::earn(180014, "redeem share invalid: nothing staked"))?
    };
    if intent.amount > position.amount {
        return Err(BybitError::earn(180014, format!("redeem share invalid: at most {}", fmt_amount(position.amount))));
    }
    position.amount -= intent.amount;
    position.history.push((call.now, position.amount));
    Ok(onchain_plain.then_some(position.id))
}

/// `GET /v5/earn/order`: newest first, filtered, paginated by cursor.
pub(crate) fn order_history(call: &mut Call<'_>) -> Result<Value, BybitError> {
    let p = call.params;
    let category = p.choice("category", CATEGORIES)?;
    let order_id = p.opt_str("orderId")?;
    let link_id = p.opt_str("orderLinkId")?;
    if category == "OnChain" && order_id.is_none() && link_id.is_none() {
        return Err(BybitError::param("orderId or orderLinkId is required for OnChain"));
    }
    let product_id = p.opt_str("productId")?;
    let (start, end) = time_range(p, call.now, 7)?;
    let (offset, limit) = (cursor(p)?, limit(p)?);
    let mut matching = call
        .account
        .orders
        .iter()
        .rev()
        .filter(|o| o.product.category == category)
        .filter(|o| order_id.is_none_or(|id| id == o.order_id) && link_id.is_none_or(|l| l == o.link_id))
        .filter(|o| product_id.is_none_or(|id| id == o.product.id))
        .filter(|o| (start..=end).contains(&o.created));
    let items: Vec<Value> = if link_id.is_some() && order_id.is_none() {
        // A reused orderLinkId returns the latest order only.
        matching.next().map(|o| order_json(o, call.now)).into_iter().collect()
    } else {
        matching.map(|o| order_json(o, call.now)).collect()
    };
    let (list, next) = page(items, offset, limit);
    Ok(json!({"list": list, "nextPageCursor": next}))
}

fn order_json(order: &Order, now: i64) -> Value {
    let product = order.product;
    let onchain_ms = |at: i64| if product.is_onchain() { at.to_string() } else { String::new() };
    let (stake_time, redeem_time) = match order.kind {
        OrderKind::Stake => (onchain_ms(order.settle_at), String::new()),
        OrderKind::Redeem => (String::new(), onchain_ms(order.settle_at)),
    };
    json!({
        "coin": product.coin,
        "orderValue": fmt_amount(order.amount),
        "orderType": order.kind.as_str(),
        "orderId": order.order_id,
        "orderLinkId": order.link_id,
        "status": if order.settled { "Success" } else { "Pending" },
        "createdAt": order.created.to_string(),
        "productId": product.id,
        "updatedAt": if order.settled { order.settle_at.min(now) } else { order.created }.to_string(),
        "swapOrderValue": if product.is_lst() { fmt_amount(order.amount) } else { String::new() },
        "estimateRedeemTime": redeem_time,
        "estimateStakeTime": stake_time,
    })
}
