//! On-chain earn: `/api/v5/finance/staking-defi/{offers,purchase,redeem,cancel,orders-*}`.
//!
//! Order states follow the reference's lifecycle: purchase → `8` (pending, first half of the
//! settlement delay) → `9` (on-chain, second half) → `1` (earning); redeem → `2` → history `3`;
//! cancel of a purchase in `8` → `13` → history `3` with the funds back; cancel of a
//! redemption in `2` → back to `1`.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::catalog::{EARN_PRODUCTS, earn_product};
use super::envelope::OkxError;
use super::params::{amount_text, limit};
use super::state::{Call, EarnOrder, Phase};
use crate::ledger::fmt_amount;

const DAY_MS: i64 = 86_400_000;

fn check_protocol_type(call: &Call<'_>, required: bool) -> Result<(), OkxError> {
    let value = if required { Some(call.params.str("protocolType")?) } else { call.params.opt_str("protocolType")? };
    match value {
        Some(v) if v != "defi" => Err(OkxError::invalid("protocolType")),
        _ => Ok(()),
    }
}

/// `GET offers`.
pub(crate) fn offers(call: &mut Call<'_>) -> Result<Value, OkxError> {
    check_protocol_type(call, false)?;
    let product_id = call.params.opt_str("productId")?;
    let ccy = call.params.opt_str("ccy")?;
    let rows = EARN_PRODUCTS
        .iter()
        .filter(|p| product_id.is_none_or(|id| id == p.id) && ccy.is_none_or(|c| c == p.ccy))
        .map(|p| {
            json!({
                "ccy": p.ccy,
                "productId": p.id,
                "protocol": p.protocol,
                "protocolType": "defi",
                "term": p.term.to_string(),
                "apy": p.apy,
                "earlyRedeem": p.early_redeem,
                "state": p.state,
                "investData": [{
                    "bal": fmt_amount(call.account.funding.get(p.ccy)),
                    "ccy": p.ccy,
                    "maxAmt": p.max_amt,
                    "minAmt": p.min_amt,
                }],
                "earningData": [{"ccy": p.ccy, "earningType": "0"}],
                "fastRedemptionDailyLimit": "",
                "redeemPeriod": p.redeem_period,
            })
        })
        .collect();
    Ok(Value::Array(rows))
}

/// `POST purchase`.
pub(crate) fn purchase(call: &mut Call<'_>) -> Result<Value, OkxError> {
    let product_id = call.params.str("productId")?;
    let product = earn_product(product_id).ok_or_else(|| OkxError::invalid("productId"))?;
    let invest = call.params.objects("investData")?;
    let [entry] = invest else { return Err(OkxError::invalid("investData")) };
    let ccy = entry.get("ccy").and_then(Value::as_str).filter(|c| !c.is_empty());
    let amt = entry.get("amt").and_then(Value::as_str).filter(|a| !a.is_empty());
    let (Some(ccy), Some(amt)) = (ccy, amt) else { return Err(OkxError::empty("investData")) };
    if ccy != product.ccy {
        return Err(OkxError::invalid("ccy"));
    }
    let amt = amount_text(amt, "amt")?;
    match (product.term, call.params.opt_str("term")?) {
        (0, None | Some("0")) => {}
        (term, Some(t)) if t == term.to_string() => {}
        (term, None) if term > 0 => return Err(OkxError::empty("term")),
        _ => return Err(OkxError::invalid("term")),
    }
    let tag = call.params.opt_str("tag")?.unwrap_or("").to_owned();
    if tag.len() > 16 || !tag.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(OkxError::invalid("tag"));
    }
    if product.state.eq_ignore_ascii_case("sold_out") {
        return Err(OkxError::business("51730", "This product is sold out"));
    }
    if product.state.eq_ignore_ascii_case("stop") {
        return Err(OkxError::business("51731", "Subscription to this product is suspended"));
    }
    let min: Decimal = product.min_amt.parse().unwrap_or(Decimal::ZERO);
    let max: Decimal = product.max_amt.parse().unwrap_or(Decimal::MAX);
    if amt < min {
        return Err(OkxError::business("51727", format!("Minimum amount is {} {}", product.min_amt, product.ccy)));
    }
    if amt > max {
        return Err(OkxError::business("51728", format!("Maximum amount is {} {}", product.max_amt, product.ccy)));
    }
    let now = call.now;
    call.account.debit(call.ids, product.ccy, amt, ("80", "On-chain earn subscription"), now)?;
    let ord_id = call.ids.next();
    call.account.earn_orders.push(EarnOrder {
        ord_id,
        product,
        amt,
        tag: tag.clone(),
        purchased: now,
        phase: Phase::Active,
    });
    Ok(json!([{"ordId": ord_id.to_string(), "tag": tag}]))
}

fn find_order<'a>(call: &'a mut Call<'_>) -> Result<&'a mut EarnOrder, OkxError> {
    let ord_id: u64 = call.params.str("ordId")?.parse().map_err(|_| OkxError::invalid("ordId"))?;
    call.account.earn_orders.iter_mut().find(|o| o.ord_id == ord_id).ok_or_else(|| OkxError::invalid("ordId"))
}

/// `POST redeem`.
pub(crate) fn redeem(call: &mut Call<'_>) -> Result<Value, OkxError> {
    check_protocol_type(call, true)?;
    let allow_early = call.params.opt_bool("allowEarlyRedeem")?.unwrap_or(false);
    let (now, delay) = (call.now, call.delay);
    let order = find_order(call)?;
    match order.state(now, delay) {
        "1" => {}
        "3" => return Err(OkxError::business("51722", "Redemption already completed")),
        _ => return Err(OkxError::business("51724", "Redemption is not supported at the moment")),
    }
    let product = order.product;
    let matures = order.purchased.saturating_add(product.term.saturating_mul(DAY_MS));
    if product.term > 0 && now < matures {
        if !product.early_redeem {
            return Err(OkxError::business("51723", "Early redemption is not supported"));
        }
        if !allow_early {
            return Err(OkxError::business("51729", "The redemption date has not been reached"));
        }
    }
    order.phase = Phase::Redeeming { since: now };
    Ok(json!([{"ordId": order.ord_id.to_string(), "tag": order.tag}]))
}

/// `POST cancel`: a purchase still in `8`, or a redemption in `2`.
pub(crate) fn cancel(call: &mut Call<'_>) -> Result<Value, OkxError> {
    check_protocol_type(call, true)?;
    let (now, delay) = (call.now, call.delay);
    let order = find_order(call)?;
    order.phase = match order.state(now, delay) {
        "8" => Phase::CancellingPurchase { since: now },
        "2" => Phase::Active,
        _ => return Err(OkxError::business("51725", "Cancellation is not supported at the moment")),
    };
    Ok(json!([{"ordId": order.ord_id.to_string(), "tag": order.tag}]))
}

fn filtered<'a>(call: &'a Call<'_>) -> Result<impl Iterator<Item = &'a EarnOrder>, OkxError> {
    check_protocol_type(call, false)?;
    let product_id = call.params.opt_str("productId")?;
    let ccy = call.params.opt_str("ccy")?;
    Ok(call
        .account
        .earn_orders
        .iter()
        .rev()
        .filter(move |o| product_id.is_none_or(|id| id == o.product.id) && ccy.is_none_or(|c| c == o.product.ccy)))
}

fn base_row(order: &EarnOrder, state: &str) -> Value {
    json!({
        "ordId": order.ord_id.to_string(),
        "ccy": order.product.ccy,
        "productId": order.product.id,
        "state": state,
        "protocol": order.product.protocol,
        "protocolType": "defi",
        "term": order.product.term.to_string(),
        "apy": order.product.apy,
        "investData": [{"ccy": order.product.ccy, "amt": fmt_amount(order.amt)}],
        "purchasedTime": order.purchased.to_string(),
        "tag": order.tag,
    })
}

/// `GET orders-active`: every order not completed, newest first.
pub(crate) fn orders_active(call: &mut Call<'_>) -> Result<Value, OkxError> {
    let state = call.params.opt_choice("state", &["8", "13", "9", "1", "2"])?;
    let (now, delay) = (call.now, call.delay);
    let rows = filtered(call)?
        .filter_map(|o| {
            let code = o.state(now, delay);
            if code == "3" || state.is_some_and(|s| s != code) {
                return None;
            }
            let mut row = base_row(o, code);
            row["earningData"] = json!([{"ccy": o.product.ccy, "earningType": "0", "earnings": "0"}]);
            row["fastRedemptionData"] = json!([]);
            let settles = match o.phase {
                Phase::Redeeming { since } => since.saturating_add(delay).to_string(),
                _ => String::new(),
            };
            row["cancelRedemptionDeadline"] = json!(settles);
            row["estSettlementTime"] = json!(settles);
            Some(row)
        })
        .collect();
    Ok(Value::Array(rows))
}

/// `GET orders-history`: completed orders (state `3`), newest first, `after`/`before` on `ordId`.
pub(crate) fn orders_history(call: &mut Call<'_>) -> Result<Value, OkxError> {
    let after = call.params.opt_u64("after")?;
    let before = call.params.opt_u64("before")?;
    let limit = limit(call.params)?;
    let rows = filtered(call)?
        .filter_map(|o| match o.phase {
            Phase::Completed { at } => Some((o, at)),
            _ => None,
        })
        .filter(|(o, _)| after.is_none_or(|a| o.ord_id < a) && before.is_none_or(|b| o.ord_id > b))
        .take(limit)
        .map(|(o, at)| {
            let mut row = base_row(o, "3");
            row["earningData"] = json!([{"ccy": o.product.ccy, "earningType": "0", "realizedEarnings": "0"}]);
            row["redeemedTime"] = json!(at.to_string());
            row
        })
        .collect();
    Ok(Value::Array(rows))
}
