//! `positions()`: Easy Earn and Fixed Saving holdings, with the amounts in flight.

use std::collections::HashMap;

use earn_core::{Amount, Asset, AssetQuantity, Position, Result};

use super::BybitEarnVenue;
use super::products::{BybitProductId, easy_id, fixed_id};
use crate::VENUE;
use crate::api::easy_earn::{EarnCategory, EarnPosition, GetOrderHistory, GetPositions, OrderStatusText, OrderType};
use crate::api::fixed_saving::{FixedCategory, FixedPosition, GetFixedPositions};

/// Pages of FlexibleSaving order history read for pending redemptions.
const PENDING_SCAN_PAGES: u32 = 10;

impl BybitEarnVenue {
    /// Every live position: FlexibleSaving (fully redeemed rows dropped), OnChain (plus
    /// redemptions in flight whose position Bybit no longer lists) and Fixed Saving.
    pub(super) async fn list_positions(&self) -> Result<Vec<Position>> {
        let mut out = Vec::new();
        let pending = self.pending_flexible_redemptions().await?;
        let mut onchain_pending = self.onchain_in_flight().await?;
        for category in [EarnCategory::FlexibleSaving, EarnCategory::OnChain] {
            for p in self.client.send(&GetPositions::new(category.clone())).await?.list {
                let mut pos = easy_position(&category, &p);
                pos.pending_redemption = match category {
                    EarnCategory::FlexibleSaving => pending.get(&p.product_id).copied(),
                    _ => onchain_pending.remove(&pos.product),
                };
                // FlexibleSaving also lists fully redeemed positions: keep only live ones.
                if !pos.amount.is_zero() || pos.pending_redemption.is_some() || !pos.rewards.is_empty() {
                    out.push(pos);
                }
            }
        }
        // Redemptions in flight whose position Bybit no longer lists (fully redeemed).
        for (product, amount) in onchain_pending {
            let asset = match BybitProductId::parse(&product)? {
                BybitProductId::Easy { category, product_id } => self.easy_product(&category, &product_id).await?.coin,
                BybitProductId::Fixed { .. } => continue,
            };
            let mut pos = Position::new(VENUE, product, asset.as_str().into(), Amount::ZERO);
            pos.pending_redemption = Some(amount);
            out.push(pos);
        }
        out.extend(self.client.send(&GetFixedPositions::new()).await?.list.iter().map(fixed_position));
        Ok(out)
    }

    /// The positions Bybit lists for one Easy Earn product (reads only).
    pub(super) async fn product_positions(
        &self,
        category: &EarnCategory,
        product_id: &str,
    ) -> Result<Vec<EarnPosition>> {
        Ok(self.client.send(&GetPositions::new(category.clone()).product_id(product_id)).await?.list)
    }

    /// Redeem orders of FlexibleSaving still `Pending`, summed per Bybit product id.
    async fn pending_flexible_redemptions(&self) -> Result<HashMap<String, Amount>> {
        let request = GetOrderHistory::new(EarnCategory::FlexibleSaving).limit(100);
        let mut pages = self.client.pages(request).max_pages(PENDING_SCAN_PAGES);
        let mut out: HashMap<String, Amount> = HashMap::new();
        while let Some(orders) = pages.next_page().await? {
            for o in orders.iter().filter(|o| o.order_type == OrderType::Redeem && o.status == OrderStatusText::Pending)
            {
                let sum = out.entry(o.product_id.clone()).or_default();
                *sum = sum.checked_add(o.order_value).unwrap_or(*sum);
            }
        }
        Ok(out)
    }
}

fn easy_position(category: &EarnCategory, p: &EarnPosition) -> Position {
    let asset = Asset::from(p.coin.as_str());
    let mut out = Position::new(VENUE, easy_id(category, &p.product_id), asset.clone(), p.amount);
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

fn fixed_position(p: &FixedPosition) -> Position {
    let category = p.category.clone().unwrap_or(FixedCategory::FixedTermSaving);
    let mut out = Position::new(VENUE, fixed_id(&category, &p.product_id), p.coin.as_str().into(), p.amount);
    out.position_id = Some(p.position_id.clone());
    if p.status.as_deref() == Some("EarlyRedemptionProcessing") {
        out.pending_redemption = Some(p.amount);
    }
    out
}
