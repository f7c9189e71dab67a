//! [`BybitProductId`]: the adapter's `ProductId` text, `"<category>:<productId>"`.

use std::fmt;

use earn_core::{Error, ProductId, Result};

use crate::validate::check_id;
use crate::{EarnCategory, FixedCategory};

/// A Bybit product as the adapter names it: `"FlexibleSaving:430"`, `"OnChain:8"`,
/// `"FixedTermSaving:1001"` (also `"FundPool:…"`, `"FundPoolPremium:…"`).
///
/// ```
/// use bybit_earn::{BybitProductId, EarnCategory};
/// let id = BybitProductId::parse(&"FlexibleSaving:430".into()).unwrap();
/// assert_eq!(id, BybitProductId::Easy { category: EarnCategory::FlexibleSaving, product_id: "430".into() });
/// assert_eq!(id.to_string(), "FlexibleSaving:430");
/// assert!(BybitProductId::parse(&"430".into()).is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum BybitProductId {
    /// Easy & On-Chain Earn.
    Easy {
        /// `FlexibleSaving` or `OnChain`.
        category: EarnCategory,
        /// Bybit `productId`.
        product_id: String,
    },
    /// Fixed Saving.
    Fixed {
        /// `FixedTermSaving`, `FundPool` or `FundPoolPremium`.
        category: FixedCategory,
        /// Bybit `productId`.
        product_id: String,
    },
}

impl BybitProductId {
    /// Parses the adapter's product id text.
    pub fn parse(id: &ProductId) -> Result<Self> {
        let bad = || Error::invalid_input("product", format!("{:?} is not \"<category>:<productId>\"", id.as_str()));
        let (cat, pid) = id.as_str().split_once(':').ok_or_else(bad)?;
        check_id("product", pid)?;
        let product_id = pid.to_owned();
        let easy: EarnCategory = cat.parse().unwrap_or_else(|n| match n {});
        if easy.is_known() {
            return Ok(BybitProductId::Easy { category: easy, product_id });
        }
        let fixed: FixedCategory = cat.parse().unwrap_or_else(|n| match n {});
        if fixed.is_known() {
            return Ok(BybitProductId::Fixed { category: fixed, product_id });
        }
        Err(bad())
    }

    /// The `ProductId` text.
    pub fn to_product_id(&self) -> ProductId {
        ProductId::new(self.to_string())
    }
}

impl fmt::Display for BybitProductId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BybitProductId::Easy { category, product_id } => write!(f, "{category}:{product_id}"),
            BybitProductId::Fixed { category, product_id } => write!(f, "{category}:{product_id}"),
        }
    }
}
