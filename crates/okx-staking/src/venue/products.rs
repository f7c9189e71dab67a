//! `products()`: ETH and SOL staking from product-info, on-chain earn from the offers,
//! Simple Earn Flexible from the public lending rates; the adapter's product ids and the
//! terms of each product.
//!
//! | product id | meaning |
//! |---|---|
//! | `eth`, `sol` | ETH / SOL staking |
//! | `onchain:<productId>` | an on-chain earn offer |
//! | `savings:<CCY>` | Simple Earn Flexible (savings) of a currency |
//!
//! Terms are never filled one from another: OKX publishes an **APY** for ETH/SOL staking
//! (product-info `rate`, else the latest apy-history point) and for on-chain earn (offer
//! `apy`), and a simple annual **lending rate** (an APR) for savings; the other field stays
//! empty. Every product draws on and pays back to the `funding` account (reference §2). A
//! fixed-term on-chain offer is `Locked { term }` with its exact term, and is not
//! redeemable as a product: an order is redeemable once it has matured.

use std::time::Duration;

use earn_core::http::ApiRequest;
use earn_core::{
    Error, Product, ProductFilter, ProductId, ProductKind, ProductStatus, Rate, RedemptionDelay, Result, UnixMillis,
};

use super::accounts::funding;
use crate::api::onchain::{GetOffers, Offer, OfferState};
use crate::api::savings::{GetLendingRateHistory, LendingRatePoint};
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

/// Prefix of Simple Earn Flexible product and order ids.
pub(crate) const SAVINGS_PREFIX: &str = "savings:";

/// `onchain:<productId>`.
pub(crate) fn onchain_product_id(product_id: &str) -> ProductId {
    ProductId::new(format!("{ONCHAIN_PREFIX}{product_id}"))
}

/// `savings:<CCY>` (the currency in upper case, as OKX writes it).
pub(crate) fn savings_product_id(ccy: &str) -> ProductId {
    ProductId::new(format!("{SAVINGS_PREFIX}{}", ccy.to_ascii_uppercase()))
}

/// Where an adapter product id routes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ProductRoute {
    /// ETH or SOL staking.
    Staking(StakingCoin),
    /// An on-chain earn offer (`productId`).
    Onchain(String),
    /// Simple Earn Flexible of a currency (upper case).
    Savings(String),
}

impl ProductRoute {
    /// Parses `eth`, `sol`, `onchain:<productId>` or `savings:<CCY>` (`eth`, `sol` and the
    /// currency case-insensitive).
    pub(crate) fn parse(id: &str) -> Option<Self> {
        if let Some(p) = id.strip_prefix(ONCHAIN_PREFIX) {
            return (!p.is_empty()).then(|| ProductRoute::Onchain(p.to_owned()));
        }
        if let Some(ccy) = id.strip_prefix(SAVINGS_PREFIX) {
            return (!ccy.is_empty()).then(|| ProductRoute::Savings(ccy.to_ascii_uppercase()));
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
        Error::invalid_input(
            "product",
            format!("{product:?} is not `eth`, `sol`, `onchain:<productId>` or `savings:<currency>`"),
        )
    })?;
    match &route {
        ProductRoute::Onchain(id) | ProductRoute::Savings(id) => check_id("product", id)?,
        ProductRoute::Staking(_) => {}
    }
    Ok(route)
}

/// Every product matching `filter`: ETH, SOL, the on-chain earn offers, then savings.
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
    out.extend(savings_products(client, filter).await?);
    Ok(out)
}

/// Simple Earn Flexible: one product per currency with a public lending rate. Without an
/// asset filter one call answers every currency of the latest hour; with one, that
/// currency's latest point.
async fn savings_products(client: &OkxStakingClient, filter: &ProductFilter) -> Result<Vec<Product>> {
    let q = match &filter.asset {
        Some(asset) => GetLendingRateHistory::new().ccy(asset.as_str().to_ascii_uppercase()).limit(1),
        None => GetLendingRateHistory::new(),
    };
    let points = client.send(&q).await?;
    let mut latest: Vec<&LendingRatePoint> = Vec::new();
    for p in points.iter().filter(|p| !p.ccy.is_empty() && check_id("ccy", &p.ccy).is_ok()) {
        match latest.iter_mut().find(|l| l.ccy.eq_ignore_ascii_case(&p.ccy)) {
            Some(l) if l.ts.unwrap_or(UnixMillis(i64::MIN)) < p.ts.unwrap_or(UnixMillis(i64::MIN)) => *l = p,
            Some(_) => {}
            None => latest.push(p),
        }
    }
    Ok(latest.into_iter().map(savings_product).filter(|p| filter.matches_asset(&p.asset)).collect())
}

/// Simple Earn Flexible of one currency as a product: flexible, no published minimum,
/// redemption delay or quota; the APR is the latest annual **lending** rate (`lendingRate`),
/// never the `rate` field the docs call a borrowing rate in English and a lending rate in
/// Chinese, and never an APY (OKX publishes none for savings).
pub(crate) fn savings_product(point: &LendingRatePoint) -> Product {
    let ccy = point.ccy.to_ascii_uppercase();
    let mut p = Product::new(VENUE, savings_product_id(&ccy), ccy.as_str().into(), ProductKind::Flexible);
    p.name = Some(format!("Simple Earn Flexible {ccy}"));
    p.apr = point.lending_rate;
    p.rules = amount_rules(None, None);
    p.draws_from = Some(funding());
    p.pays_to = Some(funding());
    p
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

/// ETH or SOL staking as a product; the APY from product-info, else the latest daily APY.
async fn staking_product_of(client: &OkxStakingClient, coin: StakingCoin) -> Result<Product> {
    let info = product_info(client, coin).await?;
    let apy = match info.rate_as_percent() {
        Some(r) => Some(r),
        None => client.send(&GetApyHistory::new(coin, 1)).await?.first().and_then(|p| p.rate),
    };
    Ok(staking_product(coin, &info, apy))
}

/// ETH or SOL staking as a product: OKX publishes an APY (no APR), a minimum, the standard
/// redemption period; funding in, funding out.
pub(crate) fn staking_product(coin: StakingCoin, info: &StakingProductInfo, apy: Option<Rate>) -> Product {
    let mut p = Product::new(VENUE, staking_product_id(coin).into(), coin.asset().into(), ProductKind::OnChain);
    p.name = Some(format!("{} staking ({})", coin.asset(), coin.token()));
    p.apy = apy;
    p.rules = amount_rules(info.min_amt, None);
    p.redemption_delay = staking_delay(info);
    p.draws_from = Some(funding());
    p.pays_to = Some(funding());
    p
}

/// The standard ETH/SOL redemption period: product-info's `redemptDays`.
pub(crate) fn staking_delay(info: &StakingProductInfo) -> Option<RedemptionDelay> {
    info.redempt_days.map(|d| RedemptionDelay::fixed(DAY * d))
}

/// An on-chain earn offer as a product (`onchain:<productId>`).
///
/// Rules come from the `investData` entry of the offer's currency; a `maxAmt` of `0` is read
/// as "no published maximum" (OKX rejects over-limit purchases with `51728` itself), and a
/// published one is also the product's quota of what this user can still subscribe. A
/// fixed `term` (days) makes it `Locked` for exactly that term, and not redeemable as a
/// product: this adapter never redeems an order before its maturity (it never sends
/// `allowEarlyRedeem`), whatever the offer's `earlyRedeem` says.
pub(crate) fn onchain_product(offer: &Offer) -> Product {
    let term = offer.term.unwrap_or(0);
    let kind = if term > 0 { ProductKind::locked_days(u64::from(term)) } else { ProductKind::OnChain };
    let mut p = Product::new(VENUE, onchain_product_id(&offer.product_id), offer.ccy.as_str().into(), kind);
    p.name = (!offer.protocol.is_empty()).then(|| offer.protocol.clone());
    p.apy = offer.apy;
    let invest =
        offer.invest_data.iter().find(|d| d.ccy.eq_ignore_ascii_case(&offer.ccy)).or(offer.invest_data.first());
    let max = invest.and_then(|d| d.max_amt).filter(|m| !m.is_zero());
    p.rules = amount_rules(invest.and_then(|d| d.min_amt), max);
    p.quota.user_remaining = max;
    p.redemption_delay = redeem_period(&offer.redeem_period);
    p.redemption_allowed = term == 0;
    p.draws_from = Some(funding());
    p.pays_to = Some(funding());
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
        assert_eq!(ProductRoute::parse("savings:usdt"), Some(ProductRoute::Savings("USDT".into())));
        assert_eq!(ProductRoute::parse("savings:"), None);
        assert!(route(&ProductId::new("savings:US DT")).is_err());
        assert_eq!(savings_product_id("usdc").as_str(), "savings:USDC");
    }

    #[test]
    fn terms_are_never_filled_one_from_another() {
        let info = StakingProductInfo::default();
        let eth = staking_product(StakingCoin::Eth, &info, Rate::parse_fraction("0.03").ok());
        assert_eq!((eth.apr, eth.apy), (None, Rate::parse_fraction("0.03").ok()));
        let point: LendingRatePoint =
            serde_json::from_str(r#"{"ccy":"usdt","rate":"0.05","lendingRate":"0.04","ts":"1"}"#).unwrap();
        let s = savings_product(&point);
        assert_eq!((s.apr, s.apy, s.kind), (Rate::parse_fraction("0.04").ok(), None, ProductKind::Flexible));
        assert_eq!(
            (s.draws_from.as_ref().unwrap().as_str(), s.pays_to.as_ref().unwrap().as_str()),
            ("funding", "funding")
        );
        let old: LendingRatePoint = serde_json::from_str(r#"{"ccy":"USDT","rate":"0.05","ts":"1"}"#).unwrap();
        assert_eq!(savings_product(&old).apr, None, "`rate` is not the lending rate");
    }
}
