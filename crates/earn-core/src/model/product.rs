//! [`Product`]: something that can be staked or subscribed, with its rules.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::{AccountId, Amount, AmountRules, Asset, ProductId, Rate, VenueId};

/// What sort of earn product this is, and so how liquid it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProductKind {
    /// Flexible savings: redeem at any time (subject to the redemption delay).
    Flexible,
    /// Locked for a fixed term: redeeming before maturity is refused, or costs what the
    /// product's terms say.
    Locked {
        /// The exact term (8 hours is not a day). JSON: whole milliseconds, `term_ms`.
        #[serde(rename = "term_ms", with = "crate::model::serde_duration::millis")]
        term: Duration,
    },
    /// Custodial on-chain staking run by the venue, redeemable (subject to the delay).
    OnChain,
    /// A non-custodial DeFi protocol position.
    DeFi,
}

impl ProductKind {
    /// A locked product of `days` whole days.
    pub const fn locked_days(days: u64) -> Self {
        ProductKind::Locked { term: Duration::from_secs(days * 86_400) }
    }

    /// The lock-up term, for a locked product.
    pub fn lock_up(&self) -> Option<Duration> {
        match self {
            ProductKind::Locked { term } => Some(*term),
            _ => None,
        }
    }
}

/// Whether a product can be subscribed now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProductStatus {
    /// Open for subscriptions.
    Available,
    /// Quota exhausted.
    SoldOut,
    /// Subscriptions suspended.
    Suspended,
}

/// How long a redemption takes to settle, as a range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RedemptionDelay {
    /// Shortest expected delay (JSON: whole milliseconds, `min_ms`).
    #[serde(rename = "min_ms", with = "crate::model::serde_duration::millis")]
    pub min: Duration,
    /// Longest expected delay (JSON: whole milliseconds, `max_ms`).
    #[serde(rename = "max_ms", with = "crate::model::serde_duration::millis")]
    pub max: Duration,
}

impl RedemptionDelay {
    /// A delay known exactly.
    pub fn fixed(d: Duration) -> Self {
        RedemptionDelay { min: d, max: d }
    }
}

/// A product on offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Product {
    /// Venue offering it.
    pub venue: VenueId,
    /// Adapter-level id, passed back in requests.
    pub id: ProductId,
    /// Asset staked or subscribed.
    pub asset: Asset,
    /// Human-readable name or protocol, when the venue gives one.
    pub name: Option<String>,
    /// What kind of product.
    pub kind: ProductKind,
    /// Simple yearly rate (APR), when the venue publishes one. Never derived from an APY.
    pub apr: Option<Rate>,
    /// Compounded yearly yield (APY), when the venue publishes one. Never derived from an APR.
    #[serde(default)]
    pub apy: Option<Rate>,
    /// Amount limits checked before any stake.
    pub rules: AmountRules,
    /// Expected redemption delay, when published.
    pub redemption_delay: Option<RedemptionDelay>,
    /// Whether redemption is currently allowed.
    pub redemption_allowed: bool,
    /// Subscription status.
    pub status: ProductStatus,
    /// What is left to subscribe, overall and per user, where the venue says.
    #[serde(default)]
    pub quota: Quota,
    /// The account a stake draws on, where the venue has accounts.
    #[serde(default)]
    pub draws_from: Option<AccountId>,
    /// The account a redemption pays back to by default.
    #[serde(default)]
    pub pays_to: Option<AccountId>,
}

/// How much of a product is left to subscribe.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Quota {
    /// What the product as a whole can still take.
    pub remaining: Option<Amount>,
    /// The most one user may hold or subscribe.
    pub per_user_max: Option<Amount>,
    /// What this user can still subscribe (after their holdings), where the venue says.
    pub user_remaining: Option<Amount>,
}

impl Product {
    /// A product with the required fields; optional ones empty, redemption allowed, available.
    pub fn new(venue: VenueId, id: ProductId, asset: Asset, kind: ProductKind) -> Self {
        Product {
            venue,
            id,
            asset,
            name: None,
            kind,
            apr: None,
            rules: AmountRules::default(),
            redemption_delay: None,
            redemption_allowed: true,
            status: ProductStatus::Available,
            apy: None,
            quota: Quota::default(),
            draws_from: None,
            pays_to: None,
        }
    }
}

/// Which products to list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProductFilter {
    /// Only products for this asset.
    pub asset: Option<Asset>,
}

impl ProductFilter {
    /// Every product.
    pub fn all() -> Self {
        Self::default()
    }

    /// Products of one asset.
    pub fn asset(asset: impl Into<Asset>) -> Self {
        ProductFilter { asset: Some(asset.into()) }
    }

    /// Whether `asset` passes the filter (case-insensitive).
    pub fn matches_asset(&self, asset: &Asset) -> bool {
        self.asset.as_ref().is_none_or(|a| a.as_str().eq_ignore_ascii_case(asset.as_str()))
    }
}
