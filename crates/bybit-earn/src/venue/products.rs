//! `products()`, the adapter's product ids (`"<category>:<productId>"`, written here only),
//! and each product's terms in earn-core's vocabulary.

use std::fmt;
use std::time::Duration;

use earn_core::{Error, Product, ProductFilter, ProductId, ProductKind, ProductStatus, RedemptionDelay, Result};

use super::BybitEarnVenue;
use super::accounts::{account_id, fixed_pays_to};
use crate::VENUE;
use crate::api::common::{AccountType, check_coin, check_id};
use crate::api::easy_earn::{EarnCategory, EarnProduct, GetProducts, ProductStatusText};
use crate::api::fixed_saving::{FixedCategory, FixedProduct, FixedProductStatus, GetFixedProducts};

/// FlexibleSaving principal redemption may take up to 48 h when loan demand is high.
pub(super) const FLEXIBLE_MAX_DELAY: Duration = Duration::from_secs(48 * 3600);

/// The product id of BYUSDT orders (reconciled from typed-client writes; not stakeable here).
pub(super) const TOKEN_PRODUCT: &str = "BYUSDT";

/// A Bybit product as the adapter names it: `"FlexibleSaving:430"`, `"OnChain:8"`,
/// `"FixedTermSaving:1001"` (also `"FundPool:…"`, `"FundPoolPremium:…"`).
///
/// ```
/// use bybit_earn::BybitProductId;
/// use bybit_earn::api::easy_earn::EarnCategory;
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

    /// Bybit's own `productId`.
    pub fn product_id(&self) -> &str {
        match self {
            BybitProductId::Easy { product_id, .. } | BybitProductId::Fixed { product_id, .. } => product_id,
        }
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

/// The adapter id of an Easy Earn product.
pub(super) fn easy_id(category: &EarnCategory, product_id: &str) -> ProductId {
    BybitProductId::Easy { category: category.clone(), product_id: product_id.to_owned() }.to_product_id()
}

/// The adapter id of a Fixed Saving product.
pub(super) fn fixed_id(category: &FixedCategory, product_id: &str) -> ProductId {
    BybitProductId::Fixed { category: category.clone(), product_id: product_id.to_owned() }.to_product_id()
}

/// A product as a reconciliation intent names it: the adapter's id, Bybit's own
/// `productId` (intents of the typed client, in Bybit's vocabulary), or none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum NamedProduct {
    /// `"<category>:<productId>"`.
    Adapter(BybitProductId),
    /// A bare Bybit `productId`; its category is not known.
    Venue(String),
    /// No product.
    Unnamed,
}

impl NamedProduct {
    pub(super) fn from_intent(product: Option<&ProductId>) -> Result<Self> {
        match product {
            None => Ok(NamedProduct::Unnamed),
            Some(p) if p.as_str().contains(':') => BybitProductId::parse(p).map(NamedProduct::Adapter),
            Some(p) => check_id("intent.product", p.as_str()).map(|_| NamedProduct::Venue(p.as_str().to_owned())),
        }
    }

    /// Bybit's `productId`, when named.
    pub(super) fn product_id(&self) -> Option<&str> {
        match self {
            NamedProduct::Adapter(id) => Some(id.product_id()),
            NamedProduct::Venue(id) => Some(id),
            NamedProduct::Unnamed => None,
        }
    }

    /// Whether an order of `product` (an adapter id) is of this product.
    pub(super) fn matches(&self, product: &ProductId) -> bool {
        match self {
            NamedProduct::Adapter(id) => id.to_product_id() == *product,
            // BYUSDT orders carry the bare product `BYUSDT`, not a `<category>:<id>`.
            NamedProduct::Venue(id) => {
                product.as_str() == id || BybitProductId::parse(product).is_ok_and(|p| p.product_id() == id)
            }
            NamedProduct::Unnamed => true,
        }
    }
}

impl BybitEarnVenue {
    /// FlexibleSaving, OnChain and Fixed Saving products, filtered by asset.
    pub(super) async fn list_products(&self, filter: &ProductFilter) -> Result<Vec<Product>> {
        let coin = filter.asset.as_ref().map(|a| a.as_str().to_ascii_uppercase());
        if let Some(c) = &coin {
            check_coin("asset", c)?;
        }
        let mut out = Vec::new();
        for category in [EarnCategory::FlexibleSaving, EarnCategory::OnChain] {
            let account = self.account_for(&category);
            let mut request = GetProducts::new(category);
            request.coin = coin.clone();
            out.extend(self.client.send(&request).await?.list.iter().map(|p| easy_terms(p, &account)));
        }
        let mut fixed = GetFixedProducts::new();
        fixed.coin = coin;
        let account = self.fixed_account();
        out.extend(self.client.send(&fixed).await?.list.iter().map(|p| fixed_terms(p, &account)));
        out.retain(|p| filter.matches_asset(&p.asset));
        Ok(out)
    }

    /// One Easy Earn product, read from Bybit's list.
    pub(super) async fn easy_product(&self, category: &EarnCategory, product_id: &str) -> Result<EarnProduct> {
        let list = self.client.send(&GetProducts::new(category.clone())).await?.list;
        list.into_iter()
            .find(|p| p.product_id == product_id)
            .ok_or_else(|| Error::invalid_input("product", format!("Bybit has no {category} product {product_id}")))
    }

    /// One Fixed Saving product, read from Bybit's list.
    pub(super) async fn fixed_product(&self, category: &FixedCategory, product_id: &str) -> Result<FixedProduct> {
        let list = self.client.send(&GetFixedProducts::new()).await?.list;
        list.into_iter()
            .find(|p| p.product_id == product_id && p.category == *category)
            .ok_or_else(|| Error::invalid_input("product", format!("Bybit has no {category} product {product_id}")))
    }
}

/// The redemption delay of a liquid Easy Earn product: FlexibleSaving 0 to 48 h, OnChain
/// `redeemProcessingMinute`; `None` for a fixed-term one (it is locked, see [`easy_terms`]).
pub(super) fn easy_delay(p: &EarnProduct) -> Option<RedemptionDelay> {
    if p.is_fixed_term() {
        return None;
    }
    match p.category {
        EarnCategory::FlexibleSaving => Some(RedemptionDelay { min: Duration::ZERO, max: FLEXIBLE_MAX_DELAY }),
        _ => p
            .redeem_processing_minute
            .and_then(|m| u64::try_from(m).ok())
            .map(|m| RedemptionDelay::fixed(Duration::from_secs(m * 60))),
    }
}

/// An Easy Earn product's terms, from its own fields (never its name): FlexibleSaving is
/// flexible; OnChain `duration=Fixed` is locked for `term` days (a zero term when Bybit
/// omits it: still locked, never flexible) and not redeemable before maturity; other
/// OnChain products are on-chain and liquid after their delay. The APR is `estimateApr`
/// (Bybit gives no APY here). `account` is the account the category's orders use: stakes
/// draw on it; FlexibleSaving pays back to it, OnChain to `FUND`.
pub(super) fn easy_terms(p: &EarnProduct, account: &AccountType) -> Product {
    let kind = match p.category {
        EarnCategory::FlexibleSaving => ProductKind::Flexible,
        _ if p.is_fixed_term() => ProductKind::Locked { term: p.term_duration().unwrap_or_default() },
        _ => ProductKind::OnChain,
    };
    let mut out = Product::new(VENUE, easy_id(&p.category, &p.product_id), p.coin.as_str().into(), kind);
    let mut name = format!("Bybit {} {}", p.category, p.coin);
    if p.is_fixed_term() {
        name.push_str(&format!(" fixed {} days", p.term.unwrap_or(0)));
    }
    if p.is_lst() {
        name.push_str(&format!(" (LST {})", p.swap_coin.as_deref().unwrap_or_default()));
    }
    out.name = Some(name);
    out.apr = p.estimate_apr.as_ref().and_then(|a| a.rate());
    out.rules = p.stake_rules();
    out.redemption_delay = easy_delay(p);
    out.redemption_allowed = !p.is_fixed_term();
    out.status = match p.status {
        ProductStatusText::Available => ProductStatus::Available,
        _ => ProductStatus::Suspended,
    };
    out.draws_from = Some(account_id(account));
    out.pays_to = Some(account_id(if p.category == EarnCategory::OnChain { &AccountType::Fund } else { account }));
    out
}

/// A Fixed Saving product's terms: locked for its exact term (`"8h"` is 8 hours), not
/// redeemable through the adapter; its APY (Bybit publishes no APR here); stakes draw on
/// `account`; FundPool pays back to `FUND`.
pub(super) fn fixed_terms(p: &FixedProduct, account: &AccountType) -> Product {
    let kind = ProductKind::Locked { term: p.term().unwrap_or_default() };
    let mut out = Product::new(VENUE, fixed_id(&p.category, &p.product_id), p.coin.as_str().into(), kind);
    out.name = Some(format!("Bybit {} {} {}", p.category, p.coin, p.duration.as_deref().unwrap_or_default()));
    // Bybit publishes an APY here (`interestCoinApyList[].apy`), never an APR.
    let apy = p.interest_coin_apy_list.iter().find(|a| a.coin.as_deref() == Some(p.coin.as_str()));
    out.apy = apy.or(p.interest_coin_apy_list.first()).and_then(|a| a.apy.as_ref()).and_then(|a| a.rate());
    out.rules = p.stake_rules();
    // Settles at maturity; early redemption (FundPool) is on the typed client only.
    out.redemption_allowed = false;
    out.status = match p.status {
        Some(FixedProductStatus::Available) => ProductStatus::Available,
        Some(FixedProductStatus::SoldOut) => ProductStatus::SoldOut,
        _ => ProductStatus::Suspended,
    };
    out.draws_from = Some(account_id(account));
    out.pays_to = fixed_pays_to(&p.category).as_ref().map(account_id);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An intent naming `BYUSDT` (the product the adapter reports on BYUSDT orders) matches
    /// its own order; before, it parsed the order's product as `<category>:<id>`, failed, and
    /// left the write "still unknown" forever.
    #[test]
    fn a_bare_product_matches_orders_of_that_product_only() {
        let named = |p: &str| NamedProduct::from_intent(Some(&ProductId::new(p))).unwrap();
        assert!(named("BYUSDT").matches(&ProductId::new("BYUSDT")));
        assert!(!named("BYUSDT").matches(&ProductId::new("FlexibleSaving:428")));
        assert!(named("428").matches(&ProductId::new("FlexibleSaving:428")));
        assert!(!named("428").matches(&ProductId::new("OnChain:501")));
        assert!(!named("428").matches(&ProductId::new("BYUSDT")));
        assert!(named("FlexibleSaving:428").matches(&ProductId::new("FlexibleSaving:428")));
        assert!(NamedProduct::Unnamed.matches(&ProductId::new("BYUSDT")));
    }
}
