//! `positions()`: BETH/OKSOL held in ETH/SOL staking, every active on-chain earn order, and
//! what is in Simple Earn Flexible (savings).
//!
//! A position's amount excludes what is on its way out, which is reported as
//! `pending_redemption`. A savings position is savings `amt` (lent plus waiting to be lent);
//! its `earnings` are not listed as unpaid rewards, because OKX's documented example shows
//! them already inside `amt` (whether they always are is undocumented).

use earn_core::{Amount, AssetQuantity, Error, Position, Result};

use super::orders::{onchain_invested, staking_rows};
use super::products::{onchain_product_id, savings_product_id, staking_product_id};
use crate::api::onchain::{GetActiveOrders, OnchainOrderState};
use crate::api::savings::{GetSavingsBalance, SavingsBalance};
use crate::api::staking::{GetBalance, GetPurchaseRedeemHistory, HistoryStatus, HistoryType, StakingCoin};
use crate::client::OkxStakingClient;
use crate::dialect::VENUE;

/// BETH/OKSOL held in ETH/SOL staking.
#[derive(Clone, Copy, Debug)]
pub(crate) struct StakingHolding {
    /// `balance`: everything held, including amounts being redeemed.
    pub total: Amount,
    /// Pending redemptions.
    pub redeeming: Amount,
}

impl StakingHolding {
    /// What is not being redeemed yet: `total - redeeming` (zero if OKX's rows disagree).
    pub fn free(&self) -> Amount {
        self.total.checked_sub(self.redeeming).unwrap_or(Amount::ZERO)
    }
}

/// BETH/OKSOL held: `balance` (which already includes amounts being redeemed) and the sum
/// of pending redemption rows (`redeemingAmt`, else `amt`); `None` when nothing is held.
pub(crate) async fn staking_holding(client: &OkxStakingClient, coin: StakingCoin) -> Result<Option<StakingHolding>> {
    let balances = client.send(&GetBalance::new(coin)).await?;
    let Some(total) = balances.iter().filter_map(|b| b.amt).find(|a| !a.is_zero()) else { return Ok(None) };
    let q = GetPurchaseRedeemHistory::new(coin).r#type(HistoryType::Redeem).status(HistoryStatus::Pending);
    let pending = staking_rows(client, q).await?;
    let redeeming = pending.iter().filter_map(|r| r.redeeming_amt.or(r.amt)).try_fold(Amount::ZERO, |a, b| {
        a.checked_add(b).ok_or_else(|| {
            let sum = format!("{a} + {b}");
            Error::decode(VENUE, "purchase-redeem-history", "the sum of pending redemptions overflows", sum.as_bytes())
        })
    })?;
    Ok(Some(StakingHolding { total, redeeming }))
}

/// The savings row of `ccy`, if anything is (or was) in savings.
pub(crate) async fn savings_row(client: &OkxStakingClient, ccy: &str) -> Result<Option<SavingsBalance>> {
    let rows = client.send(&GetSavingsBalance::new().ccy(ccy)).await?;
    Ok(rows.into_iter().find(|r| r.ccy.eq_ignore_ascii_case(ccy)))
}

/// `EarnVenue::positions`: ETH, SOL, one position per active on-chain earn order, then one
/// per currency in savings.
pub(crate) async fn positions(client: &OkxStakingClient) -> Result<Vec<Position>> {
    let mut out = Vec::new();
    for coin in StakingCoin::ALL {
        if let Some(h) = staking_holding(client, coin).await? {
            let mut p = Position::new(VENUE, staking_product_id(coin).into(), coin.token().into(), h.free());
            p.pending_redemption = (!h.redeeming.is_zero()).then_some(h.redeeming);
            out.push(p);
        }
    }
    for o in client.send(&GetActiveOrders::new()).await? {
        let Some((asset, amount)) = onchain_invested(&o) else { continue };
        let fast = o.fast_redemption_data.iter().filter_map(|f| f.redeeming_amt).find(|a| !a.is_zero());
        let pending = if o.state == Some(OnchainOrderState::Redeeming) { Some(amount) } else { fast };
        let earning = amount.checked_sub(pending.unwrap_or(Amount::ZERO)).unwrap_or(Amount::ZERO);
        let mut p = Position::new(VENUE, onchain_product_id(&o.product_id), asset, earning);
        p.position_id = Some(o.ord_id.clone());
        p.pending_redemption = pending;
        p.rewards = o
            .earning_data
            .iter()
            .filter_map(|e| e.earnings.map(|a| AssetQuantity::new(e.ccy.as_str().into(), a)))
            .collect();
        out.push(p);
    }
    for row in client.send(&GetSavingsBalance::new()).await? {
        let Some(amount) = row.amt.filter(|a| !a.is_zero()) else { continue };
        if row.ccy.is_empty() {
            continue;
        }
        out.push(Position::new(VENUE, savings_product_id(&row.ccy), row.ccy.as_str().into(), amount));
    }
    Ok(out)
}
