//! Translation from Bybit's records to earn-core's shared vocabulary.

use std::time::Duration;

use earn_core::{
    Amount, AmountRules, Asset, AssetQuantity, ClientOrderId, Order, OrderId, OrderSide, OrderStatus, Position,
    Product, ProductKind, ProductStatus, RedemptionDelay,
};

use crate::fixed_saving::{FixedOrder, FixedPosition, FixedProduct};
use crate::{
    EarnCategory, EarnOrder, EarnPosition, EarnProduct, FixedCategory, FixedOrderStatus, FixedOrderType,
    FixedProductStatus, OrderStatusText, OrderType, ProductDuration, ProductStatusText, VENUE,
};

/// FlexibleSaving principal redemption may take up to 48 h when loan demand is high.
pub(crate) const FLEXIBLE_MAX_DELAY: Duration = Duration::from_secs(48 * 3600);

pub(crate) fn easy_product(p: &EarnProduct) -> Product {
    let kind = if p.category == EarnCategory::OnChain { ProductKind::OnChain } else { ProductKind::Flexible };
    let mut out = Product::new(VENUE, format!("{}:{}", p.category, p.product_id).into(), p.coin.as_str().into(), kind);
    let mut name = format!("Bybit {} {}", p.category, p.coin);
    if p.duration == Some(ProductDuration::Fixed) {
        name.push_str(&format!(" fixed {} days", p.term.unwrap_or(0)));
    }
    if p.is_lst() {
        name.push_str(&format!(" (LST {})", p.swap_coin.as_deref().unwrap_or_default()));
    }
    out.name = Some(name);
    out.apr = p.estimate_apr.as_ref().and_then(|a| a.rate());
    out.rules = p.stake_rules();
    out.redemption_delay = match p.category {
        EarnCategory::FlexibleSaving => Some(RedemptionDelay { min: Duration::ZERO, max: FLEXIBLE_MAX_DELAY }),
        _ => p
            .redeem_processing_minute
            .and_then(|m| u64::try_from(m).ok())
            .map(|m| RedemptionDelay::fixed(Duration::from_secs(m * 60))),
    };
    out.status = match p.status {
        ProductStatusText::Available => ProductStatus::Available,
        _ => ProductStatus::Suspended,
    };
    out
}

pub(crate) fn fixed_product(p: &FixedProduct) -> Product {
    let kind = ProductKind::Locked { term_days: p.term_days().unwrap_or(0) };
    let mut out = Product::new(VENUE, format!("{}:{}", p.category, p.product_id).into(), p.coin.as_str().into(), kind);
    out.name = Some(format!("Bybit {} {} {}", p.category, p.coin, p.duration.as_deref().unwrap_or_default()));
    let apy = p.interest_coin_apy_list.iter().find(|a| a.coin.as_deref() == Some(p.coin.as_str()));
    out.apr = apy.or(p.interest_coin_apy_list.first()).and_then(|a| a.apy.as_ref()).and_then(|a| a.rate());
    out.rules = AmountRules { min: p.min_stake_amount, max: p.max_stake_amount, precision: p.precision };
    // Settles at maturity; early redemption (FundPool) is on the typed client only.
    out.redemption_allowed = false;
    out.status = match p.status {
        Some(FixedProductStatus::Available) => ProductStatus::Available,
        Some(FixedProductStatus::SoldOut) => ProductStatus::SoldOut,
        _ => ProductStatus::Suspended,
    };
    out
}

pub(crate) fn easy_position(category: &EarnCategory, p: &EarnPosition) -> Position {
    let asset = Asset::from(p.coin.as_str());
    let mut out = Position::new(VENUE, format!("{category}:{}", p.product_id).into(), asset.clone(), p.amount);
    // Only OnChain redemptions name a position; elsewhere the id would be noise callers
    // might pass back (Position::position_id is "where redemptions must name it").
    if *category == EarnCategory::OnChain {
        out.position_id = p.id.clone();
    }
    if let Some(y) = p.claimable_yield.filter(|y| !y.is_zero()) {
        out.rewards.push(AssetQuantity::new(asset.clone(), y));
    }
    if let Some(pnl) = p.total_pnl.and_then(Amount::new).filter(|a| !a.is_zero()) {
        out.rewards.push(AssetQuantity::new(asset, pnl));
    }
    out
}

pub(crate) fn fixed_position(p: &FixedPosition) -> Position {
    let category = p.category.clone().unwrap_or(FixedCategory::FixedTermSaving);
    let mut out = Position::new(VENUE, format!("{category}:{}", p.product_id).into(), p.coin.as_str().into(), p.amount);
    out.position_id = Some(p.position_id.clone());
    if p.status.as_deref() == Some("EarlyRedemptionProcessing") {
        out.pending_redemption = Some(p.amount);
    }
    out
}

pub(crate) fn easy_order(category: &EarnCategory, o: &EarnOrder) -> Order {
    let side = if o.order_type == OrderType::Redeem { OrderSide::Redeem } else { OrderSide::Stake };
    let status = match o.status {
        OrderStatusText::Success => OrderStatus::Succeeded,
        OrderStatusText::Fail => OrderStatus::Failed,
        _ => OrderStatus::Pending,
    };
    let mut out = Order::new(
        VENUE,
        OrderId::new(o.order_id.as_str()),
        format!("{category}:{}", o.product_id).into(),
        o.coin.as_str().into(),
        side,
        o.order_value,
        status,
        o.status.as_str(),
    );
    out.client_id = o.order_link_id.as_deref().map(ClientOrderId::from);
    out.created_at = o.created_at;
    out.settles_at = if side == OrderSide::Redeem { o.estimate_redeem_time } else { o.estimate_stake_time };
    out
}

pub(crate) fn fixed_order(default_category: &FixedCategory, o: &FixedOrder) -> Order {
    let side = if o.order_type == Some(FixedOrderType::Redeem) { OrderSide::Redeem } else { OrderSide::Stake };
    let status = match o.status {
        FixedOrderStatus::Active | FixedOrderStatus::Complete => OrderStatus::Succeeded,
        FixedOrderStatus::Failed => OrderStatus::Failed,
        _ => OrderStatus::Pending,
    };
    let category = o.category.clone().unwrap_or_else(|| default_category.clone());
    let mut out = Order::new(
        VENUE,
        OrderId::new(o.order_id.as_str()),
        format!("{category}:{}", o.product_id).into(),
        o.coin.as_str().into(),
        side,
        o.amount.unwrap_or(Amount::ZERO),
        status,
        o.status.as_str(),
    );
    out.client_id = o.order_link_id.as_deref().map(ClientOrderId::from);
    out.created_at = o.created_at;
    out
}
