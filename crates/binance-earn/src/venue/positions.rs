//! `positions()`: flexible and locked holdings, WBETH/BETH and BNSOL, each with what is
//! on its way back.
//!
//! * Flexible: `totalAmount` is held; redemptions still `CREATED` (not `PAID`) in the last
//!   30 days are `pending_redemption`. The reference does not say whether `totalAmount`
//!   drops when a redemption is accepted; this adapter reads it as already excluding the
//!   redemption (as a debit at acceptance would).
//! * Locked: one position per `positionId` (named in `position_id`); `redeemingAmt` is
//!   pending and taken out of `amount` (`amount` is read as the locked principal).
//! * ETH: WBETH (`position_id` `None`) and legacy BETH (`position_id` `"BETH"`), each with
//!   its `PENDING` redemptions of the last 30 days as pending.
//! * SOL: BNSOL, with its `PENDING` redemptions.
//!
//! Rewards are not reported: Binance pays them as they accrue.

use std::collections::HashMap;

use earn_core::{Amount, Asset, Position, Result};

use super::BinanceEarnVenue;
use super::products::BinanceProductId;
use crate::VENUE;
use crate::api::eth_staking::{GetEthRedemptionHistory, GetEthStakingAccount, StakingStatus};
use crate::api::flexible::{GetFlexiblePositions, GetFlexibleRedemptionRecord};
use crate::api::locked::GetLockedPositions;
use crate::api::simple_earn::RedemptionStatus;
use crate::api::sol_staking::{GetSolRedemptionHistory, GetSolStakingAccount};

/// Most pages read from a position or history list (100 rows each).
pub(super) const MAX_PAGES: u32 = 10;

fn add(sum: &mut Amount, a: Amount) {
    *sum = sum.checked_add(a).unwrap_or(*sum);
}

fn position(product: &BinanceProductId, asset: &str, amount: Amount, pending: Option<Amount>) -> Position {
    let mut p = Position::new(VENUE, product.product_id(), Asset::new(asset), amount);
    p.pending_redemption = pending.filter(|a| !a.is_zero());
    p
}

impl BinanceEarnVenue {
    async fn flexible_positions(&self) -> Result<Vec<Position>> {
        let (held, redemptions) = tokio::try_join!(
            self.client.all_pages(GetFlexiblePositions::new(), MAX_PAGES),
            self.client.all_pages(GetFlexibleRedemptionRecord::new(), MAX_PAGES),
        )?;
        let mut pending: HashMap<String, Amount> = HashMap::new();
        for r in redemptions.rows.iter().filter(|r| r.status == Some(RedemptionStatus::Created)) {
            if let (Some(id), Some(a)) = (&r.product_id, r.amount) {
                add(pending.entry(id.clone()).or_default(), a);
            }
        }
        let mut out = Vec::new();
        for row in held.rows.iter().filter(|r| !r.product_id.is_empty()) {
            let id = BinanceProductId::Flexible { asset: row.asset.clone(), product_id: row.product_id.clone() };
            let amount = row.total_amount.unwrap_or(Amount::ZERO);
            let waiting = pending.remove(&row.product_id);
            if amount.is_zero() && waiting.is_none() {
                continue;
            }
            out.push(position(&id, &row.asset, amount, waiting));
        }
        // Redemptions in flight of a product no longer listed (fully redeemed).
        for (product_id, amount) in pending {
            if let Some(r) = redemptions.rows.iter().find(|r| r.product_id.as_deref() == Some(product_id.as_str())) {
                let id = BinanceProductId::Flexible { asset: r.asset.clone(), product_id };
                out.push(position(&id, &r.asset, Amount::ZERO, Some(amount)));
            }
        }
        Ok(out)
    }

    async fn locked_positions(&self) -> Result<Vec<Position>> {
        let rows = self.client.all_pages(GetLockedPositions::new(), MAX_PAGES).await?.rows;
        Ok(rows
            .iter()
            .filter(|r| !r.project_id.is_empty())
            .map(|r| {
                let id = BinanceProductId::Locked { asset: r.asset.clone(), project_id: r.project_id.clone() };
                let total = r.amount.unwrap_or(Amount::ZERO);
                let redeeming = r.redeeming_amt.filter(|a| !a.is_zero());
                let held = redeeming.and_then(|p| total.checked_sub(p)).unwrap_or(total);
                let mut p = position(&id, &r.asset, held, redeeming);
                p.position_id = (!r.position_id.is_empty()).then(|| r.position_id.clone());
                p
            })
            .collect())
    }

    async fn eth_positions(&self) -> Result<Vec<Position>> {
        let (account, redemptions) = tokio::try_join!(
            self.client.send(&GetEthStakingAccount),
            self.client.all_pages(GetEthRedemptionHistory::new(), MAX_PAGES),
        )?;
        let mut pending: HashMap<String, Amount> = HashMap::new();
        for r in redemptions.rows.iter().filter(|r| r.status == Some(StakingStatus::Pending)) {
            if let Some(a) = r.amount {
                add(pending.entry(r.asset.to_ascii_uppercase()).or_default(), a);
            }
        }
        let id = BinanceProductId::EthStaking;
        let mut out = Vec::new();
        for (asset, amount, position_id) in
            [("WBETH", account.holdings.wbeth_amount, None), ("BETH", account.holdings.beth_amount, Some("BETH"))]
        {
            let amount = amount.unwrap_or(Amount::ZERO);
            let waiting = pending.get(asset).copied();
            if amount.is_zero() && waiting.is_none() {
                continue;
            }
            let mut p = position(&id, asset, amount, waiting);
            p.position_id = position_id.map(str::to_owned);
            out.push(p);
        }
        Ok(out)
    }

    async fn sol_positions(&self) -> Result<Vec<Position>> {
        let (account, redemptions) = tokio::try_join!(
            self.client.send(&GetSolStakingAccount),
            self.client.all_pages(GetSolRedemptionHistory::new(), MAX_PAGES),
        )?;
        let mut waiting = Amount::ZERO;
        for r in redemptions.rows.iter().filter(|r| r.status == Some(StakingStatus::Pending)) {
            if let Some(a) = r.amount {
                add(&mut waiting, a);
            }
        }
        let amount = account.bnsol_amount.unwrap_or(Amount::ZERO);
        if amount.is_zero() && waiting.is_zero() {
            return Ok(Vec::new());
        }
        Ok(vec![position(&BinanceProductId::SolStaking, "BNSOL", amount, Some(waiting))])
    }

    /// `EarnVenue::positions`: every family, read concurrently.
    pub(super) async fn list_positions(&self) -> Result<Vec<Position>> {
        let (flexible, locked, eth, sol) = tokio::try_join!(
            self.flexible_positions(),
            self.locked_positions(),
            self.eth_positions(),
            self.sol_positions(),
        )?;
        Ok(flexible.into_iter().chain(locked).chain(eth).chain(sol).collect())
    }
}
