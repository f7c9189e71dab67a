//! [`Position`]: what is held in a product.

use serde::{Deserialize, Serialize};

use crate::{Amount, Asset, ProductId, Quantity, UsdValue, VenueId};

/// A quantity of one asset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssetQuantity {
    /// The asset.
    pub asset: Asset,
    /// How much of it.
    pub amount: Quantity,
    /// Valuation in USD, when the venue gives one.
    pub value_usd: Option<UsdValue>,
}

impl AssetQuantity {
    /// An exact decimal quantity with no valuation.
    pub fn new(asset: Asset, amount: impl Into<Quantity>) -> Self {
        AssetQuantity { asset, amount: amount.into(), value_usd: None }
    }
}

/// A holding in one product.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Position {
    /// Venue holding it.
    pub venue: VenueId,
    /// Product it is in.
    pub product: ProductId,
    /// Asset held.
    pub asset: Asset,
    /// Amount still in the product (earning). Excludes [`pending_redemption`](Self::pending_redemption):
    /// the two add up to everything the venue holds for you here.
    pub amount: Quantity,
    /// Amount with a redemption in flight: left the product, not yet credited back.
    pub pending_redemption: Option<Amount>,
    /// Venue's position id, where redemptions must name it (Bybit OnChain).
    pub position_id: Option<String>,
    /// Rewards accrued and not yet paid, by asset.
    pub rewards: Vec<AssetQuantity>,
    /// Valuation in USD, when the venue gives one.
    pub value_usd: Option<UsdValue>,
}

impl Position {
    /// A position with the required fields and nothing else.
    pub fn new(venue: VenueId, product: ProductId, asset: Asset, amount: impl Into<Quantity>) -> Self {
        Position {
            venue,
            product,
            asset,
            amount: amount.into(),
            pending_redemption: None,
            position_id: None,
            rewards: Vec::new(),
            value_usd: None,
        }
    }
}
