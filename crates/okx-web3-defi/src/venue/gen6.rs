//! The adapter on the v6 API.

use std::collections::BTreeMap;

use earn_core::{
    AmountRules, Error, OrderSide, Position, Product, ProductFilter, ProductId, ProductKind, ProductStatus,
    RedeemRequest, Result, StakeRequest, TransactionPlan, TransactionPurpose,
};

use super::plan::{Built, investment_id, missing, plan};
use super::{OkxWeb3DefiVenue, asset_of, unavailable};
use crate::v6::{
    EnterRequest, ExitRequest, PlatformDetailRequestV6, PlatformListRequestV6, PlatformOnChain, ProductDetail,
    SearchRequest, UserInput, endpoints as ep,
};
use crate::{HumanAmount, InvestmentId, TokenInfo, VENUE, WalletOnChainV6};

fn symbols(d: &ProductDetail) -> impl Iterator<Item = &str> {
    d.underlying_token.iter().flatten().filter_map(|t| t.token_symbol.as_deref())
}

fn to_product(d: &ProductDetail) -> Option<Product> {
    let id = d.investment_id.as_ref()?;
    let mut p = Product::new(VENUE, ProductId::new(id.as_str()), asset_of(symbols(d)), ProductKind::DeFi);
    p.name = Some(
        [d.platform_name.as_deref(), d.investment_name.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" "),
    );
    p.apr = d.rate.as_ref().and_then(|r| r.to_rate().or_else(|_| r.to_rate_rounded()).ok());
    let tokens = d.underlying_token.as_deref().unwrap_or(&[]);
    if let [only] = tokens {
        p.rules = AmountRules { min: None, max: None, precision: only.decimals().ok().map(u32::from) };
    }
    p.redemption_allowed = d.is_support_redeem.is_none_or(|r| r.get());
    if d.is_investable.is_some_and(|i| !i.get()) {
        p.status = ProductStatus::Suspended;
    }
    Some(p)
}

pub(super) async fn products(v: &OkxWeb3DefiVenue, filter: &ProductFilter) -> Result<Vec<Product>> {
    let api = v.client.v6();
    let keywords = match &filter.asset {
        Some(a) => vec![a.as_str().to_owned()],
        None => v.options.v6_keywords.clone(),
    };
    let mut ids: BTreeMap<String, InvestmentId> = BTreeMap::new();
    let chains: Vec<Option<crate::ChainId>> =
        if v.options.chains.is_empty() { vec![None] } else { v.options.chains.iter().cloned().map(Some).collect() };
    for chain in chains {
        for page in 1..=v.options.v6_max_pages {
            let mut req = SearchRequest::tokens(keywords.clone()).page(page);
            req.chain_index = chain.clone();
            let result = api.search(&req).await?;
            let list = result.list.unwrap_or_default();
            let seen = list.len();
            for item in list {
                let fits = item.chain_index.as_ref().is_some_and(|c| v.wallet.fits_chain(c));
                if let (true, Some(id)) = (fits, item.investment_id) {
                    ids.entry(id.as_str().to_owned()).or_insert(id);
                }
            }
            let total = result.total.map(|t| t.get()).unwrap_or(0);
            if seen < 20 || u64::from(page) * 20 >= total {
                break;
            }
        }
    }
    let mut out = Vec::new();
    for id in ids.into_values() {
        let detail = api.detail(&id).await?;
        if let Some(p) = to_product(&detail).filter(|p| filter.matches_asset(&p.asset)) {
            out.push(p);
        }
    }
    Ok(out)
}

/// The product's detail and the single token it takes, with decimals.
struct Target {
    id: InvestmentId,
    detail: ProductDetail,
    token: TokenInfo,
}

async fn target(v: &OkxWeb3DefiVenue, product: &ProductId) -> Result<Target> {
    let id = investment_id(product)?;
    let api = v.client.v6();
    let detail = api.detail(&id).await?;
    let chain = detail.chain_index.clone().ok_or_else(|| missing("chainIndex in the product detail"))?;
    v.ensure_chain(&chain)?;
    let prepare = api.prepare(&id).await?;
    let tokens = prepare.invest_with_token_list.unwrap_or_default();
    let [token] = tokens.as_slice() else {
        return Err(Error::invalid_input(
            "product",
            format!("product {id} takes {} tokens; use the typed client for multi-token products", tokens.len()),
        ));
    };
    Ok(Target { id, detail, token: token.clone() })
}

fn user_input(t: &Target, amount: &HumanAmount) -> Result<UserInput> {
    let decimals = t.token.decimals()?;
    amount.check_precision("amount", decimals)?;
    let chain =
        t.token.chain().or(t.detail.chain_index.as_ref()).cloned().ok_or_else(|| missing("the token's chain"))?;
    Ok(UserInput {
        token_address: t.token.token_address.clone().ok_or_else(|| missing("the token address"))?,
        chain_index: chain,
        coin_amount: amount.clone(),
        token_symbol: t.token.token_symbol.clone(),
        token_precision: Some(decimals),
        token_id: None,
    })
}

pub(super) async fn stake(v: &OkxWeb3DefiVenue, req: &StakeRequest) -> Result<TransactionPlan> {
    let t = target(v, &req.product).await?;
    if t.detail.is_investable.is_some_and(|i| !i.get()) {
        return Err(unavailable("isInvestable", format!("product {} is not investable now", t.id)));
    }
    let input = user_input(&t, &HumanAmount::from_amount(req.amount))?;
    let chain = input.chain_index.clone();
    let enter = EnterRequest {
        investment_id: t.id.clone(),
        address: v.wallet.to_string(),
        user_input_list: vec![input],
        slippage: v.options.slippage.clone(),
        tick_lower: None,
        tick_upper: None,
        token_id: None,
    };
    let calls = v.client.v6().enter(&enter).await?.data_list;
    let built = vec![Built { calls, default_purpose: TransactionPurpose::Deposit, endpoint: ep::ENTER.path }];
    plan(&v.wallet, &chain, &req.product, OrderSide::Stake, req.amount, None, built)
}

pub(super) async fn redeem(v: &OkxWeb3DefiVenue, req: &RedeemRequest) -> Result<TransactionPlan> {
    let t = target(v, &req.product).await?;
    if t.detail.is_support_redeem.is_some_and(|r| !r.get()) {
        return Err(unavailable("isSupportRedeem", format!("product {} does not support redemption", t.id)));
    }
    let input = user_input(&t, &HumanAmount::from_amount(req.amount))?;
    let chain = input.chain_index.clone();
    let exit = ExitRequest {
        investment_id: t.id.clone(),
        address: v.wallet.to_string(),
        redeem_percent: None,
        user_input_list: Some(vec![input]),
        token_id: None,
        slippage: v.options.slippage.clone(),
    };
    let calls = v.client.v6().exit(&exit).await?.data_list;
    let built = vec![Built { calls, default_purpose: TransactionPurpose::Withdraw, endpoint: ep::EXIT.path }];
    plan(&v.wallet, &chain, &req.product, OrderSide::Redeem, req.amount, None, built)
}

pub(super) async fn positions(v: &OkxWeb3DefiVenue) -> Result<Vec<Position>> {
    let api = v.client.v6();
    let wallets: Vec<WalletOnChainV6> = v
        .options
        .chains
        .iter()
        .map(|c| WalletOnChainV6 { chain_index: c.clone(), wallet_address: v.wallet.to_string(), pub_key: None })
        .collect();
    let held = api.platform_list(&PlatformListRequestV6 { wallet_address_list: wallets.clone(), tag: None }).await?;
    let mut platforms = Vec::new();
    for p in held.wallet_id_platform_list.iter().flatten().flat_map(|w| w.platform_list.iter().flatten()) {
        let Some(pid) = &p.analysis_platform_id else { continue };
        for n in p.network_balance_list.iter().chain(p.network_balance_vo_list.iter()).flatten() {
            if let Some(c) = n.chain_index.as_ref().or(n.chain_id.as_ref()).filter(|c| v.wallet.fits_chain(c)) {
                let entry = PlatformOnChain { chain_index: c.clone(), analysis_platform_id: pid.clone() };
                if !platforms.contains(&entry) {
                    platforms.push(entry);
                }
            }
        }
    }
    if platforms.is_empty() {
        return Ok(Vec::new());
    }
    let details = api
        .platform_detail(&PlatformDetailRequestV6 { wallet_address_list: wallets, platform_list: platforms })
        .await?;
    let mut out = Vec::new();
    let holds = details
        .iter()
        .flat_map(|d| d.wallet_id_platform_detail_list.iter().flatten())
        .flat_map(|w| w.network_hold_vo_list.iter().flatten());
    for hold in holds {
        for item in hold.invest_token_balance_vo_list.iter().flatten() {
            let Some(id) = &item.investment_id else { continue };
            let rewards = item
                .reward_defi_token_info
                .iter()
                .flatten()
                .flat_map(|r| r.base_defi_token_infos.iter().flatten())
                .map(TokenInfo::to_asset_quantity)
                .collect::<Result<Vec<_>>>()?;
            for row in item.assets_token_list.iter().flatten() {
                push_row(&mut out, id, row, &rewards)?;
            }
        }
        // Lending markets: supplied rows are earning positions; borrowed rows are debts, not holdings.
        for market in hold.invest_market_token_balance_vo_list.iter().flatten() {
            for row in market.asset_map.iter().flat_map(|m| m.supply.iter().flatten()) {
                if let Some(id) = &row.investment_id {
                    push_row(&mut out, id, row, &[])?;
                }
            }
        }
    }
    Ok(out)
}

fn push_row(
    out: &mut Vec<Position>,
    id: &InvestmentId,
    row: &TokenInfo,
    rewards: &[earn_core::AssetQuantity],
) -> Result<()> {
    let q = row.to_asset_quantity()?;
    if q.amount.is_zero() {
        return Ok(());
    }
    let mut p = Position::new(VENUE, ProductId::new(id.as_str()), q.asset, q.amount);
    p.value_usd = q.value_usd;
    p.rewards = rewards.to_vec();
    out.push(p);
    Ok(())
}
