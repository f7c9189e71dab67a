//! Translation from OKX rows to earn-core's shared vocabulary (products, orders, positions).

use std::time::Duration;

use earn_core::{
    Amount, AmountRules, Asset, ClientOrderId, Order, OrderSide, OrderStatus, Product, ProductId, ProductKind,
    ProductStatus, Rate, RedemptionDelay,
};

use crate::onchain::{Offer, OfferState, OnchainOrder, OnchainOrderState};
use crate::staking::{HistoryRow, HistoryStatus, HistoryType, StakingCoin, StakingProductInfo};
use crate::wire::AMOUNT_MAX_DECIMALS;
use crate::{VENUE, ids};

const DAY: Duration = Duration::from_secs(86_400);

/// ETH or SOL staking as a product.
pub(crate) fn staking_product(coin: StakingCoin, info: &StakingProductInfo, apr: Option<Rate>) -> Product {
    let mut p = Product::new(VENUE, coin.product_id().into(), coin.asset().into(), ProductKind::OnChain);
    p.name = Some(format!("{} staking ({})", coin.asset(), coin.token()));
    p.apr = apr;
    p.rules = staking_rules(info.min_amt);
    p.redemption_delay = staking_delay(info);
    p
}

/// The standard ETH/SOL redemption period: product-info's `redemptDays`.
pub(crate) fn staking_delay(info: &StakingProductInfo) -> Option<RedemptionDelay> {
    info.redempt_days.map(|d| RedemptionDelay::fixed(DAY * d))
}

/// Stake rules of ETH/SOL: OKX's `minAmt`, no maximum, 8 decimals.
pub(crate) fn staking_rules(min: Option<Amount>) -> AmountRules {
    AmountRules { min, max: None, precision: Some(AMOUNT_MAX_DECIMALS) }
}

/// An on-chain earn offer as a product (`onchain:<productId>`).
///
/// Rules come from the `investData` entry of the offer's currency; a `maxAmt` of `0` is read
/// as "no published maximum" (OKX rejects over-limit purchases with `51728` itself).
pub(crate) fn onchain_product(offer: &Offer) -> Product {
    let term = offer.term.unwrap_or(0);
    let kind = if term > 0 { ProductKind::Locked { term_days: term } } else { ProductKind::OnChain };
    let mut p = Product::new(VENUE, ids::onchain_product_id(&offer.product_id).into(), offer.ccy.as_str().into(), kind);
    p.name = (!offer.protocol.is_empty()).then(|| offer.protocol.clone());
    p.apr = offer.apy;
    let invest =
        offer.invest_data.iter().find(|d| d.ccy.eq_ignore_ascii_case(&offer.ccy)).or(offer.invest_data.first());
    p.rules = AmountRules {
        min: invest.and_then(|d| d.min_amt),
        max: invest.and_then(|d| d.max_amt).filter(|m| !m.is_zero()),
        precision: Some(AMOUNT_MAX_DECIMALS),
    };
    p.redemption_delay = redeem_period(&offer.redeem_period);
    p.redemption_allowed = term == 0 || offer.early_redeem == Some(true);
    p.status = match &offer.state {
        Some(OfferState::Purchasable) => ProductStatus::Available,
        Some(OfferState::SoldOut) => ProductStatus::SoldOut,
        _ => ProductStatus::Suspended,
    };
    p
}

/// `["1H","24H"]` → 1 h to 24 h; `["14D","14D"]` → 14 days.
pub(crate) fn redeem_period(period: &[String]) -> Option<RedemptionDelay> {
    let parse = |s: &String| -> Option<Duration> {
        let (n, unit) = s.split_at(s.len().checked_sub(1)?);
        let n: u32 = n.parse().ok()?;
        match unit {
            "H" | "h" => Some(Duration::from_secs(3600) * n),
            "D" | "d" => Some(DAY * n),
            _ => None,
        }
    };
    match period {
        [min, max] => Some(RedemptionDelay { min: parse(min)?, max: parse(max)? }),
        [one] => parse(one).map(RedemptionDelay::fixed),
        _ => None,
    }
}

/// A purchase-redeem-history row as an order; `None` when the row lacks type, amount or time.
///
/// The id is `eth:<ordId>` when OKX gives an `ordId`, else synthesized from type, request
/// time and amount (always for SOL). A purchase moves ETH/SOL, a redemption BETH/OKSOL.
pub(crate) fn staking_order(coin: StakingCoin, row: &HistoryRow) -> Option<Order> {
    let ty = row.r#type.clone()?;
    let amt = row.amt?;
    let requested = row.request_time?;
    let id = if row.ord_id.is_empty() {
        ids::staking_row_id(coin, &ty, requested, amt)
    } else {
        ids::staking_order_id(coin, &row.ord_id)
    };
    let (side, asset) = match ty {
        HistoryType::Redeem => (OrderSide::Redeem, coin.token()),
        _ => (OrderSide::Stake, coin.asset()),
    };
    let status = match &row.status {
        Some(HistoryStatus::Success) => OrderStatus::Succeeded,
        Some(HistoryStatus::Failed) => OrderStatus::Failed,
        Some(HistoryStatus::Cancelled) => OrderStatus::Cancelled,
        _ => OrderStatus::Pending,
    };
    let venue_status = row.status.as_ref().map(|s| s.as_str().to_owned()).unwrap_or_default();
    let mut o = Order::new(VENUE, id, coin.product_id().into(), asset.into(), side, amt, status, venue_status);
    o.created_at = Some(requested);
    o.settles_at = row.completed_time.or(row.est_completed_time);
    Some(o)
}

/// An order OKX accepted (`code 0`) whose history row has not appeared yet.
pub(crate) fn accepted_staking_order(
    coin: StakingCoin,
    ty: &HistoryType,
    sent_at: earn_core::UnixMillis,
    amt: Amount,
) -> Order {
    let (side, asset) = match ty {
        HistoryType::Redeem => (OrderSide::Redeem, coin.token()),
        _ => (OrderSide::Stake, coin.asset()),
    };
    let id = ids::staking_accepted_id(coin, ty, sent_at, amt);
    let status = "accepted; not in purchase-redeem-history yet";
    let mut o = Order::new(VENUE, id, coin.product_id().into(), asset.into(), side, amt, OrderStatus::Pending, status);
    o.created_at = Some(sent_at);
    o
}

/// The currency and amount an on-chain earn order invested (its first `investData` entry).
pub(crate) fn onchain_invested(o: &OnchainOrder) -> Option<(Asset, Amount)> {
    let d = o.invest_data.first()?;
    let ccy = if d.ccy.is_empty() { o.ccy.as_str() } else { d.ccy.as_str() };
    Some((ccy.into(), d.amt?))
}

/// An on-chain earn order in the shared vocabulary.
///
/// States `8`/`9`/`13`/`1` are the subscription (`1` earning = succeeded); `2` is a
/// redemption in flight; `3` (history) a completed order, reported as a succeeded
/// redemption because OKX does not say whether it was redeemed or cancelled.
pub(crate) fn onchain_order(o: &OnchainOrder) -> Option<Order> {
    let (asset, amount) = onchain_invested(o)?;
    let state = o.state.clone()?;
    let (side, status) = match state {
        OnchainOrderState::Earning => (OrderSide::Stake, OrderStatus::Succeeded),
        OnchainOrderState::Redeeming => (OrderSide::Redeem, OrderStatus::Pending),
        OnchainOrderState::Completed => (OrderSide::Redeem, OrderStatus::Succeeded),
        _ => (OrderSide::Stake, OrderStatus::Pending),
    };
    let product = ProductId::new(ids::onchain_product_id(&o.product_id));
    let id = ids::onchain_order_id(&o.ord_id);
    let mut order = Order::new(VENUE, id, product, asset, side, amount, status, state.as_str());
    order.client_id = (!o.tag.is_empty()).then(|| ClientOrderId::new(o.tag.clone()));
    order.created_at = o.purchased_time;
    order.settles_at = o.est_settlement_time.or(o.redeemed_time);
    Some(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redeem_periods() {
        let p = redeem_period(&["1H".into(), "24H".into()]).unwrap();
        assert_eq!(p.min, Duration::from_secs(3600));
        assert_eq!(p.max, DAY);
        assert_eq!(redeem_period(&["14D".into(), "14D".into()]).unwrap(), RedemptionDelay::fixed(DAY * 14));
        assert_eq!(redeem_period(&["x".into(), "1D".into()]), None);
        assert_eq!(redeem_period(&[]), None);
    }

    #[test]
    fn sol_rows_get_a_stable_synthesized_id() {
        let row: HistoryRow = serde_json::from_str(r#"{"amt":"0.62666630","completedTime":"1683413171000","estCompletedTime":"","redeemingAmt":"","requestTime":"1683413171000","status":"success","type":"purchase"}"#).unwrap();
        let o = staking_order(StakingCoin::Sol, &row).unwrap();
        assert_eq!(o.id.as_str(), "sol:purchase:1683413171000:0.6266663");
        assert_eq!(o.status, OrderStatus::Succeeded);
        assert_eq!(o.asset.as_str(), "SOL");
        assert_eq!(staking_order(StakingCoin::Sol, &row).unwrap().id, o.id);
    }
}
