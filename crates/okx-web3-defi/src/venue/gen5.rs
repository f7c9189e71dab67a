//! The adapter on the v5 API.

use std::collections::{BTreeMap, BTreeSet};

use earn_core::{
    Amount, AmountRules, ErrorKind, OrderSide, Position, Product, ProductFilter, ProductId, ProductKind, ProductStatus,
    Quantity, RedeemRequest, RedemptionEstimate, Result, StakeRequest, TransactionPlan, TransactionPurpose,
};

use super::plan::{Built, gas_units, investment_id, missing, plan};
use super::{OkxWeb3DefiVenue, asset_of, unavailable};
use crate::v5::{
    AssetDetailRequest, AuthorizationRequest, AuthorizationType, BalanceListRequest, InvestTransactionRequest,
    PlatformListRequest, ProductDetailRequest, ProductInfo, ProductListRequest, RedeemInfo, RedeemInfoRequest,
    SubscribeInfoRequest, TokenAmountRequest, UnstakeListRequest, endpoints as ep,
};
use crate::{ChainId, HumanAmount, InvestmentId, TokenInfo, VENUE, WalletOnChainV5};

fn symbols(p: &ProductInfo) -> impl Iterator<Item = &str> {
    p.underlying_token.iter().flatten().filter_map(|t| t.token_symbol.as_deref())
}

pub(super) async fn products(v: &OkxWeb3DefiVenue, filter: &ProductFilter) -> Result<Vec<Product>> {
    let api = v.client.v5();
    let mut found: BTreeMap<String, ProductInfo> = BTreeMap::new();
    for network in &v.options.v5_networks {
        for kind in &v.options.v5_kinds {
            let list =
                api.product_list(&ProductListRequest::new(kind.clone(), network.clone(), v.options.v5_limit)).await?;
            for p in list.investments.unwrap_or_default() {
                let fits = p.chain_id.as_ref().is_some_and(|c| v.wallet.fits_chain(c));
                if fits
                    && filter.matches_asset(&asset_of(symbols(&p)))
                    && let Some(id) = &p.investment_id
                {
                    found.entry(id.as_str().to_owned()).or_insert(p);
                }
            }
        }
    }
    // Decimals per token come from the balance list, one call per chain.
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
        let req = BalanceListRequest {
            chain_id: chain.clone(),
            address: v.wallet.to_string(),
            token_address_list: tokens.into_iter().collect(),
        };
        for row in api.balance_list(&req).await? {
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
                Product::new(VENUE, ProductId::new(id.as_str()), asset_of(symbols(&p)), ProductKind::DeFi);
            product.name = Some(
                [p.platform_name.as_deref(), p.investment_name.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" "),
            );
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

/// The product's chain and its single underlying token.
struct Target {
    id: InvestmentId,
    chain: ChainId,
    token: String,
}

async fn target(v: &OkxWeb3DefiVenue, product: &ProductId, for_stake: bool) -> Result<Target> {
    let id = investment_id(product)?;
    let detail = v.client.v5().product_detail(&ProductDetailRequest::new(id.clone())).await?;
    let chain = detail.chain_id.clone().ok_or_else(|| missing("chainId in the product detail"))?;
    v.ensure_chain(&chain)?;
    if for_stake && detail.is_investable.is_some_and(|i| !i.get()) {
        return Err(unavailable("isInvestable", format!("product {id} is not investable now")));
    }
    let tokens = detail.underlying_token.unwrap_or_default();
    let [token] = tokens.as_slice() else {
        return Err(earn_core::Error::invalid_input(
            "product",
            format!(
                "product {id} has {} underlying tokens; use the typed client for multi-token products",
                tokens.len()
            ),
        ));
    };
    let token = token.token_contract.clone().ok_or_else(|| missing("the underlying token address"))?;
    Ok(Target { id, chain, token })
}

fn check_precision(rows: &[&TokenInfo], token: &str, amount: &HumanAmount, field: &str) -> Result<()> {
    let row = rows.iter().find(|r| r.token_address.as_deref().is_some_and(|a| a.eq_ignore_ascii_case(token)));
    match row.or(rows.first()).map(|r| r.decimals()) {
        Some(Ok(d)) => amount.check_precision(field, d).map(|_| ()),
        _ => Ok(()),
    }
}

fn outputs(rows: &[TokenInfo]) -> Result<Vec<TokenAmountRequest>> {
    rows.iter().map(TokenAmountRequest::from_row).collect()
}

pub(super) async fn stake(v: &OkxWeb3DefiVenue, req: &StakeRequest) -> Result<TransactionPlan> {
    let t = target(v, &req.product, true).await?;
    let amount = HumanAmount::from_amount(req.amount);
    let api = v.client.v5();
    let mut info_req = SubscribeInfoRequest::new(t.id.clone(), t.token.clone(), amount.clone());
    info_req.address = Some(v.wallet.to_string());
    info_req.is_single = Some(true);
    info_req.slippage = v.options.slippage.clone();
    let info = api.subscribe_info(&info_req).await?;
    if info.is_allow_subscribe.is_some_and(|a| !a.get()) {
        return Err(unavailable("isAllowSubscribe", format!("product {} does not allow subscribing now", t.id)));
    }
    let invest_rows: Vec<&TokenInfo> = info.invest_with_token_list.iter().flatten().collect();
    check_precision(&invest_rows, &t.token, &amount, "amount")?;
    let input = vec![TokenAmountRequest::new(t.chain.clone(), t.token.clone(), amount)];
    let mut built = Vec::new();
    if info.approve_status_list.iter().flatten().any(|a| a.is_need_approve == Some(true)) {
        let auth = AuthorizationRequest {
            address: v.wallet.to_string(),
            investment_id: t.id.clone(),
            kind: AuthorizationType::Subscribe,
            user_input_list: input.clone(),
            expect_output_list: None,
        };
        let calls = api.authorization(&auth).await?.data_list;
        built.push(Built { calls, default_purpose: TransactionPurpose::Approve, endpoint: ep::AUTHORIZATION.path });
    }
    let receive = info.receive_token_info.as_ref().map(|r| r.as_slice().to_vec()).unwrap_or_default();
    let sub = InvestTransactionRequest::new(v.wallet.to_string(), t.id.clone(), input, outputs(&receive)?);
    let calls = api.subscription(&sub).await?.data_list;
    built.push(Built { calls, default_purpose: TransactionPurpose::Deposit, endpoint: ep::SUBSCRIPTION.path });
    let gas = gas_units(info.estimate_gas_fee.as_ref());
    plan(&v.wallet, &t.chain, &req.product, OrderSide::Stake, req.amount, gas, built)
}

async fn redeem_info(v: &OkxWeb3DefiVenue, t: &Target, amount: &HumanAmount) -> Result<RedeemInfo> {
    let mut r = RedeemInfoRequest::new(t.id.clone(), t.token.clone(), amount.clone());
    r.address = Some(v.wallet.to_string());
    r.is_single = Some(true);
    r.slippage = v.options.slippage.clone();
    let info = v.client.v5().redeem_info(&r).await?;
    let rows: Vec<&TokenInfo> = info.my_supply.iter().chain(info.receive_token_list.iter().flatten()).collect();
    check_precision(&rows, &t.token, amount, "amount")?;
    Ok(info)
}

pub(super) async fn redemption_estimate(v: &OkxWeb3DefiVenue, req: &RedeemRequest) -> Result<RedemptionEstimate> {
    let t = target(v, &req.product, false).await?;
    let info = redeem_info(v, &t, &HumanAmount::from_amount(req.amount)).await?;
    let receive =
        info.receive_token_list.iter().flatten().map(TokenInfo::to_asset_quantity).collect::<Result<Vec<_>>>()?;
    let allowed = info.is_allow_redeem.is_some_and(|a| a.get());
    let mut estimate = RedemptionEstimate::new(req.product.clone(), req.amount, allowed, receive);
    estimate.gas_limit = gas_units(info.estimate_gas_fee.as_ref());
    Ok(estimate)
}

pub(super) async fn redeem(v: &OkxWeb3DefiVenue, req: &RedeemRequest) -> Result<TransactionPlan> {
    let t = target(v, &req.product, false).await?;
    let amount = HumanAmount::from_amount(req.amount);
    let info = redeem_info(v, &t, &amount).await?;
    if info.is_allow_redeem.is_some_and(|a| !a.get()) {
        return Err(unavailable("isAllowRedeem", format!("product {} does not allow redeeming now", t.id)));
    }
    let api = v.client.v5();
    let swap_from = info.swap_from_token_list.clone().unwrap_or_default();
    let input = if swap_from.is_empty() {
        vec![TokenAmountRequest::new(t.chain.clone(), t.token.clone(), amount)]
    } else {
        outputs(&swap_from)?
    };
    let mut built = Vec::new();
    if info.approve_status_list.iter().flatten().any(|a| a.is_need_approve == Some(true)) {
        let auth = AuthorizationRequest {
            address: v.wallet.to_string(),
            investment_id: t.id.clone(),
            kind: AuthorizationType::Redeem,
            user_input_list: input.clone(),
            expect_output_list: None,
        };
        let calls = api.authorization(&auth).await?.data_list;
        built.push(Built { calls, default_purpose: TransactionPurpose::Approve, endpoint: ep::AUTHORIZATION.path });
    }
    let receive = info.receive_token_list.clone().unwrap_or_default();
    let red = InvestTransactionRequest::new(v.wallet.to_string(), t.id.clone(), input, outputs(&receive)?);
    let calls = api.redemption(&red).await?.data_list;
    built.push(Built { calls, default_purpose: TransactionPurpose::Withdraw, endpoint: ep::REDEMPTION.path });
    let gas = gas_units(info.estimate_gas_fee.as_ref());
    plan(&v.wallet, &t.chain, &req.product, OrderSide::Redeem, req.amount, gas, built)
}

pub(super) async fn positions(v: &OkxWeb3DefiVenue) -> Result<Vec<Position>> {
    let api = v.client.v5();
    let wallets: Vec<WalletOnChainV5> = v
        .options
        .chains
        .iter()
        .map(|c| WalletOnChainV5 { chain_id: c.clone(), wallet_address: v.wallet.to_string() })
        .collect();
    let held = api.platform_list(&PlatformListRequest { wallet_address_list: wallets }).await?;
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
        let detail = api.product_detail(&ProductDetailRequest::new(id.clone())).await?;
        let Some(chain) = detail.chain_id else { continue };
        let rows = api.asset_detail(&AssetDetailRequest::new(v.wallet.to_string(), chain, id.clone())).await?;
        let mut mine = Vec::new();
        for item in rows {
            let rewards = item
                .reward_defi_token_info
                .iter()
                .flatten()
                .flat_map(|r| r.base_defi_token_infos.iter().flatten())
                .map(TokenInfo::to_asset_quantity)
                .collect::<Result<Vec<_>>>()?;
            for row in item.assets_token_list.iter().flatten() {
                let q = row.to_asset_quantity()?;
                if q.amount.is_zero() {
                    continue;
                }
                let mut p = Position::new(VENUE, product.id.clone(), q.asset, q.amount);
                p.value_usd = q.value_usd;
                p.rewards = rewards.clone();
                mine.push(p);
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
    let req = UnstakeListRequest { investment_id: id.clone(), user_address: v.wallet.to_string() };
    match v.client.v5().unstake_list(&req).await {
        Ok(list) => Ok(list.coin_amount.and_then(|a| a.to_amount().ok()).filter(|a| !a.is_zero())),
        Err(e) if matches!(e.kind(), ErrorKind::ProductUnavailable | ErrorKind::InvalidInput | ErrorKind::Rejected) => {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}
