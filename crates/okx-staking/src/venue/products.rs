//! `products()`: ETH and SOL staking from product-info, on-chain earn from the offers; the
//! adapter's product ids and the terms of each product.
//!
//! | product id | meaning |
//! |---|---|
//! | `eth`, `sol` | ETH / SOL staking |
//! | `onchain:<productId>` | an on-chain earn offer |

use std::time::Duration;

use earn_core::http::ApiRequest;
use earn_core::{Error, Product, ProductFilter, ProductId, ProductKind, ProductStatus, Rate, RedemptionDelay, Result};

use crate::api::onchain::{GetOffers, Offer, OfferState};
use crate::api::staking::{GetApyHistory, GetProductInfo, StakingCoin, StakingProductInfo};
use crate::api::{amount_rules, check_id};
use crate::client::OkxStakingClient;
use crate::dialect::VENUE;

const DAY: Duration = Duration::from_secs(86_400);

/// Prefix of on-chain earn product and order ids.
pub(crate) const ONCHAIN_PREFIX: &str = "onchain:";

/// The adapter's product id of ETH or SOL staking: `eth` or `sol`.
pub(crate) fn staking_product_id(coin: StakingCoin) -> &'static str {
    coin.as_str()
}

/// `onchain:<productId>`.
pub(crate) fn onchain_product_id(product_id: &str) -> ProductId {
    ProductId::new(format!("{ONCHAIN_PREFIX}{product_id}"))
}

/// Where an adapter product id routes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ProductRoute {
    /// ETH or SOL staking.
    Staking(StakingCoin),
    /// An on-chain earn offer (`productId`).
    Onchain(String),
}

impl ProductRoute {
    /// Parses `eth`, `sol` or `onchain:<productId>` (letters case-insensitive).
    pub(crate) fn parse(id: &str) -> Option<Self> {
        if let Some(p) = id.strip_prefix(ONCHAIN_PREFIX) {
            return (!p.is_empty()).then(|| ProductRoute::Onchain(p.to_owned()));
        }
        StakingCoin::ALL
            .into_iter()
            .find(|c| staking_product_id(*c).eq_ignore_ascii_case(id))
            .map(ProductRoute::Staking)
    }
}

/// Parses an adapter product id, or says which ids exist; an on-chain `productId` must be
/// a well-formed OKX id.
pub(crate) fn route(product: &ProductId) -> Result<ProductRoute> {
    let route = ProductRoute::parse(product.as_str()).ok_or_else(|| {
        Error::invalid_input("product", format!("{product:?} is not `eth`, `sol` or `onchain:<productId>`"))
    })?;
    if let ProductRoute::Onchain(product_id) = &route {
        check_id("product", product_id)?;
    }
    Ok(route)
}

/// Every product matching `filter`: ETH, SOL, then the on-chain earn offers.
pub(crate) async fn products(client: &OkxStakingClient, filter: &ProductFilter) -> Result<Vec<Product>> {
    let mut out = Vec::new();
    for coin in StakingCoin::ALL {
        if filter.matches_asset(&coin.asset().into()) {
            out.push(staking_product_of(client, coin).await?);
        }
    }
    let mut q = GetOffers::new();
    q.ccy = filter.asset.as_ref().map(|a| a.as_str().to_owned());
    let offers = client.send(&q).await?;
    out.extend(offers.iter().map(onchain_product).filter(|p| filter.matches_asset(&p.asset)));
    Ok(out)
}

/// product-info of `coin`: the first entry, whichever shape OKX answered.
pub(crate) async fn product_info(client: &OkxStakingClient, coin: StakingCoin) -> Result<StakingProductInfo> {
    let request = GetProductInfo::new(coin);
    let answer = client.send(&request).await?;
    answer
        .into_vec()
        .into_iter()
        .next()
        .ok_or_else(|| Error::decode(VENUE, request.endpoint().path, "`data` is empty", b"[]"))
}

/// ETH or SOL staking as a product; the APR from product-info, else yesterday's APY.
async fn staking_product_of(client: &OkxStakingClient, coin: StakingCoin) -> Result<Product> {
    let info = product_info(client, coin).await?;
    let apr = match info.rate_as_percent() {
        Some(r) => Some(r),
        None => client.send(&GetApyHistory::new(coin, 1)).await?.first().and_then(|p| p.rate),
    };
    Ok(staking_product(coin, &info, apr))
}

/// ETH or SOL staking as a product.
pub(crate) fn staking_product(coin: StakingCoin, info: &StakingProductInfo, apr: Option<Rate>) -> Product {
    let mut p = Product::new(VENUE, staking_product_id(coin).into(), coin.asset().into(), ProductKind::OnChain);
    p.name = Some(format!("{} staking ({})", coin.asset(), coin.token()));
    p.apr = apr;
    p.rules = amount_rules(info.min_amt, None);
    p.redemption_delay = staking_delay(info);
    p
}

/// The standard ETH/SOL redemption period: product-info's `redemptDays`.
pub(crate) fn staking_delay(info: &StakingProductInfo) -> Option<RedemptionDelay> {
    info.redempt_days.map(|d| RedemptionDelay::fixed(DAY * d))
}

/// An on-chain earn offer as a product (`onchain:<productId>`).
///
/// Rules come from the `investData` entry of the offer's currency; a `maxAmt` of `0` is read
/// as "no published maximum" (OKX rejects over-limit purchases with `51728` itself).
pub(crate) fn onchain_product(offer: &Offer) -> Product {
    let term = offer.term.unwrap_or(0);
    let kind = if term > 0 { ProductKind::locked_days(u64::from(term)) } else { ProductKind::OnChain };
    let mut p = Product::new(VENUE, onchain_product_id(&offer.product_id), offer.ccy.as_str().into(), kind);
    p.name = (!offer.protocol.is_empty()).then(|| offer.protocol.clone());
    p.apr = offer.apy;
    let invest =
        offer.invest_data.iter().find(|d| d.ccy.eq_ignore_ascii_case(&offer.ccy)).or(offer.invest_data.first());
    p.rules = amount_rules(invest.and_then(|d| d.min_amt), invest.and_then(|d| d.max_amt).filter(|m| !m.is_zero()));
    p.redemption_delay = redeem_period(&offer.redeem_period);
    p.redemption_allowed = term == 0 || offer.early_redeem == Some(true);
    p.status = match &offer.state {
        Some(OfferState::Purchasable) => ProductStatus::Available,
        Some(OfferState::SoldOut) => ProductStatus::SoldOut,
        _ => ProductStatus::Suspended,
    };
    p
}

/// `["1H","24H"]` → 1 h to 24 h; `["14D","14D"]` → 14 days.
pub(crate) fn redeem_period(period: &[String]) -> Option<RedemptionDelay> {
    let parse = |s: &String| -> Option<Duration> {
        let (n, unit) = s.split_at(s.len().checked_sub(1)?);
        let n: u32 = n.parse().ok()?;
        match unit {
            "H" | "h" => Some(Duration::from_secs(3600) * n),
            "D" | "d" => Some(DAY * n),
            _ => None,
        }
    };
    match period {
        [min, max] => Some(RedemptionDelay { min: parse(min)?, max: parse(max)? }),
        [one] => parse(one).map(RedemptionDelay::fixed),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redeem_periods() {
        let p = redeem_period(&["1H".into(), "24H".into()]).unwrap();
        assert_eq!(p.min, Duration::from_secs(3600));
        assert_eq!(p.max, DAY);
        assert_eq!(redeem_period(&["14D".into(), "14D".into()]).unwrap(), RedemptionDelay::fixed(DAY * 14));
        assert_eq!(redeem_period(&["x".into(), "1D".into()]), None);
        assert_eq!(redeem_period(&[]), None);
    }

    #[test]
    fn product_ids_route() {
        assert_eq!(ProductRoute::parse("onchain:101"), Some(ProductRoute::Onchain("101".into())));
        assert_eq!(ProductRoute::parse("ETH"), Some(ProductRoute::Staking(StakingCoin::Eth)));
        assert_eq!(ProductRoute::parse("onchain:"), None);
        assert_eq!(ProductRoute::parse("btc"), None);
        assert!(route(&ProductId::new("onchain:1&x=2")).is_err());
    }
}
