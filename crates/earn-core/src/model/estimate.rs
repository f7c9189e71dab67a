//! [`RedemptionEstimate`]: what a redemption would give back.

use serde::{Deserialize, Serialize};

use crate::{Amount, AssetQuantity, ProductId, RedemptionDelay};

/// What redeeming `amount` from `product` would give.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RedemptionEstimate {
    /// Product.
    pub product: ProductId,
    /// Amount asked about.
    pub amount: Amount,
    /// Whether the venue would accept the redemption now.
    pub allowed: bool,
    /// What would be received (principal, rewards, …).
    pub receive: Vec<AssetQuantity>,
    /// Fees charged by the venue, if any.
    pub fees: Vec<AssetQuantity>,
    /// Estimated gas limit for on-chain redemptions.
    pub gas_limit: Option<u64>,
    /// Expected settlement delay.
    pub delay: Option<RedemptionDelay>,
    /// Why the redemption is not allowed now, when it is not.
    #[serde(default)]
    pub reason: Option<String>,
    /// How much more would have to sit where the venue redeems from, when that is why.
    #[serde(default)]
    pub shortfall: Option<Amount>,
}

impl RedemptionEstimate {
    /// An estimate with no fees, gas or delay.
    pub fn new(product: ProductId, amount: Amount, allowed: bool, receive: Vec<AssetQuantity>) -> Self {
        RedemptionEstimate {
            product,
            amount,
            allowed,
            receive,
            fees: Vec::new(),
            gas_limit: None,
            delay: None,
            reason: None,
            shortfall: None,
        }
    }
}
