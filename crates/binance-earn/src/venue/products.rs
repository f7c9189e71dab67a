//! `products()`, the adapter's product ids ([`BinanceProductId`]) and product terms.
//!
//! * Flexible (`flexible:<asset>:<productId>`): [`ProductKind::Flexible`]; APR is
//!   `latestAnnualPercentageRate` alone (the tier and airdrop rates are extras Binance adds
//!   on some tiers, not folded in); minimum `minPurchaseAmount`; 8 decimals.
//! * Locked (`locked:<asset>:<projectId>`): [`ProductKind::Locked`] with the exact lock
//!   (`detail.duration` whole days, as a `Duration`); APR `detail.apr`; minimum `quota.minimum`; per-user maximum
//!   `quota.totalPersonalQuota`. `redemption_allowed` is `false`: a locked product is not
//!   redeemable before maturity, except positions Binance marks `canRedeemEarly` (see the
//!   redemption estimate). Projects without a `duration` are skipped (their term is unknown).
//! * ETH staking (`eth-staking`) and SOL staking (`sol-staking`): [`ProductKind::OnChain`];
//!   APR from the latest rate-history point (Binance publishes an APR, never an APY);
//!   minimum, remaining quota and switches from the quota endpoint; 4 (ETH) or 8 (SOL)
//!   decimals; redemption delay `redeemPeriod` days (the unit is inferred).
//!
//! APY is never filled: none of these listings publishes one (locked positions do, per
//! position). Subscriptions draw on the adapter's source account (`SPOT` by default);
//! flexible and locked products pay back to `SPOT` (redemptions may choose `FUNDING` for
//! flexible). ETH/SOL staking: the reference does not say which wallet they use, so
//! `draws_from`/`pays_to` stay empty.

use std::fmt;
use std::time::Duration;

use earn_core::{
    AccountId, AmountRules, Error, Product, ProductFilter, ProductId, ProductKind, ProductStatus, Quota, Rate,
    RedemptionDelay, Result, UnixMillis,
};

use super::BinanceEarnVenue;
use crate::VENUE;
use crate::api::common::{DEFAULT_PRECISION, Window};
use crate::api::eth_staking::{
    ETH_STAKE_PRECISION, EthRateRow, EthStakingQuota, GetEthRateHistory, GetEthStakingQuota,
};
use crate::api::flexible::{FlexibleProduct, GetFlexibleProducts};
use crate::api::locked::{GetLockedProducts, LockedProduct};
use crate::api::simple_earn::{ProductStatusText, SourceAccount};
use crate::api::sol_staking::{
    GetBnsolRateHistory, GetSolStakingQuota, SOL_STAKE_PRECISION, SolRateRow, SolStakingQuota,
};

/// Most pages read from a product list (100 rows each).
const MAX_PRODUCT_PAGES: u32 = 20;

/// The rate-history window read for the latest ETH/SOL APR.
const RATE_LOOKBACK: Duration = Duration::from_secs(7 * 24 * 3600);

/// A Binance product as this adapter names it (the text of a [`ProductId`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum BinanceProductId {
    /// `flexible:<asset>:<productId>` (`flexible:USDT:USDT001`).
    Flexible {
        /// The asset.
        asset: String,
        /// Binance's `productId`.
        product_id: String,
    },
    /// `locked:<asset>:<projectId>` (`locked:AXS:Axs*90`).
    Locked {
        /// The asset.
        asset: String,
        /// Binance's `projectId`.
        project_id: String,
    },
    /// `eth-staking`: ETH staked for WBETH.
    EthStaking,
    /// `sol-staking`: SOL staked for BNSOL.
    SolStaking,
}

impl BinanceProductId {
    /// Reads an adapter product id; the error names the forms accepted.
    pub fn parse(id: &ProductId) -> Result<Self> {
        let text = id.as_str();
        let bad = || {
            Error::invalid_input(
                "product",
                format!(
                    "{text:?} is not a binance-earn product id (flexible:<asset>:<productId>, \
                     locked:<asset>:<projectId>, eth-staking, sol-staking)"
                ),
            )
        };
        match text {
            "eth-staking" => return Ok(BinanceProductId::EthStaking),
            "sol-staking" => return Ok(BinanceProductId::SolStaking),
            _ => {}
        }
        let mut parts = text.splitn(3, ':');
        let (Some(family), Some(asset), Some(id)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        if asset.is_empty() || id.is_empty() || !asset.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(bad());
        }
        match family {
            "flexible" => {
                crate::api::simple_earn::check_product_id("product", id)?;
                Ok(BinanceProductId::Flexible { asset: asset.to_owned(), product_id: id.to_owned() })
            }
            "locked" => {
                crate::api::simple_earn::check_project_id("product", id)?;
                Ok(BinanceProductId::Locked { asset: asset.to_owned(), project_id: id.to_owned() })
            }
            _ => Err(bad()),
        }
    }

    /// The adapter product id.
    pub fn product_id(&self) -> ProductId {
        ProductId::new(self.to_string())
    }

    /// The asset subscribed (ETH, SOL for staking).
    pub fn asset(&self) -> &str {
        match self {
            BinanceProductId::Flexible { asset, .. } | BinanceProductId::Locked { asset, .. } => asset,
            BinanceProductId::EthStaking => "ETH",
            BinanceProductId::SolStaking => "SOL",
        }
    }
}

impl fmt::Display for BinanceProductId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BinanceProductId::Flexible { asset, product_id } => write!(f, "flexible:{asset}:{product_id}"),
            BinanceProductId::Locked { asset, project_id } => write!(f, "locked:{asset}:{project_id}"),
            BinanceProductId::EthStaking => f.write_str("eth-staking"),
            BinanceProductId::SolStaking => f.write_str("sol-staking"),
        }
    }
}

/// The account a [`SourceAccount`] draws on (`None` for `ALL`: Binance does not say which
/// wallet is drawn first).
pub(super) fn source_account_id(source: SourceAccount) -> Option<AccountId> {
    match source {
        SourceAccount::Spot => Some(AccountId::new("SPOT")),
        SourceAccount::Fund => Some(AccountId::new("FUNDING")),
        SourceAccount::All => None,
    }
}

fn days(n: u32) -> Duration {
    Duration::from_secs(u64::from(n) * 86_400)
}

/// A flexible product's subscription status: sold out, suspended (not purchasable, or not
/// in `PURCHASING`), or available.
pub(super) fn flexible_status(p: &FlexibleProduct) -> ProductStatus {
    if p.is_sold_out == Some(true) {
        ProductStatus::SoldOut
    } else if p.can_purchase == Some(false) || p.status.as_ref().is_some_and(|s| *s != ProductStatusText::Purchasing) {
        ProductStatus::Suspended
    } else {
        ProductStatus::Available
    }
}

/// A locked project's subscription status.
pub(super) fn locked_status(p: &LockedProduct) -> ProductStatus {
    if p.detail.is_sold_out == Some(true) {
        ProductStatus::SoldOut
    } else if p.detail.status.as_ref().is_some_and(|s| *s != ProductStatusText::Purchasing) {
        ProductStatus::Suspended
    } else {
        ProductStatus::Available
    }
}

impl BinanceEarnVenue {
    pub(super) fn flexible_product(&self, p: &FlexibleProduct) -> Product {
        let id = BinanceProductId::Flexible { asset: p.asset.clone(), product_id: p.product_id.clone() };
        let mut out = Product::new(VENUE, id.product_id(), p.asset.as_str().into(), ProductKind::Flexible);
        out.apr = p.latest_annual_percentage_rate;
        out.rules = AmountRules { min: p.min_purchase_amount, max: None, precision: Some(DEFAULT_PRECISION) };
        out.redemption_allowed = p.can_redeem.unwrap_or(false);
        out.status = flexible_status(p);
        out.draws_from = source_account_id(self.source_account);
        out.pays_to = Some(AccountId::new("SPOT"));
        out
    }

    pub(super) fn locked_product(&self, p: &LockedProduct) -> Option<Product> {
        let term_days = p.detail.duration?;
        let asset = p.detail.asset.clone();
        let id = BinanceProductId::Locked { asset: asset.clone(), project_id: p.project_id.clone() };
        let mut out =
            Product::new(VENUE, id.product_id(), asset.into(), ProductKind::locked_days(u64::from(term_days)));
        out.name = Some(format!("{} ({term_days} days locked)", p.project_id));
        out.apr = p.detail.apr;
        out.rules = AmountRules { min: p.quota.minimum, max: None, precision: Some(DEFAULT_PRECISION) };
        let mut quota = Quota::default();
        quota.per_user_max = p.quota.total_personal_quota;
        out.quota = quota;
        out.redemption_allowed = false;
        out.status = locked_status(p);
        out.draws_from = source_account_id(self.source_account);
        out.pays_to = Some(AccountId::new("SPOT"));
        Some(out)
    }

    pub(super) fn eth_product(q: &EthStakingQuota, apr: Option<Rate>) -> Product {
        let id = BinanceProductId::EthStaking;
        let mut out = Product::new(VENUE, id.product_id(), "ETH".into(), ProductKind::OnChain);
        out.name = Some("ETH staking (WBETH)".into());
        out.apr = apr;
        out.rules = AmountRules { min: q.min_stake_amount, max: None, precision: Some(ETH_STAKE_PRECISION) };
        let mut quota = Quota::default();
        quota.user_remaining = q.left_staking_personal_quota;
        out.quota = quota;
        out.redemption_allowed = q.redeemable.unwrap_or(false);
        out.redemption_delay = q.redeem_period.map(|d| RedemptionDelay::fixed(days(d)));
        out.status = if q.stakeable == Some(false) { ProductStatus::Suspended } else { ProductStatus::Available };
        out
    }

    pub(super) fn sol_product(q: &SolStakingQuota, apr: Option<Rate>) -> Product {
        let id = BinanceProductId::SolStaking;
        let mut out = Product::new(VENUE, id.product_id(), "SOL".into(), ProductKind::OnChain);
        out.name = Some("SOL staking (BNSOL)".into());
        out.apr = apr;
        out.rules = AmountRules { min: q.min_stake_amount, max: None, precision: Some(SOL_STAKE_PRECISION) };
        let mut quota = Quota::default();
        quota.user_remaining = q.left_staking_personal_quota;
        out.quota = quota;
        out.redemption_allowed = q.redeemable.unwrap_or(false);
        out.redemption_delay = q.redeem_period.map(|d| RedemptionDelay::fixed(days(d)));
        out.status = if q.sold_out == Some(true) {
            ProductStatus::SoldOut
        } else if q.stakeable == Some(false) {
            ProductStatus::Suspended
        } else {
            ProductStatus::Available
        };
        out
    }

    /// A window of the last [`RATE_LOOKBACK`], 100 rows.
    fn rate_window(&self) -> Window {
        let now = self.client.venue_now();
        let back = i64::try_from(RATE_LOOKBACK.as_millis()).unwrap_or(i64::MAX);
        Window::between(UnixMillis(now.0 - back), now).page(1, 100)
    }

    /// The newest point of the ETH rate history of the last week (APR and exchange rate).
    pub(super) async fn latest_eth_rate(&self) -> Result<Option<EthRateRow>> {
        let rows = self.client.send(&GetEthRateHistory::new().window(self.rate_window())).await?.rows;
        Ok(rows.into_iter().filter(|r| r.time.is_some()).max_by_key(|r| r.time))
    }

    /// The newest point of the SOL rate history of the last week.
    pub(super) async fn latest_sol_rate(&self) -> Result<Option<SolRateRow>> {
        let rows = self.client.send(&GetBnsolRateHistory::new().window(self.rate_window())).await?.rows;
        Ok(rows.into_iter().filter(|r| r.time.is_some()).max_by_key(|r| r.time))
    }

    async fn flexible_products(&self, filter: &ProductFilter) -> Result<Vec<Product>> {
        let mut req = GetFlexibleProducts::new();
        if let Some(a) = &filter.asset {
            req = req.asset(a.as_str());
        }
        let rows = self.client.all_pages(req, MAX_PRODUCT_PAGES).await?.rows;
        Ok(rows.iter().filter(|p| !p.product_id.is_empty()).map(|p| self.flexible_product(p)).collect())
    }

    async fn locked_products(&self, filter: &ProductFilter) -> Result<Vec<Product>> {
        let mut req = GetLockedProducts::new();
        if let Some(a) = &filter.asset {
            req = req.asset(a.as_str());
        }
        let rows = self.client.all_pages(req, MAX_PRODUCT_PAGES).await?.rows;
        let mut out = Vec::new();
        for p in rows.iter().filter(|p| !p.project_id.is_empty()) {
            match self.locked_product(p) {
                Some(product) => out.push(product),
                None => tracing::warn!(project = %p.project_id, "locked project without a duration skipped"),
            }
        }
        Ok(out)
    }

    async fn eth_products(&self, filter: &ProductFilter) -> Result<Vec<Product>> {
        if !filter.matches_asset(&"ETH".into()) {
            return Ok(Vec::new());
        }
        let (quota, rate) = tokio::try_join!(self.client.send(&GetEthStakingQuota), self.latest_eth_rate())?;
        Ok(vec![Self::eth_product(&quota, rate.and_then(|r| r.annual_percentage_rate))])
    }

    async fn sol_products(&self, filter: &ProductFilter) -> Result<Vec<Product>> {
        if !filter.matches_asset(&"SOL".into()) {
            return Ok(Vec::new());
        }
        let (quota, rate) = tokio::try_join!(self.client.send(&GetSolStakingQuota), self.latest_sol_rate())?;
        Ok(vec![Self::sol_product(&quota, rate.and_then(|r| r.annual_percentage_rate))])
    }

    /// `EarnVenue::products`: flexible, locked, ETH and SOL staking, read concurrently.
    pub(super) async fn list_products(&self, filter: &ProductFilter) -> Result<Vec<Product>> {
        if let Some(a) = &filter.asset {
            crate::api::common::check_asset("asset", a.as_str())?;
        }
        let (flexible, locked, eth, sol) = tokio::try_join!(
            self.flexible_products(filter),
            self.locked_products(filter),
            self.eth_products(filter),
            self.sol_products(filter),
        )?;
        Ok(flexible.into_iter().chain(locked).chain(eth).chain(sol).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_ids_round_trip() {
        for text in ["flexible:USDT:USDT001", "locked:AXS:Axs*90", "eth-staking", "sol-staking"] {
            let id = BinanceProductId::parse(&ProductId::new(text)).unwrap();
            assert_eq!(id.to_string(), text);
        }
        for bad in ["flexible:USDT", "locked:AXS:a&b", "staking", "flexible:US DT:X", "savings:USDT:1"] {
            assert!(BinanceProductId::parse(&ProductId::new(bad)).is_err(), "{bad}");
        }
        assert_eq!(BinanceProductId::parse(&"locked:AXS:Axs*90".into()).unwrap().asset(), "AXS");
    }
}
