//! `products()`: product discovery on both generations, product-id parsing and product
//! terms (APR, precision, status).

use std::collections::{BTreeMap, BTreeSet};

use earn_core::{AmountRules, Asset, Error, Product, ProductFilter, ProductId, ProductKind, ProductStatus, Result};

use super::{ApiGeneration, OkxWeb3DefiVenue};
use crate::api::types::{ChainId, InvestmentId};
use crate::api::v5_explore::{GetProducts, ProductInfo};
use crate::api::v5_user::GetBalances;
use crate::api::v6_product::{GetProductDetail, ProductDetail, SearchProducts};
use crate::dialect::VENUE;

/// v6 search answers 20 products per page.
const V6_PAGE: u64 = 20;

pub(super) async fn products(v: &OkxWeb3DefiVenue, filter: &ProductFilter) -> Result<Vec<Product>> {
    match v.generation {
        ApiGeneration::V5 => v5_products(v, filter).await,
        ApiGeneration::V6 => v6_products(v, filter).await,
    }
}

/// The product id as the venue's investment id.
pub(super) fn investment_id(product: &ProductId) -> Result<InvestmentId> {
    InvestmentId::parse(product.as_str())
        .map_err(|_| Error::invalid_input("product", format!("{product:?} is not an OKX Web3 investment id (digits)")))
}

/// Asset label of a product: its token symbols joined with `/`.
fn asset_of<'a>(symbols: impl Iterator<Item = &'a str>) -> Asset {
    Asset::new(symbols.collect::<Vec<_>>().join("/"))
}

/// `platform name + product name`, the label both generations show.
fn name(platform: Option<&str>, product: Option<&str>) -> String {
    [platform, product].into_iter().flatten().collect::<Vec<_>>().join(" ")
}

fn v5_symbols(p: &ProductInfo) -> impl Iterator<Item = &str> {
    p.underlying_token.iter().flatten().filter_map(|t| t.token_symbol.as_deref())
}

/// v5: the product list of every configured network and kind, with decimals per token
/// from the wallet's balance list (one call per chain).
async fn v5_products(v: &OkxWeb3DefiVenue, filter: &ProductFilter) -> Result<Vec<Product>> {
    let mut found: BTreeMap<String, ProductInfo> = BTreeMap::new();
    for network in &v.options.v5_networks {
        for kind in &v.options.v5_kinds {
            let list = v.client.send(&GetProducts::new(kind.clone(), network.clone(), v.options.v5_limit)).await?;
            for p in list.investments.unwrap_or_default() {
                let fits = p.chain_id.as_ref().is_some_and(|c| v.wallet.fits_chain(c));
                if fits
                    && filter.matches_asset(&asset_of(v5_symbols(&p)))
                    && let Some(id) = &p.investment_id
                {
                    found.entry(id.as_str().to_owned()).or_insert(p);
                }
            }
        }
    }
    let mut by_chain: BTreeMap<String, (ChainId, BTreeSet<String>)> = BTreeMap::new();
    for p in found.values().filter(|p| p.underlying_token.as_ref().is_some_and(|u| u.len() == 1)) {
        let (Some(chain), Some(token)) = (&p.chain_id, p.underlying_token.iter().flatten().next()) else { continue };
        if let Some(addr) = &token.token_contract {
            let entry = by_chain.entry(chain.to_string()).or_insert_with(|| (chain.clone(), BTreeSet::new()));
            entry.1.insert(addr.clone());
        }
    }
    let mut decimals: BTreeMap<(String, String), u8> = BTreeMap::new();
    for (chain, tokens) in by_chain.into_values() {
        let req = GetBalances {
            chain_id: chain.clone(),
            address: v.wallet.to_string(),
            token_address_list: tokens.into_iter().collect(),
        };
        for row in v.client.send(&req).await? {
            if let (Some(addr), Ok(d)) = (&row.token_address, row.decimals()) {
                decimals.insert((chain.to_string(), addr.to_ascii_lowercase()), d);
            }
        }
    }
    Ok(found
        .into_values()
        .filter_map(|p| {
            let id = p.investment_id.as_ref()?;
            let mut product =
                Product::new(VENUE, ProductId::new(id.as_str()), asset_of(v5_symbols(&p)), ProductKind::DeFi);
            product.name = Some(name(p.platform_name.as_deref(), p.investment_name.as_deref()));
            product.apr = p.rate.as_ref().and_then(|r| r.to_rate().or_else(|_| r.to_rate_rounded()).ok());
            let single =
                p.underlying_token.as_ref().filter(|u| u.len() == 1).and_then(|u| u[0].token_contract.as_ref());
            if let (Some(chain), Some(addr)) = (&p.chain_id, single) {
                let d = decimals.get(&(chain.to_string(), addr.to_ascii_lowercase()));
                product.rules = AmountRules { min: None, max: None, precision: d.map(|d| u32::from(*d)) };
            }
            if p.is_investable.is_some_and(|i| !i.get()) {
                product.status = ProductStatus::Suspended;
            }
            Some(product)
        })
        .collect())
}

/// v6: search by keyword on every configured chain, then the detail of each product found.
async fn v6_products(v: &OkxWeb3DefiVenue, filter: &ProductFilter) -> Result<Vec<Product>> {
    let keywords = match &filter.asset {
        Some(a) => vec![a.as_str().to_owned()],
        None => v.options.v6_keywords.clone(),
    };
    let mut ids: BTreeMap<String, InvestmentId> = BTreeMap::new();
    let chains: Vec<Option<ChainId>> =
        if v.options.chains.is_empty() { vec![None] } else { v.options.chains.iter().cloned().map(Some).collect() };
    for chain in chains {
        for page in 1..=v.options.v6_max_pages {
            let mut req = SearchProducts::tokens(keywords.clone()).page(page);
            req.chain_index = chain.clone();
            let result = v.client.send(&req).await?;
            let list = result.list.unwrap_or_default();
            let seen = list.len();
            for item in list {
                let fits = item.chain_index.as_ref().is_some_and(|c| v.wallet.fits_chain(c));
                if let (true, Some(id)) = (fits, item.investment_id) {
                    ids.entry(id.as_str().to_owned()).or_insert(id);
                }
            }
            let total = result.total.map(|t| t.get()).unwrap_or(0);
            if (seen as u64) < V6_PAGE || u64::from(page) * V6_PAGE >= total {
                break;
            }
        }
    }
    let mut out = Vec::new();
    for id in ids.into_values() {
        let detail = v.client.send(&GetProductDetail::new(id)).await?;
        if let Some(p) = v6_product(&detail).filter(|p| filter.matches_asset(&p.asset)) {
            out.push(p);
        }
    }
    Ok(out)
}

/// A v6 product detail as a [`Product`]: precision from its single token, status and
/// redemption from its flags.
fn v6_product(d: &ProductDetail) -> Option<Product> {
    let id = d.investment_id.as_ref()?;
    let symbols = d.underlying_token.iter().flatten().filter_map(|t| t.token_symbol.as_deref());
    let mut p = Product::new(VENUE, ProductId::new(id.as_str()), asset_of(symbols), ProductKind::DeFi);
    p.name = Some(name(d.platform_name.as_deref(), d.investment_name.as_deref()));
    p.apr = d.rate.as_ref().and_then(|r| r.to_rate().or_else(|_| r.to_rate_rounded()).ok());
    if let [only] = d.underlying_token.as_deref().unwrap_or(&[]) {
        p.rules = AmountRules { min: None, max: None, precision: only.decimals().ok().map(u32::from) };
    }
    p.redemption_allowed = d.is_support_redeem.is_none_or(|r| r.get());
    if d.is_investable.is_some_and(|i| !i.get()) {
        p.status = ProductStatus::Suspended;
    }
    Some(p)
}
