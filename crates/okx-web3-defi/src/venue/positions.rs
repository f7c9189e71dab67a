//! `positions()`: what the wallet holds, on both generations.

use std::collections::BTreeSet;

use earn_core::{Amount, AssetQuantity, ErrorKind, Position, ProductFilter, ProductId, Quantity, Result};

use super::products::{investment_id, products};
use super::{ApiGeneration, OkxWeb3DefiVenue};
use crate::api::common::TokenInfo;
use crate::api::holdings::{InvestTokenBalance, WalletOnChainV5, WalletOnChainV6};
use crate::api::types::InvestmentId;
use crate::api::v5_explore::GetProductDetail;
use crate::api::{v5_user, v6_user};
use crate::dialect::VENUE;

pub(super) async fn positions(v: &OkxWeb3DefiVenue) -> Result<Vec<Position>> {
    match v.generation {
        ApiGeneration::V5 => v5_positions(v).await,
        ApiGeneration::V6 => v6_positions(v).await,
    }
}

/// The rewards of a position row, in exact quantities.
fn rewards(item: &InvestTokenBalance) -> Result<Vec<AssetQuantity>> {
    item.reward_defi_token_info
        .iter()
        .flatten()
        .flat_map(|r| r.base_defi_token_infos.iter().flatten())
        .map(TokenInfo::to_asset_quantity)
        .collect()
}

/// v5: the platforms the wallet holds (platform list), then, for each listed product of
/// those platforms, the wallet's asset detail and its pending unstake applications.
async fn v5_positions(v: &OkxWeb3DefiVenue) -> Result<Vec<Position>> {
    let wallets: Vec<WalletOnChainV5> = v
        .options
        .chains
        .iter()
        .map(|c| WalletOnChainV5 { chain_id: c.clone(), wallet_address: v.wallet.to_string() })
        .collect();
    let held = v.client.send(&v5_user::GetPlatforms { wallet_address_list: wallets }).await?;
    let platforms: BTreeSet<String> = held
        .wallet_id_platform_list
        .iter()
        .flatten()
        .flat_map(|w| w.platform_list.iter().flatten())
        .filter_map(|p| p.platform_name.clone())
        .collect();
    if platforms.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for product in products(v, &ProductFilter::all()).await? {
        let Some(info) = product.name.as_deref() else { continue };
        if !platforms.iter().any(|p| info.starts_with(p.as_str())) {
            continue;
        }
        let id = investment_id(&product.id)?;
        let detail = v.client.send(&GetProductDetail::new(id.clone())).await?;
        let Some(chain) = detail.chain_id else { continue };
        let rows = v.client.send(&v5_user::GetAssetDetail::new(v.wallet.to_string(), chain, id.clone())).await?;
        let mut mine = Vec::new();
        for item in rows {
            let rewards = rewards(&item)?;
            for row in item.assets_token_list.iter().flatten() {
                push_row(&mut mine, &product.id, row, &rewards)?;
            }
        }
        if let Some(pending) = pending_unstake(v, &id).await? {
            match mine.first_mut() {
                Some(p) => p.pending_redemption = Some(pending),
                None => {
                    let mut p =
                        Position::new(VENUE, product.id.clone(), product.asset.clone(), Quantity::Decimal(pending));
                    p.pending_redemption = Some(pending);
                    mine.push(p);
                }
            }
        }
        out.extend(mine);
    }
    Ok(out)
}

/// Redemption applications not yet claimed (protocols with an unstake queue); `None` when
/// the product has none or the venue does not track it.
async fn pending_unstake(v: &OkxWeb3DefiVenue, id: &InvestmentId) -> Result<Option<Amount>> {
    let req = v5_user::GetUnstakeList { investment_id: id.clone(), user_address: v.wallet.to_string() };
    match v.client.send(&req).await {
        Ok(list) => Ok(list.coin_amount.and_then(|a| a.to_amount().ok()).filter(|a| !a.is_zero())),
        Err(e) if matches!(e.kind(), ErrorKind::ProductUnavailable | ErrorKind::InvalidInput | ErrorKind::Rejected) => {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// v6: the platforms the wallet holds (platform list), then one platform-detail call for
/// all of them on the wallet's chains.
async fn v6_positions(v: &OkxWeb3DefiVenue) -> Result<Vec<Position>> {
    let wallets: Vec<WalletOnChainV6> = v
        .options
        .chains
        .iter()
        .map(|c| WalletOnChainV6 { chain_index: c.clone(), wallet_address: v.wallet.to_string(), pub_key: None })
        .collect();
    let held = v.client.send(&v6_user::GetPlatforms { wallet_address_list: wallets.clone(), tag: None }).await?;
    let mut platforms = Vec::new();
    for p in held.wallet_id_platform_list.iter().flatten().flat_map(|w| w.platform_list.iter().flatten()) {
        let Some(pid) = &p.analysis_platform_id else { continue };
        for n in p.network_balance_list.iter().chain(p.network_balance_vo_list.iter()).flatten() {
            if let Some(c) = n.chain_index.as_ref().or(n.chain_id.as_ref()).filter(|c| v.wallet.fits_chain(c)) {
                let entry = v6_user::PlatformOnChain { chain_index: c.clone(), analysis_platform_id: pid.clone() };
                if !platforms.contains(&entry) {
                    platforms.push(entry);
                }
            }
        }
    }
    if platforms.is_empty() {
        return Ok(Vec::new());
    }
    let req = v6_user::GetPlatformDetail { wallet_address_list: wallets, platform_list: platforms };
    let details = v.client.send(&req).await?;
    let mut out = Vec::new();
    let holds = details
        .iter()
        .flat_map(|d| d.wallet_id_platform_detail_list.iter().flatten())
        .flat_map(|w| w.network_hold_vo_list.iter().flatten());
    for hold in holds {
        for item in hold.invest_token_balance_vo_list.iter().flatten() {
            let Some(id) = &item.investment_id else { continue };
            let rewards = rewards(item)?;
            let product = ProductId::new(id.as_str());
            for row in item.assets_token_list.iter().flatten() {
                push_row(&mut out, &product, row, &rewards)?;
            }
        }
        // Lending markets: supplied rows are earning positions; borrowed rows are debts, not holdings.
        for market in hold.invest_market_token_balance_vo_list.iter().flatten() {
            for row in market.asset_map.iter().flat_map(|m| m.supply.iter().flatten()) {
                if let Some(id) = &row.investment_id {
                    push_row(&mut out, &ProductId::new(id.as_str()), row, &[])?;
                }
            }
        }
    }
    Ok(out)
}

/// One held token row as a position (zero rows are skipped).
fn push_row(out: &mut Vec<Position>, product: &ProductId, row: &TokenInfo, rewards: &[AssetQuantity]) -> Result<()> {
    let q = row.to_asset_quantity()?;
    if q.amount.is_zero() {
        return Ok(());
    }
    let mut p = Position::new(VENUE, product.clone(), q.asset, q.amount);
    p.value_usd = q.value_usd;
    p.rewards = rewards.to_vec();
    out.push(p);
    Ok(())
}
